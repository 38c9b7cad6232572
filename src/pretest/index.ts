/**
 * The pretest stage: before a recording is worth anything the target must work. `pretest()` runs the
 * target in its automation mode (no pty, output to stdout.log/stderr.log), reads the LOG_DIR: and
 * STATUS: lines it prints, polls its status.json, and lets the pure gate (`judge-gate.ts`) decide
 * whether to record it. It hands the next stage a verdict and `pretest.json` in the run directory.
 * The target's whole process tree is stopped on every exit path. No signal handlers are installed here:
 * the CLI turns SIGINT/SIGTERM/SIGHUP into an abort of `options.signal`.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { abortSignalName, ConfigError, restate } from '../errors.js';
import { checkSetting, durationIn } from '../settings.js';
import { writeJsonFile } from '../files.js';
import { addSecrets, knownSecrets, redact, SecretMasker, secretsOfEnvironment } from '../secrets.js';
import { killProcessTree, killProcessTreeOnExit } from '../record/process-tree.js';
import { commandSlug, createRunDirectory, prepareOutDirectory } from '../record/run-directory.js';
import { formatCommandLine, prepareTarget } from '../record/target.js';
import { decideStop, failedGate, judgeGate, type GateObservations, type GateRules, type StopCause } from './judge-gate.js';
import { matchPath, OutputLines } from './output-lines.js';
import { PRETEST_REPORT_FILE_NAME, pretestDefaults, type PretestMode, type PretestOptions, type PretestResult } from './pretest-options.js';
import { appendProgress, progressEntry, type ProgressEntry } from './progress-timeline.js';
import { readStatus } from './status-file.js';

export { pretestDefaults } from './pretest-options.js';
export type { PretestOptions, PretestResult } from './pretest-options.js';

/** positive checks a duration a caller passed with the rule the flags and pipeline files use. */
function positive(name: string, value: number | undefined): number | undefined {
  return value === undefined ? undefined : checkSetting(durationIn('ms'), value, name);
}

/** gateRulesOf validates the timing options and picks the mode (`forMs` alone means smoke). */
export function gateRulesOf(options: PretestOptions): GateRules & { pollIntervalMs: number } {
  const mode: PretestMode = options.mode ?? (options.forMs !== undefined ? 'smoke' : 'complete');
  const forMs = positive('--for', options.forMs);
  if (mode === 'smoke' && forMs === undefined) throw new ConfigError('--for: smoke mode needs a duration (e.g. --for 45s)');
  return {
    mode,
    forMs,
    timeoutMs: positive('--timeout', options.timeoutMs),
    stuckAfterMs: positive('--stuck-after', options.stuckAfterMs) ?? pretestDefaults.stuckAfterMs,
    pollIntervalMs: positive('--poll-interval', options.pollIntervalMs) ?? pretestDefaults.pollIntervalMs,
    expect: options.expect,
  };
}

/**
 * How long the target's output pipes may stay open once it and everything carrying its run token are gone:
 * only a process that escaped (one that replaced its whole environment) can still hold them, and it must
 * not keep termaudit waiting (or alive: an open pipe holds the event loop).
 */
const pipeDrainMs = 500;

/**
 * claimLog creates a log file exclusively: of two pretests given one --out at once, the second is refused
 * (ConfigError) before it runs anything, and the first one's logs are untouched.
 */
async function claimLog(path: string): Promise<WriteStream> {
  try {
    return createWriteStream(path, { fd: await open(path, 'wx') });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new ConfigError(`--out: ${dirname(path)} already holds a pretest (${basename(path)}); choose another directory or leave --out out for a new one — nothing was overwritten`, { cause: error });
  }
}

async function closeLog(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  stream.end();
  await once(stream, 'close');
}

/**
 * pretest runs the target in its automation mode and decides whether it is worth recording. It throws
 * only for bad options (ConfigError, before anything is created); a closed gate is a result with
 * `verdict: 'fail'` and the exit code to use.
 */
