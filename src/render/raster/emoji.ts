/**
 * Color emoji from the bundled Twemoji SVGs (`@twemoji/svg`): finding the file for a grapheme and turning
 * it into an SVG fragment placed inside a glyph atlas. Rendering the atlas is the glyph cache's job.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const VARIATION_TEXT = 0xfe0e;
const VARIATION_EMOJI = 0xfe0f;

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
 * keep it, so both spellings are tried. A text-presentation selector (U+FE0E) means "not an emoji".
 */
export function twemojiName(grapheme: string, available: ReadonlySet<string> = twemojiFileNames()): string | undefined {
  const codePoints = Array.from(grapheme, (character) => character.codePointAt(0)!);
  if (codePoints.length === 0 || codePoints.includes(VARIATION_TEXT)) return undefined;
  const full = codePoints.map((codePoint) => codePoint.toString(16)).join('-');
  if (available.has(full)) return full;
  const withoutSelector = codePoints
    .filter((codePoint) => codePoint !== VARIATION_EMOJI)
    .map((codePoint) => codePoint.toString(16))
    .join('-');
  return available.has(withoutSelector) ? withoutSelector : undefined;
}

/**
 * wantsEmoji tells whether a grapheme should be drawn as a color emoji: it has a Twemoji file and is
 * either wide (emoji presentation) or explicitly asks for it with U+FE0F. Narrow symbols such as ©, ❤ or
 * digits, which Twemoji also covers, stay text.
 */
export function wantsEmoji(grapheme: string, cells: number): boolean {
  if (cells !== 2 && !grapheme.includes('\ufe0f')) return false;
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
