import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import { cellSize, planLayout, terminalSizeFor } from '../../../src/render/raster/layout.js';

test('planLayout sizes an even frame from the font size with the padding around the grid', () => {
  const layout = planLayout(80, 24);
  assert.deepEqual(layout, { width: 832, height: 488, cols: 80, rows: 24, cellWidth: 10, cellHeight: 19, originX: 16, originY: 16, fontSize: 16, baseline: 15 });
});

test('planLayout rounds a derived odd frame size up to the next even number', () => {
  const layout = planLayout(80, 25, { fontSize: 16 });
  assert.equal(25 * layout.cellHeight + 2 * 16, 507);
  assert.equal(layout.height, 508);
  assert.equal(layout.originY, 16);
});

test('planLayout fits 120x36 into 1920x1080 with the largest font and centers the grid', () => {
  const layout = planLayout(120, 36, { width: 1920, height: 1080, fit: true });
  assert.equal(layout.width, 1920);
  assert.equal(layout.height, 1080);
  assert.ok(Number.isInteger(layout.cellWidth) && Number.isInteger(layout.cellHeight));
  const gridWidth = 120 * layout.cellWidth;
  const gridHeight = 36 * layout.cellHeight;
  assert.ok(gridWidth + 32 <= 1920 && gridHeight + 32 <= 1080, 'the grid and its padding fit');
  assert.equal(layout.originX, Math.floor((1920 - gridWidth) / 2));
  assert.equal(layout.originY, Math.floor((1080 - gridHeight) / 2));
  // A quarter pixel more would no longer fit.
  const bigger = planLayout(120, 36, { fontSize: layout.fontSize + 0.25 });
  assert.ok(120 * bigger.cellWidth + 32 > 1920 || 36 * bigger.cellHeight + 32 > 1080);
  assert.ok(layout.fontSize >= 20, `font size ${layout.fontSize} uses the frame`);
});

test('planLayout fits one given side and derives the other', () => {
  const layout = planLayout(120, 36, { width: 1920, fit: true });
  assert.equal(layout.width, 1920);
  assert.equal(layout.height % 2, 0);
  assert.equal(layout.originY, 16);
  assert.ok(layout.height >= 36 * layout.cellHeight + 32);
  const byHeight = planLayout(80, 24, { height: 720, fit: true });
  assert.equal(byHeight.height, 720);
  assert.equal(byHeight.width % 2, 0);
  assert.equal(byHeight.originX, 16);
});

test('planLayout ignores fontSize when fitting a frame size', () => {
  assert.deepEqual(planLayout(100, 30, { width: 1280, height: 720, fontSize: 99, fit: true }), planLayout(100, 30, { width: 1280, height: 720, fit: true }));
});

test('planLayout rejects nonsense options with a ConfigError naming the option', () => {
  const cases: Array<[Parameters<typeof planLayout>, RegExp]> = [
    [[80, 24, { fontSize: 0 }], /^--font-size:/],
    [[80, 24, { fontSize: -3 }], /^--font-size:/],
    [[80, 24, { fontSize: Number.NaN }], /^--font-size:/],
    [[80, 24, { lineHeight: 0.5 }], /^--line-height:/],
    [[80, 24, { padding: -1 }], /^--padding:/],
    [[0, 24], /^--cols:/],
    [[80, 2.5], /^--rows:/],
    [[500, 24, { width: 640, fit: true }], /^--width: a 500x24 grid does not fit/],
    [[80, 300, { width: 1920, height: 480, fit: true }], /^--height: a 80x300 grid does not fit/],
    [[120, 36, { width: 1200, height: 600 }], /^--width: a 120x36 grid at font size 16 px needs 1232 px with padding 16 px, more than 1200 px; .*--fit/],
    [[100, 36, { width: 1200, height: 600 }], /^--height: a 100x36 grid at font size 16 px needs 716 px/],
    [[1000, 1000, { fontSize: 64 }], /^--font-size: .*larger than/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => planLayout(...args), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(args));
  }
});

test('a given frame size is kept exactly, odd or even, with the grid centered at the font size', () => {
  const layout = planLayout(80, 24, { width: 1201, height: 601 });
  assert.deepEqual([layout.width, layout.height, layout.fontSize, layout.cellWidth, layout.cellHeight], [1201, 601, 16, 10, 19]);
  assert.equal(layout.originX, Math.floor((1201 - 800) / 2));
  assert.equal(layout.originY, Math.floor((601 - 24 * 19) / 2));
});

