/**
 * node-pty behind the small interface the recorder needs, with two changes on Linux.
 *
 * Output is delivered as bytes, not text: the recorder writes them to the cast as they are, and decoding
 * 50 MB only to encode it again was a good part of what recording cost. Chunks are still cut at
 * character boundaries (utf8-boundary.ts), so that each one decodes on its own.
 *
 * Output printed just before the target exits must not be lost. libuv treats POLLHUP on the pty master
 * after a short read as end-of-file and stops reading, although the kernel still holds the last few KiB
 * the target wrote (node-pty issues #72, #85, #726; `seq 1 20000` lost its tail in 17 runs out of 20
 * here). The kernel keeps that data readable until it returns EIO, so on 'end' the rest is read
 * synchronously from the master fd, before node-pty closes it.
 *
 * One loss remains possible: node-pty destroys the reader 200 ms after the target exited if it has not
 * reached the end by then, which only happens if reading stays paused (cast writes blocked) that long.
 */
import { readSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';
import { spawn, type IPty } from 'node-pty';
import type { PreparedTarget } from './target.js';
import { CharacterBoundaryJoiner } from './utf8-boundary.js';

/** PtyExit is how the target ended: an exit code, or the name of the signal that killed it. */
export interface PtyExit {
  /** The exit code; null when a signal ended the target. */
  exitCode: number | null;
  /** The signal's name (`SIGTERM`), or null. */
  signal: string | null;
}

/** PtyProcess is a target running in a pseudo-terminal. */
export interface PtyProcess {
  /** The target's pid; it leads its own session and process group. */
  readonly pid: number;
  readonly cols: number;
  readonly rows: number;
  /**
   * onData calls `listener` with each chunk of output as raw bytes, cut at UTF-8 character boundaries (a
   * character split across reads comes whole in the later chunk).
   */
  onData(listener: (data: Buffer) => void): void;
  /** onExit calls `listener` once the target exited and all its output was delivered through `onData`. */
  onExit(listener: (exit: PtyExit) => void): void;
  /** write sends input to the target as if typed. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** pause stops reading output: once the pty's buffer is full, the target blocks on its writes. */
  pause(): void;
  resume(): void;
  /** kill signals the target process itself (not its tree). */
  kill(signal: NodeJS.Signals): void;
}

/** The parts of node-pty's UnixTerminal that the tail fix and deliverBytes() reach into. */
interface UnixTerminalInternals {
  fd?: number;
  _socket?: Readable;
}

const signalNames = new Map<number, string>(
  Object.entries(osConstants.signals).map(([name, number]) => [number, name]),
);

/** ptyExitOf turns node-pty's exit report (signal 0 = none) into a `PtyExit`. */
export function ptyExitOf(exitCode: number, signal: number | undefined): PtyExit {
  if (!signal) return { exitCode, signal: null };
  return { exitCode: null, signal: signalNames.get(signal) ?? `signal ${signal}` };
}

/** Reads what is left on the pty master until the kernel says EIO (slave closed and empty) or EAGAIN. */
function readRemainingOutput(fd: number, emit: (data: Buffer) => void): void {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let bytesRead: number;
    try {
      bytesRead = readSync(fd, buffer, 0, buffer.length, null);
    } catch {
      break;
    }
    if (bytesRead === 0) break;
    // A copy: `emit` may keep the bytes (merged into a cast event) while the buffer is read into again.
    emit(Buffer.from(buffer.subarray(0, bytesRead)));
  }
}

/**
 * Takes node-pty's UTF-8 decoder off its reader, so that 'data' brings the bytes read. node-pty offers
 * `encoding: null` for that, but then also leaves IUTF8 out of the terminal's modes, and the kernel's line
 * editing (erase in canonical mode) would cut characters in half. Readable streams have no public way to
 * undo `setEncoding()`; resetting its state works because nothing has been read yet. Should a Node
 * version ignore this, 'data' keeps bringing strings and `spawnPty` encodes them back.
 */
function deliverBytes(socket: Readable): void {
  const state = (socket as Readable & { _readableState?: { decoder: unknown; encoding: unknown } })._readableState;
  if (state === undefined || socket.readableLength > 0) return;
  state.decoder = null;
  state.encoding = null;
}

/** spawnPty starts the prepared target in a new pseudo-terminal of its size, in its cwd and environment. */
export function spawnPty(target: PreparedTarget): PtyProcess {
  const terminal: IPty & UnixTerminalInternals = spawn(target.executable, target.args, {
    // node-pty overwrites TERM with `name`: pass the environment's own so that --env TERM=... wins.
    name: target.env.TERM,
    cols: target.cols,
    rows: target.rows,
    cwd: target.cwd,
    env: target.env,
  });
  const dataListeners: Array<(data: Buffer) => void> = [];
  const joiner = new CharacterBoundaryJoiner();
  const emit = (chunk: Buffer): void => {
    const bytes = joiner.push(chunk);
    if (bytes === undefined) return;
    for (const listener of dataListeners) listener(bytes);
  };
  if (terminal._socket) deliverBytes(terminal._socket);
  // node-pty types its data as strings; they are bytes once deliverBytes() took effect.
  (terminal.onData as unknown as (listener: (data: Buffer | string) => void) => void)((data) =>
    emit(typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
  );
  // 'end' comes after the last 'data' event and before node-pty closes the fd and reports the exit.
  terminal._socket?.on('end', () => {
    if (terminal.fd !== undefined) readRemainingOutput(terminal.fd, emit);
    // An incomplete character at the very end is passed on as it is (it decodes to U+FFFD).
    const rest = joiner.end();
    if (rest !== undefined) for (const listener of dataListeners) listener(rest);
  });
  return {
    pid: terminal.pid,
    get cols() {
      return terminal.cols;
    },
    get rows() {
      return terminal.rows;
    },
    onData: (listener) => {
      dataListeners.push(listener);
    },
    onExit: (listener) => {
      terminal.onExit(({ exitCode, signal }) => listener(ptyExitOf(exitCode, signal)));
    },
    write: (data) => terminal.write(data),
    resize: (cols, rows) => terminal.resize(cols, rows),
    pause: () => terminal.pause(),
    resume: () => terminal.resume(),
    kill: (signal) => terminal.kill(signal),
  };
}
