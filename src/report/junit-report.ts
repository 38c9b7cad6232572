/**
 * junit.xml: the scorecard as tests for CI dashboards. One test case per criterion (a failure below
 * `--min-score`, skipped when not assessed) and, with a compare.json, one per gate: the gate itself, each
 * score comparison and each screen (a failure when it fails the gate).
 */
import type { Comparison } from '../compare/types.js';
import { countGateFailures, gateHeadline } from '../compare/verdicts.js';
import type { Scorecard } from '../score/types.js';
import { junitTimestamp, renderJunitXml, type JunitCase, type JunitSuite } from './junit-xml.js';
import { formatDelta, formatScore } from './score-format.js';

/** JunitInput is what junit.xml is drawn from. */
export interface JunitInput {
  scorecard: Scorecard;
  comparison?: Comparison;
  /** Criteria below this fail; without it no criterion fails. */
  minScore?: number;
}


function criterionCases(scorecard: Scorecard, minScore: number | undefined): JunitCase[] {
  return scorecard.criteria.map((criterion) => {
    const output = [`score ${formatScore(criterion.score)} / 10, weight ${criterion.weight}`, criterion.rationale, ...criterion.evidence.map((evidence) => `frame ${evidence.frame}: ${evidence.quote}`)]
      .filter(Boolean)
      .join('\n');
    const name = `${criterion.title} (${criterion.id})`;
    if (criterion.applicable === false) return { name, skipped: `not applicable: ${criterion.rationale}`, output };
    if (criterion.score === null) return { name, skipped: 'not assessed by any prompt', output };
    if (minScore !== undefined && criterion.score < minScore) {
      return { name, failure: { type: 'termaudit.criteria', message: `score ${formatScore(criterion.score)} is below --min-score ${minScore}`, detail: criterion.rationale }, output };
    }
    return { name, output };
  });
}

function gateCases(comparison: Comparison): JunitCase[] {
  const cases: JunitCase[] = [
    {
      name: 'compare gate',
      failure: comparison.passed ? undefined : { type: 'termaudit.gates', message: gateHeadline(countGateFailures(comparison)), detail: comparison.failures.join('\n') },
      output: `baseline ${comparison.baseline.path}\ncurrent ${comparison.current.path}`,
    },
  ];
  for (const score of [comparison.overall, ...comparison.criteria]) {
    const message = `${score.verdict}: ${formatScore(score.baseline)} → ${formatScore(score.current)} (${formatDelta(score.delta)}, noise ±${score.noise.toFixed(1)})`;
    cases.push({ name: `score ${score.title} (${score.id})`, failure: score.failed ? { type: 'termaudit.gates', message, detail: message } : undefined, output: message });
  }
  for (const screen of comparison.screens) {
    const message = `${screen.diffPixels} pixels differ (${(screen.diffRatio * 100).toFixed(2)}%)${screen.textChanged ? ', the text changed' : ''}`;
    cases.push({ name: `screen ${screen.name}`, failure: screen.failed ? { type: 'termaudit.gates', message, detail: screen.textDiff ?? message } : undefined, output: message });
  }
  return cases;
}

/** renderJunitReport renders junit.xml from data already loaded (a pure function). */
export function renderJunitReport(input: JunitInput): string {
  const timestamp = junitTimestamp(input.scorecard.createdAt);
  const suites: JunitSuite[] = [{ name: 'termaudit.criteria', classname: 'termaudit.criteria', cases: criterionCases(input.scorecard, input.minScore), timestamp }];
  if (input.comparison) suites.push({ name: 'termaudit.gates', classname: 'termaudit.gates', cases: gateCases(input.comparison), timestamp });
  return renderJunitXml('termaudit', suites);
}
