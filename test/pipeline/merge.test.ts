import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { mergeRuns, planMerge } from '../../src/pipeline/merge.js';
import { selectShard } from '../../src/pipeline/shard.js';
import { readRunSummary } from '../../src/pipeline/summary.js';
import type { RunSummary } from '../../src/pipeline/types.js';
import { makeTempDir } from '../helpers/paths.js';
import { PIPELINE, SCENARIOS, writeRun, type ScenarioSpec } from '../fixtures/merge/shard-runs.js';

/** shardSpecs are the scenarios `--shard index/count` runs. */
const shardSpecs = (index: number, count: number): ScenarioSpec[] => {
  const names = new Set(selectShard(SCENARIOS.map((spec) => spec.name), { index, count }));
  return SCENARIOS.filter((spec) => names.has(spec.name));
};

/** comparable keeps what a merge must preserve: the scenarios (by name) with statuses and scores, and the verdict. */
const comparable = (summary: RunSummary) => ({
  pipeline: summary.pipeline,
  complete: summary.complete,
  exitCode: summary.exitCode,
  overall: summary.overall,
  scenarios: [...summary.scenarios].sort((a, b) => (a.name < b.name ? -1 : 1)),
});

test('merging two shard runs gives the summary of the same scenarios run unsharded, with every scenario directory copied', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-');
  const whole = await writeRun(makeTempDir('termaudit-merge-'), 'whole', SCENARIOS);
  const first = await writeRun(pipelineDir, '20261126-010000-1', shardSpecs(1, 2), { shard: { index: 1, count: 2 } });
  const second = await writeRun(pipelineDir, '20261126-010000-2', shardSpecs(2, 2), { shard: { index: 2, count: 2 } });
  assert.deepEqual(first.summary.scenarios.map((item) => item.name).sort(), ['export', 'login', 'settings']);

  const warnings: string[] = [];
  const { runDir, summary, latest } = await mergeRuns([second.runDir, first.runDir], { onWarning: (message) => warnings.push(message) });
  assert.deepEqual(warnings, []);
  assert.equal(runDir, join(pipelineDir, '20261126-010000-2-merged'));
  assert.equal(summary.runId, '20261126-010000-2-merged');
  assert.deepEqual(summary.shards, [
    { index: 1, count: 2 },
    { index: 2, count: 2 },
  ]);
  assert.deepEqual(comparable(summary), comparable(whole.summary));
  // Sorted by name, the order shards are dealt in.
  assert.deepEqual(summary.scenarios.map((item) => item.name), ['export', 'help', 'login', 'search', 'settings']);
  assert.deepEqual(await readRunSummary(runDir), summary);

  for (const spec of SCENARIOS.filter((item) => item.scores)) {
    assert.ok(existsSync(join(runDir, spec.name, 'scorecard.json')), spec.name);
    assert.ok(existsSync(join(runDir, spec.name, 'sample', 'frames', '01.png')), spec.name);
  }
  // The reports are those of the whole run.
  assert.equal((readFileSync(join(runDir, 'junit.xml'), 'utf8').match(/<testsuite /g) ?? []).length, SCENARIOS.length);
  assert.equal((readFileSync(join(runDir, 'report.html'), 'utf8').match(/<img src="data:image\/png;base64,/g) ?? []).length, 8);
  assert.equal(latest, join(pipelineDir, 'latest'));
  assert.equal(readlinkSync(join(pipelineDir, 'latest')), '20261126-010000-2-merged');
});

test('a merge with a shard missing is incomplete and says which shard is missing; -o sets the output', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-');
  const first = await writeRun(pipelineDir, 'one', shardSpecs(1, 3), { shard: { index: 1, count: 3 } });
  const third = await writeRun(pipelineDir, 'three', shardSpecs(3, 3), { shard: { index: 3, count: 3 } });
  const out = join(makeTempDir('termaudit-merge-'), 'merged');
  const warnings: string[] = [];
  const { runDir, summary, latest } = await mergeRuns([first.runDir, third.runDir], { out, onWarning: (message) => warnings.push(message) });
  assert.equal(runDir, out);
  assert.equal(summary.complete, false);
  assert.deepEqual(warnings, ['shard 2/3 missing: the merged run is incomplete']);
  // -o outside the pipeline directory: latest is left alone.
  assert.equal(latest, undefined);
  assert.equal(existsSync(join(pipelineDir, 'latest')), false);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /This run is incomplete/);
});

