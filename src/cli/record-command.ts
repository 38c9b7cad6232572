/**
 * `termaudit record [options] -- <command> [args...]`: records a command in a pty, then renders it.
 */
import type { Command } from 'commander';
import { formatDuration } from '../duration.js';
import { InterruptedError, TermauditError, TimeoutError } from '../errors.js';
import { recordAndRender } from '../record/record-and-render.js';
import { watchInterrupts } from './interrupt.js';
import { collectEnv, durationOption, integerOption } from './option-parsers.js';
import { createProgressPrinter } from './progress.js';
import { addRenderFlags, renderOptionsOf, type RenderFlags } from './render-options.js';

/** keptNote adds where the finished recording is to an error that happened while rendering it. */
function keptNote(message: string, castPath: string | undefined): string {
  return castPath ? `${message}; the recording is kept: render it again with \`termaudit render ${castPath}\`` : message;
}

interface RecordFlags extends RenderFlags {
  cols?: number;
  rows?: number;
  cwd?: string;
  env?: Record<string, string>;
  out?: string;
  timeout?: number;
  render?: boolean;
}

/** registerRecordCommand declares `record`. */
export function registerRecordCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('record')
    .description('record a command in a real pseudo-terminal to asciicast v2, then render it (MP4 by default)')
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the program to record and its arguments (after --)')
    .passThroughOptions()
    .option('--cols <n>', 'terminal columns (default 120)', integerOption('--cols', 1, 1000))
    .option('--rows <n>', 'terminal rows (default 36)', integerOption('--rows', 1, 500))
    .option('--cwd <dir>', 'working directory of the command (default: the current one)')
    .option('--env <KEY=VALUE>', 'set an environment variable for the command (repeatable)', collectEnv)
    .option('--out <dir>', 'output directory (default: a new recordings/<yyyymmdd-hhmmss>-<name>/)')
    .option('--timeout <duration>', 'stop the command after this long (e.g. 90s, 2m): kept and rendered, exit 3', durationOption('--timeout'))
    .option('--no-render', 'only record the cast; render it later with `termaudit render`');
  addRenderFlags(command).action(async (commandLine: string[], flags: RecordFlags) => {
    const interrupts = watchInterrupts();
    const progress = createProgressPrinter();
    let recordedCast: string | undefined;
    try {
      const [target, ...args] = commandLine;
      const result = await recordAndRender({
        command: target,
        args,
        cols: flags.cols,
        rows: flags.rows,
        cwd: flags.cwd,
        env: flags.env,
        out: flags.out,
        timeoutMs: flags.timeout,
        signal: interrupts.first,
        render: flags.render === false ? false : { ...renderOptionsOf(flags), signal: interrupts.second, onProgress: (update) => progress.render(update) },
        onRecorded: (recorded) => {
          recordedCast = recorded.castPath;
          process.stderr.write(`recorded ${recorded.castPath} (${formatDuration(recorded.durationSeconds * 1000)}, ended by ${recorded.endedBy})\n`);
        },
      });
      progress.done();
      const { recording, rendered } = result;
      for (const [format, path] of Object.entries(rendered?.outputs ?? {})) process.stdout.write(`${format}: ${path}\n`);
      process.stdout.write(`cast: ${recording.castPath}\nrun: ${recording.dir}\n`);
      if (recording.endedBy === 'timeout') {
        throw new TimeoutError(`${target} was stopped after ${formatDuration(flags.timeout ?? 0)} (--timeout); what it printed until then is kept in ${recording.dir}`);
      }
      if (recording.endedBy === 'interrupt') {
        throw new InterruptedError(interrupts.received ?? 'SIGINT', `interrupted by ${interrupts.received ?? 'SIGINT'}; what was recorded is kept in ${recording.dir}`);
      }
      setExitCode(0);
    } catch (error) {
      progress.done();
      if (interrupts.received && !(error instanceof InterruptedError) && !(error instanceof TimeoutError)) {
        throw new InterruptedError(interrupts.received, keptNote(`interrupted by ${interrupts.received}`, recordedCast));
      }
      if (error instanceof TermauditError && recordedCast && !error.message.includes(recordedCast)) {
        error.message = keptNote(error.message, recordedCast);
      }
      throw error;
    } finally {
      interrupts.dispose();
    }
  });
}
