/**
 * Loading what a report embeds: the frames' PNGs (a downscaled thumbnail for the filmstrip plus the
 * full-size PNG once for the enlarged view) and compare.json with its screen images, as data URLs.
 * Missing images are reported as warnings: the report still renders, showing the path instead.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { readInputJson, writeFileAtomic } from '../files.js';
import { dirname, join, relative, resolve, sep } from 'node:path';
import sharp from 'sharp';
import type { Comparison } from '../compare/types.js';
import { ConfigError } from '../errors.js';
import type { Scorecard, ScorecardFrame } from '../score/types.js';
import { differenceFigure, makeFigure, markedUpPng, type Figure } from './evidence-figures.js';
import { beforeAfterPlans, issueFocus, topIssues } from './report-plan.js';
import type { BeforeAfterView, FigureView, FrameImages, ReportFigures } from './report-input.js';

/** THUMBNAIL_WIDTH is the filmstrip thumbnails' width in pixels (shown at 10rem, sharp on 2× screens). */
export const THUMBNAIL_WIDTH = 320;

/** pngDataUrl encodes PNG bytes as a data URL. */
export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/**
 * makeThumbnail downscales a PNG to `width` (never up), as a palette PNG: terminal screens have few colours.
 * The quickest quantization (effort 1) at zlib level 6 takes half the time of the defaults and, on terminal
 * screens, gives files no larger (measured on the demo's 12 frames: 300 ms against 656 ms, 199 KB against 221 KB).
 */
export async function makeThumbnail(png: Buffer, width = THUMBNAIL_WIDTH): Promise<Buffer> {
  return sharp(png).resize({ width, withoutEnlargement: true }).png({ palette: true, effort: 1, compressionLevel: 6 }).toBuffer();
}

/** loadFrameImages reads every frame's PNG (paths relative to the scorecard's directory) into data URLs. */
export async function loadFrameImages(scorecard: Scorecard, scorecardDir: string, onWarning: (message: string) => void): Promise<Record<number, FrameImages>> {
  const images: Record<number, FrameImages> = {};
  for (const frame of scorecard.frames) {
    const path = resolve(scorecardDir, frame.file);
    const png = await readFile(path).catch(() => undefined);
    if (!png) {
      onWarning(`frame ${frame.number}: ${path} is missing; the report shows its label only`);
      continue;
    }
    const thumbnail = await makeThumbnail(png).catch(() => undefined);
    if (!thumbnail) {
      onWarning(`frame ${frame.number}: ${path} is not a readable PNG; the report shows its label only`);
      continue;
    }
    images[frame.number] = { thumbnail: pngDataUrl(thumbnail), full: pngDataUrl(png) };
  }
  return images;
}

/** readComparison reads compare.json, checking the fields the reports use; undefined when the file does not exist. */
export async function readComparison(path: string): Promise<Comparison | undefined> {
  const value = await readInputJson(path, { what: 'the comparison', hint: '; rerun termaudit compare or delete it' });
  if (value === undefined) return undefined;
  const comparison = value as Partial<Comparison> | null;
  const valid =
    typeof comparison === 'object' &&
    comparison !== null &&
    comparison.version === 1 &&
    typeof comparison.overall === 'object' &&
    Array.isArray(comparison.criteria) &&
    Array.isArray(comparison.screens) &&
    Array.isArray(comparison.failures) &&
    Array.isArray(comparison.newCriticalIssues) &&
    typeof comparison.passed === 'boolean';
  if (!valid) throw new ConfigError(`${path}: not a termaudit comparison (version 1); rerun termaudit compare or delete it`);
  return comparison as Comparison;
}

/** loadComparisonImages reads the screen images of a comparison (paths relative to compare.json's directory) into data URLs. */
export async function loadComparisonImages(comparison: Comparison, comparePath: string, onWarning: (message: string) => void): Promise<Record<string, string>> {
  const images: Record<string, string> = {};
  const directory = dirname(comparePath);
  for (const screen of comparison.screens) {
    // Identical screens are not drawn, so their images are not embedded.
    if (screen.diffPixels === 0 && !screen.textChanged) continue;
    for (const image of [screen.baselineImage, screen.currentImage, screen.diffImage]) {
      if (!image || images[image]) continue;
      const png = await readFile(resolve(directory, image)).catch(() => undefined);
      if (png) images[image] = pngDataUrl(png);
      else onWarning(`screen ${screen.name}: ${resolve(directory, image)} is missing`);
    }
  }
  return images;
}

/** FigureSource is where a report finds one scorecard's frames: the scorecard and its directory. */
interface FigureSource {
  scorecard: Scorecard;
  dir: string;
}

