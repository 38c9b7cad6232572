import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODELS,
  PATCH_CAP,
  REGISTRY_CHECKED,
  SHUTDOWN_WARNING_DAYS,
  daysUntilShutdown,
  apiImageSize,
  cacheablePrefixTokens,
  estimateEvaluationCost,
  estimateTextTokens,
  findModel,
  imageTokens,
  lifecycleOf,
  recommendedModel,
  shutdownRefusal,
  shutdownWarning,
  tokenCost,
  type ModelInfo,
} from '../../src/evaluate/models.js';
import { DEFAULT_MODEL } from '../../src/evaluate/judge-settings.js';

const model = (id: string): ModelInfo => {
  const found = findModel(id);
  assert.ok(found, `${id} is in the registry`);
  return found;
};

const patchesOf = (width: number, height: number) => Math.ceil(width / 32) * Math.ceil(height / 32);

test('the registry lists the required models with their prices', () => {
  for (const id of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'gpt-5-mini', 'gpt-5']) model(id);
  assert.deepEqual(model('gpt-4.1').prices, { input: 2, cachedInput: 0.5, output: 8 });
  assert.equal(model('gpt-4.1').shutdown, '2027-01-14');
  assert.deepEqual(model('gpt-5').prices, { input: 1.25, cachedInput: 0.125, output: 10 });
  assert.equal(new Set(MODELS.map((entry) => entry.id)).size, MODELS.length);
});

test('findModel returns undefined for a model of a custom server', () => {
  assert.equal(findModel('llava:13b'), undefined);
});

test('imageTokens counts 512-px tiles after scaling the short side to 768', () => {
  assert.equal(imageTokens(model('gpt-4.1'), 1920, 1080), 1105);
  assert.equal(imageTokens(model('gpt-4.1'), 512, 512), 255);
  // 4096×2048 fits 2048×1024 first, then 1536×768: 3×2 tiles.
  assert.equal(imageTokens(model('gpt-4o'), 4096, 2048), 85 + 170 * 6);
  assert.equal(imageTokens(model('gpt-4o-mini'), 512, 512), 2833 + 5667);
  assert.equal(imageTokens(model('gpt-5'), 1920, 1080), 70 + 140 * 6);
});

test('imageTokens counts 32-px patches, scaling large images down to the cap', () => {
  assert.equal(imageTokens(model('gpt-4.1-mini'), 1024, 1024), Math.ceil(1024 * 1.62));
  // OpenAI's worked example: 1800×2400 is scaled to 1056×1408, 33×44 = 1452 patches.
  assert.equal(imageTokens(model('gpt-4.1-mini'), 1800, 2400), Math.ceil(1452 * 1.62));
  assert.equal(imageTokens(model('gpt-4.1-nano'), 320, 200), Math.ceil(10 * 7 * 2.46));
  // 4000×4000 scales to the cap area (1254 px), then down to whole patches: 39×39.
  assert.equal(imageTokens(model('gpt-5-mini'), 4000, 4000), Math.ceil(39 * 39 * 1.2));
});

test('apiImageSize gives tile models the largest size within 2048 and a 768 short side', () => {
  assert.deepEqual(apiImageSize(model('gpt-4.1'), 16, 9), { width: 1365, height: 768 });
  assert.deepEqual(apiImageSize(model('gpt-4.1'), 1, 3), { width: 682, height: 2048 });
  assert.deepEqual(apiImageSize(model('gpt-4o'), 1, 1), { width: 768, height: 768 });
});

test('apiImageSize gives patch models the largest size whose patches fit the cap', () => {
  for (const [width, height] of [
    [16, 9],
    [4, 3],
    [1, 1],
    [9, 16],
    [1203, 677],
  ]) {
    const size = apiImageSize(model('gpt-4.1-mini'), width, height);
    assert.ok(patchesOf(size.width, size.height) <= PATCH_CAP, `${width}:${height} → ${size.width}×${size.height} fits the cap`);
    assert.ok(Math.abs(size.width / size.height - width / height) < 0.01, 'the aspect is kept');
    // One pixel more on the short side overflows the cap (or breaks the aspect), so the size is the largest.
    const shortSide = Math.min(size.width, size.height) + 1;
    const longSide = Math.floor((shortSide * Math.max(width, height)) / Math.min(width, height));
    assert.ok(patchesOf(shortSide, longSide) > PATCH_CAP, `${width}:${height} cannot grow`);
  }
  assert.deepEqual(apiImageSize(model('gpt-4.1-mini'), 16, 9), { width: 1649, height: 928 });
});

test('an image at apiImageSize is billed as processed, without downscaling', () => {
  const size = apiImageSize(model('gpt-4.1'), 16, 9);
  assert.equal(imageTokens(model('gpt-4.1'), size.width, size.height), imageTokens(model('gpt-4.1'), 1920, 1080));
});

