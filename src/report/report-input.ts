/**
 * What the report renderers draw from: the scorecard, the comparison when there is one, and the images
 * already loaded as data URLs, so rendering is a pure function of data (no file system, no network).
 */
import type { Comparison } from '../compare/types.js';
import type { Scorecard } from '../score/types.js';
import type { PixelBox } from './evidence-figures.js';
import type { BeforeAfterPlan, ReportGate } from './report-plan.js';
import type { Timeline } from './timeline.js';

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

/**
 * FigureView is a crop of a frame to show, with the boxes to draw over it (in the crop's pixels): `src` is
 * the crop as a data URL (HTML), `href` the marked-up crop's file relative to the report (Markdown).
 */
export interface FigureView {
  frame: number;
  width: number;
  height: number;
  boxes: PixelBox[];
  mark?: string;
  /** The crop is the whole frame. */
  whole: boolean;
  src?: string;
  href?: string;
}

/** BeforeAfterView is one dropped criterion's evidence in the baseline and now, and their difference when comparable. */
export interface BeforeAfterView {
  plan: BeforeAfterPlan;
  baseline?: FigureView;
  /** When the baseline's frame was shown (seconds since its recording started). */
  baselineTime?: number;
  current?: FigureView;
  /** The pixel difference of the two crops, when they show the same part of same-sized screens. */
  diff?: { src?: string; href?: string; width: number; height: number; count: number; ratio: number };
  /** Why a view is missing (the baseline's frames were not found, …). */
  note?: string;
}

/** ReportFigures are the pictures the top of a report shows: one per top issue (by index in scorecard.issues) and the before-and-after views. */
export interface ReportFigures {
  issues: Record<number, FigureView>;
  beforeAfter: BeforeAfterView[];
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
  /** The quality gate the scenario ran under (a pipeline's), for the verdict. */
  gate?: ReportGate;
  /** The crops of the top issues and the before-and-after views. */
  figures?: ReportFigures;
  /** The recording's timeline (output, screen changes, problem spans, keys), when the input was a cast. */
  timeline?: Timeline;
  /** The video's first picture (the last sampled frame, as a data URL), so it does not open on black. */
  videoPoster?: string;
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
