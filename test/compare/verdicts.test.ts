import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.js';
import { classifyDelta, compareScorecards, criterionNoise, findNewCriticalIssues } from '../../src/compare/verdicts.js';
import { validateScorecard } from '../../src/score/validate-scorecard.js';
import { baselineScorecard, withScores } from './scorecard-fixture.js';

const verdictOf = (result: ReturnType<typeof compareScorecards>, id: string) =>
  id === 'overall' ? result.overall : result.criteria.find((criterion) => criterion.id === id)!;

test('the hand-written baseline fixture is a valid scorecard', () => {
  assert.doesNotThrow(() => validateScorecard(baselineScorecard(), 'baseline.scorecard.json'));
});

test('classifyDelta follows the documented bounds, with a drop equal to a bound counting as on the bound', () => {
  assert.equal(classifyDelta(1.5, 1, 0), 'improved');
  assert.equal(classifyDelta(1.0, 1, 0), 'unchanged');
  assert.equal(classifyDelta(6.1 - 7.1, 1, 0), 'unchanged'); // −1.0000000000000009 in floating point
  assert.equal(classifyDelta(-0.4, 1, 0), 'unchanged');
  assert.equal(classifyDelta(-1.5, 1, 0.5), 'dropped');
  assert.equal(classifyDelta(-1.5, 1, 1.5), 'within-noise');
  assert.equal(classifyDelta(-1.5, 1, 2), 'within-noise');
  assert.equal(classifyDelta(-1.6, 1, 1.5), 'dropped');
});

test('identical scorecards pass with every score unchanged', () => {
  const result = compareScorecards(baselineScorecard(), baselineScorecard());
  assert.equal(result.passed, true);
  assert.deepEqual(result.failures, []);
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(
    [result.overall, ...result.criteria].map((score) => [score.id, score.verdict, score.delta]),
    [
      ['overall', 'unchanged', 0],
      ['contrast', 'unchanged', 0],
      ['feedback', 'unchanged', 0],
      ['wording', 'unchanged', 0],
    ],
  );
});

test('a rise larger than max-drop is an improvement and passes', () => {
  const result = compareScorecards(baselineScorecard(), withScores(baselineScorecard(), { wording: 7.5, overall: 7.5 }));
  assert.equal(verdictOf(result, 'wording').verdict, 'improved');
  assert.equal(verdictOf(result, 'wording').delta, 1.5);
  assert.equal(verdictOf(result, 'overall').verdict, 'unchanged');
  assert.equal(result.passed, true);
});

test('a drop beyond max-drop but within the larger spread of either side is reported as within noise and passes', () => {
  // The baseline's spread is 0.5; the current side's 2.0 is the larger, so a 1.5-point drop is noise.
  const result = compareScorecards(baselineScorecard(), withScores(baselineScorecard(), { feedback: { score: 5.5, spread: 2 } }));
  const feedback = verdictOf(result, 'feedback');
  assert.equal(feedback.verdict, 'within-noise');
  assert.equal(feedback.noise, 2);
  assert.equal(feedback.delta, -1.5);
  assert.equal(feedback.failed, false);
  assert.equal(result.passed, true);
});

test("a judge's noise estimate widens the allowance like a spread: a drop within either side's estimate is within noise", () => {
  // The heuristic judge's spread is 0 (same recording, same answer); its estimate says how far a score moves between recordings.
  const baseline = baselineScorecard();
  const current = withScores(baselineScorecard(), { feedback: { score: 5.0, spread: 0 } });
  current.criteria.find((criterion) => criterion.id === 'feedback')!.noise = 2.2;
  const noisy = verdictOf(compareScorecards(baseline, current), 'feedback');
  assert.equal(noisy.verdict, 'within-noise');
  assert.equal(noisy.noise, 2.2);
  assert.equal(criterionNoise({ sampleSpread: 0.5, noise: 2.2 }), 2.2);
  assert.equal(criterionNoise({ sampleSpread: 0.5 }), 0.5, 'a scorecard without an estimate keeps its spread');
  // An estimate smaller than the drop leaves it a drop.
  current.criteria.find((criterion) => criterion.id === 'feedback')!.noise = 1.5;
  const dropped = compareScorecards(baseline, current);
  assert.equal(verdictOf(dropped, 'feedback').verdict, 'dropped');
  assert.match(dropped.failures[0], /more than --max-drop 1 and the noise 1\.5\)$/);
});

test('a drop beyond both max-drop and the noise fails the gate with a line naming the criterion', () => {
  const result = compareScorecards(baselineScorecard(), withScores(baselineScorecard(), { feedback: 5.0 }));
  const feedback = verdictOf(result, 'feedback');
  assert.equal(feedback.verdict, 'dropped');
  assert.equal(feedback.failed, true);
  assert.equal(result.passed, false);
  assert.equal(result.failures.length, 1);
  assert.match(result.failures[0], /^Feedback \(feedback\) dropped 7\.0 → 5\.0 \(−2\.0, more than --max-drop 1 and the noise 0\.5\)$/);
});

