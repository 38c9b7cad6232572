import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadPipeline, parsePipelineText } from '../../src/pipeline/config.js';
import { describeInit, pipelineNameFor, starterPipeline, writeStarterPipeline, type InitResult } from '../../src/pipeline/init.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { checkTape } from '../../src/tape/check-tape.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'init');

test('a pipeline is named after the script an interpreter runs, or after the program', () => {
  assert.equal(pipelineNameFor(['node', 'bin/my-tool.js', '--flag']), 'my-tool');
  assert.equal(pipelineNameFor(['python3', '-u', 'scripts/RunAgents.py']), 'run-agents');
  assert.equal(pipelineNameFor(['/usr/bin/htop']), 'htop');
  assert.equal(pipelineNameFor(['./___']), 'audit');
});

test('the starter pipeline has every section, commented, a second scenario commented out, and parses as written', () => {
  const text = starterPipeline(['node', 'app.js', '--greeting', '${literal}'], { name: 'app', cwd: '..' });
  for (const section of ['defaults:', 'cwd:', 'terminal:', 'timeout:', 'pretest:', 'render:', 'sample:', 'evaluate:', 'gate:', 'scenarios:']) {
    assert.match(text, new RegExp(`^\\s*#?\\s*${section}`, 'm'), `the starter mentions ${section}`);
  }
  for (const key of ['automationArgs', 'stuckAfter', 'expect', 'formats', 'theme', 'strategy', 'judge', 'model', 'samples', 'maxCost', 'minScore', 'maxDrop', 'baseline', 'maxDiffRatio', 'pairwise', 'rescoreBaseline', 'secrets', 'tape']) {
    assert.match(text, new RegExp(`${key}:.*# `), `${key} is explained in a comment`);
  }
  assert.match(text, /^ {2}# - name: /m, 'a second scenario is commented out');
  const pipeline = parsePipelineText(text, '/work/pipeline/app.yaml', { env: {}, cwd: '/work', pathKind: () => 'directory' });
  assert.equal(pipeline.name, 'app');
  assert.equal(pipeline.scenarios.length, 1);
  // The argument keeps its `${` literally: init quotes it so it is not expanded.
  assert.deepEqual(pipeline.scenarios[0].command, ['node', 'app.js', '--greeting', '${literal}']);
  assert.equal(pipeline.scenarios[0].cwd, '/work');
});

test('init writes pipeline/<name>.yaml that loads and runs the command in the directory init ran in', async () => {
  const cwd = makeTempDir();
  const { path } = await writeStarterPipeline(['node', 'bin/tool.js'], { cwd, probe: false });
  assert.equal(path, join(cwd, 'pipeline', 'tool.yaml'));
  const pipeline = await loadPipeline(path, { env: {} });
  assert.equal(pipeline.name, 'tool');
  assert.equal(pipeline.scenarios[0].cwd, cwd);
  assert.deepEqual(pipeline.scenarios[0].command, ['node', 'bin/tool.js']);
  assert.match(readFileSync(path, 'utf8'), /npx termaudit run pipeline\/tool\.yaml/);
});

test('init refuses to replace an existing file unless forced', async () => {
  const cwd = makeTempDir();
  const out = join(cwd, 'audit.yaml');
  writeFileSync(out, 'edited by hand\n');
  await assert.rejects(writeStarterPipeline(['bash'], { cwd, out: 'audit.yaml' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, 'audit.yaml already exists: pass --force to overwrite it, or --out <file> to write another');
    return true;
  });
  assert.equal(readFileSync(out, 'utf8'), 'edited by hand\n');
  await writeStarterPipeline(['bash'], { cwd, out: 'audit.yaml', force: true, probe: false });
  assert.equal((await loadPipeline(out, { env: {} })).scenarios[0].command[0], 'bash');
});

test('the starter pipeline sets PAGER and GIT_PAGER to cat, saying why, and writes the profile the probe chose with its reason', async () => {
  const text = starterPipeline(['htop'], {
    name: 'htop',
    verdict: { profile: 'tui', fullScreen: true, waitsForInput: true, why: 'htop switched to the alternate screen within 300ms and waited for input' },
    tape: { path: 'htop.tape', quit: 'q', guessed: false },
  });
  assert.match(text, /^ {4}# profile tui: htop switched to the alternate screen within 300ms and waited for input\n {4}evaluate: \{ profile: tui \}$/m);
  assert.match(text, /^ {4}# htop waits for input: without a tape its recording would only end at the timeout\./m);
  assert.match(text, /then quits it with q\.\n {4}tape: "htop\.tape"$/m);
  assert.match(text, /pager[\s\S]*hang[\s\S]*PAGER: cat\n {4}GIT_PAGER: cat/);
  const pipeline = parsePipelineText(text, '/work/pipeline/htop.yaml', { env: {}, cwd: '/work', pathKind: (path) => (path.endsWith('.tape') ? 'file' : 'directory') });
  assert.deepEqual(pipeline.scenarios[0].env, { PAGER: 'cat', GIT_PAGER: 'cat' });
  assert.equal(pipeline.scenarios[0].tape, '/work/pipeline/htop.tape');
  // Without a probe the profile is left to the user, commented out.
  const unprobed = starterPipeline(['htop'], { name: 'htop' });
  assert.match(unprobed, /^ {4}# evaluate: \{ profile: cli \}$/m);
  assert.doesNotMatch(unprobed, /^ {4}(evaluate|tape):/m);
});

test('init probes a full-screen program that waits for input: profile tui, and a starter tape beside the pipeline that passes tape check', async () => {
  const cwd = makeTempDir();
  const result = await writeStarterPipeline([join(fixtures, 'full-screen.sh')], { cwd });
  assert.equal(result.path, join(cwd, 'pipeline', 'full-screen.yaml'));
  assert.deepEqual([result.verdict?.profile, result.verdict?.waitsForInput], ['tui', true]);
  assert.equal(result.tape?.path, join(cwd, 'pipeline', 'full-screen.tape'));
  assert.equal(result.tape?.guessed, true);
  const checked = checkTape(result.tape!.path);
  assert.ok(checked.valid, checked.renderedErrors.join('\n'));
  const text = readFileSync(result.path, 'utf8');
  assert.match(text, /# profile tui: full-screen\.sh switched to the alternate screen within \d+ms and waited for input/);
  const pipeline = await loadPipeline(result.path, { env: {} });
  assert.equal(pipeline.scenarios[0].tape, result.tape!.path);
  assert.deepEqual(describeInit(result, (path) => path.slice(cwd.length + 1)).slice(0, 1), [
    'wrote pipeline/full-screen.yaml and pipeline/full-screen.tape (full-screen program waiting for input: the tape quits it with q, a guess)',
  ]);
});

test('init probes a program that prints and exits (PAGER=cat reaches it), one that prompts, and one that keeps printing', async () => {
  const cwd = makeTempDir();
  const log = await writeStarterPipeline([join(fixtures, 'log-with-pager.sh')], { cwd });
  assert.deepEqual([log.verdict?.profile, log.verdict?.waitsForInput, log.tape], ['cli', false, undefined]);
  assert.match(log.verdict!.why, /^log-with-pager\.sh printed its output and exited by itself with code 0 after \d+ms$/);
  assert.ok(!existsSync(join(cwd, 'pipeline', 'log-with-pager.tape')));
  assert.match(describeInit(log, (path) => path)[0]!, /\(line-oriented program, profile cli\)$/);

  const prompt = await writeStarterPipeline([join(fixtures, 'prompt.sh')], { cwd });
  assert.deepEqual([prompt.verdict?.profile, prompt.verdict?.waitsForInput, prompt.tape?.guessed], ['cli', true, true]);
  assert.match(prompt.tape!.text, /^Ctrl\+D$/m);
  assert.ok(checkTape(prompt.tape!.path).valid);

  const busy = await writeStarterPipeline([join(fixtures, 'busy.sh')], { cwd });
  assert.deepEqual([busy.verdict?.profile, busy.verdict?.waitsForInput, busy.tape], ['cli', false, undefined]);
  assert.match(busy.verdict!.why, /still printing/);
});

test('init of a command that is not found says so and writes nothing; an existing tape is not replaced without --force', async () => {
  const cwd = makeTempDir();
  for (const probe of [true, false]) {
    await assert.rejects(writeStarterPipeline(['termaudit-no-such-program', '--flag'], { cwd, probe }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, 'init: command not found: termaudit-no-such-program (looked in PATH); nothing was written (install it, or give its path)');
      return true;
    });
  }
  assert.ok(!existsSync(join(cwd, 'pipeline')));

  mkdirSync(join(cwd, 'pipeline'));
  writeFileSync(join(cwd, 'pipeline', 'full-screen.tape'), 'Type "edited"\n');
  await assert.rejects(writeStarterPipeline([join(fixtures, 'full-screen.sh')], { cwd }), /pipeline\/full-screen\.tape already exists: pass --force/);
  assert.ok(!existsSync(join(cwd, 'pipeline', 'full-screen.yaml')), 'the pipeline is not written without its tape');
  assert.equal(readFileSync(join(cwd, 'pipeline', 'full-screen.tape'), 'utf8'), 'Type "edited"\n');
});

test('init then run on a full-screen program: the starter tape quits it, and without the tape the scenario times out with a scorecard and a report', async () => {
  const cwd = makeTempDir();
  const { path } = await writeStarterPipeline([join(fixtures, 'full-screen.sh')], { cwd });
  const config = await loadPipeline(path, { env: {}, cwd });
  const run = await runPipeline(config, { workers: 1, overrides: { judge: 'heuristic' } });
  const [scenario] = run.summary.scenarios;
  assert.equal(scenario!.status, 'passed', scenario!.reason);
  assert.equal(run.summary.exitCode, 0);
  const meta = JSON.parse(readFileSync(join(run.runDir, 'default', 'meta.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.stoppedWith], ['exit', 0, null], 'the tape quit it: it exited by itself');
  assert.match(readFileSync(join(run.runDir, 'default', 'session.cast'), 'utf8'), /FAKE TOP/);

  // The same program without its tape waits for input until the scenario's timeout.
  const untaped = readFileSync(path, 'utf8').replace(/^ {4}tape: .*$/m, '').replace('timeout: 2m', 'timeout: 2s').replace(/^name: .*$/m, 'name: untaped');
  writeFileSync(join(cwd, 'pipeline', 'untaped.yaml'), untaped);
  const timedOut = await runPipeline(await loadPipeline(join(cwd, 'pipeline', 'untaped.yaml'), { env: {}, cwd }), { workers: 1, overrides: { judge: 'heuristic' } });
  const [slow] = timedOut.summary.scenarios;
  assert.deepEqual([slow!.status, slow!.exitCode, timedOut.summary.exitCode], ['timeout', 3, 3]);
  assert.equal(typeof slow!.overall, 'number');
  for (const file of ['scorecard.json', 'report.html']) assert.ok(existsSync(join(timedOut.runDir, 'default', file)), file);
  const timedOutMeta = JSON.parse(readFileSync(join(timedOut.runDir, 'default', 'meta.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([timedOutMeta.endedBy, timedOutMeta.exitCode], ['timeout', null]);
});

test('init writes a model that is not about to shut down, with its cost cap, and how to check', () => {
  const text = starterPipeline(['node', 'app.js'], { name: 'app', today: new Date('2026-12-02T00:00:00Z') });
  assert.match(text, /^ {4}model: gpt-6-luna +# the vision model of the openai judge \(default gpt-6-luna\)$/m);
  assert.doesNotMatch(text, /shuts down on/);
  assert.match(text, /termaudit models --live/);
  assert.match(text, /developers\.openai\.com\/api\/docs\/deprecations/);
  // The registry prices gpt-6-luna, so the cap is written live: an evaluation can keep it.
  assert.match(text, /^ {4}maxCost: 1\.00 /m);
  const pipeline = parsePipelineText(text, '/work/pipeline/app.yaml', { env: {}, cwd: '/work', pathKind: () => 'directory' });
  assert.equal(pipeline.scenarios[0].evaluate.model, 'gpt-6-luna');
  assert.equal(pipeline.scenarios[0].evaluate.maxCost, 1);
});
