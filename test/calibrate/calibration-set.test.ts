import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { loadCalibrationSet, CALIBRATION_KINDS } from '../../src/calibrate/manifest.js';
import { selectEntries } from '../../src/calibrate/index.js';
import { HEURISTIC_CRITERIA } from '../../src/evaluate/heuristic/scoring.js';
import { selectPrompts } from '../../src/evaluate/profiles.js';

/** The defect classes issue 14 names; every kind covers each of them that fits it. */
const COMMON_DEFECTS = ['low-contrast', 'too-wide', 'leaked-escapes', 'freeze', 'log-flood', 'uncoloured-error', 'flicker', 'missing-glyphs'];

test('the shipped calibration set has a healthy recording and at least 12 single-defect variants of each kind', async () => {
  const set = await loadCalibrationSet();
  for (const kind of CALIBRATION_KINDS) {
    const entries = set.manifest.entries.filter((entry) => entry.kind === kind);
    assert.ok(entries.some((entry) => entry.role === 'healthy'), `${kind}: no healthy recording`);
    const defects = entries.filter((entry) => entry.role === 'defect').map((entry) => entry.defect);
    assert.ok(defects.length >= 12, `${kind}: ${defects.length} defects`);
    for (const defect of COMMON_DEFECTS) assert.ok(defects.includes(defect), `${kind}: no ${defect}`);
    const critical = entries.filter((entry) => entry.severity === 'critical').map((entry) => entry.defect!);
    for (const defect of ['leaked-escapes', 'low-contrast', 'missing-glyphs']) assert.ok(critical.includes(defect), `${kind}: ${defect} leaves text unreadable: critical`);
  }
});

test("every defect's criterion is one the heuristic scores and its profile asks, and its time range lies in the cast", async () => {
  const set = await loadCalibrationSet();
  for (const entry of set.manifest.entries) {
    assert.ok(existsSync(set.castOf(entry)), `${entry.id}: no cast`);
    if (entry.role !== 'defect') continue;
    assert.ok(entry.criterion! in HEURISTIC_CRITERIA, `${entry.id}: ${entry.criterion}`);
    const criteria = (await selectPrompts({ profile: entry.profile })).flatMap((prompt) => prompt.criteria.map((criterion) => criterion.id));
    assert.ok(criteria.includes(entry.criterion!), `${entry.id}: profile ${entry.profile} does not ask ${entry.criterion}`);
    const [start, end] = entry.time!;
    assert.ok(start <= end && end <= entry.duration + 0.05, `${entry.id}: time ${start}–${end} of ${entry.duration} s`);
    if (entry.region) assert.ok(entry.region.row + entry.region.rows <= entry.rows && entry.region.col + entry.region.cols <= entry.cols, `${entry.id}: region off screen`);
  }
});

test('the casts of the set stay small', async () => {
  const set = await loadCalibrationSet();
  const bytes = set.manifest.entries.reduce((total, entry) => total + statSync(set.castOf(entry)).size, 0);
  assert.ok(bytes < 2_000_000, `${bytes} bytes`);
});

test('choosing entries adds the healthy baselines they are compared with', async () => {
  const set = await loadCalibrationSet();
  const chosen = selectEntries(set.manifest.entries, ['cli-monochrome']).map((entry) => entry.id);
  assert.deepEqual(chosen, ['cli-healthy', 'cli-monochrome']);
  assert.throws(() => selectEntries(set.manifest.entries, ['cli-nothing']), /--only: no calibration entry "cli-nothing"/);
});
