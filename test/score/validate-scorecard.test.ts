import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadScorecard, SCORECARD_FILE_NAME, SCORECARD_SCHEMA_URL, validateScorecard, type Scorecard } from '../../src/score/index.js';
import { makeTempDir } from '../helpers/paths.js';

/** DeepRequired makes every optional field required, so the maximal scorecard below must spell out all of them. */
type DeepRequired<T> = T extends (infer Item)[] ? DeepRequired<Item>[] : T extends object ? { [Key in keyof T]-?: DeepRequired<T[Key]> } : T;

/**
 * A scorecard with every optional field: if a field is added to the TypeScript types, this stops
 * compiling until it is added here, and then the schema (additionalProperties: false) rejects it until
 * the schema documents it too.
 */
const maximal: DeepRequired<Scorecard> = {
  version: 1,
  createdAt: '2026-11-26T01:00:00.000Z',
  tool: { name: 'termaudit', version: '0.1.0' },
  complete: true,
  run: {
    dir: '/runs/demo',
    command: ['node', 'app.mjs'],
    cols: 120,
    rows: 36,
    duration: 2.5,
    recordedAt: '2026-11-25T23:50:31.578Z',
    input: { path: '/runs/demo/session.cast', kind: 'cast' },
    git: { commit: 'c6a9d95a6561256034d1fdd5b59d38e0ea3785a4', dirty: false },
    scenario: 'login',
    pipeline: { name: 'demo', sha256: 'a'.repeat(64) },
    ended: { endedBy: 'timeout', exitCode: null, signal: 'SIGTERM', stoppedWith: 'SIGTERM' },
  },
  judge: {
    name: 'openai',
    model: 'gpt-4.1',
    baseURL: 'http://127.0.0.1:8080/v1',
    profile: 'tui',
    samples: 3,
    prompts: [{ id: 'visual-clarity', title: 'Visual clarity', weight: 1, sha256: 'a'.repeat(64) }],
    calls: 3,
    failedCalls: 0,
    fromCache: 1,
    tokens: { input: 9000, cachedInput: 8000, output: 400 },
    costUsd: 0.0123,
  },
  overall: { score: 7.5, cappedBy: 'contrast', mean: 8.1, spread: 1, assessed: 1, notApplicable: 0, criteria: 1 },
  criteria: [
    {
      id: 'contrast',
      title: 'Contrast',
      weight: 1,
      applicable: true,
      score: 7.5,
      sampleSpread: 1,
      noise: 0.5,
      promptSpread: 0,
      prompts: [{ prompt: 'visual-clarity', applicable: true, score: 7.5, spread: 1, noise: 0.5, weight: 1 }],
      rationale: 'Readable text on a dark background.',
      evidence: [{ frame: 1, quote: 'deploy', prompt: 'visual-clarity', cells: [{ row: 0, col: 0, width: 6, height: 1 }], mark: 'text below 4.5:1 contrast', verified: true }],
    },
  ],
  issues: [
    {
      severity: 'major',
      title: 'Error is hidden',
      recommendation: 'Make it red.',
      frames: [1],
      locations: [{ frame: 1, quote: 'deploy', cells: [{ row: 0, col: 0, width: 6, height: 1 }], mark: 'text below 4.5:1 contrast', verified: true }],
      prompts: ['visual-clarity'],
      count: 2,
    },
  ],
  frames: [
    {
      number: 1,
      time: 0.2,
      label: 'Frame 1 · 00:00.2',
      file: 'sample/frames/01.png',
      hash: 'b'.repeat(64),
      width: 632,
      height: 260,
      grid: { cols: 60, rows: 12, cellWidth: 10, cellHeight: 19, originX: 16, originY: 16 },
      text: 'deploy\n',
    },
  ],
  warnings: ['a warning'],
};

