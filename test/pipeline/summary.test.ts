import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { compareScorecards } from '../../src/compare/index.js';
import type { Comparison } from '../../src/compare/types.js';
import { applyExpectation } from '../../src/pipeline/run-plan.js';
import { explainGate } from '../../src/pipeline/summary-html.js';
import {
  EXIT_CODE_PRECEDENCE,
  renderRunHtml,
  formatRunTable,
  readRunSummary,
  RUN_SUMMARY_SCHEMA_URL,
  summarizeRun,
  updateLatestLink,
  validateRunSummary,
  worstExitCode,
} from '../../src/pipeline/summary.js';
import type { RunSummary, ScenarioResult, ScenarioStatus } from '../../src/pipeline/types.js';
import { makeTempDir } from '../helpers/paths.js';
import { PIPELINE, SCENARIOS, writeRun } from '../fixtures/merge/shard-runs.js';
import { assertWellFormed } from '../helpers/xml.js';
import { baselineScorecard, withScores } from '../compare/scorecard-fixture.js';
import type { Scorecard } from '../../src/score/types.js';

/** DeepRequired makes every optional field required, so the maximal summary below must spell out all of them. */
type DeepRequired<T> = T extends (infer Item)[] ? DeepRequired<Item>[] : T extends object ? { [Key in keyof T]-?: DeepRequired<T[Key]> } : T;

/** A summary with every optional field: a field added to the types fails to compile here, then the schema rejects it until documented. */
const maximal: DeepRequired<RunSummary> = {
  version: 1,
  kind: 'pipeline-run',
  pipeline: PIPELINE,
  runId: '20261126-010000',
  createdAt: '2026-11-26T01:00:00.000Z',
  finishedAt: '2026-11-26T01:05:00.000Z',
  shards: [{ index: 1, count: 2 }],
  complete: true,
  exitCode: 5,
  scenarios: [
    {
      name: 'login',
      status: 'quality-gate-failed',
      exitCode: 5,
      reason: 'overall dropped',
      failedStage: 'compare',
      expect: 'fail',
      dir: 'login',
      stages: {
        pretest: { status: 'done', durationSeconds: 1 },
        record: { status: 'done', durationSeconds: 2 },
        render: { status: 'reused', durationSeconds: 0 },
        evaluate: { status: 'done', durationSeconds: 3 },
        compare: { status: 'failed', durationSeconds: 0.1 },
        report: { status: 'skipped', durationSeconds: 0 },
      },
      overall: 6,
      criteria: { contrast: 6, voting: null },
      notApplicable: ['voting'],
      scorecard: 'login/scorecard.json',
      report: 'login/report.html',
      compare: { passed: false, failures: ['overall dropped'], failureCounts: { belowMinimum: 0, dropped: 1, newCriticalIssues: 0, screens: 0, other: 0 }, baseline: '/base/login' },
      shard: { index: 2, count: 2 },
    },
  ],
  overall: { score: 6, passed: 0, failed: 1 },
};

function scenario(name: string, status: ScenarioStatus, exitCode: number, overall?: number | null): ScenarioResult {
  return { name, status, exitCode, dir: name, stages: {}, ...(overall !== undefined ? { overall } : {}) };
}

const summarize = (scenarios: ScenarioResult[]) =>
  summarizeRun({ config: PIPELINE, runId: 'r', createdAt: '2026-11-26T01:00:00.000Z', scenarios, complete: true });

test('the run exit code is the worst scenario exit code: interrupted > timeout > gate closed or failed > config > quality gate > passed', () => {
  assert.deepEqual(EXIT_CODE_PRECEDENCE, [4, 3, 2, 1, 5, 0]);
  assert.equal(summarize([]).exitCode, 0);
  assert.equal(summarize([scenario('a', 'passed', 0), scenario('b', 'passed', 0)]).exitCode, 0);
  assert.equal(summarize([scenario('a', 'passed', 0), scenario('b', 'quality-gate-failed', 5)]).exitCode, 5);
  assert.equal(summarize([scenario('a', 'quality-gate-failed', 5), scenario('b', 'gate-closed', 2)]).exitCode, 2);
  assert.equal(summarize([scenario('a', 'failed', 2), scenario('b', 'timeout', 3), scenario('c', 'quality-gate-failed', 5)]).exitCode, 3);
  assert.equal(summarize([scenario('a', 'timeout', 3), scenario('b', 'interrupted', 4), scenario('c', 'failed', 2)]).exitCode, 4);
  // The order of the scenarios does not matter.
  assert.equal(worstExitCode([5, 0, 2, 5]), 2);
  assert.equal(worstExitCode([2, 5, 0, 5]), 2);
  assert.equal(worstExitCode([0, 1, 5]), 1);
});

