import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ExecutionError } from '../../../src/errors.js';
import { planLayout, type FrameLayout } from '../../../src/render/raster/layout.js';
import { Rasterizer, type DamageRect } from '../../../src/render/raster/rasterizer.js';
import { CellFlag, TRUECOLOR_BIT, type ScreenSnapshot } from '../../../src/render/screen.js';
import { loadTheme } from '../../../src/render/theme.js';
import { VirtualTerminal } from '../../../src/render/virtual-terminal.js';
import { ScreenBuilder } from './screen-builder.js';

const theme = loadTheme('dracula');
const layout = planLayout(20, 6, { fontSize: 16 });

/** pixel returns the 0xRRGGBB color at (dx, dy) inside cell (col, row) of a frame. */
function pixel(frame: Buffer, frameLayout: FrameLayout, col: number, row: number, dx: number, dy: number): number {
  const x = frameLayout.originX + col * frameLayout.cellWidth + dx;
  const y = frameLayout.originY + row * frameLayout.cellHeight + dy;
  const offset = (y * frameLayout.width + x) * 4;
  assert.equal(frame[offset + 3], 255, 'frames are opaque');
  return (frame[offset] << 16) | (frame[offset + 1] << 8) | frame[offset + 2];
}

/** cellPixels lists every color of a cell (or `cells` cells) of a frame. */
function cellPixels(frame: Buffer, frameLayout: FrameLayout, col: number, row: number, cells = 1): number[] {
  const colors: number[] = [];
  for (let dy = 0; dy < frameLayout.cellHeight; dy++) {
    for (let dx = 0; dx < cells * frameLayout.cellWidth; dx++) colors.push(pixel(frame, frameLayout, col, row, dx, dy));
  }
  return colors;
}

/** terminalScreen writes output into the emulator casts are replayed with and returns its screen (cursor hidden), so cells are what a render gets. */
async function terminalScreen(output: string, cols: number, rows: number): Promise<ScreenSnapshot> {
  const terminal = new VirtualTerminal({ cols, rows });
  await terminal.write(output);
  const snapshot = terminal.snapshot();
  terminal.dispose();
  return { ...snapshot, cursorVisible: false };
}

/** saturated tells whether a color is clearly not a gray (emoji pixels are). */
function saturated(color: number): boolean {
  const [red, green, blue] = [color >> 16, (color >> 8) & 0xff, color & 0xff];
  return Math.max(red, green, blue) - Math.min(red, green, blue) > 60;
}

const sha256 = (frame: Buffer) => createHash('sha256').update(frame).digest('hex');

async function drawOnce(snapshot: ScreenSnapshot, frameLayout = layout): Promise<{ frame: Buffer; rasterizer: Rasterizer }> {
  const rasterizer = await Rasterizer.create(frameLayout, theme);
  return { frame: await rasterizer.draw(snapshot), rasterizer };
}

test('a blank screen is all theme background, margins included', async () => {
  const { frame } = await drawOnce(new ScreenBuilder(20, 6).snapshot);
  assert.equal(frame.length, layout.width * layout.height * 4);
  const background = [(theme.background >> 16) & 0xff, (theme.background >> 8) & 0xff, theme.background & 0xff, 255];
  for (let offset = 0; offset < frame.length; offset += 4) assert.deepEqual([...frame.subarray(offset, offset + 4)], background);
});

test('a cell with a palette red background has exactly theme.palette[1] pixels in its interior', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(3, 2, ' ', { bg: 1 });
  const { frame } = await drawOnce(screen.snapshot);
  assert.deepEqual(new Set(cellPixels(frame, layout, 3, 2)), new Set([theme.palette[1]]));
  assert.equal(pixel(frame, layout, 4, 2, 0, 0), theme.background, 'the next cell keeps the default background');
});

