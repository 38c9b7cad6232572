import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare } from '../../src/compare/index.js';
import type { Comparison } from '../../src/compare/types.js';
import { ConfigError } from '../../src/errors.js';
import { writeCast } from '../helpers/casts.js';
import { makeTempDir } from '../helpers/paths.js';
import { BASELINE_FIXTURE, baselineScorecard, withScores, writeScorecard } from './scorecard-fixture.js';

test('compare writes compare.json beside the current scorecard with settings, verdicts and failures', async () => {
  const currentDir = await writeScorecard(withScores(baselineScorecard(), { feedback: 5, overall: 6.3 }), { r: 0, g: 0, b: 0 });
  const result = await compare(BASELINE_FIXTURE, join(currentDir, 'scorecard.json'), { minCriterionScores: { contrast: 7 } });
  assert.equal(result.path, join(currentDir, 'compare.json'));
  const written = JSON.parse(readFileSync(result.path, 'utf8')) as Comparison;
  assert.deepEqual(written, JSON.parse(JSON.stringify(result.comparison)));
  assert.equal(written.version, 1);
  assert.ok(!Number.isNaN(Date.parse(written.createdAt)));
  assert.deepEqual(written.baseline, { path: BASELINE_FIXTURE, createdAt: '2026-11-20T10:00:00.000Z', model: 'gpt-4.1' });
  assert.equal(written.current.path, join(currentDir, 'scorecard.json'));
  assert.deepEqual(written.settings, { maxDrop: 1, minCriterionScores: { contrast: 7 }, pairwise: false });
  assert.equal(written.overall.verdict, 'unchanged');
  assert.equal(written.overall.delta, -0.7);
  assert.equal(written.criteria.find((criterion) => criterion.id === 'feedback')?.verdict, 'dropped');
  assert.deepEqual(written.screens, []);
  assert.equal(written.passed, false);
  assert.equal(written.failures.length, 1);
  assert.deepEqual(written.warnings, []);
});

test('compare writes into --out instead, creating it', async () => {
  const out = join(makeTempDir(), 'gate', 'nested');
  const result = await compare(BASELINE_FIXTURE, BASELINE_FIXTURE, { out });
  assert.equal(result.path, join(out, 'compare.json'));
  assert.equal(result.comparison.passed, true);
  assert.ok(existsSync(result.path));
});

test('a missing or invalid scorecard is a ConfigError and writes nothing', async () => {
  const dir = makeTempDir();
  await assert.rejects(compare(BASELINE_FIXTURE, dir), (error: unknown) => error instanceof ConfigError && /scorecard\.json/.test(error.message));
  const invalid = baselineScorecard() as unknown as Record<string, unknown>;
  delete invalid.overall;
  writeFileSync(join(dir, 'scorecard.json'), JSON.stringify(invalid));
  await assert.rejects(compare(BASELINE_FIXTURE, dir), (error: unknown) => error instanceof ConfigError && /overall/.test(error.message));
  assert.equal(existsSync(join(dir, 'compare.json')), false);
});

test('two run directories with recordings get their screens diffed, and a changed screen past the limit fails', async () => {
  const runWith = async (text: string) => {
    const dir = await writeScorecard(baselineScorecard(), { r: 0, g: 0, b: 0 });
    copyFileSync(writeCast([[0.1, 'o', `$ demo\r\n${text}`]], { cols: 20, rows: 5, duration: 1 }), join(dir, 'session.cast'));
    return dir;
  };
  const baselineDir = await runWith('ready');
  const same = await compare(baselineDir, await runWith('ready'), { maxDiffPixels: 0 });
  assert.ok(same.comparison.screens.length > 0);
  assert.equal(same.comparison.passed, true, same.comparison.failures.join('\n'));

  const currentDir = await runWith('broken');
  const changed = await compare(baselineDir, currentDir, { maxDiffPixels: 0 });
  const failed = changed.comparison.screens.filter((screen) => screen.failed);
  assert.ok(failed.length > 0);
  assert.equal(changed.comparison.passed, false);
  assert.ok(changed.comparison.failures.some((line) => line.startsWith(`screen "${failed[0].name}" changed: ${failed[0].diffPixels} pixels differ`)));
  // Image paths are relative to compare.json's directory.
  assert.ok(existsSync(join(currentDir, failed[0].currentImage)), failed[0].currentImage);
});
