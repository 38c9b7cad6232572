/**
 * The pure half of `termaudit calibrate`: given the calibration manifest and the scorecards the judge wrote
 * for its recordings, decide for each defect whether the judge caught it (the labelled criterion dropped
 * beyond the noise, and compare, with its default gate, exits 5 naming it), whether the evidence points at
 * the defect, which other criteria dropped, and for each healthy repeat whether compare raised a false
 * alarm. No files, no network: index.ts runs the judge and writes the results.
 */
import { compareScorecards, criterionNoise, SCORE_EPSILON } from '../compare/verdicts.js';
import type { ScoreVerdict } from '../compare/types.js';
import type { Scorecard } from '../score/types.js';
import type { CalibrationEntry, CalibrationRegion } from './manifest.js';

/** DEFAULT_MIN_RECALL is the share of defects a judge must catch with the right criterion (`--min-recall`). */
export const DEFAULT_MIN_RECALL = 0.9;

/**
 * CRITICAL_OVERALL_DROP is how far a critical defect (manifest `severity: critical`) must drop the overall
 * score: a designer reading the headline must see it.
 */
export const CRITICAL_OVERALL_DROP = 1;

/** EVIDENCE_TIME_SLACK is how far (seconds) an evidence frame may sit outside a defect's time range and still point at it: frames are samples. */
export const EVIDENCE_TIME_SLACK = 0.5;

/** DefectResult is what the judge made of one defect. */
export interface DefectResult {
  id: string;
  kind: CalibrationEntry['kind'];
  defect: string;
  criterion: string;
  baseline: string;
  /** The labelled criterion's score on the healthy recording and on the defective one (null: not scored or not applicable). */
  healthy: number | null;
  defective: number | null;
  /** The judge's noise for this criterion: the larger sample spread or noise estimate of the two scorecards (what compare allows). */
  noise: number;
  /** The labelled criterion fell by more than the noise. */
  droppedBeyondNoise: boolean;
  /** compare's verdict for the labelled criterion (default gate settings). */
  verdict: ScoreVerdict | 'missing';
  /** compare fails (exit 5) on this pair. */
  compareFails: boolean;
  /** compare fails and names the labelled criterion among its failures: the defect is caught with the right criterion. */
  caught: boolean;
  /** Other criteria compare says dropped (wrong-criterion flags). */
  wrongCriteria: string[];
  /** The defect's severity from the manifest (`major` when unlabelled). */
  severity: 'critical' | 'major';
  /**
   * The overall score, healthy → defective, and for a critical defect whether it dropped by at least
   * CRITICAL_OVERALL_DROP (null for a major one: the overall may hide it).
   */
  overall: { healthy: number | null; defective: number | null; dropsEnough: boolean | null };
  /** The evidence frames the judge cited for the labelled criterion, and whether they point at the defect. */
  evidence: { frames: Array<{ number: number; time: number }>; hitsTime: boolean; hitsRegion: boolean | null };
}

/** FalseAlarmResult is one healthy recording (or re-evaluation) compared with its baseline. */
export interface FalseAlarmResult {
  /** The run compared, e.g. `demo-healthy-2` or `demo-healthy#2` (the 2nd evaluation of the same cast). */
  run: string;
  baseline: string;
  /** compare failed, or the overall of the healthy run was capped by a criterion at a critical level: a false alarm. */
  falseAlarm: boolean;
  failures: string[];
}

/** JudgeSummary is the judge's record over the set. */
export interface JudgeSummary {
  judge: string;
  model: string;
  caught: number;
  defects: number;
  /** caught / defects (1 when there is no defect). */
  recall: number;
  /** Defects whose evidence hits their time range (and region, when labelled). */
  evidenceHits: number;
  wrongCriterionFlags: number;
  /** Critical defects, and those among them that dropped the overall by at least CRITICAL_OVERALL_DROP. */
  criticalDefects: number;
  criticalOverallDrops: number;
  falseAlarms: number;
  healthyComparisons: number;
  costUsd: number;
  minRecall: number;
  /** recall ≥ minRecall, every critical defect drops the overall enough, and no false alarm. */
  passed: boolean;
}

/** quoteCells finds where a quote sits on a frame's screen text: the 0-based row and column of each occurrence. */
export function quoteCells(frameText: string, quote: string): Array<{ row: number; col: number; length: number }> {
  const found: Array<{ row: number; col: number; length: number }> = [];
  const needle = quote.trim();
  if (needle === '') return found;
  frameText.split('\n').forEach((line, row) => {
    for (let col = line.indexOf(needle); col !== -1; col = line.indexOf(needle, col + 1)) found.push({ row, col, length: [...needle].length });
  });
  return found;
}

/** overlaps tells whether a run of cells on one row overlaps a region. */
function overlaps(cell: { row: number; col: number; length: number }, region: CalibrationRegion): boolean {
  return cell.row >= region.row && cell.row < region.row + region.rows && cell.col < region.col + region.cols && cell.col + cell.length > region.col;
}

