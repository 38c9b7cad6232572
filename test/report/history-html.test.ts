import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { historyReport, planHistoryChart, renderHistoryHtml, type HistoryRun } from '../../src/report/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { syntheticFrames } from './pure-fixture.js';
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
  assert.equal((page.match(/<circle /g) ?? []).length, 2 + 2 + 2 + 1);
  assert.equal((page.match(/<path class="line/g) ?? []).length, 3);
  assert.match(page, /<title>Clarity &amp; wording: 9\.0 · 2026-11-02T00:00:00\.000Z · 2026-11-02<\/title>/);
  assert.match(page, />Run date<\/text>/);
  assert.match(page, />Score \(0–10\)<\/text>/);
  assert.equal((page.match(/<span class="swatch/g) ?? []).length, 5);
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

test('historyReport of a directory without scorecards is a ConfigError', async () => {
  await assert.rejects(historyReport(makeTempDir('termaudit-history-empty-')), (error: unknown) => error instanceof ConfigError && /no readable scorecard\.json/.test(error.message));
  await assert.rejects(historyReport('/nonexistent/termaudit-history'), ConfigError);
});
