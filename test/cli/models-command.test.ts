import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MODELS, shutdownWarning } from '../../src/evaluate/models.js';
import { modelsTable } from '../../src/cli/models-command.js';
import { runCli } from '../helpers/cli.js';

test('termaudit models prints the registry as a table', async () => {
  const run = await runCli(['models']);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.match(lines[0], /^model\s+image tokens\s+\$\/1M in\s+cached\s+out\s+shutdown$/);
  for (const model of MODELS) assert.ok(lines.some((line) => line.startsWith(`${model.id} `)), `${model.id} is listed`);
  assert.match(run.stdout, /^gpt-4\.1\s+tiles 85\+170\/tile\s+\$2\.00\s+\$0\.50\s+\$8\.00\s+2027-01-14/m);
  assert.match(run.stdout, /^gpt-5\s+tiles 70\+140\/tile\s+\$1\.25\s+\$0\.125\s+\$10\.00/m);
  assert.match(run.stdout, /^gpt-4\.1-mini\s+patches ×1\.62/m);
});

test('termaudit models --json prints the registry as JSON', async () => {
  const run = await runCli(['models', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const models = JSON.parse(run.stdout) as any[];
  assert.deepEqual(models.map((model) => model.id), MODELS.map((model) => model.id));
  const gpt41 = models.find((model) => model.id === 'gpt-4.1');
  assert.deepEqual(gpt41.imageTokens, { kind: 'tiles', baseTokens: 85, tileTokens: 170 });
  assert.deepEqual(gpt41.pricesPerMillionTokens, { input: 2, cachedInput: 0.5, output: 8 });
  assert.equal(gpt41.shutdown, '2027-01-14');
  assert.equal(gpt41.warning, shutdownWarning(MODELS[0], new Date()) ?? null);
  assert.equal(models.find((model) => model.id === 'gpt-4o').shutdown, '2027-01-14');
  assert.equal(gpt41.replacement, 'gpt-6-luna');
  assert.match(gpt41.source.url, /^https:\/\/developers\.openai\.com\//);
  assert.equal(gpt41.figuresSource, null);
  const luna = models.find((model) => model.id === 'gpt-6-luna');
  assert.deepEqual(luna.pricesPerMillionTokens, { input: 0.1, cachedInput: 0.01, output: 0.5 });
  assert.deepEqual(luna.capabilities, { contextWindow: 1_050_000, imageInput: true });
  assert.match(luna.figuresSource.url, /^https:\/\/developers\.openai\.com\/api\/docs\/models\/gpt-6-luna$/);
  assert.match(luna.figuresSource.checked, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(luna.shutdown, null);
});

test('the models table flags a model within 90 days of its shutdown', () => {
  const table = modelsTable(MODELS, new Date('2026-11-26T00:00:00Z'));
  assert.match(table, /^gpt-4\.1 .*2027-01-14 {2}⚠ 49 days left$/m);
  assert.doesNotMatch(modelsTable(MODELS, new Date('2026-06-01T00:00:00Z')), /⚠/);
  assert.match(modelsTable(MODELS, new Date('2026-10-16T00:00:00Z')), /^gpt-4\.1 .*2027-01-14 {2}⚠ 90 days left$/m);
  assert.match(modelsTable(MODELS, new Date('2027-02-01T00:00:00Z')), /⚠ shut down 18 days ago/);
});

test('termaudit models --live lists what the server offers, with its shutdown dates and the replacements', async () => {
  const { startOpenAIServer } = await import('../helpers/openai-server.js');
  const server = await startOpenAIServer();
  try {
    server.models = [{ id: 'gpt-4.1', shutdown_date: '2027-01-14' }, { id: 'gpt-6-luna', shutdown_date: null }, { id: 'gpt-5' }, { id: 'my-vlm' }];
    const run = await runCli(['models', '--live', '--base-url', server.baseURL], { env: { OPENAI_API_KEY: 'test-key' } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^model\s+shutdown\s+replacement\s+priced$/m);
    // The mark depends on today: days left within 90 days, a shutdown once the date has passed.
    assert.match(run.stdout, /^gpt-4\.1\s+2027-01-14( {2}⚠ (\d+ days? left|shut down \d+ days? ago))?\s+gpt-6-luna\s+yes$/m);
    assert.match(run.stdout, /^gpt-5\s+2026-12-11 \(registry\).*gpt-6\.1-sol\s+yes$/m);
    assert.match(run.stdout, /^gpt-6-luna\s+–\s+–\s+yes$/m);
    assert.match(run.stdout, /^my-vlm\s+–\s+–\s+no$/m);
    assert.match(run.stdout, /4 models at http:\/\/127\.0\.0\.1:\d+\/v1/);
    const json = await runCli(['models', '--live', '--json', '--base-url', server.baseURL], { env: { OPENAI_API_KEY: 'test-key' } });
    const models = JSON.parse(json.stdout) as any[];
    assert.deepEqual(models.find((model) => model.id === 'gpt-4.1'), { ...models.find((model) => model.id === 'gpt-4.1'), shutdown: '2027-01-14', shutdownFrom: 'server', replacement: 'gpt-6-luna', inRegistry: true });
    assert.ok(!json.stdout.includes('test-key') && !run.stdout.includes('test-key'));
    server.modelsStatus = 404;
    const missing = await runCli(['models', '--live', '--base-url', server.baseURL], { env: { OPENAI_API_KEY: 'test-key' } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /has no list-models endpoint \(GET \/models answered HTTP 404\)/);
  } finally {
    await server.close();
  }
});
