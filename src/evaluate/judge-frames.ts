/**
 * Turns sampled frames into the images a judge receives. For a vision model each frame of a cast is drawn
 * again from its screen state, cropped to the character grid (no padding: every pixel sent is text), at the
 * font size that costs the fewest image tokens while keeping text legible (planModelFrame), so the model
 * reads crisp text and the bill pays for no margin and no pixel the model's own tiling would waste. Frames
 * of a video (no screen state) are scaled down to the largest size the model processes when larger. The
 * heuristic judge gets the sampled PNGs.
 */
import { sha256Hex } from '../hash.js';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { FIT_STEP, planLayout } from '../render/raster/layout.js';
import { RENDER_DEFAULTS } from '../render/render-settings.js';
import type { Theme } from '../render/theme.js';
import type { SampledFrame } from '../sample/index.js';
import { SnapshotPainter } from '../sample/snapshot-png.js';
import { frameLabel } from '../sample/frame-label.js';
import { apiImageSize, imageTokens, type ModelInfo } from './models.js';
import type { JudgeFrame } from './types.js';

/**
 * MODEL_MIN_FONT_SIZE is the smallest font size (px) a frame is drawn at for a vision model: the render
 * stage's default, whose cells (10×19 px in DejaVu Sans Mono) are what the recording's video shows. The
 * planner never goes below it to save tokens; only a grid too large for the model at this size (on
 * gpt-4.1 more than 40 rows or about 200 columns) is drawn smaller, at the largest size the model processes.
 */
export const MODEL_MIN_FONT_SIZE = RENDER_DEFAULTS.fontSize;

/**
 * MODEL_MAX_FONT_SIZE is the largest font size (px) a frame is drawn at for a vision model: a small grid
 * (10×3) would otherwise fill a whole tile with 85-px text, which costs nothing more but reads no better.
 */
export const MODEL_MAX_FONT_SIZE = 2 * MODEL_MIN_FONT_SIZE;

/** ModelFramePlan is how one grid size is drawn for a vision model: the font size, the image size and what it costs. */
export interface ModelFramePlan {
  fontSize: number;
  /** Image size in px: the grid itself, rounded up to even sides. */
  width: number;
  height: number;
  /** Input tokens of one such image at `detail: 'high'`. */
  tokens: number;
  /** False when the grid does not fit the model at MODEL_MIN_FONT_SIZE, so the text is drawn smaller. */
  legible: boolean;
}

/** processedWhole tells whether `model` processes a width×height image as it is, without scaling it down. */
function processedWhole(model: ModelInfo, width: number, height: number): boolean {
  const largest = apiImageSize(model, width, height);
  return width <= largest.width && height <= largest.height;
}

/**
 * planModelFrame chooses how a cols×rows grid is drawn for `model` (pure): cropped to the grid, at the
 * font size from MODEL_MIN_FONT_SIZE up whose image costs the fewest tokens (512-px tiles or 32-px
 * patches, see models.ts), and among those the largest font up to MODEL_MAX_FONT_SIZE, since pixels that
 * cost nothing more make the text sharper. Image tokens only grow with the font size, so the search stops
 * at the first size that costs more. A grid too large for the model even at the minimum is drawn at the
 * largest font the model processes without scaling (`legible` false).
 */
export function planModelFrame(cols: number, rows: number, model: ModelInfo): ModelFramePlan {
  let best: ModelFramePlan | undefined;
  for (let fontSize = MODEL_MIN_FONT_SIZE; fontSize <= MODEL_MAX_FONT_SIZE; fontSize += FIT_STEP) {
    const { width, height } = planLayout(cols, rows, { fontSize, padding: 0 });
    if (!processedWhole(model, width, height)) break;
    const tokens = imageTokens(model, width, height);
    if (best && tokens > best.tokens) break;
    best = { fontSize, width, height, tokens, legible: true };
  }
  if (best) return best;
  // Too large at the minimum: the largest font whose grid the model takes without scaling, cropped.
  const natural = planLayout(cols, rows, { padding: 0 });
  const box = apiImageSize(model, natural.width, natural.height);
  const fitted = planLayout(cols, rows, { width: Math.max(2, Math.floor(box.width / 2) * 2), height: Math.max(2, Math.floor(box.height / 2) * 2), padding: 0, fit: true });
  const { width, height } = planLayout(cols, rows, { fontSize: fitted.fontSize, padding: 0 });
  return { fontSize: fitted.fontSize, width, height, tokens: imageTokens(model, width, height), legible: false };
}

/**
 * judgeFramesOf makes the judge's frames from sampled ones. With `model`, cast frames are drawn again as
 * planModelFrame plans for their grid, and video frames are scaled down to the largest size the model
 * processes; without, the sampled PNGs are used as they are.
 */
export async function judgeFramesOf(frames: readonly SampledFrame[], theme: Theme | undefined, model?: ModelInfo): Promise<JudgeFrame[]> {
  const result: JudgeFrame[] = [];
  // One painter (fonts, glyph cache) per font size, not one per frame.
  const painters = new Map<number, SnapshotPainter>();
  for (const frame of frames) {
    let png: Buffer;
    let width = frame.width;
    let height = frame.height;
    if (!model) {
      png = await readFile(frame.file);
    } else if (frame.snapshot && theme) {
      const { fontSize } = planModelFrame(frame.snapshot.cols, frame.snapshot.rows, model);
      let painter = painters.get(fontSize);
      if (!painter) painters.set(fontSize, (painter = new SnapshotPainter(theme, { fontSize, padding: 0 })));
      ({ png, width, height } = await painter.paint(frame.snapshot));
    } else {
      const target = apiImageSize(model, frame.width, frame.height);
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
      hash: model ? sha256Hex(png) : frame.hash,
      snapshot: frame.snapshot,
      text: frame.text,
    });
  }
  return result;
}
