/**
 * Frames from a video file (mp4, webm, mov, mkv, gif, …) through the bundled ffmpeg, in two passes with
 * bounded memory: `scanVideo` decodes every frame into a small grayscale thumbnail on a pipe (the
 * `showinfo` filter tells each frame's timestamp on stderr, which also holds for variable-frame-rate
 * videos) and keeps a bounded pool of them; after the planner has chosen, `extractVideoFrames` decodes
 * again and writes just the chosen frames, at full size, as PNGs. A frame is found again by its decode
 * number `n`, which both passes count the same way.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ConfigError, ExecutionError, abortSignalName, InterruptedError } from '../errors.js';
import { ffmpegPath } from '../ffmpeg/ffmpeg-binary.js';
import { CandidatePool, DEFAULT_CANDIDATE_LIMIT } from './candidate-pool.js';
import type { ChangeMetric, FrameCandidate, Signature } from './frame-planner.js';

/** THUMBNAIL_WIDTH and THUMBNAIL_HEIGHT are the size of the grayscale thumbnails frames are compared by. */
export const THUMBNAIL_WIDTH = 160;
/** THUMBNAIL_HEIGHT: see THUMBNAIL_WIDTH. */
export const THUMBNAIL_HEIGHT = 90;

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

/** scanArgs builds the ffmpeg arguments that decode every frame into a raw grayscale thumbnail on stdout. */
export function scanArgs(videoPath: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-i', videoPath, '-map', '0:v:0',
    '-vf', `showinfo,scale=${THUMBNAIL_WIDTH}:${THUMBNAIL_HEIGHT}:flags=area,format=gray`,
    // Passthrough: one output frame per decoded frame, never duplicated to a constant rate.
    '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
  ];
}

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
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let different = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > PIXEL_TOLERANCE) different++;
  return different;
}

/** pixelChangeMetric compares thumbnails; changes to fewer than 0.5% of their pixels are near-duplicates. */
export const pixelChangeMetric: ChangeMetric = {
  distance: countDifferentPixels,
  nearDuplicate: Math.round(THUMBNAIL_WIDTH * THUMBNAIL_HEIGHT * 0.005),
  unit: 'thumbnail pixels',
};

/**
 * isBlankThumbnail tells whether a thumbnail is flat: fewer than 0.5% of its pixels stand out from the most
 * common gray (so a lone cursor block on an empty terminal is still blank).
 */
export function isBlankThumbnail(thumbnail: Uint8Array): boolean {
  const histogram = new Uint32Array(256);
  for (const value of thumbnail) histogram[value]++;
  let background = 0;
  for (let value = 1; value < 256; value++) if (histogram[value] > histogram[background]) background = value;
  let off = 0;
  for (const value of thumbnail) if (Math.abs(value - background) > PIXEL_TOLERANCE * 2) off++;
  return off < Math.max(1, thumbnail.length * 0.005);
}

/** runFfmpeg runs ffmpeg to the end and returns its exit code and the tail of its stderr; aborting kills it. */
async function runFfmpeg(
  args: string[],
  options: { signal?: AbortSignal; onStdout?: (chunk: Buffer) => void; onStderrLine?: (line: string) => void } = {},
): Promise<{ code: number | null; stderrTail: string[] }> {
  if (options.signal?.aborted) throw new InterruptedError(abortSignalName(options.signal), 'sampling interrupted');
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderrTail: string[] = [];
  const abort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const lines = createInterface({ input: child.stderr, crlfDelay: Infinity });
    lines.on('line', (line) => {
      options.onStderrLine?.(line);
      if (line.includes('showinfo')) return;
      stderrTail.push(line);
      if (stderrTail.length > 30) stderrTail.shift();
    });
    if (options.onStdout) child.stdout.on('data', options.onStdout);
    else child.stdout.resume();
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode) => resolve(exitCode));
    });
    if (options.signal?.aborted) throw new InterruptedError(abortSignalName(options.signal), 'sampling interrupted');
    return { code, stderrTail };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
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
  const { stderrTail } = await runFfmpeg(['-hide_banner', '-nostdin', '-i', videoPath], { signal, onStderrLine: (line) => lines.push(line) });
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
  const frameBytes = THUMBNAIL_WIDTH * THUMBNAIL_HEIGHT;
  const pool = new CandidatePool(options.candidateLimit ?? DEFAULT_CANDIDATE_LIMIT, 1 / 1000);
  // Thumbnails (stdout) and their timestamps (stderr) arrive on separate pipes: whichever comes first waits.
  const times = new Map<number, number>();
  const waiting: Uint8Array[] = [];
  let partial = Buffer.alloc(0);
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
  const { code, stderrTail } = await runFfmpeg(scanArgs(videoPath), {
    signal: options.signal,
    onStdout: (chunk) => {
      let data = partial.length > 0 ? Buffer.concat([partial, chunk]) : chunk;
      while (data.length >= frameBytes) {
        waiting.push(new Uint8Array(data.subarray(0, frameBytes)));
        data = data.subarray(frameBytes);
      }
      partial = Buffer.from(data);
      drain(false);
    },
    onStderrLine: (line) => {
      const frame = parseShowinfoLine(line);
      if (!frame) return;
      times.set(frame.n, frame.time);
      drain(false);
    },
  });
  if (code !== 0) throw new ConfigError(`cannot read video ${videoPath}: ${ffmpegComplaint(stderrTail, videoPath)}`);
  drain(true);
  return { candidates: pool.candidates(), metric: pixelChangeMetric, lastFrameTime: lastTime, frames: nextFrame };
}

/** extractVideoFrames writes the frames numbered `frameNumbers` at full size as PNGs named by `pattern` (e.g. `dir/%02d.png`, numbered from 1 in time order). */
export async function extractVideoFrames(videoPath: string, frameNumbers: readonly number[], pattern: string, signal?: AbortSignal): Promise<void> {
  const { code, stderrTail } = await runFfmpeg(extractArgs(videoPath, frameNumbers, pattern), { signal });
  if (code !== 0) throw new ExecutionError(`ffmpeg could not extract frames from ${videoPath}: ${ffmpegComplaint(stderrTail, videoPath)}`);
}
