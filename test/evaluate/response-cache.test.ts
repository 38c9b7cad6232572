import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ResponseCache,
  canonicalJson,
  defaultCacheDirectory,
  responseCacheKey,
  type ResponseCacheKeyInput,
} from '../../src/evaluate/response-cache.js';
import type { JudgeAnswer, JudgeUsage } from '../../src/evaluate/types.js';
import { makeTempDir } from '../helpers/paths.js';

const keyInput: ResponseCacheKeyInput = {
  kind: 'judge',
  model: 'gpt-4.1',
  baseURL: 'https://api.openai.com/v1',
  promptSha256: 'a'.repeat(64),
  requestTextSha256: 'b'.repeat(64),
  frameHashes: ['f1', 'f2'],
  detail: 'high',
  temperature: null,
  sample: 0,
};

const answer: JudgeAnswer = {
  criteria: { clarity: { score: 8, rationale: 'Clear.', evidence: [{ frame: 1, quote: 'Done' }] } },
  issues: [],
  summary: 'Fine.',
};
const usage: JudgeUsage = { inputTokens: 5000, cachedInputTokens: 4096, outputTokens: 300, costUsd: 0.0054, latencyMs: 2100, attempts: 1, fromCache: false };

test('canonicalJson sorts keys so equal objects serialise equally', () => {
  assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: null }] }), '{"a":[2,{"c":null,"d":3}],"b":1}');
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
});

test('responseCacheKey changes with everything that shapes an answer', () => {
  const base = responseCacheKey(keyInput);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(responseCacheKey({ ...keyInput }), base);
  const variants: Partial<ResponseCacheKeyInput>[] = [
    { kind: 'ask' },
    { model: 'gpt-4.1-mini' },
    { baseURL: 'http://127.0.0.1:11434/v1' },
    { promptSha256: 'c'.repeat(64) },
    { requestTextSha256: 'd'.repeat(64) },
    { frameHashes: ['f2', 'f1'] },
    { frameHashes: ['f1'] },
    { detail: 'low' },
    { temperature: 0 },
    { sample: 1 },
  ];
  for (const variant of variants) assert.notEqual(responseCacheKey({ ...keyInput, ...variant }), base, JSON.stringify(variant));
});

test('responseCacheKey uses only the host of the base URL', () => {
  assert.equal(responseCacheKey({ ...keyInput, baseURL: 'https://api.openai.com/v1/' }), responseCacheKey(keyInput));
});

test('defaultCacheDirectory prefers TERMAUDIT_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
  assert.equal(defaultCacheDirectory({ TERMAUDIT_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, '/home/u'), '/c');
  assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: '/x' }, '/home/u'), join('/x', 'termaudit', 'evaluations'));
  assert.equal(defaultCacheDirectory({}, '/home/u'), join('/home/u', '.cache', 'termaudit', 'evaluations'));
});

test('a cached answer comes back free, with the original usage kept apart', async () => {
  const cache = new ResponseCache(makeTempDir());
  const key = responseCacheKey(keyInput);
  assert.equal(await cache.get(key), undefined);
  await cache.set(key, { answer, usage });
  const hit = await cache.get(key);
  assert.ok(hit);
  assert.deepEqual(hit.answer, answer);
  assert.deepEqual(hit.usage, { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, attempts: 0, fromCache: true });
  assert.deepEqual(hit.originalUsage, usage);
  // Only the entry is left: the temporary file was renamed over it.
  assert.deepEqual(readdirSync(join(cache.directory, key.slice(0, 2))), [`${key}.json`]);
});

test('a corrupt or foreign cache file is a miss, not an error', async () => {
  const cache = new ResponseCache(makeTempDir());
  const key = responseCacheKey(keyInput);
  await cache.set(key, { text: 'an answer', usage });
  writeFileSync(cache.pathOf(key), '{"version":1,"key":"');
  assert.equal(await cache.get(key), undefined);
  writeFileSync(cache.pathOf(key), JSON.stringify({ version: 99, key, text: 'x', usage }));
  assert.equal(await cache.get(key), undefined);
  writeFileSync(cache.pathOf(key), 'null');
  assert.equal(await cache.get(key), undefined);
});
