import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateShownAt, pickEvenly, planFrames, type FrameCandidate, type FramePlanInput, type SampleStrategy } from '../../src/sample/frame-planner.js';
import { countDifferentCells } from '../../src/sample/screen-signature.js';

const cells = 200;
const metric = { distance: countDifferentCells, nearDuplicate: 4, unit: 'cells' };

/** A screen of `cells` cells: cell i holds `base + i`, with `changes` overriding ranges [from, to) with a value. */
function screen(changes: Array<[from: number, to: number, value: number]> = []): Uint32Array {
  const signature = new Uint32Array(cells).map((_, i) => 1000 + i);
  for (const [from, to, value] of changes) signature.fill(value, from, to);
  return signature;
}

function candidates(signatures: Uint32Array[], blank: (index: number) => boolean = () => false): FrameCandidate[] {
  return signatures.map((signature, index) => ({ ordinal: index, time: index, videoTime: index, blank: blank(index), signature }));
}

function plan(input: Partial<FramePlanInput> & { candidates: FrameCandidate[] }, strategies: SampleStrategy[] = ['changes'], cap = 12) {
  return planFrames({ strategies, cap, metric, ...input });
}

/**
 * A session with two big moments (a menu drawn at 10, a result at 30) and a clock ticking one cell in every
 * other state: 40 states, two of which matter beyond the first and the last.
 */
function sessionWithTwoBigChanges(): FrameCandidate[] {
  const signatures: Uint32Array[] = [];
  for (let i = 0; i < 40; i++) {
    const ticks: Array<[number, number, number]> = [[0, 1, i]];
    if (i >= 10) ticks.push([20, 100, 7]); // the menu: 80 cells
    if (i >= 30) ticks.push([100, 160, 9]); // the result: 60 more cells
    signatures.push(screen(ticks));
  }
  return candidates(signatures);
}

test('the last candidate is always a frame, whatever the strategy', () => {
  const session = sessionWithTwoBigChanges();
  for (const strategies of [['uniform'], ['changes'], ['markers'], ['markers', 'changes']] as SampleStrategy[][]) {
    for (const cap of [1, 2, 5, 12]) {
      const planned = plan({ candidates: session, markers: [{ time: 3, label: 'a' }] }, strategies, cap);
      assert.equal(planned.at(-1)?.candidate, 39, `${strategies.join(',')} with cap ${cap}`);
      assert.ok(planned.at(-1)?.reasons.includes('last frame'));
      assert.ok(planned.length <= cap);
    }
  }
});

test('a cap of one keeps only the last frame', () => {
  assert.deepEqual(plan({ candidates: sessionWithTwoBigChanges() }, ['changes'], 1), [{ candidate: 39, reasons: ['last frame'] }]);
});

test('changes picks the moments the screen changed most and drops the near-duplicates', () => {
  const planned = plan({ candidates: sessionWithTwoBigChanges() });
  assert.deepEqual(
    planned.map((frame) => frame.candidate),
    [0, 29, 39],
    'the first screen, the last screen with the menu before the result, and the final screen',
  );
  assert.deepEqual(planned[0].reasons, ['first non-blank screen']);
  assert.match(planned[1].reasons[0], /^changes: \d+ cells differ from the frames already picked$/);
  // The menu state differs from both the start (80+ cells) and the end (60+ cells) by far more than a clock tick.
  const changed = Number(/changes: (\d+)/.exec(planned[1].reasons[0])![1]);
  assert.ok(changed >= 60, `${changed} cells`);
});

test('changes picks nothing between screens that only differ by a tick', () => {
  const signatures = Array.from({ length: 30 }, (_, i) => screen([[0, 2, i % 3]]));
  const planned = plan({ candidates: candidates(signatures) });
  assert.deepEqual(
    planned.map((frame) => frame.candidate),
    [0, 29],
  );
});

test('changes never picks the blank screens before the program drew anything', () => {
  const blankScreen = new Uint32Array(cells);
  const signatures = [blankScreen, blankScreen, screen(), screen([[0, 100, 3]])];
  const planned = plan({ candidates: candidates(signatures, (index) => index < 2) });
  assert.deepEqual(
    planned.map((frame) => [frame.candidate, frame.reasons]),
    [
      [2, ['first non-blank screen']],
      [3, ['last frame']],
    ],
  );
});

