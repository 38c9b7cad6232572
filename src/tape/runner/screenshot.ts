/**
 * Screenshots of the live screen: the visible screen drawn by the render stage's Rasterizer (same theme
 * and layout options as the video) and written as a PNG.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { planLayout, type LayoutOptions } from '../../render/raster/layout.js';
import { Rasterizer } from '../../render/raster/rasterizer.js';
import type { ScreenSnapshot } from '../../render/screen.js';
import type { Theme } from '../../render/theme.js';

/** ScreenshotWriter draws snapshots to PNG files, keeping one Rasterizer per terminal size. */
export class ScreenshotWriter {
  readonly #layoutOptions: LayoutOptions;
  readonly #theme: Theme;
  #rasterizer: Rasterizer | undefined;

  constructor(layoutOptions: LayoutOptions, theme: Theme) {
    this.#layoutOptions = layoutOptions;
    this.#theme = theme;
  }

  /** write draws `snapshot` and writes it to `path` as a PNG (creating its directory); returns the image size. */
  async write(snapshot: ScreenSnapshot, path: string): Promise<{ width: number; height: number }> {
    let rasterizer = this.#rasterizer;
    if (!rasterizer || rasterizer.layout.cols !== snapshot.cols || rasterizer.layout.rows !== snapshot.rows) {
      rasterizer = await Rasterizer.create(planLayout(snapshot.cols, snapshot.rows, this.#layoutOptions), this.#theme);
      this.#rasterizer = rasterizer;
    }
    const { width, height } = rasterizer.layout;
    const pixels = await rasterizer.draw(snapshot);
    await mkdir(dirname(path), { recursive: true });
    await sharp(pixels, { raw: { width, height, channels: 4 } }).png().toFile(path);
    return { width, height };
  }
}
