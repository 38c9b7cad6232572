/**
 * Scorecards with as many criteria as a real rubric (19), for the history chart and the run report at
 * scale: the report fixture's scorecard with its criteria replaced by `count` of its first one, each with
 * its own id, title and score (valid against the schema).
 */
import { validateScorecard } from '../../src/score/index.js';
import type { Scorecard } from '../../src/score/types.js';
import { syntheticFrames } from './pure-fixture.js';
import { buildScorecard } from './report-fixture.js';

/** CRITERIA_TITLES are 19 criterion titles as a UX rubric words them. */
export const CRITERIA_TITLES = [
  'Clarity & wording', 'Feedback', 'Error messages', 'Accessibility', 'Contrast', 'Colour use', 'Layout', 'Alignment',
  'Density', 'Progress', 'Responsiveness', 'Help text', 'Keyboard hints', 'Consistency', 'Recovery', 'Defaults',
  'Discoverability', 'Focus', 'Exit behaviour',
];

/** criterionId turns a title into an id (`Clarity & wording` → `clarity-wording`). */
export function criterionId(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * manyCriteriaScorecard builds a valid scorecard with one criterion per score (titles from CRITERIA_TITLES,
 * in order), recorded at `at`, with the given overall score.
 */
export function manyCriteriaScorecard(scores: readonly (number | null)[], overall: number | null, at = '2026-11-20T09:59:00.000Z'): Scorecard {
  const base = buildScorecard(syntheticFrames(), { recordedAt: at, overall });
  const template = base.criteria[0]!;
  const criteria = scores.map((score, index) => {
    const title = CRITERIA_TITLES[index] ?? `Criterion ${index + 1}`;
    return { ...structuredClone(template), id: criterionId(title), title, score, sampleSpread: score === null ? 0 : 0.2, prompts: [{ ...template.prompts[0]!, score, spread: score === null ? 0 : 0.2 }] };
  });
  return validateScorecard({ ...base, criteria, overall: { ...base.overall, criteria: criteria.length, assessed: criteria.filter((criterion) => criterion.score !== null).length } }, 'many-criteria fixture');
}