export async function pretest(options: PretestOptions): Promise<PretestResult> {
  // Secrets given to the target are secrets of termaudit's messages and files too.
  addSecrets(secretsOfEnvironment(options.env ?? {}));
  const rules = gateRulesOf(options);
  const automationArgs = options.automationArgs ?? [...pretestDefaults.automationArgs];
  const target = await prepareTarget({ command: options.command, args: [...(options.args ?? []), ...automationArgs], cwd: options.cwd, env: options.env });
  const logDirPattern = options.logDirPattern ?? pretestDefaults.logDirPattern;
  const statusPattern = options.statusPattern ?? pretestDefaults.statusPattern;
  const tailLines = options.tailLines ?? pretestDefaults.tailLines;
  const dir =
    options.out !== undefined
      ? await prepareOutDirectory(options.out, PRETEST_REPORT_FILE_NAME)
      : await createRunDirectory(options.outRoot ?? pretestDefaults.outRoot, commandSlug(options.command, options.args));
  // The logs claim the directory; only then is it told (reporters write there).
  const stdoutLog = await claimLog(join(dir, 'stdout.log'));
  const stderrLog = await claimLog(join(dir, 'stderr.log')).catch(async (error: unknown) => {
    await closeLog(stdoutLog);
    throw error;
  });
  options.onDirectory?.(dir);

  let logDir: string | undefined;
  let statusPath: string | undefined;
  let expectMatched: boolean | undefined = options.expect ? false : undefined;
  const onLine = (line: string): void => {
    // Relative paths are the target's, so they are taken from its working directory.
    const announcedLogDir = logDir === undefined ? matchPath(logDirPattern, line) : undefined;
    if (announcedLogDir !== undefined) logDir = resolve(target.cwd, announcedLogDir);
    const announcedStatus = statusPath === undefined ? matchPath(statusPattern, line) : undefined;
    if (announcedStatus !== undefined) statusPath = resolve(target.cwd, announcedStatus);
    if (options.expect && !expectMatched) {
      options.expect.lastIndex = 0;
      expectMatched = options.expect.test(line);
    }
  };
  const stdoutLines = new OutputLines(tailLines, onLine);
  const stderrLines = new OutputLines(tailLines, onLine);

  // What the target prints is masked before it is logged or read (see secrets.ts).
  const secrets = [...knownSecrets(), ...secretsOfEnvironment(target.env)];
  const maskers = [new SecretMasker(secrets), new SecretMasker(secrets)];

  const startedAt = Date.now();
  const child = spawn(target.executable, target.args, {
    cwd: target.cwd,
    env: target.env,
    // Its own process group, so that stopping it reaches everything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawnFailed = new Promise<Error>((resolveError) => child.once('error', resolveError));
  let targetExit: PretestResult['targetExit'] = null;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      targetExit = { code, signal };
      resolveExit();
    });
  });
  const cancelKillOnExit = child.pid === undefined ? () => {} : killProcessTreeOnExit(child.pid, target.runToken);
  const streamsDone = Promise.all(
    [
      [child.stdout!, stdoutLog, stdoutLines],
      [child.stderr!, stderrLog, stderrLines],
    ].map(([stream, log, lines], index) => {
      const readable = stream as NodeJS.ReadableStream;
      const masker = maskers[index]!;
      const decoder = new StringDecoder('utf8');
      const take = (bytes: Buffer) => {
        (log as WriteStream).write(bytes);
        (lines as OutputLines).push(decoder.write(bytes));
      };
      readable.on('data', (chunk: Buffer) => take(masker.push(chunk)));
      return once(readable, 'close').then(() => {
        take(masker.flush());
        (lines as OutputLines).push(decoder.end());
        (lines as OutputLines).flush();
      });
    }),
  );

  let timeline: ProgressEntry[] = [];
  const observations: GateObservations = { elapsedMs: 0, targetExit: null, statusReadErrors: 0, progressed: false, sinceProgressMs: 0 };
  let statusReads = 0;
  let lastProgressAt: number | undefined;
  const abort = options.signal;
  const aborted = new Promise<void>((resolveAbort) => {
    if (abort?.aborted) resolveAbort();
    else abort?.addEventListener('abort', () => resolveAbort(), { once: true });
  });

  /** Reads the status once and updates the observations and the timeline. */
  const observe = async (final: boolean): Promise<void> => {
    const now = Date.now();
    observations.elapsedMs = now - startedAt;
    observations.statusPath = statusPath;
    observations.expectMatched = expectMatched;
    observations.targetExit = targetExit;
    if (statusPath !== undefined) {
      const read = await readStatus(statusPath);
      if (read.kind === 'ok') {
        statusReads += 1;
        const previous = observations.status;
        const completion = read.status.completion ?? 0;
        if (previous === undefined) lastProgressAt = now;
        else if (completion > (previous.completion ?? 0) || read.status.phase !== previous.phase) {
          observations.progressed = true;
          if (completion > (previous.completion ?? 0)) lastProgressAt = now;
        }
        observations.status = read.status;
        timeline = appendProgress(timeline, progressEntry(observations.elapsedMs, read.status), final);
      } else if (read.kind === 'invalid') {
        observations.statusReadErrors += 1;
        observations.lastStatusError = read.error;
      }
    }
    observations.sinceProgressMs = lastProgressAt === undefined ? 0 : now - lastProgressAt;
    if (final && observations.status) timeline = appendProgress(timeline, progressEntry(observations.elapsedMs, observations.status), true);
    options.onProgress?.({ elapsedMs: observations.elapsedMs, phase: observations.status?.phase, completion: observations.status?.completion });
  };

  let stoppedBy: StopCause | undefined;
  let spawnError: Error | undefined;
  try {
    void spawnFailed.then((error) => (spawnError = error));
    while (stoppedBy === undefined) {
      const wait = Math.max(
        1,
        Math.min(
          rules.pollIntervalMs,
          ...[rules.timeoutMs, rules.mode === 'smoke' ? rules.forMs : undefined]
            .filter((limit): limit is number => limit !== undefined)
            .map((limit) => limit - (Date.now() - startedAt)),
        ),
      );
      const ac = new AbortController();
      await Promise.race([sleep(wait, undefined, { signal: ac.signal }).catch(() => {}), exited, aborted, spawnFailed]);
      ac.abort();
      if (abort?.aborted) stoppedBy = 'interrupt';
      else if (spawnError || targetExit) stoppedBy = 'exit';
      await observe(stoppedBy !== undefined);
      stoppedBy ??= decideStop(observations, rules);
    }
  } finally {
    if (child.pid !== undefined) {
      await killProcessTree(child.pid, { graceMs: options.stopGraceMs ?? pretestDefaults.stopGraceMs, runToken: target.runToken });
    }
    cancelKillOnExit();
    // The pipes close once every process holding them is gone; what is still in them is read within the
    // drain time, and a stray holder must neither hang us nor keep the process alive.
    await Promise.race([streamsDone, sleep(pipeDrainMs, undefined, { ref: false })]);
    child.stdout?.destroy();
    child.stderr?.destroy();
    await Promise.all([closeLog(stdoutLog), closeLog(stderrLog)]);
  }

  if (stoppedBy !== 'exit' && stoppedBy !== 'interrupt') {
    // The gate stopped a running target: its exit is ours, not its own.
    targetExit = null;
  }
  observations.stoppedBy = stoppedBy;
  observations.targetExit = targetExit;
  if (stoppedBy === 'interrupt' && abort) observations.interruptSignal = abortSignalName(abort);
  const decision = spawnError ? failedGate(new ConfigError(`cannot start ${target.commandLine}: ${spawnError.message}`)) : judgeGate(observations, rules);

  const reportPath = join(dir, PRETEST_REPORT_FILE_NAME);
  const result: PretestResult = {
    verdict: decision.verdict,
    exitCode: decision.exitCode,
    reason: decision.reason,
    stoppedBy,
    mode: rules.mode,
    commandLine: formatCommandLine(options.command, target.args),
    dir,
    reportPath,
    targetExit,
    durationMs: observations.elapsedMs,
    ...(logDir !== undefined ? { logDir } : {}),
    ...(statusPath !== undefined ? { statusPath } : {}),
    statusReads,
    statusReadErrors: observations.statusReadErrors,
    ...(observations.lastStatusError !== undefined ? { lastStatusError: observations.lastStatusError } : {}),
    timeline,
    stdoutTail: stdoutLines.tail(),
    stderrTail: stderrLines.tail(),
    maskedSecrets: [...new Set(maskers.flatMap((masker) => [...masker.found]))],
  };
  const shown: PretestResult = {
    ...result,
    commandLine: redact(result.commandLine),
    reason: redact(result.reason),
    stdoutTail: result.stdoutTail.map(redact),
    stderrTail: result.stderrTail.map(redact),
    ...(result.lastStatusError !== undefined ? { lastStatusError: redact(result.lastStatusError) } : {}),
  };
  await writeJsonFile(reportPath, shown);
  // The failure is said with the reason as shown (secrets redacted); it is not part of pretest.json.
  return decision.failure ? { ...shown, failure: restate(decision.failure, shown.reason) } : shown;
}
