import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pretest } from '../../src/pretest/index.js';
import { runCli, termauditBin } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker } from '../helpers/process-tree.js';

/** Runs the real `termaudit demo` through the real gate, fast, with a marker to find its processes. */
async function gateTheDemo(demoArgs: string[], t: { after: (fn: () => void) => void }) {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const result = await pretest({
    command: process.execPath,
    args: [termauditBin, 'demo', '--speed', '20', '--log-dir', join(makeTempDir(), 'logs'), ...demoArgs],
    env,
    out: join(makeTempDir(), 'pretest'),
    pollIntervalMs: 150,
    stuckAfterMs: 1500,
    timeoutMs: 30_000,
  });
  return { result, marker };
}

test('the healthy demo passes the gate with a winner and a progress timeline', async (t) => {
  const { result, marker } = await gateTheDemo([], t);
  assert.equal(result.verdict, 'pass', result.reason);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.targetExit, { code: 0, signal: null });
  assert.ok(result.logDir && result.statusPath?.endsWith('status.json'));
  assert.ok(result.timeline.length >= 2);
  assert.equal(result.timeline.at(-1)?.completion_percentage, 100);
  const phases = new Set(result.timeline.map((entry) => entry.phase));
  assert.ok(phases.has('presentation'), [...phases].join(','));
  const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
  assert.equal(report.verdict, 'pass');
  assert.deepEqual(findProcessesByMarker(marker), []);
});

const failures: Array<[string, number, RegExp]> = [
  ['config', 1, /exit(ed)? (with )?(code )?1|config/i],
  ['execution', 2, /exit(ed)? (with )?(code )?2|execution/i],
  ['agent-error', 2, /agent_\w+ reported an error/],
  ['timeout', 3, /exit(ed)? (with )?(code )?3|timeout|timed out/i],
  ['stuck', 3, /^stuck/],
];

for (const [mode, exitCode, reason] of failures) {
  test(`the demo with --fail ${mode} closes the gate with exit ${exitCode} and leaves no process`, async (t) => {
    const { result, marker } = await gateTheDemo(['--fail', mode], t);
    assert.equal(result.verdict, 'fail');
    assert.equal(result.exitCode, exitCode, result.reason);
    assert.match(result.reason, reason);
    const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
    assert.equal(report.exitCode, exitCode);
    if (mode === 'config') assert.equal(result.timeline.length, 0, 'a config error stops before any status');
    else assert.ok(result.timeline.length >= 1, 'the progress timeline was kept');
    if (mode === 'agent-error') assert.ok(result.timeline.some((entry) => Object.values(entry.agents ?? {}).includes('error')));
    if (mode === 'stuck') assert.ok(result.timeline.every((entry) => (entry.completion_percentage ?? 0) < 100));
    assert.deepEqual(findProcessesByMarker(marker), []);
  });
}

test('pretest --automation speaks the protocol itself: LOG_DIR and STATUS first, then the result', async () => {
  const out = join(makeTempDir(), 'gate');
  const run = await runCli(['pretest', '--automation', '-o', out, '--', process.execPath, termauditBin, 'demo', '--speed', '20', '--log-dir', join(makeTempDir(), 'logs')]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines[0], `LOG_DIR: ${out}`);
  assert.equal(lines[1], `STATUS: ${join(out, 'status.json')}`);
  assert.ok(lines.includes('RESULT: success'));
  assert.doesNotMatch(run.stdout, /\u001b/);
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
  assert.equal(status.result.exit_code, 0);
  assert.equal(status.completion_percentage, 100);
});

test('recording the demo shows the winner on the final screen', async () => {
  const out = join(makeTempDir(), 'rec');
  const run = await runCli(['record', '--out', out, '--format', 'txt', '--', process.execPath, termauditBin, 'demo', '--speed', '20']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(readFileSync(join(out, 'screen.txt'), 'utf8'), /Winner agent_\w+/);
});
