import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { waitFor } from '../helpers/process-tree.js';

const countSlowly = "for i in $(seq 1 30); do echo $i; sleep 0.1; done";

test('watch follows a running record --automation to its end and exits with its exit code', async () => {
  const out = join(makeTempDir(), 'run');
  const recording = startCli(['record', '--automation', '--out', out, '--cols', '30', '--rows', '5', '--', 'bash', '-c', countSlowly]);
  await waitFor(() => existsSync(join(out, 'status.json')), 10_000);
  const watch = await runCli(['watch', out]);
  const recorded = await recording.done;
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.equal(watch.code, 0, watch.stderr);
  const lines = watch.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `STATUS: ${join(out, 'status.json')}`);
  assert.ok(lines.includes('STAGE: record'), watch.stdout);
  assert.ok(lines.includes('RESULT: success'), watch.stdout);
  assert.ok(lines.includes(`OUTPUT_MP4: ${join(out, 'recording.mp4')}`), watch.stdout);
});

test("watch exits 3 with a run stopped by record's --timeout", async () => {
  const out = join(makeTempDir(), 'run');
  const recording = startCli(['record', '--automation', '--no-render', '--out', out, '--timeout', '1s', '--', 'bash', '-c', countSlowly]);
  await waitFor(() => existsSync(join(out, 'status.json')), 10_000);
  const watch = await runCli(['watch', join(out, 'status.json')]);
  assert.equal((await recording.done).code, 3);
  assert.equal(watch.code, 3, watch.stderr);
  assert.match(watch.stdout, /^RESULT: timeout$/m);
});

test('watch waits for a status file that does not exist yet, up to its own --timeout (exit 3)', async () => {
  const run = await runCli(['watch', makeTempDir(), '--timeout', '0.5s']);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /did not finish within/);
});

test('watch refuses a run directory that does not exist (exit 1)', async () => {
  const run = await runCli(['watch', join(makeTempDir(), 'missing', 'run')]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /does not exist/);
});
