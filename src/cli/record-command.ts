/**
 * `termaudit record [options] -- <command> [args...]`: records a command in a pty (driven by a tape or not),
 * then renders it: the record and render stages of a scenario.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDuration } from '../duration.js';
import { ConfigError } from '../errors.js';
import { checkOutputPath } from '../output-path.js';
import { recordRules, RECORD_DEFAULTS, type RecordSettings } from '../record/record-settings.js';
import { describeRecordingEnd } from '../record/recording-end.js';
import { runScenario } from '../scenario/index.js';
import { settingOption } from '../settings.js';
import { loadRunnableTape } from '../tape/runner/tape-recording.js';
import { reporterHooks, runCommand } from './command-run.js';
import { collectEnv } from './option-parsers.js';
import { addRenderFlags, renderSettingsOf, type RenderFlags } from './render-options.js';

interface RecordFlags extends RenderFlags, Pick<RecordSettings, 'cols' | 'rows'> {
  cwd?: string;
  env?: Record<string, string>;
  out?: string;
  timeout?: number;
  render?: boolean;
  automation?: boolean;
  tape?: string;
  golden?: string;
  updateGolden?: boolean;
}

/** registerRecordCommand declares `record`. */
export function registerRecordCommand(program: Command, _setExitCode?: (code: number) => void): void {
  const command = program
    .command('record')
    .usage('[options] [--tape <file.tape>] -- <command> [args...]')
    .argument('[command...]', 'the program to record and its arguments (after --); with --tape it defaults to the tape\'s Shell')
    .passThroughOptions()
    .option('--cols <n>', `terminal columns (default ${RECORD_DEFAULTS.cols})`, settingOption(recordRules.cols, '--cols'))
    .option('--rows <n>', `terminal rows (default ${RECORD_DEFAULTS.rows})`, settingOption(recordRules.rows, '--rows'))
    .option('--cwd <dir>', 'working directory of the command (default: the current one)')
    .option('--env <KEY=VALUE>', 'set an environment variable for the command (repeatable)', collectEnv)
    .option('-o, --out <dir>', `output directory (default: a new ${RECORD_DEFAULTS.outRoot}/<yyyymmdd-hhmmss>-<name>/)`)
    .option('--timeout <duration>', 'stop the command after this long (e.g. 90s, 2m): kept and rendered, exit 3', settingOption(recordRules.timeoutMs, '--timeout'))
    .option('--tape <file.tape>', 'drive the command with a VHS tape (keys, waits, screenshots); without a command it runs the tape\'s Shell')
    .option('--golden <file.txt>', 'with --tape: compare the visible screen after each tape command with this committed text golden (exit 5 with a diff when it differs)')
    .option('--update-golden', 'with --golden: write (or overwrite) the golden from this run instead of comparing')
    .option('--no-render', 'only record the cast; render it later with `termaudit render`')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, STAGE lines, then RESULT, EXIT_CODE, DURATION and the output paths (status.json is written either way)');
  addRenderFlags(command).action(async (commandLine: string[], flags: RecordFlags) => {
    // The tape is parsed before anything starts: a tape with errors records nothing.
    const tape = flags.tape === undefined ? undefined : await loadRunnableTape(flags.tape);
    for (const warning of tape?.warnings ?? []) process.stderr.write(`${warning.rendered}\n`);
    if (!tape && commandLine.length === 0) throw new ConfigError('record: give the command to record after --, e.g. termaudit record -- htop (or a --tape)');
    if (flags.updateGolden && flags.golden === undefined) throw new ConfigError('record: --update-golden needs --golden <file.txt>');
    if (flags.golden !== undefined && !tape) throw new ConfigError('record: --golden needs a --tape: the golden is the screen after each tape command');
    const golden = flags.golden === undefined ? undefined : { path: resolve(flags.golden), update: flags.updateGolden === true };
    if (golden && !golden.update && !existsSync(golden.path)) {
      throw new ConfigError(`record: the golden ${golden.path} does not exist; run with --update-golden to create it`);
    }
    const stages = flags.render === false ? (['record'] as const) : (['record', 'render'] as const);
    await runCommand({ automation: flags.automation, stages }, async (run) => {
      // --out is checked where the run directory is made (run-directory.ts); the golden is written here.
      if (golden?.update) await checkOutputPath('--golden', flags.golden!);
      const [target, ...args] = commandLine;
      const outcome = await runScenario(
        {
          stages,
          dir: flags.out,
          target: { command: target, args, cwd: flags.cwd, env: flags.env },
          tape,
          record: { cols: flags.cols, rows: flags.rows, timeoutMs: flags.timeout },
          render: renderSettingsOf(flags),
          golden,
          signal: run.signal,
          renderSignal: run.second,
        },
        {
          ...reporterHooks(run),
          onRecorded: (recording) => {
            run.outputs.cast = recording.castPath;
            // On a terminal the live display already says this; a line written under it would garble it.
            if (!process.stderr.isTTY || run.reporter.automation) {
              run.say(`recorded ${recording.castPath} (${formatDuration(recording.durationSeconds * 1000)}, ended by ${recording.endedBy}: ${describeRecordingEnd(recording)})`);
            }
          },
        },
      );
      const { recording, rendered } = outcome;
      if (rendered) Object.assign(run.outputs, rendered.outputs, rendered.screenTextPath ? { screen: rendered.screenTextPath } : {});
      if (golden?.update && outcome.tapeText !== undefined && (recording?.endedBy === 'exit' || recording?.endedBy === 'tape-end')) run.say(`golden: wrote ${golden.path}`);
      if (recording && !run.reporter.automation) {
        for (const [format, path] of Object.entries(rendered?.outputs ?? {})) process.stdout.write(`${format}: ${path}\n`);
        process.stdout.write(`cast: ${recording.castPath}\nrun: ${recording.dir}\n`);
      }
      if (outcome.failure) throw outcome.failure;
    });
  });
}
