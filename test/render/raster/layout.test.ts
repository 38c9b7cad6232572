import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import { planLayout } from '../../../src/render/raster/layout.js';

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
  const layout = planLayout(120, 36, { width: 1920, height: 1080 });
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
  const layout = planLayout(120, 36, { width: 1920 });
  assert.equal(layout.width, 1920);
  assert.equal(layout.height % 2, 0);
  assert.equal(layout.originY, 16);
  assert.ok(layout.height >= 36 * layout.cellHeight + 32);
  const byHeight = planLayout(80, 24, { height: 720 });
  assert.equal(byHeight.height, 720);
  assert.equal(byHeight.width % 2, 0);
  assert.equal(byHeight.originX, 16);
});

test('planLayout ignores fontSize when fitting a frame size', () => {
  assert.deepEqual(planLayout(100, 30, { width: 1280, height: 720, fontSize: 99 }), planLayout(100, 30, { width: 1280, height: 720 }));
});

test('planLayout rejects nonsense options with a ConfigError naming the option', () => {
  const cases: Array<[Parameters<typeof planLayout>, RegExp]> = [
    [[80, 24, { width: 1919 }], /^--width: .*odd/],
    [[80, 24, { height: 1081 }], /^--height: .*odd/],
    [[80, 24, { fontSize: 0 }], /^--font-size:/],
    [[80, 24, { fontSize: -3 }], /^--font-size:/],
    [[80, 24, { fontSize: Number.NaN }], /^--font-size:/],
    [[80, 24, { lineHeight: 0.5 }], /^--line-height:/],
    [[80, 24, { padding: -1 }], /^--padding:/],
    [[0, 24], /^--cols:/],
    [[80, 2.5], /^--rows:/],
    [[500, 24, { width: 640 }], /^--width: a 500x24 grid does not fit/],
    [[80, 300, { width: 1920, height: 480 }], /^--height: a 80x300 grid does not fit/],
    [[1000, 1000, { fontSize: 64 }], /^--font-size: .*larger than/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => planLayout(...args), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(args));
  }
});
