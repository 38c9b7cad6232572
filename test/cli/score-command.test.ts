import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCORECARD_FILE_NAME, type Scorecard } from '../../src/score/index.js';
import { writeCast } from '../helpers/casts.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';
import { evaluateInput } from '../helpers/evaluate-input.js';

const readScorecard = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Scorecard;
const withoutCreatedAt = ({ createdAt, ...rest }: Scorecard) => rest;

test('termaudit score rebuilds the scorecard evaluate wrote and prints the overall and per-criterion scores', async () => {
  const cast = writeCast(
    [
      [0.2, 'o', 'build \x1b[32mok\x1b[0m\r\n'],
      [1.0, 'o', '\x1b[31merror:\x1b[0m disk full\r\n'],
    ],
    { cols: 40, rows: 8 },
  );
  const dir = dirname(cast);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ command: ['make'], cwd: dir, terminal: { cols: 40, rows: 8 }, durationSeconds: 1.1 }));
  const evaluated = await evaluateInput(cast, { judge: 'heuristic', prompts: [join(repoRoot, 'prompts/visual-clarity.md')] });
  const before = readScorecard(evaluated.scorecardPath);

  const run = await runCli(['score', join(dir, 'evaluation.json')]);
  assert.equal(run.code, 0, run.stderr);
  const after = readScorecard(join(dir, SCORECARD_FILE_NAME));
  assert.deepEqual(withoutCreatedAt(after), withoutCreatedAt(before));
  assert.match(run.stdout, new RegExp(`overall ${before.overall.score!.toFixed(1)}/10 \\(${before.overall.assessed} of ${before.overall.criteria} criteria assessed\\)`));
  for (const criterion of before.criteria) assert.ok(run.stdout.includes(`${criterion.title} (${criterion.id})`), `${criterion.id} missing from:\n${run.stdout}`);
  assert.match(run.stdout, /^issues: /m);
  assert.ok(run.stdout.trimEnd().endsWith(`scorecard: ${join(dir, SCORECARD_FILE_NAME)}`));

  const out = makeTempDir();
  const moved = await runCli(['score', dir, '-o', out]);
  assert.equal(moved.code, 0, moved.stderr);
  assert.equal(readScorecard(join(out, SCORECARD_FILE_NAME)).overall.score, before.overall.score);
});

test('termaudit score with a missing or unreadable input prints one termaudit line and exits 1', async () => {
  const missing = await runCli(['score', join(makeTempDir(), 'nothing.json')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^termaudit: .*nothing\.json: no such file/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);

  const broken = join(makeTempDir(), 'evaluation.json');
  writeFileSync(broken, '{"version": 1,');
  const bad = await runCli(['score', broken]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^termaudit: .*evaluation\.json: not valid JSON/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
