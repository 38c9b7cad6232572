/**
 * Rasterizer benchmark: ms per frame for a 120x36 screen at the 1920x1080 layout, for a full repaint
 * (every cell changes; glyphs already cached) and for a typical small change (one typed character and
 * the cursor moving). Prints figures; it asserts nothing.
 *
 * Run alone: `npx tsx test/bench/raster.ts`.
 */
import { pathToFileURL } from 'node:url';
import { planLayout } from '../../src/render/raster/layout.js';
import { Rasterizer } from '../../src/render/raster/rasterizer.js';
import { CellFlag, TRUECOLOR_BIT, type ScreenSnapshot } from '../../src/render/screen.js';
import { loadTheme } from '../../src/render/theme.js';
import { ScreenBuilder } from '../render/raster/screen-builder.js';

/** RasterBenchResult holds the measured figures in ms per frame. */
export interface RasterBenchResult {
  createMs: number;
  firstDrawMs: number;
  fullRepaintMs: number;
  smallChangeMs: number;
}

/** busyScreen fills a 120x36 screen like a busy TUI: colored code, a box, a status bar; `shift` changes every cell. */
function busyScreen(shift: number): ScreenBuilder {
  const screen = new ScreenBuilder(120, 36);
  const words = ['const', 'frame', '=', 'await', 'rasterizer.draw(snapshot);', '//', 'repaint', 'only', 'changed', 'cells', 'return', 'pixels;'];
  for (let row = 1; row < 34; row++) {
    let col = 1;
    for (let word = 0; col < 118; word++) {
      const text = words[(row * 7 + word + shift) % words.length];
      col = screen.write(col, row, text, { fg: ((row + word + shift) % 6) + 1, flags: word % 5 === 0 ? CellFlag.bold : 0 }) + 1;
    }
  }
  screen.write(0, 0, `╭${'─'.repeat(118)}╮`);
  for (let row = 1; row < 34; row++) {
    screen.write(0, row, '│');
    screen.write(119, row, '│');
  }
  screen.write(0, 34, `╰${'─'.repeat(118)}╯`);
  screen.write(0, 35, ` NORMAL  src/render/raster/rasterizer.ts  ${shift}  utf-8  ${'█'.repeat(20)}`.padEnd(120), { bg: TRUECOLOR_BIT | 0x44475a });
  return screen;
}

/** benchmarkRasterizer measures the rasterizer; `frames` scales the loop counts. */
export async function benchmarkRasterizer(frames = 60): Promise<RasterBenchResult> {
  const layout = planLayout(120, 36, { width: 1920, height: 1080, fit: true });
  let start = performance.now();
  const rasterizer = await Rasterizer.create(layout, loadTheme('dracula'));
  const createMs = performance.now() - start;
  const screens: ScreenSnapshot[] = [busyScreen(0).snapshot, busyScreen(1).snapshot];
  start = performance.now();
  await rasterizer.draw(screens[0]);
  const firstDrawMs = performance.now() - start;
  await rasterizer.draw(screens[1]);

  start = performance.now();
  for (let frame = 0; frame < frames; frame++) await rasterizer.draw(screens[frame % 2]);
  const fullRepaintMs = (performance.now() - start) / frames;

  const typing = busyScreen(0);
  await rasterizer.draw(typing.clone());
  const smallFrames = frames * 10;
  start = performance.now();
  for (let frame = 0; frame < smallFrames; frame++) {
    const col = 2 + (frame % 100);
    typing.write(col, 33, String.fromCharCode(97 + (frame % 26)), { fg: 2 });
    typing.cursor(col + 1, 33);
    await rasterizer.draw(typing.snapshot);
  }
  const smallChangeMs = (performance.now() - start) / smallFrames;
  return { createMs, firstDrawMs, fullRepaintMs, smallChangeMs };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchmarkRasterizer();
  console.log('rasterizer, 120x36 at 1920x1080 (cell 15x29):');
  console.log(`  create (fonts + ASCII warm-up): ${result.createMs.toFixed(1)} ms`);
  console.log(`  first draw (glyph rendering):   ${result.firstDrawMs.toFixed(1)} ms`);
  console.log(`  full repaint, glyphs cached:    ${result.fullRepaintMs.toFixed(2)} ms/frame`);
  console.log(`  small change (1 char + cursor): ${result.smallChangeMs.toFixed(3)} ms/frame`);
}
