/**
 * The record stage: runs a command in a real pseudo-terminal (node-pty) and writes everything it prints,
 * with its timing, to `<run dir>/session.cast` (asciicast v2), incrementally, so that even a crashed
 * run leaves a readable cast. The cast is what every later stage works from: the renderer turns it into
 * frames in virtual time, so recording happens once and rendering as often as needed.
 *
 * Everything about the target is checked before anything is created. A time limit or an abort stops the
 * target's whole process tree. `record()` installs no signal handlers: the CLI turns SIGINT/SIGTERM into
 * an abort of `options.signal`.
 */
import { join } from 'node:path';
import { abortSignalName, ConfigError, InterruptedError } from '../errors.js';
import type { RecordOptions, RecordResult } from './record-options.js';
import { RecordSession } from './record-session.js';
import { commandSlug, createRunDirectory, prepareOutDirectory } from './run-directory.js';
import { prepareTarget } from './target.js';

export type { RecordOptions, RecordResult } from './record-options.js';
export { RecordSession } from './record-session.js';
export type { Disposable, RecordEnd, RecordSessionOptions, RecordSessionResult } from './record-session.js';
export { commandSlug, createRunDirectory } from './run-directory.js';
export { prepareTarget } from './target.js';
export type { PreparedTarget, TargetOptions } from './target.js';

/** The name of the cast file inside a run directory. */
export const CAST_FILE_NAME = 'session.cast';

/**
 * record runs `options.command` in a pty of `cols`×`rows` and writes its output to a new cast, until the
 * command exits, the time limit passes (`endedBy: 'timeout'`) or `options.signal` aborts
 * (`endedBy: 'interrupt'`). A failing command is a normal result (see `exitCode`), not an error. Throws
 * ConfigError for a bad target (nothing is created then), InterruptedError if `signal` was aborted before
 * the start.
 */
export async function record(options: RecordOptions): Promise<RecordResult> {
  if (options.signal?.aborted) {
    throw new InterruptedError(abortSignalName(options.signal), 'recording interrupted before it started');
  }
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ConfigError(`--timeout: expected a positive duration, got ${timeoutMs} ms`);
  }
  const target = await prepareTarget(options);
  const dir =
    options.out !== undefined
      ? await prepareOutDirectory(options.out, CAST_FILE_NAME)
      : await createRunDirectory(options.outRoot ?? 'recordings', commandSlug(options.command, options.args));
  options.onDirectory?.(dir);
  const session = await RecordSession.start(target, {
    castPath: join(dir, CAST_FILE_NAME),
    theme: options.theme,
    title: options.title,
    stopGraceMs: options.stopGraceMs,
  });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => void session.stop('timeout'), timeoutMs);
  const onAbort = (): void => void session.stop('interrupt');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // An abort while the target was being prepared fired before anyone listened.
  if (options.signal?.aborted) onAbort();
  try {
    return { dir, ...(await session.finished()) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
