import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScorecard, normalizeTitle, overallCap, validateScorecard, type Scorecard, type ScorecardContext } from '../../src/score/index.js';
import type { EvaluationDocument } from '../../src/evaluate/index.js';
import { evaluationOf, issue } from '../fixtures/score/evaluations.js';

const context: ScorecardContext = { scorecardDir: '/runs/demo', now: new Date('2026-11-26T01:00:00.000Z') };

/** build builds a scorecard and checks it against the schema, as every scorecard must pass it. */
function build(evaluation: EvaluationDocument, extra: Partial<ScorecardContext> = {}): Scorecard {
  return validateScorecard(buildScorecard(evaluation, { ...context, ...extra }), 'test scorecard');
}

const criterion = (scorecard: Scorecard, id: string) => scorecard.criteria.find((item) => item.id === id)!;

test('a criterion no prompt assessed is null and left out of the overall score', () => {
  const scorecard = build(
    evaluationOf([
      { id: 'a', criteria: [{ id: 'contrast' }, { id: 'voting' }], samples: [{ scores: { contrast: 8, voting: null } }] },
      { id: 'b', criteria: [{ id: 'voting' }, { id: 'layout' }], samples: [{ scores: { voting: null, layout: 6 } }] },
    ]),
  );
  assert.deepEqual(scorecard.criteria.map((item) => item.id), ['contrast', 'voting', 'layout']);
  assert.equal(criterion(scorecard, 'voting').score, null);
  assert.deepEqual(criterion(scorecard, 'voting').prompts.map((item) => item.score), [null, null]);
  assert.equal(scorecard.overall.score, 7);
  assert.equal(scorecard.overall.assessed, 2);
  assert.equal(scorecard.overall.criteria, 3);
  assert.equal(scorecard.complete, true);
});

test("a judge's noise estimate goes from its answers to the prompt (the largest of its samples) and to the criterion (the largest of its prompts)", () => {
  const scorecard = build(
    evaluationOf([
      { id: 'a', criteria: [{ id: 'density' }, { id: 'contrast' }], samples: [{ scores: { density: 7, contrast: 9 }, noise: { density: 1.1, contrast: 0 } }, { scores: { density: 7, contrast: 9 }, noise: { density: 0.8, contrast: 0 } }] },
      { id: 'b', criteria: [{ id: 'density' }, { id: 'layout' }], samples: [{ scores: { density: 7, layout: 6 }, noise: { density: 1.4 } }, { scores: { density: 7, layout: 6 } }] },
    ]),
  );
  const density = criterion(scorecard, 'density');
  assert.deepEqual(density.prompts.map((item) => item.noise), [1.1, 1.4]);
  assert.equal(density.noise, 1.4);
  assert.equal(density.sampleSpread, 0);
  assert.equal(criterion(scorecard, 'contrast').noise, 0);
  // A judge that gives no estimate (a model) leaves it out: its noise is its sample spread.
  assert.equal('noise' in criterion(scorecard, 'layout'), false);
  assert.equal('noise' in criterion(scorecard, 'layout').prompts[0], false);
});

test('the overall score is null when no criterion was assessed', () => {
  const scorecard = build(evaluationOf([{ id: 'a', criteria: [{ id: 'voting' }], samples: [{ scores: { voting: null } }] }]));
  assert.equal(scorecard.overall.score, null);
  assert.equal(scorecard.overall.spread, 0);
  assert.equal(scorecard.overall.assessed, 0);
  assert.match(criterion(scorecard, 'voting').rationale, /voting: null/);
});

test('a prompt whose calls all failed contributes nothing, and the scorecard is incomplete with a warning', () => {
  const scorecard = build(
    evaluationOf(
      [
        { id: 'a', criteria: [{ id: 'contrast' }], samples: [{ scores: { contrast: 9 } }, { scores: { contrast: 7 } }] },
        { id: 'b', weight: 5, criteria: [{ id: 'contrast' }, { id: 'layout' }], samples: ['failed', 'failed'] },
      ],
      { warnings: ['model "x" is not in the registry'] },
    ),
  );
  assert.equal(scorecard.complete, false);
  assert.equal(criterion(scorecard, 'contrast').score, 8);
  assert.equal(criterion(scorecard, 'contrast').weight, 1);
  assert.equal(criterion(scorecard, 'contrast').promptSpread, 0);
  assert.equal(criterion(scorecard, 'layout').score, null);
  assert.equal(scorecard.overall.score, 8);
  assert.equal(scorecard.judge.failedCalls, 2);
  assert.equal(scorecard.warnings[0], 'model "x" is not in the registry');
  assert.match(scorecard.warnings[1], /prompt b: no call answered/);
  // The rationale comes from the prompt that answered, not from the heavier one that failed.
  assert.match(criterion(scorecard, 'contrast').rationale, /^a on contrast/);
});

