/**
 * The sample stage: a recording in (a run directory, a cast, or any video file), a handful of still frames
 * out, chosen so that a reviewer — human or vision model — sees what happened: the first screen, the last
 * one, the screens at the tape's markers and the moments the screen changed most.
 *
 * Casts are sampled losslessly: frames are drawn from the replayed screen states by the render stage's
 * Rasterizer, never decoded from the lossy video, and each frame carries its screen text. Videos are
 * decoded with the bundled ffmpeg. Both go through the same two passes (scan into a bounded pool of
 * signatures, plan, then capture only the chosen frames), so a long recording never sits in memory.
 *
 * It hands the evaluate stage `frames/NN.png` and `frames.json` (number, times, reason, hash, size, text).
 */
import { open, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { sha256Hex } from '../hash.js';
import { summarizeCast, type CastSummary } from '../asciicast/cast-reader.js';
import { ConfigError, ExecutionError } from '../errors.js';
import { removeStaleTemporaries, temporaryPathOf, writeJsonFile } from '../files.js';
import type { FrameGrid, LayoutOptions } from '../render/raster/layout.js';
import type { TimelineOptions } from '../render/timeline.js';
import { recordedLook } from '../render/recorded-look.js';
import { layoutOf, timelineOf } from '../render/render-settings.js';
import { snapshotText, type ScreenSnapshot } from '../render/screen.js';
import { loadTheme, recordingTheme, type Theme } from '../render/theme.js';
import { captureCastStates, scanCast } from './cast-source.js';
import { resolveSampleSettings, type SampleSettings } from './sample-settings.js';
import { planFrames, type ChangeMetric, type FrameCandidate, type PlannedFrame, type SampleMarker, type SampleStrategy } from './frame-planner.js';
import { SnapshotPainter } from './snapshot-png.js';
import { extractVideoFrames, probeVideoFile, scanVideo, type VideoInfo } from './video-source.js';
import { CAST_FILE_NAME, FRAMES_FILE_NAME, SAMPLE_DIR_NAME } from '../run-files.js';
export { FRAMES_FILE_NAME } from '../run-files.js';

export { sampleStrategies, type SampleStrategy } from './frame-planner.js';
export { type SampleSettings } from './sample-settings.js';


/** SampleOptions are the sample settings plus how frames are drawn, where they go and how to report. */
export interface SampleOptions extends SampleSettings {
  /** Output directory. @default `<dir of the cast>/sample/`, or `<video dir>/<video name>.sample/` for a video */
  out?: string;
  /** A built-in theme name or an asciicast theme JSON file (casts only). @default the cast's own theme, else 'dracula' */
  theme?: string;
  /** Frame size and font (casts only), as the video was rendered. @default the render stage's defaults */
  layout?: LayoutOptions;
  /** The video's timeline (casts only): frame times are then times in the video as rendered. @default the render stage's defaults, with the cast's own idle limit */
  timeline?: TimelineOptions;
  /** Sample what can be read of a cast with unreadable lines. @default false */
  lenient?: boolean;
  /** Aborting stops the work and rejects with InterruptedError. */
  signal?: AbortSignal;
  /** Receives each warning (a skipped cast line in lenient mode). */
  onWarning?: (message: string) => void;
  /** Called as sampling advances: `scan` counts seconds of the recording, `write` counts frames written. */
  onProgress?: (progress: { phase: 'scan' | 'write'; done: number; total?: number }) => void;
}

/** SampleSource describes the recording frames are sampled from. */
export interface SampleSource {
  kind: 'cast' | 'video';
  /** The cast or video file (absolute). */
  path: string;
  /** The run directory, when the input was one. */
  runDir?: string;
  /** Seconds: the cast's recording length, or the video's length. */
  duration: number;
  /** Terminal size (casts: the largest the cast uses). */
  cols?: number;
  rows?: number;
  /** The theme frames are drawn with (casts). */
  theme?: Theme;
}

/** SampledFrame is one frame written by `sample`. */
export interface SampledFrame {
  /** 1-based, in time order: "Frame 3" is number 3. */
  number: number;
  /** Absolute path of the PNG. */
  file: string;
  /** Recording time in seconds (what "Frame 3 · 00:12.4" shows). */
  time: number;
  /** Time in the rendered video, in seconds. */
  videoTime: number;
  /** Why the frame was chosen, e.g. `last frame`, `marker "menu"`. */
  reason: string;
  /** sha256 (hex) of the PNG's bytes. */
  hash: string;
  width: number;
  height: number;
  /** Where the character grid sits in the PNG (casts). */
  grid?: FrameGrid;
  /** The screen as text (casts). */
  text?: string;
  /** The screen state (casts), in memory only: not written to frames.json. */
  snapshot?: ScreenSnapshot;
}

/** SampleResult is what `sample` wrote. */
export interface SampleResult {
  source: SampleSource;
  outDir: string;
  /** Absolute path of frames.json. */
  framesFile: string;
  frames: SampledFrame[];
  /** Candidates the frames were chosen from. */
  candidates: number;
}

/** Extensions read as videos without looking inside. */
const videoExtensions = new Set(['.mp4', '.webm', '.mov', '.mkv', '.gif', '.avi', '.m4v', '.apng', '.mpg', '.mpeg', '.ts']);

/** ResolvedInput is a source plus what was read to resolve it (so sampling does not read it again). */
export type ResolvedInput = { source: SampleSource; summary: CastSummary } | { source: SampleSource; video: VideoInfo };

/** looksLikeCast tells a cast from a video: by extension, else by whether the file starts as JSON does. */
async function looksLikeCast(path: string): Promise<boolean> {
  const extension = extname(path).toLowerCase();
  if (extension === '.cast') return true;
  if (videoExtensions.has(extension)) return false;
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
    return /^\s*[{[]/.test(buffer.subarray(0, bytesRead).toString('latin1'));
  } finally {
    await file.close();
  }
}

/**
 * openSampleInput tells what an input is: a run directory (its session.cast), a cast file, or a video, and
 * keeps the cast summary or video probe it read, for `sample()` to start from. Throws ConfigError for a
 * missing input, a directory without session.cast, an unreadable cast or a file ffmpeg cannot read as a video.
 */
export async function openSampleInput(input: string, options: Pick<SampleOptions, 'lenient' | 'theme' | 'signal' | 'onWarning'>): Promise<ResolvedInput> {
  const path = resolve(input);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ConfigError(`${input}: no such file or directory (give a run directory, a .cast file or a video)`);
  let castPath = path;
  let runDir: string | undefined;
  if (info.isDirectory()) {
    castPath = join(path, CAST_FILE_NAME);
    if (!(await stat(castPath).catch(() => undefined))?.isFile()) {
      throw new ConfigError(`${input} is a directory without session.cast; give a run directory (recordings/<run>), a .cast file or a video`);
    }
    runDir = path;
  }
  if (runDir || (await looksLikeCast(castPath))) {
    const summary = await summarizeCast(castPath, { lenient: options.lenient, onWarning: options.onWarning });
    const theme = options.theme ? loadTheme(options.theme) : recordingTheme(summary.header.theme, undefined);
    return {
      source: { kind: 'cast', path: castPath, runDir, duration: summary.duration, cols: summary.maxCols, rows: summary.maxRows, theme },
      summary,
    };
  }
  const video = await probeVideoFile(path, options.signal);
  return { source: { kind: 'video', path, duration: video.duration ?? 0 }, video };
}

/** defaultSampleDir returns where frames go unless `out` says otherwise: `<cast dir>/sample`, or `<video dir>/<video name>.sample`. */
export function defaultSampleDir(source: Pick<SampleSource, 'kind' | 'path'>): string {
  if (source.kind === 'cast') return join(dirname(source.path), SAMPLE_DIR_NAME);
  return join(dirname(source.path), `${basename(source.path, extname(source.path))}.sample`);
}

/**
 * replaceSample puts newly written frames (in `staging`) in place of an earlier sample's in `framesDir`: the
 * old PNGs and frames.json go, so no stale frame survives a re-sample, and the new ones move in. Until then
 * an interrupted sample leaves the earlier one as it was.
 */
async function replaceSample(staging: string, framesDir: string, framesFile: string): Promise<void> {
  await mkdir(framesDir, { recursive: true });
  await rm(framesFile, { force: true });
  for (const name of await readdir(framesDir)) {
    if (name.toLowerCase().endsWith('.png')) await rm(join(framesDir, name), { force: true });
  }
  for (const name of await readdir(staging)) await rename(join(staging, name), join(framesDir, name));
  await rm(staging, { recursive: true, force: true });
}


/** A plan and the candidates it points into, from either kind of source. */
interface SamplePlan {
  candidates: FrameCandidate[];
  planned: PlannedFrame[];
}

function plan(candidates: FrameCandidate[], strategies: SampleStrategy[], cap: number, metric: ChangeMetric, markers: SampleMarker[] = [], lastAlternate?: number): SamplePlan {
  return { candidates, planned: planFrames({ candidates, strategies, cap, metric, markers, lastAlternate }) };
}

/**
 * sample chooses frames of a recording and writes them as `frames/NN.png` plus `frames.json` in the output
 * directory. `input` is a path, or what openSampleInput already resolved.
 */
export async function sample(input: string | ResolvedInput, options: SampleOptions = {}): Promise<SampleResult> {
  const { strategies, frames: cap } = resolveSampleSettings(options);
  const resolved = typeof input === 'string' ? await openSampleInput(input, options) : input;
  const { source } = resolved;
  // Unless told how, a cast is drawn as its recording was made to be drawn (the look kept in its meta.json).
  if (source.kind === 'cast' && options.layout === undefined && options.timeline === undefined) {
    const look = recordedLook(source.path);
    if (look) options = { ...options, layout: layoutOf(look), timeline: timelineOf(look) };
  }
  const outDir = resolve(options.out ?? defaultSampleDir(source));
  const scanProgress = (done: number, total: number | undefined) => options.onProgress?.({ phase: 'scan', done, total });

  let samplePlan: SamplePlan;
  if ('summary' in resolved) {
    if (resolved.summary.outputBytes === 0) {
      throw new ExecutionError(`${source.path} has no terminal output: there is nothing to sample (was the program started?)`);
    }
    const scan = await scanCast(source.path, resolved.summary, { lenient: options.lenient, timeline: options.timeline, signal: options.signal, onProgress: scanProgress });
    samplePlan = plan(scan.candidates, strategies, cap, scan.metric, scan.markers, scan.lastAlternate);
  } else {
    const scan = await scanVideo(source.path, resolved.video, { signal: options.signal, onProgress: scanProgress });
    if (scan.frames === 0) throw new ExecutionError(`${source.path} has no video frames: there is nothing to sample`);
    if (resolved.video.duration === undefined) source.duration = scan.lastFrameTime;
    samplePlan = plan(scan.candidates, strategies, cap, scan.metric);
  }
  if (samplePlan.planned.length === 0) throw new ExecutionError(`${source.path}: no screen states to sample`);

  const framesDir = join(outDir, 'frames');
  const framesFile = join(outDir, FRAMES_FILE_NAME);
  await mkdir(outDir, { recursive: true });
  await removeStaleTemporaries(outDir);
  const staging = temporaryPathOf(framesDir);
  await mkdir(staging);
  const digits = Math.max(2, String(samplePlan.planned.length).length);
  const fileName = (number: number) => `${String(number).padStart(digits, '0')}.png`;
  let frames: SampledFrame[];
  try {
    const written =
      'summary' in resolved
        ? await writeCastFrames(source, resolved.summary, samplePlan, staging, fileName, options)
        : await writeVideoFrames(source, samplePlan, staging, `%0${digits}d.png`, fileName, options);
    await replaceSample(staging, framesDir, framesFile);
    frames = written.map((frame) => ({ ...frame, file: join(framesDir, basename(frame.file)) }));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  await writeJsonFile(framesFile, {
    version: 1,
    source: { kind: source.kind, path: source.path, duration: source.duration, cols: source.cols, rows: source.rows },
    strategies,
    cap,
    candidates: samplePlan.candidates.length,
    frames: frames.map(({ number, file, time, videoTime, reason, hash, width, height, grid, text }) => ({
      number,
      file: `frames/${basename(file)}`,
      time,
      videoTime,
      reason,
      hash,
      width,
      height,
      grid,
      text,
    })),
  });
  return { source, outDir, framesFile, frames, candidates: samplePlan.candidates.length };
}

/** writeCastFrames replays the cast again, draws the chosen states and writes their PNGs. */
async function writeCastFrames(
  source: SampleSource,
  summary: CastSummary,
  samplePlan: SamplePlan,
  framesDir: string,
  fileName: (number: number) => string,
  options: SampleOptions,
): Promise<SampledFrame[]> {
  const reasonByOrdinal = new Map(samplePlan.planned.map((frame) => [samplePlan.candidates[frame.candidate].ordinal, frame.reasons.join('; ')]));
  const painter = new SnapshotPainter(source.theme!, options.layout);
  const frames: SampledFrame[] = [];
  const total = reasonByOrdinal.size;
  for await (const state of captureCastStates(source.path, summary, new Set(reasonByOrdinal.keys()), options)) {
    const { png, width, height, grid } = await painter.paint(state.snapshot);
    const number = frames.length + 1;
    const file = join(framesDir, fileName(number));
    await writeFile(file, png);
    frames.push({
      number,
      file,
      time: state.time,
      videoTime: state.videoTime,
      reason: reasonByOrdinal.get(state.ordinal)!,
      hash: sha256Hex(png),
      width,
      height,
      grid,
      text: snapshotText(state.snapshot),
      snapshot: state.snapshot,
    });
    options.onProgress?.({ phase: 'write', done: number, total });
  }
  if (frames.length !== total) {
    throw new ExecutionError(`${source.path}: the second replay found ${frames.length} of ${total} chosen screen states; was the file changed while sampling?`);
  }
  return frames;
}

/** writeVideoFrames has ffmpeg write the chosen frames as PNGs, then reads back their hashes and sizes. */
async function writeVideoFrames(
  source: SampleSource,
  samplePlan: SamplePlan,
  framesDir: string,
  pattern: string,
  fileName: (number: number) => string,
  options: SampleOptions,
): Promise<SampledFrame[]> {
  const chosen = samplePlan.planned.map((frame) => ({ candidate: samplePlan.candidates[frame.candidate], reason: frame.reasons.join('; ') }));
  await extractVideoFrames(source.path, chosen.map(({ candidate }) => candidate.ordinal), join(framesDir, pattern), options.signal);
  const frames: SampledFrame[] = [];
  for (const [index, { candidate, reason }] of chosen.entries()) {
    const number = index + 1;
    const file = join(framesDir, fileName(number));
    const png = await readFile(file).catch((error: unknown) => {
      throw new ExecutionError(`ffmpeg wrote no frame ${number} (video frame ${candidate.ordinal}) of ${source.path}`, { cause: error });
    });
    const { width = 0, height = 0 } = await sharp(png).metadata();
    frames.push({ number, file, time: candidate.time, videoTime: candidate.videoTime, reason, hash: sha256Hex(png), width, height });
    options.onProgress?.({ phase: 'write', done: number, total: chosen.length });
  }
  return frames;
}
