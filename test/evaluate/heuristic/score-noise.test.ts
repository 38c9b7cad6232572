import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRecording } from '../../../src/evaluate/heuristic/index.js';
import type { HeuristicMeasures } from '../../../src/evaluate/heuristic/measures.js';
import { perturbations, scoreNoise, SHARE_NOISE, TIMING_NOISE, withShares, withTiming } from '../../../src/evaluate/heuristic/score-noise.js';
import { writeCast } from '../../helpers/casts.js';

/** measuresOf measures a one-screen cast of `rows` rows of text in a 40×10 terminal. */
async function measuresOf(rows: number, duration = 2): Promise<HeuristicMeasures> {
  const text = Array.from({ length: rows }, (_, n) => `row ${n} ${'x'.repeat(30)}`).join('\r\n');
  return measureRecording({ castPath: writeCast([[0.1, 'o', text]], { cols: 40, rows: 10, duration }) });
}

test('a recording perturbed is slower and faster by TIMING_NOISE, its shares larger and smaller by SHARE_NOISE', async () => {
  const measures = await measuresOf(3);
  assert.equal(perturbations(measures).length, 4);
  const slower = withTiming(measures, 1 + TIMING_NOISE);
  assert.equal(slower.firstOutputTime, measures.firstOutputTime! * 1.25);
  assert.equal(slower.duration, measures.duration * 1.25);
  assert.equal(slower.density, measures.density, 'timing leaves shares alone');
  const denser = withShares(measures, 1 + SHARE_NOISE);
  assert.equal(denser.density.mean, measures.density.mean * 1.1);
  assert.equal(denser.firstOutputTime, measures.firstOutputTime);
  assert.equal(withShares({ ...measures, density: { mean: 0.95, max: 0.95 } }, 1.1).density.mean, 1, 'a share stays a share');
});

test('a score on a flat part of its scale has no noise; one on a steep part has as much as its measure can move it', async () => {
  // 3 of 10 rows at 34 cells of 40: density 26 %, on the flat 10 from 8 % to 40 %.
  const flat = await measuresOf(3);
  assert.equal(scoreNoise('density', flat), 0);
  // 6 rows: density 51 %, between 10 at 40 % and 7 at 55 %: ±10 % of it moves the score by about 1.
  const steep = await measuresOf(6);
  const noise = scoreNoise('density', steep);
  assert.ok(noise >= 0.8 && noise <= 1.2, `density ${steep.density.mean}: noise ${noise}`);
  // What the screens show is counted, not timed: no noise on a missing glyph or on escape debris.
  assert.equal(scoreNoise('font-rendering', steep), 0);
  assert.equal(scoreNoise('ansi-handling', steep), 0);
  assert.equal(scoreNoise('made-up-criterion', steep), 0);
});

test('a freeze just past 5 s is noisy on streaming; a program that never froze is not', async () => {
  const frozen = await measureRecording({
    castPath: writeCast([[0.1, 'o', 'step 1\r\n'], [5.6, 'o', 'step 2\r\n'], [5.8, 'o', '\x1b[32m✓ done\x1b[0m\r\n']], { cols: 40, rows: 6, duration: 6 }),
  });
  assert.ok(scoreNoise('streaming', frozen) >= 3, `noise ${scoreNoise('streaming', frozen)}`);
  assert.equal(scoreNoise('streaming', await measuresOf(3)), 0);
});
