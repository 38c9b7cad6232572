import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameSlot, Timeline } from '../../src/render/timeline.js';

test('the timeline keeps times as they are by default', () => {
  const timeline = new Timeline();
  assert.deepEqual([0, 0.5, 3, 10].map((time) => timeline.videoTime(time)), [0, 0.5, 3, 10]);
});

test('pauses longer than the idle limit are cut down to it', () => {
  const timeline = new Timeline({ idleTimeLimit: 1 });
  assert.deepEqual([0.5, 1, 6, 6.5, 20].map((time) => timeline.videoTime(time)), [0.5, 1, 2, 2.5, 3.5]);
});

test("the first event's time counts as a pause from the start, as in asciinema", () => {
  const timeline = new Timeline({ idleTimeLimit: 2 });
  assert.deepEqual([5, 5.5].map((time) => timeline.videoTime(time)), [2, 2.5]);
});

test('an idle limit of 0 keeps every pause', () => {
  const timeline = new Timeline({ idleTimeLimit: 0 });
  assert.deepEqual([0.5, 10, 30].map((time) => timeline.videoTime(time)), [0.5, 10, 30]);
});

test('speed divides video time after idle compression', () => {
  const timeline = new Timeline({ idleTimeLimit: 2, speed: 2 });
  assert.deepEqual([1, 11, 12].map((time) => timeline.videoTime(time)), [0.5, 1.5, 2]);
});

test('frame slots put an event on the first frame at or after it', () => {
  assert.equal(frameSlot(0, 30), 0);
  assert.equal(frameSlot(0.001, 30), 1);
  assert.equal(frameSlot(1 / 30, 30), 1);
  assert.equal(frameSlot(0.1, 30), 3);
  assert.equal(frameSlot(2.0, 10), 20);
});
