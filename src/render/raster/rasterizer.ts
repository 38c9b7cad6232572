/**
 * The rasterizer turns screen snapshots into RGBA frames. It keeps the last frame and the cell state it
 * was drawn from, and repaints only the cells that changed (plus the old and new cursor cells), copying
 * cached glyph images through a per-color lookup table into a Uint32Array view of the frame.
 *
 * Cells group into painted units: one cell, the two cells of a wide character, or the two narrow cells of
 * a flag's regional indicators (drawn as one flag, which takes exactly the room of a wide emoji; see emoji.ts).
 *
 * After each draw, `lastDamage` lists the pixel rectangles that draw repainted, so a consumer that keeps
 * its own copy of the frame (the I420 converter in `encode/yuv420.ts`) can update only those.
 *
 * Painting is a pure function of each cell's state, so an incremental draw gives the same bytes as a
 * fresh full draw of the same snapshot; glyph images come from bundled fonts through a deterministic
 * SVG renderer, so the same snapshots give the same frames on every machine.
 */
import { endianness } from 'node:os';
import { ExecutionError } from '../../errors.js';
import { CellFlag, DEFAULT_COLOR, type ScreenSnapshot } from '../screen.js';
import type { Theme } from '../theme.js';
import { blendColor, cellColors } from './cell-colors.js';
import { MONO_METRICS } from './font-metrics.js';
import { FontSet, fontStyleOf, type FontStyle } from './fonts.js';
import { isRegionalIndicator } from './emoji.js';
import { GlyphCache, type GlyphImage, type GlyphRequest } from './glyph-cache.js';
import { lineThickness, type FrameLayout } from './layout.js';
import { drawWindow } from './window-chrome.js';

/** RasterStats counts the glyph images made so far and the code points no bundled font could draw. */
export interface RasterStats {
  /** Glyph images made (each grapheme once per style and width). */
  glyphsRasterized: number;
  /**
   * Code points no bundled font draws (a base character drawn as the missing-glyph box, or a combining mark
   * left out), in the order first drawn, each with the number of cell units painted with it: a unit
   * counts when it is painted, which is when it appears or changes (or the cursor passes). At most
   * MAX_MISSING_CODE_POINTS are kept.
   */
  missingCodePoints: ReadonlyMap<number, number>;
}

/** The most distinct missing code points a rasterizer keeps count of (a stream of binary garbage could have thousands). */
const MAX_MISSING_CODE_POINTS = 200;

/** Where the 1–3 decoration lines go, in px from the cell top. */
interface Decorations {
  thickness: number;
  underline: number;
  strikethrough: number;
  overline: number;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** unpackPixel turns a pixel of the frame back into 0xRRGGBB (packPixel's inverse). */
function unpackPixel(pixel: number): number {
  return LITTLE_ENDIAN ? ((pixel & 0xff) << 16) | (pixel & 0xff00) | ((pixel >>> 16) & 0xff) : pixel >>> 8;
}

/** packPixel turns 0xRRGGBB into an opaque pixel as a Uint32Array view of RGBA bytes holds it on this machine. */
function packPixel(color: number): number {
  const red = (color >> 16) & 0xff;
  const green = (color >> 8) & 0xff;
  const blue = color & 0xff;
  return LITTLE_ENDIAN ? ((0xff << 24) | (blue << 16) | (green << 8) | red) >>> 0 : ((red << 24) | (green << 16) | (blue << 8) | 0xff) >>> 0;
}

/** Printable ASCII, drawn into the cache at create() so the first frames need no glyph rendering. */
const PRINTABLE_ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, index) => String.fromCharCode(0x21 + index));

/** Lookup tables are per (foreground, background) pair; a screen uses few, so the cache stays small. */
const MAX_LOOKUP_TABLES = 4096;