test('colors follow truecolor, bold brightening, dim and inverse', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, '█', { fg: TRUECOLOR_BIT | 0x123456 });
  screen.write(1, 0, '█', { fg: 1, flags: CellFlag.bold });
  screen.write(2, 0, '█', { fg: 100, flags: CellFlag.bold });
  screen.write(3, 0, '█', { flags: CellFlag.inverse });
  screen.write(4, 0, ' ', { flags: CellFlag.inverse });
  screen.write(5, 0, '█', { fg: TRUECOLOR_BIT | 0xffffff, bg: TRUECOLOR_BIT | 0x000000, flags: CellFlag.dim });
  screen.write(6, 0, 'X', { fg: 2, flags: CellFlag.invisible });
  const { frame } = await drawOnce(screen.snapshot);
  const only = (col: number) => [...new Set(cellPixels(frame, layout, col, 0))];
  assert.deepEqual(only(0), [0x123456], 'truecolor foreground');
  assert.deepEqual(only(1), [theme.palette[9]], 'bold red draws bright red');
  assert.deepEqual(only(2), [theme.palette[100]], 'bold leaves colors past 7 alone');
  assert.deepEqual(only(3), [theme.background], 'inverse draws the glyph in the default background');
  assert.deepEqual(only(4), [theme.foreground], 'inverse fills the cell with the default foreground');
  assert.deepEqual(only(5), [0x7f7f7f], 'dim blends the foreground halfway to the background');
  assert.deepEqual(only(6), [theme.background], 'invisible draws no glyph');
});

test('text is antialiased with intermediate shades between background and foreground', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, 'Ag', { fg: TRUECOLOR_BIT | 0xffffff, bg: TRUECOLOR_BIT | 0x000000 });
  const { frame } = await drawOnce(screen.snapshot);
  const colors = cellPixels(frame, layout, 0, 0);
  assert.ok(colors.includes(0xffffff) && colors.includes(0x000000));
  assert.ok(colors.some((color) => color !== 0 && color !== 0xffffff && (color >> 16) === (color & 0xff)), 'gray edge pixels');
  // 'g' descends below the baseline, 'A' does not.
  const below = (col: number) => cellPixels(frame, layout, col, 0).slice((layout.baseline + 1) * layout.cellWidth).some((color) => color !== 0);
  assert.ok(below(1) && !below(0));
});

test('underline, strikethrough and overline draw full-width lines in the foreground color', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 1, '  ', { fg: TRUECOLOR_BIT | 0xff0000, flags: CellFlag.underline | CellFlag.strikethrough | CellFlag.overline });
  const { frame } = await drawOnce(screen.snapshot);
  const fullRows = [];
  for (let dy = 0; dy < layout.cellHeight; dy++) {
    const rowColors = new Set(Array.from({ length: 2 * layout.cellWidth }, (_, dx) => pixel(frame, layout, 0, 1, dx, dy)));
    if (rowColors.size === 1 && rowColors.has(0xff0000)) fullRows.push(dy);
  }
  assert.equal(fullRows.length, 3);
  assert.equal(fullRows[0], 0, 'overline at the top');
  assert.ok(fullRows[1] < layout.baseline && fullRows[2] > layout.baseline, 'strikethrough above, underline below the baseline');
});

test('a box-drawing line is continuous across adjacent cells', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(2, 3, '────━━══');
  const { frame } = await drawOnce(screen.snapshot);
  for (const [first, last] of [[2, 5], [6, 7], [8, 9]]) {
    let lineRows = 0;
    for (let dy = 0; dy < layout.cellHeight; dy++) {
      const rowColors = [];
      for (let col = first; col <= last; col++) for (let dx = 0; dx < layout.cellWidth; dx++) rowColors.push(pixel(frame, layout, col, 3, dx, dy));
      if (rowColors.includes(theme.foreground)) {
        lineRows++;
        assert.ok(rowColors.every((color) => color === theme.foreground), `row ${dy} of cells ${first}–${last} is unbroken`);
      }
    }
    assert.ok(lineRows >= 1, `cells ${first}–${last} draw a line`);
  }
});

test('a full block fills the whole cell', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, '█', { fg: 4 });
  const { frame } = await drawOnce(screen.snapshot);
  assert.deepEqual(new Set(cellPixels(frame, layout, 0, 0)), new Set([theme.palette[4]]));
});

