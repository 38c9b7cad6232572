/**
 * LiveScreen keeps a headless terminal in step with a running target: every chunk the target prints is fed
 * to the emulator in order, so waits and screenshots read the screen the target has drawn so far. It also
 * follows DECCKM (`ESC [ ? 1 h` / `l`), which decides the bytes of the cursor keys, and notes when the
 * target first switched to the alternate screen (`ESC [ ? 1049 h`, or the older 1047 and 47), the mark of a
 * full-screen program (`termaudit init` probes for it).
 */
import { snapshotText, type ScreenSnapshot } from '../../render/screen.js';
import type { VirtualTerminal } from '../../render/virtual-terminal.js';
import type { CursorKeyMode } from './key-bytes.js';

/** OutputSource is the part of a RecordSession a LiveScreen listens to. */
export interface OutputSource {
  onData(listener: (data: string) => void): { dispose(): void };
}

// DEC private mode sets and resets; a sequence split between two chunks is completed by the kept tail.
const privateModePattern = /\x1b\[\?([\d;]*)([hl])/g;
const unfinishedSequence = /\x1b(\[[?\d;]*)?$/;
/** The DEC private modes that switch to the alternate screen: 1049 (xterm, saves the cursor), 1047 and 47. */
const alternateScreenModes = ['1049', '1047', '47'];

/** LiveScreen feeds a session's output to a VirtualTerminal and reads its visible screen. */
export class LiveScreen {
  readonly terminal: VirtualTerminal;
  #cursorKeyMode: CursorKeyMode = 'normal';
  #written: Promise<void> = Promise.resolve();
  #tail = '';
  #lastOutputAt = performance.now();
  #alternateScreenAt: number | undefined;
  readonly #subscription: { dispose(): void };

  constructor(source: OutputSource, terminal: VirtualTerminal) {
    this.terminal = terminal;
    this.#subscription = source.onData((data) => {
      this.#lastOutputAt = performance.now();
      this.#followModes(data);
      this.#written = this.#written.then(() => terminal.write(data));
    });
  }

  /** cursorKeyMode is the cursor-key mode the target last asked for. */
  get cursorKeyMode(): CursorKeyMode {
    return this.#cursorKeyMode;
  }

  /** alternateScreenAt is when (performance.now(), ms) the target first switched to the alternate screen, if it did. */
  get alternateScreenAt(): number | undefined {
    return this.#alternateScreenAt;
  }

  /** settled resolves once every chunk received so far has been parsed by the emulator. */
  settled(): Promise<void> {
    return this.#written;
  }

  /**
   * quiet resolves once the target has printed nothing for `quietMs` (and that output is parsed), or after
   * `limitMs` at most, for a target that never stops printing.
   */
  async quiet(quietMs: number, limitMs: number): Promise<void> {
    const deadline = performance.now() + limitMs;
    for (;;) {
      const now = performance.now();
      const quietAt = this.#lastOutputAt + quietMs;
      if (now >= quietAt || now >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietAt, deadline) - now));
    }
    await this.settled();
  }

  /** snapshot waits for the output received so far, then reads the visible screen. */
  async snapshot(): Promise<ScreenSnapshot> {
    await this.settled();
    return this.terminal.snapshot();
  }

  /** screenText returns the visible screen (never the scrollback) as text, trailing spaces trimmed. */
  async screenText(): Promise<string> {
    return snapshotText(await this.snapshot());
  }

  /** cursorLine returns the text of the line the cursor is on, trailing spaces trimmed. */
  async cursorLine(): Promise<string> {
    const snapshot = await this.snapshot();
    const start = snapshot.cursorY * snapshot.cols;
    return snapshot.chars.slice(start, start + snapshot.cols).join('').trimEnd();
  }

  /** dispose stops listening to the session. */
  dispose(): void {
    this.#subscription.dispose();
  }

  #followModes(data: string): void {
    const text = this.#tail + data;
    for (const match of text.matchAll(privateModePattern)) {
      const modes = match[1].split(';');
      if (modes.includes('1')) this.#cursorKeyMode = match[2] === 'h' ? 'application' : 'normal';
      if (match[2] === 'h' && alternateScreenModes.some((mode) => modes.includes(mode))) this.#alternateScreenAt ??= performance.now();
    }
    this.#tail = unfinishedSequence.exec(text)?.[0] ?? '';
  }
}
