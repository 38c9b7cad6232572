/**
 * The calibration table, one row per defect, and the judge's summary lines: the same cells for the terminal
 * (formatCalibrationTable) and for calibration.html (calibration-html.ts).
 */
import { formatScore } from '../compare/verdicts.js';
import { formatUsd } from '../evaluate/models.js';
import { CRITICAL_OVERALL_DROP, evidenceHits, type DefectResult, type FalseAlarmResult, type JudgeSummary } from './assessment.js';

/** CALIBRATION_COLUMNS are the table's column headings. */
export const CALIBRATION_COLUMNS = ['defect', 'criterion', 'healthy → defective', 'beyond noise', 'compare', 'evidence', 'other drops', 'overall'] as const;

const mark = (value: boolean) => (value ? 'yes' : 'no');

/** evidenceCell describes whether the evidence points at the defect: frames and whether they hit its time range and region. */
function evidenceCell(result: DefectResult): string {
  if (result.evidence.frames.length === 0) return 'none';
  const where = result.evidence.hitsRegion === null ? 'time' : 'time+region';
  return `${evidenceHits(result) ? 'hit' : 'miss'} (${where}; frame${result.evidence.frames.length === 1 ? '' : 's'} ${result.evidence.frames.map((frame) => frame.number).join(',')})`;
}

/** calibrationRow is one defect's cells, in CALIBRATION_COLUMNS order. */
export function calibrationRow(result: DefectResult): string[] {
  return [
    result.id,
    result.criterion,
    `${formatScore(result.healthy)} → ${formatScore(result.defective)}`,
    result.droppedBeyondNoise ? `yes (noise ${result.noise})` : `no (${result.verdict})`,
    result.caught ? 'exit 5, names it' : result.compareFails ? 'exit 5, not it' : 'passes',
    evidenceCell(result),
    result.wrongCriteria.join(', ') || '–',
    `${formatScore(result.overall.healthy)} → ${formatScore(result.overall.defective)}${result.overall.dropsEnough === null ? '' : result.overall.dropsEnough ? ' (critical: shown)' : ' (critical: HIDDEN)'}`,
  ];
}

/** summaryLines are the judge's record: recall, evidence, wrong-criterion flags, false alarms, cost, verdict. */
export function summaryLines(summary: JudgeSummary, healthy: readonly FalseAlarmResult[]): string[] {
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  const lines = [
    `judge ${summary.judge} (${summary.model})`,
    `recall with the right criterion: ${summary.caught}/${summary.defects} (${percent(summary.recall)}; minimum ${percent(summary.minRecall)})`,
    `evidence pointing at the defect: ${summary.evidenceHits}/${summary.defects}`,
    `wrong-criterion flags (other criteria that dropped beyond noise): ${summary.wrongCriterionFlags}`,
    `critical defects dropping the overall by ≥ ${CRITICAL_OVERALL_DROP.toFixed(1)}: ${summary.criticalOverallDrops}/${summary.criticalDefects}`,
    `false alarms over healthy repeats: ${summary.falseAlarms}/${summary.healthyComparisons}`,
    ...healthy.filter((item) => item.falseAlarm).map((item) => `  ${item.run} vs ${item.baseline}: ${item.failures.join('; ')}`),
    `cost: ${formatUsd(summary.costUsd)}`,
    summary.passed ? 'calibration passed' : `calibration FAILED: ${[
            summary.recall < summary.minRecall ? 'recall below the minimum' : '',
            summary.criticalOverallDrops < summary.criticalDefects ? 'a critical defect hidden in the overall' : '',
            summary.falseAlarms > 0 ? 'false alarms' : '',
          ].filter(Boolean).join(' and ')}`,
  ];
  return lines;
}

/** formatCalibrationTable lays the rows out in aligned columns for a terminal, then the summary lines. */
export function formatCalibrationTable(defects: readonly DefectResult[], summary: JudgeSummary, healthy: readonly FalseAlarmResult[]): string {
  const rows = [[...CALIBRATION_COLUMNS], ...defects.map(calibrationRow)];
  const widths = CALIBRATION_COLUMNS.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  const table = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  return [...table, '', ...summaryLines(summary, healthy)].join('\n');
}
