/**
 * "Not applicable" from the judge's answer to the gate: the strict answer schema allows it, samples decide
 * it by majority, the scorecard leaves it out of the overall score, compare and minimum scores never fail
 * on it, and every report shows it apart with its reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerJsonSchema, parseAnswer } from '../../src/evaluate/answer-schema.js';
import { aggregatePrompt } from '../../src/evaluate/aggregate.js';
import type { JudgeAnswer, RubricPrompt } from '../../src/evaluate/types.js';
import { buildScorecard, validateScorecard, type Scorecard } from '../../src/score/index.js';
import { compareScorecards } from '../../src/compare/verdicts.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { renderJunitReport } from '../../src/report/junit-report.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { evaluationOf } from '../fixtures/score/evaluations.js';

const prompt: RubricPrompt = {
  id: 'coordination',
  title: 'Coordination',
  weight: 1,
  criteria: [
    { id: 'voting', title: 'Voting', weight: 1, description: 'votes' },
    { id: 'contrast', title: 'Contrast', weight: 1, description: 'contrast' },
  ],
  body: 'rubric',
  path: '/prompts/coordination.md',
  sha256: '0'.repeat(64),
};

const answer = (voting: { applicable: boolean; score: number | null }, contrast = 8): JudgeAnswer => ({
  criteria: {
    voting: { ...voting, rationale: voting.applicable ? 'votes shown' : 'the program shows no voting', evidence: [] },
    contrast: { applicable: true, score: contrast, rationale: 'fine', evidence: [{ frame: 1, quote: 'text' }] },
  },
  issues: [],
  summary: 's',
});

test('the strict answer schema asks for an applicable flag and allows a null score', () => {
  const schema = answerJsonSchema(prompt) as { properties: { criteria: { properties: Record<string, { properties: Record<string, { type: unknown }>; required: string[] }> } } };
  const voting = schema.properties.criteria.properties.voting!;
  assert.deepEqual(voting.required, ['applicable', 'score', 'rationale', 'evidence']);
  assert.equal(voting.properties.applicable!.type, 'boolean');
  assert.deepEqual(voting.properties.score!.type, ['integer', 'null']);
});

test('a not-applicable answer parses; a not-applicable answer with a score is sent back with the reason', () => {
  const good = parseAnswer(JSON.stringify(answer({ applicable: false, score: null })), prompt, 2);
  assert.ok('answer' in good);
  assert.equal(good.answer.criteria.voting!.applicable, false);
  const bad = parseAnswer(JSON.stringify(answer({ applicable: false, score: 2 })), prompt, 2);
  assert.ok('error' in bad);
  assert.match(bad.error, /criteria\.voting\.score: a criterion that is not applicable has no score/);
  // A server that ignores the strict schema and leaves the flag out: a score means applicable.
  const plain = answer({ applicable: true, score: 5 }) as unknown as { criteria: Record<string, Record<string, unknown>> };
  delete plain.criteria.voting!.applicable;
  const lenient = parseAnswer(plain, prompt, 2);
  assert.ok('answer' in lenient);
  assert.equal(lenient.answer.criteria.voting!.applicable, true);
});

test('samples decide applicability by majority; the score comes from the samples that scored it', () => {
  const na = { applicable: false, score: null };
  const mostlyNa = aggregatePrompt(prompt, [answer(na), answer(na), answer({ applicable: true, score: 6 })]);
  const voting = mostlyNa.criteria.find((item) => item.id === 'voting')!;
  assert.equal(voting.applicable, false);
  assert.equal(voting.score, null);
  assert.equal(voting.rationale, 'the program shows no voting');
  assert.deepEqual(voting.evidence, []);
  const mostlyScored = aggregatePrompt(prompt, [answer(na), answer({ applicable: true, score: 6 }), answer({ applicable: true, score: 8 })]);
  const scored = mostlyScored.criteria.find((item) => item.id === 'voting')!;
  assert.equal(scored.applicable, true);
  assert.equal(scored.score, 7);
  assert.deepEqual(scored.scores, [null, 6, 8]);
});

/** A scorecard where voting does not apply (both prompts say so) and feedback is not applicable for one prompt only. */
function scorecardWithNotApplicable(): Scorecard {
  const evaluation = evaluationOf([
    { id: 'a', criteria: [{ id: 'contrast' }, { id: 'voting', title: 'Voting' }, { id: 'feedback' }], samples: [{ scores: { contrast: 9, voting: 'n/a', feedback: 'n/a' } }] },
    { id: 'b', criteria: [{ id: 'voting', title: 'Voting' }, { id: 'feedback' }], samples: [{ scores: { voting: 'n/a', feedback: 5 } }] },
  ]);
  return validateScorecard(buildScorecard(evaluation, { scorecardDir: '/runs/demo', now: new Date('2026-12-02T00:00:00Z') }), 'test');
}