test('an emoji is a color tile over two cells', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, '😀🚀❤️');
  assert.equal(screen.snapshot.widths[4], 2, 'the heart with U+FE0F is wide');
  const { frame, rasterizer } = await drawOnce(screen.snapshot);
  for (const col of [0, 2, 4]) {
    const colored = cellPixels(frame, layout, col, 0, 2).filter((color) => {
      const [red, green, blue] = [color >> 16, (color >> 8) & 0xff, color & 0xff];
      return Math.max(red, green, blue) - Math.min(red, green, blue) > 60;
    });
    assert.ok(colored.length > 20, `emoji at column ${col} has saturated pixels`);
  }
  assert.equal(rasterizer.stats.missingCodePoints.size, 0);
});

test('a CJK character renders real outlines across two cells, not the placeholder', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, '中文');
  const { frame, rasterizer } = await drawOnce(screen.snapshot);
  assert.equal(rasterizer.stats.missingCodePoints.size, 0);
  for (const col of [0, 1]) {
    const inked = cellPixels(frame, layout, col, 0).filter((color) => color !== theme.background).length;
    assert.ok(inked > 10, `cell ${col} of 中 has ink (${inked} px)`);
  }
  // 中 is symmetric: its ink is centered on the boundary between its two cells.
  const columns = Array.from({ length: 2 * layout.cellWidth }, (_, dx) =>
    Array.from({ length: layout.cellHeight }, (_, dy) => pixel(frame, layout, 0, 0, dx, dy)).some((color) => color !== theme.background),
  );
  const first = columns.indexOf(true);
  const last = columns.lastIndexOf(true);
  assert.ok(Math.abs(first + last + 1 - 2 * layout.cellWidth) <= 2, `ink spans ${first}–${last}`);
});

test('a powerline prompt joins its segments with no seam at odd and even cell sizes, and nothing in it is missing', async () => {
  // A starship / powerlevel10k style line: segments on palette backgrounds, each arrow in the color of the segment it ends.
  const prompt =
    '\x1b[30;44m ~/src \x1b[34;42m\ue0b0\x1b[30m main \x1b[32;49m\ue0b0\x1b[0m \x1b[33m\ue0b6\x1b[30;43m 3s \x1b[33;49m\ue0b4\x1b[0m \ue0b2\ue0b3\ue0b1\ue0bc\ue0be ❯\r\n' +
    '🬀🬁🬂🬋🬹🭰🭱🮂🮇🭼🭽 🭃🭎🭨🭬 ▏▕';
  const blue = theme.palette[4];
  const green = theme.palette[2];
  for (const fontSize of [16, 15, 13, 21]) {
    const frameLayout = planLayout(40, 2, { fontSize });
    const { cellWidth, cellHeight } = frameLayout;
    const name = `${cellWidth}x${cellHeight}`;
    const { frame, rasterizer } = await drawOnce(await terminalScreen(prompt, 40, 2), frameLayout);
    assert.deepEqual([...rasterizer.stats.missingCodePoints.keys()], [], `${name}: no missing glyph`);
    // ' ~/src ' fills cells 0–6 in blue; the arrow in cell 7 continues the blue over the green of ' main '.
    for (let dy = 0; dy < cellHeight; dy++) {
      assert.equal(pixel(frame, frameLayout, 6, 0, cellWidth - 1, dy), blue, `${name}: segment row ${dy}`);
      assert.equal(pixel(frame, frameLayout, 7, 0, 0, dy), blue, `${name}: the arrow's base on row ${dy} joins the segment`);
      assert.equal(pixel(frame, frameLayout, 8, 0, 0, dy), green, `${name}: the next segment on row ${dy}`);
    }
    assert.equal(pixel(frame, frameLayout, 7, 0, cellWidth - 1, 0), green, `${name}: above the tip`);
    assert.equal(pixel(frame, frameLayout, 7, 0, cellWidth - 1, cellHeight - 1), green, `${name}: below the tip`);
    const tipRow = Array.from({ length: cellHeight }, (_, dy) => pixel(frame, frameLayout, 7, 0, cellWidth - 1, dy));
    assert.ok(tipRow.some((color) => color !== green), `${name}: the tip reaches the right edge`);
    // Sextants are drawn in whole pixels: only the foreground and the background.
    assert.deepEqual(new Set(cellPixels(frame, frameLayout, 3, 1)), new Set([theme.foreground, theme.background]), `${name}: 🬋 is crisp`);
  }
});

