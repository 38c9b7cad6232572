import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pretest, type PretestOptions, type PretestResult } from '../../src/pretest/index.js';
import { ConfigError } from '../../src/errors.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker } from '../helpers/process-tree.js';

const target = fixturePath('automation-target.mjs');

/** Runs the fixture in `mode` through pretest with short intervals, and checks no process survives. */
async function runFixture(mode: string, options: Partial<PretestOptions> = {}): Promise<{ result: PretestResult; report: PretestResult }> {
  const { marker, env } = testMarker();
  const cwd = makeTempDir();
  try {
    const result = await pretest({
      command: process.execPath,
      args: [target, mode],
      cwd,
      env: { ...env, FIXTURE_STEP_MS: '100' },
      out: join(cwd, 'run'),
      pollIntervalMs: 100,
      stuckAfterMs: 800,
      timeoutMs: 20_000,
      stopGraceMs: 500,
      ...options,
    });
    assert.deepEqual(findProcessesByMarker(marker), [], 'no process of the target survives');
    const report = JSON.parse(readFileSync(join(cwd, 'run', 'pretest.json'), 'utf8')) as PretestResult;
    return { result, report };
  } finally {
    killProcessesByMarker(marker);
  }
}

test('pretest passes a target that completes with a winner and writes pretest.json with the timeline', async () => {
  const { result, report } = await runFixture('ok');
  assert.equal(result.verdict, 'pass', result.reason);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(report.targetExit, { code: 0, signal: null });
  assert.match(report.logDir ?? '', /\/logs\/run-\d+$/);
  assert.equal(report.statusPath, join(report.logDir!, 'status.json'));
  assert.ok(report.timeline.length >= 2, `timeline has ${report.timeline.length} entries`);
  const last = report.timeline.at(-1)!;
  assert.equal(last.completion_percentage, 100);
  assert.equal(last.phase, 'presentation');
  assert.deepEqual(last.agents, { agent_a: 'completed', agent_b: 'completed' });
  assert.ok(report.stdoutTail.includes('WINNER: agent_a'));
  assert.match(report.commandLine, /automation-target\.mjs ok --automation$/);
  assert.match(readFileSync(join(result.dir, 'stdout.log'), 'utf8'), /^LOG_DIR: logs\/run-\d+\nSTATUS: /);
});

test('pretest tolerates a status.json that holds garbage for a while', async () => {
  // The garbage lasts 0.5 s: the unreadable-status limit leaves room for a loaded machine to start the target.
  const { result, report } = await runFixture('garbage', { stuckAfterMs: 3000 });
  assert.equal(result.verdict, 'pass', result.reason);
  assert.ok(report.statusReadErrors >= 1, 'the garbage was read and survived');
  assert.match(report.lastStatusError ?? '', /JSON/);
});

test('pretest maps a configuration error of the target to exit 1', async () => {
  const { result, report } = await runFixture('config-error');
  assert.equal(result.exitCode, 1);
  assert.match(result.reason, /code 1 \(configuration error\)/);
  assert.deepEqual(report.stderrTail, ['ERROR: config: missing api key for agent_a']);
});

test('pretest maps an execution error of the target to exit 2', async () => {
  const { result } = await runFixture('execution');
  assert.equal(result.exitCode, 2);
  assert.match(result.reason, /code 2 \(execution error\)/);
});

test('pretest stops at once when an agent reports an error, naming it', async () => {
  const { result, report } = await runFixture('agent-error');
  assert.equal(result.exitCode, 2);
  assert.equal(result.reason, 'agent_b reported an error: rate limit exceeded');
  assert.equal(report.stoppedBy, 'agent-error');
  assert.equal(report.targetExit, null);
  assert.equal(report.timeline.at(-1)?.agents.agent_b, 'error');
});

test('pretest stops a target whose completion stops increasing, as stuck', async () => {
  const { result } = await runFixture('stuck');
  assert.equal(result.exitCode, 3);
  assert.match(result.reason, /^stuck: completion_percentage stayed at 30/);
});

test('pretest stops a target that runs past --timeout with exit 3', async () => {
  const { result } = await runFixture('slow', { timeoutMs: 700 });
  assert.equal(result.exitCode, 3);
  assert.match(result.reason, /^timeout: /);
});

test('pretest in smoke mode passes a progressing target after the duration and stops it', async () => {
  const { result, report } = await runFixture('slow', { forMs: 700 });
  assert.equal(result.verdict, 'pass', result.reason);
  assert.equal(report.mode, 'smoke');
  assert.equal(report.stoppedBy, 'duration');
  assert.ok(report.timeline.length >= 2);
});

test('pretest in smoke mode stops a target that gets stuck before the duration ends', async () => {
  const { result, report } = await runFixture('stuck', { forMs: 10_000 });
  assert.equal(result.exitCode, 3);
  assert.match(result.reason, /^stuck: /);
  assert.equal(report.stoppedBy, 'stuck');
});

test('pretest judges a target without a status file by its exit code and --expect', async () => {
  const matched = await runFixture('no-status', { expect: /^RESULT: all good$/ });
  assert.equal(matched.result.verdict, 'pass', matched.result.reason);
  assert.equal(matched.report.statusPath, undefined);
  const missed = await runFixture('no-status', { expect: /^RESULT: failed/ });
  assert.equal(missed.result.exitCode, 2);
});

test('pretest stops the target and fails with 4 when interrupted', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort('SIGTERM'), 300);
  const { result } = await runFixture('slow', { signal: controller.signal });
  assert.equal(result.exitCode, 4);
  assert.match(result.reason, /interrupted by SIGTERM/);
});

test('pretest rejects a missing command before creating anything', async () => {
  const out = join(makeTempDir(), 'run');
  await assert.rejects(pretest({ command: 'no-such-command-termaudit', out }), ConfigError);
  assert.equal(existsSync(out), false);
});

// Before the fix pretest waited for the daemons (300 s): the test's time limit bounds that hang.
test('pretest stops the daemons a target started and returns promptly although they hold its output pipes', { timeout: 60_000 }, async () => {
  const { marker, env } = testMarker();
  const cwd = makeTempDir();
  // Both daemons keep the target's stdout and stderr open; the second one ignores SIGHUP and SIGTERM.
  const script = 'setsid -f sleep 300; setsid -f bash -c \'trap "" HUP TERM; exec sleep 300\'; echo started; exit 2';
  try {
    const result = await pretest({ command: 'bash', args: ['-c', script], automationArgs: [], cwd, env, out: join(cwd, 'run'), pollIntervalMs: 100, stopGraceMs: 300 });
    assert.equal(result.exitCode, 2, result.reason);
    assert.deepEqual(result.stdoutTail, ['started']);
    assert.deepEqual(findProcessesByMarker(marker), [], 'no daemon survives the pretest');
  } finally {
    killProcessesByMarker(marker);
  }
});