test('uniform spreads frames evenly from the first non-blank screen to the end', () => {
  const signatures = Array.from({ length: 101 }, (_, i) => screen([[0, 1, i]]));
  const planned = plan({ candidates: candidates(signatures, (index) => index < 20) }, ['uniform'], 5);
  assert.deepEqual(
    planned.map((frame) => frame.candidate),
    [20, 40, 60, 80, 100],
  );
  assert.deepEqual(planned[0].reasons, ['first non-blank screen']);
  assert.deepEqual(planned[2].reasons, ['evenly spaced (2 of 3)']);
  assert.deepEqual(planned[4].reasons, ['last frame']);
});

test('markers pick the screen shown at each marker', () => {
  const session = sessionWithTwoBigChanges();
  const planned = plan({ candidates: session, markers: [{ time: 12.5, label: 'menu' }, { time: 33, label: 'done' }, { time: 33.2, label: 'again' }] }, ['markers']);
  assert.deepEqual(
    planned.map((frame) => [frame.candidate, frame.reasons]),
    [
      [0, ['first non-blank screen']],
      [12, ['marker "menu"']],
      [33, ['marker "done"', 'marker "again"']],
      [39, ['last frame']],
    ],
  );
});

test('markers beyond the cap are spread evenly and the rest is left to the next strategy', () => {
  const session = sessionWithTwoBigChanges();
  const markers = Array.from({ length: 9 }, (_, i) => ({ time: 1 + i * 4, label: `m${i}` }));
  const planned = plan({ candidates: session, markers }, ['markers', 'changes'], 5);
  assert.deepEqual(
    planned.map((frame) => frame.reasons.join('; ')),
    ['first non-blank screen', 'marker "m0"', 'marker "m4"', 'marker "m8"', 'last frame'],
  );

  const roomy = plan({ candidates: session, markers: [{ time: 5, label: 'start' }] }, ['markers', 'changes'], 12);
  assert.deepEqual(
    roomy.map((frame) => frame.candidate),
    [0, 5, 29, 39],
    'markers first, then changes fills in the menu',
  );
});

test('the combination keeps to the cap and the order of strategies decides who gets the room', () => {
  const session = sessionWithTwoBigChanges();
  const markers = [{ time: 20, label: 'middle' }];
  assert.deepEqual(
    plan({ candidates: session, markers }, ['markers', 'changes'], 3).map((frame) => frame.candidate),
    [0, 20, 39],
  );
  assert.deepEqual(
    plan({ candidates: session, markers }, ['changes', 'markers'], 3).map((frame) => frame.candidate),
    [0, 29, 39],
  );
});

test('pickEvenly keeps the first and the last item', () => {
  assert.deepEqual(pickEvenly([1, 2, 3, 4, 5, 6, 7, 8, 9], 3), [1, 5, 9]);
  assert.deepEqual(pickEvenly([1, 2], 5), [1, 2]);
  assert.deepEqual(pickEvenly([1, 2, 3], 1), [3]);
});

test('candidateShownAt returns the last candidate at or before a time', () => {
  const list = candidates([screen(), screen(), screen()]);
  assert.equal(candidateShownAt(list, 1.5), 1);
  assert.equal(candidateShownAt(list, 2), 2);
  assert.equal(candidateShownAt(list, -1), 0);
  assert.equal(candidateShownAt(list, 99), 2);
});

test('with lastAlternate, that candidate is the last frame and the restored main screen after it is never picked', () => {
  const session = sessionWithTwoBigChanges();
  for (const strategies of [['uniform'], ['changes'], ['markers']] as SampleStrategy[][]) {
    const planned = plan({ candidates: session, lastAlternate: 35, markers: [{ time: 38, label: 'late' }] }, strategies, 6);
    assert.equal(planned.at(-1)?.candidate, 35, strategies.join(','));
    assert.match(planned.at(-1)!.reasons[0], /^last frame: the last alternate screen/);
    assert.ok(planned.every((frame) => frame.candidate <= 35));
  }
});
