import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker, waitFor } from '../helpers/process-tree.js';

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[|\x1b\]|\r/;

test('record --automation prints LOG_DIR and STATUS first, no ANSI codes, and ends with the result and outputs', async () => {
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '--automation', '--out', out, '--cols', '40', '--rows', '6', '--last-frame', '0.2', '--', 'bash', '-c', "printf '\\033[1;31mred\\033[0m\\n'"]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `LOG_DIR: ${out}`);
  assert.equal(lines[1], `STATUS: ${join(out, 'status.json')}`);
  assert.doesNotMatch(run.stdout, ansi);
  assert.deepEqual(lines.slice(2, 6), ['STAGE: record', 'STAGE: render', 'RESULT: success', 'EXIT_CODE: 0']);
  assert.match(run.stdout, /^DURATION: \d+\.\ds$/m);
  assert.ok(lines.includes(`OUTPUT_MP4: ${join(out, 'recording.mp4')}`), run.stdout);
  assert.ok(lines.includes(`CAST: ${join(out, 'session.cast')}`), run.stdout);
  assert.ok(lines.includes(`SCREEN: ${join(out, 'screen.txt')}`), run.stdout);
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
  assert.equal(status.result.exit_code, 0);
  assert.equal(status.result.status, 'success');
  assert.equal(status.completion_percentage, 100);
  assert.equal(status.stage, null);
  assert.deepEqual([status.stages.record.status, status.stages.render.status], ['done', 'done']);
  assert.equal(status.result.outputs.mp4, join(out, 'recording.mp4'));
});

/** decodeProtocolValue reads a value back as the README says: the body of a JSON string whose quotes are not escaped. */
function decodeProtocolValue(value: string): string {
  return JSON.parse(`"${value.replace(/"/g, '\\"')}"`) as string;
}

test('record --automation escapes line breaks in every value: an --out with \\n and \\r cannot forge a protocol line', async () => {
  const out = join(makeTempDir(), 'run\nEXIT_CODE: 0\rRESULT: success\u2028x\\y');
  const run = await runCli(['record', '--automation', '--no-render', '--out', out, '--timeout', '0.3s', '--', 'sleep', '5']);
  assert.equal(run.code, 3, run.stderr);
  const lines = run.stdout.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/).filter((line) => line !== '');
  assert.ok(lines.every((line) => /^[A-Z_]+: /.test(line)), run.stdout);
  assert.deepEqual(lines.filter((line) => line.startsWith('EXIT_CODE: ')), ['EXIT_CODE: 3']);
  assert.deepEqual(lines.filter((line) => line.startsWith('RESULT: ')), ['RESULT: timeout']);
  assert.equal(lines[0], 'LOG_DIR: ' + out.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028'));
  const value = (key: string) => decodeProtocolValue(lines.find((line) => line.startsWith(`${key}: `))!.slice(key.length + 2));
  assert.equal(value('LOG_DIR'), out);
  assert.equal(value('STATUS'), join(out, 'status.json'));
  assert.equal(value('CAST'), join(out, 'session.cast'));
  assert.match(value('MESSAGE'), /^sleep was stopped after/);
  assert.equal(JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).result.exit_code, 3);

  // watch reads the same run back from its status.json and prints it under the same rule.
  const watch = await runCli(['watch', out]);
  assert.equal(watch.code, 3, watch.stderr);
  const watched = watch.stdout.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/).filter((line) => line !== '');
  assert.ok(watched.every((line) => /^[A-Z_]+: /.test(line)), watch.stdout);
  assert.deepEqual(watched.filter((line) => line.startsWith('EXIT_CODE: ')), ['EXIT_CODE: 3']);
  assert.equal(decodeProtocolValue(watched[0]!.slice('STATUS: '.length)), join(out, 'status.json'));
});

test('record --automation reports a timeout as RESULT: timeout with exit 3, in stdout and status.json', async () => {
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '--automation', '--no-render', '--out', out, '--timeout', '0.5s', '--', 'sleep', '5']);
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stdout, /^RESULT: timeout\nEXIT_CODE: 3\n/m);
  assert.match(run.stdout, /^MESSAGE: sleep was stopped after/m);
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
  assert.deepEqual([status.result.status, status.result.exit_code], ['timeout', 3]);
});

