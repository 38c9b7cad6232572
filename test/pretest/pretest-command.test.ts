import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker } from '../helpers/process-tree.js';

const target = fixturePath('automation-target.mjs');

test('termaudit pretest prints the verdict and exits with the gate code', async () => {
  const { marker, env } = testMarker();
  const cwd = makeTempDir();
  const flags = ['--poll-interval', '100ms', '--stuck-after', '800ms', '--env', `TERMAUDIT_TEST_MARKER=${env.TERMAUDIT_TEST_MARKER}`];
  try {
    const passed = await runCli(['pretest', ...flags, '--out', join(cwd, 'ok'), '--', process.execPath, target, 'ok'], { cwd });
    assert.equal(passed.code, 0, passed.stderr);
    assert.match(passed.stdout, /^verdict: PASS \(exit 0\)\nreason: the target exited 0 with winner agent_a\n/);
    assert.match(passed.stdout, /report: .*ok\/pretest\.json/);

    const failed = await runCli(['pretest', ...flags, '--out', join(cwd, 'agent'), '--', process.execPath, target, 'agent-error'], { cwd });
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /^termaudit: gate closed: agent_b reported an error: rate limit exceeded \(report: /m);
    assert.equal(JSON.parse(readFileSync(join(cwd, 'agent', 'pretest.json'), 'utf8')).exitCode, 2);
    assert.deepEqual(findProcessesByMarker(marker), []);
  } finally {
    killProcessesByMarker(marker);
  }
});

test('termaudit pretest rejects a --log-dir-pattern without a capture group with exit 1', async () => {
  const run = await runCli(['pretest', '--log-dir-pattern', 'LOG', '--', 'true']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /--log-dir-pattern: "LOG" needs a capture group/);
});

test('termaudit pretest exits promptly and leaves no process behind when the target left a daemon holding its output', async () => {
  const { marker, env } = testMarker();
  const cwd = makeTempDir();
  const script = 'setsid -f sleep 300; setsid -f bash -c \'trap "" HUP TERM; exec sleep 300\'; echo started; exit 2';
  try {
    const { child, done } = startCli(['pretest', '--automation-args', '', '--env', `TERMAUDIT_TEST_MARKER=${env.TERMAUDIT_TEST_MARKER}`, '--out', join(cwd, 'run'), '--', 'bash', '-c', script], { cwd });
    // Before the fix termaudit waited for the daemons (300 s): give up well before that.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const run = await done;
    clearTimeout(watchdog);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /gate closed: the target exited with code 2/);
    assert.deepEqual(findProcessesByMarker(marker), []);
  } finally {
    killProcessesByMarker(marker);
  }
});

test('two pretests given one --out at once: one runs, the other is refused with exit 1 and touches nothing of it', async () => {
  const out = join(makeTempDir(), 'run');
  const args = ['pretest', '--automation-args', '', '--out', out, '--', 'bash', '-c', 'echo hi; sleep 1'];
  const runs = await Promise.all([runCli(args), runCli(args)]);
  assert.deepEqual(runs.map((run) => run.code).sort(), [0, 1], runs.map((run) => run.stderr).join('\n'));
  const refused = runs.find((run) => run.code === 1)!;
  assert.match(refused.stderr, /^termaudit: --out: .* already holds a (pretest|run)/m);
  assert.equal(readFileSync(join(out, 'stdout.log'), 'utf8'), 'hi\n');
  assert.equal(JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')).result.exit_code, 0, 'the refused run did not write over status.json');
});
