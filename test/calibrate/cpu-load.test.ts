import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCpuLoad } from '../../src/calibrate/cpu-load.js';
import { waitFor } from '../helpers/process-tree.js';

/** alive tells whether a process id still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('startCpuLoad keeps busy processes running until stop ends them, and only them', async (t) => {
  const load = startCpuLoad(2);
  t.after(() => load.stop());
  assert.equal(load.pids.length, 2);
  assert.ok(load.pids.every(alive));
  await load.stop();
  assert.ok(!load.pids.some(alive), 'stop waits until they are gone');
  await load.stop();
});

test('busy processes end themselves when their parent is killed with SIGKILL, which runs no exit handler', async (t) => {
  // The parent: a process that starts the load, prints its pids and waits; killed at once, before its
  // children may even have started (they are given its pid rather than reading their parent's).
  const script = "import('./src/calibrate/cpu-load.ts').then(({ startCpuLoad }) => { console.log(startCpuLoad(2).pids.join(' ')); setInterval(() => {}, 1000); })";
  const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve) => parent.stdout.once('data', (data) => resolve(String(data).trim().split(' ').map(Number))));
  t.after(() => pids.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')));
  assert.equal(pids.length, 2);
  parent.kill('SIGKILL');
  await waitFor(() => !pids.some(alive), 10_000, 'the busy processes to end');
});
