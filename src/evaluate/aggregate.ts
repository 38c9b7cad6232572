/**
 * Pure aggregation of a prompt's k answers (`--samples k`): the median score per criterion, the spread
 * across samples (LLM judges are unstable run to run; the spread is the confidence), the rationale and
 * evidence of the answer closest to the median, and the issues of all answers without duplicates.
 */
import type { CriterionAnswer, Evidence, JudgeAnswer, JudgeIssue, RubricPrompt } from './types.js';
import { ISSUE_SEVERITIES } from './types.js';

/** CriterionResult is one criterion of one prompt over all its samples. */
export interface CriterionResult {
  id: string;
  title: string;
  weight: number;
  /**
   * False when the answers say the criterion does not apply (more than half of the samples that answered
   * say so); the rationale is then the reason. Older evaluation.json files have no flag: applicable.
   */
  applicable?: boolean;
  /** Median of the samples' scores, or null when no sample assessed it (or it is not applicable). */
  score: number | null;
  /** Every sample's score, in sample order (null = not assessed / failed). */
  scores: (number | null)[];
  /** max − min of the assessed scores; 0 with one sample. */
  spread: number;
  /** The largest noise estimate among the samples' answers (see CriterionAnswer.noise); absent when no answer gave one. */
  noise?: number;
  rationale: string;
  evidence: Evidence[];
}

/** PromptResult is the aggregated answer to one prompt. */
export interface PromptResult {
  prompt: string;
  title: string;
  weight: number;
  /** Samples that answered (failed calls are not counted). */
  answered: number;
  criteria: CriterionResult[];
  issues: JudgeIssue[];
  summary: string;
}

/** median returns the median of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * aggregatePrompt combines the answers of one prompt's samples (`undefined` for a sample whose call
 * failed) into a PromptResult.
 */
export function aggregatePrompt(prompt: RubricPrompt, answers: readonly (JudgeAnswer | undefined)[]): PromptResult {
  const answered = answers.filter((answer): answer is JudgeAnswer => answer !== undefined);
  const criteria = prompt.criteria.map((criterion): CriterionResult => {
    const perSample: (CriterionAnswer | undefined)[] = answers.map((answer) => answer?.criteria[criterion.id]);
    const given = perSample.filter((item): item is CriterionAnswer => item !== undefined);
    // Not applicable when most answers say so; a tie is decided by the answers that did score it.
    const notApplicable = given.filter((item) => item.applicable === false);
    const applicable = notApplicable.length * 2 <= given.length;
    const scores = perSample.map((item) => (applicable && item?.applicable !== false ? (item?.score ?? null) : null));
    const assessed = scores.filter((score): score is number => score !== null);
    const score = assessed.length > 0 ? median(assessed) : null;
    // Explain the median with the answer whose score is closest to it (the first such, for determinism);
    // a criterion that does not apply is explained by the first answer that says so.
    let representative: CriterionAnswer | undefined = applicable ? given.find((item) => item.applicable !== false) ?? given[0] : notApplicable[0];
    if (score !== null) {
      let best = Infinity;
      for (const item of perSample) {
        if (item?.score == null) continue;
        const distance = Math.abs(item.score - score);
        if (distance < best) {
          best = distance;
          representative = item;
        }
      }
    }
    const noises = applicable ? given.flatMap((item) => (item.noise === undefined || item.score === null ? [] : [item.noise])) : [];
    return {
      id: criterion.id,
      title: criterion.title,
      weight: criterion.weight,
      applicable,
      score,
      scores,
      spread: assessed.length > 0 ? Math.max(...assessed) - Math.min(...assessed) : 0,
      ...(noises.length > 0 ? { noise: Math.max(...noises) } : {}),
      rationale: representative?.rationale ?? 'no answer',
      evidence: applicable ? (representative?.evidence ?? []) : [],
    };
  });
  return {
    prompt: prompt.id,
    title: prompt.title,
    weight: prompt.weight,
    answered: answered.length,
    criteria,
    issues: mergeIssues(answered.flatMap((answer) => answer.issues)),
    summary: answered[0]?.summary ?? '',
  };
}

/** mergeIssues drops repeated issues (same severity and title, case and spacing ignored), worst severity first. */
export function mergeIssues(issues: readonly JudgeIssue[]): JudgeIssue[] {
  const seen = new Set<string>();
  const unique: JudgeIssue[] = [];
  for (const issue of issues) {
    const key = `${issue.severity}|${issue.title.trim().toLowerCase().replace(/\s+/g, ' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(issue);
  }
  return unique.sort((a, b) => ISSUE_SEVERITIES.indexOf(a.severity) - ISSUE_SEVERITIES.indexOf(b.severity));
}
