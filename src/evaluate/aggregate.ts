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
  /** Median of the samples' scores, or null when no sample assessed it. */
  score: number | null;
  /** Every sample's score, in sample order (null = not assessed / failed). */
  scores: (number | null)[];
  /** max − min of the assessed scores; 0 with one sample. */
  spread: number;
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
    const scores = perSample.map((item) => item?.score ?? null);
    const assessed = scores.filter((score): score is number => score !== null);
    const score = assessed.length > 0 ? median(assessed) : null;
    // Explain the median with the answer whose score is closest to it (the first such, for determinism).
    let representative: CriterionAnswer | undefined = perSample.find((item) => item !== undefined);
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
    return {
      id: criterion.id,
      title: criterion.title,
      weight: criterion.weight,
      score,
      scores,
      spread: assessed.length > 0 ? Math.max(...assessed) - Math.min(...assessed) : 0,
      rationale: representative?.rationale ?? 'no answer',
      evidence: representative?.evidence ?? [],
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