/** DamageRect is a rectangle of a frame in pixels: left, top, width and height. */
export interface DamageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Rasterizer draws screen snapshots into RGBA frames of a fixed layout and theme. */
export class Rasterizer {
  readonly layout: FrameLayout;
  private readonly theme: Theme;
  private readonly glyphs: GlyphCache;
  private readonly frame: Buffer;
  private readonly pixels: Uint32Array;
  private readonly decorations: Decorations;
  /** The cell state the frame shows, per layout cell (cells outside a smaller snapshot are blank). */
  private readonly chars: string[];
  private readonly widths: Uint8Array;
  private readonly fg: Int32Array;
  private readonly bg: Int32Array;
  private readonly flags: Uint16Array;
  /** The first cell of the painted unit (one cell, or the two of a wide character) each cell belongs to; -1 before the first draw. */
  private readonly unitStart: Int32Array;
  private readonly changed: Uint8Array;
  /** Units to paint in this draw: `start * 2 + cells - 1`. */
  private readonly units: Int32Array;
  private cursorCell = -1;
  private drawing = false;
  /** The next draw repaints the whole frame as far as `lastDamage` is concerned (the first draw, or after a failed one). */
  private damageAll = true;
  private damage: readonly DamageRect[] = [];
  private readonly lookupTables = new Map<number, Uint32Array>();
  private readonly missingCodePoints = new Map<number, number>();

  private constructor(layout: FrameLayout, theme: Theme, glyphs: GlyphCache) {
    this.layout = layout;
    this.theme = theme;
    this.glyphs = glyphs;
    this.frame = Buffer.alloc(layout.width * layout.height * 4);
    this.pixels = new Uint32Array(this.frame.buffer, this.frame.byteOffset, layout.width * layout.height);
    this.pixels.fill(packPixel(theme.background));
    if (layout.window) {
      const { pixels } = this;
      const width = layout.width;
      drawWindow({ width, height: layout.height, get: (x, y) => unpackPixel(pixels[y * width + x]!), set: (x, y, color) => (pixels[y * width + x] = packPixel(color)) }, layout.window, theme.background);
    }
    const size = layout.cols * layout.rows;
    this.chars = new Array<string>(size).fill('');
    this.widths = new Uint8Array(size);
    this.fg = new Int32Array(size);
    this.bg = new Int32Array(size);
    this.flags = new Uint16Array(size);
    this.unitStart = new Int32Array(size).fill(-1);
    this.changed = new Uint8Array(size);
    this.units = new Int32Array(size);
    const { fontSize, baseline, cellHeight } = layout;
    const thickness = lineThickness(fontSize);
    const below = Math.max(1, Math.round((-MONO_METRICS.underlinePosition * fontSize) / MONO_METRICS.unitsPerEm));
    const above = Math.round((MONO_METRICS.strikeoutPosition * fontSize) / MONO_METRICS.unitsPerEm);
    this.decorations = {
      thickness,
      underline: Math.min(cellHeight - thickness, baseline + below),
      strikethrough: Math.max(0, baseline - above - Math.floor(thickness / 2)),
      overline: 0,
    };
  }

  /** create loads the fonts, draws printable ASCII in all four styles into the glyph cache and returns a rasterizer with a blank frame. */
  static async create(layout: FrameLayout, theme: Theme): Promise<Rasterizer> {
    const gridFits =
      layout.originX >= 0 &&
      layout.originY >= 0 &&
      layout.originX + layout.cols * layout.cellWidth <= layout.width &&
      layout.originY + layout.rows * layout.cellHeight <= layout.height;
    if (!gridFits) {
      throw new ExecutionError(`Rasterizer.create: the ${layout.cols}x${layout.rows} grid does not fit the ${layout.width}x${layout.height} frame; make the layout with planLayout()`);
    }
    const rasterizer = new Rasterizer(layout, theme, new GlyphCache(layout, await FontSet.load()));
    const warmUp: GlyphRequest[] = [];
    for (const style of [0, 1, 2, 3] as const) {
      for (const grapheme of PRINTABLE_ASCII) warmUp.push({ grapheme, style, cells: 1 });
    }
    await rasterizer.glyphs.rasterize(warmUp);
    return rasterizer;
  }

  /**
   * lastDamage lists the rectangles the last `draw` repainted, in pixels: one per run of adjacent repainted
   * cells of a row, in row-major order, or one rectangle of the whole frame for the first draw (and the
   * draw after a failed one). Every pixel that differs from the frame before lies inside them. The margin
   * around the grid is never repainted (the layout, and with it the grid, is fixed for a rasterizer; a
   * smaller snapshot repaints the grid cells it leaves blank). Empty before the first draw.
   */
  get lastDamage(): readonly DamageRect[] {
    return this.damage;
  }

