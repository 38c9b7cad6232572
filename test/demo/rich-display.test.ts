import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDemoEvents, initialDemoState, planDemo } from '../../src/demo/index.js';
import { drawDemoFrame, wrapWords } from '../../src/demo/rich-display.js';

/** screenRows replays a frame's cursor-addressed rows into plain text (the frame only uses CUP and SGR). */
function screenRows(frame: string, rows: number): string[] {
  const screen = Array<string>(rows).fill('');
  for (const part of frame.split(/\x1b\[(\d+);1H/).slice(1).reduce<[number, string][]>((pairs, item, index, all) => (index % 2 === 0 ? [...pairs, [Number(item), all[index + 1]]] : pairs), [])) {
    screen[part[0] - 1] = part[1].replace(/\x1b\[[0-9;]*m/g, '');
  }
  return screen;
}

test('a frame fills every row of the terminal to its exact width', () => {
  const plan = planDemo({ agents: 6, seed: 9 });
  const state = applyDemoEvents(plan, initialDemoState(plan), plan.durationMs / 2);
  for (const [columns, rows] of [[120, 36], [80, 24], [200, 50]]) {
    const screen = screenRows(drawDemoFrame(state, { columns, rows, tick: 0, elapsedSeconds: 1 }), rows);
    screen.forEach((line, index) => assert.equal([...line].length, columns, `row ${index + 1} at ${columns}x${rows}`));
  }
});

test('the last frame shows the phases done, 100%, the votes, the winner and the final answer', () => {
  const plan = planDemo({ seed: 1 });
  const state = applyDemoEvents(plan, initialDemoState(plan), Infinity);
  const text = screenRows(drawDemoFrame(state, { columns: 120, rows: 36, tick: 3, elapsedSeconds: 36 }), 36).join('\n');
  assert.match(text, /✔ initial_answer .* ✔ enforcement .* ✔ presentation/);
  assert.match(text, /100%/);
  assert.match(text, new RegExp(`Winner ${state.winner}`));
  assert.match(text, /WINNER/);
  assert.match(text, /Final answer/);
  for (const [voter, target] of Object.entries(state.votes)) assert.match(text, new RegExp(`${voter} → ${target}`));
});

test('an agent in error shows the error symbol and its message', () => {
  const plan = planDemo({ seed: 2, fail: 'agent-error' });
  const state = applyDemoEvents(plan, initialDemoState(plan), Infinity);
  const failed = state.agents.find((agent) => agent.status === 'error');
  const text = screenRows(drawDemoFrame(state, { columns: 120, rows: 36, tick: 0, elapsedSeconds: 1 }), 36).join(' ').replace(/[│║]/g, ' ').replace(/\s+/g, ' ');
  assert.match(text, /✖ error/);
  assert.ok(text.includes((failed?.error ?? '???').split(' ').slice(0, 3).join(' ')), text);
});

test('wrapWords keeps lines within the width and splits words longer than a line', () => {
  assert.deepEqual(wrapWords('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrapWords('abcdefghijkl', 5), ['abcde', 'fghij', 'kl']);
  assert.deepEqual(wrapWords('', 5), []);
});