/** copy deep-copies a JSON value, to break one field of it. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** problemsOf returns the message of the ConfigError validateScorecard throws. */
function problemsOf(value: unknown): string {
  try {
    validateScorecard(value, 'card.json');
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('the scorecard was accepted');
}

test('the schema accepts a scorecard with every optional field, so the types and the schema agree', () => {
  assert.equal(validateScorecard(maximal, 'maximal'), maximal);
});

test('the schema accepts a scorecard with only the required fields, and each required top-level field is required', () => {
  const minimal = copy(maximal) as unknown as Record<string, unknown> & Scorecard;
  minimal.run = { duration: 0, input: { path: 'x.mp4', kind: 'video' } };
  delete (minimal.judge as { baseURL?: string }).baseURL;
  delete (minimal.frames[0] as { text?: string }).text;
  minimal.overall.score = null;
  delete (minimal.overall as { cappedBy?: string }).cappedBy;
  delete (minimal.overall as { mean?: number }).mean;
  minimal.criteria[0].score = null;
  validateScorecard(minimal, 'minimal');
  for (const key of Object.keys(minimal)) {
    const broken: Record<string, unknown> = copy(minimal);
    delete broken[key];
    assert.match(problemsOf(broken), new RegExp(`card\\.json: / must have required property '${key}'`));
  }
});

test('a field of the wrong type is rejected with its JSON pointer, and every problem is listed', () => {
  const broken = copy(maximal) as unknown as { overall: { score: unknown }; criteria: Record<string, unknown>[]; issues: { severity: string }[] };
  broken.overall.score = '7.5';
  delete broken.criteria[0].rationale;
  broken.issues[0].severity = 'fatal';
  const message = problemsOf(broken);
  assert.match(message, /card\.json: \/overall\/score must be number/);
  assert.match(message, /card\.json: \/criteria\/0 must have required property 'rationale'/);
  assert.match(message, /card\.json: \/issues\/0\/severity must be equal to one of the allowed values: "critical", "major", "minor"/);
  assert.doesNotMatch(message, /\n/);
});

test('unknown fields, scores out of 1–10 and a wrong version are rejected', () => {
  const extra = copy(maximal) as unknown as Record<string, unknown>;
  extra.score = 7;
  assert.match(problemsOf(extra), /card\.json: \/ must NOT have additional properties "score"/);
  const high = copy(maximal);
  high.criteria[0].score = 11;
  assert.match(problemsOf(high), /\/criteria\/0\/score must be <= 10/);
  const version = copy(maximal) as unknown as Record<string, unknown>;
  version.version = 2;
  assert.match(problemsOf(version), /\/version must be equal to constant/);
  const date = copy(maximal);
  date.createdAt = 'yesterday';
  assert.match(problemsOf(date), /\/createdAt must match format "date-time"/);
});

test('overall.cappedBy and overall.mean come together', () => {
  const capped = copy(maximal) as unknown as { overall: Record<string, unknown> };
  delete capped.overall.mean;
  assert.match(problemsOf(capped), /\/overall must have property mean when property cappedBy is present/);
  const mean = copy(maximal) as unknown as { overall: Record<string, unknown> };
  delete mean.overall.cappedBy;
  assert.match(problemsOf(mean), /\/overall must have property cappedBy when property mean is present/);
});

test('the schema file is a draft 2020-12 schema found beside src/ and dist/', () => {
  const schema = JSON.parse(readFileSync(SCORECARD_SCHEMA_URL, 'utf8')) as { $schema: string; required: string[] };
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepEqual([...schema.required].sort(), Object.keys(maximal).sort());
});

test('loadScorecard reads a run directory or a scorecard path, and names what it looked for when missing or invalid', async () => {
  const dir = makeTempDir();
  writeFileSync(join(dir, SCORECARD_FILE_NAME), JSON.stringify(maximal));
  assert.deepEqual((await loadScorecard(dir)).scorecard, maximal);
  assert.equal((await loadScorecard(join(dir, SCORECARD_FILE_NAME))).path, join(dir, SCORECARD_FILE_NAME));

  const empty = makeTempDir();
  await assert.rejects(loadScorecard(empty), (error: unknown) => error instanceof ConfigError && error.message.includes(`${join(empty, SCORECARD_FILE_NAME)}: no such file`) && /termaudit score/.test(error.message));
  const broken = join(makeTempDir(), 'old.json');
  writeFileSync(broken, JSON.stringify({ ...maximal, overall: { ...maximal.overall, spread: -1 } }));
  await assert.rejects(loadScorecard(broken), (error: unknown) => error instanceof ConfigError && error.message.includes(`${broken}: /overall/spread must be >= 0`));
  const garbage = join(makeTempDir(), SCORECARD_FILE_NAME);
  mkdirSync(join(garbage, '..'), { recursive: true });
  writeFileSync(garbage, '{ not json');
  await assert.rejects(loadScorecard(garbage), (error: unknown) => error instanceof ConfigError && /not valid JSON/.test(error.message));
});