test('Hangul is drawn from the Korean font over two cells each, not as placeholders', async () => {
  const screen = await terminalScreen('한국어', 20, 2);
  assert.deepEqual(Array.from(screen.widths.subarray(0, 6)), [2, 0, 2, 0, 2, 0]);
  const { frame, rasterizer } = await drawOnce(screen, planLayout(20, 2, { fontSize: 16 }));
  const frameLayout = rasterizer.layout;
  assert.equal(rasterizer.stats.missingCodePoints.size, 0);
  const ink = [0, 2, 4].map((col) => cellPixels(frame, frameLayout, col, 0, 2).map((color) => (color === theme.background ? 0 : 1)).join(''));
  for (const [index, cells] of ink.entries()) assert.ok(cells.split('1').length > 30, `syllable ${index} has ink`);
  assert.equal(new Set(ink).size, 3, 'three different syllables, three different glyphs');
});

test('a flag whose regional indicators the terminal put in two narrow cells is drawn as one flag; a ZWJ sequence split over cells keeps its parts', async () => {
  const screen = await terminalScreen('👩\u200d💻X🇫🇷Y🇩', 20, 2);
  // xterm with Unicode 11 widths: the woman (with the joiner) and the laptop in two wide cells each, each letter of the flag in a narrow cell.
  assert.deepEqual(screen.chars.slice(0, 9), ['👩\u200d', '', '💻', '', 'X', '🇫', '🇷', 'Y', '🇩']);
  assert.deepEqual(Array.from(screen.widths.subarray(0, 9)), [2, 0, 2, 0, 1, 1, 1, 1, 1]);
  const { frame, rasterizer } = await drawOnce(screen, planLayout(20, 2, { fontSize: 16 }));
  const frameLayout = rasterizer.layout;
  assert.equal(rasterizer.stats.missingCodePoints.size, 0, 'no placeholder for the joiner-carrying cell, the flag or the lone letter');
  assert.ok(cellPixels(frame, frameLayout, 0, 0, 2).filter(saturated).length > 20, 'the woman');
  assert.ok(cellPixels(frame, frameLayout, 2, 0, 2).filter(saturated).length > 20, 'the laptop');
  // 🇫🇷 spans cells 5 and 6: blue on the left, red on the right.
  const blueish = (color: number) => (color & 0xff) > (color >> 16) + 60;
  const reddish = (color: number) => color >> 16 > (color & 0xff) + 60;
  assert.ok(cellPixels(frame, frameLayout, 5, 0).some(blueish) && !cellPixels(frame, frameLayout, 5, 0).some(reddish), 'the blue band in the first cell');
  assert.ok(cellPixels(frame, frameLayout, 6, 0).some(reddish) && !cellPixels(frame, frameLayout, 6, 0).some(blueish), 'the red band in the second cell');
  // The text around them stays where the terminal put it.
  for (const col of [4, 7]) assert.ok(cellPixels(frame, frameLayout, col, 0).includes(theme.foreground), `the letter in cell ${col}`);
  assert.ok(cellPixels(frame, frameLayout, 8, 0).some(saturated), 'a lone regional indicator shows as its letter tile');
});

test('a character no bundled font has is drawn as a placeholder and counted as missing per cell drawn', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, '\u{10fffd}a\u{10fffd}');
  screen.write(0, 1, 'x\u{e000}');
  const { frame, rasterizer } = await drawOnce(screen.snapshot);
  assert.deepEqual([...rasterizer.stats.missingCodePoints], [[0x10fffd, 2], [0xe000, 1]]);
  assert.ok(cellPixels(frame, layout, 0, 0).includes(theme.foreground), 'the placeholder is visible');
  await rasterizer.draw(screen.snapshot);
  assert.equal(rasterizer.stats.missingCodePoints.get(0x10fffd), 2, 'cells that did not change are not counted again');
});

