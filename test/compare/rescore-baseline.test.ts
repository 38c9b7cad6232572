import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compare } from '../../src/compare/index.js';
import { baselineSample, decideRescore, promptsAsScored, RESCORED_BASELINE_DIR_NAME } from '../../src/compare/rescore-baseline.js';
import { ConfigError } from '../../src/errors.js';
import { runScenario } from '../../src/scenario/index.js';
import { loadPrompt } from '../../src/evaluate/prompts.js';
import { loadScorecard } from '../../src/score/index.js';
import type { Scorecard } from '../../src/score/types.js';
import { writeCast } from '../helpers/casts.js';
import { evaluateInput } from '../helpers/evaluate-input.js';
import { chatRequests, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';

const PROMPT = fixturePath('prompts', 'minimal.md');
const OLD_MODEL = 'gpt-4.1';
const NEW_MODEL = 'gpt-6-luna';

let server: OpenAIServer;
before(async () => {
  server = await startOpenAIServer();
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.models = undefined;
});

/** answer is the judge's reply to the minimal prompt with one readability score. */
const answer = (score: number) => ({
  criteria: { readability: { applicable: true, score, rationale: `Readability ${score}.`, evidence: [{ frame: 1, quote: 'deploy' }] } },
  issues: [],
  summary: 'A deploy run.',
});

/** scoredRun records nothing: it puts a deploy cast into a run directory and has `model` score it `score` (one prompt, two frames). */
async function scoredRun(model: string, score: number): Promise<string> {
  const dir = makeTempDir('termaudit-rescore-');
  const cast = writeCast(
    [
      [0.2, 'o', '\x1b[1mdeploy\x1b[0m v1.2\r\n'],
      [1.0, 'o', '\x1b[32m✓\x1b[0m build\r\n'],
      [2.0, 'o', 'Done: deployed in 2.0s\r\n'],
    ],
    { cols: 40, rows: 8 },
  );
  copyFileSync(cast, join(dir, 'session.cast'));
  server.script({ reply: answer(score) });
  await evaluateInput(dir, { judge: 'openai', apiKey: 'sk-test', baseURL: server.baseURL, model, prompts: [PROMPT], cacheDir: makeTempDir(), sample: { frames: 2 } });
  return dir;
}

/** snapshotOf lists a directory's files with their sizes and modification times, to show it was not touched. */
function snapshotOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const info = statSync(path);
      return `${path} ${info.size} ${info.mtimeMs}`;
    })
    .sort();
}

const judgeOf = (name: 'openai' | 'heuristic', model: string) => ({ judge: { name, model } }) as unknown as Scorecard;

test('decideRescore re-scores with the current vision model when the baseline came from another judge or model, and says why not otherwise', () => {
  assert.deepEqual(decideRescore(judgeOf('openai', OLD_MODEL), judgeOf('openai', NEW_MODEL)), { rescore: true, model: NEW_MODEL });
  assert.deepEqual(decideRescore(judgeOf('heuristic', 'heuristic-1'), judgeOf('openai', NEW_MODEL)), { rescore: true, model: NEW_MODEL });
  assert.deepEqual(decideRescore(judgeOf('openai', NEW_MODEL), judgeOf('openai', NEW_MODEL)), { rescore: false, note: '--rescore-baseline: both scorecards come from openai gpt-6-luna; nothing to re-score' });
  const heuristic = decideRescore(judgeOf('openai', OLD_MODEL), judgeOf('heuristic', 'heuristic-1'));
  assert.equal(heuristic.rescore, false);
  assert.match((heuristic as { note: string }).note, /comes from the heuristic judge, not a vision model/);
});

test('promptsAsScored keeps the recorded criteria and weight, and refuses a prompt file that changed since', async () => {
  const prompt = await loadPrompt(PROMPT);
  const recorded = [{ id: prompt.id, title: prompt.title, weight: 2, path: PROMPT, sha256: prompt.sha256, criteria: [{ ...prompt.criteria[0], weight: 3 }] }];
  const [asScored] = promptsAsScored([prompt], recorded, 'evaluation.json');
  assert.equal(asScored.weight, 2);
  assert.equal(asScored.criteria[0].weight, 3);
  assert.equal(asScored.body, prompt.body);
  assert.throws(
    () => promptsAsScored([prompt], [{ ...recorded[0], sha256: 'f'.repeat(64) }], 'evaluation.json'),
    (error: unknown) => error instanceof ConfigError && /^--rescore-baseline: the prompt file .*minimal\.md changed since the current run was scored/.test(error.message),
  );
});