test('tokenCost bills cached input tokens at the cached price', () => {
  const cost = tokenCost(model('gpt-4.1'), { inputTokens: 10_000, cachedInputTokens: 8_000, outputTokens: 500 });
  assert.ok(Math.abs(cost - (2_000 * 2 + 8_000 * 0.5 + 500 * 8) / 1e6) < 1e-12);
});

test('cacheablePrefixTokens serves prefixes of 1024 tokens or more, in 128-token steps', () => {
  assert.equal(cacheablePrefixTokens(1023), 0);
  assert.equal(cacheablePrefixTokens(1024), 1024);
  assert.equal(cacheablePrefixTokens(1300), 1280);
});

test('estimateEvaluationCost bills the shared frames prefix of later calls at the cached price', () => {
  const input = {
    model: model('gpt-4.1'),
    frames: Array.from({ length: 6 }, () => ({ width: 1365, height: 768 })),
    prompts: [{ textTokens: 400 }, { textTokens: 600 }, { textTokens: 500 }],
    samples: 2,
    outputTokensPerCall: 700,
  };
  const ordered = estimateEvaluationCost({ ...input, cacheOrdering: true });
  const unordered = estimateEvaluationCost({ ...input, cacheOrdering: false });
  assert.equal(ordered.calls, 6);
  assert.equal(ordered.inputTokens, unordered.inputTokens);
  assert.equal(ordered.outputTokens, 6 * 700);
  assert.equal(unordered.cachedInputTokens, 0);
  const prefix = 250 + 6 * (1105 + 12);
  assert.equal(ordered.cachedInputTokens, 5 * cacheablePrefixTokens(prefix));
  assert.ok(ordered.total < unordered.total);
  assert.ok(Math.abs(ordered.total - tokenCost(model('gpt-4.1'), ordered)) < 1e-12);
  assert.ok(Math.abs(ordered.perCall * 6 - ordered.total) < 1e-12);
});

test('estimateTextTokens estimates four characters per token', () => {
  assert.equal(estimateTextTokens('a'.repeat(400)), 100);
  assert.equal(estimateTextTokens(''), 0);
});

