import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { EVALUATION_FILE_NAME, prepareEvaluation, type EvaluateEvent } from '../../src/evaluate/index.js';
import { MODEL_INFO_TTL_MS, ModelInfoCache, modelInfoCacheDirectory } from '../../src/evaluate/model-info-cache.js';
import { readModelLifecycle } from '../../src/evaluate/model-lifecycle.js';
import { resolveJudgeSettings } from '../../src/evaluate/judge-settings.js';
import { writeCast } from '../helpers/casts.js';
import { chatRequests, modelRequests, startOpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir } from '../helpers/paths.js';
import { evaluateInput } from '../helpers/evaluate-input.js';

const DAY = 86_400_000;
/** isoDay returns the UTC date `days` from now, as `YYYY-MM-DD`. */
const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

function smallCast(): string {
  return writeCast([[0.2, 'o', 'build ok\r\n'], [1.0, 'o', 'Done.\r\n']], { cols: 40, rows: 8 });
}

const settingsFor = (baseURL: string, model: string, cacheDir: string) => resolveJudgeSettings([{ judge: 'openai', apiKey: 'test-key', baseURL, model, cacheDir }], {});

test("the openai judge reads the model's shutdown_date from the server and warns within 90 days, naming the replacement", async () => {
  const server = await startOpenAIServer();
  try {
    server.models = [{ id: 'gpt-4.1', shutdown_date: isoDay(30) }];
    const warnings: string[] = [];
    const prepared = await prepareEvaluation({
      judge: 'openai', apiKey: 'test-key', baseURL: server.baseURL, model: 'gpt-4.1', cacheDir: makeTempDir(),
      onEvent: (event: EvaluateEvent) => event.type === 'warning' && warnings.push(event.message),
    });
    assert.deepEqual(prepared.lifecycle, { id: 'gpt-4.1', from: 'server', shutdown: isoDay(30), replacement: 'gpt-6-luna' });
    assert.deepEqual(warnings, [`gpt-4.1 shuts down on ${isoDay(30)} (30 days): OpenAI names gpt-6-luna as its replacement (--model gpt-6-luna)`]);
    assert.deepEqual(modelRequests(server).map((request) => request.url), ['/v1/models/gpt-4.1']);
  } finally {
    await server.close();
  }
});

