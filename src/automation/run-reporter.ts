/**
 * How a long-running command (`record`, `render`, later `pretest`, `evaluate`, `run`) tells the outside
 * how it is doing. Every run writes `<run dir>/status.json` (cheap, and it lets `termaudit watch` follow
 * any run). On top of that:
 *
 * - with `--automation`, stdout carries only a few parseable lines and no ANSI codes:
 *   `LOG_DIR: <absolute run dir>` and `STATUS: <absolute run dir>/status.json` as the first two lines (as
 *   soon as the run directory exists), `STAGE: <name>` when a stage starts, and at the end `RESULT:`,
 *   `EXIT_CODE:`, `DURATION: <s>s`, `MESSAGE:` (on failure) and one line per produced file
 *   (`OUTPUT_MP4:`, `CAST:`, `SCREEN:`, …). Paths are absolute so an agent can use them from any cwd.
 *   A run that fails before its directory exists (a bad option) prints only the result lines. Every value
 *   is escaped by `protocolLine` (protocol-line.ts), so none can break its line.
 * - without it, stderr shows the human progress display (`src/cli/progress.ts`).
 */
import { resolve } from 'node:path';
import { ExitCode, exitCodeOf, reasonOf } from '../errors.js';
import { createProgressDisplay, type ProgressDisplay } from '../cli/progress.js';
import { protocolLine } from './protocol-line.js';
import { StatusReporter, type RunResult, type RunStatus } from './status-reporter.js';

/** RunReporterOptions describe one run of a command. */
export interface RunReporterOptions {
  /** Print the parseable automation lines instead of the human display. @default false */
  automation?: boolean;
  /** The command line of the run, as written to status.json. */
  command: readonly string[];
  /** Stage names in run order. */
  stages: readonly string[];
  /** Where automation lines go. @default process.stdout */
  stdout?: NodeJS.WritableStream;
  /** Where the human display goes. @default process.stderr */
  stderr?: NodeJS.WriteStream;
}

/** RunReporter receives a run's stage events and reports them (status.json plus lines or a display). */
export interface RunReporter {
  readonly automation: boolean;
  /** The status file, once the run directory is known. */
  readonly statusPath: string | undefined;
  /** attach names the run directory: status.json starts there and, in automation, LOG_DIR/STATUS are printed. */
  attach(runDir: string): void;
  startStage(name: string): void;
  /** progress reports a running stage's fraction (0–1) and an optional note. */
  progress(name: string, fraction: number, detail?: string): void;
  finishStage(name: string, status: 'done' | 'failed' | 'skipped'): void;
  /** finish writes the result, prints the result lines (automation) or closes the display. */
  finish(result: RunResult): Promise<void>;
  /**
   * conclude ends a command's run: it finishes with the exit code `failure` maps to (0 when undefined)
   * and the outputs, then rethrows `failure` so the CLI reports it.
   */
  conclude(failure: unknown, outputs: Record<string, string>): Promise<void>;
}

/** runStatusOf names how a run ended from its exit code. */
export function runStatusOf(exitCode: number): RunStatus {
  if (exitCode === ExitCode.success) return 'success';
  if (exitCode === ExitCode.timeout) return 'timeout';
  if (exitCode === ExitCode.interrupted) return 'interrupted';
  return 'failed';
}

/** outputLineLabel names the automation line of a produced file: `cast` → `CAST`, `mp4` → `OUTPUT_MP4`. */
export function outputLineLabel(kind: string): string {
  const upper = kind.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return kind === 'cast' || kind === 'screen' || kind === 'meta' ? upper : `OUTPUT_${upper}`;
}

/** resultLines are the automation lines that end a run; a message's lines are joined with spaces. */
export function resultLines(result: RunResult, durationSeconds: number): string[] {
  const lines = [protocolLine('RESULT', result.status), protocolLine('EXIT_CODE', result.exitCode), protocolLine('DURATION', `${durationSeconds.toFixed(1)}s`)];
  if (result.status !== 'success' && result.message) lines.push(protocolLine('MESSAGE', result.message.replace(/\s*\n\s*/g, ' ')));
  for (const [kind, path] of Object.entries(result.outputs ?? {})) lines.push(protocolLine(outputLineLabel(kind), resolve(path)));
  return lines;
}

/** createRunReporter returns the reporter of one run (automation lines or the human display, plus status.json). */
export function createRunReporter(options: RunReporterOptions): RunReporter {
  const automation = options.automation ?? false;
  const stdout = options.stdout ?? process.stdout;
  const display: ProgressDisplay | undefined = automation ? undefined : createProgressDisplay(options.stderr ?? process.stderr);
  const startTime = Date.now();
  let status: StatusReporter | undefined;
  let finished = false;
  const line = (text: string) => void stdout.write(`${text}\n`);
  return {
    automation,
    get statusPath() {
      return status?.path;
    },
    attach(runDir) {
      if (status) return;
      const dir = resolve(runDir);
      status = new StatusReporter({ runDir: dir, command: options.command, stages: options.stages, startTime, onChange: display ? (document) => display.update(document) : undefined });
      if (automation) {
        line(protocolLine('LOG_DIR', dir));
        line(protocolLine('STATUS', status.path));
      }
    },
    startStage(name) {
      status?.startStage(name);
      if (automation) line(protocolLine('STAGE', name));
    },
    progress(name, fraction, detail) {
      status?.progress(name, fraction, detail);
    },
    finishStage(name, stageStatus) {
      status?.finishStage(name, stageStatus);
    },
    async finish(result) {
      if (finished) return;
      finished = true;
      result = { ...result, outputs: Object.fromEntries(Object.entries(result.outputs ?? {}).map(([kind, path]) => [kind, resolve(path)])) };
      try {
        await status?.finish(result);
      } catch (error) {
        process.stderr.write(`warning: could not write ${status?.path}: ${reasonOf(error)}\n`);
      } finally {
        display?.done();
        if (automation) for (const text of resultLines(result, (Date.now() - startTime) / 1000)) line(text);
      }
    },
    async conclude(failure, outputs) {
      const exitCode = exitCodeOf(failure);
      await this.finish({ exitCode, status: runStatusOf(exitCode), message: failure instanceof Error ? failure.message : undefined, outputs });
      if (failure !== undefined) throw failure;
    },
  };
}
