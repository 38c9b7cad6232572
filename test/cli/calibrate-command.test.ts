import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CalibrationDocument, RequestComparisonDocument } from '../../src/calibrate/index.js';
import { runCli } from '../helpers/cli.js';
import { chatRequests, startOpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir } from '../helpers/paths.js';

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, TERMAUDIT_CACHE_DIR: makeTempDir(), ...extra });

function readDocument(out: string): CalibrationDocument {
  return JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8')) as CalibrationDocument;
}

test('calibrate with the heuristic judge prints the table of a few defects, writes calibration.json and .html, and exits by its verdict', async () => {
  const out = makeTempDir();
  const only = ['cli-low-contrast', 'cli-leaked-escapes', 'tui-missing-glyphs', 'cli-healthy-2'];
  const run = await runCli(['calibrate', '--judge', 'heuristic', '--only', only.join(','), '--repeats', '2', '-o', out], { env: env() });
  const document = readDocument(out);
  assert.deepEqual(document.defects.map((item) => item.id), ['tui-missing-glyphs', 'cli-low-contrast', 'cli-leaked-escapes']);
  assert.equal(run.code, document.summary.passed ? 0 : 5, run.stderr);
  for (const item of document.defects) {
    assert.match(run.stdout, new RegExp(`^${item.id}\\s+${item.criterion}\\s+\\d+\\.\\d → \\d+\\.\\d`, 'm'));
  }
  // cli-healthy-2 (a recorded repeat) and the second evaluation of each healthy cast are compared with their baseline.
  assert.deepEqual(document.healthy.map((item) => item.run).sort(), ['cli-healthy#2', 'cli-healthy-2', 'tui-healthy#2']);
  assert.match(run.stdout, /^recall with the right criterion: \d\/3 /m);
  assert.match(run.stdout, /^false alarms over healthy repeats: \d\/3$/m);
  assert.equal(document.summary.judge, 'heuristic');
  assert.equal(document.summary.costUsd, 0);
  assert.match(readFileSync(join(out, 'calibration.html'), 'utf8'), /<th scope="row">cli-low-contrast<\/th>/);
});

test('calibrate exits 5 when the recall is below --min-recall', async () => {
  const out = makeTempDir();
  const run = await runCli(['calibrate', '--only', 'cli-low-contrast', '--min-recall', '1', '-o', out, '--set', join(import.meta.dirname, '..', '..', 'calibration')], { env: env() });
  const document = readDocument(out);
  assert.equal(run.code, document.summary.caught === 1 ? 0 : 5, run.stderr);
});