test('the block cursor paints theme.cursor with the character in theme.background', async () => {
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, 'ab█');
  screen.cursor(2, 0);
  const { frame } = await drawOnce(screen.snapshot);
  assert.deepEqual(new Set(cellPixels(frame, layout, 2, 0)), new Set([theme.background]), 'the full block under the cursor is in the background color');
  screen.write(2, 0, ' ');
  const { frame: onBlank } = await drawOnce(screen.snapshot);
  assert.deepEqual(new Set(cellPixels(onBlank, layout, 2, 0)), new Set([theme.cursor]));
});

test('a smaller snapshot is drawn at the top left and a larger one is refused', async () => {
  const small = new ScreenBuilder(5, 2);
  small.write(0, 0, '█████', { fg: 1 });
  small.write(0, 1, '     ', { bg: 2 });
  const { frame, rasterizer } = await drawOnce(small.snapshot);
  assert.equal(pixel(frame, layout, 4, 1, 0, 0), theme.palette[2]);
  assert.equal(pixel(frame, layout, 5, 0, 0, 0), theme.background);
  await assert.rejects(rasterizer.draw(new ScreenBuilder(21, 6).snapshot), ExecutionError);
  await assert.rejects(rasterizer.draw(new ScreenBuilder(20, 7).snapshot), ExecutionError);
});

/** A sequence of screens that exercises the incremental repaint: typing, recoloring, wide characters replaced, resizing, cursor moves. */
function screenSequence(): ScreenSnapshot[] {
  const screen = new ScreenBuilder(20, 6);
  const frames: ScreenSnapshot[] = [];
  const take = () => frames.push(screen.clone());
  screen.cursor(0, 0);
  take();
  screen.write(0, 0, '$ ls -la');
  screen.cursor(8, 0);
  take();
  screen.write(0, 1, '中文😀 ok', { fg: 2 });
  screen.write(0, 2, '┌──┐ ░▒▓ ⣿', { fg: TRUECOLOR_BIT | 0x336699, flags: CellFlag.bold });
  screen.cursor(0, 3);
  take();
  screen.write(1, 1, 'xy'); // overwrites the right half of 中 and the left half of 文
  screen.write(0, 2, '┌──┐', { flags: CellFlag.inverse | CellFlag.underline });
  screen.cursor(5, 1);
  take();
  screen.write(0, 3, 'ｆｕｌｌ', { bg: 5, flags: CellFlag.italic });
  screen.snapshot.cursorVisible = false;
  take();
  screen.write(0, 1, '😀😀', { flags: CellFlag.dim });
  screen.write(10, 4, '🇫🇷🇩🇪');
  screen.cursor(1, 1); // on the right half of an emoji
  take();
  screen.write(11, 4, 'x'); // breaks the first flag: its first letter stands alone
  screen.write(14, 4, '🇫🇷'); // and the second pair becomes another flag
  take();
  frames.push(new ScreenBuilder(12, 4).cursor(11, 3).snapshot); // resized smaller
  frames.push(frames[3]);
  return frames;
}

test('an incremental draw gives the same bytes as a fresh full draw of the same snapshot', async () => {
  const incremental = await Rasterizer.create(layout, theme);
  const sequence = screenSequence();
  let previous = '';
  for (const [index, snapshot] of sequence.entries()) {
    const drawn = sha256(await incremental.draw(snapshot));
    // A fresh full draw: a blank screen first makes every cell differ, then this snapshot repaints all of them.
    const reference = await Rasterizer.create(layout, theme);
    assert.equal(drawn, sha256(await reference.draw(snapshot)), `frame ${index}`);
    assert.notEqual(drawn, previous, `frame ${index} differs from the one before`);
    previous = drawn;
  }
});

