import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { killProcessTree } from '../../src/record/process-tree.js';
import { environCarriesToken, newRunToken, processCarriesToken, RUN_TOKEN_VARIABLE, withRunToken } from '../../src/record/run-token.js';
import { prepareTarget } from '../../src/record/target.js';
import { findProcessesByMarker, killProcessesByMarker, processExists, testMarker, waitFor } from '../helpers/process-tree.js';

test('withRunToken adds a token after those of outer runs, and environCarriesToken finds each of them', () => {
  const outer = newRunToken();
  const inner = newRunToken();
  assert.notEqual(outer, inner);
  const env = withRunToken(withRunToken({ PATH: '/bin' }, outer), inner);
  assert.equal(env[RUN_TOKEN_VARIABLE], `${outer},${inner}`);
  const environ = Object.entries(env).map(([key, value]) => `${key}=${value}\0`).join('');
  assert.ok(environCarriesToken(environ, outer));
  assert.ok(environCarriesToken(environ, inner));
  assert.ok(!environCarriesToken(environ, newRunToken()));
  // Only the variable counts, and only whole tokens.
  assert.ok(!environCarriesToken(`OTHER=${outer}\0`, outer));
  assert.ok(!environCarriesToken(`${RUN_TOKEN_VARIABLE}=${outer}x\0`, outer));
});

test('prepareTarget gives every target a new run token in its environment', async () => {
  const first = await prepareTarget({ command: 'sh' });
  const second = await prepareTarget({ command: 'sh' });
  assert.notEqual(first.runToken, second.runToken);
  assert.ok(first.env[RUN_TOKEN_VARIABLE].split(',').includes(first.runToken));
});

test('killProcessTree finds by the run token a daemon that left the session after its parent exited', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const runToken = newRunToken();
  const child = spawn('bash', ['-c', 'setsid -f bash -c \'trap "" TERM; exec sleep 300\''], {
    detached: true,
    stdio: 'ignore',
    env: withRunToken({ ...(process.env as Record<string, string>), ...env }, runToken),
  });
  await new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => findProcessesByMarker(marker).length === 1, 5000, 'the daemon');
  const [daemon] = findProcessesByMarker(marker);
  assert.ok(processCarriesToken(daemon, runToken));

  const result = await killProcessTree(child.pid!, { graceMs: 200, runToken });

  assert.deepEqual(result, { found: 1, killed: 1 });
  assert.ok(!processExists(daemon));
});
