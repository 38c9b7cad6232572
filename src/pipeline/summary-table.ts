/**
 * The run summary as an aligned text table for the terminal (`termaudit run` and `termaudit merge` print
 * it), followed by one line with the counts and the exit code.
 */
import { formatScore } from '../report/score-format.js';
import type { RunSummary } from './types.js';

/** formatRunTable lays the scenarios out as `scenario  status  exit  overall  reason`, then a result line. */
export function formatRunTable(summary: RunSummary): string {
  const rows = [
    ['scenario', 'status', 'exit', 'overall', 'reason'],
    ...summary.scenarios.map((scenario) => [
      scenario.name,
      scenario.status,
      String(scenario.exitCode),
      formatScore(scenario.overall),
      // One line per scenario: reasons can hold a program's multi-line output.
      [scenario.failedStage ? `${scenario.failedStage}: ` : '', scenario.reason ?? ''].join('').replace(/\s*\n\s*/g, ' ').trim(),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  // Numbers align right, words left.
  const cell = (text: string, column: number) => (column === 2 || column === 3 ? text.padStart(widths[column]!) : text.padEnd(widths[column]!));
  const table = rows.map((row) => row.map(cell).join('  ').trimEnd()).join('\n');
  const { passed, failed, score } = summary.overall;
  const notRun = summary.scenarios.length - passed - failed;
  const result = `${passed} passed, ${failed} failed${notRun > 0 ? `, ${notRun} not run` : ''} · mean overall ${formatScore(score)} · exit ${summary.exitCode}${summary.complete ? '' : ' · incomplete'}`;
  return `${table}\n\n${result}`;
}
