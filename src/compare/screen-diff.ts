/**
 * The visual diff of the compare stage: the screens of two runs at each marker (matched by name) and at the
 * end, compared pixel by pixel (pixelmatch) and as text. Both casts are replayed (the sample stage's scan
 * and capture), and both sides are drawn by the same Rasterizer with one theme and one layout, so a pixel
 * difference is a difference of the screens, never of the drawing. Text comparison is exact: the renderer
 * is deterministic.
 *
 * It hands the compare stage one ScreenDiff per screen, and `screens/<slug>-baseline.png`, `-current.png`
 * and (when pixels differ) `-diff.png` in the output directory, for the report to show side by side.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import pixelmatch from 'pixelmatch';
import type { CastSummary } from '../asciicast/cast-reader.js';
import { ConfigError, ExecutionError } from '../errors.js';
import type { LayoutOptions } from '../render/raster/layout.js';
import { snapshotText, type ScreenSnapshot } from '../render/screen.js';
import { loadTheme, recordingTheme } from '../render/theme.js';
import { captureCastStates, scanCast, userMarkers } from '../sample/cast-source.js';
import { candidateShownAt } from '../sample/frame-planner.js';
import { openSampleInput } from '../sample/index.js';
import { encodeRgbaPng, SnapshotPainter } from '../sample/snapshot-png.js';
import type { ScreenDiff } from './types.js';
import { padSnapshot, planScreenPairs, screenFails, type MarkerScreen, type ScreenPair } from './screen-diff-plan.js';
import { checkSetting, numberBetween } from '../settings.js';
import { resolveGateSettings } from './gate-settings.js';
import { writeFileAtomic } from '../files.js';

export { FINAL_SCREEN_NAME, planScreenPairs, screenFails, screenSlug, padSnapshot, type ScreenPair, type ScreenGate } from './screen-diff-plan.js';

/** SCREENS_DIR_NAME is the folder of the output directory that holds the screen images. */
export const SCREENS_DIR_NAME = 'screens';

/** ScreenDiffOptions controls how screens are compared and where their images go. */
export interface ScreenDiffOptions {
  /** A screen whose pixels differ in more than this many pixels fails. @default undefined (not checked) */
  maxDiffPixels?: number;
  /** A screen whose differing pixels are more than this share of it (0–1) fails. @default undefined (not checked) */
  maxDiffRatio?: number;
  /** pixelmatch's threshold (0–1): how different two pixels' colors must be to count; smaller is more sensitive. @default 0.1 */
  threshold?: number;
  /** A built-in theme name or an asciicast theme JSON file both sides are drawn with. @default the baseline cast's theme, else 'dracula' */
  theme?: string;
  /** Frame size and font of the images. @default the render stage's defaults (16 px font, 16 px padding) */
  layout?: LayoutOptions;
  /** The directory image paths in the result are relative to (the one that holds compare.json). @default the parent of `outDir` */
  relativeTo?: string;
  /** Aborting stops the work and rejects with InterruptedError. */
  signal?: AbortSignal;
}

/** A run's side of the comparison: its cast, what was read of it and the screens captured from it. */
interface RunScreens {
  castPath: string;
  summary: CastSummary;
  /** Screen states by name (marker names and FINAL_SCREEN_NAME). */
  states: Map<string, ScreenSnapshot>;
}

/** resolveCast finds the cast of a run directory or takes a cast path, with its summary; throws ConfigError for anything else. */
async function resolveCast(input: string, side: 'baseline' | 'current', signal: AbortSignal | undefined): Promise<{ castPath: string; summary: CastSummary }> {
  const opened = await openSampleInput(input, { signal });
  if (!('summary' in opened)) {
    throw new ConfigError(`${side} ${input} is a video: screens are compared from casts; give a run directory (with session.cast) or a .cast file`);
  }
  return { castPath: opened.source.path, summary: opened.summary };
}

/** captureRunScreens replays a cast twice: to find the state shown at each marker and the final one, then to copy just those. */
async function captureRunScreens(castPath: string, summary: CastSummary, screens: MarkerScreen[], signal: AbortSignal | undefined): Promise<RunScreens> {
  if (summary.outputBytes === 0) throw new ExecutionError(`${castPath} has no terminal output: there is no screen to compare (was the program started?)`);
  // The pool only has to keep the marker screens and the final one, which it always keeps; 2 is its least size.
  const scan = await scanCast(castPath, summary, { signal, candidateLimit: 2 });
  const final = scan.candidates.at(-1)!.ordinal;
  const ordinalByName = new Map<string, number>();
  for (const screen of screens) {
    ordinalByName.set(screen.name, screen.time === undefined ? final : scan.candidates[candidateShownAt(scan.candidates, screen.time)].ordinal);
  }
  const byOrdinal = new Map<number, ScreenSnapshot>();
  for await (const state of captureCastStates(castPath, summary, new Set(ordinalByName.values()), { signal })) byOrdinal.set(state.ordinal, state.snapshot);
  const states = new Map<string, ScreenSnapshot>();
  for (const [name, ordinal] of ordinalByName) {
    const snapshot = byOrdinal.get(ordinal);
    if (!snapshot) throw new ExecutionError(`${castPath}: the second replay did not find the screen "${name}"; was the file changed while comparing?`);
    states.set(name, snapshot);
  }
  return { castPath, summary, states };
}

/** clearOldScreens removes the PNGs of an earlier comparison, so no stale image survives a re-run. */
async function clearOldScreens(screensDir: string): Promise<void> {
  await mkdir(screensDir, { recursive: true });
  for (const name of await readdir(screensDir)) {
    if (name.toLowerCase().endsWith('.png')) await rm(join(screensDir, name), { force: true });
  }
}

