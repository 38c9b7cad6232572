/**
 * The run's junit.xml for CI dashboards: one test suite per scenario, with a case for each gate (the
 * pretest gate, the compare gate), a failing case for a stage that failed, timed out or was interrupted,
 * one for a scenario whose shard is missing from a merge (skipped when the merge allowed it), and a case
 * per criterion of the scenario's scorecard (skipped when not assessed). Criteria do not fail by
 * themselves: a score below a minimum fails the scenario's quality gate, which has its own case.
 */
import { junitTimestamp, renderJunitXml, type JunitCase } from '../report/junit-xml.js';
import { gateHeadline } from '../compare/verdicts.js';
import { formatScore } from '../report/score-format.js';
import type { RunReportInput, ScenarioDetails } from './summary-html.js';
import { formatShard } from './shard.js';
import { isAllowedMissing, type RunSummary, type ScenarioResult } from './types.js';


/** scenarioCases lists the test cases of one scenario (at least one). */
function scenarioCases(scenario: ScenarioResult, details: ScenarioDetails | undefined): JunitCase[] {
  const cases: JunitCase[] = [];
  const reason = scenario.reason ?? `the scenario ended with status ${scenario.status}`;
  const pretest = scenario.stages.pretest;
  if (pretest || scenario.status === 'gate-closed') {
    cases.push({
      name: 'pretest gate',
      failure: scenario.status === 'gate-closed' ? { type: 'gate-closed', message: reason, detail: reason } : undefined,
      skipped: pretest?.status === 'skipped' && scenario.status !== 'gate-closed' ? 'the pretest was skipped' : undefined,
      output: pretest ? `pretest ${pretest.status} in ${pretest.durationSeconds.toFixed(1)} s` : undefined,
    });
  }
  if (scenario.status === 'failed' || scenario.status === 'timeout' || scenario.status === 'interrupted') {
    cases.push({ name: `stage ${scenario.failedStage ?? 'unknown'}`, failure: { type: scenario.status, message: reason, detail: reason } });
  }
  if (scenario.status === 'not-run') cases.push({ name: 'scenario', skipped: scenario.reason ?? 'not run' });
  if (scenario.status === 'missing') {
    const name = scenario.shard ? `shard ${formatShard(scenario.shard)}` : 'shard';
    cases.push(isAllowedMissing(scenario) ? { name, skipped: reason } : { name, failure: { type: 'missing', message: reason, detail: reason } });
  }
  for (const criterion of details?.scorecard?.criteria ?? []) {
    const output = [`score ${formatScore(criterion.score)} / 10, weight ${criterion.weight}`, criterion.rationale].filter(Boolean).join('\n');
    cases.push({ name: `${criterion.title} (${criterion.id})`, skipped: criterion.applicable === false ? `not applicable: ${criterion.rationale}` : criterion.score === null ? 'not assessed by any prompt' : undefined, output });
  }
  const compare = scenario.compare;
  if (compare) {
    cases.push({
      name: 'compare gate',
      failure: compare.passed ? undefined : { type: 'quality-gate-failed', message: compare.failureCounts ? gateHeadline(compare.failureCounts) : (compare.failures[0] ?? 'the comparison failed'), detail: compare.failures.join('\n') },
      output: `baseline ${compare.baseline}`,
    });
  }
  if (scenario.status === 'quality-gate-failed' && (!compare || compare.passed)) {
    cases.push({ name: 'quality gate', failure: { type: 'quality-gate-failed', message: reason, detail: reason } });
  }
  if (cases.length === 0) cases.push({ name: 'scenario', output: `status ${scenario.status}` });
  return cases;
}

/** suiteTime is a scenario's total stage time in seconds. */
function suiteTime(scenario: ScenarioResult): number {
  return Object.values(scenario.stages).reduce((sum, stage) => sum + (stage?.durationSeconds ?? 0), 0);
}

/** renderRunJunit renders the run's junit.xml from data already loaded (a pure function). */
export function renderRunJunit(input: RunReportInput): string {
  const summary: RunSummary = input.summary;
  const timestamp = junitTimestamp(summary.createdAt);
  return renderJunitXml(
    `termaudit ${summary.pipeline.name}`,
    summary.scenarios.map((scenario) => ({
      name: scenario.name,
      classname: `${summary.pipeline.name}.${scenario.name}`,
      cases: scenarioCases(scenario, input.scenarios[scenario.name]),
      time: suiteTime(scenario),
      timestamp,
    })),
  );
}
