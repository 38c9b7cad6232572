/**
 * `termaudit pretest [options] -- <command> [args...]`: runs a command in its automation mode and
 * decides whether it is worth recording; exits with the gate's code (0 open).
 */
import type { Command } from 'commander';
import { formatDuration } from '../duration.js';
import { ConfigError, restate } from '../errors.js';
import { pretest, pretestDefaults, type PretestResult } from '../pretest/index.js';
import { runCommand } from './command-run.js';
import { collectEnv, durationOption } from './option-parsers.js';
import { maskedNote } from '../secrets.js';

/** splitArguments splits `--automation-args` on whitespace, like a shell without quotes; '' means none. */
export function splitArguments(value: string): string[] {
  return value.split(/\s+/).filter((word) => word !== '');
}

/** patternOption compiles a regular expression option (multiline, so ^ and $ work per line). */
export function patternOption(option: string, needsGroup: boolean) {
  return (value: string): RegExp => {
    let pattern: RegExp;
    try {
      pattern = new RegExp(value, 'm');
    } catch (error) {
      throw new ConfigError(`${option}: "${value}" is not a valid regular expression (${(error as Error).message})`);
    }
    if (needsGroup && new RegExp(`${value}|`).exec('')!.length < 2) {
      throw new ConfigError(`${option}: "${value}" needs a capture group for the path, e.g. "^LOG_DIR:\\s*(.+)$"`);
    }
    return pattern;
  };
}

interface PretestFlags {
  automationArgs?: string;
  logDirPattern?: RegExp;
  statusPattern?: RegExp;
  pollInterval?: number;
  for?: number;
  timeout?: number;
  stuckAfter?: number;
  expect?: RegExp;
  cwd?: string;
  env?: Record<string, string>;
  out?: string;
  automation?: boolean;
}

/** summaryLines describes a pretest result for people: verdict, reason, where to look. */
export function summaryLines(result: PretestResult): string[] {
  const exit = result.targetExit === null ? 'stopped by the gate' : result.targetExit.code !== null ? `exit ${result.targetExit.code}` : `killed by ${result.targetExit.signal}`;
  const last = result.timeline.at(-1);
  return [
    `verdict: ${result.verdict === 'pass' ? 'PASS' : 'FAIL'} (exit ${result.exitCode})`,
    `reason: ${result.reason}`,
    `target: ${result.commandLine} (${exit} after ${formatDuration(result.durationMs)}, ${result.mode} mode)`,
    ...(result.logDir ? [`log dir: ${result.logDir}`] : []),
    ...(last ? [`progress: phase ${last.phase ?? 'none'}, ${last.completion_percentage ?? '?'}% (${result.timeline.length} timeline entries)`] : []),
    `report: ${result.reportPath}`,
  ];
}

/** registerPretestCommand declares `pretest`. */
export function registerPretestCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('pretest')
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the program to check and its arguments (after --)')
    .passThroughOptions()
    .option('--automation-args <args>', `arguments appended to switch the target to automation mode ('' for none) (default "${pretestDefaults.automationArgs.join(' ')}")`)
    .option('--for <duration>', 'smoke test: decide after this long (e.g. 45s) and stop the target, instead of running it to completion', durationOption('--for'))
    .option('--timeout <duration>', 'fail (exit 3) when the target runs longer than this', durationOption('--timeout'))
    .option('--stuck-after <duration>', 'fail as stuck (exit 3) when completion_percentage does not increase for this long (default 60s)', durationOption('--stuck-after'))
    .option('--poll-interval <duration>', 'how often status.json is read (default 2s)', durationOption('--poll-interval'))
    .option('--expect <regex>', 'for targets without a status file: a line of output must match this', patternOption('--expect', false))
    .option('--log-dir-pattern <regex>', 'finds the log directory in the output; group 1 is the path (default "^LOG_DIR:\\s*(.+)$")', patternOption('--log-dir-pattern', true))
    .option('--status-pattern <regex>', 'finds the status file in the output; group 1 is the path (default "^STATUS:\\s*(.+)$")', patternOption('--status-pattern', true))
    .option('--cwd <dir>', 'working directory of the command (default: the current one)')
    .option('--env <KEY=VALUE>', 'set an environment variable for the command (repeatable)', collectEnv)
    .option('-o, --out <dir>', 'output directory (default: a new recordings/<yyyymmdd-hhmmss>-<name>/)')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, then RESULT, EXIT_CODE, DURATION and the report path (status.json is written either way)')
    .action(async (commandLine: string[], flags: PretestFlags) => {
      await runCommand({ automation: flags.automation, stages: ['pretest'] }, async (run) => {
        const forMs = flags.for;
        const [target, ...args] = commandLine;
        const result = await pretest({
          command: target,
          args,
          cwd: flags.cwd,
          env: flags.env,
          automationArgs: flags.automationArgs === undefined ? undefined : splitArguments(flags.automationArgs),
          logDirPattern: flags.logDirPattern,
          statusPattern: flags.statusPattern,
          pollIntervalMs: flags.pollInterval,
          forMs: flags.for,
          timeoutMs: flags.timeout,
          stuckAfterMs: flags.stuckAfter,
          expect: flags.expect,
          out: flags.out,
          signal: run.signal,
          onDirectory: (dir) => {
            run.reporter.attach(dir);
            run.reporter.startStage('pretest');
          },
          onProgress: (update) => {
            // Smoke runs end at a known time; runs to completion report the target's own completion.
            const fraction = forMs ? update.elapsedMs / forMs : (update.completion ?? 0) / 100;
            run.reporter.progress('pretest', Math.min(1, Math.max(0, fraction)), update.phase ? `${update.phase} ${update.completion ?? '?'}%` : undefined);
          },
        });
        run.outputs.report = result.reportPath;
        const masked = maskedNote("the target's output", 'its logs and the report', result.maskedSecrets);
        if (masked) run.say(`warning: ${masked}`);
        run.reporter.finishStage('pretest', result.verdict === 'pass' ? 'done' : 'failed');
        if (!run.reporter.automation) process.stdout.write(summaryLines(result).join('\n') + '\n');
        if (result.failure) throw restate(result.failure, `gate closed: ${result.reason} (report: ${result.reportPath})`);
      });
    });
}
