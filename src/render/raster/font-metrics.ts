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
