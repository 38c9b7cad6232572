import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessDefect, assessFalseAlarm, quoteCells, summarizeJudge } from '../../src/calibrate/assessment.js';
import type { CalibrationEntry } from '../../src/calibrate/manifest.js';
import { baselineScorecard, withScores } from '../compare/scorecard-fixture.js';

/** defectEntry labels a contrast defect of the fixture scorecard, in the first 10 s. */
function defectEntry(changes: Partial<CalibrationEntry> = {}): CalibrationEntry {
  return {
    id: 'x-low-contrast', kind: 'cli', profile: 'cli', role: 'defect', cast: 'casts/x.cast', command: ['node', 'x.mjs'], cols: 80, rows: 24, duration: 10,
    description: 'dark gray text', defect: 'low-contrast', baseline: 'x-healthy', criterion: 'contrast', time: [0, 10], ...changes,
  };
}

test('a labelled criterion that drops beyond the noise is caught, and compare names it', () => {
  const healthy = baselineScorecard();
  const result = assessDefect(defectEntry(), healthy, withScores(healthy, { contrast: { score: 3, spread: 0.5 } }));
  assert.equal(result.healthy, 8);
  assert.equal(result.defective, 3);
  assert.equal(result.droppedBeyondNoise, true);
  assert.equal(result.verdict, 'dropped');
  assert.equal(result.caught, true);
  assert.deepEqual(result.wrongCriteria, []);
});

test('a drop within the judge noise is not caught, and a drop of another criterion is a wrong-criterion flag', () => {
  const healthy = baselineScorecard();
  const result = assessDefect(defectEntry(), healthy, withScores(healthy, { contrast: { score: 6, spread: 2.5 }, feedback: 3 }));
  assert.equal(result.droppedBeyondNoise, false);
  assert.equal(result.verdict, 'within-noise');
  assert.equal(result.compareFails, true);
  assert.equal(result.caught, false);
  assert.deepEqual(result.wrongCriteria, ['feedback']);
});

test('evidence hits a defect when a cited frame lies in its time range and its quote in its region', () => {
  const healthy = baselineScorecard();
  const defective = withScores(healthy, { contrast: 3 });
  const criterion = defective.criteria.find((item) => item.id === 'contrast')!;
  const frame = defective.frames[0]!;
  frame.text = 'title\n  dark gray body text\n';
  criterion.evidence = [{ frame: frame.number, quote: 'dark gray body', prompt: criterion.prompts[0]!.prompt }];
  const inRegion = assessDefect(defectEntry({ time: [0, frame.time + 1], region: { row: 1, col: 0, rows: 1, cols: 20 } }), healthy, defective);
  assert.equal(inRegion.evidence.hitsTime, true);
  assert.equal(inRegion.evidence.hitsRegion, true);
  const elsewhere = assessDefect(defectEntry({ time: [0, frame.time + 1], region: { row: 0, col: 0, rows: 1, cols: 20 } }), healthy, defective);
  assert.equal(elsewhere.evidence.hitsRegion, false);
  const later = assessDefect(defectEntry({ time: [frame.time + 5, frame.time + 9] }), healthy, defective);
  assert.equal(later.evidence.hitsTime, false);
});

test('quoteCells finds every place a quote is on screen, by row and column', () => {
  assert.deepEqual(quoteCells('ab error\nerror', 'error'), [{ row: 0, col: 3, length: 5 }, { row: 1, col: 0, length: 5 }]);
  assert.deepEqual(quoteCells('abc', '  '), []);
});

test('a healthy repeat that compare fails is a false alarm, and any false alarm fails the calibration', () => {
  const healthy = baselineScorecard();
  const same = assessFalseAlarm('x-healthy-2', 'x-healthy', healthy, structuredClone(healthy));
  const dropped = assessFalseAlarm('x-healthy-3', 'x-healthy', healthy, withScores(healthy, { feedback: 2 }));
  assert.equal(same.falseAlarm, false);
  assert.equal(dropped.falseAlarm, true);
  const caught = assessDefect(defectEntry(), healthy, withScores(healthy, { contrast: 2 }));
  assert.equal(summarizeJudge({ name: 'heuristic', model: 'h' }, [caught], [same], 0).passed, true);
  const summary = summarizeJudge({ name: 'heuristic', model: 'h' }, [caught], [same, dropped], 0);
  assert.equal(summary.falseAlarms, 1);
  assert.equal(summary.passed, false);
});

test('recall below the minimum fails the calibration', () => {
  const healthy = baselineScorecard();
  const caught = assessDefect(defectEntry(), healthy, withScores(healthy, { contrast: 2 }));
  const missed = assessDefect(defectEntry({ id: 'x-missed' }), healthy, structuredClone(healthy));
  const summary = summarizeJudge({ name: 'heuristic', model: 'h' }, [caught, missed], [], 0.5, 0.9);
  assert.equal(summary.caught, 1);
  assert.equal(summary.recall, 0.5);
  assert.equal(summary.passed, false);
  assert.equal(summarizeJudge({ name: 'heuristic', model: 'h' }, [caught, missed], [], 0, 0.5).passed, true);
});

test('a critical defect must drop the overall by at least 1.0: hidden in the overall, it fails the calibration', () => {
  const healthy = baselineScorecard();
  const entry = defectEntry({ severity: 'critical' });
  const shown = assessDefect(entry, healthy, withScores(healthy, { contrast: 1, overall: healthy.overall.score! - 1 }));
  const hidden = assessDefect(entry, healthy, withScores(healthy, { contrast: 1, overall: healthy.overall.score! - 0.9 }));
  const major = assessDefect(defectEntry({ severity: 'major' }), healthy, withScores(healthy, { contrast: 1, overall: healthy.overall.score! - 0.1 }));
  assert.equal(shown.overall.dropsEnough, true);
  assert.equal(hidden.overall.dropsEnough, false);
  assert.equal(major.overall.dropsEnough, null, 'a major defect may hide in the overall');
  assert.equal(shown.caught && hidden.caught, true, 'both are caught with the right criterion');
  const passing = summarizeJudge({ name: 'heuristic', model: 'h' }, [shown, major], [], 0);
  assert.deepEqual([passing.criticalDefects, passing.criticalOverallDrops, passing.passed], [1, 1, true]);
  const failing = summarizeJudge({ name: 'heuristic', model: 'h' }, [shown, hidden, major], [], 0);
  assert.deepEqual([failing.criticalDefects, failing.criticalOverallDrops, failing.passed], [2, 1, false]);
  assert.equal(failing.recall, 1);
});

test('a healthy run whose overall a criterion capped is a false alarm: healthy runs keep their mean', () => {
  const healthy = baselineScorecard();
  const capped = structuredClone(healthy);
  capped.overall = { ...capped.overall, mean: capped.overall.score!, cappedBy: 'contrast' };
  const result = assessFalseAlarm('x-healthy-2', 'x-healthy', healthy, capped);
  assert.equal(result.falseAlarm, true);
  assert.match(result.failures.join('\n'), /x-healthy-2: overall capped at .* by contrast/);
});
