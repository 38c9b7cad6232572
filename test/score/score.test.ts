import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ConfigError, ExecutionError } from '../../src/errors.js';
import { readGitState, score, SCORECARD_FILE_NAME, validateScorecard, type Scorecard } from '../../src/score/index.js';
import { writeCast } from '../helpers/casts.js';
import { startOpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';
import { evaluateInput } from '../helpers/evaluate-input.js';

const twoPrompts = [join(repoRoot, 'prompts/visual-clarity.md'), join(repoRoot, 'prompts/user-experience.md')];

/** runWithMeta writes a cast and a meta.json like `termaudit record` does, in one directory. */
function runWithMeta(cwd: string): string {
  const cast = writeCast(
    [
      [0.2, 'o', '\x1b[1mdeploy\x1b[0m v1.2\r\n'],
      [1.2, 'o', '\x1b[31m✗\x1b[0m upload failed: timeout\r\n'],
      [2.0, 'o', '\x1b[32m✓\x1b[0m upload (retry)\r\nDone\r\n'],
    ],
    { cols: 60, rows: 12 },
  );
  const meta = { toolVersion: '0.1.0', command: ['node', 'deploy.mjs', '--fast'], cwd, terminal: { cols: 60, rows: 12 }, startedAt: '2026-11-25T23:50:31.578Z', durationSeconds: 2.05, cast: 'session.cast' };
  writeFileSync(join(dirname(cast), 'meta.json'), JSON.stringify(meta));
  return cast;
}

const readScorecard = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Scorecard;
const withoutCreatedAt = ({ createdAt, ...rest }: Scorecard) => rest;

test('evaluate writes a valid scorecard.json beside evaluation.json, and score rebuilds the same content', async () => {
  const cast = runWithMeta(makeTempDir());
  const result = await evaluateInput(cast, { judge: 'heuristic', prompts: twoPrompts, samples: 2 });
  const dir = dirname(cast);
  assert.equal(result.scorecardPath, join(dir, SCORECARD_FILE_NAME));
  const written = validateScorecard(readScorecard(result.scorecardPath), result.scorecardPath);
  assert.deepEqual(written.run.command, ['node', 'deploy.mjs', '--fast']);
  assert.equal(written.run.recordedAt, '2026-11-25T23:50:31.578Z');
  assert.equal(written.run.duration, 2.05);
  assert.equal(written.run.dir, dir);
  assert.equal(written.run.git, undefined);
  assert.equal(written.judge.name, 'heuristic');
  assert.equal(written.judge.samples, 2);
  assert.deepEqual(written.judge.prompts.map((prompt) => prompt.id), ['visual-clarity', 'user-experience']);
  assert.equal(written.complete, true);
  assert.ok(written.overall.score !== null && written.overall.score >= 1 && written.overall.score <= 10, `overall ${written.overall.score}`);
  assert.equal(written.criteria.length, result.document.results.reduce((sum, prompt) => sum + prompt.criteria.length, 0));
  // Frames are relative to the scorecard and point at the PNGs whose hashes they carry.
  assert.equal(written.frames.length, result.document.frames.length);
  for (const frame of written.frames) {
    assert.match(frame.file, /^sample\/frames\/\d+\.png$/);
    assert.equal(createHash('sha256').update(readFileSync(join(dir, frame.file))).digest('hex'), frame.hash);
  }

  const rebuilt = await score(join(dir, 'evaluation.json'));
  assert.equal(rebuilt.path, result.scorecardPath);
  assert.deepEqual(withoutCreatedAt(readScorecard(rebuilt.path)), withoutCreatedAt(written));
  // A run directory works as input too, and -o puts the scorecard elsewhere with frame paths relative to it.
  const out = makeTempDir();
  const elsewhere = await score(dir, { out });
  assert.equal(elsewhere.path, join(out, SCORECARD_FILE_NAME));
  assert.ok(existsSync(join(out, elsewhere.scorecard.frames[0].file)));
});

test('an evaluation with a failed prompt still writes a scorecard, incomplete, scored by the other prompt', async () => {
  const server = await startOpenAIServer();
  try {
    // The first call (visual-clarity) gets two unparseable replies and fails; user-experience answers.
    server.script({ reply: 'not json' }, { reply: 'still not json' });
    const cast = runWithMeta(makeTempDir());
    await assert.rejects(
      evaluateInput(cast, { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, concurrency: 1, prompts: twoPrompts, sample: { frames: 2 } }),
      (error: unknown) => error instanceof ExecutionError && /1 of 2 judge calls failed/.test(error.message),
    );
    const scorecard = validateScorecard(readScorecard(join(dirname(cast), SCORECARD_FILE_NAME)), 'partial');
    assert.equal(scorecard.complete, false);
    assert.equal(scorecard.judge.failedCalls, 1);
    assert.ok(scorecard.warnings.some((warning) => /prompt visual-clarity: no call answered/.test(warning)), scorecard.warnings.join('\n'));
    for (const criterion of scorecard.criteria) {
      const fromFailed = criterion.prompts.every((item) => item.prompt === 'visual-clarity');
      assert.equal(criterion.score === null, fromFailed, `${criterion.id}: ${criterion.score}`);
    }
    assert.ok(scorecard.overall.score !== null);
  } finally {
    await server.close();
  }
});

test('the scorecard names the git commit of the recorded command cwd when it is a checkout', async (t) => {
  const git = await readGitState(repoRoot);
  if (!git) {
    t.skip('the termaudit checkout has no git metadata here');
    return;
  }
  assert.match(git.commit, /^[0-9a-f]{40}$/);
  const cast = runWithMeta(repoRoot);
  const result = await evaluateInput(cast, { judge: 'heuristic', prompts: twoPrompts.slice(0, 1) });
  assert.deepEqual(readScorecard(result.scorecardPath).run.git, git);
});

test('a directory that is not a git checkout has no git state, without an error', async () => {
  assert.equal(await readGitState(makeTempDir()), undefined);
  assert.equal(await readGitState(join(makeTempDir(), 'gone')), undefined);
});

test('score reports a missing or foreign evaluation.json as a ConfigError naming the file', async () => {
  const empty = makeTempDir();
  await assert.rejects(score(empty), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${join(empty, 'evaluation.json')}: no such file`));
  const foreign = join(makeTempDir(), 'evaluation.json');
  writeFileSync(foreign, JSON.stringify({ version: 1, results: [] }));
  await assert.rejects(score(foreign), (error: unknown) => error instanceof ConfigError && /not an evaluation\.json of version 1 \(missing input, judge/.test(error.message));
});
