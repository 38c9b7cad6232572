/**
 * The heuristic judge's pass over a video (no cast, so no cells): the bundled ffmpeg decodes small
 * grayscale frames at a fixed rate into a pipe, and each frame is compared with the one before. Only what
 * pixels tell is measured: when something first shows, how long the picture stands still, blank flashes,
 * and how much of the picture differs from the background (density).
 */
import { spawn } from 'node:child_process';
import { ExecutionError } from '../../errors.js';
import { ffmpegPath } from '../../ffmpeg/ffmpeg-binary.js';
import { FLASH_WINDOW_SECONDS } from './cast-measures.js';
import type { HeuristicMeasures } from './measures.js';

/** Frames decoded per second of video. */
export const VIDEO_SAMPLE_FPS = 10;
/** Size the frames are decoded at: small, since only shares and differences are measured. */
const SAMPLE_WIDTH = 192;
const SAMPLE_HEIGHT = 108;
/** A pixel is ink when its gray level differs from the frame's most common level (the background) by more than this. */
const INK_LEVEL_DIFFERENCE = 24;
/** A frame with less than this share of ink pixels is blank. */
export const BLANK_PIXEL_SHARE = 0.001;
/** A pixel changed when its gray level moved by more than this (video compression noise stays below). */
const CHANGE_LEVEL_DIFFERENCE = 20;
/** A frame differs from the previous one when at least this many pixels changed (one character cell is about ten). */
const CHANGED_PIXELS = 4;

/** FrameReading is what one decoded frame tells: its ink share. */
export interface FrameReading {
  inkShare: number;
}

/** readGrayFrame measures one grayscale frame: the share of pixels away from the most common level; pure. */
export function readGrayFrame(pixels: Uint8Array): FrameReading {
  const histogram = new Uint32Array(256);
  for (const value of pixels) histogram[value]++;
  let background = 0;
  for (let level = 1; level < 256; level++) if (histogram[level] > histogram[background]) background = level;
  let ink = 0;
  for (const value of pixels) if (Math.abs(value - background) > INK_LEVEL_DIFFERENCE) ink++;
  return { inkShare: pixels.length > 0 ? ink / pixels.length : 0 };
}

/** framesDiffer tells whether two grayscale frames differ by more than compression noise; pure. */
export function framesDiffer(a: Uint8Array, b: Uint8Array): boolean {
  let changed = 0;
  for (let index = 0; index < a.length; index++) {
    if (Math.abs(a[index] - b[index]) > CHANGE_LEVEL_DIFFERENCE && ++changed >= CHANGED_PIXELS) return true;
  }
  return false;
}

/** VideoFrameFold folds decoded frames one by one into the pixel measures. */
class VideoFrameFold {
  #frames = 0;
  #states = 0;
  #previous: Uint8Array | undefined;
  #lastChange = 0;
  #firstOutputTime: number | null = null;
  #freeze: HeuristicMeasures['freeze'] = null;
  #inkSum = 0;
  #inkMax = 0;
  #previousBlank = true;
  #blankSince: number | undefined;
  #flashes = 0;
  #firstFlash: number | null = null;

  /** add measures the next frame (`pixels` may be reused by the caller afterwards). */
  add(pixels: Uint8Array): void {
    const time = this.#frames / VIDEO_SAMPLE_FPS;
    this.#frames++;
    const { inkShare } = readGrayFrame(pixels);
    this.#inkSum += inkShare;
    this.#inkMax = Math.max(this.#inkMax, inkShare);
    const blank = inkShare < BLANK_PIXEL_SHARE;
    if (!blank && this.#firstOutputTime === null) this.#firstOutputTime = time;
    const changed = !this.#previous || framesDiffer(this.#previous, pixels);
    if (changed) {
      this.#states++;
      if (this.#previous && this.#firstOutputTime !== null && this.#lastChange >= this.#firstOutputTime) {
        const seconds = time - this.#lastChange;
        if (!this.#freeze || seconds > this.#freeze.seconds) this.#freeze = { start: this.#lastChange, seconds };
      }
      this.#lastChange = time;
      if (blank && !this.#previousBlank) this.#blankSince = time;
      if (!blank && this.#blankSince !== undefined && time - this.#blankSince <= FLASH_WINDOW_SECONDS) {
        this.#flashes++;
        this.#firstFlash ??= this.#blankSince;
      }
      if (!blank) this.#blankSince = undefined;
      this.#previousBlank = blank;
      this.#previous = Uint8Array.from(pixels);
    }
  }

  /** result returns the measures of the frames added so far. */
  result(): HeuristicMeasures {
    const frames = this.#frames;
    return {
      source: 'video',
      duration: frames / VIDEO_SAMPLE_FPS,
      states: this.#states,
      firstOutputTime: this.#firstOutputTime,
      freeze: this.#freeze,
      flashes: { count: this.#flashes, firstTime: this.#firstFlash },
      clearsPeakPerSecond: 0,
      density: { mean: frames > 0 ? this.#inkSum / frames : 0, max: this.#inkMax },
    };
  }
}

/** measureVideo decodes a video with the bundled ffmpeg and measures its pixels (see HeuristicMeasures). */
export async function measureVideo(videoPath: string): Promise<HeuristicMeasures> {
  const frameSize = SAMPLE_WIDTH * SAMPLE_HEIGHT;
  const fold = new VideoFrameFold();
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-i', videoPath,
    '-vf', `fps=${VIDEO_SAMPLE_FPS},scale=${SAMPLE_WIDTH}:${SAMPLE_HEIGHT}:flags=area,format=gray`,
    '-f', 'rawvideo', '-pix_fmt', 'gray', '-',
  ];
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4000) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const frame = new Uint8Array(frameSize);
  let filled = 0;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(frameSize - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameSize) {
        fold.add(frame);
        filled = 0;
      }
    }
  }
  const code = await exited.catch((error: unknown) => {
    throw new ExecutionError(`heuristic judge: cannot run ffmpeg to decode ${videoPath}: ${(error as Error).message}`, { cause: error });
  });
  if (code !== 0) {
    throw new ExecutionError(`heuristic judge: ffmpeg could not decode ${videoPath} (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return fold.result();
}
