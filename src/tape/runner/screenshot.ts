/**
 * Screenshots of the live screen: the visible screen drawn by the render stage's Rasterizer (same theme
 * and layout options as the video) and written as a PNG.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LayoutOptions } from '../../render/raster/layout.js';
import type { ScreenSnapshot } from '../../render/screen.js';
import type { Theme } from '../../render/theme.js';
import { SnapshotPainter } from '../../sample/snapshot-png.js';
import { writeFileAtomic } from '../../files.js';

/** ScreenshotWriter draws snapshots to PNG files, keeping one Rasterizer per terminal size. */
export class ScreenshotWriter {
  readonly #painter: SnapshotPainter;

  constructor(layoutOptions: LayoutOptions, theme: Theme) {
    this.#painter = new SnapshotPainter(theme, layoutOptions);
  }

  /** write draws `snapshot` and writes it to `path` as a PNG (creating its directory); returns the image size. */
  async write(snapshot: ScreenSnapshot, path: string): Promise<{ width: number; height: number }> {
    const { png, width, height } = await this.#painter.paint(snapshot);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, png);
    return { width, height };
  }
}
