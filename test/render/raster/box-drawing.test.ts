import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProceduralGlyph, proceduralGlyphMask, type CellGeometry } from '../../../src/render/raster/procedural-glyphs.js';

const geometries: CellGeometry[] = [
  { cellWidth: 10, cellHeight: 19, lineWidth: 1 },
  { cellWidth: 15, cellHeight: 29, lineWidth: 2 },
  { cellWidth: 9, cellHeight: 18, lineWidth: 1 },
];

function mask(character: string, geometry: CellGeometry): Uint8Array {
  const result = proceduralGlyphMask(character.codePointAt(0)!, geometry);
  assert.ok(result, `${character} is drawn procedurally`);
  return result;
}

/** The coverage of one column (top to bottom) or row (left to right) of a mask, as a string of 0/1. */
function column(data: Uint8Array, geometry: CellGeometry, x: number): string {
  return Array.from({ length: geometry.cellHeight }, (_, y) => (data[y * geometry.cellWidth + x] > 0 ? 1 : 0)).join('');
}
function row(data: Uint8Array, geometry: CellGeometry, y: number): string {
  return Array.from({ length: geometry.cellWidth }, (_, x) => (data[y * geometry.cellWidth + x] > 0 ? 1 : 0)).join('');
}

test('a horizontal line covers whole pixel rows from the left edge to the right edge', () => {
  for (const geometry of geometries) {
    for (const line of ['─', '━', '═']) {
      const data = mask(line, geometry);
      let rows = 0;
      for (let y = 0; y < geometry.cellHeight; y++) {
        const pixels = row(data, geometry, y);
        if (pixels.includes('1')) {
          rows++;
          assert.equal(pixels, '1'.repeat(geometry.cellWidth), `${line} row ${y}`);
        }
      }
      assert.equal(rows, line === '─' ? geometry.lineWidth : line === '━' ? 2 * geometry.lineWidth : 2 * geometry.lineWidth);
    }
  }
});

// Which weight (1 light, 2 heavy, 3 double) each box character has on its left, top, right and bottom edge.
function edgeWeights(character: string): [number, number, number, number] | undefined {
  const table: Record<string, string> = {};
  const chars = '─━│┃┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬╴╵╶╷╸╹╺╻╼╽╾╿';
  const arms =
    '1010 2020 0101 0202 0011 0021 0012 0022 1001 2001 1002 2002 0110 0120 0210 0220 1100 2100 1200 2200 0111 0121 0211 0112 0212 0221 0122 0222 ' +
    '1101 2101 1201 1102 1202 2201 2102 2202 1011 2011 1021 2021 1012 2012 1022 2022 1110 2110 1120 2120 1210 2210 1220 2220 1111 2111 1121 2121 ' +
    '1211 1112 1212 2211 1221 2112 1122 2221 2122 2212 1222 2222 3030 0303 0031 0013 0033 3001 1003 3003 0130 0310 0330 3100 1300 3300 0131 0313 ' +
    '0333 3101 1303 3303 3031 1013 3033 3130 1310 3330 3131 1313 3333 1000 0100 0010 0001 2000 0200 0020 0002 1020 0102 2010 0201';
  [...chars].forEach((char, index) => (table[char] = arms.split(' ')[index]));
  return table[character] ? ([...table[character]].map(Number) as [number, number, number, number]) : undefined;
}

test('every box-drawing arm meets its neighbour cell on exactly the pixels of the matching straight line', () => {
  const straight = { horizontal: ['', '─', '━', '═'], vertical: ['', '│', '┃', '║'] };
  for (const geometry of geometries) {
    const last = { x: geometry.cellWidth - 1, y: geometry.cellHeight - 1 };
    for (let codePoint = 0x2500; codePoint <= 0x257f; codePoint++) {
      const character = String.fromCodePoint(codePoint);
      const weights = edgeWeights(character);
      if (!weights) continue;
      const data = mask(character, geometry);
      const [left, up, right, down] = weights;
      const edges: Array<[number, string, string, string]> = [
        [left, column(data, geometry, 0), straight.horizontal[left] && column(mask(straight.horizontal[left], geometry), geometry, 0), 'left'],
        [right, column(data, geometry, last.x), straight.horizontal[right] && column(mask(straight.horizontal[right], geometry), geometry, last.x), 'right'],
        [up, row(data, geometry, 0), straight.vertical[up] && row(mask(straight.vertical[up], geometry), geometry, 0), 'top'],
        [down, row(data, geometry, last.y), straight.vertical[down] && row(mask(straight.vertical[down], geometry), geometry, last.y), 'bottom'],
      ];
      for (const [weight, edge, expected, name] of edges) {
        if (weight === 0) assert.ok(!edge.includes('1'), `${character} has nothing on its ${name} edge at ${geometry.cellWidth}x${geometry.cellHeight}`);
        else assert.equal(edge, expected, `${character} ${name} edge at ${geometry.cellWidth}x${geometry.cellHeight}`);
      }
    }
  }
});