/** textPatch is the unified diff of two screen texts, or undefined when they are the same. */
function textPatch(baseline: string, current: string): string | undefined {
  return baseline === current ? undefined : createTwoFilesPatch('baseline', 'current', baseline, current);
}

/** Context of one pair's comparison. */
interface PairContext {
  painter: SnapshotPainter;
  screensDir: string;
  /** Turns an absolute image path into the path written in the result. */
  link: (file: string) => string;
  options: ScreenDiffOptions;
}

/** diffPair draws one pair, writes its images and measures its pixel and text differences. */
async function diffPair(pair: ScreenPair, baseline: ScreenSnapshot | undefined, current: ScreenSnapshot | undefined, context: PairContext): Promise<ScreenDiff> {
  const { painter, screensDir, link, options } = context;
  const cols = Math.max(baseline?.cols ?? 0, current?.cols ?? 0);
  const rows = Math.max(baseline?.rows ?? 0, current?.rows ?? 0);
  const drawn = async (snapshot: ScreenSnapshot | undefined, side: 'baseline' | 'current') => {
    if (!snapshot) return undefined;
    const picture = await painter.draw(padSnapshot(snapshot, cols, rows));
    const file = join(screensDir, `${pair.slug}-${side}.png`);
    await writeFileAtomic(file, await encodeRgbaPng(picture.pixels, picture.width, picture.height));
    return { ...picture, file };
  };
  const before = await drawn(baseline, 'baseline');
  const after = await drawn(current, 'current');
  const { width, height } = (before ?? after)!;
  const result: ScreenDiff = {
    name: pair.name,
    baselineImage: before ? link(before.file) : '',
    currentImage: after ? link(after.file) : '',
    width,
    height,
    diffPixels: 0,
    diffRatio: 0,
    textChanged: false,
    failed: false,
  };
  const patch = textPatch(baseline ? snapshotText(baseline) : '', current ? snapshotText(current) : '');
  if (patch !== undefined) {
    result.textChanged = true;
    result.textDiff = patch;
  }
  if (!before || !after) {
    result.missingIn = before ? 'current' : 'baseline';
    return result;
  }
  if (baseline!.cols !== current!.cols || baseline!.rows !== current!.rows) {
    result.grids = { baseline: { cols: baseline!.cols, rows: baseline!.rows }, current: { cols: current!.cols, rows: current!.rows } };
  }
  const { count, pixels: diffPixelsOut } = pixelDifference(before.pixels, after.pixels, width, height, options.threshold);
  result.diffPixels = count;
  result.diffRatio = result.diffPixels / (width * height);
  if (result.diffPixels > 0) {
    const file = join(screensDir, `${pair.slug}-diff.png`);
    await writeFileAtomic(file, await encodeRgbaPng(diffPixelsOut, width, height));
    result.diffImage = link(file);
  }
  result.failed = screenFails(result.diffPixels, result.diffRatio, options);
  return result;
}

/**
 * pixelDifference compares two RGBA pictures of the same size pixel by pixel (pixelmatch): how many pixels
 * differ, and a picture of the difference (differing pixels in red over a faded copy). `threshold` (0–1) is
 * how different two colours must be to count. @default threshold 0.1
 */
export function pixelDifference(before: Uint8Array, after: Uint8Array, width: number, height: number, threshold = 0.1): { count: number; pixels: Buffer } {
  const pixels = Buffer.alloc(width * height * 4);
  const count = pixelmatch(before, after, pixels, width, height, { threshold });
  return { count, pixels };
}

/**
 * diffScreens compares the screens of two runs (run directories or cast files) at each marker, matched by
 * name, and at the end (`final screen`); it writes their images under `<outDir>/screens/` and returns one
 * ScreenDiff per screen, image paths relative to `relativeTo`. Throws ConfigError for a missing input, a
 * video or a bad option, ExecutionError for a cast without output, InterruptedError when aborted.
 */
export async function diffScreens(baseline: string, current: string, outDir: string, options: ScreenDiffOptions = {}): Promise<ScreenDiff[]> {
  resolveGateSettings({ maxDiffPixels: options.maxDiffPixels, maxDiffRatio: options.maxDiffRatio });
  if (options.threshold !== undefined) checkSetting(numberBetween(0, 1), options.threshold, 'threshold');
  const { signal } = options;
  const { castPath: baselineCast, summary: baselineSummary } = await resolveCast(baseline, 'baseline', signal);
  const { castPath: currentCast, summary: currentSummary } = await resolveCast(current, 'current', signal);
  const pairs = planScreenPairs(userMarkers(baselineSummary), userMarkers(currentSummary));
  const screensOf = (side: 'baseline' | 'current') => pairs.flatMap((pair) => (pair[side] ? [pair[side]] : []));
  const before = await captureRunScreens(baselineCast, baselineSummary, screensOf('baseline'), signal);
  const after = await captureRunScreens(currentCast, currentSummary, screensOf('current'), signal);

  const theme = options.theme ? loadTheme(options.theme) : recordingTheme(before.summary.header.theme, undefined);
  const outputDir = resolve(outDir);
  const screensDir = join(outputDir, SCREENS_DIR_NAME);
  await clearOldScreens(screensDir);
  const base = resolve(options.relativeTo ?? dirname(outputDir));
  const context: PairContext = {
    painter: new SnapshotPainter(theme, options.layout ?? {}),
    screensDir,
    link: (file) => relative(base, file).split(sep).join('/'),
    options,
  };
  const diffs: ScreenDiff[] = [];
  for (const pair of pairs) {
    const baselineState = pair.baseline && before.states.get(pair.baseline.name);
    const currentState = pair.current && after.states.get(pair.current.name);
    diffs.push(await diffPair(pair, baselineState, currentState, context));
  }
  return diffs;
}
