/**
 * VirtualTerminal wraps @xterm/headless: it feeds a recording's output into a terminal emulator with the
 * Unicode 11 width tables (emoji and CJK take two cells) and reads the visible screen back as a
 * `ScreenSnapshot`. It never looks at the wall clock; the caller decides when a screen state is a frame.
 * Every reader of output goes through it (render, sample, the heuristic judge, a tape's live screen), so
 * this is where repeat counts that would keep the emulator busy for minutes are clamped
 * (repeat-count-clamp.ts), and where big writes are cut so that timers and signals get their turn.
 */
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { RepeatCountClamp } from './repeat-count-clamp.js';
import { CellFlag, DEFAULT_COLOR, TRUECOLOR_BIT, type ScreenSnapshot } from './screen.js';

const { Terminal } = xtermHeadless;
const { Unicode11Addon } = unicode11;

/** The most characters handed to the emulator at once: a longer write is parsed in slices, the event loop turning between them. */
const WRITE_SLICE = 16_384;

type XtermTerminal = InstanceType<typeof Terminal>;
type XtermCell = NonNullable<ReturnType<NonNullable<ReturnType<XtermTerminal['buffer']['active']['getLine']>>['getCell']>>;

/** VirtualTerminalOptions sizes the emulator. */
export interface VirtualTerminalOptions {
  cols: number;
  rows: number;
  /** Lines kept above the screen (only the visible screen is ever drawn). @default 1000 */
  scrollback?: number;
}

function colorOf(cell: XtermCell, foreground: boolean): number {
  if (foreground) {
    if (cell.isFgDefault()) return DEFAULT_COLOR;
    return cell.isFgRGB() ? TRUECOLOR_BIT | cell.getFgColor() : cell.getFgColor();
  }
  if (cell.isBgDefault()) return DEFAULT_COLOR;
  return cell.isBgRGB() ? TRUECOLOR_BIT | cell.getBgColor() : cell.getBgColor();
}

function flagsOf(cell: XtermCell): number {
  let flags = 0;
  if (cell.isBold()) flags |= CellFlag.bold;
  if (cell.isDim()) flags |= CellFlag.dim;
  if (cell.isItalic()) flags |= CellFlag.italic;
  if (cell.isUnderline()) flags |= CellFlag.underline;
  if (cell.isStrikethrough()) flags |= CellFlag.strikethrough;
  if (cell.isInverse()) flags |= CellFlag.inverse;
  if (cell.isInvisible()) flags |= CellFlag.invisible;
  if (cell.isBlink()) flags |= CellFlag.blink;
  if (cell.isOverline()) flags |= CellFlag.overline;
  return flags;
}

/** The DEC private modes that switch to the alternate screen and back (`CSI ? 1049 h/l`, and the older 1047 and 47). */
const ALTERNATE_SCREEN_MODES: ReadonlySet<number> = new Set([1049, 1047, 47]);

/** AlternateScreenExit is what the main screen showed at the moment a program left the alternate screen. */
export interface AlternateScreenExit {
  /** Which stay on the alternate screen ended (see VirtualTerminal.alternateSession). */
  session: number;
  /** The main screen's rows as text (trailing blanks trimmed), as restored at that moment. */
  mainRows: string[];
}

/** VirtualTerminal is a headless terminal emulator whose screen can be read as snapshots. */
export class VirtualTerminal {
  readonly #terminal: XtermTerminal;
  readonly #clamp = new RepeatCountClamp();
  /** The write being parsed in slices, if any: later writes wait for it, so the output keeps its order. */
  #writing: Promise<void> | undefined;
  #cursorVisible = true;
  #alternateSession = 0;
  #lastAlternateExit: AlternateScreenExit | undefined;
  #alternateScrolledLines = 0;
  /** The buffer the last scroll event was heard on: a scroll event that finds another active is the switch itself. */
  #scrollBuffer: 'normal' | 'alternate' = 'normal';

