/**
 * The glyph cache: one image per (grapheme, style, cell width), made once and then only copied by the
 * rasterizer. Text glyphs become SVG paths (opentype.js) and color emoji become nested Twemoji SVGs; all
 * the images a frame is missing are laid out in one SVG atlas and rendered by a single sharp (librsvg) call,
 * then cut into cell-sized images. Box drawing, blocks, braille, Powerline separators and legacy computing
 * mosaics are drawn procedurally instead (procedural-glyphs.ts). An image remembers the code points of its
 * grapheme that no bundled font draws, so the rasterizer can count the cells that show them.
 */
import sharp from 'sharp';
import type { Glyph, PathCommand } from 'opentype.js';
import { ExecutionError } from '../../errors.js';
import { isProceduralGlyph, proceduralGlyphMask } from './procedural-glyphs.js';
import { emojiFragment, readTwemoji, twemojiName, wantsEmoji } from './emoji.js';
import type { FontSet, FontStyle } from './fonts.js';
import { lineThickness, type FrameLayout } from './layout.js';

/**
 * GlyphImage is what a cell shows: nothing, a coverage mask tinted with the cell's foreground, or a color
 * image; `missing` lists the code points no bundled font has (the base character, drawn as the
 * missing-glyph box, or combining marks left out).
 */
export type GlyphImage = (
  | { kind: 'empty' }
  /**
   * Coverage 0–255, row-major, (cells × cellWidth) × cellHeight; `inkOffsets`/`inkAlpha` list only the
   * covered pixels, as offsets from the cell's top-left pixel in the frame, so painting skips the blank ones.
   */
  | { kind: 'mask'; alpha: Uint8Array; inkOffsets: Int32Array; inkAlpha: Uint8Array }
  /** Straight-alpha RGBA, row-major, (cells × cellWidth) × cellHeight. */
  | { kind: 'color'; rgba: Uint8Array }
) & { missing?: readonly number[] };

/** GlyphRequest names one glyph image: a grapheme in a style over one or two cells. */
export interface GlyphRequest {
  grapheme: string;
  style: FontStyle;
  cells: 1 | 2;
}

/** GlyphCacheStats counts the images made. */
export interface GlyphCacheStats {
  /** Glyph images made (text, emoji, procedural and placeholders), each once per style and width. */
  glyphsRasterized: number;
}

const EMPTY: GlyphImage = { kind: 'empty' };

/** Code points that take no room of their own: joiners, variation selectors, tags, bidi marks. */
function isIgnorable(codePoint: number): boolean {
  return (
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x2060 && codePoint <= 0x2064) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0xe0000 && codePoint <= 0xe01ef)
  );
}

/** A glyph waiting for the atlas: its SVG content, drawn in a box of its final size at the box's origin. */
interface AtlasItem {
  request: GlyphRequest;
  kind: 'mask' | 'color';
  svg: string;
  /** Code points left out because no font has them. */
  missing?: readonly number[];
}

/** TextOutline is a grapheme's outlines, or undefined when no font has its base character, and the code points no font has. */
interface TextOutline {
  svg: string | undefined;
  missing: number[];
}

/** formatNumber prints a coordinate with two decimals at most, the same way on every machine. */
const formatNumber = (value: number) => String(Math.round(value * 100) / 100);

/** pathData turns outline commands into SVG path data, slanting them when `slant` is set (synthetic italic). */
function pathData(commands: PathCommand[], baseline: number, slant: number): string {
  const x = (px: number, py: number) => formatNumber(px + (baseline - py) * slant);
  const y = (py: number) => formatNumber(py);
  let data = '';
  for (const command of commands) {
    switch (command.type) {
      case 'M':
      case 'L':
        data += `${command.type}${x(command.x!, command.y!)} ${y(command.y!)}`;
        break;
      case 'Q':
        data += `Q${x(command.x1!, command.y1!)} ${y(command.y1!)} ${x(command.x!, command.y!)} ${y(command.y!)}`;
        break;
      case 'C':
        data += `C${x(command.x1!, command.y1!)} ${y(command.y1!)} ${x(command.x2!, command.y2!)} ${y(command.y2!)} ${x(command.x!, command.y!)} ${y(command.y!)}`;
        break;
      case 'Z':
        data += 'Z';
        break;
    }
  }
  return data;
}

/** GlyphCache makes and keeps the glyph images of one layout (cell size and font size). */
export class GlyphCache {
  readonly stats: GlyphCacheStats = { glyphsRasterized: 0 };
  /** grapheme → images by `style * 2 + cells - 1`. */
  private readonly images = new Map<string, Array<GlyphImage | undefined>>();
  private readonly decorationWidth: number;

  constructor(
    private readonly layout: FrameLayout,
    private readonly fonts: FontSet,
  ) {
    this.decorationWidth = lineThickness(layout.fontSize);
  }

