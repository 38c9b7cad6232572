/**
 * The one way termaudit runs ffmpeg (the encoder, the video sampler and the heuristic judge all use it).
 * ffmpeg gets its own process group, so a Ctrl-C in the terminal reaches termaudit only, which then
 * decides: aborting kills ffmpeg, and so does termaudit exiting while ffmpeg still runs (no orphan keeps
 * writing a video). Failures are classified here once: a binary that cannot start is a ConfigError naming
 * FFMPEG_PATH, an abort an InterruptedError, any other failure an ExecutionError with ffmpeg's last
 * stderr lines, unless the caller phrases it itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { abortSignalName, ConfigError, ExecutionError, InterruptedError } from '../errors.js';
import { ffmpegPath } from './ffmpeg-binary.js';

/** Lines of ffmpeg's stderr kept for failure messages (blank lines are not kept). */
const stderrTailLines = 20;

/** FfmpegRunOptions controls one ffmpeg run; every field is optional. */
export interface FfmpegRunOptions {
  /** Aborting kills ffmpeg with SIGKILL and rejects with InterruptedError. */
  signal?: AbortSignal;
  /** Message of that InterruptedError. @default 'ffmpeg interrupted' */
  interruptedMessage?: string;
  /** Gives ffmpeg a stdin pipe (`FfmpegProcess.stdin`); without it ffmpeg's stdin is /dev/null. @default false */
  stdin?: boolean;
  /** Receives each chunk of stdout (`cutFrames` cuts them into frames); without it stdout is discarded. */
  onStdout?: (chunk: Buffer) => void;
  /** Receives each stderr line; returning true keeps the line out of the failure tail (a `showinfo` line, say). */
  onStderrLine?: (line: string) => boolean | void;
  /** Exit codes that count as success (`ffmpeg -i` without an output exits 1). @default [0] */
  successCodes?: readonly number[];
  /** What ffmpeg is doing, for the default failure message `ffmpeg failed while <task> (exited with code 1)`. */
  task?: string;
  /** Phrases a failure instead of that default ExecutionError (spawn errors and aborts are never passed here). */
  describeFailure?: (failure: FfmpegFailure) => Error;
}

/** FfmpegFailure is an ffmpeg run that ended badly: how it ended, and its last stderr lines. */
export interface FfmpegFailure {
  /** `exited with code 1`, or `was killed by SIGSEGV`. */
  reason: string;
  stderrTail: readonly string[];
}

/** FfmpegProcess is a running ffmpeg. */
export interface FfmpegProcess {
  readonly pid: number;
  /** ffmpeg's stdin when `stdin` was asked for (`write` returns false while the pipe is full). */
  readonly stdin: Writable | undefined;
  /** Resolves with ffmpeg's last stderr lines when it exits with a success code; rejects with the classified error. */
  readonly exit: Promise<string[]>;
  /** kill sends SIGKILL and resolves once ffmpeg has exited (at once when it already has). */
  kill(): Promise<void>;
}

/** Running ffmpeg processes, SIGKILLed if termaudit exits first (an uncaught error, `process.exit()`). */
const running = new Set<ChildProcess>();

/** killRunningOnExit is the `exit` listener: only synchronous work can happen there. */
function killRunningOnExit(): void {
  for (const child of running) killGroup(child);
}

/** killGroup sends SIGKILL to ffmpeg's process group, unless it has exited already. */
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
 * ConfigError naming FFMPEG_PATH when the binary is missing or cannot run, with InterruptedError when
 * `signal` is already aborted.
 */
export async function startFfmpeg(args: readonly string[], options: FfmpegRunOptions = {}): Promise<FfmpegProcess> {
  const { signal } = options;
  const interrupted = () => new InterruptedError(abortSignalName(signal!), options.interruptedMessage ?? 'ffmpeg interrupted');
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
    stderrTail.push(line.trimEnd());
    if (stderrTail.length > stderrTailLines) stderrTail.shift();
  });
  const kill = () => killGroup(child);
  const exit = new Promise<string[]>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(spawnFailure(error, binary)));
    child.once('close', (code, signalCode) => {
      if (signal?.aborted) reject(interrupted());
      else if (code !== null && (options.successCodes ?? [0]).includes(code)) resolve(stderrTail);
      else {
        const failure = { reason: code !== null ? `exited with code ${code}` : `was killed by ${signalCode}`, stderrTail };
        reject(options.describeFailure?.(failure) ?? defaultFailure(failure, options.task));
      }
    });
  }).finally(() => {
    running.delete(child);
    if (running.size === 0) process.off('exit', killRunningOnExit);
    signal?.removeEventListener('abort', kill);
  });
  exit.catch(() => {}); // the caller observes it; a start that fails must not leave an unhandled rejection
  if (running.size === 0) process.on('exit', killRunningOnExit);
  running.add(child);
  signal?.addEventListener('abort', kill, { once: true });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    exit.catch(reject);
  });
  return {
    pid: child.pid!,
    stdin: child.stdin ?? undefined,
    exit,
    kill: async () => {
      kill();
      await exit.catch(() => {});
    },
  };
}

/** runFfmpeg runs ffmpeg with `args` to its end and returns its last stderr lines; it fails as `startFfmpeg` and its `exit` do. */
export async function runFfmpeg(args: readonly string[], options: FfmpegRunOptions = {}): Promise<string[]> {
  return (await startFfmpeg(args, options)).exit;
}

/**
 * cutFrames returns an `onStdout` handler that cuts a raw video stream into frames of `frameBytes` bytes,
 * wherever the chunks happen to end, and hands each complete frame to `onFrame`. The frame is the same
 * buffer every time: copy what you keep. A partial frame at the end of the stream is dropped.
 */
export function cutFrames(frameBytes: number, onFrame: (frame: Uint8Array) => void): (chunk: Buffer) => void {
  const frame = new Uint8Array(frameBytes);
  let filled = 0;
  return (chunk) => {
    for (let offset = 0; offset < chunk.length; ) {
      const taken = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled === frameBytes) {
        filled = 0;
        onFrame(frame);
      }
    }
  };
}

/** defaultFailure is the ExecutionError of a failed run: what ffmpeg was doing, how it ended, and what it said last. */
function defaultFailure({ reason, stderrTail }: FfmpegFailure, task: string | undefined): ExecutionError {
  const said = stderrTail.length === 0 ? '' : `\nffmpeg said:\n${stderrTail.join('\n')}`;
  return new ExecutionError(`ffmpeg failed${task ? ` while ${task}` : ''} (${reason})${said}`);
}

/** spawnFailure classifies an error of spawning: a binary that is missing or not executable is the user's to fix. */
function spawnFailure(error: NodeJS.ErrnoException, binary: string): Error {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return new ConfigError(
      `cannot run ffmpeg at ${binary} (${error.code}): set FFMPEG_PATH to an ffmpeg binary (or unset it to use the bundled one)`,
      { cause: error },
    );
  }
  return new ExecutionError(`cannot run ffmpeg at ${binary}: ${error.message}`, { cause: error });
}