test('calibrate --judge openai runs end to end against an OpenAI-compatible server and counts the cost', async () => {
  const server = await startOpenAIServer();
  try {
    const out = makeTempDir();
    const run = await runCli(['calibrate', '--judge', 'openai', '--model', 'gpt-4.1', '--only', 'cli-monochrome', '-o', out], {
      env: env({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test' }),
    });
    assert.ok(run.code === 0 || run.code === 5, `exit ${run.code}: ${run.stderr}`);
    const document = readDocument(out);
    assert.equal(document.summary.judge, 'openai');
    assert.equal(document.summary.model, 'gpt-4.1');
    assert.ok(chatRequests(server).length > 0);
    assert.ok(document.summary.costUsd > 0, `cost ${document.summary.costUsd}`);
    assert.ok(existsSync(join(out, 'calibration.html')));
    assert.ok(existsSync(join(out, 'runs', 'cli-monochrome', 'scorecard.json')));
  } finally {
    await server.close();
  }
});

test('calibrate --compare-requests calibrates the openai judge both ways against a server, and reports their agreement and costs', async () => {
  const server = await startOpenAIServer();
  try {
    const out = makeTempDir();
    const run = await runCli(['calibrate', '--judge', 'openai', '--compare-requests', '--only', 'cli-monochrome', '-o', out], {
      env: env({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test' }),
    });
    assert.ok(run.code === 0 || run.code === 5, `exit ${run.code}: ${run.stderr}`);
    // cli-monochrome and its healthy baseline, each evaluated per prompt (the cli profile's 5 prompts) and combined (1 request).
    const schemas = chatRequests(server).map((request) => request.body.response_format.json_schema.name);
    assert.equal(schemas.filter((name) => name === 'termaudit_all_rubrics').length, 2);
    assert.equal(schemas.filter((name) => name !== 'termaudit_all_rubrics').length, 10);
    const agreement = JSON.parse(readFileSync(join(out, 'requests-agreement.json'), 'utf8')) as RequestComparisonDocument;
    assert.deepEqual(agreement.modes.map((mode) => [mode.requests, mode.calibration]), [
      ['per-prompt', join(out, 'per-prompt', 'calibration.json')],
      ['combined', join(out, 'combined', 'calibration.json')],
    ]);
    // The server gives a criterion the same score either way, so every score agrees.
    assert.equal(agreement.agreement.runs, 2);
    assert.ok(agreement.agreement.compared > 0);
    assert.equal(agreement.agreement.share, 1);
    const [perPrompt, combined] = agreement.modes.map((mode) => mode.summary.costUsd);
    assert.ok(combined > 0 && combined < perPrompt, `per-prompt $${perPrompt}, combined $${combined}`);
    assert.equal(readDocument(join(out, 'combined')).summary.costUsd, combined);
    assert.match(run.stdout, /^--requests per-prompt\ndefect {2,}criterion/m);
    assert.match(run.stdout, /^cost: \$0\.0015$/m);
    assert.match(run.stdout, /^--requests combined\n[^]*^calibration: .*combined\/calibration\.json$/m);
    assert.match(run.stdout, /^--requests combined: recall \d\/1, false alarms 0\/0, cost \$\d\.\d{4}/m);
    assert.match(run.stdout, /^agreement: (\d+) of \1 criterion scores within 1 point \(100 %\) over 2 recordings; 0 scored one way and not applicable the other$/m);
    assert.match(run.stdout, /^requests agreement: .*requests-agreement\.json$/m);
  } finally {
    await server.close();
  }
});

test('calibrate --compare-requests is a usage error with --requests or without the openai judge', async () => {
  const out = makeTempDir();
  const both = await runCli(['calibrate', '--judge', 'openai', '--compare-requests', '--requests', 'combined', '-o', out], { env: env({ OPENAI_API_KEY: 'test' }) });
  assert.equal(both.code, 1, both.stderr);
  assert.match(both.stderr, /^termaudit: --compare-requests runs both --requests modes: leave out --requests$/m);
  const heuristic = await runCli(['calibrate', '--compare-requests', '-o', out], { env: env() });
  assert.equal(heuristic.code, 1, heuristic.stderr);
  assert.match(heuristic.stderr, /add --judge openai/);
  const bad = await runCli(['calibrate', '--requests', 'all', '-o', out], { env: env() });
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stderr, /--requests: must be one of per-prompt, combined/);
});

test('calibrate --record-repeats records the healthy program again and compares it with the shipped one; --busy alone is refused', async () => {
  const out = makeTempDir();
  const run = await runCli(['calibrate', '--only', 'cli-healthy', '--record-repeats', '1', '-o', out], { env: env() });
  assert.equal(run.code, 0, run.stderr);
  const document = readDocument(out);
  assert.deepEqual(document.healthy.map((item) => `${item.run} vs ${item.baseline}: ${item.falseAlarm ? item.failures.join('; ') : 'passes'}`), ['cli-healthy-recorded-1 vs cli-healthy: passes']);
  assert.ok(existsSync(join(out, 'runs', 'cli-healthy-recorded-1', 'session.cast')));
  assert.match(run.stderr, /recording 1\/1 cli-healthy-recorded-1/);

  const busy = await runCli(['calibrate', '--only', 'cli-healthy', '--busy', '-o', makeTempDir()], { env: env() });
  assert.equal(busy.code, 1, busy.stderr);
  assert.match(busy.stderr, /--busy: only new recordings can be made on a busy machine; give --record-repeats k as well/);
});

test('calibrate --judge openai without an API key is refused in one line before anything is evaluated or written', async () => {
  const out = join(makeTempDir(), 'calibration');
  const run = await runCli(['calibrate', '--judge', 'openai', '-o', out], { env: env() });
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(run.stderr.trim().split('\n'), ['termaudit: --judge openai needs an API key: OPENAI_API_KEY is not set (export your OpenAI API key, or point --base-url at an OpenAI-compatible server that needs none)']);
  assert.equal(existsSync(out), false);
});
