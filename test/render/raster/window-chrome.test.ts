/**
 * VHS's window around the terminal: the margin in its colour, the window bar's dots or rings, the rounded
 * corners, and the grid moved below the bar. Checked on frames the rasterizer draws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planLayout, type LayoutOptions } from '../../../src/render/raster/layout.js';
import { Rasterizer } from '../../../src/render/raster/rasterizer.js';
import { loadTheme } from '../../../src/render/theme.js';
import { VirtualTerminal } from '../../../src/render/virtual-terminal.js';

const theme = loadTheme('vhs');
const MARGIN_FILL = 0x674eff;

/** drawFrame draws a 20x3 terminal showing "hi" in a frame of `options` and returns a reader of its pixels (0xRRGGBB). */
async function drawFrame(options: LayoutOptions) {
  const layout = planLayout(20, 3, { fontSize: 16, ...options });
  const terminal = new VirtualTerminal({ cols: 20, rows: 3 });
  await terminal.write('hi');
  const screen = { ...terminal.snapshot(), cursorVisible: false };
  terminal.dispose();
  const rasterizer = await Rasterizer.create(layout, theme);
  const frame = Buffer.from(await rasterizer.draw(screen));
  const at = (x: number, y: number) => {
    const offset = (y * layout.width + x) * 4;
    return (frame[offset]! << 16) | (frame[offset + 1]! << 8) | frame[offset + 2]!;
  };
  return { layout, at };
}

const hex = (color: number) => `#${color.toString(16).padStart(6, '0')}`;

test('a margin is filled with its colour around the window, and the grid keeps its padding inside it', async () => {
  const { layout, at } = await drawFrame({ margin: 20, marginFill: '#674EFF', padding: 10 });
  assert.deepEqual(layout.window, { x: 20, y: 20, width: layout.width - 40, height: layout.height - 40, barSize: 0, radius: 0, marginFill: MARGIN_FILL });
  assert.deepEqual([layout.originX, layout.originY], [30, 30], 'margin then padding');
  assert.equal(layout.width, 20 * layout.cellWidth + 2 * (10 + 20));
  for (const [x, y] of [[0, 0], [19, 19], [layout.width - 1, layout.height - 1], [layout.width - 20, 25], [25, layout.height - 20]]) assert.equal(hex(at(x!, y!)), '#674eff', `(${x}, ${y}) is margin`);
  for (const [x, y] of [[20, 20], [layout.width - 21, layout.height - 21], [25, layout.height - 21]]) assert.equal(at(x!, y!), theme.background, `(${x}, ${y}) is window`);
  // Without a colour, the margin is the theme's background: nothing to tell it from the window.
  const plain = await drawFrame({ margin: 20, padding: 10 });
  assert.equal(plain.at(0, 0), theme.background);
});

test("a Colorful bar draws VHS's red, yellow and green dots above the terminal, which moves down by its height", async () => {
  const size = 30;
  const { layout, at } = await drawFrame({ windowBar: 'Colorful', windowBarSize: size, padding: 10 });
  assert.equal(layout.originY, size + 10, 'the grid starts below the bar and the padding');
  const height = 3 * layout.cellHeight + 2 * 10 + size;
  assert.equal(layout.height, height + (height % 2));
  // Dots of radius ⌊30/6⌋ = 5, 10 px from the bar's edges (centred 15 px from the top), 15 px apart from x = 15.
  assert.deepEqual([15, 30, 45].map((x) => hex(at(x, 15))), ['#ff4f4d', '#febb00', '#00cc1d']);
  assert.equal(at(15, 22), theme.background, 'below the dots: the bar is the window colour');
  assert.equal(at(60, 15), theme.background, 'three dots only');
  const right = await drawFrame({ windowBar: 'ColorfulRight', windowBarSize: size, padding: 10 });
  const w = right.layout.width;
  assert.deepEqual([w - 15, w - 30, w - 45].map((x) => hex(right.at(x, 15))), ['#ff4f4d', '#febb00', '#00cc1d'], 'mirrored from the right edge');
});

test('a Rings bar draws three grey rings with the bar colour inside', async () => {
  const { at } = await drawFrame({ windowBar: 'Rings', windowBarSize: 30, padding: 10 });
  // Rings of radius ⌊30/5⌋ = 6 (inner ⌊24/5⌋ = 4), 9 px from the bar's edges (centred 15 px from the top), 17 px apart.
  for (const cx of [15, 32, 49]) {
    assert.equal(at(cx, 15), theme.background, `ring at ${cx}: hollow`);
    assert.equal(hex(at(cx + 4, 15)), '#333333', `ring at ${cx}: its rim`);
  }
});

test('rounded corners uncover the margin colour at the window corners only', async () => {
  const { layout, at } = await drawFrame({ margin: 10, marginFill: '#674EFF', borderRadius: 8, padding: 10 });
  const window = layout.window!;
  const corners = [[window.x, window.y], [window.x + window.width - 1, window.y], [window.x, window.y + window.height - 1], [window.x + window.width - 1, window.y + window.height - 1]];
  for (const [x, y] of corners) assert.equal(hex(at(x!, y!)), '#674eff', `corner (${x}, ${y})`);
  // Along the edges, past the radius, and inside: the window.
  assert.equal(at(window.x + 8, window.y), theme.background);
  assert.equal(at(window.x, window.y + 8), theme.background);
  assert.equal(at(window.x + 4, window.y + 4), theme.background, 'inside the arc');
  // Partly covered pixels on the arc blend the two colours.
  const arc = at(window.x + 1, window.y + 2);
  assert.ok(arc !== theme.background && arc !== MARGIN_FILL, hex(arc));
});