/** assessEvidence checks the labelled criterion's evidence of the defective scorecard against the defect's time range and region. */
export function assessEvidence(entry: CalibrationEntry, scorecard: Scorecard): DefectResult['evidence'] {
  const criterion = scorecard.criteria.find((item) => item.id === entry.criterion);
  const frames = new Map(scorecard.frames.map((frame) => [frame.number, frame]));
  const cited = (criterion?.evidence ?? []).filter((item) => frames.has(item.frame));
  const [start, end] = entry.time ?? [0, Infinity];
  const inTime = cited.filter((item) => {
    const time = frames.get(item.frame)!.time;
    return time >= start - EVIDENCE_TIME_SLACK && time <= end + EVIDENCE_TIME_SLACK;
  });
  const region = entry.region;
  const hitsRegion = region ? inTime.some((item) => quoteCells(frames.get(item.frame)!.text ?? '', item.quote).some((cell) => overlaps(cell, region))) : null;
  const numbers = [...new Set(cited.map((item) => item.frame))].sort((a, b) => a - b);
  return { frames: numbers.map((number) => ({ number, time: frames.get(number)!.time })), hitsTime: inTime.length > 0, hitsRegion };
}

/** assessDefect compares a defect's scorecard with its healthy baseline's (compare's default gate) and reads the labelled criterion. */
export function assessDefect(entry: CalibrationEntry, healthy: Scorecard, defective: Scorecard): DefectResult {
  const gate = compareScorecards(healthy, defective);
  const labelled = gate.criteria.find((item) => item.id === entry.criterion);
  const before = healthy.criteria.find((item) => item.id === entry.criterion);
  const after = defective.criteria.find((item) => item.id === entry.criterion);
  const noise = Math.max(before ? criterionNoise(before) : 0, after ? criterionNoise(after) : 0);
  const healthyScore = before?.applicable === false ? null : (before?.score ?? null);
  const defectiveScore = after?.applicable === false ? null : (after?.score ?? null);
  const delta = healthyScore !== null && defectiveScore !== null ? defectiveScore - healthyScore : null;
  return {
    id: entry.id,
    kind: entry.kind,
    defect: entry.defect!,
    criterion: entry.criterion!,
    baseline: entry.baseline!,
    healthy: healthyScore,
    defective: defectiveScore,
    noise,
    droppedBeyondNoise: delta !== null && delta < 0 && -delta > noise + SCORE_EPSILON,
    verdict: labelled?.verdict ?? 'missing',
    compareFails: !gate.passed,
    caught: !gate.passed && labelled?.failed === true,
    wrongCriteria: gate.criteria.filter((item) => item.id !== entry.criterion && item.verdict === 'dropped').map((item) => item.id),
    severity: entry.severity ?? 'major',
    overall: { healthy: healthy.overall.score, defective: defective.overall.score, dropsEnough: entry.severity === 'critical' ? overallDropsEnough(healthy.overall.score, defective.overall.score) : null },
    evidence: assessEvidence(entry, defective),
  };
}

/** overallDropsEnough tells whether the overall fell by at least CRITICAL_OVERALL_DROP (a missing score never does). */
function overallDropsEnough(healthy: number | null, defective: number | null): boolean {
  return healthy !== null && defective !== null && healthy - defective >= CRITICAL_OVERALL_DROP - SCORE_EPSILON;
}

/** assessFalseAlarm compares a healthy run with its baseline: any failure of compare is a false alarm. */
export function assessFalseAlarm(run: string, baselineId: string, baseline: Scorecard, current: Scorecard): FalseAlarmResult {
  const gate = compareScorecards(baseline, current);
  const failures = [...gate.failures, ...cappedHealthy(baselineId, baseline), ...cappedHealthy(run, current)];
  return { run, baseline: baselineId, falseAlarm: failures.length > 0, failures };
}

/**
 * cappedHealthy names a healthy run whose overall a criterion capped: a healthy display has no criterion at a
 * critical level, so the cap must leave its overall at the mean (healthy runs keep their scores).
 */
function cappedHealthy(run: string, scorecard: Scorecard): string[] {
  const { cappedBy, mean, score } = scorecard.overall;
  return cappedBy ? [`${run}: overall capped at ${score} by ${cappedBy} (mean ${mean})`] : [];
}

/** evidenceHits tells whether a defect's evidence hits its time range and, when labelled, its region. */
export function evidenceHits(result: DefectResult): boolean {
  return result.evidence.hitsTime && result.evidence.hitsRegion !== false;
}

/** summarizeJudge totals the results into the judge's record and decides pass or fail. */
export function summarizeJudge(
  judge: { name: string; model: string },
  defects: readonly DefectResult[],
  falseAlarms: readonly FalseAlarmResult[],
  costUsd: number,
  minRecall: number = DEFAULT_MIN_RECALL,
): JudgeSummary {
  const caught = defects.filter((result) => result.caught).length;
  const recall = defects.length === 0 ? 1 : caught / defects.length;
  const alarms = falseAlarms.filter((result) => result.falseAlarm).length;
  const critical = defects.filter((result) => result.severity === 'critical');
  const criticalOverallDrops = critical.filter((result) => result.overall.dropsEnough === true).length;
  return {
    judge: judge.name,
    model: judge.model,
    caught,
    defects: defects.length,
    recall,
    evidenceHits: defects.filter(evidenceHits).length,
    wrongCriterionFlags: defects.reduce((total, result) => total + result.wrongCriteria.length, 0),
    criticalDefects: critical.length,
    criticalOverallDrops,
    falseAlarms: alarms,
    healthyComparisons: falseAlarms.length,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    minRecall,
    passed: recall >= minRecall - SCORE_EPSILON && criticalOverallDrops === critical.length && alarms === 0,
  };
}

/** CalibrationDocument is calibration.json: the judge's summary, each defect's result and each healthy repeat's. */
export interface CalibrationDocument {
  version: 1;
  createdAt: string;
  set: string;
  summary: JudgeSummary;
  defects: DefectResult[];
  healthy: FalseAlarmResult[];
}
