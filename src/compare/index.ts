/**
 * The compare stage: regression checks that gate releases. It loads a baseline and a current scorecard (or the
 * run directories holding them), optionally re-scores the baseline's frames with the current vision model when
 * another model scored them (rescore-baseline.ts, through the evaluate stage), decides the score verdicts
 * (verdicts.ts, pure), diffs the screens of two run directories (screen-diff.ts), optionally asks the vision
 * judge to compare the runs directly (pairwise.ts), and writes compare.json beside the current scorecard. It
 * hands the Comparison to the CLI, which prints it and exits 5 when the gate failed, and to the report, which
 * renders compare.json.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeJsonFile } from '../files.js';
import { CAST_FILE_NAME } from '../run-files.js';
import { loadScorecard } from '../score/index.js';
import { askPairwise, preparePairwise, type PairwiseOptions, type PreparedPairwise } from './pairwise.js';
import { prepareRescore, rescoreBaseline, type RescoreBaselineOptions, type RescoredBaseline } from './rescore-baseline.js';
import { diffScreens } from './screen-diff.js';
import { COMPARE_FILE_NAME, type Comparison, type PairwiseEstimate, type PairwiseVerdict, type RescoredBaselineRecord, type ScreenDiff } from './types.js';
import { resolveGateSettings, type GateSettings } from './gate-settings.js';
import { compareScorecards } from './verdicts.js';

export { compareScorecards } from './verdicts.js';
export { type Comparison, type ScoreComparison } from './types.js';
export { RESCORED_BASELINE_DIR_NAME, type RescoreBaselineOptions } from './rescore-baseline.js';


/** CompareOptions configures compare(): the gate settings, and where and how. */
export interface CompareOptions extends GateSettings {
  /** Ask the vision judge to compare the runs' frames directly, with these settings. @default undefined (no pairwise call) */
  pairwise?: PairwiseOptions;
  /**
   * When the baseline was scored by another judge or model than the current vision model, re-score the
   * baseline's frames with the current model (these are the connection settings) and compare with that.
   * @default undefined (the scores are compared as they are, with a warning when the models differ)
   */
  rescoreBaseline?: RescoreBaselineOptions;
  /** Directory of compare.json (and of the screen diff images). @default the current scorecard's directory */
  out?: string;
  /** Aborts the screen diffs and the pairwise calls. @default undefined */
  signal?: AbortSignal;
  /** Hears the estimate of the pairwise calls before they are sent (when the model's price is known). @default ignore */
  onPairwiseEstimate?: (estimate: PairwiseEstimate) => void;
}

/** CompareResult is what compare() wrote. */
export interface CompareResult {
  /** compare.json (absolute). */
  path: string;
  comparison: Comparison;
  /**
   * The error of a failed pairwise comparison. compare.json is written anyway, with a failure line and
   * `passed: false`; the CLI exits with this error's code (2 for a failed call) rather than 5.
   */
  pairwiseError?: Error;
  /** Lines about what was done that are not warnings: `--rescore-baseline` with nothing to re-score. */
  notes: string[];
}

/** pairwiseFailureLine is the failure line of a pairwise verdict, or undefined when it does not fail. */
export function pairwiseFailureLine(verdict: PairwiseVerdict): string | undefined {
  return verdict.currentWorse ? 'pairwise: the judge preferred the baseline in both orders (baseline shown first and current shown first)' : undefined;
}

/** screenFailureLine is the failure line of a screen that exceeds the diff limits. */
export function screenFailureLine(screen: ScreenDiff): string {
  return `screen "${screen.name}" changed: ${screen.diffPixels} pixels differ (${(screen.diffRatio * 100).toFixed(2)}%)`;
}

/** runDirectoryOf returns the directory of a loaded scorecard when it is a run directory with a recording. */
function runDirectoryOf(scorecardPath: string): string | undefined {
  const directory = dirname(scorecardPath);
  return existsSync(join(directory, CAST_FILE_NAME)) ? directory : undefined;
}

/**
 * compare compares `current` with `baseline` (each a run directory or a scorecard.json) and writes compare.json.
 * It does not throw for a failed gate: `comparison.passed` says so. Throws a ConfigError for a missing or
 * invalid scorecard, for bad thresholds, for a baseline that cannot be re-scored (its frames or the current
 * run's evaluation.json missing), for a vision model whose shutdown date has come, and for pairwise settings
 * that cannot work or cost more than `maxCost` (checked before anything is diffed, sent or written); a
 * re-scoring above `maxCost` is refused by the evaluate stage before its first call. A re-scoring that fails
 * throws its error (nothing is compared); an error of the screen diff is thrown too (nothing is written).
 */