test('a criterion every prompt finds not applicable is null, left out of the overall score and counted apart', () => {
  const scorecard = scorecardWithNotApplicable();
  const voting = scorecard.criteria.find((item) => item.id === 'voting')!;
  assert.equal(voting.applicable, false);
  assert.equal(voting.score, null);
  assert.match(voting.rationale, /no voting on screen/);
  // One prompt scoring it is enough: feedback applies, with that prompt's score.
  const feedback = scorecard.criteria.find((item) => item.id === 'feedback')!;
  assert.equal(feedback.applicable, true);
  assert.equal(feedback.score, 5);
  assert.deepEqual(feedback.prompts.map((item) => item.applicable), [false, true]);
  assert.equal(scorecard.overall.score, 7);
  assert.equal(scorecard.overall.assessed, 2);
  assert.equal(scorecard.overall.notApplicable, 1);
  assert.equal(scorecard.overall.criteria, 3);
});

test('compare and minimum scores never fail on a criterion that does not apply', () => {
  const current = scorecardWithNotApplicable();
  const baseline = structuredClone(current);
  const voting = baseline.criteria.find((item) => item.id === 'voting')!;
  Object.assign(voting, { applicable: true, score: 9 });
  const result = compareScorecards(baseline, current, { maxDrop: 0.5, minCriterionScores: { voting: 7 } });
  const verdict = result.criteria.find((item) => item.id === 'voting')!;
  assert.equal(verdict.verdict, 'not-applicable');
  assert.equal(verdict.failed, false);
  assert.equal(result.passed, true, result.failures.join('; '));
  // A blanket minimum does not reach it either, while it still holds for the criteria that apply.
  const blanket = compareScorecards(current, current, { minScore: 6 });
  assert.equal(blanket.criteria.find((item) => item.id === 'voting')!.verdict, 'not-applicable');
  assert.deepEqual(blanket.failures, ['Criterion feedback (feedback) is 5.0, below --min-score 6']);
  // One that did not apply in the baseline and applies now has nothing to drop from, and minimums hold.
  const reversed = compareScorecards(current, baseline, { minCriterionScores: { voting: 9.5 } });
  assert.equal(reversed.criteria.find((item) => item.id === 'voting')!.verdict, 'below-min');
});

test('the Markdown and JUnit reports show not-applicable criteria apart, with their reasons', () => {
  const scorecard = scorecardWithNotApplicable();
  const markdown = renderMarkdownReport({ scorecard, frameImages: {}, scorecardHref: '' });
  assert.match(markdown, /2 of 3 criteria assessed · 1 not applicable/);
  assert.match(markdown, /### Not applicable\n\n- \*Voting\* \(`voting`\): a: no voting on screen/);
  assert.doesNotMatch(markdown, /\| Voting \|/);
  const junit = renderJunitReport({ scorecard, minScore: 6 });
  assert.match(junit, /<testcase classname="termaudit.criteria" name="Voting \(voting\)"[^>]*>\s*<skipped message="not applicable: a: no voting on screen"/);
  const html = renderHtmlReport({ scorecard, frameImages: {}, scorecardHref: '' });
  assert.match(html, /<details class="not-applicable" id="not-applicable"><summary>Not applicable \(1\)<\/summary>/);
  assert.match(html, /<li id="criterion-voting"><strong>Voting<\/strong> <span class="muted">\(voting\)<\/span>: a: no voting on screen<\/li>/);
  // Not among the score bars or the scored criteria.
  assert.doesNotMatch(html, /aria-label="Voting:/);
  assert.doesNotMatch(html, /<article class="criterion" id="criterion-voting">/);
});
