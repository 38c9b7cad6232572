/**
 * The characters drawn from geometry instead of a font, and which painter draws each: box drawing,
 * block elements and braille (box-drawing.ts), the Powerline separators (powerline.ts), the Powerline
 * symbols such as the branch (powerline-symbols.ts) and the Symbols for Legacy Computing mosaics
 * (legacy-computing.ts). Most are characters that must join their neighbours exactly, which font outlines
 * on a whole-pixel grid never do; the Powerline symbols are here because no bundled font has them and
 * every git prompt shows one. The glyph cache asks here first.
 */
import { blockElementMask, boxDrawingMask, brailleMask } from './box-drawing.js';
import type { CellGeometry } from './coverage-mask.js';
import { legacyComputingMask } from './legacy-computing.js';
import { powerlineMask } from './powerline.js';
import { powerlineSymbolMask } from './powerline-symbols.js';

export type { CellGeometry } from './coverage-mask.js';

/** A range of code points, first and last included, and the painter that draws them. */
type ProceduralRange = readonly [first: number, last: number, draw: (codePoint: number, geometry: CellGeometry) => Uint8Array];

const PROCEDURAL_RANGES: readonly ProceduralRange[] = [
  [0x2500, 0x257f, boxDrawingMask],
  [0x2580, 0x259f, blockElementMask],
  [0x2800, 0x28ff, brailleMask],
  [0xe0a0, 0xe0a3, powerlineSymbolMask],
  [0xe0b0, 0xe0bf, powerlineMask],
  [0x1fb00, 0x1fb8b, legacyComputingMask],
];

function rangeOf(codePoint: number): ProceduralRange | undefined {
  return PROCEDURAL_RANGES.find(([first, last]) => codePoint >= first && codePoint <= last);
}

/** isProceduralGlyph tells whether a code point is drawn by `proceduralGlyphMask` rather than from a font. */
export function isProceduralGlyph(codePoint: number): boolean {
  return rangeOf(codePoint) !== undefined;
}

/** proceduralGlyphMask draws a procedural character into a cell-sized coverage mask (row-major, cellWidth × cellHeight); undefined for any other code point. */
export function proceduralGlyphMask(codePoint: number, geometry: CellGeometry): Uint8Array | undefined {
  return rangeOf(codePoint)?.[2](codePoint, geometry);
}
