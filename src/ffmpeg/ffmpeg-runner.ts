/**
 * The one way termaudit runs ffmpeg (the encoder, the video sampler, the heuristic judge). ffmpeg gets its
 * own process group, so a Ctrl-C in the terminal reaches termaudit alone, which aborts: then, and when
 * termaudit exits first, ffmpeg is killed (no orphan keeps writing). Failures are classified here once: a
 * binary that cannot start is a ConfigError naming FFMPEG_PATH, an abort an InterruptedError, any other
 * failure an ExecutionError with ffmpeg's last stderr lines, unless the caller phrases it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { abortSignalName, ExecutionError, InterruptedError, messageOf, restate } from '../errors.js';
import { finalPathOf } from '../files.js';
import { ffmpegNotFound, ffmpegPath } from './ffmpeg-binary.js';

/** Lines of ffmpeg's stderr kept for failure messages (blank lines are not kept). */
const stderrTailLines = 20;

/** FfmpegRunOptions controls one ffmpeg run; every field is optional. */
export interface FfmpegRunOptions {
  /** Aborting kills ffmpeg and rejects with InterruptedError (`<task> interrupted`). */
  signal?: AbortSignal;
  /** Gives ffmpeg a stdin pipe (`FfmpegProcess.stdin`), else /dev/null. @default false */
  stdin?: boolean;
  /** Receives each chunk of stdout (`cutFrames` cuts them into frames); without it stdout is discarded. */
  onStdout?: (chunk: Buffer) => void;
  /** Receives each stderr line; returning true keeps the line out of the failure tail (a `showinfo` line, say). */
  onStderrLine?: (line: string) => boolean | void;
  /** Exit codes that count as success (`ffmpeg -i` without an output exits 1). @default [0] */
  successCodes?: readonly number[];
  /** What ffmpeg does, for messages: `<task> interrupted`, and by default `ffmpeg failed while <task> (exited with code 1)` + stderr tail. */
  task?: string;
  /** Phrases a failure instead of that default; `reason` reads `exited with code 1` or `was killed by SIGSEGV`. */
  describeFailure?: (failure: { reason: string; stderrTail: readonly string[] }) => Error;
}

/** FfmpegProcess is a running ffmpeg. */
export interface FfmpegProcess {
  /** ffmpeg's process id, which is also the id of its process group. */
  readonly pid: number;
  /** ffmpeg's stdin when `stdin` was asked for (`write` returns false while the pipe is full). */
  readonly stdin: Writable | undefined;
  /** Resolves with ffmpeg's last stderr lines when it exits with a success code; rejects with the classified error. */
  readonly exit: Promise<string[]>;
  /** kill sends SIGKILL and resolves once ffmpeg has exited (at once when it already has). */
  kill(): Promise<void>;
}

/** Running ffmpeg processes, killed if termaudit exits first (an uncaught error, `process.exit()`). */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach(killGroup));

/** killGroup sends SIGKILL to ffmpeg's process group, unless it has exited already; synchronous, for `exit` too. */
function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}

/**
 * startFfmpeg spawns ffmpeg (`ffmpegPath()`) with `args` and resolves once it runs. Rejects with
 * ConfigError naming FFMPEG_PATH when the binary cannot run, with InterruptedError when `signal` is aborted.
 */
