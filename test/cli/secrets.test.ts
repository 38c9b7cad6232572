import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, type CliRun } from '../helpers/cli.js';
import { openAIError, startOpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir } from '../helpers/paths.js';

/** filesUnder lists every file below `dir`, recursively (symbolic links are not followed). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** assertNowhere checks that no file under `dir`, and neither stdout nor stderr of `runs`, holds any of `values`. */
function assertNowhere(values: string[], dir: string, runs: CliRun[]): void {
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const value of values) assert.ok(!bytes.includes(value), `${file} holds the secret ${value}`);
  }
  for (const run of runs) for (const value of values) assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), `the terminal output shows ${value}:\n${run.stderr}`);
}

/** Secret values of this test run: named like secrets, listed in `secrets:`, and a URL's password. */
const apiKey = `sk-test-${process.pid}-abcdefgh`;
const listed = `listed-${process.pid}-value`;
const dbPassword = `db-${process.pid}-password`;

test('secrets a target prints are masked at the source, same length, in every file of a run and in the terminal, with a warning naming them', async () => {
  const work = makeTempDir();
  // The target prints the secrets in its pretest (stdout and stderr) and in its recording, one of them split across writes.
  const script = [
    'echo "key=$MY_API_KEY listed=$PLAIN_SETTING url=$DATABASE_URL"',
    'echo "on stderr: $MY_API_KEY" >&2',
    'printf "split: %s" "${MY_API_KEY:0:7}"; sleep 0.05; printf "%s\\n" "${MY_API_KEY:7}"',
    'sleep 0.3',
  ].join('; ');
  writeFileSync(join(work, 'target.sh'), `${script}\n`);
  writeFileSync(
    join(work, 'leak.yaml'),
    [
      'name: leak',
      'scenarios:',
      '  - name: echo',
      '    command: [bash, target.sh]',
      '    env: { PLAIN_SETTING: "${PLAIN_SETTING}" }',
      '    secrets: [PLAIN_SETTING]',
      '    pretest: { automationArgs: [], mode: complete, timeout: 20s }',
      '    terminal: { cols: 160, rows: 8 }',
      '    render: { formats: [mp4, txt, frames] }',
      '    sample: { frames: 3 }',
      '    evaluate: { judge: heuristic }',
      '',
    ].join('\n'),
  );
  const env = { MY_API_KEY: apiKey, PLAIN_SETTING: listed, DATABASE_URL: `postgres://app:${dbPassword}@db.example/x`, OPENAI_API_KEY: undefined };
  const run = await runCli(['run', 'leak.yaml'], { cwd: work, env });
  assert.equal(run.code, 0, run.stderr);
  assertNowhere([apiKey, listed, dbPassword], work, [run]);
  for (const what of ['the target', "the pretest's output"]) {
    const warning = run.stderr.split('\n').find((line) => line.startsWith(`warning: ${what} showed the value of `));
    assert.ok(warning, run.stderr);
    for (const name of ['MY_API_KEY', 'PLAIN_SETTING', 'DATABASE_URL (credentials)']) assert.ok(warning.includes(name), warning);
  }
  const scenarioDir = join(work, 'recordings', 'leak', 'latest', 'echo');
  const screen = readFileSync(join(scenarioDir, 'screen.txt'), 'utf8');
  // Same length: the layout of the screen is unchanged.
  assert.ok(screen.includes(`key=${'*'.repeat(apiKey.length)} listed=${'*'.repeat(listed.length)} url=postgres://${'*'.repeat(`app:${dbPassword}`.length)}@db.example/x`), screen);
  assert.ok(screen.includes(`split: ${'*'.repeat(apiKey.length)}`), screen);
  const pretestLog = readFileSync(join(scenarioDir, 'pretest', 'stderr.log'), 'utf8');
  assert.equal(pretestLog, `on stderr: ${'*'.repeat(apiKey.length)}\n`);
  assert.deepEqual(JSON.parse(readFileSync(join(scenarioDir, 'meta.json'), 'utf8')).maskedSecrets.sort(), ['DATABASE_URL (credentials)', 'MY_API_KEY', 'PLAIN_SETTING']);
});

test('an API key a server echoes in its error is in no message and no file; so is a base URL credential, which is refused', async () => {
  const server = await startOpenAIServer();
  try {
    const work = makeTempDir();
    writeFileSync(join(work, 'p.yaml'), 'name: p\nscenarios:\n  - { name: a, command: [echo, hello], evaluate: { judge: openai, maxCost: 1 } }\n');
    server.script({ status: 400, body: openAIError(`Incorrect API key provided: ${apiKey}.`) });
    const env = { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: server.baseURL, TERMAUDIT_CACHE_DIR: makeTempDir() };
    const run = await runCli(['run', 'p.yaml'], { cwd: work, env });
    assert.equal(run.code, 2, run.stderr);
    const runDir = join(work, 'recordings', 'p', 'latest');
    const scenarioDir = join(runDir, 'a');
    for (const file of [join(scenarioDir, 'evaluation.json'), join(runDir, 'report.html'), join(runDir, 'scorecard.json'), join(runDir, 'junit.xml')]) {
      assert.match(readFileSync(file, 'utf8'), /Incorrect API key provided: \*\*\*\./, file);
    }
    // The same from `evaluate`, which says the server's message on the terminal and in status.json.
    server.script({ status: 400, body: openAIError(`Incorrect API key provided: ${apiKey}.`) });
    const evaluate = await runCli(['evaluate', scenarioDir, '--judge', 'openai', '--no-cache'], { cwd: work, env });
    assert.equal(evaluate.code, 2, evaluate.stderr);
    assert.match(evaluate.stderr, /Incorrect API key provided: \*\*\*\./);
    assert.match(readFileSync(join(scenarioDir, 'status.json'), 'utf8'), /Incorrect API key provided: \*\*\*\./);
    assertNowhere([apiKey], work, [run, evaluate]);

    const withCredentials = server.baseURL.replace('http://', `http://bob:${dbPassword}@`);
    const refused = await runCli(['evaluate', scenarioDir, '--judge', 'openai', '--base-url', withCredentials], { cwd: work, env });
    assert.equal(refused.code, 1, refused.stderr);
    assert.deepEqual(refused.stderr.split('\n').filter((line) => line.startsWith('termaudit:')), [
      `termaudit: --base-url: a user name or password in the URL is not supported (${server.baseURL.replace('http://', 'http://***@')}); give the key in OPENAI_API_KEY instead`,
    ]);
    assertNowhere([dbPassword], work, [refused]);
  } finally {
    await server.close();
  }
});

test('a message built from a secret (a missing working directory) shows *** instead', async () => {
  const work = makeTempDir();
  const run = await runCli(['record', '--no-render', '--cwd', join(work, apiKey), '--', 'echo', 'hi'], { cwd: work, env: { MY_API_KEY: apiKey } });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /termaudit: .*\*\*\*/);
  assertNowhere([apiKey], work, [run]);
  writeFileSync(join(work, 'p.yaml'), 'name: p\nscenarios:\n  - { name: a, command: [echo, hi], cwd: "/nowhere/${MY_API_KEY}" }\n');
  const pipeline = await runCli(['run', 'p.yaml'], { cwd: work, env: { MY_API_KEY: apiKey } });
  assert.equal(pipeline.code, 1, pipeline.stderr);
  assert.match(pipeline.stderr, /working directory \/nowhere\/\*\*\* not found/);
  assertNowhere([apiKey], work, [pipeline]);
});
