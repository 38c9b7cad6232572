/**
 * junit.xml: the scorecard as tests for CI dashboards. One test case per criterion (a failure below
 * `--min-score`, skipped when not assessed) and, with a compare.json, one per gate: the gate itself, each
 * score comparison and each screen (a failure when it fails the gate).
 */
import type { Comparison } from '../compare/types.js';
import type { Scorecard } from '../score/types.js';
import { escapeMarkup } from './markup.js';
import { formatDelta, formatScore } from './score-format.js';

/** JunitInput is what junit.xml is drawn from. */
export interface JunitInput {
  scorecard: Scorecard;
  comparison?: Comparison;
  /** Criteria below this fail; without it no criterion fails. */
  minScore?: number;
}

interface TestCase {
  name: string;
  failure?: { message: string; detail: string };
  skipped?: string;
  output: string;
}

function criterionCases(scorecard: Scorecard, minScore: number | undefined): TestCase[] {
  return scorecard.criteria.map((criterion) => {
    const output = [`score ${formatScore(criterion.score)} / 10, weight ${criterion.weight}`, criterion.rationale, ...criterion.evidence.map((evidence) => `frame ${evidence.frame}: ${evidence.quote}`)]
      .filter(Boolean)
      .join('\n');
    const name = `${criterion.title} (${criterion.id})`;
    if (criterion.score === null) return { name, skipped: 'not assessed by any prompt', output };
    if (minScore !== undefined && criterion.score < minScore) {
      return { name, failure: { message: `score ${formatScore(criterion.score)} is below --min-score ${minScore}`, detail: criterion.rationale }, output };
    }
    return { name, output };
  });
}

function gateCases(comparison: Comparison): TestCase[] {
  const cases: TestCase[] = [
    {
      name: 'compare gate',
      failure: comparison.passed ? undefined : { message: comparison.failures[0] ?? 'the comparison failed', detail: comparison.failures.join('\n') },
      output: `baseline ${comparison.baseline.path}\ncurrent ${comparison.current.path}`,
    },
  ];
  for (const score of [comparison.overall, ...comparison.criteria]) {
    const message = `${score.verdict}: ${formatScore(score.baseline)} → ${formatScore(score.current)} (${formatDelta(score.delta)}, noise ±${score.noise.toFixed(1)})`;
    cases.push({ name: `score ${score.title} (${score.id})`, failure: score.failed ? { message, detail: message } : undefined, output: message });
  }
  for (const screen of comparison.screens) {
    const message = `${screen.diffPixels} pixels differ (${(screen.diffRatio * 100).toFixed(2)}%)${screen.textChanged ? ', the text changed' : ''}`;
    cases.push({ name: `screen ${screen.name}`, failure: screen.failed ? { message, detail: screen.textDiff ?? message } : undefined, output: message });
  }
  return cases;
}

function suite(name: string, cases: TestCase[], timestamp: string): string {
  const failures = cases.filter((testCase) => testCase.failure).length;
  const skipped = cases.filter((testCase) => testCase.skipped !== undefined).length;
  const body = cases.map((testCase) => {
    const inner = [
      testCase.failure ? `      <failure message="${escapeMarkup(testCase.failure.message)}" type="${name}">${escapeMarkup(testCase.failure.detail)}</failure>` : '',
      testCase.skipped !== undefined ? `      <skipped message="${escapeMarkup(testCase.skipped)}"/>` : '',
      testCase.output ? `      <system-out>${escapeMarkup(testCase.output)}</system-out>` : '',
    ].filter(Boolean);
    return `    <testcase classname="${escapeMarkup(name)}" name="${escapeMarkup(testCase.name)}" time="0">\n${inner.join('\n')}\n    </testcase>`;
  });
  return `  <testsuite name="${escapeMarkup(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${escapeMarkup(timestamp)}">\n${body.join('\n')}\n  </testsuite>`;
}

/** renderJunitReport renders junit.xml from data already loaded (a pure function). */
export function renderJunitReport(input: JunitInput): string {
  const suites: [string, TestCase[]][] = [['termaudit.criteria', criterionCases(input.scorecard, input.minScore)]];
  if (input.comparison) suites.push(['termaudit.gates', gateCases(input.comparison)]);
  const all = suites.flatMap(([, cases]) => cases);
  const timestamp = input.scorecard.createdAt.replace(/Z$|[+-]\d\d:\d\d$/, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="termaudit" tests="${all.length}" failures="${all.filter((testCase) => testCase.failure).length}" errors="0" skipped="${all.filter((testCase) => testCase.skipped !== undefined).length}" time="0">`,
    ...suites.map(([name, cases]) => suite(name, cases, timestamp)),
    '</testsuites>',
    '',
  ].join('\n');
}