test('an outlier sample moves the sample spread, not the score, and prompts that disagree show in the prompt spread', () => {
  const scorecard = build(
    evaluationOf([
      { id: 'a', criteria: [{ id: 'contrast' }], samples: [{ scores: { contrast: 8 } }, { scores: { contrast: 2 } }, { scores: { contrast: 8 } }] },
      { id: 'b', criteria: [{ id: 'contrast' }, { id: 'layout' }], samples: [{ scores: { contrast: 6, layout: 5 } }, { scores: { contrast: 6, layout: 6 } }, { scores: { contrast: 6, layout: 7 } }] },
    ]),
  );
  const contrast = criterion(scorecard, 'contrast');
  assert.deepEqual(contrast.prompts, [
    { prompt: 'a', applicable: true, score: 8, spread: 6, weight: 1 },
    { prompt: 'b', applicable: true, score: 6, spread: 0, weight: 1 },
  ]);
  assert.equal(contrast.score, 7);
  assert.equal(contrast.sampleSpread, 6);
  assert.equal(contrast.promptSpread, 2);
  assert.equal(criterion(scorecard, 'layout').sampleSpread, 2);
  // Weighted mean of sample spreads: (6 × 2 + 2 × 1) / 3.
  assert.equal(scorecard.overall.spread, 4.7);
  assert.equal(scorecard.judge.samples, 3);
});

test('a criterion shared by two prompts gets the mean of their scores weighted by prompt weight × criterion weight', () => {
  const scorecard = build(
    evaluationOf([
      { id: 'a', weight: 2, criteria: [{ id: 'contrast', weight: 1 }, { id: 'layout' }], samples: [{ scores: { contrast: 8, layout: 3 } }] },
      { id: 'b', weight: 1, criteria: [{ id: 'contrast', weight: 3 }], samples: [{ scores: { contrast: 4 } }] },
    ]),
  );
  const contrast = criterion(scorecard, 'contrast');
  // (8 × 2 + 4 × 3) / 5 = 5.6
  assert.equal(contrast.score, 5.6);
  assert.equal(contrast.weight, 5);
  assert.deepEqual(contrast.prompts.map((item) => item.weight), [2, 3]);
  // Overall: (5.6 × 5 + 3 × 2) / 7 = 4.857…, rounded only at the end.
  assert.equal(scorecard.overall.score, 4.9);
  // The rationale is the heaviest prompt's: b (weight 3).
  assert.match(contrast.rationale, /^b on contrast/);
});

test('scores are kept exact until written: the overall is computed from unrounded criterion scores', () => {
  // contrast = (7 + 8 + 8) / 3 = 7.667 (shown 7.7); layout = 7.25 from weights 3:1 (shown 7.3, rounded half up).
  const scorecard = build(
    evaluationOf([
      { id: 'a', criteria: [{ id: 'contrast' }, { id: 'layout', weight: 3 }], samples: [{ scores: { contrast: 7, layout: 7 } }] },
      { id: 'b', criteria: [{ id: 'contrast' }, { id: 'layout', weight: 1 }], samples: [{ scores: { contrast: 8, layout: 8 } }] },
      { id: 'c', criteria: [{ id: 'contrast' }], samples: [{ scores: { contrast: 8 } }] },
    ]),
  );
  assert.equal(criterion(scorecard, 'contrast').score, 7.7);
  assert.equal(criterion(scorecard, 'layout').score, 7.3);
  // Exact: (7.667 × 3 + 7.25 × 4) / 7 = 7.4286 → 7.4; from the rounded values it would be (23.1 + 29.2) / 7 = 7.471 → 7.5.
  assert.equal(scorecard.overall.score, 7.4);
});

