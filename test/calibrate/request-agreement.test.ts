import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementLines, requestAgreement, type RequestComparisonDocument } from '../../src/calibrate/request-agreement.js';
import type { JudgeSummary } from '../../src/calibrate/assessment.js';
import type { Scorecard } from '../../src/score/types.js';
import { baselineScorecard, withScores } from '../compare/scorecard-fixture.js';

/** notApplicable marks a criterion of a scorecard not applicable. */
function notApplicable(scorecard: Scorecard, id: string): Scorecard {
  const copy = structuredClone(scorecard);
  const criterion = copy.criteria.find((item) => item.id === id)!;
  criterion.applicable = false;
  criterion.score = null;
  return copy;
}

const base = baselineScorecard();

test('scores within one point agree; a larger difference does not; not applicable one way and scored the other is counted apart', () => {
  // The fixture scores contrast 8, feedback 7, wording 6.
  const perPrompt = new Map([
    ['healthy', base],
    ['defect', withScores(base, { contrast: 3 })],
  ]);
  const combined = new Map([
    ['healthy', withScores(base, { contrast: 9, feedback: 5.5 })],
    ['defect', notApplicable(withScores(base, { contrast: 4 }), 'wording')],
    ['only-here', base],
  ]);
  const agreement = requestAgreement(perPrompt, combined);
  assert.equal(agreement.runs, 2);
  assert.equal(agreement.tolerance, 1);
  // healthy: contrast 8/9 agrees, feedback 7/5.5 does not, wording 6/6 agrees; defect: contrast 3/4 and feedback agree, wording is n/a one way.
  assert.deepEqual([agreement.compared, agreement.agreed, agreement.applicabilityDisagreements], [5, 4, 1]);
  assert.equal(agreement.share, 4 / 5);
  assert.deepEqual(
    agreement.byCriterion.map((entry) => [entry.criterion, entry.agreed, entry.compared, entry.meanDifference, entry.applicabilityDisagreements]),
    [
      ['feedback', 1, 2, 0.75, 0],
      ['wording', 1, 1, 0, 1],
      ['contrast', 2, 2, 1, 0],
    ],
  );
});

test('identical scorecards agree fully, and nothing compared counts as full agreement', () => {
  const same = requestAgreement(new Map([['a', base]]), new Map([['a', base]]));
  assert.equal(same.share, 1);
  assert.equal(same.agreed, same.compared);
  assert.deepEqual(requestAgreement(new Map(), new Map([['a', base]])), { tolerance: 1, runs: 0, compared: 0, agreed: 0, share: 1, applicabilityDisagreements: 0, byCriterion: [] });
});

test('agreementLines gives each way its recall, false alarms and cost, then the agreement and the least agreeing criteria first', () => {
  const summary = (caught: number, costUsd: number): JudgeSummary => ({ judge: 'openai', model: 'gpt-4.1', caught, defects: 3, recall: caught / 3, evidenceHits: 0, wrongCriterionFlags: 0, criticalDefects: 0, criticalOverallDrops: 0, falseAlarms: 0, healthyComparisons: 1, costUsd, minRecall: 0.9, passed: caught === 3 });
  const document: RequestComparisonDocument = {
    version: 1,
    createdAt: '2026-12-02T00:00:00.000Z',
    modes: [
      { requests: 'per-prompt', summary: summary(3, 0.3), calibration: '/c/per-prompt/calibration.json' },
      { requests: 'combined', summary: summary(2, 0.12), calibration: '/c/combined/calibration.json' },
    ],
    agreement: requestAgreement(new Map([['a', base]]), new Map([['a', withScores(base, { contrast: 5 })]])),
  };
  assert.deepEqual(agreementLines(document), [
    '--requests per-prompt: recall 3/3, false alarms 0/1, cost $0.30',
    '--requests combined: recall 2/3, false alarms 0/1, cost $0.12 (calibration FAILED)',
    'agreement: 2 of 3 criterion scores within 1 point (67 %) over 1 recording; 0 scored one way and not applicable the other',
    '  contrast: 0/1 within 1, mean difference 3',
    '  feedback: 1/1 within 1, mean difference 0',
    '  wording: 1/1 within 1, mean difference 0',
  ]);
});
