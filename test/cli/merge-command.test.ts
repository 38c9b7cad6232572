import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectShard } from '../../src/pipeline/shard.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { PIPELINE, SCENARIOS, writeRun, type ScenarioSpec } from '../fixtures/merge/shard-runs.js';

const shardSpecs = (specs: ScenarioSpec[], index: number, count: number): ScenarioSpec[] => {
  const names = new Set(selectShard(specs.map((spec) => spec.name), { index, count }));
  return specs.filter((spec) => names.has(spec.name));
};

const passing = SCENARIOS.filter((spec) => spec.status === 'passed');
const qualityOnly = SCENARIOS.filter((spec) => spec.status === 'passed' || spec.status === 'quality-gate-failed');

test('merge of passing shards prints the table and exits 0', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-cli-');
  const one = await writeRun(pipelineDir, 'one', shardSpecs(passing, 1, 2), { shard: { index: 1, count: 2 } });
  const two = await writeRun(pipelineDir, 'two', shardSpecs(passing, 2, 2), { shard: { index: 2, count: 2 } });
  const run = await runCli(['merge', one.runDir, two.runDir]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n');
  assert.match(lines[0]!, /^scenario\s+status\s+exit\s+overall\s+reason$/);
  assert.match(lines[1]!, /^export\s+passed\s+0\s+6\.5$/);
  assert.match(run.stdout, /\n3 passed, 0 failed · mean overall 7\.2 · exit 0\n\nrun: .*one-merged\nreport: .*one-merged\/report\.html\nlatest: .*latest\n$/);
  assert.ok(existsSync(join(pipelineDir, 'one-merged', 'junit.xml')));
});

test('merge exits 5 when a scenario failed its quality gate, and 2 when a gate closed', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-cli-');
  const one = await writeRun(pipelineDir, 'one', shardSpecs(qualityOnly, 1, 2), { shard: { index: 1, count: 2 } });
  const two = await writeRun(pipelineDir, 'two', shardSpecs(qualityOnly, 2, 2), { shard: { index: 2, count: 2 } });
  const quality = await runCli(['merge', one.runDir, two.runDir, '-o', join(pipelineDir, 'merged')]);
  assert.equal(quality.code, 5, quality.stderr);
  assert.match(quality.stdout, /\nsearch\s+quality-gate-failed\s+5\s+5\.0\s+overall 5\.0 is below 6\n/);

  const all = makeTempDir('termaudit-merge-cli-');
  const a = await writeRun(all, 'a', shardSpecs(SCENARIOS, 1, 2), { shard: { index: 1, count: 2 } });
  const b = await writeRun(all, 'b', shardSpecs(SCENARIOS, 2, 2), { shard: { index: 2, count: 2 } });
  const closed = await runCli(['merge', a.runDir, b.runDir]);
  assert.equal(closed.code, 2, closed.stderr);
  assert.match(closed.stdout, /\nhelp\s+gate-closed\s+2\s+—\s+pretest: the pretest saw "Error: <no tty>" & stopped\n/);
});

test('a missing shard fails the merge with exit 2 unless --allow-incomplete; mismatched pipelines exit 1 with one termaudit line', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-cli-');
  const one = await writeRun(pipelineDir, 'one', shardSpecs(passing, 1, 2), { shard: { index: 1, count: 2 } });
  const partial = await runCli(['merge', one.runDir]);
  assert.equal(partial.code, 2, partial.stderr);
  assert.match(partial.stderr, /^warning: shard 2\/2 missing \(its scenarios are unknown: .*\): the merged run is incomplete and fails with exit 2; merge with --allow-incomplete to accept that\n$/);
  assert.match(partial.stdout, /\nshard 2\/2\s+missing\s+2\s+—\s+shard 2\/2 was not merged: /);
  assert.match(partial.stdout, / · exit 2 · incomplete\n/);

  const allowed = await runCli(['merge', one.runDir, '--allow-incomplete', '-o', join(pipelineDir, 'allowed')]);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stderr, /^warning: shard 2\/2 missing .*: the merged run is incomplete \(--allow-incomplete\)\n$/);
  assert.match(allowed.stdout, / · exit 0 · incomplete\n/);

  const other = await writeRun(pipelineDir, 'other', shardSpecs(passing, 2, 2), { shard: { index: 2, count: 2 }, pipeline: { ...PIPELINE, sha256: 'c'.repeat(64) } });
  const mismatch = await runCli(['merge', one.runDir, other.runDir, '-o', join(pipelineDir, 'never')]);
  assert.equal(mismatch.code, 1);
  assert.equal(mismatch.stdout, '');
  assert.match(mismatch.stderr, /^termaudit: merge: .*other is a run of pipeline "demo" \(sha256 cccccccccccc\) but .*one is of "demo" \(sha256 aaaaaaaaaaaa\); merge only shards of the same pipeline file\n$/);
  assert.equal(existsSync(join(pipelineDir, 'never')), false);

  const usage = await runCli(['merge']);
  assert.equal(usage.code, 1);
});

test('two merges into one directory at once: one writes it, the other is refused with exit 1 and touches nothing', async () => {
  const pipelineDir = makeTempDir('termaudit-merge-cli-');
  const one = await writeRun(pipelineDir, 'one', shardSpecs(passing, 1, 2), { shard: { index: 1, count: 2 } });
  const two = await writeRun(pipelineDir, 'two', shardSpecs(passing, 2, 2), { shard: { index: 2, count: 2 } });
  const out = join(pipelineDir, 'merged');
  const runs = await Promise.all([1, 2].map(() => runCli(['merge', one.runDir, two.runDir, '-o', out])));
  assert.deepEqual(runs.map((run) => run.code).sort(), [0, 1], runs.map((run) => run.stderr).join('\n'));
  const refused = runs.find((run) => run.code === 1)!;
  assert.match(refused.stderr, /^termaudit: merge: .*merged (is being written by another termaudit merge|already exists and is not empty)/m);
  const summary = JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8'));
  assert.equal(summary.scenarios.length, passing.length);
  assert.ok(!existsSync(join(out, '.termaudit.lock')), 'the lock is released');
});
