import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sextantBits } from '../../../src/render/raster/legacy-computing.js';
import { isProceduralGlyph, type CellGeometry } from '../../../src/render/raster/procedural-glyphs.js';
import { CELL_GEOMETRIES, proceduralMask } from './procedural-masks.js';

const geometries = CELL_GEOMETRIES;

const mask = proceduralMask;

/** assertTiles checks that the masks add up to exactly one full cell on every pixel. */
function assertTiles(codePoints: number[], geometry: CellGeometry, message: string): void {
  const masks = codePoints.map((codePoint) => mask(codePoint, geometry));
  for (let index = 0; index < masks[0].length; index++) {
    const sum = masks.reduce((total, data) => total + data[index], 0);
    assert.equal(sum, 255, `${message} at ${geometry.cellWidth}x${geometry.cellHeight}, pixel ${index}`);
  }
}

const SEXTANT_CODE_POINTS = Array.from({ length: 60 }, (_, index) => 0x1fb00 + index);
/** The sextant (or block) of each 6-bit pattern: the sextants, plus ▌ ▐ █ and blank that Unicode had before. */
const patternCharacter = new Map<number, number>(SEXTANT_CODE_POINTS.map((codePoint) => [sextantBits(codePoint - 0x1fb00), codePoint]));

test('sextants follow the Unicode numbering: U+1FB00 is sextant-1, U+1FB14 sextant-235, U+1FB3B sextant-23456', () => {
  assert.equal(sextantBits(0), 0b000001);
  assert.equal(sextantBits(0x14), 0b010110);
  assert.equal(sextantBits(0x3b), 0b111110);
  assert.equal(patternCharacter.size, 60, 'every pattern but blank, full and the two halves');
  assert.ok(![0, 21, 42, 63].some((bits) => patternCharacter.has(bits)));
});

test('a sextant and its complement tile the cell exactly, with crisp whole-pixel edges', () => {
  for (const geometry of geometries) {
    for (const [bits, codePoint] of patternCharacter) {
      const complement = patternCharacter.get(63 - bits);
      if (complement !== undefined) assertTiles([codePoint, complement], geometry, `sextant ${bits.toString(2)}`);
      assert.ok(mask(codePoint, geometry).every((value) => value === 0 || value === 255));
    }
  }
});

test('sextant columns meet the half blocks: sextant-1 and sextant-35 make ▌, and ▐ completes it', () => {
  for (const geometry of geometries) {
    assertTiles([patternCharacter.get(0b000001)!, patternCharacter.get(0b010100)!, 0x2590], geometry, '🬀 + 🬓 + ▐');
  }
});

test('eighth blocks tile the cell with the block elements that share their eighths', () => {
  for (const geometry of geometries) {
    // ▏, the vertical eighths 2–7, ▕: eight columns side by side.
    assertTiles([0x258f, 0x1fb70, 0x1fb71, 0x1fb72, 0x1fb73, 0x1fb74, 0x1fb75, 0x2595], geometry, 'vertical eighths');
    // ▔, the horizontal eighths 2–7, ▁: eight rows.
    assertTiles([0x2594, 0x1fb76, 0x1fb77, 0x1fb78, 0x1fb79, 0x1fb7a, 0x1fb7b, 0x2581], geometry, 'horizontal eighths');
    assertTiles([0x1fb82, 0x2586], geometry, 'upper quarter + lower three quarters');
    assertTiles([0x1fb86, 0x2581], geometry, 'upper seven eighths + lower eighth');
    assertTiles([0x1fb87, 0x258a], geometry, 'right quarter + left three quarters');
    assertTiles([0x1fb8b, 0x258f], geometry, 'right seven eighths + left eighth');
  }
});

test('each smooth mosaic wedge and the wedge with the same diagonal tile the cell', () => {
  for (const geometry of geometries) {
    for (let codePoint = 0x1fb3c; codePoint <= 0x1fb51; codePoint++) assertTiles([codePoint, codePoint + 0x16], geometry, `U+${codePoint.toString(16)}`);
    for (let codePoint = 0x1fb68; codePoint <= 0x1fb6b; codePoint++) assertTiles([codePoint, codePoint + 4], geometry, `U+${codePoint.toString(16)}`);
  }
});

test('a wedge meets the left edge at the thirds of the sextant grid', () => {
  for (const geometry of geometries) {
    const { cellWidth: width, cellHeight: height } = geometry;
    const thirds = [Math.round(height / 3), Math.round((2 * height) / 3)];
    // Lower left blocks whose diagonal starts on the left edge at the lower (U+1FB3C) and upper (U+1FB3E) third.
    for (const [codePoint, start] of [[0x1fb3c, thirds[1]], [0x1fb3e, thirds[0]]]) {
      const data = mask(codePoint, geometry);
      const left = Array.from({ length: height }, (_, y) => data[y * width]);
      assert.ok(left.slice(0, start).every((value) => value === 0), `U+${codePoint.toString(16)} at ${width}x${height}: empty above row ${start}`);
      const below = left.slice(start + 1);
      assert.ok(below.every((value, index) => value > 0 && (index === 0 || value >= below[index - 1])), `U+${codePoint.toString(16)} at ${width}x${height}: covered below row ${start}`);
      assert.equal(left[height - 1], 255);
    }
  }
});

test('the whole block U+1FB00–U+1FB8B is procedural and every character has ink', () => {
  for (let codePoint = 0x1fb00; codePoint <= 0x1fb8b; codePoint++) {
    assert.ok(mask(codePoint, geometries[0]).some((value) => value > 0), `U+${codePoint.toString(16)}`);
  }
  assert.ok(!isProceduralGlyph(0x1fb8c) && !isProceduralGlyph(0x1faff));
});
