/**
 * Lossless PNGs of screen states, drawn by the render stage's Rasterizer with bundled fonts: a sampled cast
 * frame is the exact picture of the screen, not a frame decoded from a lossy video.
 */
import sharp from 'sharp';
import { planLayout, type LayoutOptions } from '../render/raster/layout.js';
import { Rasterizer } from '../render/raster/rasterizer.js';
import type { ScreenSnapshot } from '../render/screen.js';
import type { Theme } from '../render/theme.js';

/** SnapshotPng is a PNG of one screen state and its size in px. */
export interface SnapshotPng {
  png: Buffer;
  width: number;
  height: number;
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

  /** paint draws `snapshot` and encodes it as a PNG. */
  async paint(snapshot: ScreenSnapshot): Promise<SnapshotPng> {
    let rasterizer = this.#rasterizer;
    if (!rasterizer || rasterizer.layout.cols !== snapshot.cols || rasterizer.layout.rows !== snapshot.rows) {
      rasterizer = await Rasterizer.create(planLayout(snapshot.cols, snapshot.rows, this.#layout), this.#theme);
      this.#rasterizer = rasterizer;
    }
    const { width, height } = rasterizer.layout;
    const pixels = await rasterizer.draw(snapshot);
    const png = await sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
    return { png, width, height };
  }
}

/** renderSnapshotPng draws one screen state as a lossless PNG with a theme and layout (default layout: 16 px DejaVu Sans Mono). */
export async function renderSnapshotPng(snapshot: ScreenSnapshot, theme: Theme, layout?: LayoutOptions): Promise<SnapshotPng> {
  return new SnapshotPainter(theme, layout).paint(snapshot);
}
