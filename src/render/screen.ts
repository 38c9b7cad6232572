/**
 * ScreenSnapshot is one screen state of the virtual terminal, flattened into typed arrays so that the
 * rasterizer can compare two states cell by cell and redraw only what changed.
 *
 * Cell `i` is at column `i % cols`, row `Math.floor(i / cols)`.
 */

/** CellFlag holds the bits of `ScreenSnapshot.flags`. */
export const CellFlag = {
  bold: 1,
  dim: 2,
  italic: 4,
  underline: 8,
  strikethrough: 16,
  inverse: 32,
  invisible: 64,
  blink: 128,
  overline: 256,
} as const;

/**
 * Colors in `fg`/`bg` are numbers: `DEFAULT_COLOR` (-1) for the theme's default, 0–255 for a palette index,
 * and `TRUECOLOR_BIT | 0xRRGGBB` for a 24-bit color.
 */
export const DEFAULT_COLOR = -1;
/** TRUECOLOR_BIT marks a 24-bit color in a cell's `fg`/`bg`. */
export const TRUECOLOR_BIT = 0x1000000;

/** ScreenSnapshot is the visible screen (not the scrollback) at one moment. */
export interface ScreenSnapshot {
  cols: number;
  rows: number;
  /** The grapheme in each cell: `' '` when blank, `''` for the right half of a wide character. */
  chars: string[];
  /** Cell width: 1, 2 for a wide character's left half, 0 for its right half. */
  widths: Uint8Array;
  fg: Int32Array;
  bg: Int32Array;
  /** `CellFlag` bits. */
  flags: Uint16Array;
  cursorX: number;
  cursorY: number;
  cursorVisible: boolean;
  /**
   * Per row: 1 when the terminal's autowrap carried the text of the row above onto this one (xterm's
   * `isWrapped`), 0 when the program put it there (a newline, a cursor move). Tells real wrapping from a
   * program that draws up to the last column on purpose.
   */
  wrapped: Uint8Array;
  /** The screen is the alternate screen (a full-screen program's, `CSI ? 1049 h`), not the main one. */
  alternate: boolean;
}

/** createBlankSnapshot makes an empty screen of the given size (spaces, default colors, cursor home). */
export function createBlankSnapshot(cols: number, rows: number): ScreenSnapshot {
  const size = cols * rows;
  return {
    cols,
    rows,
    chars: new Array<string>(size).fill(' '),
    widths: new Uint8Array(size).fill(1),
    fg: new Int32Array(size).fill(DEFAULT_COLOR),
    bg: new Int32Array(size).fill(DEFAULT_COLOR),
    flags: new Uint16Array(size),
    cursorX: 0,
    cursorY: 0,
    cursorVisible: true,
    wrapped: new Uint8Array(rows),
    alternate: false,
  };
}

/** snapshotsEqual tells whether two screen states would rasterize to the same picture. */
export function snapshotsEqual(a: ScreenSnapshot, b: ScreenSnapshot): boolean {
  if (a.cols !== b.cols || a.rows !== b.rows) return false;
  if (a.cursorVisible !== b.cursorVisible) return false;
  if (a.cursorVisible && (a.cursorX !== b.cursorX || a.cursorY !== b.cursorY)) return false;
  const size = a.cols * a.rows;
  for (let i = 0; i < size; i++) {
    if (a.fg[i] !== b.fg[i] || a.bg[i] !== b.bg[i] || a.flags[i] !== b.flags[i] || a.chars[i] !== b.chars[i]) {
      return false;
    }
  }
  return true;
}

/** snapshotText returns the screen as text, one line per row, trailing spaces trimmed, trailing blank rows kept out. */
export function snapshotText(snapshot: ScreenSnapshot): string {
  const lines: string[] = [];
  for (let row = 0; row < snapshot.rows; row++) {
    let line = '';
    for (let col = 0; col < snapshot.cols; col++) line += snapshot.chars[row * snapshot.cols + col];
    lines.push(line.trimEnd());
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n') + '\n';
}
