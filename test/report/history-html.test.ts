import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { promoteBaseline } from '../../src/pipeline/run-baseline.js';
import { updateLatestLink } from '../../src/pipeline/summary.js';
import { CHART_FONT_SIZE, CHART_LAYOUTS, DEFAULT_SHOWN_CRITERIA, MARKER_SHAPES } from '../../src/report/history-html.js';
import { findScorecards, historyReport, planHistoryChart, renderHistoryHtml, type HistoryRun } from '../../src/report/index.js';
import { groupHistoryRuns } from '../../src/report/history-html.js';
import { COMPARE_FILE_NAME, RESCORED_BASELINE_DIR_NAME } from '../../src/run-files.js';
import { SCENARIOS, writeRun } from '../fixtures/merge/shard-runs.js';
import { makeTempDir } from '../helpers/paths.js';
import { manyCriteriaScorecard } from './many-criteria-fixture.js';
import { syntheticComparison, syntheticFrames } from './pure-fixture.js';
import { buildScorecard } from './report-fixture.js';

function historyRun(at: string, scores: (number | null)[], overall: number | null): HistoryRun {
  return { scorecard: buildScorecard(syntheticFrames(), { recordedAt: at, scores, overall }), at, dir: at.slice(0, 10) };
}

test('planHistoryChart places runs by time and skips criteria a run did not assess', () => {
  const runs = [
    historyRun('2026-11-01T00:00:00.000Z', [8, 6, 4, null], 6),
    historyRun('2026-11-02T00:00:00.000Z', [9, 5, null, null], 7),
    historyRun('2026-11-05T00:00:00.000Z', [7, 7, 5, 6], 6.5),
  ];
  const chart = planHistoryChart(runs);
  assert.deepEqual(chart.series.map((series) => series.id), ['overall', 'clarity', 'feedback', 'errors', 'accessibility']);
  assert.deepEqual(chart.series.map((series) => series.points.length), [3, 3, 3, 2, 1]);
  const xs = chart.series[0]!.points.map((point) => point.x);
  assert.equal(xs[0], chart.plot.left);
  assert.equal(xs[2], chart.plot.right);
  // One day of four: a quarter of the way along.
  assert.equal(xs[1], Math.round((chart.plot.left + (chart.plot.right - chart.plot.left) / 4) * 10) / 10);
  const clarity = chart.series[1]!.points;
  assert.ok(clarity[1]!.y < clarity[0]!.y && clarity[0]!.y < clarity[2]!.y, 'a higher score is drawn higher');
  assert.deepEqual(chart.yTicks.map((tick) => tick.label), ['0', '2', '4', '6', '8', '10']);
});

