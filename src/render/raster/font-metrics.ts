/**
 * Metrics of DejaVu Sans Mono (all four styles share them), in font units. The layout planner needs them
 * to size cells without parsing a font file, which keeps `planLayout` pure and instant; `fonts.ts` checks
 * them against the real file when it loads it, so a font update cannot silently shift the grid.
 */

/** MONO_METRICS holds DejaVu Sans Mono's advance, vertical extent and decoration positions in font units. */
export const MONO_METRICS = {
  unitsPerEm: 2048,
  /** Advance of every glyph (it is a monospaced font). */
  advance: 1233,
  /** hhea ascender: the top of the tallest glyphs above the baseline. */
  ascender: 1901,
  /** hhea descender (negative: below the baseline). */
  descender: -483,
  /** post.underlinePosition (negative: below the baseline). */
  underlinePosition: -130,
  /** OS/2 yStrikeoutPosition above the baseline. */
  strikeoutPosition: 530,
} as const;

/**
 * VHS_CELL_METRICS are JetBrains Mono's metrics (1000 units per em), the first font of VHS's font list and
 * the one its Docker image ships: VHS's browser terminal sizes its cells from them (xterm.js measures 'W'
 * with the font; see layout.ts's cellSize). termaudit still draws with its bundled fonts inside those cells.
 */
export const VHS_CELL_METRICS = {
  unitsPerEm: 1000,
  advance: 600,
  /** hhea ascender. */
  ascender: 1020,
  /** hhea descender, as a positive depth below the baseline. */
  descent: 300,
} as const;
