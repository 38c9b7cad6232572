/**
 * `termaudit models [--json]`: lists the vision models the OpenAI judge knows, with how they count image
 * tokens, their prices and shutdown dates, flagging models that shut down within 90 days (or already did).
 * `--live [--base-url U]` lists what the server offers instead (its list-models endpoint), with each model's
 * shutdown date as the server gives it and the replacement the registry names.
 */
import type { Command } from 'commander';
import { MODELS, daysUntilShutdown, findModel, lifecycleOf, shutdownWarning, type ImageTokenMethod, type ModelInfo, type ServerModelEntry } from '../evaluate/models.js';


/** shutdownNote marks a shutdown within the warning window or past: `  ⚠ 43 days left`, `  ⚠ shut down 1 day ago`; '' otherwise. */
function shutdownNote(days: number | undefined): string {
  if (days === undefined) return '';
  const count = (value: number) => `${value} day${value === 1 ? '' : 's'}`;
  return days < 0 ? `  ⚠ shut down ${count(-days)} ago` : `  ⚠ ${count(days)} left`;
}

/** describeImageTokens returns a short text of a model's image token method (`tiles 85+170/tile`). */
export function describeImageTokens(method: ImageTokenMethod): string {
  return method.kind === 'tiles' ? `tiles ${method.baseTokens}+${method.tileTokens}/tile` : `patches ×${method.multiplier}`;
}

/** modelsJson returns the registry as the `--json` output: one object per model, with its days to shutdown, warning, capabilities and sources. */
export function modelsJson(models: readonly ModelInfo[], today: Date): object[] {
  return models.map((model) => ({
    id: model.id,
    imageTokens: model.imageTokens,
    pricesPerMillionTokens: model.prices,
    shutdown: model.shutdown ?? null,
    replacement: model.replacement ?? null,
    source: model.lifecycleSource ?? null,
    capabilities: model.capabilities ?? null,
    figuresSource: model.figuresSource ?? null,
    daysUntilShutdown: daysUntilShutdown(model, today) ?? null,
    warning: shutdownWarning(model, today) ?? null,
  }));
}

/** modelsTable renders the registry as an aligned text table. */
export function modelsTable(models: readonly ModelInfo[], today: Date): string {
  // Three decimals where a price has them ($0.125), two otherwise ($2.00).
  const dollars = (value: number) => `$${value.toFixed(3).replace(/0$/, '')}`;
  const header = ['model', 'image tokens', '$/1M in', 'cached', 'out', 'shutdown'];
  const rows = models.map((model) => {
    const days = shutdownWarning(model, today) ? daysUntilShutdown(model, today) : undefined;
    const note = shutdownNote(days);
    return [
      model.id,
      describeImageTokens(model.imageTokens),
      dollars(model.prices.input),
      dollars(model.prices.cachedInput),
      dollars(model.prices.output),
      (model.shutdown ?? '–') + note,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]) : column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** liveModelsJson returns the server's models as the `--live --json` output: shutdown date, days left, replacement, warning. */
export function liveModelsJson(entries: readonly ServerModelEntry[], today: Date): object[] {
  return entries.map((entry) => {
    const lifecycle = lifecycleOf(entry.id, entry);
    return {
      id: entry.id,
      shutdown: lifecycle.shutdown ?? null,
      shutdownFrom: lifecycle.shutdown ? lifecycle.from : null,
      daysUntilShutdown: daysUntilShutdown(lifecycle, today) ?? null,
      replacement: lifecycle.replacement ?? null,
      inRegistry: findModel(entry.id) !== undefined,
      warning: shutdownWarning(lifecycle, today) ?? null,
    };
  });
}

/**
 * liveModelsTable renders what a server offers: each model's shutdown date (the server's; `(registry)` when
 * the server gives none and the registry does), days left within the warning window, and replacement.
 */
export function liveModelsTable(entries: readonly ServerModelEntry[], today: Date): string {
  const header = ['model', 'shutdown', 'replacement', 'priced'];
  const rows = [...entries]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((entry) => {
      const lifecycle = lifecycleOf(entry.id, entry);
      const days = shutdownWarning(lifecycle, today) ? daysUntilShutdown(lifecycle, today) : undefined;
      const note = shutdownNote(days);
      const shutdown = lifecycle.shutdown ? `${lifecycle.shutdown}${lifecycle.from === 'registry' ? ' (registry)' : ''}${note}` : '–';
      return [entry.id, shutdown, lifecycle.replacement ?? '–', findModel(entry.id) ? 'yes' : 'no'];
    });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** registerModelsCommand declares `models`. */
export function registerModelsCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('models')
    .option('--json', 'print the registry as JSON')
    .option('--live', "list what the server offers (its list-models endpoint), with each model's shutdown date")
    .option('--base-url <url>', 'with --live: the OpenAI-compatible API to ask (default OPENAI_BASE_URL, else OpenAI)')
    .action(async (flags: { json?: boolean; live?: boolean; baseUrl?: string }) => {
      const today = new Date();
      if (flags.live) {
        // The SDK loads only for --live: `termaudit models` lists the registry without it.
        const [{ resolveJudgeSettings }, { listServerModels }] = await Promise.all([import('../evaluate/judge-settings.js'), import('../evaluate/vision-model.js')]);
        const settings = resolveJudgeSettings([{ judge: 'openai', baseURL: flags.baseUrl }]);
        const entries = await listServerModels(settings);
        if (flags.json) process.stdout.write(JSON.stringify(liveModelsJson(entries, today), null, 2) + '\n');
        else {
          process.stdout.write(liveModelsTable(entries, today));
          process.stdout.write(`${entries.length} models at ${settings.baseURL}; shutdown dates are the server's, replacements termaudit's registry's ("priced": the registry knows its prices).\n`);
        }
        return;
      }
      if (flags.json) process.stdout.write(JSON.stringify(modelsJson(MODELS, today), null, 2) + '\n');
      else {
        process.stdout.write(modelsTable(MODELS, today));
        process.stdout.write('Other model ids work with --base-url servers; their cost is reported as unknown. termaudit models --live lists what your server offers.\n');
      }
    });
}
