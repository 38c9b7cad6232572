/**
 * Builds JudgeFrames for the heuristic judge's tests the way the sample stage does in production: replay
 * the cast, keep a few screen states spread over it (always the last one the user saw), draw each with the Rasterizer and
 * encode it as PNG.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { summarizeCast } from '../../../src/asciicast/cast-reader.js';
import type { JudgeFrame } from '../../../src/evaluate/types.js';
import { planLayout } from '../../../src/render/raster/layout.js';
import { Rasterizer } from '../../../src/render/raster/rasterizer.js';
import { replayFrames, type ReplayEnd, type ReplayFrame } from '../../../src/render/replay.js';
import { snapshotText } from '../../../src/render/screen.js';
import { recordingTheme } from '../../../src/render/theme.js';

/** sampleJudgeFrames returns up to `count` JudgeFrames of a cast, evenly spread over its distinct states, the last included. */
export async function sampleJudgeFrames(castPath: string, count = 4): Promise<JudgeFrame[]> {
  const summary = await summarizeCast(castPath);
  const states: ReplayFrame[] = [];
  const end: ReplayEnd = { videoDuration: 0 };
  for await (const frame of replayFrames(castPath, summary, {}, end)) states.push(frame);
  // As the sample stage does, end on the screen the user last saw.
  states.length = end.lastSeen!.frame + 1;
  const picked = new Set<number>();
  for (let index = 0; index < count; index++) picked.add(Math.round(((states.length - 1) * (index + 1)) / count));
  const theme = recordingTheme(summary.header.theme, undefined);
  const rasterizer = await Rasterizer.create(planLayout(summary.maxCols, summary.maxRows, { fontSize: 8 }), theme);
  const frames: JudgeFrame[] = [];
  for (const index of [...picked].sort((a, b) => a - b)) {
    const { snapshot, recordingTime } = states[index];
    const pixels = await rasterizer.draw(snapshot);
    const { width, height } = rasterizer.layout;
    const png = await sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
    const number = frames.length + 1;
    frames.push({
      number,
      time: recordingTime,
      label: `Frame ${number} · ${recordingTime.toFixed(1)} s`,
      png,
      width,
      height,
      hash: createHash('sha256').update(png).digest('hex'),
      snapshot,
      text: snapshotText(snapshot),
    });
  }
  return frames;
}
