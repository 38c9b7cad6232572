import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ffmpegPath } from '../../src/ffmpeg/ffmpeg-binary.js';
import { render } from '../../src/render/index.js';
import { loadTheme } from '../../src/render/theme.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { FULL_SCREEN_LAST_ROW, fullScreenCast } from '../helpers/full-screen-casts.js';
import { decodeFrameRgba, pixelAt as videoPixelAt, probeVideo } from '../helpers/video-probe.js';

const colorfulEvents: CastEventTuple[] = [
  [0.2, 'o', '\u001b[41m  \u001b[0m plain \u001b[1;32mbold green\u001b[0m 😀 漢字\r\n'],
  [0.6, 'o', '╭──╮ █▀▄ \u001b[38;2;255;128;0mtruecolor\u001b[0m\r\n'],
  [1.0, 'o', '\u001b[7minverse\u001b[0m done'],
];

async function pixelAt(png: string, x: number, y: number): Promise<number> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return (data[offset] << 16) | (data[offset + 1] << 8) | data[offset + 2];
}

function hashFrames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.png'))
    .sort()
    .map((name) => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex'));
}

test('render writes an H.264 MP4 whose duration is the cast plus the hold, and the final screen text', async () => {
  const cast = writeCast(colorfulEvents, { cols: 40, rows: 6, duration: 1.5 });
  const outDir = makeTempDir();
  const result = await render(cast, { outDir, fps: 30, lastFrame: 1 });
  const video = await probeVideo(result.outputs.mp4!);
  assert.equal(video.codec, 'h264');
  assert.equal(video.pixelFormat, 'yuv420p');
  assert.equal(video.width, result.settings.width);
  assert.equal(video.height, result.settings.height);
  assert.equal(video.width % 2, 0);
  assert.ok(Math.abs(video.durationSeconds - 2.5) <= 1 / 30 + 1e-6, `duration ${video.durationSeconds}`);
  assert.equal(result.framesRasterized, 4, 'blank start plus three distinct states');
  assert.equal(readFileSync(join(outDir, 'screen.txt'), 'utf8'), ' plain bold green 😀 漢字\n╭──╮ █▀▄ truecolor\ninverse done\n'.replace(/^ /, '   '));
  const meta = JSON.parse(readFileSync(join(outDir, 'meta.json'), 'utf8'));
  assert.equal(meta.render.framesRasterized, 4);
  assert.deepEqual(meta.render.missingGlyphs, []);
});

test('meta.json lists the characters no bundled font draws, with a warning naming them; the Powerline separators and symbols are not among them', async () => {
  // U+F126 is the Nerd Font branch icon (Font Awesome's code fork), which no bundled font has; Powerline's branch U+E0A0 and padlock U+E0A2 are drawn.
  const cast = writeCast(
    [
      [0.1, 'o', '\u001b[44m ~ \u001b[34;49m\ue0b0\u001b[0m \ue0a0 main \ue0a2 \uf126\r\n'],
      [0.5, 'o', 'icon \uf8ff \uf126 한국어 🇫🇷'],
    ],
    { cols: 30, rows: 3 },
  );
  const outDir = makeTempDir();
  const warnings: string[] = [];
  const result = await render(cast, { outDir, formats: ['frames'], onWarning: (message) => warnings.push(message) });
  const meta = JSON.parse(readFileSync(join(outDir, 'meta.json'), 'utf8'));
  assert.deepEqual(meta.render.missingGlyphs, [
    { codePoint: 'U+F126', character: '\uf126', draws: 2, firstSeen: 0.1 },
    { codePoint: 'U+F8FF', character: '\uf8ff', draws: 1, firstSeen: 0.5 },
  ]);
  assert.deepEqual(result.missingGlyphs, meta.render.missingGlyphs);
  assert.deepEqual(warnings, ['render: 2 characters have no glyph in the bundled fonts (drawn as a box): U+F126 U+F8FF']);
});

test('a cell with a palette background has exactly the theme color in the lossless frames', async () => {
  const cast = writeCast(colorfulEvents, { cols: 40, rows: 6 });
  for (const themeName of ['dracula', 'github-light']) {
    const outDir = makeTempDir();
    const result = await render(cast, { outDir, formats: ['frames'], theme: themeName });
    const { cellWidth, cellHeight, originX, originY } = result.settings;
    const frames = readdirSync(join(outDir, 'frames')).filter((name) => name.endsWith('.png')).sort();
    const last = join(outDir, 'frames', frames.at(-1)!);
    const theme = loadTheme(themeName);
    assert.equal(await pixelAt(last, originX + Math.floor(cellWidth / 2), originY + Math.floor(cellHeight / 2)), theme.palette[1], `${themeName}: red cell`);
    assert.equal(await pixelAt(last, originX + 30 * cellWidth + 2, originY + 4 * cellHeight + 2), theme.background, `${themeName}: empty cell`);
  }
});

test('the same cast and options give byte-identical frames', async () => {
  const cast = writeCast(colorfulEvents, { cols: 40, rows: 6 });
  const first = makeTempDir();
  const second = makeTempDir();
  await render(cast, { outDir: first, formats: ['frames'] });
  await render(cast, { outDir: second, formats: ['frames'] });
  const hashes = hashFrames(join(first, 'frames'));
  assert.equal(hashes.length, 4);
  assert.deepEqual(hashFrames(join(second, 'frames')), hashes);
});