test('summarizeRun takes the mean of the evaluated overall scores and counts passed and failed, leaving out not-run scenarios', () => {
  const summary = summarize([
    scenario('a', 'passed', 0, 7),
    scenario('b', 'quality-gate-failed', 5, 5.5),
    scenario('c', 'gate-closed', 2),
    scenario('d', 'passed', 0, null),
    scenario('e', 'not-run', 0),
    scenario('f', 'passed', 0, 8.25),
  ]);
  // (7 + 5.5 + 8.25) / 3 = 6.9166… → one decimal.
  assert.deepEqual(summary.overall, { score: 6.9, passed: 3, failed: 2 });
  assert.deepEqual(summary.scenarios.map((item) => item.name), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal(summarize([scenario('a', 'gate-closed', 2)]).overall.score, null);
  assert.equal(summary.kind, 'pipeline-run');
  assert.equal('shards' in summary, false);
  assert.equal('finishedAt' in summary, false);
  assert.doesNotThrow(() => validateRunSummary(summary, 'summary'));
});

test('the schema accepts a summary with every optional field and rejects unknown fields and bad exit codes', () => {
  assert.equal(validateRunSummary(maximal, 'maximal'), maximal);
  const schema = JSON.parse(readFileSync(RUN_SUMMARY_SCHEMA_URL, 'utf8')) as { required: string[] };
  assert.deepEqual([...schema.required].sort(), Object.keys(maximal).filter((key) => !['finishedAt', 'shards'].includes(key)).sort());
  const broken = structuredClone(maximal) as unknown as { scenarios: { exitCode: number; extra?: boolean }[] };
  broken.scenarios[0]!.exitCode = 7;
  broken.scenarios[0]!.extra = true;
  assert.throws(
    () => validateRunSummary(broken, 'broken.json'),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message.includes('broken.json: /scenarios/0/exitCode must be equal to one of the allowed values') &&
      error.message.includes('must NOT have additional properties "extra"'),
  );
});

test('writeRunSummary writes a valid summary, a self-contained report.html and a well-formed junit.xml', async () => {
  const { runDir, summary } = await writeRun(makeTempDir('termaudit-summary-'), '20261126-010000', SCENARIOS);
  assert.deepEqual(await readRunSummary(runDir), summary);
  // The closed gate (2) outranks the quality gate failure (5).
  assert.equal(summary.exitCode, 2);
  assert.deepEqual(summary.overall, { score: 6.6, passed: 3, failed: 2 });

  const page = readFileSync(join(runDir, 'report.html'), 'utf8');
  assert.doesNotMatch(page, /https?:\/\//, 'the report fetches nothing');
  const sources = [...page.matchAll(/<img src="([^"]*)"/g)].map((match) => match[1]!);
  // First and last frame of each of the four evaluated scenarios.
  assert.equal(sources.length, 8);
  for (const source of sources) assert.match(source, /^data:image\/png;base64,/);
  // The reason is escaped: it holds markup characters.
  assert.match(page, /the pretest saw &quot;Error: &lt;no tty&gt;&quot; &amp; stopped/);
  assert.doesNotMatch(page, /<no tty>/);
  // A row per scenario with its status, exit code and overall score; a row per criterion, titled from the
  // scorecards, with its score in every evaluated scenario.
  assert.match(page, /<tr id="scenario-search">[^]*?✘ quality gate failed[^]*?· exit 5[^]*?<td class="number fair">5\.0<\/td>/);
  assert.match(page, /<tr><th scope="row">Contrast<\/th>[^\n]*<\/tr>\n<tr><th scope="row">Feedback<\/th>[^\n]*<\/tr>\n<tr><th scope="row">Wording<\/th>/);
  assert.match(page, /<tr><th scope="row">Contrast<\/th>(<td class="number \w+">[\d.–]+<\/td>)*<td class="number poor">4\.0<\/td>/);
  // Each evaluated scenario links to its own report, relative to the run's.
  assert.match(page, /<a href="login\/report\.html">login<\/a>/);
  assert.doesNotMatch(page, /<a href="help/);
  assert.match(page, /Run failed<\/strong> · exit code 2/);

  const xml = readFileSync(join(runDir, 'junit.xml'), 'utf8');
  assertWellFormed(xml);
  assert.equal((xml.match(/<testsuite /g) ?? []).length, SCENARIOS.length);
  const suiteOf = (name: string) => xml.slice(xml.indexOf(`<testsuite name="${name}"`), xml.indexOf('</testsuite>', xml.indexOf(`<testsuite name="${name}"`)));
  assert.match(suiteOf('help'), /tests="1" failures="1"[^]*name="pretest gate"[^]*<failure message="the pretest saw &quot;Error: &lt;no tty&gt;&quot; &amp; stopped" type="gate-closed">/);
  assert.match(suiteOf('search'), /tests="5" failures="1"[^]*name="Contrast \(contrast\)"[^]*name="quality gate"[^]*<failure message="overall 5\.0 is below 6"/);
  assert.match(suiteOf('export'), /tests="5" failures="0"[^]*name="compare gate"/);
  assert.match(xml, /<testsuites name="termaudit demo" tests="19" failures="2" errors="0" skipped="0"/);
});

test('formatRunTable prints one aligned row per scenario and the result line', async () => {
  const summary = summarize([scenario('login', 'passed', 0, 7), { ...scenario('help', 'gate-closed', 2), failedStage: 'pretest', reason: 'no\nready line' }, scenario('later', 'not-run', 0)]);
  assert.equal(
    formatRunTable(summary),
    [
      'scenario  status       exit  overall  reason',
      'login     passed          0      7.0',
      'help      gate-closed     2        —  pretest: no ready line',
      'later     not-run         0        —',
      '',
      '1 passed, 1 failed, 1 not run · mean overall 7.0 · exit 2',
    ].join('\n'),
  );
});

test('readRunSummary rejects a missing summary, a scenario scorecard and an invalid summary with a ConfigError', async () => {
  const dir = makeTempDir('termaudit-summary-');
  await assert.rejects(readRunSummary(dir), (error: unknown) => error instanceof ConfigError && /no run summary here/.test(error.message));
  const { runDir } = await writeRun(dir, 'run', SCENARIOS.slice(0, 1));
  await assert.rejects(readRunSummary(join(runDir, 'login')), (error: unknown) => error instanceof ConfigError && /not a pipeline run summary/.test(error.message));
  writeFileSync(join(runDir, 'scorecard.json'), JSON.stringify({ ...maximal, exitCode: 'bad' }));
  await assert.rejects(readRunSummary(runDir), (error: unknown) => error instanceof ConfigError && /\/exitCode must be equal to one of the allowed values/.test(error.message));
  writeFileSync(join(runDir, 'scorecard.json'), '{');
  await assert.rejects(readRunSummary(runDir), (error: unknown) => error instanceof ConfigError && /not valid JSON/.test(error.message));
});

test('updateLatestLink points latest at the run with a relative target and replaces it', async () => {
  const pipelineDir = makeTempDir('termaudit-latest-');
  mkdirSync(join(pipelineDir, 'run-1'));
  mkdirSync(join(pipelineDir, 'run-2'));
  await updateLatestLink(pipelineDir, join(pipelineDir, 'run-1'));
  assert.equal(readlinkSync(join(pipelineDir, 'latest')), 'run-1');
  await updateLatestLink(pipelineDir, join(pipelineDir, 'run-2'));
  assert.equal(readlinkSync(join(pipelineDir, 'latest')), 'run-2');
  assert.equal(realpathSync(join(pipelineDir, 'latest')), realpathSync(join(pipelineDir, 'run-2')));

  const other = makeTempDir('termaudit-latest-');
  mkdirSync(join(other, 'latest'));
  await assert.rejects(updateLatestLink(other, join(pipelineDir, 'run-1')), (error: unknown) => error instanceof ConfigError && /is not a symbolic link/.test(error.message));
  // A dangling link left by a deleted run is replaced too.
  const dangling = makeTempDir('termaudit-latest-');
  symlinkSync('gone', join(dangling, 'latest'));
  mkdirSync(join(dangling, 'run-3'));
  await updateLatestLink(dangling, join(dangling, 'run-3'));
  assert.equal(readlinkSync(join(dangling, 'latest')), 'run-3');
});

/** comparisonOf compares two scorecards as the compare stage does (the pure part), as compare.json would hold it. */
function comparisonOf(baseline: Scorecard, current: Scorecard, settings: { maxDrop: number; minScore?: number }): Comparison {
  const gate = compareScorecards(baseline, current, settings);
  return {
    version: 1,
    createdAt: '2026-11-26T01:04:00.000Z',
    baseline: { path: '/base/scorecard.json', createdAt: baseline.createdAt, model: baseline.judge.model },
    current: { path: 'scorecard.json', createdAt: current.createdAt, model: current.judge.model },
    settings: { ...settings, pairwise: false },
    screens: [],
    ...gate,
  };
}

/** resultOf is a scenario's summary entry for a scorecard, as the pipeline writes it. */
function resultOf(name: string, scorecard: Scorecard, fields: Partial<ScenarioResult>): ScenarioResult {
  return {
    name,
    status: 'passed',
    exitCode: 0,
    dir: name,
    stages: {},
    overall: scorecard.overall.score,
    criteria: Object.fromEntries(scorecard.criteria.map((criterion) => [criterion.id, criterion.score])),
    scorecard: `${name}/scorecard.json`,
    ...fields,
  };
}

test('the run report shows baseline → current (delta) per criterion and overall for compared scenarios, coloured by verdict, and current scores for the others', () => {
  const baseline = withScores(baselineScorecard(), { overall: 6, contrast: 6 });
  const dropped = withScores(baselineScorecard(), { overall: 5, contrast: 1 });
  const dropComparison = comparisonOf(baseline, dropped, { maxDrop: 0.5 });
  const same = comparisonOf(baseline, baseline, { maxDrop: 0.5 });
  const scenarios = [
    resultOf('login', dropped, { status: 'quality-gate-failed', exitCode: 5, failedStage: 'compare', reason: dropComparison.failures.join('; '), compare: { passed: false, failures: dropComparison.failures, baseline: '/base/login' } }),
    resultOf('search', baseline, { compare: { passed: true, failures: [], baseline: '/base/search' } }),
    resultOf('fresh', baseline, {}),
  ];
  const summary = summarize(scenarios);
  const page = renderRunHtml({
    summary,
    scenarios: {
      login: { scorecard: dropped, comparison: dropComparison, thumbnails: [] },
      search: { scorecard: baseline, comparison: same, thumbnails: [] },
      fresh: { scorecard: baseline, thumbnails: [] },
    },
  });
  const criteriaRow = (title: string) => page.match(new RegExp(`<tr><th scope="row">${title}</th>(.*)</tr>`))?.[1] ?? '';
  const cells = (row: string) => [...row.matchAll(/<td class="number ([\w ]+)"[^>]*>(.*?)<\/td>/g)].map((match) => [match[1], match[2]!.replace(/<[^>]+>/g, '')]);
  // Contrast: dropped in login (red), unchanged in search (neutral), a plain current score in fresh.
  assert.deepEqual(cells(criteriaRow('Contrast')), [
    ['worse', '6.0 → 1.0 (−5.0)'],
    ['neutral', '6.0 → 6.0 (±0.0)'],
    ['fair', '6.0'],
  ]);
  assert.deepEqual(cells(criteriaRow('<strong>Overall</strong>')), [
    ['worse', '6.0 → 5.0 (−1.0)'],
    ['neutral', '6.0 → 6.0 (±0.0)'],
    ['fair', '6.0'],
  ]);
  // The scenarios table's overall cell says the same.
  assert.match(page, /<tr id="scenario-login">[^]*?<td class="number worse" title="dropped, fails the gate: baseline 6\.0, now 5\.0">6\.0 → <strong>5\.0<\/strong> \(−1\.0\)<\/td>/);
  assert.match(page, /<tr id="scenario-fresh">[^]*?<td class="number fair">6\.0<\/td>/);
  assert.match(page, /shows baseline → current \(change\)/);
  // Each failure of the gate is an item of a list, not one line joined with semicolons.
  assert.ok(dropComparison.failures.length >= 2);
  assert.match(page, new RegExp(`<p class="gate">Failed its quality gate \\(${dropComparison.failures.length} reasons\\):</p><ul class="gate-reasons">(<li>[^<]+</li>){${dropComparison.failures.length}}</ul>`));
  assert.doesNotMatch(page, /dropped[^<]*; /);
  assert.match(page, /<tr id="scenario-search">[^]*?<p class="gate">Passed its quality gate: compared with the baseline, no score dropped by more than 0\.5\.<\/p>/);
  assert.match(page, /<tr id="scenario-fresh">[^]*?<p class="gate">Passed: every stage it ran succeeded and no score minimum failed; it had no baseline to compare with\.<\/p>/);
  // The scores table scrolls in its box, its criterion column sticky.
  assert.match(page, /<div class="table-wrap scores" role="region" aria-label="Table of the scores by criterion" tabindex="0"><table>/);
  assert.match(page, /\.scores th:first-child \{ position: sticky; left: 0;/);
});

test('explainGate reads a canary that failed as expected as a pass, a canary that passed as the miss, and lists minimum-score and stage failures', () => {
  const base = { name: 'poor', dir: 'poor', stages: {} };
  const caught = applyExpectation({ result: { ...base, status: 'quality-gate-failed', exitCode: 5, failedStage: 'compare', reason: 'Contrast (contrast) is 1.0, below --min-score 4; overall 3.0 is below --min-score 4' } }, 'fail').result;
  assert.equal(caught.expect, 'fail');
  assert.deepEqual(explainGate(caught, undefined), {
    sentence: 'Failed its quality gate as expected: a canary (expect: fail) of a known-poor display, still caught by the gate (2 reasons):',
    reasons: ['Contrast (contrast) is 1.0, below --min-score 4', 'overall 3.0 is below --min-score 4'],
  });
  const missed = applyExpectation({ result: { ...base, status: 'passed', exitCode: 0 } }, 'fail').result;
  assert.match(explainGate(missed, undefined).sentence, /^Expected to fail its quality gate \(a canary, expect: fail\), but it passed/);
  // An ordinary scenario failing the same minimums is a plain failure.
  assert.deepEqual(explainGate({ ...base, status: 'quality-gate-failed', exitCode: 5, reason: 'overall 3.0 is below --min-score 4' }, undefined), { sentence: 'Failed its quality gate:', reasons: ['overall 3.0 is below --min-score 4'] });
  assert.deepEqual(explainGate({ ...base, status: 'gate-closed', exitCode: 2, failedStage: 'pretest', reason: 'no ready line' }, undefined), { sentence: 'Its pretest gate closed, so it was not measured:', reasons: ['no ready line'] });
  assert.deepEqual(explainGate({ ...base, status: 'timeout', exitCode: 3, failedStage: 'record', reason: 'the recording reached its 30s timeout; its quality gate failed too: overall 3.0 is below 4' }, undefined).reasons, [
    'the recording reached its 30s timeout',
    'its quality gate failed too: overall 3.0 is below 4',
  ]);
  const page = renderRunHtml({ summary: summarize([{ ...caught, overall: 3 }]), scenarios: {} });
  assert.match(page, /✔ passed[^]*<p class="gate">Failed its quality gate as expected: a canary/);
});
