/**
 * Writes a PNG of a sample screen (colors, bold/italic, decorations, box drawing, blocks, braille,
 * Powerline separators and symbols, legacy computing mosaics, emoji, CJK, Hangul, a missing glyph, the
 * cursor) for a person to look at:
 * `npx tsx test/render/raster/write-sample.ts [out.png] [fontSize|1080p]`.
 */
import sharp from 'sharp';
import { planLayout } from '../../../src/render/raster/layout.js';
import { Rasterizer } from '../../../src/render/raster/rasterizer.js';
import { CellFlag, TRUECOLOR_BIT } from '../../../src/render/screen.js';
import { loadTheme } from '../../../src/render/theme.js';
import { ScreenBuilder } from './screen-builder.js';

/** sampleScreen builds a 60x20 screen that shows every kind of cell the rasterizer draws. */
export function sampleScreen(): ScreenBuilder {
  const b = new ScreenBuilder(60, 20);
  b.write(0, 0, '╭─ termaudit ─────────────╮');
  b.write(0, 1, '│ Hello, world! gjpqy_ ÀÉ │');
  b.write(0, 2, '├────────────────────┬────┤');
  b.write(0, 3, '│');
  let col = b.write(2, 3, 'bold', { flags: CellFlag.bold });
  col = b.write(col + 1, 3, 'italic', { flags: CellFlag.italic });
  col = b.write(col + 1, 3, 'both', { flags: CellFlag.bold | CellFlag.italic });
  b.write(21, 3, '│');
  b.write(26, 3, '│');
  b.write(0, 4, '╰────────────────────┴────╯');
  const heavy = ['┏━━━━┳━━━━┓', '┃ ab ┃ cd ┃', '┣━━━━╋━━━━┫', '┃    ┃    ┃', '┗━━━━┻━━━━┛'];
  const double = ['╔════╦════╗', '║ ef ║ gh ║', '╠════╬════╣', '║    ║    ║', '╚════╩════╝'];
  heavy.forEach((line, row) => b.write(28, row, line));
  double.forEach((line, row) => b.write(40, row, line));
  for (let color = 0; color < 16; color++) b.write(color * 3, 5, ` ${color.toString(16)} `, { bg: color, fg: color === 0 ? 15 : 0 });
  for (let color = 0; color < 8; color++) b.write(color * 3, 6, 'Ab', { fg: color });
  for (let color = 0; color < 8; color++) b.write(24 + color * 3, 6, 'Ab', { fg: color, flags: CellFlag.bold });
  col = b.write(0, 7, 'truecolor', { fg: TRUECOLOR_BIT | 0xff8800 });
  col = b.write(col + 1, 7, 'inverse', { flags: CellFlag.inverse });
  col = b.write(col + 1, 7, 'dim', { flags: CellFlag.dim });
  col = b.write(col + 1, 7, 'underline', { flags: CellFlag.underline });
  col = b.write(col + 1, 7, 'strike', { flags: CellFlag.strikethrough });
  b.write(col + 1, 7, 'over', { flags: CellFlag.overline });
  b.write(0, 8, 'emoji: 😀 🚀 ❤️ 👍🏽 🇫🇷  cjk: 中文字符 かな  missing: \u{10fffd} \uf126');
  b.write(0, 9, 'blocks: █▉▊▋▌▍▎▏ ▁▂▃▄▅▆▇█ ░▒▓ ▖▗▘▙▚▛▜▝▞▟ ▀▄▐');
  b.write(0, 10, 'braille: ⠁⠂⠄⡀⠈⠐⠠⢀ ⣿⣷⣯⣟ ⡇⢸  dashes: ┄┅┈┉╌╍ ┆┇┊┋╎╏');
  b.write(0, 11, 'rounded: ╭╮╰╯ diagonals: ╱╲╳╱╲ arrows: →←↑↓ ✓ ✗ ★ • … ₂ ∑ ∞ ≠');
  b.write(0, 12, 'mixed: ┍┑┕┙ ┎┒┖┚ ╒╕╘╛ ╓╖╙╜ ╞╡╟╢ ╤╧╥╨ ╪╫ ┼╋ ╼╾╽╿');
  for (let row = 13; row < 17; row++) b.write(0, row, row === 13 ? '┌─┬─┐' : row === 16 ? '└─┴─┘' : row === 14 ? '│ │ │' : '├─┼─┤');
  for (let row = 13; row < 17; row++) b.write(6, row, row === 13 ? '╔═╦═╗' : row === 16 ? '╚═╩═╝' : row === 14 ? '║ ║ ║' : '╠═╬═╣');
  for (let x = 0; x < 40; x++) b.write(12 + x, 13, '▀', { fg: 16 + ((x * 5) % 216), bg: 232 + (x % 24) });
  b.write(12, 15, '$ npm test', { fg: 2 });
  b.cursor(23, 15);
  col = b.write(0, 17, ' ~/src ', { fg: 0, bg: 4 });
  col = b.write(col, 17, '\ue0b0', { fg: 4, bg: 2 });
  col = b.write(col, 17, ' \ue0a0 main \ue0a2 ', { fg: 0, bg: 2 });
  col = b.write(col, 17, '\ue0b0', { fg: 2 });
  col = b.write(col + 1, 17, '\ue0b6', { fg: 3 });
  col = b.write(col, 17, ' 3s ', { fg: 0, bg: 3 });
  col = b.write(col, 17, '\ue0b4', { fg: 3 });
  b.write(col + 1, 17, '\ue0b2\ue0b3\ue0b1\ue0b5\ue0b8\ue0bc\ue0ba\ue0be\ue0b9\ue0bb\ue0a1\ue0a3  🬀🬁🬂🬋🬹🭰🭱🮂🮇🭼 🭃🭎🭨🭬🭢🭗');
  b.write(0, 18, 'combining: e\u0301 a\u0308 n\u0303  fullwidth: ＡＢＣ！  hangul: 한국어 ');
  return b;
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? '/tmp/raster-sample.png';
  const size = process.argv[3] ?? '16';
  const screen = sampleScreen().snapshot;
  const layout = size === '1080p' ? planLayout(screen.cols, screen.rows, { width: 1920, height: 1080, fit: true }) : planLayout(screen.cols, screen.rows, { fontSize: Number(size) });
  const rasterizer = await Rasterizer.create(layout, loadTheme('dracula'));
  const frame = await rasterizer.draw(screen);
  await sharp(frame, { raw: { width: layout.width, height: layout.height, channels: 4 } }).png().toFile(out);
  console.log(`wrote ${out} (${layout.width}x${layout.height}, font ${layout.fontSize}px, cell ${layout.cellWidth}x${layout.cellHeight})`, rasterizer.stats);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