test('baselineSample lists the frames of a baseline scorecard with absolute files, as the sample stage hands them on', async () => {
  const baselineDir = await scoredRun(OLD_MODEL, 9);
  const loaded = await loadScorecard(baselineDir);
  const sampled = baselineSample(loaded);
  assert.equal(sampled.frames.length, loaded.scorecard.frames.length);
  assert.equal(sampled.frames[0].file, join(baselineDir, loaded.scorecard.frames[0].file));
  assert.ok(existsSync(sampled.frames[0].file));
  assert.equal(sampled.framesFile, join(baselineDir, 'sample', 'frames.json'));
  assert.equal(sampled.source.runDir, baselineDir);
});

test('compare --rescore-baseline sends the baseline frames to the current model, compares with the re-scored baseline, and leaves the baseline as it was', async () => {
  // gpt-4.1 gave the baseline 9; gpt-6-luna gives the current run 5. Without re-scoring, the switch reads as a drop.
  const baselineDir = await scoredRun(OLD_MODEL, 9);
  const currentDir = await scoredRun(NEW_MODEL, 5);
  const unscored = await compare(baselineDir, currentDir, { out: makeTempDir() });
  assert.equal(unscored.comparison.passed, false);
  assert.match(unscored.comparison.failures.join('\n'), /readability/);
  const modelWarning = (unscored.comparison.warnings ?? []).filter((line) => line.includes('different judges'));
  assert.deepEqual(modelWarning, [
    "the scorecards come from different judges (baseline: openai gpt-4.1, current: openai gpt-6-luna): scores are not comparable across models; re-score the baseline's frames with gpt-6-luna (compare --rescore-baseline; gate.rescoreBaseline in a pipeline), or re-evaluate both with the same --model",
  ]);

  const baselineFiles = snapshotOf(baselineDir);
  const baselineScorecard = await loadScorecard(baselineDir);
  server.requests.length = 0;
  // gpt-6-luna, shown the baseline's frames, scores them 5 as well: nothing dropped.
  server.script({ reply: answer(5) });
  const events: string[] = [];
  const result = await compare(baselineDir, currentDir, { rescoreBaseline: { cacheDir: makeTempDir(), onEvent: (event) => events.push(event.type) } });
  const requests = chatRequests(server);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].body.model, NEW_MODEL);
  const images = requests[0].body.messages[1].content.filter((part: { type: string }) => part.type === 'image_url');
  assert.equal(images.length, baselineScorecard.scorecard.frames.length);
  assert.ok(events.includes('estimate'), events.join(','));

  const { comparison } = result;
  assert.equal(comparison.passed, true, comparison.failures.join('\n'));
  assert.equal(comparison.criteria.find((criterion) => criterion.id === 'readability')?.baseline, 5);
  assert.equal(comparison.overall.verdict, 'unchanged');
  assert.ok(!(comparison.warnings ?? []).some((line) => line.includes('different judges')), String(comparison.warnings));
  // compare.json names the baseline as given and where its re-scored scorecard is.
  const rescoredPath = join(currentDir, RESCORED_BASELINE_DIR_NAME, 'scorecard.json');
  assert.deepEqual({ ...comparison.baseline, rescored: { ...comparison.baseline.rescored!, createdAt: '' } }, {
    path: join(baselineDir, 'scorecard.json'),
    createdAt: baselineScorecard.scorecard.createdAt,
    model: OLD_MODEL,
    rescored: { path: rescoredPath, createdAt: '', model: NEW_MODEL, calls: 1, fromCache: 0, costUsd: comparison.baseline.rescored!.costUsd },
  });
  assert.equal(comparison.settings.rescoreBaseline, true);
  const rescored = await loadScorecard(rescoredPath);
  assert.equal(rescored.scorecard.judge.model, NEW_MODEL);
  // The re-scored scorecard points at the baseline's own frames, and describes the baseline's run.
  assert.equal(join(rescored.path, '..', rescored.scorecard.frames[0].file), join(baselineDir, baselineScorecard.scorecard.frames[0].file));
  assert.equal(rescored.scorecard.run.dir, baselineDir);
  assert.deepEqual(snapshotOf(baselineDir), baselineFiles);
  assert.deepEqual(JSON.parse(readFileSync(result.path, 'utf8')).baseline.rescored.model, NEW_MODEL);

  // The same model on both sides is a note, and no request.
  server.requests.length = 0;
  const same = await compare(currentDir, currentDir, { rescoreBaseline: { cacheDir: makeTempDir() }, out: makeTempDir() });
  assert.deepEqual(same.notes, ['--rescore-baseline: both scorecards come from openai gpt-6-luna; nothing to re-score']);
  assert.equal(same.comparison.baseline.rescored, undefined);
  assert.equal(chatRequests(server).length, 0);
});