test("VHS's cells: JetBrains Mono's advance floored plus the letter spacing, ascent and descent each rounded, times the line height", () => {
  // Cell sizes xterm.js gives JetBrains Mono in Chromium (measured: 22 px → 13 + 1 × 29, 42 px → 25 + 1 × 56).
  const vhs = (fontSize: number, lineHeight = 1, letterSpacing = 1) => cellSize(fontSize, lineHeight, { geometry: 'vhs', letterSpacing });
  assert.deepEqual(vhs(22), { cellWidth: 14, cellHeight: 29 });
  assert.deepEqual(vhs(42), { cellWidth: 26, cellHeight: 56 });
  assert.deepEqual(vhs(32), { cellWidth: 20, cellHeight: 43 });
  assert.deepEqual(vhs(28), { cellWidth: 17, cellHeight: 37 });
  assert.deepEqual(vhs(10), { cellWidth: 7, cellHeight: 13 });
  assert.deepEqual(vhs(32, 1.8), { cellWidth: 20, cellHeight: 77 });
  assert.deepEqual(vhs(42, 1, 20), { cellWidth: 45, cellHeight: 56 });
  assert.deepEqual(cellSize(16, 1.2), { cellWidth: 10, cellHeight: 19 }, "termaudit's own cells are unchanged");
});

test("terminalSizeFor gives VHS's columns and rows for a frame size, and termaudit's for its own geometry", () => {
  const vhs = { geometry: 'vhs' as const, fontSize: 22, lineHeight: 1, letterSpacing: 1, padding: 60, width: 1200, height: 600 };
  // VHS's defaults: a 1080x480 viewport, 5 px of ttyd padding a side, 15 px of scroll bar, 14x29 cells.
  assert.deepEqual(terminalSizeFor(vhs), { cols: 75, rows: 16 });
  assert.deepEqual(terminalSizeFor({ ...vhs, fontSize: 42, height: 225 }), { cols: 40, rows: 1 });
  assert.deepEqual(terminalSizeFor({ ...vhs, width: 475, height: 200 }), { cols: 23, rows: 2 });
  assert.deepEqual(terminalSizeFor({ ...vhs, fontSize: 28, width: 1200, height: 800, padding: 30, margin: 80, windowBar: 'Colorful', windowBarSize: 40 }), { cols: 56, rows: 14 });
  assert.deepEqual(terminalSizeFor({ ...vhs, fontSize: 28, width: 1200, height: 800, padding: 30, margin: 80, windowBarSize: 40 }), { cols: 56, rows: 15 }, 'a bar size without a bar takes no room');
  assert.deepEqual(terminalSizeFor({ ...vhs, fontSize: 10, height: 225 }), { cols: 150, rows: 7 });
  assert.deepEqual(terminalSizeFor({ ...vhs, fontSize: 215, width: 400 }), { cols: 2, rows: 1 }, 'never fewer than 2 columns and 1 row');
  // Where even those do not fit beside the padding, margin and window bar, VHS's terminal would overflow its frame.
  assert.throws(() => terminalSizeFor({ ...vhs, fontSize: 512, width: 400 }), /^ConfigError: --width: 2 columns at font size 512 px need 736 px with padding 60 px, more than 400 px; give a larger --width, a smaller --font-size or --padding, or --fit to shrink the font$/);
  assert.throws(() => terminalSizeFor({ ...vhs, height: 600, margin: 250, windowBar: 'Rings' }), /--height: a row at font size 22 px needs 679 px with padding 60 px and margin 250 px on each side and a window bar of 30 px, more than 600 px; give a larger --height, a smaller --font-size, --padding, --margin or --window-bar-size, or --fit/);
  assert.deepEqual(terminalSizeFor({ ...vhs, height: 150 }), { cols: 75, rows: 1 }, 'a row that fits in the frame, though not in VHS\'s browser terminal, is kept');
  assert.deepEqual(terminalSizeFor({ width: 1232, height: 716 }), { cols: 120, rows: 36 });
  assert.deepEqual(terminalSizeFor({ width: 1232 }), { cols: 120 });
  assert.deepEqual(terminalSizeFor({ width: 1232, height: 716, fit: true }), {}, 'with fit, the font follows the grid');
  assert.deepEqual(terminalSizeFor({}), {});
  // Whatever terminalSizeFor derives fits the frame it was derived from.
  const layout = planLayout(75, 16, vhs);
  assert.deepEqual([layout.width, layout.height, layout.cellWidth, layout.cellHeight], [1200, 600, 14, 29]);
});
