import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCpuLoad } from '../../src/calibrate/cpu-load.js';

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
