import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../src/pipeline/types.js';
import { runCli, startCli } from '../helpers/cli.js';
import { chatRequests, startOpenAIServer } from '../helpers/openai-server.js';
import { repoRoot } from '../helpers/paths.js';
import { aliasBombLines } from '../helpers/yaml-bomb.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker, waitFor } from '../helpers/process-tree.js';

const fixtureDir = join(repoRoot, 'test', 'fixtures', 'run');
const fixturePath = join(fixtureDir, 'pipeline.yaml');
const fixtureEnv = { RUN_FIXTURE_DIR: fixtureDir, FIXTURE_API_TOKEN: 'not-printed-secret', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };

/** readSummary reads a run directory's summary scorecard.json. */
function readSummary(runDir: string): RunSummary {
  return JSON.parse(readFileSync(join(runDir, 'scorecard.json'), 'utf8')) as RunSummary;
}

/** outcomes are what must agree between a sharded and an unsharded run: each scenario's status and scores. */
function outcomes(summary: RunSummary): unknown {
  return summary.scenarios
    .map((scenario) => ({ name: scenario.name, status: scenario.status, exitCode: scenario.exitCode, overall: scenario.overall, criteria: scenario.criteria }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** writeVariant writes the fixture pipeline into `dir`, changed by `edit`, and returns its path. */
async function writeVariant(dir: string, edit: (text: string) => string): Promise<string> {
  const path = join(dir, 'pipeline.yaml');
  await writeFile(path, edit(await readFile(fixturePath, 'utf8')));
  return path;
}

test('termaudit run --automation runs the pipeline, reports every scenario stage in status.json, and shards merge into the same result', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  try {
    const run = await runCli(['run', fixturePath, '--automation', '--workers', '2'], { cwd: work, env: fixtureEnv });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /^LOG_DIR: \//);
    assert.match(lines[1], /^STATUS: \/.*status\.json$/);
    assert.ok(lines.includes('RESULT: success') && lines.includes('EXIT_CODE: 0'), run.stdout);
    const runDir = lines[0].slice('LOG_DIR: '.length);
    assert.ok(lines.includes(`OUTPUT_REPORT: ${join(runDir, 'report.html')}`), run.stdout);
    assert.doesNotMatch(run.stdout, /scenario\s+status/, 'the table goes to stderr in automation mode');
    assert.match(run.stderr, /alpha\s+passed/);
    const status = JSON.parse(readFileSync(join(runDir, 'status.json'), 'utf8'));
    assert.equal(status.result.exit_code, 0);
    for (const scenario of ['alpha', 'beta']) {
      for (const stage of ['pretest', 'record', 'render', 'evaluate', 'report']) assert.equal(status.stages[`${scenario}:${stage}`].status, 'done', `${scenario}:${stage}`);
      assert.equal(status.stages[`${scenario}:compare`].status, 'skipped');
    }
    assert.equal(realpathSync(join(work, 'recordings', 'fixture-pipeline', 'latest')), realpathSync(runDir));
    const whole = readSummary(runDir);

    // Two shards of one CI run (same --run-id, each on its own machine: here its own out root), merged.
    for (const shard of ['1/2', '2/2']) {
      const part = await runCli(['run', fixturePath, '--shard', shard, '--run-id', 'ci-7', '--out-root', join(work, `shard-${shard[0]}`)], { cwd: work, env: fixtureEnv });
      assert.equal(part.code, 0, part.stderr);
      assert.match(part.stdout, /report: .*ci-7\/report\.html/);
    }
    const shardDirs = ['1', '2'].map((index) => join(work, `shard-${index}`, 'fixture-pipeline', 'ci-7'));
    assert.deepEqual(shardDirs.map((dir) => readSummary(dir).scenarios.length), [1, 1]);
    assert.deepEqual(readSummary(shardDirs[0]).shards, [{ index: 1, count: 2 }]);
    const merged = join(work, 'merged');
    const merge = await runCli(['merge', ...shardDirs, '--out', merged], { cwd: work });
    assert.equal(merge.code, 0, merge.stderr);
    // The merge keeps every shard's scores as they were. The whole run recorded the same scenarios again, so
    // its scores may differ by what the machine's load did to the recordings: it agrees on names and outcomes.
    const shardScenarios = shardDirs.flatMap((dir) => readSummary(dir).scenarios);
    assert.deepEqual(outcomes(readSummary(merged)), outcomes({ ...whole, scenarios: shardScenarios }));
    const verdicts = (summary: RunSummary) => summary.scenarios.map(({ name, status, exitCode }) => ({ name, status, exitCode })).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(verdicts(readSummary(merged)), verdicts(whole));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run judges with the OpenAI judge through --base-url, every prompt in one request with --requests combined', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  const server = await startOpenAIServer();
  try {
    const run = await runCli(['run', fixturePath, '--shard', '1/2', '--judge', 'openai', '--model', 'gpt-4.1-mini', '--base-url', server.baseURL, '--requests', 'combined'], { cwd: work, env: fixtureEnv });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(chatRequests(server).map((request) => request.body.response_format.json_schema.name), ['termaudit_all_rubrics']);
    const runDir = realpathSync(join(work, 'recordings', 'fixture-pipeline', 'latest'));
    const scorecard = JSON.parse(readFileSync(join(runDir, 'alpha', 'scorecard.json'), 'utf8'));
    assert.equal(scorecard.judge.name, 'openai');
    assert.equal(scorecard.judge.model, 'gpt-4.1-mini');
    // The scorecard knows the pipeline and scenario it was recorded by, for compare's like-for-like check.
    const sha256 = createHash('sha256').update(readFileSync(fixturePath)).digest('hex');
    assert.deepEqual([scorecard.run.pipeline, scorecard.run.scenario], [{ name: 'fixture-pipeline', sha256 }, 'alpha']);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run: a cost cap on a model without a known price fails the scenario (exit 1) before any call; --price or evaluate.price prices it', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  const server = await startOpenAIServer();
  try {
    const capped = await writeVariant(work, (text) => text.replace('  evaluate: { judge: heuristic }', '  evaluate: { judge: openai, model: my-vlm, maxCost: 1000 }'));
    const args = ['run', capped, '--shard', '1/2', '--base-url', server.baseURL];
    // Each run its own response cache: a cached answer costs nothing.
    const env = (cache: string) => ({ ...fixtureEnv, OPENAI_API_KEY: 'k', TERMAUDIT_CACHE_DIR: join(work, cache) });
    const refused = await runCli(args, { cwd: work, env: env('cache-1') });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /^alpha\s+failed\s+1\s+—\s+evaluate: --max-cost: model "my-vlm" has no known price/m);
    assert.equal(chatRequests(server).length, 0);

    const flagged = await runCli([...args, '--price', 'in=1000,cached=500,out=4000', '--run-id', 'priced'], { cwd: work, env: env('cache-2') });
    assert.equal(flagged.code, 0, flagged.stderr);
    const calls = chatRequests(server).length;
    assert.ok(calls > 0);
    const scorecard = JSON.parse(readFileSync(join(work, 'recordings', 'fixture-pipeline', 'priced', 'alpha', 'scorecard.json'), 'utf8'));
    // Each call: 1000 input tokens × $1000 + 100 output × $4000, per 1M.
    assert.ok(Math.abs(scorecard.judge.costUsd - 1.4 * calls) < 1e-6, String(scorecard.judge.costUsd));

    const written = await writeVariant(work, (text) => text.replace('  evaluate: { judge: heuristic }', '  evaluate: { judge: openai, model: my-vlm, maxCost: 1000, price: { input: 1000, cachedInput: 500, output: 4000 } }'));
    const fromFile = await runCli(['run', written, '--shard', '1/2', '--base-url', server.baseURL, '--run-id', 'from-file'], { cwd: work, env: env('cache-3') });
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const fromFileCard = JSON.parse(readFileSync(join(work, 'recordings', 'fixture-pipeline', 'from-file', 'alpha', 'scorecard.json'), 'utf8'));
    assert.ok(fromFileCard.judge.costUsd > 0);

    // The file's price is my-vlm's: --model without --price leaves the other model unpriced.
    const otherModel = await runCli(['run', written, '--shard', '1/2', '--base-url', server.baseURL, '--model', 'other-vlm', '--from', 'evaluate', '--run', 'from-file'], { cwd: work, env: env('cache-4') });
    assert.equal(otherModel.code, 1, otherModel.stderr);
    assert.match(otherModel.stdout, /--max-cost: model "other-vlm" has no known price/);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run warns when a scenario is compared with a baseline recorded in another terminal size by an earlier pipeline file', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  try {
    const first = await runCli(['run', fixturePath, '--shard', '1/2', '--run-id', 'before'], { cwd: work, env: fixtureEnv });
    assert.equal(first.code, 0, first.stderr);
    const wider = await writeVariant(work, (text) => text.replace('terminal: { cols: 60, rows: 12 }', 'terminal: { cols: 70, rows: 12 }'));
    const baseline = join(work, 'recordings', 'fixture-pipeline', 'before');
    const second = await runCli(['run', wider, '--shard', '1/2', '--run-id', 'after', '--baseline', baseline], { cwd: work, env: fixtureEnv });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /^warning: the baseline was recorded in another terminal size \(baseline: 60×12, current: 70×12\)/m);
    assert.match(second.stderr, /^warning: the pipeline file changed since the baseline \(fixture-pipeline, sha256 [0-9a-f]{12} → [0-9a-f]{12}\)/m);
    const comparison = JSON.parse(readFileSync(join(work, 'recordings', 'fixture-pipeline', 'after', 'alpha', 'compare.json'), 'utf8'));
    assert.equal(comparison.warnings.length, 2, JSON.stringify(comparison.warnings));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run exits 5 when a scenario misses its minimum score', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  try {
    const path = await writeVariant(work, (text) => text.replace('  evaluate: { judge: heuristic }', '  evaluate: { judge: heuristic }\n  gate: { minScores: { overall: 10 } }'));
    const run = await runCli(['run', path, '--shard', '2/2'], { cwd: work, env: fixtureEnv });
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stdout, /beta\s+quality-gate-failed/);
    assert.match(run.stderr, /termaudit: 1 of 1 scenarios did not pass/);
    // A minimum needs no baseline: the terminal, the summary and junit.xml say below the minimum, not a regression.
    assert.match(run.stdout, /beta\s+quality-gate-failed\s+5\s+\S+\s+compare: quality gate failed: 1 score below the minimum score: overall score is/);
    const runDir = realpathSync(join(work, 'recordings', 'fixture-pipeline', 'latest'));
    assert.match(readSummary(runDir).scenarios[0].reason ?? '', /^quality gate failed: 1 score below the minimum score: /);
    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    assert.match(junit, /message="quality gate failed: 1 score below the minimum score: /);
    assert.doesNotMatch(run.stdout + run.stderr + junit + readFileSync(join(runDir, 'report.html'), 'utf8'), /regression|dropped/);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run exits 2 when a scenario\'s pretest gate is closed, and records nothing for it', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  try {
    const path = await writeVariant(work, (text) => text.replace('rich-target.mjs", ok, "--token', 'rich-target.mjs", config-error, "--token'));
    const run = await runCli(['run', path, '--shard', '2/2'], { cwd: work, env: fixtureEnv });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /beta\s+gate-closed\s+2\s+.*pretest gate is closed/);
    const runDir = realpathSync(join(work, 'recordings', 'fixture-pipeline', 'latest'));
    assert.ok(!existsSync(join(runDir, 'beta', 'session.cast')));
    assert.equal(readSummary(runDir).scenarios[0].status, 'gate-closed');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run exits 1 with file:line for an unknown key in the pipeline', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  try {
    const path = await writeVariant(work, (text) => text.replace('  - name: alpha\n', '  - name: alpha\n    colour: red\n'));
    const run = await runCli(['run', path], { cwd: work, env: fixtureEnv });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /pipeline\.yaml:\d+:\d+: .*colour/);
    assert.ok(!existsSync(join(work, 'recordings')), 'nothing ran');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run exits 1 with one located line for a YAML alias bomb, not an unexpected error', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  try {
    const path = join(work, 'bomb.yaml');
    await writeFile(path, `${aliasBombLines().join('\n')}\nscenarios: [*f]\n`);
    const run = await runCli(['run', path], { cwd: work, env: fixtureEnv });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^termaudit: .*bomb\.yaml:7:13: the alias \*f expands to \d+ values, too many to read .*\n$/);
    assert.ok(!existsSync(join(work, 'recordings')), 'nothing ran');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('Ctrl-C stops every scenario, leaves no process behind, writes the partial summary and exits 4', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  const { marker, env } = testMarker();
  try {
    const path = await writeVariant(work, (text) =>
      text.replace('  pretest: true', '  pretest: false').replace('rich-target.mjs", ok]\n  - name: beta', 'rich-target.mjs", long]\n  - name: beta'),
    );
    const { child, done } = startCli(['run', path, '--automation', '--workers', '1'], { cwd: work, env: { ...fixtureEnv, ...env } });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await waitFor(() => stdout.includes('STAGE: alpha:record'), 15_000, 'the recording to start');
    const runDir = /^LOG_DIR: (.+)$/m.exec(stdout)![1];
    await waitFor(() => existsSync(join(runDir, 'alpha', 'session.cast')) && readFileSync(join(runDir, 'alpha', 'session.cast'), 'utf8').includes('step 2'), 15_000, 'output in the cast');
    child.kill('SIGINT');
    const run = await done;
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stdout, /^RESULT: interrupted$/m);
    await waitFor(() => findProcessesByMarker(marker).length === 0, 5_000, 'every process of the run to be gone');
    const summary = readSummary(runDir);
    assert.equal(summary.complete, false);
    assert.equal(summary.exitCode, 4);
    assert.deepEqual(summary.scenarios.map((scenario) => [scenario.name, scenario.status]), [['alpha', 'interrupted'], ['beta', 'not-run']]);
    assert.match(readFileSync(join(runDir, 'alpha', 'session.cast'), 'utf8'), /step 2/, 'what was recorded is kept');
  } finally {
    killProcessesByMarker(marker);
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run --max-cost overrides evaluate.maxCost, and the estimate is printed once per scenario before its judge calls', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  const server = await startOpenAIServer();
  try {
    const paid = await writeVariant(work, (text) => text.replace('  evaluate: { judge: heuristic }', '  evaluate: { judge: openai, model: gpt-4.1, maxCost: 1000 }'));
    const env = (cache: string) => ({ ...fixtureEnv, OPENAI_API_KEY: 'k', TERMAUDIT_CACHE_DIR: join(work, cache) });
    const args = ['run', paid, '--base-url', server.baseURL];
    const refused = await runCli([...args, '--max-cost', '0.000001', '--run-id', 'capped'], { cwd: work, env: env('cache-1') });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /^alpha\s+failed\s+1\s+—\s+evaluate: the estimated cost \$\S+ \(.*\) is above --max-cost \$0\.000001/m);
    assert.equal(chatRequests(server).length, 0);
    for (const scenario of ['alpha', 'beta']) assert.match(refused.stderr, new RegExp(`^${scenario}: estimated cost: \\$`, 'm'));

    const run = await runCli([...args, '--run-id', 'paid'], { cwd: work, env: env('cache-2') });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(chatRequests(server).length > 0);
    for (const scenario of ['alpha', 'beta']) {
      assert.equal(run.stderr.split('\n').filter((line) => line.startsWith(`${scenario}: estimated cost: $`)).length, 1, run.stderr);
    }

    // The heuristic judge costs nothing: evaluate shows no estimate for it, nor does run.
    const free = await runCli(['run', fixturePath, '--shard', '1/2'], { cwd: work, env: fixtureEnv });
    assert.equal(free.code, 0, free.stderr);
    assert.doesNotMatch(free.stderr, /estimated cost/);

    const unknown = await runCli(['run', paid, '--max-cost', 'lots'], { cwd: work, env: env('cache-3') });
    assert.equal(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /--max-cost/);
    assert.doesNotMatch(unknown.stderr, /unknown option/);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
});

test('termaudit run --from evaluate with another judge keeps the earlier judge\'s results in judges/<judge>/, usable by report and compare', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-cli-'));
  const server = await startOpenAIServer();
  try {
    const env = { ...fixtureEnv, TERMAUDIT_CACHE_DIR: join(work, 'cache') };
    const first = await runCli(['run', fixturePath, '--shard', '1/2', '--run-id', 'both'], { cwd: work, env });
    assert.equal(first.code, 0, first.stderr);
    const scenarioDir = join(work, 'recordings', 'fixture-pipeline', 'both', 'alpha');
    const judgeOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8')).judge as { name: string; model: string };
    const heuristicScorecard = readFileSync(join(scenarioDir, 'scorecard.json'), 'utf8');

    const again = ['run', fixturePath, '--shard', '1/2', '--from', 'evaluate', '--run', 'both'];
    const openai = await runCli([...again, '--judge', 'openai', '--model', 'gpt-4.1', '--base-url', server.baseURL], { cwd: work, env });
    assert.equal(openai.code, 0, openai.stderr);
    assert.match(openai.stderr, /^alpha: estimated cost: \$/m);
    assert.deepEqual(judgeOf(scenarioDir), { ...judgeOf(scenarioDir), name: 'openai', model: 'gpt-4.1' });
    const keptHeuristic = join(scenarioDir, 'judges', 'heuristic-3');
    assert.match(openai.stderr, new RegExp(`^note: alpha: the results of heuristic heuristic-3 are kept in ${keptHeuristic} `, 'm'));
    assert.equal(judgeOf(keptHeuristic).name, 'heuristic');
    // The same scores as before the switch, its frames found from its new place, and a report that names its judge.
    const kept = JSON.parse(readFileSync(join(keptHeuristic, 'scorecard.json'), 'utf8'));
    const earlier = JSON.parse(heuristicScorecard);
    assert.deepEqual(kept.criteria.map((criterion: { score: number | null }) => criterion.score), earlier.criteria.map((criterion: { score: number | null }) => criterion.score));
    for (const frame of kept.frames) assert.ok(existsSync(join(keptHeuristic, frame.file)), frame.file);
    assert.match(readFileSync(join(keptHeuristic, 'report.html'), 'utf8'), /heuristic · heuristic-3/);
    assert.match(readFileSync(join(scenarioDir, 'report.html'), 'utf8'), /openai · gpt-4\.1/);
    const summary = readSummary(join(work, 'recordings', 'fixture-pipeline', 'both'));
    assert.equal(summary.scenarios[0].scorecard, 'alpha/scorecard.json');

    const report = await runCli(['report', keptHeuristic], { cwd: work, env });
    assert.equal(report.code, 0, report.stderr);
    assert.doesNotMatch(report.stderr, /missing/);
    const compare = await runCli(['compare', join(keptHeuristic, 'scorecard.json'), join(scenarioDir, 'scorecard.json'), '-o', join(work, 'judges-compared')], { cwd: work, env });
    assert.ok(compare.code === 0 || compare.code === 5, compare.stderr);
    assert.match(compare.stderr, /the scorecards come from different judges \(baseline: heuristic heuristic-3, current: openai gpt-4\.1\)/);

    // Back to the heuristic judge: openai's results are kept in their turn, the heuristic's replace its own.
    const back = await runCli([...again, '--judge', 'heuristic'], { cwd: work, env });
    assert.equal(back.code, 0, back.stderr);
    assert.equal(judgeOf(scenarioDir).name, 'heuristic');
    assert.deepEqual(readdirSync(join(scenarioDir, 'judges')), ['openai-gpt-4.1']);
    assert.equal(judgeOf(join(scenarioDir, 'judges', 'openai-gpt-4.1')).model, 'gpt-4.1');
    // The same judge again replaces its own results and moves nothing.
    const same = await runCli([...again, '--judge', 'heuristic'], { cwd: work, env });
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(same.stderr, /are kept in/);
    assert.deepEqual(readdirSync(join(scenarioDir, 'judges')), ['openai-gpt-4.1']);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
});
