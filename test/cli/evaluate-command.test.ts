import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import type { EvaluationDocument } from '../../src/evaluate/index.js';
import { runCli, startCli, type CliRun } from '../helpers/cli.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { chatRequests, openAIError, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';

/** A short run of a program: a title, two steps with colored status, a failure and a result line. */
const programEvents: CastEventTuple[] = [
  [0.2, 'o', '\x1b[1mdeploy\x1b[0m v1.2\r\n'],
  [0.8, 'o', '\x1b[32m✓\x1b[0m build\r\n'],
  [1.6, 'o', '\x1b[31m✗\x1b[0m upload failed: timeout\r\n'],
  [2.4, 'o', '\x1b[32m✓\x1b[0m upload (retry)\r\nDone: deployed\r\n'],
];

const promptTitles = ['Coordination', 'Information organization', 'Status indicators', 'User experience', 'Visual clarity'];

/** runDirWith writes a run directory holding `session.cast` made of `events` and returns the directory. */
function runDirWith(events: CastEventTuple[] = programEvents): string {
  const cast = writeCast(events, { cols: 40, rows: 8 });
  renameSync(cast, join(dirname(cast), 'session.cast'));
  return dirname(cast);
}

/**
 * cliEnv is the environment of one CLI run: no OpenAI settings inherited from the developer's shell (an
 * undefined value removes the variable) and a response cache of its own, so nothing touches ~/.cache.
 */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, TERMAUDIT_CACHE_DIR: makeTempDir(), ...extra };
}

/** serverEnv points the CLI at the test server with a dummy key. */
function serverEnv(server: OpenAIServer, cacheDir = makeTempDir()): NodeJS.ProcessEnv {
  return cliEnv({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test', TERMAUDIT_CACHE_DIR: cacheDir });
}

function readEvaluation(path: string): EvaluationDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as EvaluationDocument;
}

/** errorLines are the stderr lines the CLI prints for errors (progress and warning lines are not). */
function errorLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line.startsWith('termaudit:'));
}

/** assertOneError checks that a run exited with `code` and printed exactly one `termaudit:` line matching `pattern`. */
function assertOneError(run: CliRun, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, `exit ${run.code}, stderr:\n${run.stderr}`);
  const lines = errorLines(run);
  assert.equal(lines.length, 1, `expected one termaudit: line, stderr:\n${run.stderr}`);
  assert.match(lines[0], pattern);
}

/** waitFor polls `condition` until it holds, failing after `limitMs` (a bound on a hang, not a timing assertion). */
async function waitFor(condition: () => boolean, what: string, limitMs = 15000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('evaluate of a run directory without an API key uses the heuristic judge, says why and prints the scores', async () => {
  const runDir = runDirWith();
  const run = await runCli(['evaluate', runDir, '--frames', '3'], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^judge: heuristic, auto: OPENAI_API_KEY is not set/m);
  assert.deepEqual(errorLines(run), []);
  const evaluationPath = join(runDir, 'evaluation.json');
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), `evaluation: ${evaluationPath}`);
  assert.match(run.stdout, /^3 frames from \d\d:\d\d\.\d to 00:02\.4; 5 calls \(0 from cache\), .* cost \$0$/m);
  for (const title of promptTitles) assert.ok(lines.some((line) => line.startsWith(`${title} (`)), `no heading for ${title}:\n${run.stdout}`);

  const document = readEvaluation(evaluationPath);
  assert.equal(document.complete, true);
  assert.equal(document.judge.name, 'heuristic');
  assert.equal(document.prompts.length, 5);
  assert.equal(document.results.length, 5);
  assert.ok(document.calls.every((call) => call.status === 'ok'));
  // Every criterion has one table row: its score with one decimal, or n/a when it does not apply.
  const criteria = document.results.flatMap((result) => result.criteria);
  const rows = lines.filter((line) => /^ {2}( {2}–| n\/a|[ \d]\d\.\d) {2}\S/.test(line));
  assert.equal(rows.length, criteria.length);
  for (const criterion of criteria) {
    const score = criterion.applicable === false ? ' n/a' : criterion.score === null ? '  –' : criterion.score.toFixed(1).padStart(4);
    assert.ok(rows.includes(`  ${score}  ${criterion.title}`), `no row for ${criterion.title}`);
  }
  assert.ok(rows.some((row) => row.startsWith('   n/a  ')), 'this short recording shows no voting: not applicable');

  assert.ok(existsSync(join(runDir, 'sample', 'frames.json')));
  assert.equal(document.frames.length, 3);
  for (const frame of document.frames) {
    assert.equal(dirname(frame.file), join(runDir, 'sample', 'frames'));
    assert.ok(existsSync(frame.file), `${frame.file} is missing`);
  }
});