test('a baseline whose frames are missing cannot be re-scored: a ConfigError naming the frame, before any request', async () => {
  const baselineDir = await scoredRun(OLD_MODEL, 9);
  const currentDir = await scoredRun(NEW_MODEL, 5);
  const { scorecard } = await loadScorecard(baselineDir);
  rmSync(join(baselineDir, scorecard.frames[1].file));
  server.requests.length = 0;
  const out = makeTempDir();
  await assert.rejects(compare(baselineDir, currentDir, { rescoreBaseline: { cacheDir: makeTempDir() }, out }), (error: unknown) => {
    assert.ok(error instanceof ConfigError && error.exitCode === 1, String(error));
    assert.match(error.message, /^--rescore-baseline: frame 2 of the baseline is missing \(.*ENOENT\); the baseline cannot be re-scored/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
  assert.equal(chatRequests(server).length, 0);
  assert.deepEqual(readdirSync(out), []);
});

test('a re-scoring model whose shutdown date has passed is refused with exit 1 before any request, naming the replacement', async () => {
  const baselineDir = await scoredRun(OLD_MODEL, 9);
  const currentDir = await scoredRun(NEW_MODEL, 5);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  server.models = [{ id: NEW_MODEL, shutdown_date: yesterday }, { id: OLD_MODEL }];
  server.requests.length = 0;
  const out = join(makeTempDir(), 'gate');
  mkdirSync(out);
  await assert.rejects(
    compare(baselineDir, currentDir, { rescoreBaseline: { cacheDir: makeTempDir() }, pairwise: { baseURL: server.baseURL, apiKey: 'sk-test', cacheDir: makeTempDir() }, out }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.exitCode === 1 &&
      error.message === `model "gpt-6-luna" was shut down on ${yesterday} (from the server's list-models entry), so no call is sent: choose another model with --model (see termaudit models --live and https://developers.openai.com/api/docs/deprecations)`,
  );
  assert.equal(chatRequests(server).length, 0);
  assert.deepEqual(readdirSync(out), []);
});

test("a pipeline scenario's compare stage with gate.rescoreBaseline re-scores the baseline with the scenario's model", async () => {
  const baselineDir = await scoredRun(OLD_MODEL, 9);
  const currentDir = await scoredRun(NEW_MODEL, 5);
  server.requests.length = 0;
  server.script({ reply: answer(5) });
  const warnings: string[] = [];
  const outcome = await runScenario(
    {
      stages: ['compare'],
      dir: currentDir,
      evaluate: { judge: { judge: 'openai', model: NEW_MODEL, baseURL: server.baseURL, apiKey: 'sk-test', cacheDir: makeTempDir() } },
      gate: { baselineDir, rescoreBaseline: true },
    },
    { onWarning: (message) => warnings.push(message) },
  );
  assert.equal(outcome.failure, undefined, String(outcome.failure));
  assert.equal(outcome.comparison?.baseline.rescored?.model, NEW_MODEL);
  assert.deepEqual(outcome.gateFailures, []);
  assert.equal(chatRequests(server).length, 1);
  assert.ok(!warnings.some((line) => line.includes('different judges')), warnings.join('\n'));
});
