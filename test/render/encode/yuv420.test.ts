import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Yuv420Frame } from '../../../src/render/encode/yuv420.js';
import { planLayout } from '../../../src/render/raster/layout.js';
import { Rasterizer, type DamageRect } from '../../../src/render/raster/rasterizer.js';
import { CellFlag, TRUECOLOR_BIT } from '../../../src/render/screen.js';
import { loadTheme } from '../../../src/render/theme.js';
import { ScreenBuilder } from '../raster/screen-builder.js';

type Rgb = [number, number, number];

/** bt709 returns the exact BT.709 limited-range Y, U, V of a colour (the formulas the converter approximates). */
function bt709([red, green, blue]: Rgb): [number, number, number] {
  const luma = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  return [16 + (219 / 255) * luma, 128 + (224 / 255) * ((blue - luma) / 1.8556), 128 + (224 / 255) * ((red - luma) / 1.5748)];
}

/** solidFrame returns an RGBA frame of one colour. */
function solidFrame(width: number, height: number, [red, green, blue]: Rgb): Buffer {
  const frame = Buffer.alloc(width * height * 4);
  for (let offset = 0; offset < frame.length; offset += 4) frame.set([red, green, blue, 255], offset);
  return frame;
}

/** samplesAt returns the Y of pixel (x, y) and the U and V of its 2x2 block. */
function samplesAt(frame: Yuv420Frame, x: number, y: number): [number, number, number] {
  const { width, height, data } = frame;
  const chroma = (y >> 1) * (width / 2) + (x >> 1);
  return [data[y * width + x], data[width * height + chroma], data[width * height + (width * height) / 4 + chroma]];
}

/** assertWithinOne checks converted samples against the exact formulas, ±1 per sample. */
function assertWithinOne(actual: number[], expected: number[], what: string): void {
  const off = expected.some((value, index) => Math.abs(value - actual[index]) > 1);
  assert.ok(!off, `${what}: got YUV ${actual.join(', ')}, expected about ${expected.map((value) => value.toFixed(2)).join(', ')}`);
}

/** randomGenerator returns a small deterministic generator of integers in [0, limit). */
function randomGenerator(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * limit);
  };
}

test('known colours convert to BT.709 limited-range Y, U and V within one level', () => {
  const colours: Record<string, Rgb> = {
    black: [0, 0, 0],
    white: [255, 255, 255],
    '#ff5555': [0xff, 0x55, 0x55],
    red: [255, 0, 0],
    green: [0, 255, 0],
    blue: [0, 0, 255],
    gray: [128, 128, 128],
    'dracula background': [0x28, 0x2a, 0x36],
    'dracula foreground': [0xf8, 0xf8, 0xf2],
    '#2040c0': [0x20, 0x40, 0xc0],
  };
  const frame = new Yuv420Frame(4, 2);
  for (const [name, colour] of Object.entries(colours)) {
    frame.update(solidFrame(4, 2, colour));
    for (const [x, y] of [[0, 0], [3, 1]]) assertWithinOne(samplesAt(frame, x, y), bt709(colour), name);
  }
  frame.update(solidFrame(4, 2, [0, 0, 0]));
  assert.deepEqual(samplesAt(frame, 0, 0), [16, 128, 128], 'black is exactly 16, 128, 128');
  frame.update(solidFrame(4, 2, [255, 255, 255]));
  assert.deepEqual(samplesAt(frame, 0, 0), [235, 128, 128], 'white is exactly 235, 128, 128');
  frame.update(solidFrame(4, 2, [77, 77, 77]));
  assert.deepEqual(samplesAt(frame, 1, 1).slice(1), [128, 128], 'any gray has no chroma');
});

test('each pixel gets its own Y and each 2x2 block the U and V of its average colour', () => {
  const block: Rgb[] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
  const rgba = Buffer.alloc(2 * 2 * 4);
  block.forEach((colour, index) => rgba.set([...colour, 255], index * 4));
  const frame = new Yuv420Frame(2, 2);
  frame.update(rgba);
  const average = [0, 1, 2].map((channel) => block.reduce((sum, colour) => sum + colour[channel], 0) / 4) as Rgb;
  block.forEach((colour, index) => assert.ok(Math.abs(frame.data[index] - bt709(colour)[0]) <= 1, `Y of pixel ${index}`));
  assertWithinOne([frame.data[0], frame.data[4], frame.data[5]], [bt709(block[0])[0], ...bt709(average).slice(1)], 'chroma of the block average');
});

test('the I420 frame is the Y plane, then U, then V, 1.5 bytes per pixel', () => {
  const frame = new Yuv420Frame(6, 4);
  assert.equal(frame.data.length, Yuv420Frame.byteLength(6, 4));
  assert.equal(frame.data.length, 6 * 4 * 1.5);
  frame.update(solidFrame(6, 4, [0xff, 0x55, 0x55]));
  const [luma, u, v] = bt709([0xff, 0x55, 0x55]).map(Math.round);
  assert.deepEqual([...new Set(frame.data.subarray(0, 24))], [luma]);
  assert.deepEqual([...new Set(frame.data.subarray(24, 30))], [u]);
  assert.deepEqual([...new Set(frame.data.subarray(30, 36))], [v]);
});

