import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineThickness, planLayout } from '../../../src/render/raster/layout.js';
import { isProceduralGlyph, type CellGeometry } from '../../../src/render/raster/procedural-glyphs.js';
import { proceduralMask } from './procedural-masks.js';
import { Rasterizer } from '../../../src/render/raster/rasterizer.js';
import { loadTheme } from '../../../src/render/theme.js';
import { VirtualTerminal } from '../../../src/render/virtual-terminal.js';

const BRANCH = 0xe0a0;
const LINE_NUMBER = 0xe0a1;
const PADLOCK = 0xe0a2;
const COLUMN_NUMBER = 0xe0a3;
const SYMBOLS = [BRANCH, LINE_NUMBER, PADLOCK, COLUMN_NUMBER];

// Cells from font size 11 (7×13) to 50 (30×60), with the line width the glyph cache gives each.
const geometries: CellGeometry[] = [11, 13, 16, 21, 30, 50].map((fontSize) => {
  const { cellWidth, cellHeight } = planLayout(10, 2, { fontSize });
  return { cellWidth, cellHeight, lineWidth: lineThickness(fontSize) };
});

const nameOf = (codePoint: number, geometry: CellGeometry) => `U+${codePoint.toString(16).toUpperCase()} at ${geometry.cellWidth}x${geometry.cellHeight}`;

const mask = proceduralMask;

/** Ink of a rectangle of a mask [x0, x1) × [y0, y1) as a share of its area (0–1). */
function ink(data: Uint8Array, geometry: CellGeometry, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) sum += data[y * geometry.cellWidth + x];
  }
  return sum / (255 * Math.max(1, (Math.ceil(x1) - Math.floor(x0)) * (Math.ceil(y1) - Math.floor(y0))));
}

/** The rows and columns with any ink: [first row, last row, first column, last column]. */
function inkBounds(data: Uint8Array, geometry: CellGeometry): [number, number, number, number] {
  const rows: number[] = [];
  const columns: number[] = [];
  data.forEach((value, index) => {
    if (value === 0) return;
    rows.push(Math.floor(index / geometry.cellWidth));
    columns.push(index % geometry.cellWidth);
  });
  return [Math.min(...rows), Math.max(...rows), Math.min(...columns), Math.max(...columns)];
}

test('the Powerline symbols U+E0A0–U+E0A3 are drawn procedurally, and their neighbours in the Private Use Area are not', () => {
  for (const codePoint of SYMBOLS) assert.ok(isProceduralGlyph(codePoint), `U+${codePoint.toString(16)}`);
  for (const codePoint of [0xe000, 0xe09f, 0xe0a4, 0xe0af, 0xf418]) assert.ok(!isProceduralGlyph(codePoint), `U+${codePoint.toString(16)} stays a font character`);
});

test('each symbol is an icon about a capital letter tall, centered in its cell and clear of the rows above and below', () => {
  for (const geometry of geometries) {
    for (const codePoint of SYMBOLS) {
      const name = nameOf(codePoint, geometry);
      const [top, bottom, left, right] = inkBounds(mask(codePoint, geometry), geometry);
      const height = bottom - top + 1;
      assert.ok(top >= 1 && bottom <= geometry.cellHeight - 2, `${name}: rows ${top}–${bottom} leave the first and last row empty`);
      assert.ok(height >= 0.55 * geometry.cellHeight && height <= 0.8 * geometry.cellHeight, `${name}: ${height} rows tall`);
      assert.ok(Math.abs((top + bottom + 1) / 2 - geometry.cellHeight / 2) <= 1.5, `${name}: centered vertically (rows ${top}–${bottom})`);
      assert.ok(left >= 0 && right < geometry.cellWidth && right - left + 1 >= 0.5 * geometry.cellWidth, `${name}: columns ${left}–${right}`);
    }
  }
});

test('the branch symbol has a stem on whole pixels from its top dot to its bottom dot, and a branch reaching the top right', () => {
  for (const geometry of geometries) {
    const { cellWidth: width, cellHeight: height } = geometry;
    const name = nameOf(BRANCH, geometry);
    const branch = mask(BRANCH, geometry);
    const [top, bottom] = inkBounds(branch, geometry);
    const third = (bottom + 1 - top) / 3;
    assert.ok(ink(branch, geometry, 0, top, width / 2, top + third) > 0.15, `${name}: ink at the top left (the upper dot)`);
    assert.ok(ink(branch, geometry, width / 2, top, width, top + third) > 0.15, `${name}: ink at the top right (the branch's dot)`);
    assert.ok(ink(branch, geometry, 0, bottom + 1 - third, width / 2, bottom + 1) > 0.15, `${name}: ink at the bottom left (the lower dot)`);
    assert.equal(ink(branch, geometry, width / 2 + 1, bottom + 1 - third / 2, width, bottom + 1), 0, `${name}: nothing at the bottom right`);
    // The stem: a column fully covered over most of the icon's height.
    const stemRows = (x: number) => Array.from({ length: height }, (_, y) => branch[y * width + x]).filter((value) => value === 255).length;
    const stem = Math.max(...Array.from({ length: Math.ceil(width / 2) }, (_, x) => stemRows(x)));
    assert.ok(stem >= 0.7 * (bottom + 1 - top), `${name}: the stem has ${stem} fully covered rows`);
    // The two upper dots are apart: the top row of ink has a gap between its left and right parts.
    const topRow = Array.from(branch.subarray((top + 1) * width, (top + 2) * width));
    const first = topRow.findIndex((value) => value > 0);
    const last = width - 1 - [...topRow].reverse().findIndex((value) => value > 0);
    assert.ok(topRow.slice(first, last + 1).some((value) => value === 0), `${name}: a gap between the upper dots (${topRow.join(',')})`);
  }
});

