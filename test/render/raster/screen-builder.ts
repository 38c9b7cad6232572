/**
 * ScreenBuilder writes text with attributes into a ScreenSnapshot for rasterizer tests and samples,
 * giving wide characters (CJK, emoji) two cells the way a terminal does, and each regional indicator of a
 * flag its own narrow cell, as xterm's Unicode 11 widths do.
 */
import { createBlankSnapshot, type ScreenSnapshot } from '../../../src/render/screen.js';

/** CellStyle is the color and flag numbers of written cells (see screen.ts for the encoding). */
export interface CellStyle {
  fg?: number;
  bg?: number;
  flags?: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** cellWidth guesses a grapheme's terminal width: 2 for East Asian wide characters and emoji, else 1. */
export function cellWidth(grapheme: string): 1 | 2 {
  const codePoint = grapheme.codePointAt(0)!;
  if (grapheme.includes('\ufe0f')) return 2;
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

/** ScreenBuilder accumulates writes into one snapshot. */
export class ScreenBuilder {
  readonly snapshot: ScreenSnapshot;

  constructor(cols: number, rows: number) {
    this.snapshot = createBlankSnapshot(cols, rows);
    this.snapshot.cursorVisible = false;
  }

  /** write puts text at (col, row) with a style and returns the column after it. */
  write(col: number, row: number, text: string, style: CellStyle = {}): number {
    const screen = this.snapshot;
    const regionalIndicators = /^\p{Regional_Indicator}+$/u;
    const parts = Array.from(segmenter.segment(text), ({ segment }) => (regionalIndicators.test(segment) ? Array.from(segment) : [segment])).flat();
    for (const segment of parts) {
      const width = cellWidth(segment);
      if (col + width > screen.cols) break;
      const cell = row * screen.cols + col;
      for (let offset = 0; offset < width; offset++) {
        screen.chars[cell + offset] = offset === 0 ? segment : '';
        screen.widths[cell + offset] = offset === 0 ? width : 0;
        screen.fg[cell + offset] = style.fg ?? -1;
        screen.bg[cell + offset] = style.bg ?? -1;
        screen.flags[cell + offset] = style.flags ?? 0;
      }
      col += width;
    }
    return col;
  }

  /** cursor shows the cursor at (col, row). */
  cursor(col: number, row: number): this {
    Object.assign(this.snapshot, { cursorX: col, cursorY: row, cursorVisible: true });
    return this;
  }

  /** clone copies the snapshot so later writes do not change it. */
  clone(): ScreenSnapshot {
    const s = this.snapshot;
    return { ...s, chars: [...s.chars], widths: s.widths.slice(), fg: s.fg.slice(), bg: s.bg.slice(), flags: s.flags.slice() };
  }
}