test('two rasterizers draw identical bytes for the same snapshots', async () => {
  const first = await Rasterizer.create(layout, theme);
  const second = await Rasterizer.create(layout, theme);
  const sequence = screenSequence();
  for (const snapshot of sequence) assert.equal(sha256(await first.draw(snapshot)), sha256(await second.draw(snapshot)));
  // Drawing in another order (so glyphs are cached in another order) changes nothing either.
  const third = await Rasterizer.create(layout, theme);
  for (const snapshot of [...sequence].reverse()) await third.draw(snapshot);
  assert.equal(sha256(await third.draw(sequence[2])), sha256(await first.draw(sequence[2])));
});

test('a second draw while one is running is refused', async () => {
  const rasterizer = await Rasterizer.create(layout, theme);
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, 'ĀāĂăĄą');
  const running = rasterizer.draw(screen.snapshot);
  await assert.rejects(rasterizer.draw(screen.snapshot), /previous draw has not finished/);
  await running;
});

/** pixelsOutside lists up to 10 pixels (as "x,y") that differ between two frames and lie outside every rect. */
function pixelsOutside(before: Buffer, after: Buffer, frameLayout: FrameLayout, rects: readonly DamageRect[]): string[] {
  const outside: string[] = [];
  const before32 = new Uint32Array(before.buffer, before.byteOffset, before.length / 4);
  const after32 = new Uint32Array(after.buffer, after.byteOffset, after.length / 4);
  for (let index = 0; index < after32.length && outside.length < 10; index++) {
    if (before32[index] === after32[index]) continue;
    const x = index % frameLayout.width;
    const y = Math.floor(index / frameLayout.width);
    if (!rects.some((rect) => x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height)) outside.push(`${x},${y}`);
  }
  return outside;
}

test('every pixel a draw changes lies inside its lastDamage, and the first draw damages the whole frame', async () => {
  const rasterizer = await Rasterizer.create(layout, theme);
  assert.deepEqual(rasterizer.lastDamage, []);
  let previous = Buffer.alloc(0);
  for (const [index, snapshot] of screenSequence().entries()) {
    const frame = Buffer.from(await rasterizer.draw(snapshot));
    const damage: readonly DamageRect[] = rasterizer.lastDamage;
    if (index === 0) {
      assert.deepEqual(damage, [{ x: 0, y: 0, width: layout.width, height: layout.height }]);
    } else {
      assert.deepEqual(pixelsOutside(previous, frame, layout, damage), [], `frame ${index}: changed pixels outside ${JSON.stringify(damage)}`);
      for (const rect of damage) {
        assert.ok(rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= layout.width && rect.y + rect.height <= layout.height, `frame ${index}: ${JSON.stringify(rect)} inside the frame`);
      }
    }
    previous = frame;
  }
});

test('lastDamage holds one rect per run of repainted cells in a row, including the cursor cells', async () => {
  const rasterizer = await Rasterizer.create(layout, theme);
  const screen = new ScreenBuilder(20, 6);
  screen.write(0, 0, '$ ');
  screen.cursor(2, 0);
  await rasterizer.draw(screen.clone());
  screen.write(2, 0, 'ls');
  screen.write(10, 3, 'x');
  screen.cursor(4, 0);
  await rasterizer.draw(screen.clone());
  const { originX, originY, cellWidth, cellHeight } = layout;
  assert.deepEqual(rasterizer.lastDamage, [
    // 'l' (where the cursor was), 's', and the cursor's new cell: one run.
    { x: originX + 2 * cellWidth, y: originY, width: 3 * cellWidth, height: cellHeight },
    { x: originX + 10 * cellWidth, y: originY + 3 * cellHeight, width: cellWidth, height: cellHeight },
  ]);
  await rasterizer.draw(screen.clone());
  assert.deepEqual(rasterizer.lastDamage, [{ x: originX + 4 * cellWidth, y: originY, width: cellWidth, height: cellHeight }], 'an unchanged screen repaints only the cursor cell');
});