test('the padlock is a solid body in the lower part with a keyhole, under a lighter shackle', () => {
  for (const geometry of geometries) {
    const { cellWidth: width } = geometry;
    const name = nameOf(PADLOCK, geometry);
    const padlock = mask(PADLOCK, geometry);
    const [top, bottom, left, right] = inkBounds(padlock, geometry);
    const middle = (top + bottom + 1) / 2;
    const third = (bottom + 1 - top) / 3;
    const upper = ink(padlock, geometry, left, top, right + 1, top + third);
    const lower = ink(padlock, geometry, left, bottom + 1 - third, right + 1, bottom + 1);
    assert.ok(upper > 0.15, `${name}: a shackle on top (${upper.toFixed(2)})`);
    assert.ok(lower > 0.7 && lower > 1.5 * upper, `${name}: the body below is denser (${lower.toFixed(2)} against ${upper.toFixed(2)})`);
    // The body's outline is crisp, and the keyhole is a gap in its middle.
    assert.equal(padlock[bottom * width + left], 255, `${name}: the body's lower left corner is fully covered`);
    const center = Math.floor((left + right) / 2);
    const bodyColumn = Array.from({ length: bottom + 1 - Math.ceil(middle) }, (_, row) => padlock[(Math.ceil(middle) + row) * width + center]);
    assert.ok(bodyColumn.includes(0) && bodyColumn.at(-1) === 255, `${name}: the keyhole cuts the body (${bodyColumn.join(',')})`);
  }
});

test('"LN" and "CN" are two small stacked letters, the first in the upper left and N in the lower right', () => {
  for (const geometry of geometries) {
    const { cellWidth: width } = geometry;
    const lineNumber = mask(LINE_NUMBER, geometry);
    const columnNumber = mask(COLUMN_NUMBER, geometry);
    for (const [codePoint, letters] of [[LINE_NUMBER, lineNumber], [COLUMN_NUMBER, columnNumber]] as const) {
      const name = nameOf(codePoint, geometry);
      const [top, bottom] = inkBounds(letters, geometry);
      const middle = (top + bottom + 1) / 2;
      const centroid = (y0: number, y1: number) => {
        let sum = 0;
        let weight = 0;
        for (let y = Math.floor(y0); y < y1; y++) for (let x = 0; x < width; x++) (sum += (x + 0.5) * letters[y * width + x]), (weight += letters[y * width + x]);
        return sum / weight;
      };
      assert.ok(centroid(top, middle) < width / 2 && centroid(middle, bottom + 1) > width / 2, `${name}: the first letter leans left and N right`);
      assert.ok(letters.includes(255) && ink(letters, geometry, 0, top, width, bottom + 1) < 0.45, `${name}: strokes, not blobs`);
    }
    const [top] = inkBounds(lineNumber, geometry);
    assert.notDeepEqual(lineNumber.subarray(0, (top + 3) * width), columnNumber.subarray(0, (top + 3) * width), 'L and C differ');
  }
});

test('a git prompt with the branch and padlock symbols has no missing glyph, and the symbols draw in their cell in the foreground color', async () => {
  const theme = loadTheme('dracula');
  // An agnoster-like line: the branch segment in black on green, the path on blue, then a thin separator.
  const prompt = '\x1b[30;42m \ue0a0 main \ue0a2 \x1b[32;44m\ue0b0\x1b[30m ~/src/termaudit \x1b[34;49m\ue0b0\x1b[0m \ue0b1 \ue0a1 \ue0a3';
  for (const fontSize of [11, 16, 21, 50]) {
    const layout = planLayout(40, 1, { fontSize });
    const { cellWidth, cellHeight, originX, originY } = layout;
    const terminal = new VirtualTerminal({ cols: 40, rows: 1 });
    await terminal.write(prompt);
    const screen = { ...terminal.snapshot(), cursorVisible: false };
    terminal.dispose();
    assert.equal(screen.chars[1], '\ue0a0');
    assert.equal(screen.widths[1], 1, 'the terminal gives the branch symbol one cell');
    const rasterizer = await Rasterizer.create(layout, theme);
    const frame = await rasterizer.draw(screen);
    const name = `${cellWidth}x${cellHeight}`;
    assert.deepEqual([...rasterizer.stats.missingCodePoints.keys()], [], `${name}: no missing glyph`);
    const cellColors = (col: number) => {
      const colors: number[] = [];
      for (let dy = 0; dy < cellHeight; dy++) {
        for (let dx = 0; dx < cellWidth; dx++) {
          const offset = ((originY + dy) * layout.width + originX + col * cellWidth + dx) * 4;
          colors.push((frame[offset] << 16) | (frame[offset + 1] << 8) | frame[offset + 2]);
        }
      }
      return colors;
    };
    const [black, green] = [theme.palette[0], theme.palette[2]];
    for (const col of [1, 8]) {
      const colors = cellColors(col);
      assert.ok(colors.filter((color) => color === black).length >= cellWidth * 2, `${name}: cell ${col} has solid ink in the foreground color`);
      assert.equal(colors[0], green, `${name}: cell ${col}'s corner is background`);
    }
    for (const col of [0, 2, 7, 9]) assert.deepEqual(new Set(cellColors(col)), new Set([green]), `${name}: the space in cell ${col} is untouched`);
  }
});
