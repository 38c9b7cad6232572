/**
 * A RecordSession is one target running in a pseudo-terminal while its output is written to a cast.
 * `record()` only starts one and waits for it; tapes drive one: they type (`write`), resize the terminal
 * (`resize`), mark steps (`marker`) and watch the output (`onData`) while the recording goes on.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CastOutputEvent, CastWriter, castTime } from '../asciicast/cast-writer.js';
import type { CastTheme } from '../asciicast/types.js';
import { ExecutionError } from '../errors.js';
import { killProcessTree, killProcessTreeOnExit } from './process-tree.js';
import { spawnPty, type PtyExit, type PtyProcess } from './pty.js';
import type { PreparedTarget } from './target.js';
import { SecretMasker, type Secret } from '../secrets.js';
import type { RecordEnd, RecordingEnd, StopSignal } from './recording-end.js';

export type { RecordEnd } from './recording-end.js';

/** RecordSessionOptions configures where and how a session writes its cast. */
export interface RecordSessionOptions {
  /** The cast file to write (created or truncated). */
  castPath: string;
  /** Theme written in the cast header. */
  theme?: CastTheme;
  /** Title written in the cast header. */
  title?: string;
  /**
   * Milliseconds a stopped target gets between SIGTERM and SIGKILL.
   * @default 2000
   */
  stopGraceMs?: number;
  /** Secrets masked in the output as it is recorded, one `*` per character (see secrets.ts). @default none */
  secrets?: readonly Secret[];
}

/**
 * RecordSessionResult describes a finished recording. How it ended (RecordingEnd): `exitCode` is the
 * target's own, only when it exited by itself; when the session stopped it, `stoppedWith` names the signal.
 */
export interface RecordSessionResult extends RecordingEnd {
  castPath: string;
  /** When the target was started, ISO 8601. */
  startedAt: string;
  /** Seconds from the start to the target's exit (also the cast header's `duration`). */
  durationSeconds: number;
  /** UTF-8 bytes of output recorded. */
  bytesRecorded: number;
  /** Event lines written to the cast (output, resize and marker events). */
  events: number;
  /** Why the cast could not be written to its end (a full disk, say): it holds every event up to then. */
  writeError?: Error;
  /** Where the secrets the target printed came from (variable names), masked in the cast; never their values. */
  maskedSecrets: string[];
}

/** Disposable is returned by `onData`: call `dispose()` to stop listening. */
export interface Disposable {
  dispose(): void;
}

/**
 * How long after the tree was killed we still wait for node-pty to report the exit before giving up on
 * it (node-pty itself gives up on a lingering pty after 200 ms, so this is only a last resort).
 */
const exitReportTimeoutMs = 1000;
/**
 * Output read within this many milliseconds of an event's first chunk joins that event and takes its time,
 * so no output is stamped more than this much early (asciinema merges reads too). Under a flood of output,
 * where a pty read brings 4 KiB, that makes a few hundred events a second instead of tens of thousands.
 */
const outputMergeWindowMs = 5;
/**
 * Output that may begin a secret is held back this long at most, waiting for the rest (see SecretMasker):
 * any output that follows lets it go at once, so only a target that pauses there shows it late.
 */
const heldOutputMs = 250;
/** An event is written as soon as it holds this many bytes, so that merging never holds much in memory. */
const outputMergeMaxBytes = 1 << 20;

