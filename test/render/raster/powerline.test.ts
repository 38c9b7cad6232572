import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProceduralGlyph, type CellGeometry } from '../../../src/render/raster/procedural-glyphs.js';
import { CELL_GEOMETRIES, proceduralMask } from './procedural-masks.js';

const geometries = CELL_GEOMETRIES;

const mask = proceduralMask;

const at = (data: Uint8Array, geometry: CellGeometry, x: number, y: number) => data[y * geometry.cellWidth + x];
const column = (data: Uint8Array, geometry: CellGeometry, x: number) => Array.from({ length: geometry.cellHeight }, (_, y) => at(data, geometry, x, y));
/** Coverage of a mask as a share of the cell (0–1). */
const coverage = (data: Uint8Array) => data.reduce((sum, value) => sum + value, 0) / (255 * data.length);

function mirrored(data: Uint8Array, geometry: CellGeometry): Uint8Array {
  const result = new Uint8Array(data.length);
  for (let y = 0; y < geometry.cellHeight; y++) {
    for (let x = 0; x < geometry.cellWidth; x++) result[y * geometry.cellWidth + x] = at(data, geometry, geometry.cellWidth - 1 - x, y);
  }
  return result;
}

test('every code point of U+E0B0–U+E0BF is drawn, and the Private Use Area around them is not (the symbols U+E0A0–U+E0A3 apart)', () => {
  for (let codePoint = 0xe0b0; codePoint <= 0xe0bf; codePoint++) {
    assert.ok(mask(codePoint, geometries[0]).some((value) => value > 0), `U+${codePoint.toString(16)} has ink`);
  }
  assert.ok(!isProceduralGlyph(0xe0af) && !isProceduralGlyph(0xe0c0) && !isProceduralGlyph(0xe000));
});

test('the solid arrow U+E0B0 fills the whole left edge and narrows to a point at the middle of the right edge', () => {
  for (const geometry of geometries) {
    const { cellWidth: width, cellHeight: height } = geometry;
    const arrow = mask(0xe0b0, geometry);
    const name = `${width}x${height}`;
    assert.deepEqual(column(arrow, geometry, 0), Array(height).fill(255), `${name}: the left edge is solid from top to bottom`);
    assert.ok(Math.abs(coverage(arrow) - 0.5) < 0.05, `${name}: covers half the cell (${coverage(arrow).toFixed(3)})`);
    assert.equal(at(arrow, geometry, width - 1, 0), 0, `${name}: top right corner empty`);
    assert.equal(at(arrow, geometry, width - 1, height - 1), 0, `${name}: bottom right corner empty`);
    const rightEdge = column(arrow, geometry, width - 1);
    const tip = rightEdge.indexOf(Math.max(...rightEdge));
    assert.ok(Math.abs(tip + 0.5 - height / 2) <= 1, `${name}: the tip is at the middle of the right edge (row ${tip})`);
    for (let x = 0; x < width; x++) assert.deepEqual(column(arrow, geometry, x), column(arrow, geometry, x).reverse(), `${name}: column ${x} is symmetric about the middle`);
  }
});

test('left-pointing shapes are their right-pointing twins mirrored, pixel for pixel', () => {
  for (const geometry of geometries) {
    for (const [left, right] of [[0xe0b2, 0xe0b0], [0xe0b3, 0xe0b1], [0xe0b6, 0xe0b4], [0xe0b7, 0xe0b5], [0xe0ba, 0xe0b8], [0xe0be, 0xe0bc]]) {
      assert.deepEqual(mask(left, geometry), mirrored(mask(right, geometry), geometry), `U+${left.toString(16)} at ${geometry.cellWidth}x${geometry.cellHeight}`);
    }
  }
});

test('the corner triangles ◣ (U+E0B8) and ◥ (U+E0BE) split a cell along its diagonal with no gap', () => {
  for (const geometry of geometries) {
    const lowerLeft = mask(0xe0b8, geometry);
    const upperRight = mask(0xe0be, geometry);
    for (let index = 0; index < lowerLeft.length; index++) {
      assert.ok(lowerLeft[index] + upperRight[index] >= 250, `pixel ${index} at ${geometry.cellWidth}x${geometry.cellHeight} is covered`);
    }
    assert.ok(Math.abs(coverage(lowerLeft) - 0.5) < 0.04 && Math.abs(coverage(upperRight) - 0.5) < 0.04);
  }
});

test('the half circle U+E0B4 spans the cell height with a solid left edge, and the thin shapes stay thin', () => {
  for (const geometry of geometries) {
    const { cellWidth: width, cellHeight: height } = geometry;
    const half = mask(0xe0b4, geometry);
    assert.deepEqual(column(half, geometry, 0), Array(height).fill(255));
    assert.ok(Math.abs(coverage(half) - Math.PI / 4) < 0.05, `half an ellipse (${coverage(half).toFixed(3)})`);
    for (const thin of [0xe0b1, 0xe0b5]) {
      const stroke = mask(thin, geometry);
      assert.ok(coverage(stroke) < 0.35, `U+${thin.toString(16)} is a thin stroke (${coverage(stroke).toFixed(3)})`);
      assert.ok(at(stroke, geometry, 0, 0) > 0 && at(stroke, geometry, 0, height - 1) > 0, `U+${thin.toString(16)} starts at both left corners`);
    }
    const chevron = mask(0xe0b1, geometry);
    assert.ok(column(chevron, geometry, width - 1).some((value) => value > 128), 'the thin arrow reaches the right edge');
  }
});

test('the slash separators are the box-drawing diagonals', () => {
  for (const geometry of geometries) {
    assert.deepEqual(mask(0xe0b9, geometry), mask(0x2572, geometry));
    assert.deepEqual(mask(0xe0bf, geometry), mask(0x2572, geometry));
    assert.deepEqual(mask(0xe0bb, geometry), mask(0x2571, geometry));
    assert.deepEqual(mask(0xe0bd, geometry), mask(0x2571, geometry));
  }
});