  /** stats reports the glyph images made so far and the missing code points. */
  get stats(): RasterStats {
    return { glyphsRasterized: this.glyphs.stats.glyphsRasterized, missingCodePoints: this.missingCodePoints };
  }

  /**
   * draw paints the snapshot and returns the frame (width × height × 4 RGBA bytes). The buffer is owned by
   * the rasterizer and overwritten by the next draw: copy it to keep it. Only cells that differ from the
   * previous draw are repainted. A snapshot smaller than the layout is drawn at the top left with blank
   * cells around it; a larger one is an ExecutionError.
   */
  async draw(snapshot: ScreenSnapshot): Promise<Buffer> {
    const { cols, rows } = this.layout;
    if (snapshot.cols > cols || snapshot.rows > rows) {
      throw new ExecutionError(`Rasterizer.draw: a ${snapshot.cols}x${snapshot.rows} screen does not fit the ${cols}x${rows} layout; plan the layout for the largest screen of the recording`);
    }
    const size = snapshot.cols * snapshot.rows;
    if (snapshot.chars.length !== size || snapshot.widths.length !== size || snapshot.fg.length !== size || snapshot.bg.length !== size || snapshot.flags.length !== size) {
      throw new ExecutionError(`Rasterizer.draw: the snapshot's cell arrays do not all have cols × rows = ${size} entries`);
    }
    if (this.drawing) throw new ExecutionError('Rasterizer.draw: the previous draw has not finished; await it before drawing again');
    this.drawing = true;
    try {
      const unitCount = this.findChangedUnits(snapshot);
      await this.rasterizeMissingGlyphs(unitCount);
      for (let index = 0; index < unitCount; index++) {
        const unit = this.units[index];
        this.paintUnit(unit >> 1, (unit & 1) + 1);
      }
      this.damage = this.damageAll ? [{ x: 0, y: 0, width: this.layout.width, height: this.layout.height }] : this.damageOf(unitCount);
      this.damageAll = false;
      return this.frame;
    } catch (error) {
      // The recorded state is ahead of the pixels now; forget it so the next draw repaints everything.
      this.unitStart.fill(-1);
      this.damageAll = true;
      throw error;
    } finally {
      this.drawing = false;
    }
  }