test('a bad option under --automation prints only the result lines, as nothing was created', async () => {
  const run = await runCli(['record', '--automation', '--no-render', '--out', join(makeTempDir(), 'run'), '--', 'no-such-command-termaudit']);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^RESULT: failed\nEXIT_CODE: 1\n/);
  assert.doesNotMatch(run.stdout, /LOG_DIR/);
});

test('render --automation prints the output directory as LOG_DIR and writes status.json there', async () => {
  const recorded = join(makeTempDir(), 'run');
  const first = await runCli(['record', '--no-render', '--out', recorded, '--', 'echo', 'hello']);
  assert.equal(first.code, 0, first.stderr);
  const out = join(makeTempDir(), 'rendered');
  const run = await runCli(['render', '--automation', join(recorded, 'session.cast'), '-o', out, '--format', 'txt']);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 5), [`LOG_DIR: ${out}`, `STATUS: ${join(out, 'status.json')}`, 'STAGE: render', 'RESULT: success', 'EXIT_CODE: 0']);
  assert.doesNotMatch(run.stdout, ansi);
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
  assert.deepEqual([status.result.exit_code, status.completion_percentage, status.stages.render.status], [0, 100, 'done']);
});

test('without --automation status.json is written too, and stdout keeps its usual lines', async () => {
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '--no-render', '--out', out, '--', 'echo', 'hi']);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /LOG_DIR|RESULT/);
  assert.match(run.stdout, /^cast: /m);
  assert.match(run.stderr, /^record: started$/m);
  assert.equal(JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).result.exit_code, 0);
});

test("a long record --automation's status.json parses at every read while it is being rewritten", async () => {
  const out = join(makeTempDir(), 'long');
  const { done } = startCli(['record', '--automation', '--out', out, '--', 'bash', '-c', 'for i in $(seq 1 25); do echo "step $i"; sleep 0.1; done']);
  const statusPath = join(out, 'status.json');
  let reads = 0;
  let finished = false;
  let lastPercentage = 0;
  const run = done.then((result) => {
    finished = true;
    return result;
  });
  // A tight loop of reads (yielding to the event loop between them) for the whole run.
  while (!finished) {
    if (existsSync(statusPath)) {
      const status = JSON.parse(readFileSync(statusPath, 'utf8'));
      assert.ok(status.completion_percentage >= lastPercentage, 'completion never goes down');
      lastPercentage = status.completion_percentage;
      reads++;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await run;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(reads > 100, `only ${reads} reads`);
  const final = JSON.parse(readFileSync(statusPath, 'utf8'));
  assert.equal(final.result.exit_code, 0);
  assert.equal(final.completion_percentage, 100);
});

test('SIGHUP interrupts record like SIGTERM: exit 4, status.json and meta.json concluded, a target that ignores HUP stopped', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const out = join(makeTempDir(), 'run');
  const { child, done } = startCli(['record', '--automation', '--out', out, '--last-frame', '0.2', '--env', `TERMAUDIT_TEST_MARKER=${env.TERMAUDIT_TEST_MARKER}`, '--', 'bash', '-c', 'trap "" HUP; echo ready; sleep 30']);
  await waitFor(() => existsSync(join(out, 'session.cast')) && readFileSync(join(out, 'session.cast'), 'utf8').includes('"ready\\r\\n"'), 10_000, 'output in the cast');
  child.kill('SIGHUP');
  const run = await done;
  assert.equal(run.code, 4, `${run.signal ?? ''} ${run.stderr}`);
  assert.match(run.stdout, /^RESULT: interrupted\nEXIT_CODE: 4\n/m);
  assert.match(run.stdout, /^MESSAGE: interrupted by SIGHUP/m);
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
  assert.deepEqual([status.result?.status, status.result?.exit_code], ['interrupted', 4]);
  assert.equal(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).endedBy, 'interrupt');
  assert.deepEqual(findProcessesByMarker(marker), []);
});
