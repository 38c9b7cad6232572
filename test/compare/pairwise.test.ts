import { DEFAULT_MODEL } from '../../src/evaluate/judge-settings.js';
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare } from '../../src/compare/index.js';
import { askPairwise, combinePairwise, comparePairwise, estimatePairwiseCost, PAIRWISE_MAX_FRAMES, PAIRWISE_SCHEMA_NAME, parsePairwiseAnswer, preparePairwise, type PairwiseOptions } from '../../src/compare/pairwise.js';
import { findModel } from '../../src/evaluate/models.js';
import type { Comparison } from '../../src/compare/types.js';
import { ConfigError, ExecutionError } from '../../src/errors.js';
import { loadScorecard } from '../../src/score/index.js';
import { chatRequests, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir } from '../helpers/paths.js';
import { baselineScorecard, writeScorecard } from './scorecard-fixture.js';

let server: OpenAIServer;
let baselineDir: string;
let currentDir: string;

before(async () => {
  server = await startOpenAIServer();
  baselineDir = await writeScorecard(baselineScorecard(), { r: 200, g: 0, b: 0 });
  const current = baselineScorecard();
  current.frames[1].time = 73.44;
  currentDir = await writeScorecard(current, { r: 0, g: 0, b: 200 });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.models = undefined;
  server.defaultUsage = { promptTokens: 1000, cachedTokens: 0, completionTokens: 100 };
});

const options = (): PairwiseOptions => ({ baseURL: server.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5000, cacheDir: makeTempDir() });
const both = async () => Promise.all([loadScorecard(baselineDir), loadScorecard(currentDir)]);
const pngUrl = (dir: string, file: string) => `data:image/png;base64,${readFileSync(join(dir, file)).toString('base64')}`;

test('combinePairwise maps A/B back to the runs of each order and fails only when both orders prefer the baseline', () => {
  const a = { preferred: 'A' as const, rationale: 'a' };
  const b = { preferred: 'B' as const, rationale: 'b' };
  const tie = { preferred: 'tie' as const, rationale: 't' };
  assert.deepEqual(
    [
      [a, b],
      [a, a],
      [b, b],
      [b, a],
      [a, tie],
    ].map(([first, second]) => {
      const verdict = combinePairwise(first, second, 0);
      return [verdict.baselineFirst, verdict.currentFirst, verdict.currentWorse];
    }),
    [
      ['baseline', 'baseline', true],
      ['baseline', 'current', false],
      ['current', 'baseline', false],
      ['current', 'current', false],
      ['baseline', 'tie', false],
    ],
  );
});

test('parsePairwiseAnswer accepts the schema shape and names what is wrong otherwise', () => {
  assert.deepEqual(parsePairwiseAnswer('{"preferred":"tie","rationale":" same "}'), { answer: { preferred: 'tie', rationale: 'same' } });
  assert.deepEqual(parsePairwiseAnswer('```json\n{"preferred":"A","rationale":"x"}\n```'), { answer: { preferred: 'A', rationale: 'x' } });
  assert.match((parsePairwiseAnswer('{"preferred":"C","rationale":"x"}') as { error: string }).error, /"preferred" must be/);
  assert.match((parsePairwiseAnswer('nope') as { error: string }).error, /not JSON/);
});

test('when both orders prefer the baseline the current run is worse, and the two requests show the runs in swapped order', async () => {
  server.script({ reply: { preferred: 'A', rationale: 'A shows progress.' } }, { reply: { preferred: 'B', rationale: 'B shows progress.' } });
  const [baseline, current] = await both();
  const verdict = await comparePairwise(baseline, current, options());
  assert.equal(verdict.baselineFirst, 'baseline');
  assert.equal(verdict.currentFirst, 'baseline');
  assert.equal(verdict.currentWorse, true);
  assert.match(verdict.rationale, /Baseline shown first \(preferred baseline\): A shows progress\.\nCurrent shown first \(preferred baseline\): B shows progress\./);
  // The default model, gpt-6-luna: 2 calls × (1000 input × $0.10 + 100 output × $0.50) / 1M.
  assert.ok(Math.abs(verdict.costUsd - 0.0003) < 1e-12, `cost ${verdict.costUsd}`);

  const requests = chatRequests(server);
  assert.equal(requests.length, 2);
  const [first, second] = requests.map((request) => request.body);
  for (const body of [first, second]) {
    assert.equal(body.model, 'gpt-6-luna');
    assert.equal(body.response_format.type, 'json_schema');
    assert.equal(body.response_format.json_schema.name, PAIRWISE_SCHEMA_NAME);
    assert.equal(body.response_format.json_schema.strict, true);
    assert.deepEqual(body.response_format.json_schema.schema.properties.preferred.enum, ['A', 'B', 'tie']);
  }
  const labels = (body: any) => body.messages[1].content.filter((part: any) => part.type === 'text').map((part: any) => part.text);
  const images = (body: any) => body.messages[1].content.filter((part: any) => part.type === 'image_url').map((part: any) => part.image_url);
  assert.deepEqual(labels(first), ['Run A: 2 frames', 'Run A · Frame 1 · 00:00.0', 'Run A · Frame 2 · 00:04.5', 'Run B: 2 frames', 'Run B · Frame 1 · 00:00.0', 'Run B · Frame 2 · 01:13.4']);
  assert.deepEqual(labels(second), ['Run A: 2 frames', 'Run A · Frame 1 · 00:00.0', 'Run A · Frame 2 · 01:13.4', 'Run B: 2 frames', 'Run B · Frame 1 · 00:00.0', 'Run B · Frame 2 · 00:04.5']);
  const baselineImages = [pngUrl(baselineDir, 'sample/frames/01.png'), pngUrl(baselineDir, 'sample/frames/02.png')];
  const currentImages = [pngUrl(currentDir, 'sample/frames/01.png'), pngUrl(currentDir, 'sample/frames/02.png')];
  assert.notDeepEqual(baselineImages, currentImages);
  assert.deepEqual(images(first), [...baselineImages, ...currentImages].map((url) => ({ url, detail: 'high' })));
  assert.deepEqual(images(second), [...currentImages, ...baselineImages].map((url) => ({ url, detail: 'high' })));
});

