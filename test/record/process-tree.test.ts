import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  killProcessTree,
  listDescendants,
  parseProcessStat,
  selectProcessTree,
  type ProcessStat,
} from '../../src/record/process-tree.js';
import {
  findProcessesByMarker,
  killProcessesByMarker,
  processExists,
  testMarker,
  waitFor,
} from '../helpers/process-tree.js';

test('parseProcessStat reads command names that contain spaces and parentheses', () => {
  const stat = parseProcessStat('4242 (my (odd) name) S 17 4242 4240 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 0 0');
  assert.deepEqual(stat, { pid: 4242, ppid: 17, pgrp: 4242, session: 4240, state: 'S', startTime: '987654' });
  assert.equal(parseProcessStat('garbage'), undefined);
});

test('selectProcessTree takes descendants, group and session members, and leaves zombies and strangers out', () => {
  const stat = (pid: number, ppid: number, pgrp: number, session: number, state = 'S'): ProcessStat => ({
    pid,
    ppid,
    pgrp,
    session,
    state,
    startTime: String(pid),
  });
  const processes = [
    stat(1, 0, 1, 1),
    stat(100, 1, 100, 100), // the root: session and group leader
    stat(101, 100, 100, 100), // its child
    stat(102, 101, 102, 102), // a grandchild that called setsid
    stat(103, 1, 100, 100), // re-parented to init but still in the root's group
    stat(104, 1, 104, 100), // re-parented, own group, still in the root's session
    stat(105, 100, 100, 100, 'Z'), // a zombie child
    stat(200, 1, 200, 200), // a stranger
  ];
  const pids = selectProcessTree(processes, [100]).map((process) => process.pid).sort((a, b) => a - b);
  assert.deepEqual(pids, [100, 101, 102, 103, 104]);
});

test('killProcessTree stops a process, its children and a grandchild that moved to its own session', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const child = spawn('bash', ['-c', 'sleep 1000 & setsid sleep 1000 & wait'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  const pid = child.pid!;
  await waitFor(() => findProcessesByMarker(marker).length === 3, 5000, 'bash and its two sleeps');
  assert.equal(listDescendants(pid).length, 2);

  const result = await killProcessTree(pid, { graceMs: 2000 });

  assert.equal(result.found, 3);
  assert.equal(result.killed, 0, 'SIGTERM was enough');
  await waitFor(() => !processExists(pid), 2000, 'bash to be reaped');
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('killProcessTree sends SIGKILL to processes that ignore SIGTERM once the grace period is over', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  // An ignored signal stays ignored across exec, so the sleep ignores SIGTERM too.
  const child = spawn('bash', ['-c', "trap '' TERM; sleep 1000 & wait"], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  await waitFor(() => findProcessesByMarker(marker).length === 2, 5000, 'bash and its sleep');

  const result = await killProcessTree(child.pid!, { graceMs: 300 });

  assert.equal(result.killed, 2);
  assert.deepEqual(findProcessesByMarker(marker), []);
});
