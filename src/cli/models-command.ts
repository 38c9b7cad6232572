/**
 * `termaudit models [--json]`: lists the vision models the OpenAI judge knows, with how they count image
 * tokens, their prices and shutdown dates, flagging models that shut down within 90 days (or already did).
 */
import type { Command } from 'commander';
import { MODELS, daysUntilShutdown, shutdownWarning, type ImageTokenMethod, type ModelInfo } from '../evaluate/models.js';

/** describeImageTokens returns a short text of a model's image token method (`tiles 85+170/tile`). */
export function describeImageTokens(method: ImageTokenMethod): string {
  return method.kind === 'tiles' ? `tiles ${method.baseTokens}+${method.tileTokens}/tile` : `patches ×${method.multiplier}`;
}

/** modelsJson returns the registry as the `--json` output: one object per model, with its days to shutdown and warning. */
export function modelsJson(models: readonly ModelInfo[], today: Date): object[] {
  return models.map((model) => ({
    id: model.id,
    imageTokens: model.imageTokens,
    pricesPerMillionTokens: model.prices,
    shutdown: model.shutdown ?? null,
    replacement: model.replacement ?? null,
    source: model.lifecycleSource ?? null,
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
    const note = days === undefined ? '' : days < 0 ? `  ⚠ shut down ${-days} days ago` : `  ⚠ ${days} days left`;
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

/** registerModelsCommand declares `models`. */
export function registerModelsCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('models')
    .option('--json', 'print the registry as JSON')
    .action((flags: { json?: boolean }) => {
      const today = new Date();
      if (flags.json) process.stdout.write(JSON.stringify(modelsJson(MODELS, today), null, 2) + '\n');
      else {
        process.stdout.write(modelsTable(MODELS, today));
        process.stdout.write('Other model ids work with --base-url servers; their cost is reported as unknown.\n');
      }
    });
}