/** RecordSession runs a target in a pty and writes everything it prints to an asciicast v2 file. */
export class RecordSession {
  /** The target's pid; it leads its own session and process group. */
  readonly pid: number;
  /** When the target was started, ISO 8601. */
  readonly startedAt: string;
  readonly castPath: string;
  private readonly pty: PtyProcess;
  private readonly writer: CastWriter;
  private readonly startMs: number;
  private readonly stopGraceMs: number;
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly exited: Promise<PtyExit>;
  /** The token every process the target starts carries (see run-token.ts). */
  private readonly runToken: string;
  /** Cancels the safety net that kills what is left of the target if termaudit exits first. */
  private cancelKillOnExit: () => void;
  private reportExit!: (exit: PtyExit) => void;
  private exitInfo: PtyExit | undefined;
  private endMs: number | undefined;
  /** The output event being put together: chunks that arrive soon after each other become one event. */
  private pending: CastOutputEvent | undefined;
  /** Writes the pending event once its merge window is over; re-armed (`refresh()`) for each new event. */
  private pendingTimer: NodeJS.Timeout | undefined;
  private paused = false;
  private closing = false;
  /** The tape ended and the terminal was hung up: later output is not recorded (see stopTarget). */
  private hungUp = false;
  /** Masks secrets in the output before anything (cast, listeners) sees it. */
  private readonly masker: SecretMasker;
  /** Masks secrets in what is typed before it is recorded as input events (a typed secret is held until it is whole). */
  private readonly inputMasker: SecretMasker;
  /** Lets go of output held back as the possible start of a secret once the output pauses. */
  private heldTimer: NodeJS.Timeout | undefined;
  private stopReason: Exclude<RecordEnd, 'exit'> | undefined;
  /** The last signal sent to stop the target's tree, once the session stopped it. */
  private stoppedWith: StopSignal | undefined;
  private stopping: Promise<void> | undefined;
  private finishing: Promise<RecordSessionResult> | undefined;

  private constructor(target: PreparedTarget, writer: CastWriter, options: RecordSessionOptions) {
    this.castPath = options.castPath;
    this.writer = writer;
    this.stopGraceMs = options.stopGraceMs ?? 2000;
    this.masker = new SecretMasker(options.secrets ?? []);
    this.inputMasker = new SecretMasker(options.secrets ?? []);
    this.runToken = target.runToken;
    this.exited = new Promise((resolve) => {
      this.reportExit = resolve;
    });
    this.startedAt = new Date().toISOString();
    this.startMs = performance.now();
    try {
      this.pty = spawnPty(target);
    } catch (error) {
      throw new ExecutionError(`could not start ${target.commandLine}: ${(error as Error).message}`, { cause: error });
    }
    this.pid = this.pty.pid;
    this.cancelKillOnExit = killProcessTreeOnExit(this.pid, this.runToken);
    this.pty.onData((data) => this.handleData(this.mask(data)));
    this.pty.onExit((exit) => this.markExited(exit));
    // Without a cast to write to, recording on only makes the target wait on a paused pty.
    writer.onError(() => void this.stop('write-error'));
  }

