/**
 * Loading what a report embeds: the frames' PNGs (a downscaled thumbnail for the filmstrip plus the
 * full-size PNG once for the enlarged view) and compare.json with its screen images, as data URLs.
 * Missing images are reported as warnings: the report still renders, showing the path instead.
 */
import { readFile } from 'node:fs/promises';
import { readInputJson } from '../files.js';
import { dirname, resolve } from 'node:path';
import sharp from 'sharp';
import type { Comparison } from '../compare/types.js';
import { ConfigError } from '../errors.js';
import type { Scorecard } from '../score/types.js';
import type { FrameImages } from './report-input.js';

/** THUMBNAIL_WIDTH is the filmstrip thumbnails' width in pixels (shown at 10rem, sharp on 2× screens). */
export const THUMBNAIL_WIDTH = 320;

/** pngDataUrl encodes PNG bytes as a data URL. */
export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** makeThumbnail downscales a PNG to `width` (never up), as a palette PNG: terminal screens have few colours. */
export async function makeThumbnail(png: Buffer, width = THUMBNAIL_WIDTH): Promise<Buffer> {
  return sharp(png).resize({ width, withoutEnlargement: true }).png({ palette: true, compressionLevel: 9 }).toBuffer();
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