test('evaluate of a rendered video writes evaluation.json into its sample directory and leaves what a video cannot show unscored', async () => {
  const dir = makeTempDir();
  const cast = writeCast(programEvents, { cols: 40, rows: 8 });
  const video = join(dir, 'x.mp4');
  const render = await runCli(['render', cast, '-o', video, '--fps', '10', '--last-frame', '0.5'], { env: cliEnv() });
  assert.equal(render.code, 0, render.stderr);

  const run = await runCli(['evaluate', video, '--judge', 'heuristic', '--frames', '3'], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^judge: heuristic, --judge heuristic$/m);
  const evaluationPath = join(dir, 'x.sample', 'evaluation.json');
  assert.equal(run.stdout.trimEnd().split('\n').at(-1), `evaluation: ${evaluationPath}`);
  assert.ok(existsSync(join(dir, 'x.sample', 'frames.json')));

  const document = readEvaluation(evaluationPath);
  assert.equal(document.complete, true);
  assert.equal(document.input.kind, 'video');
  const criteria = document.results.flatMap((result) => result.criteria);
  const unscored = criteria.filter((criterion) => criterion.score === null);
  assert.ok(unscored.length > 0 && unscored.length < criteria.length, `${unscored.length} of ${criteria.length} criteria unscored`);
  for (const criterion of unscored) assert.ok(run.stdout.includes(`\n    –  ${criterion.title}\n`), `${criterion.title} is not shown as –`);
  assert.equal(run.stdout.split('\n').filter((line) => line.startsWith('    –  ')).length, unscored.length);
});

