/**
 * The heuristic judge's pass over a video (no cast, so no cells): the bundled ffmpeg decodes small
 * grayscale frames at a fixed rate into a pipe, and each frame is compared with the one before. Only what
 * pixels tell is measured: when something first shows, how long the picture stands still, blank flashes,
 * and how much of the picture differs from the background (density).
 */
import { countChangedPixels, countOffBackground, readGrayFrames, type GrayFrameDecode } from '../../ffmpeg/gray-frames.js';
import { FLASH_WINDOW_SECONDS } from './cast-measures.js';
import type { HeuristicMeasures } from './measures.js';

/** Frames decoded per second of video. */
export const VIDEO_SAMPLE_FPS = 10;
/** sampleDecode decodes frames small, since only shares and differences are measured, at a fixed rate. */
const sampleDecode: GrayFrameDecode = { width: 192, height: 108, filters: [`fps=${VIDEO_SAMPLE_FPS}`] };
/** A pixel is ink when its gray level differs from the frame's most common level (the background) by more than this. */
const INK_LEVEL_DIFFERENCE = 24;
/** A frame with less than this share of ink pixels is blank. */
export const BLANK_PIXEL_SHARE = 0.001;
/** A pixel changed when its gray level moved by more than this (video compression noise stays below). */
const CHANGE_LEVEL_DIFFERENCE = 20;
/** A frame differs from the previous one when at least this many pixels changed (one character cell is about ten). */
const CHANGED_PIXELS = 4;

/** framesDiffer tells whether two grayscale frames differ by more than compression noise; pure. */
export function framesDiffer(a: Uint8Array, b: Uint8Array): boolean {
  return countChangedPixels(a, b, CHANGE_LEVEL_DIFFERENCE, CHANGED_PIXELS) >= CHANGED_PIXELS;
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
    const inkShare = countOffBackground(pixels, INK_LEVEL_DIFFERENCE) / pixels.length;
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
  const fold = new VideoFrameFold();
  await readGrayFrames(videoPath, sampleDecode, (pixels) => fold.add(pixels), { task: `decoding ${videoPath} for the heuristic judge` });
  return fold.result();
}
