/**
 * Small 8-bit gray frames decoded by ffmpeg, read the same way by the video sampler (thumbnails to compare)
 * and the heuristic judge (frames to measure): the arguments that scale a video's frames down to raw gray
 * on stdout, the reader that cuts them out of the stream, and the measures both take: how many pixels
 * stand out from a frame's background (its most common gray level), and how many changed between frames.
 */
import { cutFrames, runFfmpeg, type FfmpegRunOptions } from './ffmpeg-runner.js';

/** GrayFrameDecode describes how a video's frames become gray frames. */
export interface GrayFrameDecode {
  /** Width of the gray frames in pixels. */
  width: number;
  /** Height of the gray frames in pixels. */
  height: number;
  /** Filters that see the decoded frames before they are scaled (`showinfo`, `fps=10`). */
  filters: string[];
}

/** grayFrameArgs builds the ffmpeg arguments that decode the first video stream of `videoPath` into raw gray frames on stdout. */
export function grayFrameArgs(videoPath: string, decode: GrayFrameDecode): string[] {
  return [
    '-hide_banner', '-nostdin', '-nostats', '-i', videoPath, '-map', '0:v:0',
    '-vf', [...decode.filters, `scale=${decode.width}:${decode.height}:flags=area`, 'format=gray'].join(','),
    // Passthrough: one gray frame per frame the filters put out, never duplicated or dropped to a constant rate.
    '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
  ];
}

/**
 * readGrayFrames decodes `videoPath` as `decode` says and hands each gray frame to `onFrame`, in order
 * (copy what you keep). Runs and fails as `runFfmpeg` with `options`.
 */
export async function readGrayFrames(videoPath: string, decode: GrayFrameDecode, onFrame: (pixels: Uint8Array) => void, options: FfmpegRunOptions = {}): Promise<string[]> {
  return runFfmpeg(grayFrameArgs(videoPath, decode), { ...options, onStdout: cutFrames(decode.width * decode.height, onFrame) });
}

/** countOffBackground counts the pixels whose gray level differs by more than `tolerance` from the frame's most common level (its background). */
export function countOffBackground(pixels: Uint8Array, tolerance: number): number {
  const histogram = new Uint32Array(256);
  for (const value of pixels) histogram[value]++;
  let background = 0;
  for (let level = 1; level < 256; level++) if (histogram[level] > histogram[background]) background = level;
  let off = 0;
  for (const value of pixels) if (Math.abs(value - background) > tolerance) off++;
  return off;
}

/** countChangedPixels counts the pixels whose gray level moved by more than `tolerance` between two frames of one size, stopping at `enough`. */
export function countChangedPixels(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, enough = Infinity): number {
  let changed = 0;
  for (let index = 0; index < a.length && changed < enough; index++) if (Math.abs(a[index] - b[index]) > tolerance) changed++;
  return changed;
}