  /** get returns the cached image of a glyph, or undefined when it has not been rasterized yet. */
  get(grapheme: string, style: FontStyle, cells: 1 | 2): GlyphImage | undefined {
    return this.images.get(grapheme)?.[style * 2 + cells - 1];
  }

  /** rasterize makes every requested image that is not cached yet; all font and emoji glyphs go through one sharp call. */
  async rasterize(requests: readonly GlyphRequest[]): Promise<void> {
    const atlas: AtlasItem[] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      const key = `${request.style}${request.cells}${request.grapheme}`;
      if (seen.has(key) || this.get(request.grapheme, request.style, request.cells)) continue;
      seen.add(key);
      const item = await this.prepare(request, atlas.length);
      if (item) atlas.push(item);
    }
    if (atlas.length > 0) await this.renderAtlas(atlas);
  }

  private store(request: GlyphRequest, image: GlyphImage): void {
    let slots = this.images.get(request.grapheme);
    if (!slots) this.images.set(request.grapheme, (slots = new Array<GlyphImage | undefined>(8)));
    slots[request.style * 2 + request.cells - 1] = image;
  }

  /** prepare stores the images that need no SVG rendering and returns the atlas item of the others. */
  private async prepare(request: GlyphRequest, index: number): Promise<AtlasItem | undefined> {
    const { grapheme, style, cells } = request;
    const codePoints = Array.from(grapheme.normalize('NFC'), (character) => character.codePointAt(0)!).filter((codePoint) => !isIgnorable(codePoint));
    if (codePoints.length === 0 || codePoints.every((codePoint) => codePoint === 0x20)) {
      this.store(request, EMPTY);
      return undefined;
    }
    const boxWidth = cells * this.layout.cellWidth;
    if (codePoints.length === 1 && isProceduralGlyph(codePoints[0])) {
      const alpha = proceduralGlyphMask(codePoints[0], { cellWidth: boxWidth, cellHeight: this.layout.cellHeight, lineWidth: this.decorationWidth })!;
      this.stats.glyphsRasterized++;
      this.store(request, this.maskImage(alpha, boxWidth));
      return undefined;
    }
    if (wantsEmoji(grapheme, cells)) {
      return { request, kind: 'color', svg: await this.emojiSvg(grapheme, index, boxWidth) };
    }
    const { svg, missing } = await this.textSvg(codePoints, style, boxWidth);
    if (svg === undefined) {
      this.stats.glyphsRasterized++;
      this.store(request, { ...this.maskImage(this.placeholder(boxWidth), boxWidth), missing });
      return undefined;
    }
    return { request, kind: 'mask', svg, missing: missing.length > 0 ? missing : undefined };
  }

  /** textSvg returns the outline paths of a grapheme on the cell baseline (none when no font has its base character) and the code points no font has. */
  private async textSvg(codePoints: number[], style: FontStyle, boxWidth: number): Promise<TextOutline> {
    const { fontSize } = this.layout;
    // The faces of the base character and of its combining marks; a code point without one is missing.
    const faces = await Promise.all(codePoints.map((codePoint) => this.fonts.faceFor(codePoint, style)));
    const missing = [...new Set(codePoints.filter((_, index) => faces[index] === undefined))];
    const base = faces[0];
    if (!base) return { svg: undefined, missing };
    const glyph = base.font.charToGlyph(String.fromCodePoint(codePoints[0]));
    let size = fontSize;
    let advance = ((glyph.advanceWidth ?? 0) * size) / base.font.unitsPerEm;
    // Glyphs wider than their cells (proportional fallback fonts) shrink to fit rather than spill into neighbours.
    if (advance > boxWidth) {
      size = (size * boxWidth) / advance;
      advance = boxWidth;
    }
    const originX = (boxWidth - advance) / 2;
    let paths = this.glyphPath(glyph, originX, size, base.syntheticItalic, base.syntheticBold);
    // Combining marks: a mark with the grid advance is designed over its own cell, a zero-advance mark over
    // the end of the previous glyph; placing it at base end minus its own advance covers both.
    codePoints.forEach((codePoint, index) => {
      const face = faces[index];
      if (index === 0 || !face) return;
      const mark = face.font.charToGlyph(String.fromCodePoint(codePoint));
      const markAdvance = ((mark.advanceWidth ?? 0) * size) / face.font.unitsPerEm;
      paths += this.glyphPath(mark, originX + advance - markAdvance, size, face.syntheticItalic, face.syntheticBold);
    });
    return { svg: paths, missing };
  }

  private glyphPath(glyph: Glyph, originX: number, size: number, slanted: boolean, thickened: boolean): string {
    const baseline = this.layout.baseline;
    const data = pathData(glyph.getPath(originX, baseline, size).commands, baseline, slanted ? 0.2 : 0);
    if (data === '') return '';
    const stroke = thickened ? ` stroke="#fff" stroke-width="${formatNumber(size / 30)}" stroke-linejoin="round"` : '';
    return `<path fill="#fff"${stroke} d="${data}"/>`;
  }

  private async emojiSvg(grapheme: string, index: number, boxWidth: number): Promise<string> {
    const { cellHeight, fontSize } = this.layout;
    // About the size of a capital letter plus descender, never larger than the two cells.
    const size = Math.min(boxWidth, cellHeight, Math.round(fontSize * 1.15));
    const x = Math.floor((boxWidth - size) / 2);
    const y = Math.floor((cellHeight - size) / 2);
    return emojiFragment(await readTwemoji(twemojiName(grapheme)!), `e${index}-`, x, y, size);
  }

  /** maskImage wraps a coverage mask with the list of its covered pixels at the frame's row stride. */
  private maskImage(alpha: Uint8Array, boxWidth: number): GlyphImage {
    let count = 0;
    for (const value of alpha) if (value !== 0) count++;
    const inkOffsets = new Int32Array(count);
    const inkAlpha = new Uint8Array(count);
    let ink = 0;
    for (let index = 0; index < alpha.length; index++) {
      if (alpha[index] === 0) continue;
      inkOffsets[ink] = Math.floor(index / boxWidth) * this.layout.width + (index % boxWidth);
      inkAlpha[ink++] = alpha[index];
    }
    return { kind: 'mask', alpha, inkOffsets, inkAlpha };
  }

  /** placeholder draws the missing-glyph box: an outlined rectangle from the baseline up to about cap height. */
  private placeholder(boxWidth: number): Uint8Array {
    const { cellHeight, baseline, fontSize } = this.layout;
    const alpha = new Uint8Array(boxWidth * cellHeight);
    const line = this.decorationWidth;
    const left = Math.max(1, Math.round(boxWidth * 0.12));
    const right = boxWidth - left;
    const top = Math.max(0, baseline - Math.round(fontSize * 0.72));
    const bottom = Math.min(cellHeight, baseline + line);
    for (let y = top; y < bottom; y++) {
      for (let x = left; x < right; x++) {
        const edge = y < top + line || y >= bottom - line || x < left + line || x >= right - line;
        if (edge) alpha[y * boxWidth + x] = 255;
      }
    }
    return alpha;
  }

  /** renderAtlas renders all pending glyphs in one SVG and cuts the result into cached images. */
  private async renderAtlas(items: AtlasItem[]): Promise<void> {
    const { cellWidth, cellHeight } = this.layout;
    const slotWidth = 2 * cellWidth;
    const columns = Math.min(items.length, 32);
    const width = columns * slotWidth;
    const height = Math.ceil(items.length / columns) * cellHeight;
    let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`;
    items.forEach((item, index) => {
      const boxWidth = item.request.cells * cellWidth;
      // A nested <svg> clips its content to the box, so a glyph that overhangs its cell cannot bleed into its neighbour's slot.
      svg += `<svg x="${(index % columns) * slotWidth}" y="${Math.floor(index / columns) * cellHeight}" width="${boxWidth}" height="${cellHeight}">${item.svg}</svg>`;
    });
    svg += '</svg>';
    let pixels: Buffer;
    try {
      pixels = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
    } catch (error) {
      throw new ExecutionError(`cannot rasterize glyphs with sharp: ${(error as Error).message}`, { cause: error });
    }
    items.forEach((item, index) => {
      const boxWidth = item.request.cells * cellWidth;
      const left = (index % columns) * slotWidth;
      const top = Math.floor(index / columns) * cellHeight;
      this.stats.glyphsRasterized++;
      if (item.kind === 'color') {
        const rgba = new Uint8Array(boxWidth * cellHeight * 4);
        for (let y = 0; y < cellHeight; y++) {
          const from = ((top + y) * width + left) * 4;
          rgba.set(pixels.subarray(from, from + boxWidth * 4), y * boxWidth * 4);
        }
        this.store(item.request, { kind: 'color', rgba });
        return;
      }
      const missing = item.missing ? { missing: item.missing } : {};
      const alpha = new Uint8Array(boxWidth * cellHeight);
      let covered = false;
      for (let y = 0; y < cellHeight; y++) {
        for (let x = 0; x < boxWidth; x++) {
          const value = pixels[((top + y) * width + left + x) * 4 + 3];
          alpha[y * boxWidth + x] = value;
          if (value !== 0) covered = true;
        }
      }
      this.store(item.request, { ...(covered ? this.maskImage(alpha, boxWidth) : EMPTY), ...missing });
    });
  }
}
