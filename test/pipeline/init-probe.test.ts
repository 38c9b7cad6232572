import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, InterruptedError } from '../../src/errors.js';
import { judgeProbe, probeProgram, type ProgramProbe } from '../../src/pipeline/init-probe.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker, waitFor } from '../helpers/process-tree.js';
import { repoRoot } from '../helpers/paths.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'init');

test('judgeProbe: full-screen and still running is tui waiting for input; exited by itself is cli; quiet is waiting; printing is long-running', () => {
  const base: ProgramProbe = { program: 'x', watchedMs: 3000, screen: '' };
  const htop = judgeProbe({ ...base, program: 'htop', firstOutputMs: 280, lastOutputMs: 2900, alternateScreenMs: 300 });
  assert.deepEqual([htop.profile, htop.fullScreen, htop.waitsForInput, htop.firstScreenMs], ['tui', true, true, 280]);
  assert.equal(htop.why, 'htop switched to the alternate screen within 300ms and waited for input (still running after 3.0s)');

  const git = judgeProbe({ ...base, program: 'git', watchedMs: 120, firstOutputMs: 100, lastOutputMs: 110, exit: { atMs: 120, exitCode: 0, signal: null } });
  assert.deepEqual([git.profile, git.waitsForInput], ['cli', false]);
  assert.equal(git.why, 'git printed its output and exited by itself with code 0 after 120ms');

  const prompt = judgeProbe({ ...base, program: 'init-wizard', firstOutputMs: 50, lastOutputMs: 60 });
  assert.deepEqual([prompt.profile, prompt.waitsForInput], ['cli', true]);
  assert.match(prompt.why, /^init-wizard printed for 60ms, then waited for input \(quiet for 2\.9s, still running after 3\.0s\)$/);

  const build = judgeProbe({ ...base, program: 'make', firstOutputMs: 10, lastOutputMs: 2950 });
  assert.deepEqual([build.profile, build.waitsForInput], ['cli', false]);
  assert.match(build.why, /still printing after 3\.0s/);

  // A full-screen program termaudit knows waits for input even when it redraws the main screen (procps top).
  const top = judgeProbe({ ...base, program: 'top', firstOutputMs: 40, lastOutputMs: 2950 }, { knownFullScreen: true });
  assert.deepEqual([top.profile, top.fullScreen, top.waitsForInput], ['tui', true, true]);
  assert.equal(top.why, 'top is a full-screen program termaudit knows, drawing on the main screen, and waited for input (still running after 3.0s)');
  const known = judgeProbe({ ...base, program: 'top', watchedMs: 50, exit: { atMs: 50, exitCode: 1, signal: null } }, { knownFullScreen: true });
  assert.deepEqual([known.profile, known.waitsForInput], ['cli', false], 'one that exited by itself is what it did');

  const crashed = judgeProbe({ ...base, watchedMs: 40, exit: { atMs: 40, exitCode: null, signal: 'SIGSEGV' } });
  assert.equal(crashed.why, 'x printed nothing and was killed by SIGSEGV after 40ms');
});

test('probeProgram sees a full-screen program switch to the alternate screen and wait, then stops it and everything it started', async (t) => {
  const { marker } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const probe = await probeProgram([join(fixtures, 'full-screen.sh'), marker], { cols: 60, rows: 12 });
  assert.equal(probe.exit, undefined, 'still running when the probe ended');
  assert.equal(typeof probe.alternateScreenMs, 'number');
  assert.match(probe.screen, /FAKE TOP 1\.0/);
  assert.equal(judgeProbe(probe).profile, 'tui');
  // Its background job and its setsid daemon went with it: the probe leaves no orphans.
  await waitFor(() => findProcessesByMarker(marker).length === 0, 5000, 'the probed tree to be gone');
});

test('probeProgram sees a program print and exit by itself, and the pager variables reach it', async () => {
  const probe = await probeProgram([join(fixtures, 'log-with-pager.sh')], { cols: 60, rows: 12, env: { PAGER: 'cat' } });
  assert.deepEqual(probe.exit && [probe.exit.exitCode, probe.exit.signal], [0, null]);
  assert.equal(probe.alternateScreenMs, undefined);
  assert.match(probe.screen, /commit 3\ncommit 2\ncommit 1/);
  assert.equal(judgeProbe(probe).profile, 'cli');
});

test('probeProgram of a missing program is a ConfigError; an interrupt stops the program and is an InterruptedError', async () => {
  await assert.rejects(probeProgram(['termaudit-no-such-program']), (error: unknown) => error instanceof ConfigError && /command not found/.test(error.message));
  const controller = new AbortController();
  const probing = probeProgram([join(fixtures, 'prompt.sh')], { forMs: 60_000, signal: controller.signal });
  setImmediate(() => controller.abort('SIGINT'));
  await assert.rejects(probing, (error: unknown) => error instanceof InterruptedError && /while prompt\.sh was probed/.test(error.message));
});