export async function compare(baseline: string, current: string, options: CompareOptions = {}): Promise<CompareResult> {
  const settings = resolveGateSettings(options);
  const [given, after] = await Promise.all([loadScorecard(baseline), loadScorecard(current)]);
  const outDir = resolve(options.out ?? dirname(after.path));
  // Everything that can refuse (thresholds, a re-scoring's inputs, key and model lifecycle, the pairwise
  // settings and cost) is checked before any request is sent or anything is written.
  compareScorecards(given.scorecard, after.scorecard, settings);
  const rescore = options.rescoreBaseline && (await prepareRescore(given, after, outDir, options.rescoreBaseline));
  const preparedPairwise: PreparedPairwise | undefined = options.pairwise && (await preparePairwise(given, after, options.pairwise));
  if (preparedPairwise?.estimate) options.onPairwiseEstimate?.(preparedPairwise.estimate);
  await mkdir(outDir, { recursive: true });
  const notes = rescore && 'note' in rescore ? [rescore.note] : [];
  const rescored = rescore && !('note' in rescore) ? await rescoreBaseline(rescore) : undefined;
  // The gate's verdicts compare the current run with the re-scored baseline when there is one.
  const before = rescored ?? given;
  const gate = compareScorecards(before.scorecard, after.scorecard, settings);
  const failures = [...gate.failures];

  const baselineRun = runDirectoryOf(given.path);
  const currentRun = runDirectoryOf(after.path);
  let screens: ScreenDiff[] = [];
  if (baselineRun && currentRun) {
    // Image paths in compare.json are relative to its own directory.
    screens = await diffScreens(baselineRun, currentRun, outDir, { maxDiffPixels: settings.maxDiffPixels, maxDiffRatio: settings.maxDiffRatio, relativeTo: outDir, signal: options.signal });
    failures.push(...screens.filter((screen) => screen.failed).map(screenFailureLine));
  }

  let pairwise: PairwiseVerdict | undefined;
  let pairwiseError: Error | undefined;
  if (options.pairwise && preparedPairwise) {
    try {
      pairwise = await askPairwise(preparedPairwise, options.pairwise.signal ?? options.signal);
      const line = pairwiseFailureLine(pairwise);
      if (line) failures.push(line);
    } catch (error) {
      pairwiseError = error instanceof Error ? error : new Error(String(error));
      failures.push(`pairwise comparison failed: ${pairwiseError.message}`);
    }
  }

  const comparison: Comparison = {
    version: 1,
    createdAt: new Date().toISOString(),
    baseline: { path: given.path, createdAt: given.scorecard.createdAt, model: given.scorecard.judge.model, ...(rescored ? { rescored: rescoredRecord(rescored) } : {}) },
    current: { path: after.path, createdAt: after.scorecard.createdAt, model: after.scorecard.judge.model },
    settings: {
      maxDrop: settings.maxDrop,
      ...(settings.minScore === undefined ? {} : { minScore: settings.minScore }),
      ...(settings.minCriterionScores && Object.keys(settings.minCriterionScores).length > 0 ? { minCriterionScores: { ...settings.minCriterionScores } } : {}),
      ...(settings.maxDiffPixels === undefined ? {} : { maxDiffPixels: settings.maxDiffPixels }),
      ...(settings.maxDiffRatio === undefined ? {} : { maxDiffRatio: settings.maxDiffRatio }),
      pairwise: options.pairwise !== undefined,
      ...(options.rescoreBaseline ? { rescoreBaseline: true } : {}),
    },
    overall: gate.overall,
    criteria: gate.criteria,
    newCriticalIssues: gate.newCriticalIssues,
    screens,
    ...(pairwise ? { pairwise } : {}),
    passed: failures.length === 0,
    failures,
    warnings: [...gate.warnings, ...(preparedPairwise?.warnings ?? [])],
  };
  const path = join(outDir, COMPARE_FILE_NAME);
  await writeJsonFile(path, comparison);
  return { path, comparison, notes, ...(pairwiseError ? { pairwiseError } : {}) };
}

/** rescoredRecord is what compare.json keeps of a re-scored baseline. */
function rescoredRecord(rescored: RescoredBaseline): RescoredBaselineRecord {
  const { totals } = rescored.evaluation.document;
  return { path: rescored.path, createdAt: rescored.scorecard.createdAt, model: rescored.scorecard.judge.model, calls: totals.calls, fromCache: totals.fromCache, costUsd: totals.costUsd };
}