export async function startFfmpeg(args: readonly string[], options: FfmpegRunOptions = {}): Promise<FfmpegProcess> {
  const { signal } = options;
  const interrupted = () => new InterruptedError(abortSignalName(signal!), `${options.task ?? 'ffmpeg'} interrupted`);
  if (signal?.aborted) throw interrupted();
  const binary = ffmpegPath();
  const child = spawn(binary, args, {
    detached: true,
    stdio: [options.stdin ? 'pipe' : 'ignore', options.onStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  // Write errors (EPIPE once ffmpeg died) surface through `exit`; without a listener they would crash termaudit.
  child.stdin?.on('error', () => {});
  if (options.onStdout) child.stdout!.on('data', options.onStdout);
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
    if (options.onStderrLine?.(line) === true || line.trim() === '') return;
    if (stderrTail.push(line.trimEnd()) > stderrTailLines) stderrTail.shift();
  });
  running.add(child);
  const exit = new Promise<string[]>((resolve, reject) => {
    child.once('error', (error) => reject(spawnFailure(error, binary)));
    child.once('close', (code, signalCode) => {
      if (signal?.aborted) return reject(interrupted());
      if (code !== null && (options.successCodes ?? [0]).includes(code)) return resolve(stderrTail);
      const failure = { reason: code !== null ? `exited with code ${code}` : `was killed by ${signalCode}`, stderrTail };
      const said = stderrTail.length > 0 ? `\nffmpeg said:\n${stderrTail.join('\n')}` : '';
      reject(options.describeFailure?.(failure) ?? fileFailure(stderrTail) ?? new ExecutionError(`ffmpeg failed${options.task ? ` while ${options.task}` : ''} (${failure.reason})${said}`));
    });
  }).finally(() => {
    running.delete(child);
    signal?.removeEventListener('abort', kill);
  });
  exit.catch(() => {}); // the caller observes it; a start that fails must not leave an unhandled rejection
  const kill = async () => {
    killGroup(child);
    await exit.catch(() => {});
  };
  signal?.addEventListener('abort', kill, { once: true });
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    exit.catch(reject);
  });
  return { pid: child.pid!, stdin: child.stdin ?? undefined, exit, kill };
}

/** runFfmpeg runs ffmpeg with `args` to its end and returns its last stderr lines; it fails as `startFfmpeg` and its `exit` do. */
export async function runFfmpeg(args: readonly string[], options: FfmpegRunOptions = {}): Promise<string[]> {
  return (await startFfmpeg(args, options)).exit;
}

/**
 * cutFrames returns an `onStdout` handler that cuts a raw video stream into frames of `frameBytes` bytes,
 * wherever its chunks end, and hands each complete frame to `onFrame`. A frame may share memory with a
 * chunk: copy what you keep (`new Uint8Array(frame)`; a Buffer's `slice` copies nothing). A partial frame
 * at the end of the stream is dropped.
 */
export function cutFrames(frameBytes: number, onFrame: (frame: Uint8Array) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (; pending.length >= frameBytes; pending = pending.subarray(frameBytes)) onFrame(pending.subarray(0, frameBytes));
  };
}

/** What ffmpeg says when a file system call fails, and the errno code it stands for. */
const ffmpegFileErrors: Record<string, string> = {
  'No space left on device': 'ENOSPC',
  'Disk quota exceeded': 'EDQUOT',
  'Permission denied': 'EACCES',
  'Read-only file system': 'EROFS',
  'File too large': 'EFBIG',
};

/**
 * fileFailure words an ffmpeg failure to write a file (a full disk, say) like termaudit's own: one line
 * naming the output (not its temporary name) and the reason; undefined for any other failure.
 */
function fileFailure(stderrTail: readonly string[]): Error | undefined {
  for (const line of stderrTail) {
    const match = /^(?:.*? of )?(\/.+?): (No space left on device|Disk quota exceeded|Permission denied|Read-only file system|File too large)$/.exec(line);
    if (!match) continue;
    const error = Object.assign(new Error(line), { code: ffmpegFileErrors[match[2]!]!, syscall: 'write', path: finalPathOf(match[1]!) });
    return restate(error, messageOf(error));
  }
  return undefined;
}

/** spawnFailure classifies an error of spawning: a binary that is missing or not executable is the user's to fix. */
function spawnFailure(error: NodeJS.ErrnoException, binary: string): Error {
  if (error.code === 'ENOENT' || error.code === 'EACCES') return ffmpegNotFound(`${binary} failed to start (${error.code})`, error);
  return new ExecutionError(`cannot run ffmpeg at ${binary}: ${error.message}`, { cause: error });
}