test('a larger --max-drop tolerates the same drop', () => {
  const result = compareScorecards(baselineScorecard(), withScores(baselineScorecard(), { feedback: 5.0 }), { maxDrop: 2 });
  assert.equal(verdictOf(result, 'feedback').verdict, 'unchanged');
  assert.equal(result.passed, true);
});

test('an overall drop fails like a criterion, using the overall spreads as noise', () => {
  const dropped = compareScorecards(baselineScorecard(), withScores(baselineScorecard(), { overall: 5.5 }));
  assert.equal(dropped.overall.verdict, 'dropped');
  assert.match(dropped.failures[0], /^overall score dropped 7\.0 → 5\.5/);
  const noisy = compareScorecards(withScores(baselineScorecard(), { overall: { score: 7, spread: 1.5 } }), withScores(baselineScorecard(), { overall: 5.5 }));
  assert.equal(noisy.overall.verdict, 'within-noise');
  assert.equal(noisy.passed, true);
});

test('--min-score N applies to the overall score and every criterion', () => {
  const result = compareScorecards(baselineScorecard(), baselineScorecard(), { minScore: 7.5 });
  assert.deepEqual(
    [result.overall, ...result.criteria].map((score) => [score.id, score.verdict, score.failed]),
    [
      ['overall', 'below-min', true],
      ['contrast', 'unchanged', false],
      ['feedback', 'below-min', true],
      ['wording', 'below-min', true],
    ],
  );
  assert.equal(result.failures.length, 3);
  assert.match(result.failures[0], /^overall score is 7\.0, below --min-score 7\.5$/);
});

test('--min-score per criterion and overall=N gate only what they name, and override the blanket minimum', () => {
  const perCriterion = compareScorecards(baselineScorecard(), baselineScorecard(), { minCriterionScores: { contrast: 8.5 } });
  assert.deepEqual(perCriterion.failures, ['Contrast (contrast) is 8.0, below --min-score 8.5']);
  assert.equal(perCriterion.overall.verdict, 'unchanged');

  const overallOnly = compareScorecards(baselineScorecard(), baselineScorecard(), { minCriterionScores: { overall: 7.5 } });
  assert.deepEqual(overallOnly.failures, ['overall score is 7.0, below --min-score 7.5']);

  // A blanket 6 passes everything; wording=6.5 tightens one criterion only; a score equal to its minimum passes.
  const mixed = compareScorecards(baselineScorecard(), baselineScorecard(), { minScore: 6, minCriterionScores: { wording: 6.5, feedback: 7 } });
  assert.deepEqual(mixed.failures, ['Wording (wording) is 6.0, below --min-score 6.5']);
});

test('--min-score naming a criterion neither scorecard has is a ConfigError listing the criteria', () => {
  assert.throws(
    () => compareScorecards(baselineScorecard(), baselineScorecard(), { minCriterionScores: { contrats: 7 } }),
    (error: unknown) => error instanceof ConfigError && /no criterion "contrats".*contrast, feedback, wording/.test(error.message),
  );
});

test('a minimum on a missing current overall score fails rather than passing silently', () => {
  const result = compareScorecards(baselineScorecard(), withScores(baselineScorecard(), { overall: null }), { minScore: 5 });
  assert.equal(result.overall.verdict, 'below-min');
  assert.match(result.failures[0], /overall score has no score in the current scorecard/);
});

test('a critical issue whose title the baseline does not have fails the gate; known titles do not', () => {
  const current = baselineScorecard();
  current.issues.push(
    { severity: 'critical', title: 'Hangs on Ctrl-C', recommendation: 'Handle SIGINT.', frames: [2], prompts: ['clarity'], count: 1 },
    // Same title as the baseline's minor issue, now critical: not new.
    { severity: 'critical', title: 'prompt is TERSE!', recommendation: 'Say more.', frames: [1], prompts: ['clarity'], count: 1 },
    // A new issue that is only major does not fail.
    { severity: 'major', title: 'Colours clash', recommendation: 'Use the theme.', frames: [1], prompts: ['clarity'], count: 1 },
  );
  current.issues[0].title = 'Crash on  empty input.'; // the baseline's critical issue, differently punctuated
  const result = compareScorecards(baselineScorecard(), current);
  assert.deepEqual(result.newCriticalIssues, [{ title: 'Hangs on Ctrl-C', frames: [2], recommendation: 'Handle SIGINT.' }]);
  assert.deepEqual(result.failures, ['new critical issue: Hangs on Ctrl-C (frame 2)']);
  assert.equal(result.passed, false);
  assert.deepEqual(findNewCriticalIssues(current.issues, baselineScorecard().issues), []);
});

