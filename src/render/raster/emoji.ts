/**
 * Color emoji from the bundled Twemoji SVGs (`@twemoji/svg`): finding the file for a grapheme and turning
 * it into an SVG fragment placed inside a glyph atlas. Rendering the atlas is the glyph cache's job.
 *
 * A sequence is drawn joined (👩‍💻 as one picture, 🇫🇷 as a flag) only when the terminal gave it one run of
 * cells: the whole sequence in one cell, or a flag's two regional indicators in two adjacent narrow cells,
 * which is exactly the room of one wide emoji (the rasterizer pairs those). The emulator's Unicode 11
 * widths put each part of a ZWJ sequence in its own wide cell, as xterm.js and other terminals without
 * grapheme clustering show it; joining those into one picture would leave a gap before the text that
 * follows, or move it, and misstate what the program's output looked like there. So each part is drawn
 * on its own, the joiner it carries ignored. (@xterm/addon-unicode-graphemes, which clusters sequences,
 * is marked experimental, and with @xterm/headless 6.0 it gave 👩 and 💻 one narrow cell each, so the
 * emulator keeps the Unicode 11 widths.)
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const VARIATION_TEXT = 0xfe0e;
const VARIATION_EMOJI = 0xfe0f;
const ZERO_WIDTH_JOINER = 0x200d;

let directory: string | undefined;
let fileNames: Set<string> | undefined;

/** twemojiDirectory returns the folder of the Twemoji SVG files inside node_modules. */
export function twemojiDirectory(): string {
  directory ??= dirname(createRequire(import.meta.url).resolve('@twemoji/svg/package.json'));
  return directory;
}

function twemojiFileNames(): Set<string> {
  fileNames ??= new Set(
    readdirSync(twemojiDirectory())
      .filter((name) => name.endsWith('.svg'))
      .map((name) => name.slice(0, -4)),
  );
  return fileNames;
}

/**
 * twemojiName returns the Twemoji file name (without `.svg`) that draws a grapheme, or undefined.
 * Twemoji names are the lowercase hex code points joined by `-`; most drop U+FE0F but some ZWJ sequences
 * keep it, so both spellings are tried. A text-presentation selector (U+FE0E) means "not an emoji". A
 * joiner at the end (the first part of a ZWJ sequence whose next part the terminal put in its own cell)
 * joins nothing and is dropped.
 */
export function twemojiName(grapheme: string, available: ReadonlySet<string> = twemojiFileNames()): string | undefined {
  const codePoints = Array.from(grapheme, (character) => character.codePointAt(0)!);
  while (codePoints.at(-1) === ZERO_WIDTH_JOINER) codePoints.pop();
  if (codePoints.length === 0 || codePoints.includes(VARIATION_TEXT)) return undefined;
  const full = codePoints.map((codePoint) => codePoint.toString(16)).join('-');
  if (available.has(full)) return full;
  const withoutSelector = codePoints
    .filter((codePoint) => codePoint !== VARIATION_EMOJI)
    .map((codePoint) => codePoint.toString(16))
    .join('-');
  return available.has(withoutSelector) ? withoutSelector : undefined;
}

/** isRegionalIndicator tells whether a cell's text is one regional indicator letter (U+1F1E6–U+1F1FF), half of a flag. */
export function isRegionalIndicator(text: string): boolean {
  const codePoint = text.codePointAt(0)!;
  return text.length === 2 && codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff;
}

/**
 * wantsEmoji tells whether a grapheme should be drawn as a color emoji: it has a Twemoji file and is
 * either wide (emoji presentation), explicitly asks for it with U+FE0F, or is a regional indicator (no
 * bundled font draws those letters). Narrow symbols such as ©, ❤ or digits, which Twemoji also covers,
 * stay text.
 */
export function wantsEmoji(grapheme: string, cells: number): boolean {
  if (cells !== 2 && !grapheme.includes('\ufe0f') && !isRegionalIndicator(grapheme)) return false;
  return twemojiName(grapheme) !== undefined;
}

/** readTwemoji returns the SVG text of a Twemoji file name. */
export async function readTwemoji(name: string): Promise<string> {
  return readFile(join(twemojiDirectory(), `${name}.svg`), 'utf8');
}

/**
 * emojiFragment turns a Twemoji SVG document into a nested `<svg>` placed at (x, y) with the given size,
 * inside a larger atlas. Element ids get a unique prefix because all fragments share one document.
 */
export function emojiFragment(svgText: string, idPrefix: string, x: number, y: number, size: number): string {
  const body = svgText
    .replace(/<\?xml[^>]*>/, '')
    .replace(/\bid="([^"]+)"/g, `id="${idPrefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${idPrefix}$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${idPrefix}$1"`)
    .trim();
  // Twemoji files are one <svg viewBox="0 0 36 36"> element; positioning it is a matter of adding attributes.
  return body.replace(/^<svg\b/, `<svg x="${x}" y="${y}" width="${size}" height="${size}"`);
}
