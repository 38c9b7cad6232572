/**
 * `termaudit watch <status.json | run dir>`: follows another termaudit run through its status.json until
 * it has a result, printing stage changes and progress, then the result lines; exits with the run's exit
 * code. A status file that does not exist yet is waited for (the run may be starting).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { protocolLine } from '../automation/protocol-line.js';
import { resultLines } from '../automation/run-reporter.js';
import { readStatusFile, runResultOf, statusChangeLines } from '../automation/status-follower.js';
import { STATUS_FILE_NAME, type StatusDocument } from '../automation/status-reporter.js';
import { formatDuration } from '../duration.js';
import { abortSignalName, ConfigError, InterruptedError, TimeoutError } from '../errors.js';
import { runCommand } from './command-run.js';
import { durationOption } from './option-parsers.js';
import { createProgressDisplay } from './progress.js';

/** How often status.json is read; the writer rewrites it on every change and at least every 2 s. */
const POLL_MS = 300;
/** A running run rewrites its status at least every 2 s; this long without a change suggests it died. */
const STALE_MS = 10_000;

/** statusPathOf finds the status file a `watch` argument names; throws ConfigError when neither it nor its directory exists. */
export function statusPathOf(target: string): string {
  if (existsSync(target)) return statSync(target).isDirectory() ? join(target, STATUS_FILE_NAME) : target;
  if (target.endsWith('.json') && existsSync(dirname(target))) return target;
  throw new ConfigError(`watch: ${target} does not exist; give a run directory (as printed by LOG_DIR:) or its status.json`);
}

/** registerWatchCommand declares `watch`. */
export function registerWatchCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('watch')
    .argument('<run>', 'the run directory (LOG_DIR) or its status.json')
    .option('--timeout <duration>', 'give up after this long (e.g. 30s, 5m): exit 3', durationOption('--timeout'))
    .action(async (target: string, flags: { timeout?: number }) => {
      const path = resolve(statusPathOf(target));
      const out = process.stdout;
      const display = out.isTTY ? createProgressDisplay(out) : undefined;
      const started = Date.now();
      let previous: StatusDocument | undefined;
      let lastChange = Date.now();
      let warnedStale = false;
      await runCommand({ stages: [] }, async (run) => {
        out.write(`${protocolLine('STATUS', path)}\n`);
        for (;;) {
          if (run.signal.aborted) throw new InterruptedError(abortSignalName(run.signal));
          const current = await readStatusFile(path);
          if (current) {
            if (display) display.update(current);
            else for (const line of statusChangeLines(previous, current)) out.write(`${line}\n`);
            if (current.result) {
              display?.done();
              for (const line of resultLines(runResultOf(current.result), current.result.duration_seconds)) out.write(`${line}\n`);
              setExitCode(current.result.exit_code);
              return;
            }
            if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(current)) lastChange = Date.now();
            previous = current;
          }
          if (!warnedStale && previous && Date.now() - lastChange > STALE_MS) {
            warnedStale = true;
            process.stderr.write(`warning: ${path} has not changed for ${formatDuration(STALE_MS)}; the run may have died without a result\n`);
          }
          if (flags.timeout !== undefined && Date.now() - started >= flags.timeout) {
            display?.done();
            throw new TimeoutError(`watch: the run did not finish within ${formatDuration(flags.timeout)} (--timeout); it may still be running: ${path}`);
          }
          await sleep(POLL_MS);
        }
      });
    });
}
