/**
 * Frames from a video file (mp4, webm, mov, mkv, gif, …) through the bundled ffmpeg, in two passes with
 * bounded memory: `scanVideo` decodes every frame into a small grayscale thumbnail on a pipe (the
 * `showinfo` filter tells each frame's timestamp on stderr, which also holds for variable-frame-rate
 * videos) and keeps a bounded pool of them; after the planner has chosen, `extractVideoFrames` decodes
 * again and writes just the chosen frames, at full size, as PNGs. A frame is found again by its decode
 * number `n`, which both passes count the same way.
 */
import { ConfigError, ExecutionError } from '../errors.js';
import { runFfmpeg, type FfmpegRunOptions } from '../ffmpeg/ffmpeg-runner.js';
import { countChangedPixels, countOffBackground, readGrayFrames, type GrayFrameDecode } from '../ffmpeg/gray-frames.js';
import { CandidatePool, DEFAULT_CANDIDATE_LIMIT } from './candidate-pool.js';
import type { ChangeMetric, FrameCandidate, Signature } from './frame-planner.js';

/** Gray levels two thumbnail pixels may differ by and still count as the same (video compression noise). */
const PIXEL_TOLERANCE = 16;

/** VideoInfo is what `ffmpeg -i` tells about a video. */
export interface VideoInfo {
  width: number;
  height: number;
  /** Seconds, or undefined when the container does not say (then the last frame's time is used). */
  duration: number | undefined;
}

/** VideoScan is what the planner chooses from. */
export interface VideoScan {
  candidates: FrameCandidate[];
  metric: ChangeMetric;
  /** Presentation time of the last frame, in seconds. */
  lastFrameTime: number;
  frames: number;
}

/** VideoScanOptions controls a scan of a video. */
export interface VideoScanOptions {
  signal?: AbortSignal;
  /** Called as decoding advances: seconds done out of the duration (when known). */
  onProgress?: (done: number, total: number | undefined) => void;
  /** Most candidates kept (besides the first non-blank frame). @default 600 */
  candidateLimit?: number;
}

/** parseVideoInfo reads the size and duration of the first video stream from `ffmpeg -i` output, if there is one. */
export function parseVideoInfo(stderr: string): VideoInfo | undefined {
  const stream = /Stream #\d+:\d+.*?: Video: .*?, (\d{1,5})x(\d{1,5})/.exec(stderr);
  if (!stream) return undefined;
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  return {
    width: Number(stream[1]),
    height: Number(stream[2]),
    duration: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : undefined,
  };
}

/** parseShowinfoLine returns the frame number and presentation time of a `showinfo` line, or undefined for other lines. */
export function parseShowinfoLine(line: string): { n: number; time: number } | undefined {
  const match = /\bn:\s*(\d+)\s+pts:\s*-?\d+\s+pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/.exec(line);
  return match ? { n: Number(match[1]), time: Number(match[2]) } : undefined;
}

/** thumbnailDecode decodes every frame into the grayscale thumbnail frames are compared by; `showinfo` tells each frame's time on stderr. */
const thumbnailDecode: GrayFrameDecode = { width: 160, height: 90, filters: ['showinfo'] };

/** extractArgs builds the ffmpeg arguments that write the frames numbered `frameNumbers` as `<pattern>` PNGs (numbered from 1). */
export function extractArgs(videoPath: string, frameNumbers: readonly number[], pattern: string): string[] {
  const select = [...frameNumbers].sort((a, b) => a - b).map((n) => `eq(n\\,${n})`).join('+');
  return [
    '-hide_banner', '-nostdin', '-y', '-i', videoPath, '-map', '0:v:0',
    '-vf', `select=${select}`, '-vsync', '0', '-c:v', 'png', '-f', 'image2', '-start_number', '1', pattern,
  ];
}

/** countDifferentPixels counts thumbnail pixels whose gray levels differ by more than the compression noise. */
export function countDifferentPixels(a: Signature, b: Signature): number {
  return a.length === b.length ? countChangedPixels(a, b, PIXEL_TOLERANCE) : Math.max(a.length, b.length);
}

/** pixelChangeMetric compares thumbnails; changes to fewer than 0.5% of their pixels are near-duplicates. */
export const pixelChangeMetric: ChangeMetric = {
  distance: countDifferentPixels,
  nearDuplicate: Math.round(thumbnailDecode.width * thumbnailDecode.height * 0.005),
  unit: 'thumbnail pixels',
};

/**
 * isBlankThumbnail tells whether a thumbnail is flat: fewer than 0.5% of its pixels stand out from the most
 * common gray (so a lone cursor block on an empty terminal is still blank).
 */
export function isBlankThumbnail(thumbnail: Uint8Array): boolean {
  return countOffBackground(thumbnail, PIXEL_TOLERANCE * 2) < Math.max(1, thumbnail.length * 0.005);
}