test('every registry entry dates its lifecycle and names its source', () => {
  for (const entry of MODELS) {
    assert.ok(entry.lifecycleSource, `${entry.id} names a source`);
    assert.match(entry.lifecycleSource.url, /^https:\/\//);
    assert.match(entry.lifecycleSource.checked, /^\d{4}-\d{2}-\d{2}$/);
  }
  assert.equal(model('gpt-4o').shutdown, '2027-01-14');
  assert.equal(model('gpt-4.1-mini').replacement, 'gpt-6-luna');
  assert.equal(model('gpt-4.1-nano').shutdown, '2026-10-23');
  assert.equal(model('gpt-4.1-nano').replacement, undefined);
  assert.equal(model('gpt-5').shutdown, '2026-12-11');
});

test('the GPT-6 replacements are priced, read images, and say where their figures come from and when they were checked', () => {
  assert.deepEqual(model('gpt-6-luna').prices, { input: 0.1, cachedInput: 0.01, output: 0.5 });
  assert.deepEqual(model('gpt-6.1-sol').prices, { input: 2, cachedInput: 0.1, output: 10 });
  assert.deepEqual(model('gpt-6.1-terra').prices, { input: 1, cachedInput: 0.05, output: 5 });
  for (const id of ['gpt-6-luna', 'gpt-6.1-sol', 'gpt-6.1-terra']) {
    const entry = model(id);
    assert.deepEqual(entry.capabilities, { contextWindow: 1_050_000, imageInput: true });
    assert.equal(entry.figuresSource?.checked, REGISTRY_CHECKED);
    assert.match(entry.figuresSource?.url ?? '', /^https:\/\//);
    // No published image token rule: the assumption is said in the source note.
    assert.match(entry.figuresSource?.notice ?? '', /no image token rule is published for GPT-6/);
    assert.deepEqual(entry.imageTokens, { kind: 'patches', multiplier: 1.2 });
    assert.equal(entry.shutdown, undefined);
    assert.equal(entry.lifecycleSource?.checked, REGISTRY_CHECKED);
  }
  // The assumed rule counts more tokens for a terminal frame than GPT-5's tiles: estimates err high.
  const frame = apiImageSize(model('gpt-6-luna'), 16, 9);
  assert.ok(imageTokens(model('gpt-6-luna'), frame.width, frame.height) > imageTokens(model('gpt-5'), 1365, 768));
});

test('every replacement the registry names is itself a priced registry entry', () => {
  for (const entry of MODELS.filter((item) => item.replacement)) {
    const replacement = findModel(entry.replacement!);
    assert.ok(replacement, `${entry.id}'s replacement ${entry.replacement} is in the registry`);
    assert.ok(replacement.prices.input > 0 && replacement.prices.output > 0);
  }
});

test('the default model is priced and more than 90 days from any shutdown on the day the registry was checked', () => {
  const entry = model(DEFAULT_MODEL);
  assert.ok(entry.prices.input > 0);
  const days = daysUntilShutdown(entry, new Date(`${REGISTRY_CHECKED}T00:00:00Z`));
  assert.ok(days === undefined || days > SHUTDOWN_WARNING_DAYS, `${DEFAULT_MODEL} shuts down in ${days} days`);
  assert.deepEqual(recommendedModel(DEFAULT_MODEL, new Date(`${REGISTRY_CHECKED}T00:00:00Z`)), { id: DEFAULT_MODEL });
});

test('shutdownWarning warns within 90 days of the shutdown and after it, naming the replacement', () => {
  const gpt41 = model('gpt-4.1');
  assert.equal(shutdownWarning(gpt41, new Date('2026-11-26T18:00:00Z')), 'gpt-4.1 shuts down on 2027-01-14 (49 days): OpenAI names gpt-6-luna as its replacement (--model gpt-6-luna)');
  assert.match(shutdownWarning(gpt41, new Date('2026-10-16T00:00:00Z')) ?? '', /^gpt-4\.1 shuts down on 2027-01-14 \(90 days\)/);
  assert.equal(shutdownWarning(gpt41, new Date('2026-10-15T00:00:00Z')), undefined);
  assert.match(shutdownWarning(gpt41, new Date('2027-01-20T00:00:00Z')) ?? '', /gpt-4\.1 was shut down on 2027-01-14 \(6 days ago\)/);
  assert.match(shutdownWarning('gpt-4.1-nano', new Date('2026-12-02T00:00:00Z')) ?? '', /choose another model with --model \(see termaudit models --live/);
  assert.equal(shutdownWarning('llava:13b', new Date('2026-11-26T00:00:00Z')), undefined);
});

test("lifecycleOf takes the server's shutdown_date over the registry's, and the registry's replacement", () => {
  assert.deepEqual(lifecycleOf('gpt-4.1'), { id: 'gpt-4.1', from: 'registry', shutdown: '2027-01-14', replacement: 'gpt-6-luna' });
  assert.deepEqual(lifecycleOf('gpt-4.1', { id: 'gpt-4.1', shutdown_date: '2026-12-01' }), { id: 'gpt-4.1', from: 'server', shutdown: '2026-12-01', replacement: 'gpt-6-luna' });
  assert.deepEqual(lifecycleOf('gpt-4.1', { id: 'gpt-4.1', shutdown_date: null }), { id: 'gpt-4.1', from: 'server', replacement: 'gpt-6-luna' });
  assert.deepEqual(lifecycleOf('gpt-4.1', { id: 'gpt-4.1', shutdown_date: 'soon' }), { id: 'gpt-4.1', from: 'registry', shutdown: '2027-01-14', replacement: 'gpt-6-luna' });
  assert.deepEqual(lifecycleOf('llava:13b', { id: 'llava:13b' }), { id: 'llava:13b', from: 'registry' });
});

test('shutdownRefusal refuses from the shutdown date on, naming the replacement', () => {
  const lifecycle = lifecycleOf('gpt-4.1', { id: 'gpt-4.1', shutdown_date: '2026-12-01' });
  assert.equal(shutdownRefusal(lifecycle, new Date('2026-11-30T23:00:00Z')), undefined);
  assert.match(shutdownRefusal(lifecycle, new Date('2026-12-01T08:00:00Z')) ?? '', /shuts down today \(2026-12-01\)/);
  assert.equal(
    shutdownRefusal(lifecycle, new Date('2026-12-02T00:00:00Z')),
    "model \"gpt-4.1\" was shut down on 2026-12-01 (from the server's list-models entry), so no call is sent: OpenAI names gpt-6-luna as its replacement (--model gpt-6-luna)",
  );
  assert.match(shutdownRefusal(lifecycleOf('gpt-4.1-nano'), new Date('2026-12-02T00:00:00Z')) ?? '', /from termaudit's registry.*see termaudit models --live/);
  assert.equal(shutdownRefusal(lifecycleOf('llava:13b'), new Date('2030-01-01')), undefined);
});

test('recommendedModel keeps a model far from its shutdown and follows the replacement of one close to it', () => {
  assert.deepEqual(recommendedModel('gpt-4.1', new Date('2026-06-01T00:00:00Z')), { id: 'gpt-4.1' });
  const chosen = recommendedModel('gpt-4.1', new Date('2026-12-02T00:00:00Z'));
  assert.equal(chosen.id, 'gpt-6-luna');
  assert.match(chosen.reason ?? '', /gpt-4\.1 shuts down on 2027-01-14; OpenAI names gpt-6-luna/);
  assert.deepEqual(recommendedModel('llava:13b', new Date('2026-12-02T00:00:00Z')), { id: 'llava:13b' });
});
