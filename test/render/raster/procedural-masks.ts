/** What the tests of the procedural glyphs share: the cell sizes they draw at and a mask that must exist. */
import assert from 'node:assert/strict';
import { proceduralGlyphMask, type CellGeometry } from '../../../src/render/raster/procedural-glyphs.js';

/** Odd and even widths and heights (heights not divisible by 3 or 8 too), as font sizes 16, 15, 13 and 21 give them. */
export const CELL_GEOMETRIES: readonly CellGeometry[] = [
  { cellWidth: 10, cellHeight: 19, lineWidth: 1 },
  { cellWidth: 9, cellHeight: 18, lineWidth: 1 },
  { cellWidth: 8, cellHeight: 16, lineWidth: 1 },
  { cellWidth: 13, cellHeight: 25, lineWidth: 2 },
];

/** proceduralMask draws a code point procedurally, failing the test when it is not drawn that way or the mask is not one cell. */
export function proceduralMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const result = proceduralGlyphMask(codePoint, geometry);
  assert.ok(result, `U+${codePoint.toString(16)} is drawn procedurally`);
  assert.equal(result.length, geometry.cellWidth * geometry.cellHeight, 'the mask is exactly one cell');
  return result;
}
