import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CandidatePool } from '../../src/sample/candidate-pool.js';
import type { FrameCandidate } from '../../src/sample/frame-planner.js';

function state(ordinal: number, time: number): FrameCandidate {
  return { ordinal, time, videoTime: time, blank: false, signature: new Uint32Array(1) };
}

test('a pool never holds more than its limit however long the recording', () => {
  const pool = new CandidatePool(50, 1 / 30);
  for (let i = 0; i < 20_000; i++) pool.add(state(i, i / 30));
  assert.ok(pool.size <= 50, `${pool.size} candidates`);
  assert.ok(pool.size >= 20, `${pool.size} candidates still cover the recording`);
  const candidates = pool.candidates();
  assert.equal(candidates.at(-1)!.ordinal, 19_999, 'the final state is always a candidate');
  const times = candidates.map((candidate) => candidate.time);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'in time order');
  assert.ok(times[0] < 30, 'the start of the recording is still covered');
});

test('kept states survive coarsening', () => {
  const pool = new CandidatePool(10, 1 / 30);
  for (let i = 0; i < 5000; i++) {
    pool.add(state(i, i / 30));
    if (i === 7 || i === 2500) pool.keepLatest();
  }
  const ordinals = pool.candidates().map((candidate) => candidate.ordinal);
  assert.ok(ordinals.includes(7));
  assert.ok(ordinals.includes(2500));
  assert.equal(ordinals.at(-1), 4999);
  assert.ok(pool.size <= 12);
});

test('states in one bucket keep only the last one, the settled screen', () => {
  const pool = new CandidatePool(10, 1);
  pool.add(state(0, 0.1));
  pool.add(state(1, 0.5));
  pool.add(state(2, 1.2));
  assert.deepEqual(
    pool.candidates().map((candidate) => candidate.ordinal),
    [1, 2],
  );
});
