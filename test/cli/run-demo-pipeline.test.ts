/**
 * The shipped demo audit (pipeline/demo.yaml, what `npm start` runs), end to end through the built CLI:
 * real pty, real ffmpeg, the heuristic judge, and the OpenAI judge against a local OpenAI-compatible server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../src/pipeline/types.js';
import type { Scorecard } from '../../src/score/types.js';
import { runCli } from '../helpers/cli.js';
import { chatRequests, startOpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';

const demoPipeline = join(repoRoot, 'pipeline', 'demo.yaml');
const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, TERMAUDIT_CACHE_DIR: makeTempDir(), ...extra };
  if (!('OPENAI_API_KEY' in extra)) delete env.OPENAI_API_KEY;
  if (!('OPENAI_BASE_URL' in extra)) delete env.OPENAI_BASE_URL;
  return env;
};

test('the demo audit runs both scenarios on the heuristic judge: healthy passes, the low-contrast canary fails its gate as expected, exit 0', async () => {
  const outRoot = makeTempDir();
  const run = await runCli(['run', demoPipeline, '--out-root', outRoot, '--run-id', 'demo-e2e'], { env: cleanEnv() });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  const runDir = join(outRoot, 'demo', 'demo-e2e');
  assert.match(run.stdout, new RegExp(`report: ${runDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/report\\.html`));
  const summary = JSON.parse(readFileSync(join(runDir, 'scorecard.json'), 'utf8')) as RunSummary;
  assert.equal(summary.exitCode, 0);
  assert.equal(summary.complete, true);
  const byName = Object.fromEntries(summary.scenarios.map((scenario) => [scenario.name, scenario]));
  assert.equal(byName.healthy.status, 'passed');
  assert.equal(byName['low-contrast'].status, 'passed');
  assert.match(byName['low-contrast'].reason ?? '', /failed its quality gate as expected .*Contrast \(contrast\) is 1\.0, below --min-score 4/);
  assert.ok((byName.healthy.criteria?.contrast ?? 0) > (byName['low-contrast'].criteria?.contrast ?? 10));
  for (const name of ['healthy', 'low-contrast']) {
    for (const file of ['session.cast', 'recording.mp4', 'sample/frames.json', 'evaluation.json', 'scorecard.json', 'report.html', 'pretest/pretest.json']) {
      assert.ok(existsSync(join(runDir, name, file)), `${name}/${file} is missing`);
    }
    const scorecard = JSON.parse(readFileSync(join(runDir, name, 'scorecard.json'), 'utf8')) as Scorecard;
    assert.equal(scorecard.judge.name, 'heuristic');
    // The recorded command is the rich display, without the pretest's --automation.
    assert.ok(scorecard.run.command && !scorecard.run.command.includes('--automation'), String(scorecard.run.command));
  }
  for (const file of ['report.html', 'junit.xml', 'status.json']) assert.ok(existsSync(join(runDir, file)), `${file} is missing`);
  assert.equal(readlinkSync(join(outRoot, 'demo', 'latest')), 'demo-e2e');
});

test('the demo audit scores with the OpenAI judge against an OpenAI-compatible server (one shard: the healthy scenario)', async () => {
  const server = await startOpenAIServer();
  try {
    // The server announces a shutdown 30 days ahead for the demo's model: the evaluate stage warns.
    server.models = [{ id: 'gpt-6-luna', shutdown_date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }];
    const outRoot = makeTempDir();
    const run = await runCli(['run', demoPipeline, '--out-root', outRoot, '--run-id', 'openai-e2e', '--shard', '1/2'], {
      env: cleanEnv({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseURL }),
    });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    // The evaluate stage's warnings reach the run's output, once.
    assert.equal((run.stderr.match(/^warning: gpt-6-luna shuts down on .* \(30 days\)/gm) ?? []).length, 1, run.stderr);
    const runDir = join(outRoot, 'demo', 'openai-e2e');
    const summary = JSON.parse(readFileSync(join(runDir, 'scorecard.json'), 'utf8')) as RunSummary;
    assert.deepEqual(summary.scenarios.map((scenario) => [scenario.name, scenario.status]), [['healthy', 'passed']]);
    assert.deepEqual(summary.shards, [{ index: 1, count: 2 }]);
    // One call per shipped prompt, each with the sampled frames as images.
    const requests = chatRequests(server);
    assert.equal(requests.length, 5);
    assert.ok(requests.every((request) => request.body.model === 'gpt-6-luna'));
    const scorecard = JSON.parse(readFileSync(join(runDir, 'healthy', 'scorecard.json'), 'utf8')) as Scorecard;
    assert.equal(scorecard.judge.name, 'openai');
    assert.equal(scorecard.judge.calls, 5);
    assert.ok(scorecard.judge.costUsd > 0);
  } finally {
    await server.close();
  }
});

test("the self-audit pipeline records termaudit render's own progress display, pre-tested in its automation mode, and passes its gate", async () => {
  const outRoot = makeTempDir();
  const run = await runCli(['run', join(repoRoot, 'pipeline', 'self-audit.yaml'), '--out-root', outRoot, '--run-id', 'self'], { env: cleanEnv({ TMPDIR: makeTempDir() }) });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  const runDir = join(outRoot, 'self-audit', 'self');
  const summary = JSON.parse(readFileSync(join(runDir, 'scorecard.json'), 'utf8')) as RunSummary;
  assert.deepEqual(summary.scenarios.map((scenario) => [scenario.name, scenario.status, scenario.stages.pretest?.status]), [['render-progress', 'passed', 'done']]);
  // The recorded screen is render's live display: its progress bar and closing line.
  const text = readFileSync(join(runDir, 'render-progress', 'screen.txt'), 'utf8');
  assert.match(text, /rendered \d+ distinct frames/);
  assert.ok((summary.scenarios[0].criteria?.progress ?? 0) >= 7);
});