test('renderHistoryHtml draws one titled point per score, a line per series, axis labels, a legend and a table of runs', () => {
  const runs = [historyRun('2026-11-01T00:00:00.000Z', [8, 6, 4, null], 6), { ...historyRun('2026-11-02T00:00:00.000Z', [9, 5, null, null], 7), reportHref: 'b/report.html' }];
  const page = renderHistoryHtml({ runs, title: 'nightly <audit>' });
  // Drawn twice, for the wide and the narrow layout; each series with its own marker shape.
  const wide = page.slice(page.indexOf('<svg class="wide"'), page.indexOf('<svg class="narrow"'));
  assert.equal((wide.match(/class="point /g) ?? []).length, 2 + 2 + 2 + 1);
  assert.equal((wide.match(/<circle class="point/g) ?? []).length, 2);
  assert.equal((wide.match(/<rect class="point/g) ?? []).length, 2);
  assert.equal((wide.match(/<polygon class="point/g) ?? []).length, 3);
  assert.equal((page.match(/<path class="line/g) ?? []).length, 2 * 3);
  assert.match(page, /<title>Clarity &amp; wording: 9\.0 · 2026-11-02T00:00:00\.000Z · 2026-11-02<\/title>/);
  assert.match(page, />Run date<\/text>/);
  assert.match(page, />Score \(0–10\)<\/text>/);
  // A legend of real toggle buttons, every series pressed (shown) until the script hides any.
  assert.equal((page.match(/<button type="button" data-series="[^"]+" data-shown="true" aria-pressed="true">/g) ?? []).length, 5);
  assert.match(page, /<h1>nightly &lt;audit&gt;<\/h1>/);
  assert.match(page, /<a href="b\/report\.html">2026-11-02<\/a>/);
  // Newest first in the table.
  assert.ok(page.indexOf('>2026-11-02 00:00 UTC</time>') < page.indexOf('>2026-11-01 00:00 UTC</time>'));
});

test('historyReport finds scorecards below a directory, orders them by recording time and links their reports', async () => {
  const root = makeTempDir('termaudit-history-');
  const write = (dir: string, at: string, overall: number) => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'scorecard.json'), JSON.stringify(buildScorecard(syntheticFrames(), { recordedAt: at, overall })));
  };
  write('a-late', '2026-11-03T00:00:00.000Z', 7);
  write('b-early/nested', '2026-11-01T00:00:00.000Z', 5);
  write('c-middle', '2026-11-02T00:00:00.000Z', 6);
  writeFileSync(join(root, 'c-middle', 'report.html'), '<!DOCTYPE html>');
  mkdirSync(join(root, 'broken'));
  writeFileSync(join(root, 'broken', 'scorecard.json'), '{"version": 1}');
  mkdirSync(join(root, '1/2/3/4/5/6/7'), { recursive: true });
  writeFileSync(join(root, '1/2/3/4/5/6/7', 'scorecard.json'), readFileSync(join(root, 'a-late', 'scorecard.json')));

  const warnings: string[] = [];
  const result = await historyReport(root, { onWarning: (message) => warnings.push(message) });
  assert.deepEqual(result.runs.map((run) => run.dir), ['b-early/nested', 'c-middle', 'a-late']);
  assert.deepEqual(result.runs.map((run) => run.reportHref), [undefined, 'c-middle/report.html', undefined]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /broken/);
  const page = readFileSync(join(root, 'history.html'), 'utf8');
  assert.equal(result.path, join(root, 'history.html'));
  assert.match(page, /<a href="c-middle\/report\.html">c-middle<\/a>/);

  const out = join(makeTempDir('termaudit-history-out-'), 'site');
  const elsewhere = await historyReport(root, { out });
  assert.equal(elsewhere.path, join(out, 'history.html'));
  assert.match(elsewhere.runs[1]!.reportHref!, /^\.\.\/\.\.\/.*c-middle\/report\.html$/);
});

test('history.html of several scenarios or programs gives each its own chart, legend and table, with ids of their own', () => {
  const of = (run: HistoryRun, scenario: string | undefined, command?: string[]): HistoryRun => {
    const scorecard = structuredClone(run.scorecard);
    if (scenario === undefined) delete scorecard.run.scenario;
    else scorecard.run = { ...scorecard.run, scenario, pipeline: { name: 'nightly', sha256: '0'.repeat(64) } };
    if (command) scorecard.run.command = command;
    return { ...run, scorecard };
  };
  const runs = [
    of(historyRun('2026-11-01T00:00:00.000Z', [8, 6], 7), 'login'),
    of(historyRun('2026-11-01T00:05:00.000Z', [3, 2], 2.5), 'settings'),
    of(historyRun('2026-11-02T00:00:00.000Z', [9, 6], 7.5), 'login'),
    of(historyRun('2026-11-02T00:05:00.000Z', [4, 2], 3), 'settings'),
    of(historyRun('2026-11-03T00:00:00.000Z', [5, 5], 5), undefined, ['htop', '-d', '10']),
  ];
  const page = renderHistoryHtml({ runs, title: 'audits' });
  assert.deepEqual(groupHistoryRuns(runs).map((group) => [group.label, group.runs.length]), [['htop -d 10', 1], ['nightly · login', 2], ['nightly · settings', 2]]);
  assert.equal(page.match(/<svg class="wide"/g)?.length, 3, 'a chart per group');
  assert.equal(page.match(/<table>/g)?.length, 3, 'a table per group');
  assert.match(page, /<h2 id="group-2">nightly · login<\/h2>/);
  assert.match(page, /<a href="#group-3">nightly · settings<\/a> \(2 runs\)/);
  const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
  assert.deepEqual(ids.filter((id, index) => ids.indexOf(id) !== index), [], 'no id twice');
  // Login's line holds only login's scores: its overall 7 then 7.5, never settings' 2.5.
  const loginChart = planHistoryChart(groupHistoryRuns(runs)[1]!.runs);
  assert.deepEqual(loginChart.series[0]!.points.map((point) => point.score), [7, 7.5]);
  // Runs of one thing keep the page as it was: no group headings.
  const single = renderHistoryHtml({ runs: runs.filter((run) => run.scorecard.run.scenario === 'login'), title: 'audits' });
  assert.doesNotMatch(single, /group-1/);
  assert.match(single, /<h2 id="trend">Scores over time<\/h2>/);
});

test('historyReport of a directory without scorecards is a ConfigError', async () => {
  await assert.rejects(historyReport(makeTempDir('termaudit-history-empty-')), (error: unknown) => error instanceof ConfigError && /no readable scorecard\.json/.test(error.message));
  await assert.rejects(historyReport('/nonexistent/termaudit-history'), ConfigError);
});

/** manyRuns are `count` daily runs of a 19-criterion rubric: criterion 2 drops over time, criterion 5 is lowest, the rest hold still. */
function manyRuns(count: number): HistoryRun[] {
  return Array.from({ length: count }, (_, run) => {
    const at = new Date(Date.UTC(2026, 10, 1 + run, 3)).toISOString();
    const scores = Array.from({ length: 19 }, (_, index) => (index === 1 ? Math.max(4.5, 9 - run * 0.5) : index === 4 ? 2 : index === 7 ? 4 + (run % 2) : index === 9 ? 3.5 : index === 12 ? 3 : 8));
    return { scorecard: manyCriteriaScorecard(scores, 7 - run * 0.1, at), at, dir: `run-${run}` };
  });
}

test('planHistoryChart gives each of 19 series its own colour and marker pair, and shows the overall with the lowest and moving criteria first', () => {
  const chart = planHistoryChart(manyRuns(10));
  assert.equal(chart.series.length, 20);
  const pairs = chart.series.map((series) => `${series.colour}/${series.marker}`);
  assert.equal(new Set(pairs).size, pairs.length, 'no two series share a colour and a marker');
  chart.series.slice(1).forEach((series, index) => {
    const previous = chart.series[index]!;
    assert.notEqual(series.colour, previous.colour);
    assert.notEqual(series.marker, previous.marker);
  });
  assert.deepEqual(new Set(chart.series.map((series) => series.marker)), new Set(MARKER_SHAPES));
  assert.deepEqual(chart.series.map((series) => series.dashed), chart.series.map((_, index) => index >= 8));
  // The overall, the three lowest in the newest run (2, 3, 3.5), then those that moved most: feedback (9 → 4.5), alignment (4 ↔ 5).
  const shown = chart.series.filter((series) => series.shown).map((series) => series.id);
  assert.deepEqual(shown, ['overall', 'feedback', 'contrast', 'alignment', 'progress', 'keyboard-hints']);
  assert.ok(shown.length - 1 <= DEFAULT_SHOWN_CRITERIA);
  // A rubric of few criteria shows all of them.
  assert.ok(planHistoryChart([historyRun('2026-11-01T00:00:00.000Z', [8, 6, 4, 5], 6)]).series.every((series) => series.shown));
});

test('planHistoryChart gives the time axis only as many date labels as fit side by side, fewer in the narrow layout', () => {
  const runs = manyRuns(30);
  for (const [name, layout] of Object.entries(CHART_LAYOUTS)) {
    const chart = planHistoryChart(runs, layout);
    assert.ok(chart.xTicks.length >= 2, `${name}: at least the first and a later date`);
    const extents = chart.xTicks.map((tick) => {
      const width = tick.label.length * CHART_FONT_SIZE * 0.62;
      const left = tick.anchor === 'start' ? tick.x : tick.anchor === 'end' ? tick.x - width : tick.x - width / 2;
      return [left, left + width] as const;
    });
    for (const [index, [left]] of extents.entries()) {
      assert.ok(left >= 0 && extents[index]![1] <= chart.width, `${name}: label ${index} stays inside the chart`);
      if (index > 0) assert.ok(left > extents[index - 1]![1], `${name}: label ${index} does not touch the one before`);
    }
  }
  assert.ok(planHistoryChart(runs, CHART_LAYOUTS.narrow).xTicks.length < planHistoryChart(runs, CHART_LAYOUTS.wide).xTicks.length);
  // Runs of one day do not repeat its date.
  const sameDay = ['01', '05', '09'].map((hour) => historyRun(`2026-11-01T${hour}:00:00.000Z`, [8], 6));
  assert.deepEqual(planHistoryChart(sameDay).xTicks.map((tick) => tick.label), ['2026-11-01']);
});

test('historyReport over a nightly folder of pipeline runs reads only scenario scorecards: no run summary, no baseline copy, no warning', async () => {
  const pipelineDir = makeTempDir('termaudit-history-nightly-');
  const nights = ['20261124-030000', '20261125-030000', '20261126-030000'];
  const evaluated = SCENARIOS.filter((spec) => spec.scores !== undefined);
  for (const night of nights) {
    const { runDir, summary } = await writeRun(pipelineDir, night, SCENARIOS);
    // A comparison made with a re-scored baseline, as `gate.rescoreBaseline` leaves it beside compare.json.
    writeFileSync(join(runDir, 'login', COMPARE_FILE_NAME), JSON.stringify(syntheticComparison()));
    cpSync(join(runDir, 'settings', 'scorecard.json'), join(runDir, 'login', RESCORED_BASELINE_DIR_NAME, 'scorecard.json'), { recursive: true });
    // Another judge's results of the same run, kept beside its evaluation.json by a re-evaluation.
    writeFileSync(join(runDir, 'login', 'evaluation.json'), '{}');
    cpSync(join(runDir, 'login', 'scorecard.json'), join(runDir, 'login', 'judges', 'openai-gpt-4.1', 'scorecard.json'), { recursive: true });
    await promoteBaseline(pipelineDir, runDir, summary.scenarios);
    await updateLatestLink(pipelineDir, runDir);
  }
  // A scenario that is itself named "baseline" is a run, not a copy.
  const { runDir: lastRun } = await writeRun(pipelineDir, '20261127-030000', [{ name: 'baseline', status: 'passed', exitCode: 0, scores: {} }]);

  const warnings: string[] = [];
  const result = await historyReport(pipelineDir, { onWarning: (message) => warnings.push(message) });
  assert.deepEqual(warnings, []);
  assert.deepEqual(result.warnings, []);
  // One run per evaluated scenario of each night, plus the scenario named baseline.
  assert.equal(result.runs.length, nights.length * evaluated.length + 1);
  assert.ok(result.runs.every((run) => !run.dir.startsWith('baseline/') && !run.dir.includes(RESCORED_BASELINE_DIR_NAME) && !run.dir.includes('/judges/')), result.runs.map((run) => run.dir).join(', '));
  assert.ok(result.runs.some((run) => run.dir === '20261127-030000/baseline'));
  // The run summaries are listed by name but told apart by content; the baseline copies are not listed at all.
  const listed = await findScorecards(pipelineDir);
  assert.ok(listed.includes(join(pipelineDir, nights[0]!, 'scorecard.json')));
  assert.ok(!listed.some((path) => path.startsWith(join(pipelineDir, 'baseline'))));
  assert.ok(listed.includes(join(lastRun, 'baseline', 'scorecard.json')));

  // An invalid scenario scorecard is still skipped with a warning.
  writeFileSync(join(pipelineDir, nights[1]!, 'login', 'scorecard.json'), '{"version": 1}');
  const broken: string[] = [];
  const again = await historyReport(pipelineDir, { onWarning: (message) => broken.push(message) });
  assert.equal(again.runs.length, result.runs.length - 1);
  assert.equal(broken.length, 1);
  assert.match(broken[0]!, /20261125-030000\/login\/scorecard\.json/);
});