test('a criterion at a critical level caps the overall score, and the scorecard names it and keeps the mean', () => {
  // Nine healthy criteria at 9 and contrast at 1: the mean is 8.2, which hides unreadable text; the cap
  // of a criterion at 1 is 10 − 1.5 × (4 − 1) = 5.5.
  const healthy = ['layout', 'spacing', 'colors', 'density', 'hierarchy', 'streaming', 'feedback', 'progress', 'scrolling'];
  const scores = Object.fromEntries([...healthy.map((id) => [id, 9]), ['contrast', 1]]);
  const scorecard = build(evaluationOf([{ id: 'a', criteria: [...healthy, 'contrast'].map((id) => ({ id })), samples: [{ scores }] }]));
  assert.equal(scorecard.overall.score, overallCap(1));
  assert.equal(scorecard.overall.score, 5.5);
  assert.equal(scorecard.overall.cappedBy, 'contrast');
  assert.equal(scorecard.overall.mean, 8.2);
});

test('the overall cap is continuous and lifts at 3: healthy scores keep their mean and no cappedBy', () => {
  assert.deepEqual([1, 1.5, 2, 2.5, 2.9, 3, 4, 6].map((score) => Math.round(overallCap(score) * 100) / 100), [5.5, 6.25, 7, 8.5, 9.7, 10, 10, 10]);
  const scorecard = build(evaluationOf([{ id: 'a', criteria: [{ id: 'contrast' }, { id: 'layout' }], samples: [{ scores: { contrast: 3, layout: 10 } }] }]));
  assert.equal(scorecard.overall.score, 6.5);
  assert.equal(scorecard.overall.cappedBy, undefined);
  assert.equal(scorecard.overall.mean, undefined);
});

test('a low criterion caps the overall only when the cap is below the mean, and not-applicable or weightless criteria never cap it', () => {
  // layout 2 caps at 7, above the mean of 4.5 (contrast 7, layout 2): the mean stands.
  const low = build(evaluationOf([{ id: 'a', criteria: [{ id: 'contrast' }, { id: 'layout' }], samples: [{ scores: { contrast: 7, layout: 2 } }] }]));
  assert.equal(low.overall.score, 4.5);
  assert.equal(low.overall.cappedBy, undefined);
  // voting is not applicable (null) and layout weighs nothing: neither caps contrast's 9.
  const left = build(
    evaluationOf([
      { id: 'a', criteria: [{ id: 'contrast' }, { id: 'voting' }], samples: [{ scores: { contrast: 9, voting: null } }] },
      { id: 'b', criteria: [{ id: 'layout', weight: 0 }], samples: [{ scores: { layout: 1 } }] },
    ]),
  );
  assert.equal(left.overall.score, 9);
  assert.equal(left.overall.cappedBy, undefined);
});

test('issues are merged across prompts and samples by title, keep the worst severity, and rank by severity, count, then title', () => {
  const scorecard = build(
    evaluationOf([
      {
        id: 'a',
        criteria: [{ id: 'contrast' }],
        samples: [
          { scores: { contrast: 5 }, issues: [issue('minor', 'Error is hidden', 2), issue('minor', 'Spinner flickers', 1), issue('minor', 'error is hidden.', 3)] },
          { scores: { contrast: 5 }, issues: [issue('minor', 'Spinner flickers', 3), issue('major', 'No progress shown', null)] },
        ],
      },
      {
        id: 'b',
        criteria: [{ id: 'layout' }],
        samples: [
          { scores: { layout: 5 }, issues: [issue('major', '  ERROR is   hidden!', 1, 'make errors red'), issue('minor', 'Alpha issue', 2)] },
          'failed',
        ],
      },
    ]),
  );
  assert.deepEqual(
    scorecard.issues.map((item) => [item.severity, item.title, item.count]),
    [
      // Reported twice by a's first answer and once by b's: two answers.
      ['major', 'ERROR is   hidden!', 2],
      ['major', 'No progress shown', 1],
      ['minor', 'Spinner flickers', 2],
      ['minor', 'Alpha issue', 1],
    ],
  );
  const hidden = scorecard.issues[0];
  assert.deepEqual(hidden.frames, [1, 2, 3]);
  assert.deepEqual(hidden.prompts, ['a', 'b']);
  assert.equal(hidden.recommendation, 'make errors red');
  assert.deepEqual(scorecard.issues[1].frames, []);
  assert.equal(normalizeTitle(' Error:  is-hidden! '), 'error is hidden');
  // Measured numbers change run to run; the issue stays the same.
  assert.equal(normalizeTitle('12.6% of the text is below WCAG 4.5:1 contrast (lowest 2.00:1)'), normalizeTitle('93.1% of the text is below WCAG 4.5:1 contrast (lowest 1.34:1)'));
});