  /** findChangedUnits records the new cell state and lists the units to repaint; returns their count. */
  private findChangedUnits(snapshot: ScreenSnapshot): number {
    const { cols, rows } = this.layout;
    const { chars, widths, fg, bg, flags, changed, unitStart } = this;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const cell = row * cols + col;
        let char = ' ';
        let width = 1;
        let foreground = DEFAULT_COLOR;
        let background = DEFAULT_COLOR;
        let flag = 0;
        if (row < snapshot.rows && col < snapshot.cols) {
          const source = row * snapshot.cols + col;
          char = snapshot.chars[source];
          width = snapshot.widths[source];
          foreground = snapshot.fg[source];
          background = snapshot.bg[source];
          flag = snapshot.flags[source];
        }
        if (chars[cell] !== char || widths[cell] !== width || fg[cell] !== foreground || bg[cell] !== background || flags[cell] !== flag) {
          chars[cell] = char;
          widths[cell] = width;
          fg[cell] = foreground;
          bg[cell] = background;
          flags[cell] = flag;
          changed[cell] = 1;
        } else {
          changed[cell] = 0;
        }
      }
    }
    // The cursor cell and the cell the cursor left both need repainting.
    if (this.cursorCell >= 0) changed[this.cursorCell] = 1;
    this.cursorCell = -1;
    if (snapshot.cursorVisible) {
      const x = Math.min(Math.max(snapshot.cursorX, 0), snapshot.cols - 1);
      const y = Math.min(Math.max(snapshot.cursorY, 0), snapshot.rows - 1);
      this.cursorCell = y * cols + x;
      changed[this.cursorCell] = 1;
    }
    // Cells group into units left to right: a wide character and the cell after it form one unit, and so
    // do two regional indicators in narrow cells (a flag; pairing from the left, as graphemes pair them).
    // A unit is repainted when any of its cells changed or the grouping itself changed.
    let count = 0;
    for (let row = 0; row < rows; row++) {
      let col = 0;
      while (col < cols) {
        const cell = row * cols + col;
        const cells = col + 1 < cols && (widths[cell] === 2 || this.isFlag(cell)) ? 2 : 1;
        // A cell that was the first of a two-cell unit and no longer is (a flag whose second letter changed) repaints too.
        let repaint = changed[cell] === 1 || unitStart[cell] !== cell || (cells === 1 && col + 1 < cols && unitStart[cell + 1] === cell);
        if (cells === 2) repaint ||= changed[cell + 1] === 1 || unitStart[cell + 1] !== cell;
        if (repaint) {
          this.units[count++] = cell * 2 + cells - 1;
          unitStart[cell] = cell;
          if (cells === 2) unitStart[cell + 1] = cell;
        }
        col += cells;
      }
    }
    return count;
  }

  /** damageOf merges the painted units (listed row by row, left to right) into one rectangle per run of adjacent cells. */
  private damageOf(unitCount: number): DamageRect[] {
    const { cols, originX, originY, cellWidth, cellHeight } = this.layout;
    const rects: DamageRect[] = [];
    let runRow = -1;
    let runStart = 0;
    let runEnd = 0;
    const closeRun = () => {
      if (runRow >= 0) rects.push({ x: originX + runStart * cellWidth, y: originY + runRow * cellHeight, width: (runEnd - runStart) * cellWidth, height: cellHeight });
    };
    for (let index = 0; index < unitCount; index++) {
      const unit = this.units[index];
      const cell = unit >> 1;
      const row = Math.floor(cell / cols);
      const col = cell - row * cols;
      if (row !== runRow || col !== runEnd) {
        closeRun();
        runRow = row;
        runStart = col;
      }
      runEnd = col + (unit & 1) + 1;
    }
    closeRun();
    return rects;
  }

  /** isFlag tells whether a cell and the next are a flag: two regional indicators the terminal put in two narrow cells. */
  private isFlag(cell: number): boolean {
    return this.widths[cell] === 1 && this.widths[cell + 1] === 1 && isRegionalIndicator(this.chars[cell]) && isRegionalIndicator(this.chars[cell + 1]);
  }

  /** unitGrapheme returns what a unit draws: its first cell's text, or both letters of a flag. */
  private unitGrapheme(cell: number, cells: number): string {
    return cells === 2 && this.widths[cell] === 1 ? this.chars[cell] + this.chars[cell + 1] : this.chars[cell];
  }

  private glyphStyle(cell: number): FontStyle {
    const flag = this.flags[cell];
    return fontStyleOf((flag & CellFlag.bold) !== 0, (flag & CellFlag.italic) !== 0);
  }

  private showsGlyph(cell: number): boolean {
    const char = this.chars[cell];
    return char !== ' ' && char !== '' && (this.flags[cell] & CellFlag.invisible) === 0;
  }

  /** rasterizeMissingGlyphs renders, in one batch, the glyph images of the units to paint that are not cached yet. */
  private async rasterizeMissingGlyphs(unitCount: number): Promise<void> {
    const missing: GlyphRequest[] = [];
    for (let index = 0; index < unitCount; index++) {
      const unit = this.units[index];
      const cell = unit >> 1;
      if (!this.showsGlyph(cell)) continue;
      const cells = ((unit & 1) + 1) as 1 | 2;
      const style = this.glyphStyle(cell);
      const grapheme = this.unitGrapheme(cell, cells);
      if (!this.glyphs.get(grapheme, style, cells)) missing.push({ grapheme, style, cells });
    }
    if (missing.length > 0) await this.glyphs.rasterize(missing);
  }

  /** lookupTable maps coverage 0–255 to the pixel of foreground blended over background. */
  private lookupTable(foreground: number, background: number): Uint32Array {
    const key = foreground * 0x1000000 + background;
    let table = this.lookupTables.get(key);
    if (!table) {
      if (this.lookupTables.size >= MAX_LOOKUP_TABLES) this.lookupTables.clear();
      table = new Uint32Array(256);
      for (let alpha = 0; alpha < 256; alpha++) table[alpha] = packPixel(blendColor(background, foreground, alpha));
      this.lookupTables.set(key, table);
    }
    return table;
  }

  /** paintUnit paints one cell, or the two cells of a wide character, from the recorded state. */
  private paintUnit(cell: number, cells: number): void {
    const { cols, originX, originY, cellWidth, cellHeight, width: frameWidth } = this.layout;
    const pixels = this.pixels;
    const left = originX + (cell % cols) * cellWidth;
    const top = originY + Math.floor(cell / cols) * cellHeight;
    const boxWidth = cells * cellWidth;
    const flag = this.flags[cell];
    const cursor = this.cursorCell === cell || (cells === 2 && this.cursorCell === cell + 1);
    const { foreground, background } = cellColors(this.fg[cell], this.bg[cell], flag, this.theme, cursor);
    const image: GlyphImage | undefined = this.showsGlyph(cell) ? this.glyphs.get(this.unitGrapheme(cell, cells), this.glyphStyle(cell), cells as 1 | 2) : undefined;
    if (image?.missing) this.countMissing(image.missing);

    if (image?.kind === 'color') {
      this.paintColorImage(image.rgba, left, top, boxWidth, background);
    } else {
      // Fill the background, then write only the covered pixels of the glyph: most of a cell is blank,
      // and a plain fill loop is several times faster per pixel than a table lookup.
      const fill = packPixel(background);
      for (let y = 0; y < cellHeight; y++) {
        const target = (top + y) * frameWidth + left;
        for (let x = 0; x < boxWidth; x++) pixels[target + x] = fill;
      }
      if (image?.kind === 'mask') {
        const table = this.lookupTable(foreground, background);
        const { inkOffsets, inkAlpha } = image;
        const origin = top * frameWidth + left;
        for (let index = 0; index < inkOffsets.length; index++) pixels[origin + inkOffsets[index]] = table[inkAlpha[index]];
      }
    }

    if (flag & (CellFlag.underline | CellFlag.strikethrough | CellFlag.overline) && !(flag & CellFlag.invisible)) {
      const line = packPixel(foreground);
      const { thickness, underline, strikethrough, overline } = this.decorations;
      const drawLine = (y: number) => {
        for (let row = y; row < y + thickness; row++) {
          const target = (top + row) * frameWidth + left;
          pixels.fill(line, target, target + boxWidth);
        }
      };
      if (flag & CellFlag.underline) drawLine(underline);
      if (flag & CellFlag.strikethrough) drawLine(strikethrough);
      if (flag & CellFlag.overline) drawLine(overline);
    }
  }

  /** countMissing adds a painted unit to the count of each of its missing code points. */
  private countMissing(codePoints: readonly number[]): void {
    for (const codePoint of codePoints) {
      const painted = this.missingCodePoints.get(codePoint);
      if (painted !== undefined) this.missingCodePoints.set(codePoint, painted + 1);
      else if (this.missingCodePoints.size < MAX_MISSING_CODE_POINTS) this.missingCodePoints.set(codePoint, 1);
    }
  }

  /** paintColorImage composites a straight-alpha RGBA image (an emoji) over the background color. */
  private paintColorImage(rgba: Uint8Array, left: number, top: number, boxWidth: number, background: number): void {
    const { cellHeight, width: frameWidth } = this.layout;
    const pixels = this.pixels;
    const fill = packPixel(background);
    const backRed = (background >> 16) & 0xff;
    const backGreen = (background >> 8) & 0xff;
    const backBlue = background & 0xff;
    for (let y = 0; y < cellHeight; y++) {
      const target = (top + y) * frameWidth + left;
      for (let x = 0; x < boxWidth; x++) {
        const source = (y * boxWidth + x) * 4;
        const alpha = rgba[source + 3];
        if (alpha === 0) {
          pixels[target + x] = fill;
          continue;
        }
        const inverse = 255 - alpha;
        const red = ((backRed * inverse + rgba[source] * alpha + 127) / 255) | 0;
        const green = ((backGreen * inverse + rgba[source + 1] * alpha + 127) / 255) | 0;
        const blue = ((backBlue * inverse + rgba[source + 2] * alpha + 127) / 255) | 0;
        pixels[target + x] = packPixel((red << 16) | (green << 8) | blue);
      }
    }
  }
}