test('--judge openai asks the server once per prompt, shows the estimate and the model, and a repeated run is answered from the cache', async () => {
  const server = await startOpenAIServer();
  try {
    const runDir = runDirWith();
    const env = serverEnv(server);
    const args = ['evaluate', runDir, '--judge', 'openai', '--frames', '3'];
    const first = await runCli(args, { env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(chatRequests(server).length, 5);
    assert.match(first.stderr, /^judge: openai \(gpt-6-luna\), --judge openai$/m);
    assert.match(first.stderr, /^estimated cost: \$\d+\.\d{2,4} for 5 calls( \(\$\d+\.\d{2,4} if the frames hit the prompt cache\))?; --requests combined: \$\d+\.\d{2,4} for 1 call$/m);
    assert.match(first.stdout, /; 5 calls \(0 from cache\), 5000 input tokens .* cost \$0\.0\d{3}\n/);
    assert.doesNotMatch(first.stdout, /cost \$0\n/);
    assert.equal(readEvaluation(join(runDir, 'evaluation.json')).complete, true);

    const second = await runCli(args, { env });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(chatRequests(server).length, 5, 'the repeated run sent requests');
    assert.match(second.stdout, /; 5 calls \(5 from cache\), .* cost \$0\n/);
    const document = readEvaluation(join(runDir, 'evaluation.json'));
    assert.equal(document.totals.fromCache, 5);
    assert.equal(document.totals.costUsd, 0);
  } finally {
    await server.close();
  }
});

test('a missing --prompt file is one termaudit line naming the file and exit 1', async () => {
  const missing = join(makeTempDir(), 'no-such-prompt.md');
  const run = await runCli(['evaluate', runDirWith(), '--prompt', missing], { env: cliEnv() });
  assertOneError(run, 1, new RegExp(`^termaudit: .*${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.equal(run.stdout, '');
});

test('a prompt with invalid front matter is one termaudit line naming file:line and the key, and exit 1', async () => {
  const prompt = fixturePath('evaluate', 'misspelled-key.md');
  const run = await runCli(['evaluate', runDirWith(), '--prompt', prompt], { env: cliEnv() });
  assertOneError(run, 1, /^termaudit: .*misspelled-key\.md:8: criteria\[0\]\.weigth: unknown key/);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
});

test('a key the server rejects stops with one termaudit line about the key, exit 1, and keeps the answer received before', async () => {
  const server = await startOpenAIServer();
  try {
    server.script({}, { status: 401, body: openAIError('Incorrect API key provided: test', 'invalid_request_error', 'invalid_api_key') });
    const runDir = runDirWith();
    const run = await runCli(['evaluate', runDir, '--judge', 'openai', '--frames', '3', '--concurrency', '1'], { env: serverEnv(server) });
    assertOneError(run, 1, /API key|OPENAI_API_KEY/);
    // Every other stderr line is progress, the judge line, the estimate or a warning.
    for (const line of run.stderr.trimEnd().split('\n')) {
      assert.match(line, /^((termaudit|warning|judge|estimated cost|sample|evaluate): |sampled \d+ frames into )/, `unexpected stderr line: ${line}`);
    }
    assert.equal(chatRequests(server).length, 2);
    const document = readEvaluation(join(runDir, 'evaluation.json'));
    assert.equal(document.complete, false);
    assert.equal(document.calls.filter((call) => call.status === 'ok').length, 1);
    assert.equal(document.calls.filter((call) => call.status === 'failed').length, 1);
  } finally {
    await server.close();
  }
});

test('unreadable inputs and bad options are one termaudit line each, with the documented exit code', async () => {
  const garbage = makeTempDir();
  writeFileSync(join(garbage, 'session.cast'), 'this is not an asciicast\nat all\n');
  assertOneError(await runCli(['evaluate', garbage], { env: cliEnv() }), 1, /session\.cast:1: not an asciicast/);

  const silent = runDirWith([[1, 'm', 'quiet']]);
  assertOneError(await runCli(['evaluate', silent], { env: cliEnv() }), 2, /has no terminal output/);

  const noise = join(makeTempDir(), 'noise.mp4');
  writeFileSync(noise, randomBytes(4096));
  assertOneError(await runCli(['evaluate', noise], { env: cliEnv() }), 1, /noise\.mp4/);

  const runDir = runDirWith();
  assertOneError(await runCli(['evaluate', runDir, '--judge', 'openai'], { env: cliEnv() }), 1, /--judge openai needs an API key/);
  assertOneError(await runCli(['evaluate', runDir, '--judge', 'nope'], { env: cliEnv() }), 1, /^termaudit: --judge: .*"nope"/);
  assertOneError(await runCli(['evaluate', runDir, '--samples', '0'], { env: cliEnv() }), 1, /^termaudit: --samples: must be a whole number from 1 to 20 \(got 0\)/);
  // None of the refused runs evaluated anything.
  assert.equal(existsSync(join(runDir, 'evaluation.json')), false);
});

test('Ctrl-C during the judge calls exits 4, keeps an incomplete evaluation.json and closes the connections', async () => {
  const server = await startOpenAIServer();
  try {
    server.script(...Array.from({ length: 5 }, () => ({ delayMs: 10000 })));
    const runDir = runDirWith();
    const { child, done } = startCli(['evaluate', runDir, '--judge', 'openai', '--frames', '3', '--concurrency', '2'], { env: serverEnv(server) });
    await waitFor(() => chatRequests(server).length >= 1, 'the first judge call');
    child.kill('SIGINT');
    const run = await done;
    assertOneError(run, 4, /interrupted by SIGINT/);
    assert.equal(run.signal, null);
    assert.notEqual(child.exitCode, null, 'the CLI is still running');
    const document = readEvaluation(join(runDir, 'evaluation.json'));
    assert.equal(document.complete, false);
    assert.equal(document.calls.filter((call) => call.status === 'ok').length, 0);
    // Each delayed reply ends when its client goes away, long before its 10 s are up.
    const requests = chatRequests(server);
    await waitFor(() => requests.every((request) => request.answeredAt > 0), 'the server to see its connections closed', 5000);
  } finally {
    await server.close();
  }
});

test('--max-cost below the estimate refuses to start, names the estimate and sends no request', async () => {
  const server = await startOpenAIServer();
  try {
    const runDir = runDirWith();
    const run = await runCli(['evaluate', runDir, '--judge', 'openai', '--frames', '3', '--max-cost', '0.000001'], { env: serverEnv(server) });
    assertOneError(run, 1, /the estimated cost \$\d+\.\d{4} .* is above --max-cost \$0\.000001/);
    assert.equal(chatRequests(server).length, 0);
    assert.equal(existsSync(join(runDir, 'evaluation.json')), false);
  } finally {
    await server.close();
  }
});

test('a reply cut off by the server exits 2 with one line naming the server and the cut-off response, not an unexpected error', async () => {
  const server = await startOpenAIServer();
  try {
    server.script(...Array.from({ length: 5 }, () => ({ truncateAfterBytes: 30 })));
    const run = await runCli(['evaluate', runDirWith(), '--judge', 'openai', '--frames', '2', '--prompt', fixturePath('prompts', 'minimal.md'), '--retries', '0'], { env: serverEnv(server) });
    assertOneError(run, 2, new RegExp(`${server.baseURL.replace(/[.]/g, '\\.')} cut off its response to `));
    assert.doesNotMatch(run.stderr, /unexpected error|terminated/);
  } finally {
    await server.close();
  }
});

test('--max-cost with a model of unknown price exits 1 before any call; --price makes the estimate and the recorded cost', async () => {
  const server = await startOpenAIServer();
  try {
    const runDir = runDirWith();
    const args = ['evaluate', runDir, '--judge', 'openai', '--model', 'gpt-4o-2024-11-20', '--frames', '2', '--prompt', fixturePath('prompts', 'minimal.md')];
    const refused = await runCli([...args, '--max-cost', '0.001'], { env: serverEnv(server) });
    assertOneError(refused, 1, /^termaudit: --max-cost: model "gpt-4o-2024-11-20" has no known price, .* give it with --price in=<USD>,cached=<USD>,out=<USD>/);
    assert.equal(chatRequests(server).length, 0);
    assert.equal(existsSync(join(runDir, 'evaluation.json')), false);

    const badPrice = await runCli([...args, '--price', 'in=2,out=lots'], { env: serverEnv(server) });
    assertOneError(badPrice, 1, /^termaudit: --price: must be US dollars per 1M tokens as in=<USD>,cached=<USD>,out=<USD> or \{ input, cachedInput, output \} \(cached may be left out\), e\.g\. in=2,cached=0\.5,out=8 \(got "in=2,out=lots"\)$/);

    const priced = await runCli([...args, '--max-cost', '50', '--price', 'in=1000,cached=500,out=4000'], { env: serverEnv(server) });
    assert.equal(priced.code, 0, priced.stderr);
    assert.match(priced.stderr, /estimated cost: \$\d+\.\d+ for 1 call\n/);
    assert.equal(chatRequests(server).length, 1);
    const document = readEvaluation(join(runDir, 'evaluation.json'));
    assert.ok(Math.abs(document.totals.costUsd - 1.4) < 1e-9, String(document.totals.costUsd));
  } finally {
    await server.close();
  }
});

test('--automation prints LOG_DIR and STATUS first, the result and the evaluation path last, and no ANSI codes', async () => {
  const runDir = runDirWith();
  const run = await runCli(['evaluate', runDir, '--judge', 'heuristic', '--frames', '3', '--automation'], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /\x1b/);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `LOG_DIR: ${runDir}`);
  assert.equal(lines[1], `STATUS: ${join(runDir, 'status.json')}`);
  const result = lines.indexOf('RESULT: success');
  assert.ok(result > 1, run.stdout);
  const tail = lines.slice(result + 1);
  assert.equal(tail[0], 'EXIT_CODE: 0');
  assert.match(tail[1], /^DURATION: \d+\.\ds$/);
  assert.ok(tail.slice(2).every((line) => line.startsWith('OUTPUT_')), run.stdout);
  assert.ok(tail.includes(`OUTPUT_EVALUATION: ${join(runDir, 'evaluation.json')}`), run.stdout);
  assert.equal(readEvaluation(join(runDir, 'evaluation.json')).complete, true);
});

/** hashTree maps every file below `dir` (relative path) to the sha256 of its bytes. */
function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return hashes;
}

/** busyEvents is a recording with forty distinct screens: enough for --frames 20. */
const busyEvents: CastEventTuple[] = Array.from({ length: 40 }, (_, index) => [0.2 + index * 0.3, 'o', `\x1b[3${(index % 7) + 1}mstep ${index}\x1b[0m ${'#'.repeat(index % 20)}\r\n`]);

test('evaluate -o writes the frames, evaluation.json and scorecard.json under the output directory and leaves the input run byte for byte as it was', async () => {
  const runDir = runDirWith();
  // An earlier evaluation of the run: -o must not replace its frames either.
  const earlier = await runCli(['evaluate', runDir, '--judge', 'heuristic', '--frames', '2'], { env: cliEnv() });
  assert.equal(earlier.code, 0, earlier.stderr);
  const before = hashTree(runDir);
  const out = join(makeTempDir(), 'elsewhere');
  const run = await runCli(['evaluate', runDir, '--judge', 'heuristic', '--frames', '3', '-o', out], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(hashTree(runDir), before);
  assert.match(run.stderr, new RegExp(`^sampled 3 frames into ${join(out, 'sample')}$`, 'm'));
  const document = readEvaluation(join(out, 'evaluation.json'));
  assert.equal(document.sample.framesFile, join(out, 'sample', 'frames.json'));
  for (const frame of document.frames) assert.equal(dirname(frame.file), join(out, 'sample', 'frames'));
  assert.ok(existsSync(join(out, 'scorecard.json')));
});

test('evaluate with another judge keeps the earlier judge\'s results in judges/<judge>/ with their own frames; the same judge replaces its own', async () => {
  const server = await startOpenAIServer();
  try {
    const runDir = runDirWith();
    const heuristic = await runCli(['evaluate', runDir, '--judge', 'heuristic', '--frames', '2'], { env: cliEnv() });
    assert.equal(heuristic.code, 0, heuristic.stderr);
    const earlier = readFileSync(join(runDir, 'scorecard.json'), 'utf8');

    // Another judge, sampling other frames into the run's sample/.
    const openai = await runCli(['evaluate', runDir, '--judge', 'openai', '--model', 'gpt-4.1', '--frames', '4'], { env: serverEnv(server) });
    assert.equal(openai.code, 0, openai.stderr);
    const kept = join(runDir, 'judges', 'heuristic-3');
    assert.match(openai.stderr, new RegExp(`^the results of heuristic heuristic-3 are kept in ${kept} \\(termaudit report or compare read them there\\)`, 'm'));
    assert.equal(readEvaluation(join(runDir, 'evaluation.json')).judge.name, 'openai');
    const keptEvaluation = readEvaluation(join(kept, 'evaluation.json'));
    assert.equal(keptEvaluation.judge.name, 'heuristic');
    // Its frames are its own copy, byte for byte what the heuristic judge saw, though sample/ now holds openai's.
    assert.equal(keptEvaluation.frames.length, 2);
    for (const frame of keptEvaluation.frames) {
      assert.equal(dirname(frame.file), join(kept, 'sample', 'frames'));
      assert.equal(createHash('sha256').update(readFileSync(frame.file)).digest('hex'), frame.hash, frame.file);
    }
    assert.equal(readEvaluation(join(runDir, 'evaluation.json')).frames.length, 4);
    const keptScores = (text: string) => (JSON.parse(text) as { criteria: Array<{ score: number | null }> }).criteria.map((criterion) => criterion.score);
    assert.deepEqual(keptScores(readFileSync(join(kept, 'scorecard.json'), 'utf8')), keptScores(earlier));
    const report = await runCli(['report', kept], { env: cliEnv() });
    assert.equal(report.code, 0, report.stderr);
    assert.doesNotMatch(report.stderr, /missing|warning/);

    // The same judge again replaces its own results and keeps nothing more.
    const same = await runCli(['evaluate', runDir, '--judge', 'openai', '--model', 'gpt-4.1', '--frames', '4'], { env: serverEnv(server) });
    assert.equal(same.code, 0, same.stderr);
    assert.doesNotMatch(same.stderr, /are kept in/);
    assert.deepEqual(readdirSync(join(runDir, 'judges')), ['heuristic-3']);
  } finally {
    await server.close();
  }
});

test('an evaluation.json that cannot be read has no judge to keep: evaluate replaces it as before', async () => {
  const runDir = runDirWith();
  writeFileSync(join(runDir, 'evaluation.json'), '{"version": 1, "judge": ');
  const run = await runCli(['evaluate', runDir, '--judge', 'heuristic', '--frames', '2'], { env: cliEnv() });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /kept in/);
  assert.equal(existsSync(join(runDir, 'judges')), false);
  assert.equal(readEvaluation(join(runDir, 'evaluation.json')).judge.name, 'heuristic');
});

test('--samples 3 --frames 20 prints no MaxListenersExceededWarning, with the heuristic judge or with the OpenAI judge asking each sample alone', async () => {
  const runDir = runDirWith(busyEvents);
  const heuristic = await runCli(['evaluate', runDir, '--judge', 'heuristic', '--samples', '3', '--frames', '20'], { env: cliEnv() });
  assert.equal(heuristic.code, 0, heuristic.stderr);
  assert.match(heuristic.stdout, /^20 frames from/m);
  assert.doesNotMatch(heuristic.stderr, /MaxListenersExceededWarning/);

  // A server that refuses n: fifteen requests (five prompts × three samples), above the 10 listeners Node warns at,
  // and as many calls in flight as --concurrency allows.
  const server = await startOpenAIServer();
  try {
    server.samplesParameter = 'reject';
    const run = await runCli(['evaluate', runDir, '--judge', 'openai', '--model', 'gpt-4.1', '--samples', '3', '--frames', '20', '--concurrency', '16', '-o', join(makeTempDir(), 'openai')], { env: serverEnv(server) });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(chatRequests(server).length >= 15, String(chatRequests(server).length));
    assert.doesNotMatch(run.stderr, /MaxListenersExceededWarning/);
  } finally {
    await server.close();
  }
});