/** samplingRun is how the sampler runs ffmpeg: interrupted as sampling, and an unreadable video named as such. */
function samplingRun(videoPath: string, signal: AbortSignal | undefined): FfmpegRunOptions {
  return {
    signal,
    task: 'sampling',
    describeFailure: (failure) => new ConfigError(`cannot read video ${videoPath}: ${ffmpegComplaint(failure.stderrTail, videoPath)}`),
  };
}

/** ffmpegComplaint picks the line of ffmpeg's stderr that says what went wrong. */
function ffmpegComplaint(stderrTail: readonly string[], videoPath: string): string {
  const lines = stderrTail.map((line) => line.trim()).filter(Boolean);
  const named = lines.filter((line) => line.includes(videoPath)).at(-1);
  const complaint = named ?? lines.at(-1) ?? 'ffmpeg failed';
  return complaint.startsWith(videoPath) ? complaint.slice(videoPath.length).replace(/^:\s*/, '') : complaint;
}

/**
 * probeVideoFile reads a video's size and duration with `ffmpeg -i`. Throws ConfigError naming the file when
 * ffmpeg cannot read it, ExecutionError when it reads but holds no video stream.
 */
export async function probeVideoFile(videoPath: string, signal?: AbortSignal): Promise<VideoInfo> {
  const lines: string[] = [];
  // `ffmpeg -i` without an output exits 1 after printing what it found: the stream lines are what counts.
  const stderrTail = await runFfmpeg(['-hide_banner', '-nostdin', '-i', videoPath], {
    ...samplingRun(videoPath, signal),
    successCodes: [0, 1],
    onStderrLine: (line) => void lines.push(line),
  });
  const output = lines.join('\n');
  const info = parseVideoInfo(output);
  if (info) return info;
  // ffmpeg opened the file (it printed its input) but found no video in it: an empty video, nothing to sample.
  if (/^Input #0/m.test(output)) throw new ExecutionError(`${videoPath} has no video frames: there is nothing to sample`);
  throw new ConfigError(`cannot read video ${videoPath}: ${ffmpegComplaint(stderrTail, videoPath)}`);
}

/**
 * scanVideo decodes every frame of a video into a thumbnail and returns a bounded set of candidates;
 * the first non-blank frame and the last frame are always among them.
 */
export async function scanVideo(videoPath: string, info: VideoInfo, options: VideoScanOptions = {}): Promise<VideoScan> {
  const pool = new CandidatePool(options.candidateLimit ?? DEFAULT_CANDIDATE_LIMIT, 1 / 1000);
  // Thumbnails (stdout) and their timestamps (stderr) arrive on separate pipes: whichever comes first waits.
  const times = new Map<number, number>();
  const waiting: Uint8Array[] = [];
  let nextFrame = 0;
  let lastTime = 0;
  let seenNonBlank = false;
  const accept = (thumbnail: Uint8Array, time: number) => {
    const blank = isBlankThumbnail(thumbnail);
    pool.add({ ordinal: nextFrame, time, videoTime: time, blank, signature: thumbnail });
    if (!blank && !seenNonBlank) {
      seenNonBlank = true;
      pool.keepLatest();
    }
    lastTime = time;
    nextFrame++;
    options.onProgress?.(time, info.duration);
  };
  const drain = (final: boolean) => {
    while (waiting.length > 0) {
      const time = times.get(nextFrame);
      if (time === undefined && !final) return;
      times.delete(nextFrame);
      // Times never go backwards in the pool; a frame without a showinfo line sits right after the previous one.
      accept(waiting.shift()!, Math.max(time ?? lastTime, lastTime));
    }
  };
  const onThumbnail = (thumbnail: Uint8Array) => {
    waiting.push(new Uint8Array(thumbnail)); // a copy: the frame shares memory with a stdout chunk
    drain(false);
  };
  await readGrayFrames(videoPath, thumbnailDecode, onThumbnail, {
    ...samplingRun(videoPath, options.signal),
    onStderrLine: (line) => {
      const frame = parseShowinfoLine(line);
      if (frame) times.set(frame.n, frame.time);
      drain(false);
      return line.includes('showinfo'); // never the complaint
    },
  });
  drain(true);
  return { candidates: pool.candidates(), metric: pixelChangeMetric, lastFrameTime: lastTime, frames: nextFrame };
}

/** extractVideoFrames writes the frames numbered `frameNumbers` at full size as PNGs named by `pattern` (e.g. `dir/%02d.png`, numbered from 1 in time order). */
export async function extractVideoFrames(videoPath: string, frameNumbers: readonly number[], pattern: string, signal?: AbortSignal): Promise<void> {
  await runFfmpeg(extractArgs(videoPath, frameNumbers, pattern), {
    ...samplingRun(videoPath, signal),
    describeFailure: (failure) => new ExecutionError(`ffmpeg could not extract frames from ${videoPath}: ${ffmpegComplaint(failure.stderrTail, videoPath)}`),
  });
}
