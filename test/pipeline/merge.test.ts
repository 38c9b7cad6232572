import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { mergeRuns, planMerge } from '../../src/pipeline/merge.js';
import { selectShard } from '../../src/pipeline/shard.js';
import { readRunSummary } from '../../src/pipeline/summary.js';
import type { RunSummary } from '../../src/pipeline/types.js';
import { makeTempDir } from '../helpers/paths.js';
import { assertWellFormed } from '../helpers/xml.js';
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

test('a merge with a shard missing fails (exit 2) and lists the shard as missing, by number when the pipeline file is not at hand; -o sets the output', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-');
  const first = await writeRun(pipelineDir, 'one', shardSpecs(1, 3), { shard: { index: 1, count: 3 } });
  const third = await writeRun(pipelineDir, 'three', shardSpecs(3, 3), { shard: { index: 3, count: 3 } });
  const out = join(makeTempDir('termaudit-merge-'), 'merged');
  const warnings: string[] = [];
  const { runDir, summary, latest } = await mergeRuns([first.runDir, third.runDir], { out, onWarning: (message) => warnings.push(message) });
  assert.equal(runDir, out);
  assert.equal(summary.complete, false);
  assert.equal(summary.exitCode, 2);
  // The fixtures' pipeline file (/work/pipeline/demo.yaml) is not here: the shard stands for its scenarios.
  const missing = summary.scenarios.filter((scenario) => scenario.status === 'missing');
  assert.deepEqual(missing.map(({ name, exitCode, shard }) => ({ name, exitCode, shard })), [{ name: 'shard 2/3', exitCode: 2, shard: { index: 2, count: 3 } }]);
  assert.match(missing[0]!.reason!, /^shard 2\/3 was not merged: /);
  assert.equal(summary.overall.failed, first.summary.overall.failed + third.summary.overall.failed + 1);
  assert.deepEqual(warnings, ['shard 2/3 missing (its scenarios are unknown: /work/pipeline/demo.yaml is not here or has changed): the merged run is incomplete and fails with exit 2; merge with --allow-incomplete to accept that']);
  assert.deepEqual(await readRunSummary(runDir), summary);
  // -o outside the pipeline directory: latest is left alone.
  assert.equal(latest, undefined);
  assert.equal(existsSync(join(pipelineDir, 'latest')), false);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /This run is incomplete: shard 2\/3 is missing from the merge/);
  assert.match(html, /<tr id="scenario-shard 2\/3">[\s\S]*?✘ missing/);
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  assertWellFormed(junit);
  assert.match(junit, /<testsuite name="shard 2\/3"[^>]*failures="1"[\s\S]*?<failure [^>]*type="missing"/);
});

test('with the pipeline file at hand, a missing shard lists its scenarios as missing; --allow-incomplete keeps them out of the exit code', async () => {
  const work = makeTempDir('termaudit-merge-');
  const text = `name: demo\nscenarios:\n${SCENARIOS.map((spec) => `  - { name: ${spec.name}, command: "true" }`).join('\n')}\n`;
  const path = join(work, 'demo.yaml');
  writeFileSync(path, text);
  const pipeline = { name: 'demo', path, sha256: createHash('sha256').update(text).digest('hex') };
  const passing = (specs: ScenarioSpec[]) => specs.map((spec) => ({ ...spec, status: 'passed' as const, exitCode: 0, reason: undefined }));
  const first = await writeRun(work, 'one', passing(shardSpecs(1, 2)), { shard: { index: 1, count: 2 }, pipeline });
  const inShard = selectShard(SCENARIOS.map((spec) => spec.name), { index: 2, count: 2 });
  const expected = [...inShard].sort();

  const failing = await mergeRuns([first.runDir], { out: join(work, 'failing') });
  assert.equal(failing.summary.exitCode, 2);
  const missing = failing.summary.scenarios.filter((scenario) => scenario.status === 'missing');
  assert.deepEqual(missing.map((scenario) => scenario.name).sort(), expected);
  assert.ok(missing.every((scenario) => scenario.exitCode === 2 && scenario.shard?.index === 2 && scenario.dir === scenario.name));
  assert.match(failing.warnings[0]!, new RegExp(`^shard 2/2 missing \\(scenarios ${inShard.join(', ')}\\)`));
  const junit = readFileSync(join(failing.runDir, 'junit.xml'), 'utf8');
  for (const name of expected) assert.match(junit, new RegExp(`<testsuite name="${name}"[^>]*failures="1"`));

  const allowed = await mergeRuns([first.runDir], { out: join(work, 'allowed'), allowIncomplete: true });
  assert.equal(allowed.summary.exitCode, 0);
  assert.equal(allowed.summary.complete, false);
  assert.deepEqual(allowed.summary.scenarios.filter((scenario) => scenario.status === 'missing').map((scenario) => [scenario.name, scenario.exitCode]).sort(), expected.map((name) => [name, 0]));
  assert.equal(allowed.summary.overall.failed, 0);
  assert.match(readFileSync(join(allowed.runDir, 'junit.xml'), 'utf8'), new RegExp(`<testsuite name="${expected[0]}"[^>]*skipped="1"`));
  assert.match(readFileSync(join(allowed.runDir, 'report.html'), 'utf8'), /Run passed so far/);

  // The missing shard, run later, merges with the incomplete merge into the complete run.
  const second = await writeRun(work, 'two', passing(shardSpecs(2, 2)), { shard: { index: 2, count: 2 }, pipeline });
  const whole = await mergeRuns([failing.runDir, second.runDir], { out: join(work, 'whole') });
  assert.equal(whole.summary.complete, true);
  assert.equal(whole.summary.exitCode, 0);
  assert.deepEqual(whole.summary.scenarios.map((scenario) => scenario.name), SCENARIOS.map((spec) => spec.name).sort());
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