test('an incomplete shard makes the merge incomplete', async () => {
  const summaries = [
    { ...baseSummary('a'), shards: [{ index: 1, count: 2 }] },
    { ...baseSummary('b'), shards: [{ index: 2, count: 2 }], complete: false },
  ];
  assert.equal(planMerge(summaries, ['one', 'two']).complete, false);
  assert.equal(planMerge([summaries[0]!, { ...summaries[1]!, complete: true }], ['one', 'two']).complete, true);
});

function baseSummary(scenario: string): RunSummary {
  return {
    version: 1,
    kind: 'pipeline-run',
    pipeline: PIPELINE,
    runId: 'r',
    createdAt: '2026-11-26T01:00:00.000Z',
    complete: true,
    exitCode: 0,
    scenarios: [{ name: scenario, status: 'passed', exitCode: 0, dir: scenario, stages: {} }],
    overall: { score: null, passed: 1, failed: 0 },
  };
}

test('runs of different pipelines, different splits or with a scenario twice are rejected, naming both inputs', async () => {
  const other = { ...baseSummary('b'), pipeline: { ...PIPELINE, sha256: 'b'.repeat(64) } };
  assert.throws(
    () => planMerge([baseSummary('a'), other], ['/runs/one', '/runs/two']),
    (error: unknown) => error instanceof ConfigError && /\/runs\/two is a run of pipeline "demo" \(sha256 bbbbbbbbbbbb\) but \/runs\/one is of "demo" \(sha256 aaaaaaaaaaaa\)/.test(error.message),
  );
  assert.throws(
    () => planMerge([baseSummary('a'), { ...baseSummary('b'), pipeline: { ...PIPELINE, name: 'other' } }], ['/runs/one', '/runs/two']),
    (error: unknown) => error instanceof ConfigError && /pipeline "other"/.test(error.message),
  );
  assert.throws(
    () => planMerge([baseSummary('a'), baseSummary('a')], ['/runs/one', '/runs/two']),
    (error: unknown) => error instanceof ConfigError && error.message === 'merge: scenario "a" is in both /runs/one and /runs/two; merge each shard once',
  );
  assert.throws(
    () => planMerge([{ ...baseSummary('a'), shards: [{ index: 1, count: 2 }] }, { ...baseSummary('b'), shards: [{ index: 2, count: 3 }] }], ['one', 'two']),
    (error: unknown) => error instanceof ConfigError && /split differently \(shard 1\/2 and shard 2\/3\)/.test(error.message),
  );
  const escaping = baseSummary('a');
  escaping.scenarios[0]!.dir = '../elsewhere';
  assert.throws(() => planMerge([escaping], ['one']), (error: unknown) => error instanceof ConfigError && /outside its run directory/.test(error.message));

  // The same checks through the files, before anything is written.
  const pipelineDir = makeTempDir('termaudit-merge-');
  const first = await writeRun(pipelineDir, 'one', shardSpecs(1, 2), { shard: { index: 1, count: 2 } });
  const again = await writeRun(pipelineDir, 'again', shardSpecs(1, 2), { shard: { index: 1, count: 2 } });
  await assert.rejects(mergeRuns([first.runDir, again.runDir]), (error: unknown) => error instanceof ConfigError && /is in both/.test(error.message));
  assert.equal(existsSync(join(pipelineDir, 'one-merged')), false);
});

test('mergeRuns refuses an output directory that is not empty and a directory without a run summary', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-');
  const first = await writeRun(pipelineDir, 'one', shardSpecs(1, 2), { shard: { index: 1, count: 2 } });
  const out = join(pipelineDir, 'taken');
  mkdirSync(out);
  writeFileSync(join(out, 'keep.txt'), 'mine');
  await assert.rejects(mergeRuns([first.runDir], { out }), (error: unknown) => error instanceof ConfigError && /already exists and is not empty/.test(error.message));
  assert.equal(readFileSync(join(out, 'keep.txt'), 'utf8'), 'mine');
  await assert.rejects(mergeRuns([join(first.runDir, 'login')]), (error: unknown) => error instanceof ConfigError && /not a pipeline run summary/.test(error.message));
  await assert.rejects(mergeRuns([]), ConfigError);
});