/** FigureOutput says how figures are kept: as data URLs (HTML) and/or as marked-up PNG files under `dir` (Markdown), named relative to `relativeTo`. */
export interface FigureOutput {
  dataUrls: boolean;
  files?: { dir: string; relativeTo: string };
}

/**
 * readFramePng reads one frame's PNG, or undefined when it is missing: a missing current frame is already
 * reported by loadFrameImages, and a missing baseline frame is said in its before-and-after view.
 */
async function readFramePng(source: FigureSource, number: number): Promise<{ frame: ScorecardFrame; png: Buffer } | undefined> {
  const frame = source.scorecard.frames.find((candidate) => candidate.number === number);
  if (!frame) return undefined;
  const path = resolve(source.dir, frame.file);
  const png = await readFile(path).catch(() => undefined);
  return png ? { frame, png } : undefined;
}

/**
 * loadReportFigures crops the pictures the top of a report shows: where each top issue shows (boxes on
 * it), and for each criterion that dropped against the baseline the baseline's evidence, the current one
 * (the same part of the screen when both screens have one size) and their pixel difference. With
 * `output.files`, each figure is also written as a marked-up PNG for the Markdown report (the directory is
 * replaced whole, so no stale figure survives).
 */
export async function loadReportFigures(
  current: FigureSource,
  baseline: FigureSource | undefined,
  comparison: Comparison | undefined,
  output: FigureOutput,
): Promise<ReportFigures> {
  const files = output.files;
  if (files) await rm(files.dir, { recursive: true, force: true });
  const keep = async (figure: Figure, name: string): Promise<FigureView> => {
    const view: FigureView = { frame: figure.frame, width: figure.width, height: figure.height, boxes: figure.boxes, whole: figure.whole, ...(figure.mark ? { mark: figure.mark } : {}) };
    if (output.dataUrls) view.src = pngDataUrl(figure.png);
    if (files) view.href = await writeFigure(files, name, await markedUpPng(figure));
    return view;
  };
  const issues: Record<number, FigureView> = {};
  for (const [index, issue] of topIssues(current.scorecard).entries()) {
    const focus = issueFocus(issue);
    if (!focus) continue;
    const read = await readFramePng(current, focus.frame);
    if (!read) continue;
    issues[index] = await keep(await makeFigure(read.png, read.frame, focus), `issue-${index + 1}.png`);
  }
  const beforeAfter: BeforeAfterView[] = [];
  for (const plan of beforeAfterPlans(current.scorecard, baseline?.scorecard, comparison)) {
    const view: BeforeAfterView = { plan };
    const now = plan.current && (await readFramePng(current, plan.current.frame));
    const nowFigure = now ? await makeFigure(now.png, now.frame, plan.current!) : undefined;
    if (nowFigure) view.current = await keep(nowFigure, `${plan.id}-now.png`);
    const then = plan.baseline && baseline && (await readFramePng(baseline, plan.baseline.frame));
    if (then) {
      // The same part of the screen as now, when the screens are the same size: the two crops compare pixel for pixel.
      const sameSize = nowFigure && then.frame.width === now!.frame.width && then.frame.height === now!.frame.height;
      const thenFigure = await makeFigure(then.png, then.frame, plan.baseline!, sameSize ? { crop: nowFigure.crop } : {});
      view.baseline = await keep(thenFigure, `${plan.id}-baseline.png`);
      view.baselineTime = then.frame.time;
      const difference = nowFigure && sameSize ? await differenceFigure(thenFigure, nowFigure) : undefined;
      if (difference) {
        view.diff = { width: thenFigure.width, height: thenFigure.height, count: difference.count, ratio: difference.ratio };
        if (output.dataUrls) view.diff.src = pngDataUrl(difference.png);
        if (files) view.diff.href = await writeFigure(files, `${plan.id}-difference.png`, difference.png);
      } else if (nowFigure) view.note = 'The two screens differ in size, so no pixel difference is drawn.';
    } else view.note = baseline ? "The baseline's frames could not be read, so only the current evidence is shown." : "The baseline's scorecard could not be read, so only the current evidence is shown.";
    beforeAfter.push(view);
  }
  return { issues, beforeAfter };
}

/** writeFigure writes one figure under the figures directory and returns its path relative to the report, as a URL path. */
async function writeFigure(files: { dir: string; relativeTo: string }, name: string, png: Buffer): Promise<string> {
  await mkdir(files.dir, { recursive: true });
  const path = join(files.dir, name);
  await writeFileAtomic(path, png);
  return relative(files.relativeTo, path).split(sep).join('/');
}