  /**
   * start opens the cast (header first), then spawns the target in a pty of `target.cols`×`target.rows`.
   * The target's directory and executable must have been checked (`prepareTarget`).
   */
  static async start(target: PreparedTarget, options: RecordSessionOptions): Promise<RecordSession> {
    const env: Record<string, string> = {};
    if (target.env.TERM !== undefined) env.TERM = target.env.TERM;
    if (target.env.SHELL !== undefined) env.SHELL = target.env.SHELL;
    const writer = await CastWriter.create(options.castPath, {
      width: target.cols,
      height: target.rows,
      timestamp: Math.floor(Date.now() / 1000),
      command: target.commandLine,
      title: options.title,
      env,
      theme: options.theme,
    });
    try {
      return new RecordSession(target, writer, options);
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
  }

  /** cols is the terminal's current width. */
  get cols(): number {
    return this.pty.cols;
  }

  /** rows is the terminal's current height. */
  get rows(): number {
    return this.pty.rows;
  }

  /** hasExited tells whether the target has exited (or was given up on after a stop). */
  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** elapsedSeconds is the time since the target started, on the cast's clock. */
  elapsedSeconds(): number {
    return (performance.now() - this.startMs) / 1000;
  }

  /** onData calls `listener` with every chunk of output the target prints, as it arrives. */
  onData(listener: (data: string) => void): Disposable {
    this.dataListeners.add(listener);
    return { dispose: () => this.dataListeners.delete(listener) };
  }

  /**
   * write types `input` into the terminal (keys, pasted text, control sequences) and records it as an
   * `"i"` event, secrets masked like the output (see SecretMasker); ignored after the exit. `hidden` input
   * (typed between a tape's Hide and Show) is recorded as one `*` per character: when, not what.
   */
  write(input: string, options: { hidden?: boolean } = {}): void {
    if (this.hasExited) return;
    this.pty.write(input);
    if (this.closing) return;
    const recorded = options.hidden ? '*'.repeat([...input].length) : this.inputMasker.active ? this.inputMasker.push(Buffer.from(input)).toString('utf8') : input;
    if (recorded === '') return;
    this.flushPending();
    this.applyBackpressure(this.writer.writeInput(this.elapsedSeconds(), recorded));
  }

  /** resize changes the terminal size and records an `"r"` event; ignored after the exit. */
  resize(cols: number, rows: number): void {
    if (this.hasExited) return;
    this.pty.resize(cols, rows);
    this.flushPending();
    this.applyBackpressure(this.writer.writeResize(this.elapsedSeconds(), cols, rows));
  }

  /** marker records an `"m"` event labelled `label` at the current time. */
  marker(label: string): void {
    if (this.closing) return;
    this.flushPending();
    this.applyBackpressure(this.writer.writeMarker(this.elapsedSeconds(), label));
  }

  /**
   * stop ends the target and everything it started (SIGHUP when a tape ends or fails, else SIGTERM; then SIGKILL after the grace period) and
   * resolves once it is gone. The recording then ends with `endedBy` = `reason`, unless the target had
   * already exited on its own.
   */
  stop(reason: Exclude<RecordEnd, 'exit'>): Promise<void> {
    if (this.hasExited) return Promise.resolve();
    this.stopping ??= this.stopTarget(reason);
    return this.stopping;
  }

  /**
   * finished resolves when the target has exited and the cast is complete on disk (every output chunk
   * written, header rewritten with the duration). Call it once or many times: it is the same promise.
   */
  finished(): Promise<RecordSessionResult> {
    this.finishing ??= this.finish();
    return this.finishing;
  }

  private async stopTarget(reason: Exclude<RecordEnd, 'exit'>): Promise<void> {
    this.stopReason = reason;
    // When a tape ends, at its last command or at a failed one, its terminal closes: the program gets the
    // hang-up a closed terminal sends, which an interactive shell obeys (it ignores SIGTERM). A time limit
    // or an interrupt stops it with SIGTERM.
    const tapeOver = reason === 'tape-end' || reason === 'tape-error';
    const polite: StopSignal = tapeOver ? 'SIGHUP' : 'SIGTERM';
    if (tapeOver) {
      // A closed terminal shows nothing more: what the program prints as it hangs up is not recorded.
      this.flushPending();
      this.hungUp = true;
    }
    try {
      const { killed } = await killProcessTree(this.pid, { graceMs: this.stopGraceMs, runToken: this.runToken, signal: polite });
      this.stoppedWith = killed > 0 ? 'SIGKILL' : polite;
    } catch {
      // /proc unreadable: the target's process group is the best we can still reach.
      this.stoppedWith = 'SIGKILL';
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    const reported = await Promise.race([this.exited.then(() => true), sleep(exitReportTimeoutMs, false, { ref: false })]);
    if (!reported) {
      // The tree is dead but node-pty never reported it: finish without an exit status rather than hang.
      this.pty.kill('SIGKILL');
      this.markExited({ exitCode: null, signal: null });
    }
  }

  private async finish(): Promise<RecordSessionResult> {
    const exit = await this.exited;
    if (this.stopping) await this.stopping;
    // The target is gone, but what it left running (background jobs, daemons in sessions of their own)
    // would outlive the recording as orphans: stop those too.
    else await killProcessTree(this.pid, { graceMs: this.stopGraceMs, runToken: this.runToken }).catch(() => undefined);
    this.cancelKillOnExit();
    // The pty reports the exit once all output has been delivered (see pty.ts); one turn of the event loop
    // is left for a data event already queued behind the exit anyway.
    await new Promise((resolve) => setImmediate(resolve));
    clearTimeout(this.heldTimer);
    this.handleData(this.masker.flush());
    this.flushPending();
    clearTimeout(this.pendingTimer);
    const heldInput = this.inputMasker.flush();
    if (heldInput.length > 0) this.writer.writeInput(this.elapsedSeconds(), heldInput.toString('utf8'));
    this.closing = true;
    const durationSeconds = ((this.endMs ?? performance.now()) - this.startMs) / 1000;
    const writeError = await this.writer.close(durationSeconds).then(
      () => undefined,
      (error: Error) => error,
    );
    return {
      ...(writeError ? { writeError } : {}),
      castPath: this.castPath,
      endedBy: this.stopReason ?? 'exit',
      // A program that was stopped has no exit code of its own (htop, given SIGTERM, exits with 0).
      exitCode: this.stopReason ? null : exit.exitCode,
      signal: exit.signal,
      ...(this.stopReason && this.stoppedWith && { stoppedWith: this.stoppedWith }),
      startedAt: this.startedAt,
      durationSeconds: castTime(durationSeconds),
      bytesRecorded: this.writer.outputBytes,
      events: this.writer.events,
      maskedSecrets: [...new Set([...this.masker.found, ...this.inputMasker.found])],
    };
  }

  private markExited(exit: PtyExit): void {
    if (this.exitInfo) return;
    this.exitInfo = exit;
    this.endMs = performance.now();
    // Once the target is gone its pid may be reused: the exit safety net must not fire at that pid, but
    // still at what the target left running, until finish() has stopped that.
    this.cancelKillOnExit();
    this.cancelKillOnExit = killProcessTreeOnExit(undefined, this.runToken);
    this.reportExit(exit);
  }

  /** mask masks the secrets in a chunk of output; the start of a possible secret is held until more comes (or heldOutputMs pass). */
  private mask(bytes: Buffer): Buffer {
    if (!this.masker.active) return bytes;
    const masked = this.masker.push(bytes);
    if (this.masker.holding) {
      this.heldTimer ??= setTimeout(() => this.handleData(this.masker.flush()), heldOutputMs);
      this.heldTimer.refresh();
    }
    return masked;
  }

  private handleData(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.dataListeners.size > 0) {
      // The chunks end on character boundaries (pty.ts), so each one decodes on its own.
      const text = bytes.toString('utf8');
      for (const listener of this.dataListeners) listener(text);
    }
    if (this.closing || this.hungUp) return;
    const nowMs = performance.now() - this.startMs;
    let pending = this.pending;
    if (pending === undefined || nowMs - pending.seconds * 1000 >= outputMergeWindowMs) {
      this.flushPending();
      pending = new CastOutputEvent(nowMs / 1000);
      this.pending = pending;
      this.armPendingTimer();
    }
    pending.add(bytes);
    if (pending.textBytes >= outputMergeMaxBytes) this.flushPending();
  }

  private armPendingTimer(): void {
    // One timer for the whole recording: a timer per event would be created and cleared hundreds of
    // times a second under a flood of output.
    if (this.pendingTimer === undefined) {
      this.pendingTimer = setTimeout(() => this.flushPending(), outputMergeWindowMs);
    } else {
      this.pendingTimer.refresh();
    }
  }

  private flushPending(): void {
    const pending = this.pending;
    if (!pending || this.closing) return;
    this.pending = undefined;
    this.applyBackpressure(this.writer.writeOutputEvent(pending));
  }

  /**
   * Stops reading the pty while the cast's write buffer is full: the target then blocks on its own
   * writes (the pty buffer fills up), so a flood of output never piles up in our memory.
   */
  private applyBackpressure(writeAccepted: boolean): void {
    if (writeAccepted || this.paused) return;
    this.paused = true;
    this.pty.pause();
    void this.writer.drained().then(() => {
      this.paused = false;
      this.pty.resume();
    });
  }
}