test('criteria on one side only are added or removed, listed after the current ones, and do not fail', () => {
  const current = baselineScorecard();
  const wording = current.criteria.pop()!;
  current.criteria.push({ ...wording, id: 'latency', title: 'Latency', score: 3 });
  const result = compareScorecards(baselineScorecard(), current, { minScore: 2 });
  assert.deepEqual(
    result.criteria.map((criterion) => [criterion.id, criterion.verdict, criterion.baseline, criterion.current, criterion.delta, criterion.failed]),
    [
      ['contrast', 'unchanged', 8, 8, 0, false],
      ['feedback', 'unchanged', 7, 7, 0, false],
      ['latency', 'added', null, 3, null, false],
      ['wording', 'removed', 6, null, null, false],
    ],
  );
  assert.equal(result.passed, true);
});

test('scorecards from different models pass with a warning that the scores are not comparable', () => {
  const current = baselineScorecard();
  current.judge.model = 'gpt-5';
  const result = compareScorecards(baselineScorecard(), current);
  assert.equal(result.passed, true);
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0], /different judges \(baseline: openai gpt-4\.1, current: openai gpt-5\): scores are not comparable across models/);
});

test('a baseline recorded with another command, terminal size or pipeline scenario is compared with a warning naming each difference', () => {
  const baseline = baselineScorecard();
  baseline.run.pipeline = { name: 'demo', sha256: 'a'.repeat(64) };
  baseline.run.scenario = 'healthy';
  const current = structuredClone(baseline);
  assert.deepEqual(compareScorecards(baseline, current).warnings, []);

  current.run.command = ['node', 'demo.mjs', '--palette', 'low contrast'];
  current.run.cols = 100;
  current.run.rows = 30;
  current.run.scenario = 'low-contrast';
  const result = compareScorecards(baseline, current);
  assert.equal(result.passed, true);
  assert.deepEqual(result.warnings, [
    'the baseline recorded another command (baseline: node demo.mjs, current: node demo.mjs --palette "low contrast"): the runs may not show the same program',
    'the baseline was recorded in another terminal size (baseline: 80×24, current: 100×30): layouts and screens are not like for like',
    'the baseline is another pipeline scenario (baseline: demo/healthy, current: demo/low-contrast)',
  ]);

  const edited = structuredClone(baseline);
  edited.run.pipeline = { name: 'demo', sha256: 'b'.repeat(64) };
  assert.deepEqual(compareScorecards(baseline, edited).warnings, ['the pipeline file changed since the baseline (demo, sha256 aaaaaaaaaaaa → bbbbbbbbbbbb): its settings may differ']);

  // What one side does not know is not a difference (scorecards of older runs, recordings outside a pipeline).
  const unknown = structuredClone(baseline);
  delete unknown.run.command;
  delete unknown.run.cols;
  delete unknown.run.pipeline;
  delete unknown.run.scenario;
  assert.deepEqual(compareScorecards(unknown, current).warnings, []);
});

test('a recording stopped at its time limit, compared with one whose program exited by itself, is compared with a warning', () => {
  const baseline = baselineScorecard();
  baseline.run.ended = { endedBy: 'exit', exitCode: 0, signal: null };
  const current = structuredClone(baseline);
  current.run.ended = { endedBy: 'timeout', exitCode: null, signal: 'SIGTERM', stoppedWith: 'SIGTERM' };
  assert.deepEqual(compareScorecards(baseline, current).warnings, [
    'the recordings ended differently (baseline: exited with code 0, current: stopped by termaudit with SIGTERM at its time limit): they may not show the same part of the program',
  ]);
  // Two ends of one kind (exit codes aside) are like for like; an end one side does not know is no difference.
  const failed = structuredClone(baseline);
  failed.run.ended = { endedBy: 'exit', exitCode: 1, signal: null };
  assert.deepEqual(compareScorecards(baseline, failed).warnings, []);
  delete failed.run.ended;
  assert.deepEqual(compareScorecards(failed, current).warnings, []);
});

test('a criterion named by --min-score that the current scorecard lost fails; a blanket minimum does not', () => {
  const current = baselineScorecard();
  current.criteria = current.criteria.filter((criterion) => criterion.id !== 'wording');
  const named = compareScorecards(baselineScorecard(), current, { minCriterionScores: { wording: 5 } });
  assert.equal(verdictOf(named, 'wording').verdict, 'below-min');
  assert.deepEqual(named.failures, ['Wording (wording) has no score in the current scorecard, but --min-score asks for at least 5']);
  const blanket = compareScorecards(baselineScorecard(), current, { minScore: 5 });
  assert.equal(verdictOf(blanket, 'wording').verdict, 'removed');
  assert.equal(blanket.passed, true);
});

test('a criterion neither side assessed is reported as not assessed, not as removed', () => {
  const baseline = withScores(baselineScorecard(), { wording: null });
  const current = withScores(baselineScorecard(), { wording: null });
  const result = compareScorecards(baseline, current);
  assert.equal(verdictOf(result, 'wording').verdict, 'not-assessed');
  assert.equal(result.passed, true);
});