test('a model whose shutdown date has passed is refused with a ConfigError before any call, naming the replacement', async () => {
  const server = await startOpenAIServer();
  try {
    server.models = [{ id: 'gpt-4.1', shutdown_date: isoDay(-1) }];
    const cast = smallCast();
    await assert.rejects(
      evaluateInput(cast, { judge: 'openai', apiKey: 'test-key', baseURL: server.baseURL, model: 'gpt-4.1', cacheDir: makeTempDir() }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.exitCode === 1 &&
        error.message === `model "gpt-4.1" was shut down on ${isoDay(-1)} (from the server's list-models entry), so no call is sent: OpenAI names gpt-6-luna as its replacement (--model gpt-6-luna)`,
    );
    assert.equal(chatRequests(server).length, 0);
    assert.equal(existsSync(join(dirname(cast), EVALUATION_FILE_NAME)), false);
  } finally {
    await server.close();
  }
});

test("a server's null shutdown_date overrides the registry's date; an absent one leaves it", async () => {
  const server = await startOpenAIServer();
  try {
    server.models = [{ id: 'gpt-4.1-nano', shutdown_date: null }, { id: 'gpt-5' }];
    const nano = await readModelLifecycle(settingsFor(server.baseURL, 'gpt-4.1-nano', makeTempDir()));
    assert.deepEqual(nano.lifecycle, { id: 'gpt-4.1-nano', from: 'server' });
    const gpt5 = await readModelLifecycle(settingsFor(server.baseURL, 'gpt-5', makeTempDir()));
    assert.deepEqual(gpt5.lifecycle, { id: 'gpt-5', from: 'registry', shutdown: '2026-12-11', replacement: 'gpt-6.1-sol' });
  } finally {
    await server.close();
  }
});

test("the server's model entry is cached for a day per host and model; a corrupt cache file is ignored", async () => {
  const server = await startOpenAIServer();
  try {
    server.models = [{ id: 'gpt-4.1', shutdown_date: isoDay(200) }, { id: 'gpt-4o' }];
    const cacheDir = makeTempDir();
    const settings = settingsFor(server.baseURL, 'gpt-4.1', cacheDir);
    const now = Date.now();
    assert.equal((await readModelLifecycle(settings, { now })).readFrom, 'server');
    assert.equal((await readModelLifecycle(settings, { now: now + MODEL_INFO_TTL_MS - 1000 })).readFrom, 'cache');
    assert.equal(modelRequests(server).length, 1);
    assert.equal((await readModelLifecycle(settings, { now: now + MODEL_INFO_TTL_MS + 1000 })).readFrom, 'server');
    assert.equal(modelRequests(server).length, 2);
    const cache = new ModelInfoCache(modelInfoCacheDirectory(cacheDir));
    writeFileSync(cache.pathOf(server.baseURL, 'gpt-4.1'), '{ not json');
    const reading = await readModelLifecycle(settings, { now });
    assert.equal(reading.readFrom, 'server');
    assert.equal(reading.lifecycle.shutdown, isoDay(200));
    // Another model at the same host has its own entry.
    assert.equal((await readModelLifecycle(settingsFor(server.baseURL, 'gpt-4o', cacheDir), { now })).readFrom, 'server');
    assert.equal(readdirSync(modelInfoCacheDirectory(cacheDir)).length, 2);
    // --no-cache asks every time.
    const uncached = { ...settings, cache: false };
    await readModelLifecycle(uncached, { now });
    await readModelLifecycle(uncached, { now });
    assert.equal(modelRequests(server).length, 6);
  } finally {
    await server.close();
  }
});

test('a server without the list-models endpoint, or out of reach, falls back to the registry with one warning line', async () => {
  for (const status of [404, 405]) {
    const server = await startOpenAIServer();
    try {
      server.modelsStatus = status;
      const warnings: string[] = [];
      const result = await evaluateInput(smallCast(), {
        // A model the registry announces no shutdown for, so the fallback lets it run whatever the date.
        judge: 'openai', apiKey: 'test-key', baseURL: server.baseURL, model: 'gpt-6-luna', cacheDir: makeTempDir(), prompts: ['visual-clarity'],
        onEvent: (event) => event.type === 'warning' && warnings.push(event.message),
      });
      assert.equal(result.document.complete, true);
      const lookup = warnings.filter((message) => message.startsWith('could not read model'));
      assert.deepEqual(lookup, [`could not read model "gpt-6-luna" from ${server.baseURL}/models (HTTP ${status}): its shutdown date is taken from termaudit's registry`]);
      assert.ok(chatRequests(server).length > 0);
    } finally {
      await server.close();
    }
  }
  const closed = await startOpenAIServer();
  const baseURL = closed.baseURL;
  await closed.close();
  const reading = await readModelLifecycle(settingsFor(baseURL, 'gpt-4.1', makeTempDir()));
  assert.equal(reading.readFrom, 'registry');
  assert.match(reading.warning ?? '', /^could not read model "gpt-4\.1" from http:\/\/127\.0\.0\.1:\d+\/v1\/models \(cannot reach .*connection refused/);
  assert.equal(reading.lifecycle.shutdown, '2027-01-14');
});

test('an expired model is refused from the registry when the server gives no date', async () => {
  const server = await startOpenAIServer();
  try {
    server.modelsStatus = 404;
    await assert.rejects(
      prepareEvaluation({ judge: 'openai', apiKey: 'test-key', baseURL: server.baseURL, model: 'gpt-4.1-nano', cacheDir: makeTempDir() }),
      (error: unknown) => error instanceof ConfigError && /gpt-4\.1-nano" was shut down on 2026-10-23 \(from termaudit's registry/.test(error.message),
    );
    assert.equal(chatRequests(server).length, 0);
  } finally {
    await server.close();
  }
});

test('the heuristic judge asks no server about models', async () => {
  const server = await startOpenAIServer();
  try {
    const prepared = await prepareEvaluation({ judge: 'heuristic', baseURL: server.baseURL });
    assert.equal(prepared.lifecycle, undefined);
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});
