/**
 * The result of comparing a current scorecard with a baseline (`termaudit compare`): per criterion and
 * overall, the scores, the delta and a verdict; new critical issues; the visual diff of the screens at
 * each marker; and, with `--pairwise`, the vision judge's direct comparison. `compare.json` holds one.
 */
export { COMPARE_FILE_NAME } from '../run-files.js';


/**
 * Verdict on one score: `improved`/`unchanged`/`dropped` by the delta against `--max-drop`;
 * `within-noise` for a drop larger than max-drop but not larger than the noise of either side (its sample
 * spread, or the judge's estimate of how far the score moves between recordings);
 * `below-min` under `--min-score`; `added`/`removed` when only one side has a score; `not-assessed` when neither has;
 * `not-applicable` when the criterion does not apply on either side (never a failure).
 */
export type ScoreVerdict = 'improved' | 'unchanged' | 'within-noise' | 'dropped' | 'below-min' | 'added' | 'removed' | 'not-assessed' | 'not-applicable';

/** ScoreComparison compares one score (a criterion, or the overall score). */
export interface ScoreComparison {
  /** Criterion id, or `overall`. */
  id: string;
  title: string;
  baseline: number | null;
  current: number | null;
  /** current − baseline, or null when either is missing. */
  delta: number | null;
  /** The noise allowance: the largest sample spread or noise estimate of the two sides (see criterionNoise). */
  noise: number;
  verdict: ScoreVerdict;
  /** True when this verdict fails the gate (dropped, below-min). */
  failed: boolean;
}

/** ScreenDiff compares the screen at one marker (or one sampled frame) of two runs. */
export interface ScreenDiff {
  /** Marker name, or `frame N` when the runs have no markers. */
  name: string;
  baselineImage: string;
  currentImage: string;
  /** The pixelmatch diff image (PNG), relative to compare.json's directory; absent when identical. */
  diffImage?: string;
  width: number;
  height: number;
  diffPixels: number;
  /** diffPixels / (width × height). */
  diffRatio: number;
  /** The screen text differs (exact comparison: the renderer is deterministic). */
  textChanged: boolean;
  /** Unified diff of the screen text, when it changed. */
  textDiff?: string;
  /** True when this screen exceeds --max-diff-pixels or --max-diff-ratio. */
  failed: boolean;
  /**
   * The run that has no marker of this name: the screen exists on the other side only, this side's image
   * is `''`, diffPixels is 0, the text diff shows the whole screen added or removed, and it never fails.
   */
  missingIn?: 'baseline' | 'current';
  /** The two terminal sizes, when they differ at this screen: both sides are then drawn on the larger grid. */
  grids?: { baseline: { cols: number; rows: number }; current: { cols: number; rows: number } };
}

/** PairwiseEstimate is what the pairwise calls were expected to cost before they were sent (US dollars). */
export interface PairwiseEstimate {
  costUsd: number;
  calls: number;
  /** Frames each call shows (both runs'); absent in compare.json files written before frames were capped. */
  frames?: number;
  /** Frames the two scorecards list, of which `frames` were shown. */
  framesListed?: number;
}

/** PairwiseVerdict is the vision judge's direct comparison of the two runs' frames, in both orders. */
export interface PairwiseVerdict {
  /** Which run the judge preferred with the baseline shown first, and with the current shown first. */
  baselineFirst: 'baseline' | 'current' | 'tie';
  currentFirst: 'baseline' | 'current' | 'tie';
  /** Both orders agree the current run is worse. */
  currentWorse: boolean;
  rationale: string;
  /** What the two calls cost, at the model's price (0 when no price is known). */
  costUsd: number;
  /** The estimate made before the calls, when the model's price is known. */
  estimate?: PairwiseEstimate;
}

/**
 * RescoredBaselineRecord is the baseline re-scored with the current model (`--rescore-baseline`): where its
 * scorecard is, its model, and what the re-scoring cost.
 */
export interface RescoredBaselineRecord {
  /** The re-scored scorecard.json (absolute), in `rescored-baseline/` of compare.json's directory. */
  path: string;
  createdAt: string;
  model: string;
  calls: number;
  fromCache: number;
  costUsd: number;
}

/** Comparison is the content of compare.json. */
export interface Comparison {
  version: 1;
  createdAt: string;
  /** The baseline as given; with `rescored`, its scores in this comparison are the re-scored ones. */
  baseline: { path: string; createdAt: string; model: string; rescored?: RescoredBaselineRecord };
  current: { path: string; createdAt: string; model: string };
  settings: { maxDrop: number; minScore?: number; minCriterionScores?: Record<string, number>; maxDiffPixels?: number; maxDiffRatio?: number; pairwise: boolean; rescoreBaseline?: boolean };
  overall: ScoreComparison;
  criteria: ScoreComparison[];
  /** Critical issues in the current scorecard that the baseline does not have (matched by title). */
  newCriticalIssues: { title: string; frames: number[]; recommendation: string }[];
  screens: ScreenDiff[];
  pairwise?: PairwiseVerdict;
  /** The gate passed (exit 0) or failed (exit 5). */
  passed: boolean;
  /** One line per reason the gate failed. */
  failures: string[];
  /** Lines that qualify the result without failing it, e.g. scorecards from different models (added for compare). */
  warnings?: string[];
}
