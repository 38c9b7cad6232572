import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateEvaluationCost, findModel, OUTPUT_TOKENS_PER_ANSWER } from '../../src/evaluate/models.js';
import { requestRubricText } from '../../src/evaluate/openai-judge.js';
import { answerOutputTokens, COMBINED_SHARED_OUTPUT_TOKENS, costEntries, planRequests, shareUsage } from '../../src/evaluate/request-plan.js';
import { estimateTextTokens } from '../../src/evaluate/models.js';
import type { JudgeUsage, RubricPrompt } from '../../src/evaluate/types.js';

const prompt = (id: string): RubricPrompt => ({
  id,
  title: id,
  weight: 1,
  criteria: [{ id: `${id}-a`, title: 'A', weight: 1, description: 'a' }],
  body: `Anchors of ${id}.`,
  path: `/p/${id}.md`,
  sha256: id,
});
const [one, two, three] = [prompt('one'), prompt('two'), prompt('three')];
const shape = (plan: ReturnType<typeof planRequests>) => plan.map((request) => [request.prompts.map((item) => item.id), request.samples]);

test('planRequests: per prompt, every sample as a choice; combined, one request; a judge without batches, one per answer', () => {
  assert.deepEqual(shape(planRequests([one, two], 3, 'per-prompt', true)), [[['one'], [0, 1, 2]], [['two'], [0, 1, 2]]]);
  assert.deepEqual(shape(planRequests([one, two], 3, 'combined', true)), [[['one', 'two'], [0, 1, 2]]]);
  assert.deepEqual(shape(planRequests([one, two], 2, 'combined', false)), [[['one'], [0]], [['one'], [1]], [['two'], [0]], [['two'], [1]]]);
  assert.deepEqual(planRequests([], 1, 'combined', true), []);
});

test('a combined answer is estimated as long as the answers to each prompt, less the summary and framing it gives once', () => {
  assert.equal(answerOutputTokens(1), OUTPUT_TOKENS_PER_ANSWER);
  assert.equal(answerOutputTokens(5), 5 * OUTPUT_TOKENS_PER_ANSWER - 4 * COMBINED_SHARED_OUTPUT_TOKENS);
});

test('costEntries prices a request with its samples as choices, or one call per sample, and skips what the cache answers', () => {
  const requests = [{ prompts: [one, two], samples: [0, 1, 2] }, { prompts: [three], samples: [] }];
  const textTokens = estimateTextTokens(requestRubricText([one, two], 4));
  assert.deepEqual(costEntries(requests, 4, true), [{ textTokens, outputTokens: answerOutputTokens(2), answers: 3 }]);
  assert.deepEqual(costEntries(requests, 4, false), Array.from({ length: 3 }, () => ({ textTokens, outputTokens: answerOutputTokens(2), answers: 1 })));
});

test('estimateEvaluationCost bills the input of a request with n choices once and its output n times', () => {
  const model = findModel('gpt-4.1')!;
  const frames = Array.from({ length: 12 }, () => ({ width: 880, height: 504 }));
  const asChoices = estimateEvaluationCost({ model, frames, prompts: [{ textTokens: 1500, answers: 3 }], cacheOrdering: false });
  const asCalls = estimateEvaluationCost({ model, frames, prompts: [{ textTokens: 1500 }], samples: 3, cacheOrdering: false });
  assert.equal(asChoices.calls, 1);
  assert.equal(asChoices.outputTokens, asCalls.outputTokens);
  assert.equal(asChoices.inputTokens * 3, asCalls.inputTokens);
  assert.ok(asChoices.total < asCalls.total);
});

test('shareUsage splits a request evenly, adds up to it, and never gives a share more cached than input tokens', () => {
  const usage: JudgeUsage = { inputTokens: 8, cachedInputTokens: 7, outputTokens: 301, costUsd: 0.03, latencyMs: 1200, attempts: 2, fromCache: false };
  const shares = shareUsage(usage, 4);
  const sum = (pick: (item: JudgeUsage) => number) => shares.reduce((total, item) => total + pick(item), 0);
  assert.deepEqual([sum((item) => item.inputTokens), sum((item) => item.cachedInputTokens), sum((item) => item.outputTokens), sum((item) => item.attempts)], [8, 7, 301, 2]);
  assert.ok(Math.abs(sum((item) => item.costUsd) - 0.03) < 1e-12);
  assert.ok(shares.every((item) => item.cachedInputTokens <= item.inputTokens && item.latencyMs === 1200));
  assert.deepEqual(shareUsage(usage, 1), [usage]);
  assert.throws(() => shareUsage(usage, 0), RangeError);
});
