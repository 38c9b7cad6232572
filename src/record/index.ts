/**
 * The record stage: runs a command in a real pseudo-terminal (node-pty) and writes everything it prints,
 * with its timing, to `<run dir>/session.cast` (asciicast v2), incrementally, so that even a crashed
 * run leaves a readable cast. The cast is what every later stage works from: the renderer turns it into
 * frames in virtual time, so recording happens once and rendering as often as needed.
 *
 * Everything about the target is checked before anything is created. A time limit or an abort stops the
 * target's whole process tree. `record()` installs no signal handlers: the CLI turns SIGINT/SIGTERM/SIGHUP
 * into an abort of `options.signal`.
 */
import { join } from 'node:path';
import { abortSignalName, ExecutionError, InterruptedError, locateError, messageOf } from '../errors.js';
import { mergeJsonFile, reserveSpace } from '../files.js';
import { CAST_FILE_NAME, META_FILE_NAME } from '../run-files.js';
import { lookOf, RECORDED_LOOK_KEY } from '../render/recorded-look.js';
import { addSecrets, knownSecrets, redact, secretsOfEnvironment } from '../secrets.js';
import { TOOL_VERSION } from '../version.js';
import { resolveRecordSettings } from './record-settings.js';
import type { RecordOptions, RecordResult } from './record-options.js';
import { RecordSession } from './record-session.js';
import { commandSlug, createRunDirectory, prepareOutDirectory } from './run-directory.js';
import { prepareTarget } from './target.js';

export type { RecordOptions, RecordResult } from './record-options.js';
export { RecordSession } from './record-session.js';

export { CAST_FILE_NAME } from '../run-files.js';

/** META_RESERVE_BYTES is the disk space set aside for meta.json while recording: many times its size. */
const META_RESERVE_BYTES = 64 * 1024;

/**
 * record runs `options.command` in a pty of `cols`×`rows` and writes its output to a new cast, until the
 * command exits, the time limit passes (`endedBy: 'timeout'`) or `options.signal` aborts
 * (`endedBy: 'interrupt'`). A failing command is a normal result (see `exitCode`), not an error. Throws
 * ConfigError for a bad target (nothing is created then), InterruptedError if `signal` was aborted before
 * the start. Writes meta.json beside the cast once the recording ends.
 */
export async function record(options: RecordOptions): Promise<RecordResult> {
  if (options.signal?.aborted) {
    throw new InterruptedError(abortSignalName(options.signal), 'recording interrupted before it started');
  }
  // Secrets given to the target (--env, a tape's Env) are secrets of termaudit's messages and files too.
  addSecrets(secretsOfEnvironment(options.env ?? {}));
  const settings = resolveRecordSettings(options);
  const { timeoutMs } = settings;
  const target = await prepareTarget({ ...options, ...settings });
  const dir =
    options.out !== undefined
      ? await prepareOutDirectory(options.out, CAST_FILE_NAME)
      : await createRunDirectory(settings.outRoot, commandSlug(options.command, options.args));
  // The command line only labels the recording (cast header, messages): there it must not show secrets.
  const shownTarget = { ...target, commandLine: redact(target.commandLine) };
  const session = await RecordSession.start(shownTarget, {
    castPath: join(dir, CAST_FILE_NAME),
    theme: options.theme,
    title: options.title,
    stopGraceMs: options.stopGraceMs,
    // What the target can print: the secrets known to termaudit and those of the environment it was given.
    secrets: [...knownSecrets(), ...secretsOfEnvironment(target.env)],
  });
  // Told once the cast is claimed: a recorder refused at a directory another one took writes nothing there.
  options.onDirectory?.(dir);
  // Room for meta.json on a disk the cast may fill, released just before meta.json is written. Not awaited
  // here: a tape's driver must follow the screen from the target's first output.
  const metaReserve = reserveSpace(join(dir, META_FILE_NAME), META_RESERVE_BYTES);
  let stoppedFromOutside: () => void = () => undefined;
  const outsideStop = new Promise<void>((resolve) => (stoppedFromOutside = resolve));
  const stop = (reason: 'timeout' | 'interrupt'): void => {
    stoppedFromOutside();
    void session.stop(reason);
  };
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = (): void => stop('interrupt');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // An abort while the target was being prepared fired before anyone listened.
  if (options.signal?.aborted) onAbort();
  try {
    const driven = options.drive ? await driveSession(session, options.drive, outsideStop) : undefined;
    const { writeError, ...recorded } = await session.finished();
    // meta.json is written even when the cast could not be: on a full disk, in the space set aside for it.
    await (await metaReserve).release();
    const metaError = await mergeJsonFile(join(dir, META_FILE_NAME), {
      toolVersion: TOOL_VERSION,
      command: [options.command, ...(options.args ?? [])].map(redact),
      cwd: target.cwd,
      terminal: { cols: target.cols, rows: target.rows },
      startedAt: recorded.startedAt,
      durationSeconds: recorded.durationSeconds,
      endedBy: recorded.endedBy,
      exitCode: recorded.exitCode,
      signal: recorded.signal,
      // Present only when termaudit stopped the program; a re-recording into the same file must not keep an old one.
      stoppedWith: recorded.stoppedWith ?? null,
      bytesRecorded: recorded.bytesRecorded,
      events: recorded.events,
      ...(recorded.maskedSecrets.length > 0 && { maskedSecrets: recorded.maskedSecrets }),
      cast: CAST_FILE_NAME,
      ...(options.render && { [RECORDED_LOOK_KEY]: lookOf(options.render) }),
    }).then(
      () => undefined,
      (error: Error) => error,
    );
    if (writeError) throw writeFailure(writeError, recorded.castPath, metaError === undefined);
    if (metaError) throw writeFailure(metaError, join(dir, META_FILE_NAME), true);
    return { dir, ...recorded, ...(driven?.error !== undefined && { driveError: driven.error }) };
  } finally {
    await (await metaReserve).release();
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * driveSession runs `drive` until it ends or the recording is stopped from outside (time limit, abort),
 * then stops a target that is still running. The cast is closed only after this, so the driver's markers
 * up to the target's exit are all in it.
 */
async function driveSession(
  session: RecordSession,
  drive: (session: RecordSession) => Promise<void>,
  outsideStop: Promise<void>,
): Promise<{ error?: unknown }> {
  let error: unknown;
  const driving = drive(session).catch((thrown: unknown) => {
    error = thrown ?? new Error('the driver failed');
  });
  const stoppedOutside = await Promise.race([driving.then(() => false), outsideStop.then(() => true)]);
  if (stoppedOutside || session.hasExited) return { error: stoppedOutside ? undefined : error };
  // The driver is done (or failed) and the target still runs: end it, saying why.
  await session.stop(error === undefined ? 'tape-end' : 'tape-error');
  return { error };
}

/** writeFailure words a write that failed during a recording as one line naming the file and the reason (ENOSPC, …). */
function writeFailure(error: Error, path: string, metaWritten: boolean): ExecutionError {
  const kept = metaWritten ? 'the recording up to then is kept, with meta.json' : 'the recording up to then is kept';
  return new ExecutionError(`${messageOf(locateError(error, path))}; ${kept}`, { cause: error });
}
