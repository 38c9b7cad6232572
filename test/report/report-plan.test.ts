/**
 * What a report puts first: the verdict and its sentence, the criteria the headline must show, the order of
 * the criteria, and where evidence is cropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beforeAfterPlans, flaggedCriteria, orderCriteria, reportVerdict } from '../../src/report/report-plan.js';
import { boxesIn, cellBoxes, cropAround } from '../../src/report/evidence-figures.js';
import { buildScorecard } from './report-fixture.js';
import { syntheticComparison, syntheticFrames } from './pure-fixture.js';

// Scores: clarity 8.5, feedback 6.0, errors 3.5, accessibility not assessed.
const scorecard = () => buildScorecard(syntheticFrames());

test('a failed gate is the first sentence, naming the failing criterion with its minimum and its drop', () => {
  const comparison = syntheticComparison();
  const verdict = reportVerdict(scorecard(), comparison, { failures: ['Error messages (errors) is 3.5, below --min-score 5'], minScores: { errors: 5 } });
  assert.equal(verdict.status, 'failed');
  assert.equal(verdict.sentence, "Failed its quality gate: Error messages scored 3.5, below the minimum of 5.0, down 2.5 from the baseline's 6.0; the overall dropped 7.0 → 6.0 (and 1 more reason).");
  assert.deepEqual(verdict.flagged.map((item) => item.id), ['errors']);
});

test('a canary that failed reads as expected, one that passed as a gate that no longer catches it', () => {
  const failures = ['Error messages (errors) is 3.5, below --min-score 5'];
  assert.equal(reportVerdict(scorecard(), undefined, { failures, minScore: 5, expectFail: true }).status, 'failed-as-expected');
  const passed = reportVerdict(scorecard(), undefined, { failures: [], minScore: 3, expectFail: true });
  assert.equal(passed.status, 'failed');
  assert.match(passed.sentence, /canary is meant to fail/);
});

test('without a gate the verdict is not gated, and a criterion below 3 is still shown beside the overall', () => {
  const card = buildScorecard(syntheticFrames(), { scores: [8.5, 2.0, 6.0, null] });
  const verdict = reportVerdict(card, undefined, undefined);
  assert.equal(verdict.status, 'not-gated');
  assert.match(verdict.sentence, /The lowest criterion is Feedback at 2\.0\./);
  assert.deepEqual(flaggedCriteria(card, undefined, undefined).map((item) => [item.id, item.reason]), [['feedback', 'so low the text or display cannot be used']]);
  const passed = reportVerdict(card, undefined, { failures: [], minScore: 1 });
  assert.equal(passed.status, 'passed');
  assert.equal(passed.sentence, 'Passed its quality gate: every criterion is at or above the minimum of 1.0, but the judge reported 1 critical issue.');
  assert.equal(reportVerdict(card, undefined, { failures: [], minScores: { clarity: 4 } }).sentence, 'Passed its quality gate: Clarity & wording is at or above its minimum of 4.0, but the judge reported 1 critical issue.');
});

test('criteria are ordered failing first, then by drop against the baseline, then by score; not-applicable ones are left out', () => {
  const card = scorecard();
  card.criteria.push({ ...card.criteria[0]!, id: 'voting', title: 'Voting', applicable: false, score: null });
  const comparison = syntheticComparison();
  // errors fails (dropped); clarity improved; feedback has no row: by score.
  assert.deepEqual(orderCriteria(card, comparison, undefined).map((criterion) => criterion.id), ['errors', 'feedback', 'clarity', 'accessibility']);
  // Without a comparison: a minimum makes feedback fail, so it leads.
  assert.deepEqual(orderCriteria(card, undefined, { failures: [], minScores: { feedback: 7 } }).map((criterion) => criterion.id), ['feedback', 'errors', 'clarity', 'accessibility']);
});

test('the before-and-after plans list dropped criteria with the baseline frame of the same moment', () => {
  const card = scorecard();
  const baseline = scorecard();
  baseline.frames = baseline.frames.map((frame) => ({ ...frame, number: frame.number + 10 }));
  const plans = beforeAfterPlans(card, baseline, syntheticComparison());
  assert.deepEqual(plans.map((plan) => plan.id), ['errors']);
  assert.equal(plans[0]!.current!.frame, 3);
  // The current evidence is frame 3 at 2.5 s: the baseline's frame at 2.5 s is its frame 13.
  assert.equal(plans[0]!.baseline!.frame, 13);
});

test('cells become pixel boxes on the grid, and a crop keeps context around them inside the frame', () => {
  const grid = { cols: 80, rows: 24, cellWidth: 10, cellHeight: 20, originX: 16, originY: 16 };
  const frame = { width: 832, height: 512 };
  const boxes = cellBoxes([{ row: 2, col: 70, width: 10, height: 1 }], grid);
  assert.deepEqual(boxes, [{ x: 716, y: 56, width: 100, height: 20 }]);
  const crop = cropAround(boxes, frame, grid);
  // At least 56×9 cells, kept inside the frame on the right and the top.
  assert.deepEqual(crop, { x: 272, y: 0, width: 560, height: 180 });
  assert.deepEqual(boxesIn(boxes, crop), [{ x: 444, y: 56, width: 100, height: 20 }]);
  // Boxes all over the screen are shown from the first, at most 72×14 cells.
  const spread = cellBoxes([{ row: 20, col: 0, width: 5, height: 1 }, { row: 1, col: 10, width: 60, height: 1 }], grid);
  assert.deepEqual(cropAround(spread, frame, grid), { x: 96, y: 0, width: 720, height: 280 });
  assert.deepEqual(cropAround([], frame, grid), { x: 0, y: 0, width: 832, height: 512 });
});