test('webm, gif and txt are written in the same run', async () => {
  const cast = writeCast(colorfulEvents, { cols: 40, rows: 6, duration: 1.2 });
  const outDir = makeTempDir();
  const result = await render(cast, { outDir, formats: ['webm', 'gif', 'txt'], lastFrame: 0.5, fontSize: 12 });
  assert.equal((await probeVideo(result.outputs.webm!)).codec, 'vp9');
  assert.equal((await probeVideo(result.outputs.gif!)).codec, 'gif');
  const dumps = readFileSync(result.outputs.txt!, 'utf8');
  assert.equal(dumps.match(/^── /gm)?.length, 4);
  assert.match(dumps, /── 00:01\.000/);
});

test("a GIF's last frame is the screen as drawn: text that was cleared leaves no specks behind", async () => {
  const cast = writeCast([
    [0.1, 'o', 'Super Mushroom!!! hello world'],
    [0.5, 'o', '\x1b[2J\x1b[H'],
  ], { cols: 40, rows: 3, duration: 1 });
  const outDir = makeTempDir();
  const result = await render(cast, { outDir, formats: ['gif', 'frames'], lastFrame: 0.3, fontSize: 40 });
  // Decoding the whole GIF composes every frame onto the ones before it, as a viewer does.
  const last = join(outDir, 'gif-last.png');
  await promisify(execFile)(ffmpegPath(), ['-v', 'error', '-i', result.outputs.gif!, '-update', '1', last]);
  const frames = readdirSync(result.outputs.frames!).filter((name) => name.endsWith('.png')).sort();
  const drawn = await sharp(join(result.outputs.frames!, frames.at(-1)!)).removeAlpha().raw().toBuffer();
  const shown = await sharp(last).removeAlpha().raw().toBuffer();
  assert.equal(drawn.length, shown.length);
  let differing = 0;
  for (let index = 0; index < drawn.length; index += 3) {
    if (Math.abs(drawn[index] - shown[index]) + Math.abs(drawn[index + 1] - shown[index + 1]) + Math.abs(drawn[index + 2] - shown[index + 2]) > 6) differing++;
  }
  assert.equal(differing, 0, `${differing} pixels of the GIF's last frame differ from the drawn frame`);
});

test('fitting into 1920x1080 gives exactly that frame size', async () => {
  const cast = writeCast(colorfulEvents, { cols: 120, rows: 36 });
  const outDir = makeTempDir();
  const result = await render(cast, { outDir, width: 1920, height: 1080, lastFrame: 0.2 });
  const video = await probeVideo(result.outputs.mp4!);
  assert.deepEqual([video.width, video.height], [1920, 1080]);
});

test('a cast that resizes renders on a frame sized for its largest grid', async () => {
  const cast = writeCast([
    [0.1, 'o', 'small'],
    [0.5, 'r', '60x10'],
    [0.6, 'o', '\r\nafter the resize'],
  ], { cols: 30, rows: 5 });
  const outDir = makeTempDir();
  const result = await render(cast, { outDir, formats: ['frames'], lastFrame: 0.2 });
  assert.deepEqual([result.settings.cols, result.settings.rows], [60, 10]);
  assert.equal(result.finalScreenText, 'small\nafter the resize\n');
  const sizes = await Promise.all(
    readdirSync(join(outDir, 'frames')).filter((name) => name.endsWith('.png')).map((name) => sharp(join(outDir, 'frames', name)).metadata()),
  );
  assert.ok(sizes.every((size) => size.width === result.settings.width && size.height === result.settings.height));
});

test('the MP4 shows a palette cell in the theme color, within what yuv420p keeps', async () => {
  const cast = writeCast([[0.1, 'o', '\u001b[41m    \r\n    \u001b[0m']], { cols: 20, rows: 4, duration: 0.5 });
  const outDir = makeTempDir();
  const result = await render(cast, { outDir, lastFrame: 1, fontSize: 24 });
  const { cellWidth, cellHeight, originX, originY } = result.settings;
  const frame = await decodeFrameRgba(result.outputs.mp4!, 1.0);
  const [red, green, blue] = videoPixelAt(frame, originX + 2 * cellWidth, originY + cellHeight);
  const expected = loadTheme('dracula').palette[1];
  const channels = [(expected >> 16) & 255, (expected >> 8) & 255, expected & 255];
  for (const [index, value] of [red, green, blue].entries()) {
    assert.ok(Math.abs(value - channels[index]) <= 10, `channel ${index}: ${value} vs ${channels[index]}`);
  }
});

test('asciicast v1 and v3 files render like v2', async () => {
  for (const name of ['v1.json', 'v3.cast']) {
    const outDir = makeTempDir();
    const result = await render(fixturePath('casts', name), { outDir, formats: ['txt'] });
    assert.equal(result.finalScreenText, 'hello red\nbye\n', name);
  }
});

test('screen.txt holds a full-screen program\'s last screen when it restored the main screen at exit, and new output after it when there is some', async () => {
  const outDir = makeTempDir();
  const result = await render(fullScreenCast(), { outDir, formats: ['txt'] });
  assert.match(result.finalScreenText, new RegExp(`^ notes\\.txt\\nfirst line and more\\n~\\n~\\n\\n${FULL_SCREEN_LAST_ROW}\\n$`));
  assert.equal(readFileSync(join(outDir, 'screen.txt'), 'utf8'), result.finalScreenText);
  const after = await render(fullScreenCast('notes.txt: 3 lines\r\n'), { outDir: makeTempDir(), formats: ['txt'] });
  assert.equal(after.finalScreenText, '$ edit notes.txt\nnotes.txt: 3 lines\n$\n');
});