test('when the two orders disagree (position bias) the current run is not worse', async () => {
  // The judge always prefers whichever run it sees first.
  server.script({ reply: { preferred: 'A', rationale: 'First is better.' } }, { reply: { preferred: 'A', rationale: 'First is better.' } });
  const [baseline, current] = await both();
  const verdict = await comparePairwise(baseline, current, options());
  assert.deepEqual([verdict.baselineFirst, verdict.currentFirst, verdict.currentWorse], ['baseline', 'current', false]);
});

test('compare with pairwise writes the verdict into compare.json and fails the gate when the current run is worse', async () => {
  server.script({ reply: { preferred: 'A', rationale: 'x' } }, { reply: { preferred: 'B', rationale: 'y' } });
  const result = await compare(baselineDir, currentDir, { pairwise: options() });
  const written = JSON.parse(readFileSync(result.path, 'utf8')) as Comparison;
  assert.equal(result.path, join(currentDir, 'compare.json'));
  assert.equal(written.pairwise?.currentWorse, true);
  assert.equal(written.settings.pairwise, true);
  assert.equal(written.passed, false);
  assert.deepEqual(written.failures, ['pairwise: the judge preferred the baseline in both orders (baseline shown first and current shown first)']);
});

test('a failed pairwise call still writes compare.json with the score verdicts and returns the ExecutionError', async () => {
  server.script({ status: 500 });
  const result = await compare(baselineDir, currentDir, { pairwise: options() });
  assert.ok(result.pairwiseError instanceof ExecutionError, String(result.pairwiseError));
  assert.match(result.pairwiseError.message, /HTTP 500/);
  const written = JSON.parse(readFileSync(result.path, 'utf8')) as Comparison;
  assert.equal(written.pairwise, undefined);
  assert.equal(written.overall.verdict, 'unchanged');
  assert.equal(written.passed, false);
  assert.match(written.failures[0], /^pairwise comparison failed: .*HTTP 500/);
});

test('pairwise estimates its two calls and honours --max-cost as evaluate does: refused before any call, and before compare.json', async () => {
  const [baseline, current] = await both();
  await assert.rejects(comparePairwise(baseline, current, { ...options(), model: 'my-vlm', maxCost: 1 }), (error: unknown) => error instanceof ConfigError && /^--max-cost: model "my-vlm" has no known price/.test(error.message));
  const dir = makeTempDir();
  await assert.rejects(compare(baselineDir, currentDir, { pairwise: { ...options(), maxCost: 0.000001 }, out: dir }), (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /^the estimated cost \$\d+\.\d{4} of the pairwise comparison \(2 calls × 4 frames on gpt-6-luna\) is above --max-cost \$0\.000001; raise it, or compare without --pairwise$/);
    return true;
  });
  assert.equal(chatRequests(server).length, 0);
  assert.equal(existsSync(join(dir, 'compare.json')), false);

  // A price given for a model the registry does not know prices the estimate and the calls.
  server.script({ reply: { preferred: 'tie', rationale: 'x' } }, { reply: { preferred: 'tie', rationale: 'y' } });
  const result = await compare(baselineDir, currentDir, { pairwise: { ...options(), model: 'my-vlm', price: { input: 1000, cachedInput: 1000, output: 4000 }, maxCost: 100 }, out: dir });
  const written = JSON.parse(readFileSync(result.path, 'utf8')) as Comparison;
  assert.equal(written.pairwise?.estimate?.calls, 2);
  assert.ok((written.pairwise?.estimate?.costUsd ?? 0) > 0);
  // 2 calls × (1000 input × $1000 + 100 output × $4000) / 1M.
  assert.ok(Math.abs(written.pairwise!.costUsd - 2.8) < 1e-9, String(written.pairwise?.costUsd));
});

