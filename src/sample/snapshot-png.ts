/**
 * Lossless PNGs of screen states, drawn by the render stage's Rasterizer with bundled fonts: a sampled cast
 * frame is the exact picture of the screen, not a frame decoded from a lossy video.
 */
import sharp from 'sharp';
import { frameGrid, planLayout, type FrameGrid, type LayoutOptions } from '../render/raster/layout.js';
import { Rasterizer } from '../render/raster/rasterizer.js';
import type { ScreenSnapshot } from '../render/screen.js';
import type { Theme } from '../render/theme.js';

/** SnapshotPng is a PNG of one screen state and its size in px. */
export interface SnapshotPng {
  png: Buffer;
  width: number;
  height: number;
  /** Where the character grid sits in the picture. */
  grid: FrameGrid;
}

/** SnapshotPainter draws snapshots as PNGs, keeping one Rasterizer (fonts, glyph cache) per terminal size. */
export class SnapshotPainter {
  readonly #theme: Theme;
  readonly #layout: LayoutOptions;
  #rasterizer: Rasterizer | undefined;

  constructor(theme: Theme, layout: LayoutOptions = {}) {
    this.#theme = theme;
    this.#layout = layout;
  }

  /** rasterize draws `snapshot` with the Rasterizer for its size; the pixels are the Rasterizer's own buffer. */
  async #rasterize(snapshot: ScreenSnapshot): Promise<{ pixels: Buffer; width: number; height: number; grid: FrameGrid }> {
    let rasterizer = this.#rasterizer;
    if (!rasterizer || rasterizer.layout.cols !== snapshot.cols || rasterizer.layout.rows !== snapshot.rows) {
      rasterizer = await Rasterizer.create(planLayout(snapshot.cols, snapshot.rows, this.#layout), this.#theme);
      this.#rasterizer = rasterizer;
    }
    const { width, height } = rasterizer.layout;
    return { pixels: await rasterizer.draw(snapshot), width, height, grid: frameGrid(rasterizer.layout) };
  }

  /** draw returns `snapshot` as raw RGBA pixels (a copy: the Rasterizer reuses its buffer) and the frame size. */
  async draw(snapshot: ScreenSnapshot): Promise<{ pixels: Buffer; width: number; height: number; grid: FrameGrid }> {
    const frame = await this.#rasterize(snapshot);
    return { ...frame, pixels: Buffer.from(frame.pixels) };
  }

  /** paint draws `snapshot` and encodes it as a PNG. */
  async paint(snapshot: ScreenSnapshot): Promise<SnapshotPng> {
    const { pixels, width, height, grid } = await this.#rasterize(snapshot);
    return { png: await encodeRgbaPng(pixels, width, height), width, height, grid };
  }
}

/** encodeRgbaPng encodes raw RGBA pixels (width × height × 4 bytes) as a lossless PNG. */
export function encodeRgbaPng(pixels: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

