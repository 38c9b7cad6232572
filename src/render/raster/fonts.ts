/**
 * The bundled fonts and the fallback chain that picks, for each character, the font that draws it:
 * DejaVu Sans Mono (the grid font), then DejaVu Sans (many more symbols), then, for Hangul, Nanum Gothic
 * Coding (a monospaced Korean font, regular and bold), then Noto Sans SC (Chinese characters and Japanese
 * kana). Only files shipped in npm packages are used, never system fonts or fontconfig, so every machine
 * draws the same outlines. Parsed fonts are shared by all rasterizers of the process; the large fallback
 * fonts are parsed only when a character needs them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype, { type Font } from 'opentype.js';
import { ExecutionError, reasonOf } from '../../errors.js';
import { MONO_METRICS } from './font-metrics.js';

/** FontStyle indexes the four faces of a family: 0 regular, 1 bold, 2 italic, 3 bold italic (bit 0 bold, bit 1 italic). */
export type FontStyle = 0 | 1 | 2 | 3;

/** fontStyleOf returns the style index for bold and italic flags. */
export function fontStyleOf(bold: boolean, italic: boolean): FontStyle {
  return ((bold ? 1 : 0) | (italic ? 2 : 0)) as FontStyle;
}

/** FontFace is a parsed font chosen for a style, with the styling the font file lacks and must be imitated. */
export interface FontFace {
  /** File name, for messages and tests. */
  name: string;
  font: Font;
  /** The font is monospaced with the grid's advance (glyphs are placed as designed, not centered). */
  monospaced: boolean;
  /** Thicken outlines because the font has no bold face. */
  syntheticBold: boolean;
  /** Slant outlines because the font has no italic face. */
  syntheticItalic: boolean;
}

const require = createRequire(import.meta.url);

function dejavuFile(name: string): string {
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', name);
}

function cjkFile(): string {
  // This package's exports map hides its package.json, so resolve its entry point (dist/index.cjs) instead.
  return join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

/**
 * The Korean font: @fontsource/nanum-gothic-coding ships, besides its web subsets, one WOFF file per weight
 * with the whole Korean subset (all 11,172 Hangul syllables and the compatibility jamo, about 0.75 MB each).
 */
function hangulFile(name: string): string {
  return join(dirname(require.resolve('@fontsource/nanum-gothic-coding/package.json')), 'files', name);
}

/** Regular and bold faces of the Korean font. */
const HANGUL_FILES = ['nanum-gothic-coding-korean-400-normal.woff', 'nanum-gothic-coding-korean-700-normal.woff'] as const;

/** isHangul tells whether a code point is in a Hangul block (jamo, compatibility jamo, syllables, halfwidth jamo): the Korean font's share of the chain. */
export function isHangul(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x11ff) ||
    (codePoint >= 0x3130 && codePoint <= 0x318f) ||
    (codePoint >= 0xa960 && codePoint <= 0xa97f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xffa0 && codePoint <= 0xffdc)
  );
}

const MONO_FILES = ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf', 'DejaVuSansMono-Oblique.ttf', 'DejaVuSansMono-BoldOblique.ttf'];
const SANS_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

const parsedFonts = new Map<string, Promise<Font>>();

/** loadFont parses a font file once per process and returns the shared result. */
function loadFont(path: string): Promise<Font> {
  let font = parsedFonts.get(path);
  if (!font) {
    font = readFile(path).then(
      (bytes) => opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
      (error: unknown) => {
        throw new ExecutionError(`cannot read the bundled font ${path}: ${reasonOf(error)}; reinstall the dependencies (npm ci)`, {
          cause: error,
        });
      },
    );
    parsedFonts.set(path, font);
  }
  return font;
}

/** checkMonoMetrics fails loudly when the grid font's metrics differ from the ones the layout planner assumes. */
function checkMonoMetrics(font: Font, name: string): void {
  const advance = font.charToGlyph('M').advanceWidth;
  if (font.unitsPerEm !== MONO_METRICS.unitsPerEm || advance !== MONO_METRICS.advance || font.ascender !== MONO_METRICS.ascender || font.descender !== MONO_METRICS.descender) {
    throw new ExecutionError(
      `${name} has metrics (unitsPerEm ${font.unitsPerEm}, advance ${advance}, ascender ${font.ascender}, descender ${font.descender}) that differ from MONO_METRICS in font-metrics.ts; update them together`,
    );
  }
}

/** FontSet resolves characters to font faces along the fallback chain. */
export class FontSet {
  private readonly sans: Array<Font | undefined> = [];
  private readonly hangul: Array<Font | undefined> = [];
  private cjk: Font | undefined;

  private constructor(private readonly mono: Font[]) {}

  /** load parses the four DejaVu Sans Mono faces (the fallback fonts are parsed when first needed). */
  static async load(): Promise<FontSet> {
    const mono = await Promise.all(MONO_FILES.map((name) => loadFont(dejavuFile(name))));
    mono.forEach((font, style) => checkMonoMetrics(font, MONO_FILES[style]));
    return new FontSet(mono);
  }

  /**
   * faceFor returns the first face of the chain that has a glyph for the code point in the given style,
   * or undefined when no bundled font draws it. Async because fallback fonts load on first use.
   */
  async faceFor(codePoint: number, style: FontStyle): Promise<FontFace | undefined> {
    const character = String.fromCodePoint(codePoint);
    const mono = this.mono[style];
    if (mono.charToGlyphIndex(character) > 0) {
      return { name: MONO_FILES[style], font: mono, monospaced: true, syntheticBold: false, syntheticItalic: false };
    }
    const sans = (this.sans[style] ??= await loadFont(dejavuFile(SANS_FILES[style])));
    if (sans.charToGlyphIndex(character) > 0) {
      return { name: SANS_FILES[style], font: sans, monospaced: false, syntheticBold: false, syntheticItalic: false };
    }
    // Only Hangul goes to the Korean font (the CJK font has none): Chinese characters keep one look.
    if (isHangul(codePoint)) {
      const weight = style & 1;
      const hangul = (this.hangul[weight] ??= await loadFont(hangulFile(HANGUL_FILES[weight])));
      if (hangul.charToGlyphIndex(character) > 0) {
        return { name: HANGUL_FILES[weight], font: hangul, monospaced: false, syntheticBold: false, syntheticItalic: (style & 2) !== 0 };
      }
    }
    // The CJK font is large (8 MB, ~0.4 s to parse): only renders that meet a character DejaVu lacks pay for it.
    this.cjk ??= await loadFont(cjkFile());
    if (this.cjk.charToGlyphIndex(character) > 0) {
      return { name: 'NotoSansHans-Regular.otf', font: this.cjk, monospaced: false, syntheticBold: (style & 1) !== 0, syntheticItalic: (style & 2) !== 0 };
    }
    return undefined;
  }
}