test('updating damaged rectangles, odd coordinates included, gives the same bytes as converting the final frame whole', () => {
  const width = 64;
  const height = 48;
  const random = randomGenerator(7);
  const rgba = Buffer.alloc(width * height * 4);
  for (let offset = 0; offset < rgba.length; offset++) rgba[offset] = random(256);
  const incremental = new Yuv420Frame(width, height);
  incremental.update(rgba);
  for (let step = 0; step < 40; step++) {
    // Mostly flat patches (like cells), some noisy ones, at any position and size, some hanging off the frame.
    const rect: DamageRect = { x: random(width + 8) - 4, y: random(height + 8) - 4, width: 1 + random(20), height: 1 + random(12) };
    const flat: Rgb = [random(256), random(256), random(256)];
    const noisy = step % 3 === 0;
    for (let y = Math.max(0, rect.y); y < Math.min(height, rect.y + rect.height); y++) {
      for (let x = Math.max(0, rect.x); x < Math.min(width, rect.x + rect.width); x++) {
        rgba.set(noisy ? [random(256), random(256), random(256), 255] : [...flat, 255], (y * width + x) * 4);
      }
    }
    incremental.update(rgba, [rect]);
    const whole = new Yuv420Frame(width, height);
    assert.ok(incremental.data.equals(whole.update(rgba)), `step ${step}, ${JSON.stringify(rect)}`);
  }
});

test('a single changed pixel at odd coordinates updates its whole 2x2 block', () => {
  const frame = new Yuv420Frame(8, 8);
  const rgba = solidFrame(8, 8, [0, 0, 0]);
  frame.update(rgba);
  rgba.set([255, 255, 255, 255], (5 * 8 + 3) * 4);
  frame.update(rgba, [{ x: 3, y: 5, width: 1, height: 1 }]);
  assert.equal(samplesAt(frame, 3, 5)[0], 235, 'the changed pixel');
  assert.equal(samplesAt(frame, 2, 4)[0], 16, 'its block neighbour');
  assert.ok(frame.data.equals(new Yuv420Frame(8, 8).update(rgba)));
  // A pixel outside the damage is not looked at.
  rgba.set([255, 255, 255, 255], 0);
  frame.update(rgba, [{ x: 3, y: 5, width: 1, height: 1 }, { x: 100, y: 100, width: 4, height: 4 }, { x: 2, y: 2, width: 0, height: 3 }]);
  assert.equal(frame.data[0], 16);
});

test('updates following the rasterizer damage over a sequence of screens equal a full conversion of the last frame', async () => {
  const layout = planLayout(20, 6, { fontSize: 13 });
  const rasterizer = await Rasterizer.create(layout, loadTheme('dracula'));
  const screen = new ScreenBuilder(20, 6);
  const incremental = new Yuv420Frame(layout.width, layout.height);
  const steps: Array<() => void> = [
    () => void screen.cursor(0, 0),
    () => {
      screen.write(0, 0, '$ ls -la');
      screen.cursor(8, 0);
    },
    () => {
      screen.write(0, 1, '中文😀 ok', { fg: 2 });
      screen.cursor(3, 2);
    },
    () => {
      screen.write(1, 1, 'xy', { bg: TRUECOLOR_BIT | 0xff5555 });
      screen.cursor(5, 1);
    },
    () => {
      screen.write(0, 3, '┌──┐ ░▒▓', { flags: CellFlag.inverse | CellFlag.underline });
      screen.cursor(19, 5);
    },
  ];
  for (const step of steps) {
    step();
    const pixels = await rasterizer.draw(screen.clone());
    incremental.update(pixels, rasterizer.lastDamage);
    assert.ok(incremental.data.equals(new Yuv420Frame(layout.width, layout.height).update(pixels)));
  }
});

test('an input buffer not aligned to 4 bytes converts the same', () => {
  const random = randomGenerator(3);
  const rgba = Buffer.alloc(16 * 8 * 4);
  for (let offset = 0; offset < rgba.length; offset++) rgba[offset] = random(256);
  const unaligned = Buffer.alloc(rgba.length + 1).subarray(1);
  rgba.copy(unaligned);
  assert.ok(new Yuv420Frame(16, 8).update(unaligned).equals(new Yuv420Frame(16, 8).update(rgba)));
});

test('odd frame sizes and wrong input lengths are refused', () => {
  assert.throws(() => new Yuv420Frame(321, 240), { name: 'TypeError', message: /width must be a positive even integer.*received 321/ });
  assert.throws(() => new Yuv420Frame(320, 0), { name: 'TypeError', message: /height.*received 0/ });
  assert.throws(() => new Yuv420Frame(4, 4).update(Buffer.alloc(10)), { name: 'TypeError', message: /4x4x4 = 64 bytes, received 10/ });
});