test('evidence is the union over prompts without repeated frame and quote, keeping the prompt that cited it first', () => {
  const scorecard = build(
    evaluationOf([
      {
        id: 'a',
        criteria: [{ id: 'contrast' }],
        samples: [{ scores: { contrast: 7 }, evidence: { contrast: [{ frame: 3, quote: 'Done' }, { frame: 1, quote: 'deploy' }] } }],
      },
      {
        id: 'b',
        criteria: [{ id: 'contrast' }],
        samples: [{ scores: { contrast: 9 }, evidence: { contrast: [{ frame: 1, quote: 'deploy' }, { frame: 2, quote: '✗ upload failed' }, { frame: 1, quote: 'v1.2' }] } }],
      },
    ]),
  );
  assert.deepEqual(criterion(scorecard, 'contrast').evidence, [
    { frame: 1, quote: 'deploy', prompt: 'a' },
    { frame: 1, quote: 'v1.2', prompt: 'b' },
    { frame: 2, quote: '✗ upload failed', prompt: 'b' },
    { frame: 3, quote: 'Done', prompt: 'a' },
  ]);
});

test('run metadata comes from meta.json first, git is reported when known, and frames are relative to the scorecard', () => {
  const evaluation = evaluationOf([{ id: 'a', criteria: [{ id: 'contrast' }], samples: [{ scores: { contrast: 7 } }] }]);
  const bare = build(evaluation, { scorecardDir: '/elsewhere/out' });
  assert.deepEqual(bare.run, { dir: '/runs/demo', duration: 4.5, cols: 80, rows: 24, input: { path: '/runs/demo/session.cast', kind: 'cast' } });
  assert.equal(bare.frames[0].file, '../../runs/demo/sample/frames/01.png');
  assert.equal(bare.createdAt, '2026-11-26T01:00:00.000Z');

  const scorecard = build(evaluation, {
    run: { dir: '/runs/demo', command: ['node', 'app.mjs'], cols: 100, rows: 30, startedAt: '2026-11-25T23:50:31.578Z', durationSeconds: 4.2, cwd: '/src/app', scenario: 'login' },
    git: { commit: 'c6a9d95a6561256034d1fdd5b59d38e0ea3785a4', dirty: true },
  });
  assert.deepEqual(scorecard.run, {
    dir: '/runs/demo',
    command: ['node', 'app.mjs'],
    cols: 100,
    rows: 30,
    duration: 4.2,
    recordedAt: '2026-11-25T23:50:31.578Z',
    input: { path: '/runs/demo/session.cast', kind: 'cast' },
    git: { commit: 'c6a9d95a6561256034d1fdd5b59d38e0ea3785a4', dirty: true },
    scenario: 'login',
  });
  assert.deepEqual(scorecard.frames[1], { number: 2, time: 3, label: 'Frame 2', file: 'sample/frames/02.png', hash: '2'.repeat(64), width: 640, height: 360, text: 'screen 2' });
  assert.deepEqual(scorecard.judge.tokens, { input: 1000, cachedInput: 0, output: 100 });
  assert.equal(scorecard.judge.costUsd, 0.01);
  assert.deepEqual(scorecard.judge.prompts.map((prompt) => [prompt.id, prompt.weight]), [['a', 1]]);
});

test('buildScorecard is pure: the same evaluation and context give the same scorecard', () => {
  const evaluation = evaluationOf([{ id: 'a', criteria: [{ id: 'contrast' }], samples: [{ scores: { contrast: 7 }, issues: [issue('minor', 'x', 1)] }] }]);
  const snapshot = JSON.stringify(evaluation);
  assert.deepEqual(buildScorecard(evaluation, context), buildScorecard(evaluation, context));
  assert.equal(JSON.stringify(evaluation), snapshot);
});
