import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { judgeFramesOf, MODEL_MAX_FONT_SIZE, MODEL_MIN_FONT_SIZE, planModelFrame } from '../../src/evaluate/judge-frames.js';
import { apiImageSize, findModel, imageTokens, MODELS, type ModelInfo } from '../../src/evaluate/models.js';
import { cellSize, FIT_STEP, planLayout } from '../../src/render/raster/layout.js';
import { RENDER_DEFAULTS } from '../../src/render/render-settings.js';
import { loadTheme } from '../../src/render/theme.js';
import type { SampledFrame } from '../../src/sample/index.js';
import { ScreenBuilder } from '../render/raster/screen-builder.js';

const model = (id: string): ModelInfo => findModel(id)!;

/** GRIDS are terminal sizes from a small prompt to a wide monitor. */
const GRIDS: Array<[number, number]> = [[40, 10], [80, 24], [100, 30], [120, 36], [132, 43], [200, 50], [300, 80]];

test('an 80×24 grid costs gpt-4.1 two 512-px tiles (425 tokens) instead of six (1,105), with the font a little larger than the render default', () => {
  const plan = planModelFrame(80, 24, model('gpt-4.1'));
  assert.deepEqual(plan, { fontSize: 17.75, width: 880, height: 504, tokens: 425, legible: true });
  // Cropped to the grid: 80 cells of 11 px and 24 of 21 px, no padding.
  const { cellWidth, cellHeight } = cellSize(plan.fontSize, RENDER_DEFAULTS.lineHeight);
  assert.deepEqual([80 * cellWidth, 24 * cellHeight], [plan.width, plan.height]);
  // Before: the frame filled the largest image gpt-4.1 processes (short side 768), padded by 8 px.
  assert.equal(imageTokens(model('gpt-4.1'), 1326, 768), 1105);
});

test('an 80×24 grid costs gpt-4.1-mini 375 patches (608 tokens) instead of 1,530 (2,479)', () => {
  assert.deepEqual(planModelFrame(80, 24, model('gpt-4.1-mini')), { fontSize: 17, width: 800, height: 480, tokens: 608, legible: true });
});

test('every plan is the cheapest legible one, with the largest font at that price, and the model takes it without scaling', () => {
  for (const info of MODELS) {
    for (const [cols, rows] of GRIDS) {
      const plan = planModelFrame(cols, rows, info);
      const where = `${info.id} ${cols}x${rows}`;
      const largest = apiImageSize(info, plan.width, plan.height);
      assert.ok(plan.width <= largest.width && plan.height <= largest.height, `${where}: ${plan.width}x${plan.height} would be scaled down`);
      assert.equal(plan.tokens, imageTokens(info, plan.width, plan.height), where);
      if (!plan.legible) continue;
      assert.ok(plan.fontSize >= MODEL_MIN_FONT_SIZE, where);
      // No legible font size the model takes whole is cheaper, and the next size up costs more (or is not taken whole).
      for (let fontSize = MODEL_MIN_FONT_SIZE; fontSize <= plan.fontSize; fontSize += FIT_STEP) {
        const layout = planLayout(cols, rows, { fontSize, padding: 0 });
        assert.ok(imageTokens(info, layout.width, layout.height) >= plan.tokens, `${where}: font ${fontSize} is cheaper`);
      }
      if (plan.fontSize === MODEL_MAX_FONT_SIZE) continue;
      const next = planLayout(cols, rows, { fontSize: plan.fontSize + FIT_STEP, padding: 0 });
      const nextLargest = apiImageSize(info, next.width, next.height);
      const nextWhole = next.width <= nextLargest.width && next.height <= nextLargest.height;
      assert.ok(!nextWhole || imageTokens(info, next.width, next.height) > plan.tokens, `${where}: font ${plan.fontSize + FIT_STEP} costs no more`);
    }
  }
});

test('a small grid is drawn no larger than MODEL_MAX_FONT_SIZE, however much of its tile is left', () => {
  const plan = planModelFrame(10, 3, model('gpt-4.1'));
  assert.equal(plan.fontSize, MODEL_MAX_FONT_SIZE);
  assert.equal(plan.tokens, 85 + 170);
});

test('a grid too large for the model at the minimum font is drawn at the largest font it takes whole', () => {
  const plan = planModelFrame(300, 80, model('gpt-4.1'));
  assert.equal(plan.legible, false);
  assert.ok(plan.fontSize < MODEL_MIN_FONT_SIZE);
  const bigger = planLayout(300, 80, { fontSize: plan.fontSize + FIT_STEP, padding: 0 });
  const largest = apiImageSize(model('gpt-4.1'), bigger.width, bigger.height);
  assert.ok(bigger.width > largest.width || bigger.height > largest.height, 'one step larger would still be taken whole');
});

test('judgeFramesOf draws a cast frame cropped to its grid at the planned size; without a model it sends the sampled PNG', async () => {
  const screen = new ScreenBuilder(80, 24);
  screen.write(0, 0, '$ deploy --all');
  screen.write(79, 23, '#');
  const frame: SampledFrame = { number: 1, file: '/nonexistent/frame-001.png', time: 1.5, videoTime: 1.5, reason: 'last frame', hash: 'x', width: 832, height: 488, text: '$ deploy --all', snapshot: screen.snapshot };
  const [sent] = await judgeFramesOf([frame], loadTheme(), model('gpt-4.1'));
  assert.deepEqual([sent.width, sent.height], [880, 504]);
  const meta = await sharp(sent.png).metadata();
  assert.deepEqual([meta.width, meta.height, meta.format], [880, 504, 'png']);
  // The last cell is drawn at the image's bottom-right corner: there is no margin past the grid.
  const { data, info } = await sharp(sent.png).extract({ left: 880 - 11, top: 504 - 21, width: 11, height: 21 }).raw().toBuffer({ resolveWithObject: true });
  const background = loadTheme().background;
  const pixels = Array.from({ length: info.width * info.height }, (_, index) => data.readUIntBE(index * info.channels, 3));
  assert.ok(pixels.some((pixel) => pixel !== background), 'the "#" in the last cell is not drawn in the corner');
  assert.equal(sent.label, 'Frame 1 · 00:01.5');
  await assert.rejects(judgeFramesOf([frame], loadTheme()), /ENOENT/);
});