test('a corner closes: ┌ has its horizontal and vertical strokes touching at the joint', () => {
  const geometry = geometries[0];
  const data = mask('┌', geometry);
  // Light lines of 1 px: the horizontal sits on row 9, the vertical on column 4; the joint pixel is set and nothing above or left of it.
  assert.equal(row(data, geometry, 9), '0000111111');
  assert.equal(column(data, geometry, 4), '0000000001111111111');
});

test('rounded corners meet the straight lines at the cell edges and curve inside', () => {
  for (const geometry of geometries) {
    const arc = mask('╭', geometry);
    assert.equal(row(arc, geometry, geometry.cellHeight - 1), row(mask('│', geometry), geometry, 0));
    assert.equal(column(arc, geometry, geometry.cellWidth - 1), column(mask('─', geometry), geometry, 0));
    assert.equal(arc[0], 0, 'the top left corner stays empty');
    assert.ok(arc.some((value) => value > 0 && value < 255), 'the curve is antialiased');
  }
});

test('a full block fills the whole cell and complementary blocks tile it', () => {
  for (const geometry of geometries) {
    const size = geometry.cellWidth * geometry.cellHeight;
    assert.ok(mask('█', geometry).every((value) => value === 255));
    const upper = mask('▀', geometry);
    const lower = mask('▄', geometry);
    const left = mask('▌', geometry);
    const right = mask('▐', geometry);
    for (let index = 0; index < size; index++) {
      assert.equal(upper[index] + lower[index], 255, 'upper and lower halves tile the cell');
      assert.equal(left[index] + right[index], 255, 'left and right halves tile the cell');
    }
    const quadrants = ['▘', '▝', '▖', '▗'].map((character) => mask(character, geometry));
    for (let index = 0; index < size; index++) assert.equal(quadrants.reduce((sum, quadrant) => sum + quadrant[index], 0), 255);
  }
});

test('shades are flat 25, 50 and 75 percent coverage', () => {
  const geometry = geometries[0];
  assert.deepEqual(['░', '▒', '▓'].map((character) => new Set(mask(character, geometry))), [new Set([64]), new Set([128]), new Set([191])]);
});

test('braille draws one dot per set bit', () => {
  const geometry = geometries[0];
  assert.ok(mask('⠀', geometry).every((value) => value === 0));
  const count = (character: string) => {
    // Count connected dots by scanning rows of dots: dots are separated, so count top-left pixels of blobs.
    const data = mask(character, geometry);
    let dots = 0;
    for (let y = 0; y < geometry.cellHeight; y++) {
      for (let x = 0; x < geometry.cellWidth; x++) {
        const on = (px: number, py: number) => px >= 0 && py >= 0 && data[py * geometry.cellWidth + px] > 0;
        if (on(x, y) && !on(x - 1, y) && !on(x, y - 1)) dots++;
      }
    }
    return dots;
  };
  assert.equal(count('⠁'), 1);
  assert.equal(count('⣿'), 8);
  assert.equal(count('⢸'), 4);
});

test('box drawing, blocks and braille are procedural; letters and geometric shapes (U+25A0) are not', () => {
  assert.ok(isProceduralGlyph(0x2500) && isProceduralGlyph(0x259f) && isProceduralGlyph(0x28ff));
  assert.ok(!isProceduralGlyph(0x41) && !isProceduralGlyph(0x25a0));
  assert.equal(proceduralGlyphMask(0x41, geometries[0]), undefined);
});