test('an invalid reply is an ExecutionError and a missing frame file a ConfigError naming it', async () => {
  server.script({ reply: 'not json' });
  const [baseline, current] = await both();
  await assert.rejects(comparePairwise(baseline, current, options()), (error: unknown) => error instanceof ExecutionError && /no valid pairwise answer/.test(error.message));
  const missing = { ...current, scorecard: { ...current.scorecard, frames: [{ ...current.scorecard.frames[0], file: 'sample/frames/99.png' }] } };
  await assert.rejects(comparePairwise(baseline, missing, options()), (error: unknown) => error instanceof ConfigError && /99\.png/.test(error.message));
});

test('a pairwise model whose shutdown date has passed is refused with exit 1 before any request, naming the replacement', async () => {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  server.models = [{ id: 'gpt-4.1', shutdown_date: yesterday }];
  const [baseline, current] = await both();
  await assert.rejects(
    comparePairwise(baseline, current, { ...options(), model: 'gpt-4.1' }),
    (error: unknown) => error instanceof ConfigError && error.exitCode === 1 && error.message === `model "gpt-4.1" was shut down on ${yesterday} (from the server's list-models entry), so no call is sent: OpenAI names gpt-6-luna as its replacement (--model gpt-6-luna)`,
  );
  const dir = makeTempDir();
  await assert.rejects(compare(baselineDir, currentDir, { pairwise: { ...options(), model: 'gpt-4.1' }, out: dir }), (error: unknown) => error instanceof ConfigError && /was shut down/.test(error.message));
  assert.equal(chatRequests(server).length, 0);
  assert.equal(existsSync(join(dir, 'compare.json')), false);
});

test("a pairwise model within 90 days of its shutdown is used, and compare.json carries the warning", async () => {
  const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  server.models = [{ id: 'gpt-6-luna', shutdown_date: soon }];
  server.script({ reply: { preferred: 'tie', rationale: 'x' } }, { reply: { preferred: 'tie', rationale: 'y' } });
  const result = await compare(baselineDir, currentDir, { pairwise: options(), out: makeTempDir() });
  assert.equal(chatRequests(server).length, 2);
  assert.ok(result.comparison.warnings?.includes(`gpt-6-luna shuts down on ${soon} (20 days): choose another model with --model (see termaudit models --live and https://developers.openai.com/api/docs/deprecations)`), String(result.comparison.warnings));
});

/** twelveFrames returns the fixture scorecard with 12 frames, 5 s apart. */
function twelveFrames(): ReturnType<typeof baselineScorecard> {
  const scorecard = baselineScorecard();
  const [first] = scorecard.frames;
  scorecard.frames = Array.from({ length: 12 }, (_, index) => ({ ...first, number: index + 1, time: index * 5, label: `Frame ${index + 1}`, file: `sample/frames/${String(index + 1).padStart(2, '0')}.png` }));
  return scorecard;
}

test('each run shows at most PAIRWISE_MAX_FRAMES frames, spread evenly with the first and the last, under their own numbers; the estimate counts what is shown', async () => {
  const [baseline, current] = await Promise.all([writeScorecard(twelveFrames(), { r: 200, g: 0, b: 0 }), writeScorecard(twelveFrames(), { r: 0, g: 0, b: 200 })].map(async (dir) => loadScorecard(await dir)));
  const prepared = await preparePairwise(baseline, current, options());
  assert.equal(PAIRWISE_MAX_FRAMES, 6);
  assert.deepEqual(prepared.baselineFrames.map((frame) => frame.number), [1, 3, 5, 8, 10, 12]);
  assert.deepEqual(prepared.currentFrames.map((frame) => frame.number), [1, 3, 5, 8, 10, 12]);
  assert.deepEqual([prepared.estimate?.calls, prepared.estimate?.frames, prepared.estimate?.framesListed], [2, 12, 24]);
  // The estimate is the two calls of the 12 frames shown, at the pairwise answer's length.
  const shown = [...prepared.baselineFrames, ...prepared.currentFrames].map((frame) => ({ width: frame.width, height: frame.height }));
  assert.equal(prepared.estimate?.costUsd, estimatePairwiseCost(findModel(DEFAULT_MODEL)!, shown).costUsd);
  server.script({ reply: { preferred: 'tie', rationale: 'Same.' } }, { reply: { preferred: 'tie', rationale: 'Same.' } });
  await askPairwise(prepared);
  const labels = chatRequests(server)[0].body.messages[1].content.filter((part: any) => part.type === 'text').map((part: any) => part.text);
  assert.equal(labels[0], 'Run A: 6 frames');
  assert.equal(labels[1], 'Run A · Frame 1 · 00:00.0');
  assert.equal(labels[6], 'Run A · Frame 12 · 00:55.0');
  assert.equal(chatRequests(server)[0].body.messages[1].content.filter((part: any) => part.type === 'image_url').length, 12);

  const two = await preparePairwise(baseline, current, { ...options(), maxFrames: 2 });
  assert.deepEqual(two.baselineFrames.map((frame) => frame.number), [1, 12]);
  assert.ok(two.estimate!.costUsd < prepared.estimate!.costUsd);
  await assert.rejects(preparePairwise(baseline, current, { ...options(), maxFrames: 0 }), (error: unknown) => error instanceof ConfigError && /^--pairwise-frames: /.test(error.message));
});
