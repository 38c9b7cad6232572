/**
 * Turns sampled frames into the images a judge receives. For a vision model each frame is rendered again
 * from its screen state at exactly the size the API processes without downscaling, with the font size
 * chosen to fill it, so the model reads crisp text instead of a shrunken video frame. Frames of a video
 * (no screen state) are scaled down to that size when larger. The heuristic judge gets the sampled PNGs.
 */
import { sha256Hex } from '../hash.js';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { planLayout } from '../render/raster/layout.js';
import type { Theme } from '../render/theme.js';
import type { SampledFrame } from '../sample/index.js';
import { SnapshotPainter } from '../sample/snapshot-png.js';
import { frameLabel } from '../sample/frame-label.js';
import type { JudgeFrame } from './types.js';

/** Padding around the grid of frames rendered for a model: small, so the text gets the pixels. */
const MODEL_FRAME_PADDING = 8;

/** ImageBox is a target image size in px. */
export interface ImageBox {
  width: number;
  height: number;
}


/** evenFloor rounds a side down to an even number of px (the layout keeps frames even). */
function evenFloor(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}

/**
 * judgeFramesOf makes the judge's frames from sampled ones. With `box`, cast frames are rendered again to
 * fill `box(aspectWidth, aspectHeight)` (the size is asked for the aspect of the frame at the default
 * layout) and video frames are scaled down into it; without, the sampled PNGs are used as they are.
 */
export async function judgeFramesOf(
  frames: readonly SampledFrame[],
  theme: Theme | undefined,
  box?: (aspectWidth: number, aspectHeight: number) => ImageBox,
): Promise<JudgeFrame[]> {
  const result: JudgeFrame[] = [];
  // One painter (fonts, glyph cache) per frame size, not one per frame.
  const painters = new Map<string, SnapshotPainter>();
  for (const frame of frames) {
    let png: Buffer;
    let width = frame.width;
    let height = frame.height;
    if (!box) {
      png = await readFile(frame.file);
    } else if (frame.snapshot && theme) {
      const natural = planLayout(frame.snapshot.cols, frame.snapshot.rows, { padding: MODEL_FRAME_PADDING });
      const target = box(natural.width, natural.height);
      const layout = { width: evenFloor(target.width), height: evenFloor(target.height), padding: MODEL_FRAME_PADDING };
      const key = `${layout.width}x${layout.height}`;
      let painter = painters.get(key);
      if (!painter) painters.set(key, (painter = new SnapshotPainter(theme, layout)));
      ({ png, width, height } = await painter.paint(frame.snapshot));
    } else {
      const target = box(frame.width, frame.height);
      const image = sharp(await readFile(frame.file));
      if (frame.width > target.width || frame.height > target.height) {
        image.resize({ width: target.width, height: target.height, fit: 'inside', kernel: 'lanczos3' });
      }
      const { data, info } = await image.png().toBuffer({ resolveWithObject: true });
      png = data;
      width = info.width;
      height = info.height;
    }
    result.push({
      number: frame.number,
      time: frame.time,
      label: frameLabel(frame.number, frame.time),
      png,
      width,
      height,
      // The sampled PNG's hash is already known; a redrawn or scaled image gets its own.
      hash: box ? sha256Hex(png) : frame.hash,
      snapshot: frame.snapshot,
      text: frame.text,
    });
  }
  return result;
}