  constructor(options: VirtualTerminalOptions) {
    this.#terminal = new Terminal({
      cols: options.cols,
      rows: options.rows,
      scrollback: options.scrollback ?? 1000,
      allowProposedApi: true,
      convertEol: false,
    });
    this.#terminal.loadAddon(new Unicode11Addon());
    this.#terminal.unicode.activeVersion = '11';
    // The public API does not expose DECTCEM (cursor show/hide), so watch the sequences go by and let
    // xterm handle them as usual (returning false keeps the default handler).
    const watchCursor = (visible: boolean) => (params: (number | number[])[]) => {
      if (params.some((param) => param === 25)) this.#cursorVisible = visible;
      return false;
    };
    this.#terminal.parser.registerCsiHandler({ prefix: '?', final: 'h' }, watchCursor(true));
    this.#terminal.parser.registerCsiHandler({ prefix: '?', final: 'l' }, watchCursor(false));
    // The main screen as the program left it restored, read at the very byte that switches back (a frame
    // slot may hold that switch and what a shell printed next): see last-seen-screen.ts.
    const watchAlternate = (entering: boolean) => (params: (number | number[])[]) => {
      if (!params.some((param) => typeof param === 'number' && ALTERNATE_SCREEN_MODES.has(param))) return false;
      const onAlternate = this.#terminal.buffer.active.type === 'alternate';
      if (entering && !onAlternate) this.#alternateSession++;
      if (!entering && onAlternate) this.#lastAlternateExit = { session: this.#alternateSession, mainRows: this.#mainRows() };
      return false;
    };
    this.#terminal.parser.registerCsiHandler({ prefix: '?', final: 'h' }, watchAlternate(true));
    this.#terminal.parser.registerCsiHandler({ prefix: '?', final: 'l' }, watchAlternate(false));
    this.#terminal.parser.registerEscHandler({ final: 'c' }, () => {
      this.#cursorVisible = true;
      return false;
    });
    // Lines the alternate screen scrolls: xterm reports every line feed at the bottom of the screen or of a
    // scroll region, and a switch of buffers, as a scroll; the switch is told apart because it changes the
    // active buffer before the buffer-change event comes. Scroll-up (CSI n S) moves lines without a report.
    this.#terminal.onScroll(() => {
      const active = this.#terminal.buffer.active.type;
      if (active === 'alternate' && this.#scrollBuffer === 'alternate') this.#alternateScrolledLines++;
      this.#scrollBuffer = active;
    });
    this.#terminal.buffer.onBufferChange((buffer) => (this.#scrollBuffer = buffer.type));
    this.#terminal.parser.registerCsiHandler({ final: 'S' }, (params) => {
      if (this.#terminal.buffer.active.type === 'alternate') this.#alternateScrolledLines += Math.max(1, Number(params[0]) || 1);
      return false;
    });
  }

  /**
   * alternateScrolledLines counts the lines the alternate screen (a full-screen program's) has scrolled up so
   * far: line feeds at the bottom of the screen or of a scroll region, and scroll-ups (CSI n S). The main
   * screen's scrolling is measured from the output itself (newlines less cursor-up moves).
   */
  get alternateScrolledLines(): number {
    return this.#alternateScrolledLines;
  }

  get cols(): number {
    return this.#terminal.cols;
  }

  get rows(): number {
    return this.#terminal.rows;
  }

  /** alternateSession counts the stays on the alternate screen begun so far: while on it, the number of the current one. */
  get alternateSession(): number {
    return this.#alternateSession;
  }

  /** lastAlternateExit is the main screen as restored when the program last left the alternate screen, if it ever did. */
  get lastAlternateExit(): AlternateScreenExit | undefined {
    return this.#lastAlternateExit;
  }

  #mainRows(): string[] {
    const buffer = this.#terminal.buffer.normal;
    const rows: string[] = [];
    for (let row = 0; row < this.#terminal.rows; row++) rows.push(buffer.getLine(buffer.baseY + row)?.translateToString(true) ?? '');
    return rows;
  }

  /** synchronizedOutput tells whether the program is in the middle of a synchronized update (DEC 2026). */
  get synchronizedOutput(): boolean {
    return this.#terminal.modes.synchronizedOutputMode;
  }

  /**
   * write feeds output to the emulator and resolves once it has been parsed; writes are parsed in the order
   * they were made. Repeat counts are clamped to the current size (the caller resizes between writes, as
   * replay does). A long write is parsed in slices with a turn of the event loop between them, so that
   * timers (a --timeout) and signal handlers still run while a flood of output is parsed.
   */
  write(data: string): Promise<void> {
    const clamped = this.#clamp.push(data, this.#terminal.cols, this.#terminal.rows);
    if (clamped.length <= WRITE_SLICE && this.#writing === undefined) return this.#parse(clamped);
    const previous = this.#writing ?? Promise.resolve();
    const written = previous.then(() => this.#parseInSlices(clamped));
    this.#writing = written;
    void written.then(() => {
      if (this.#writing === written) this.#writing = undefined;
    });
    return written;
  }

  #parse(text: string): Promise<void> {
    return new Promise((resolve) => this.#terminal.write(text, resolve));
  }

  async #parseInSlices(text: string): Promise<void> {
    for (let start = 0; start < text.length; start += WRITE_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.#parse(text.slice(start, start + WRITE_SLICE));
    }
  }

  /** resize changes the terminal size, as a resize event in the recording does. */
  resize(cols: number, rows: number): void {
    this.#terminal.resize(cols, rows);
  }

  /**
   * snapshot reads the visible screen (not the scrollback) with colors, attributes and the cursor. Given
   * `reuse`, a snapshot of the same size that is no longer needed, it fills that one instead of allocating.
   */
  snapshot(reuse?: ScreenSnapshot): ScreenSnapshot {
    const { cols, rows } = this.#terminal;
    const buffer = this.#terminal.buffer.active;
    const size = cols * rows;
    const fits = reuse !== undefined && reuse.cols === cols && reuse.rows === rows;
    const chars = fits ? reuse.chars : new Array<string>(size);
    const widths = fits ? reuse.widths : new Uint8Array(size);
    const fg = fits ? reuse.fg : new Int32Array(size);
    const bg = fits ? reuse.bg : new Int32Array(size);
    const flags = fits ? reuse.flags : new Uint16Array(size);
    const wrapped = fits ? reuse.wrapped : new Uint8Array(rows);
    let cell: XtermCell | undefined;
    for (let row = 0; row < rows; row++) {
      const line = buffer.getLine(buffer.baseY + row);
      wrapped[row] = line?.isWrapped ? 1 : 0;
      for (let col = 0; col < cols; col++) {
        const index = row * cols + col;
        cell = line?.getCell(col, cell);
        if (!cell) {
          chars[index] = ' ';
          widths[index] = 1;
          fg[index] = DEFAULT_COLOR;
          bg[index] = DEFAULT_COLOR;
          flags[index] = 0;
          continue;
        }
        const width = cell.getWidth();
        widths[index] = width;
        chars[index] = width === 0 ? '' : cell.getChars() || ' ';
        fg[index] = colorOf(cell, true);
        bg[index] = colorOf(cell, false);
        flags[index] = flagsOf(cell);
      }
    }
    if (fits) {
      reuse.cursorX = Math.min(buffer.cursorX, cols - 1);
      reuse.cursorY = buffer.cursorY;
      reuse.cursorVisible = this.#cursorVisible;
      reuse.alternate = buffer.type === 'alternate';
      return reuse;
    }
    return {
      cols,
      rows,
      chars,
      widths,
      fg,
      bg,
      flags,
      cursorX: Math.min(buffer.cursorX, cols - 1),
      cursorY: buffer.cursorY,
      cursorVisible: this.#cursorVisible,
      wrapped,
      alternate: buffer.type === 'alternate',
    };
  }

  /** dispose frees the emulator. */
  dispose(): void {
    this.#terminal.dispose();
  }
}
