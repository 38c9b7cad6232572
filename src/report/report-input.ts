/**
 * What the report renderers draw from: the scorecard, the comparison when there is one, and the images
 * already loaded as data URLs, so rendering is a pure function of data (no file system, no network).
 */
import type { Comparison } from '../compare/types.js';
import type { Scorecard } from '../score/types.js';

/** ReportFormat names one output of `termaudit report`. */
export type ReportFormat = 'html' | 'md' | 'junit';

/** reportFormats lists the formats in the order they are written. */
export const reportFormats: readonly ReportFormat[] = ['html', 'md', 'junit'];

/** reportFileNames maps each format to its file name beside the scorecard (or in `-o`). */
export const reportFileNames = { html: 'report.html', md: 'scorecard.md', junit: 'junit.xml' } as const satisfies Record<ReportFormat, string>;

/** FrameImages are one frame's PNG as data URLs: a small thumbnail for the filmstrip and the full-size image. */
export interface FrameImages {
  thumbnail: string;
  full: string;
}

/** ReportComparison is a compare.json with its images (keyed by the paths written in it) as data URLs. */
export interface ReportComparison {
  comparison: Comparison;
  /** Data URL per image path as written in compare.json (baselineImage, currentImage, diffImage). */
  images: Record<string, string>;
  /** compare.json's directory relative to the report's directory (`''` when the same; ends with `/` otherwise), for links in Markdown. */
  href: string;
}

/** ReportInput is everything one report is drawn from. */
export interface ReportInput {
  scorecard: Scorecard;
  /** The frames' images by frame number; a frame without images is shown by its label and text only. */
  frameImages: Record<number, FrameImages>;
  /** The scorecard's directory relative to the report's directory (`''` when the same; ends with `/` otherwise), for relative links. */
  scorecardHref: string;
  /** The video's path relative to the report (recording.mp4 beside the scorecard), when there is one. */
  videoHref?: string;
  comparison?: ReportComparison;
  /** Criteria scoring below this fail in junit.xml and are flagged in the reports. */
  minScore?: number;
}

/** HistoryRun is one audit in a trend: its scorecard, when it ran, and its report's link. */
export interface HistoryRun {
  scorecard: Scorecard;
  /** When the run was recorded (run.recordedAt), else when the scorecard was made (ISO 8601). */
  at: string;
  /** The scorecard's directory relative to history.html, for display. */
  dir: string;
  /** report.html of that run relative to history.html, when it exists. */
  reportHref?: string;
}

/** HistoryInput is everything history.html is drawn from, runs in time order. */
export interface HistoryInput {
  runs: HistoryRun[];
  /** The directory that was searched, for the heading. */
  title: string;
}
