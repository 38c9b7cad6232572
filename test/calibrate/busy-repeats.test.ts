/**
 * Issue 14: the heuristic judge must raise no false alarm on a healthy program recorded while the machine is
 * busy. `termaudit calibrate --record-repeats 5 --busy`, on the three kinds of display: the healthy demo, task
 * board (driven by its tape) and deploy command are recorded 5 times each, the three side by side, while 2
 * busy loops spin (calibrate stops them when the recordings end, and they die with this process whatever
 * happens); each recording is evaluated and compared with the shipped healthy recording. About a minute:
 * 5 rounds of the longest program (the task board, 10 s), then 18 evaluations. The programs run from dist/
 * (`npm run build`, which `npm test` does first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { calibrate } from '../../src/calibrate/index.js';
import { makeTempDir } from '../helpers/paths.js';

const HEALTHY = ['demo-healthy', 'tui-healthy', 'cli-healthy'];
const REPEATS = 5;

test('healthy programs recorded 5 times each on a busy machine raise no false alarm against the shipped healthy recordings', { timeout: 240_000 }, async (t) => {
  const out = makeTempDir('termaudit-busy-repeats-');
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const started = performance.now();
  const { document } = await calibrate({ out, only: HEALTHY, recordRepeats: REPEATS, busyProcesses: 2 });
  t.diagnostic(`recorded, evaluated and compared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.deepEqual(
    document.healthy.map((result) => result.run).sort(),
    HEALTHY.flatMap((id) => Array.from({ length: REPEATS }, (_, index) => `${id}-busy-${index + 1}`)).sort(),
  );
  assert.deepEqual(
    document.healthy.filter((result) => result.falseAlarm).map((result) => `${result.run} vs ${result.baseline}: ${result.failures.join('; ')}`),
    [],
  );
  assert.equal(document.summary.falseAlarms, 0);
  // A repeat is judged from the same pictures as the shipped recording: drawn at termaudit's defaults, not in
  // the VHS look the task board's tape would give it (its meta.json keeps no look).
  const frameSize = (run: string) => {
    const frames = join(out, 'runs', run, 'sample', 'frames');
    const png = readFileSync(join(frames, readdirSync(frames).filter((name) => name.endsWith('.png')).sort()[0]!));
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  };
  const repeat = join(out, 'runs', 'tui-healthy-busy-1', 'meta.json');
  assert.ok(existsSync(repeat));
  assert.equal(JSON.parse(readFileSync(repeat, 'utf8')).renderSettings, undefined);
  assert.deepEqual(frameSize('tui-healthy-busy-1'), frameSize('tui-healthy'));
});
