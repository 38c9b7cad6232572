/**
 * What a report puts first, decided once for the HTML and Markdown reports (pure functions over loaded
 * data): the verdict and its one-sentence reason, the criteria a headline score must not hide, the order of
 * the criteria (failing first, then by drop against the baseline, then by score), the top issues, and
 * which criteria get a before-and-after view.
 */
import type { Comparison, ScoreComparison } from '../compare/types.js';
import type { CellRange } from '../evaluate/types.js';
import type { CriterionScore, Scorecard, ScorecardIssue } from '../score/types.js';
import { formatScore } from './score-format.js';
import { compareScorecards } from '../compare/verdicts.js';

/** ReportGate is the quality gate a scenario ran under, when the report is made by a pipeline (or `--min-score`). */
export interface ReportGate {
  /** The gate's failures, each one line (minimums, drops, screens, pairwise); empty when it passed. */
  failures: string[];
  /** The minimum every criterion must reach. */
  minScore?: number;
  /** Minimums per criterion id. */
  minScores?: Record<string, number>;
  /** The scenario is a canary (`expect: fail`): its gate failing is what was expected. */
  expectFail?: boolean;
}

/**
 * reportGateOf is the gate a report's verdict is decided under: the pipeline's, else the minimum score
 * alone with the failures compare's gate finds for it (no gate without either).
 */
export function reportGateOf(gate: ReportGate | undefined, minScore: number | undefined, scorecard: Scorecard): ReportGate | undefined {
  if (gate || minScore === undefined) return gate;
  return { failures: compareScorecards(scorecard, scorecard, { minScore }).failures, minScore };
}

/** VerdictStatus is how a report's first line reads. */
export type VerdictStatus = 'passed' | 'failed' | 'failed-as-expected' | 'not-gated';

/** FlaggedCriterion is a criterion the headline must show beside the overall: it failed the gate, or it is very low. */
export interface FlaggedCriterion {
  id: string;
  title: string;
  score: number | null;
  /** Why it is shown: below its minimum, dropped against the baseline, or so low it caps the overall. */
  reason: string;
  /** It fails the gate (below its minimum or dropped), rather than only being very low. */
  failing: boolean;
}

/** ReportVerdict is the top of a report: passed or failed, why in one sentence, and the criteria shown beside the overall. */
export interface ReportVerdict {
  status: VerdictStatus;
  sentence: string;
  flagged: FlaggedCriterion[];
  criticalIssues: number;
}

/** CRITICAL_SCORE: a criterion below this is shown beside the overall even without a gate (it caps the overall too). */
export const CRITICAL_SCORE = 3;

/** minimumFor returns a criterion's minimum under a gate: its own, else the gate's for every criterion. */
function minimumFor(id: string, gate: ReportGate | undefined, comparison: Comparison | undefined): number | undefined {
  return gate?.minScores?.[id] ?? comparison?.settings.minCriterionScores?.[id] ?? gate?.minScore ?? comparison?.settings.minScore;
}

/** flaggedCriteria lists the criteria a headline must not hide, worst first. */
export function flaggedCriteria(scorecard: Scorecard, comparison: Comparison | undefined, gate: ReportGate | undefined): FlaggedCriterion[] {
  const rows = new Map((comparison?.criteria ?? []).map((row) => [row.id, row]));
  const flagged: FlaggedCriterion[] = [];
  for (const criterion of scorecard.criteria) {
    if (criterion.applicable === false || criterion.score === null) continue;
    const minimum = minimumFor(criterion.id, gate, comparison);
    const row = rows.get(criterion.id);
    if (minimum !== undefined && criterion.score < minimum) {
      const drop = row && row.delta !== null && row.delta < 0 && (row.failed || row.verdict === 'dropped') ? `, down ${formatScore(-row.delta)} from the baseline's ${formatScore(row.baseline)}` : '';
      flagged.push({ id: criterion.id, title: criterion.title, score: criterion.score, reason: `below the minimum of ${formatScore(minimum)}${drop}`, failing: true });
    } else if (row?.verdict === 'dropped') {
      flagged.push({ id: criterion.id, title: criterion.title, score: criterion.score, reason: `dropped ${formatScore(Math.abs(row.delta ?? 0))} against the baseline`, failing: true });
    } else if (criterion.score < CRITICAL_SCORE) {
      flagged.push({ id: criterion.id, title: criterion.title, score: criterion.score, reason: 'so low the text or display cannot be used', failing: false });
    }
  }
  return flagged.sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || a.title.localeCompare(b.title, 'en'));
}

/**
 * reportVerdict decides a report's first line. With a comparison or a gate, it passed or failed; the
 * sentence names the worst failing criteria (at most two) and how many more reasons there are. Without
 * any gate it is `not-gated`, and the sentence names the lowest criterion.
 */
export function reportVerdict(scorecard: Scorecard, comparison: Comparison | undefined, gate: ReportGate | undefined): ReportVerdict {
  const flagged = flaggedCriteria(scorecard, comparison, gate);
  const criticalIssues = scorecard.issues.filter((issue) => issue.severity === 'critical').length;
  const failures = [...new Set([...(gate?.failures ?? []), ...(comparison?.failures ?? [])])];
  const gated = gate !== undefined || comparison !== undefined;
  const named = flagged.filter((item) => item.failing);
  const lead = named.slice(0, 2).map((item) => `${item.title} scored ${formatScore(item.score)}, ${item.reason}`);
  // Failure lines about a criterion already named (its drop and its minimum) are not counted again.
  const otherFailures = failures.filter((line) => !named.some((item) => line.startsWith(`${item.title} (${item.id})`) || line.startsWith(`${item.title}:`))).length;
  if (gated && failures.length > 0) {
    const why = lead.length > 0 ? lead.join('; ') : failures[0]!;
    const more = lead.length > 0 ? otherFailures + Math.max(0, named.length - 2) : failures.length - 1;
    const overall = comparison?.overall;
    const overallNote = lead.length > 0 && overall?.failed && overall.delta !== null ? `; the overall dropped ${formatScore(overall.baseline)} → ${formatScore(overall.current)}` : '';
    const rest = more - (overallNote ? 1 : 0);
    const tail = `${overallNote}${rest > 0 ? ` (and ${rest} more reason${rest === 1 ? '' : 's'})` : ''}`;
    if (gate?.expectFail) return { status: 'failed-as-expected', sentence: `Failed its quality gate, as this canary is meant to: ${why}${tail}.`, flagged, criticalIssues };
    return { status: 'failed', sentence: `Failed its quality gate: ${why}${tail}.`, flagged, criticalIssues };
  }
  if (gated) {
    const what = comparison ? 'no criterion dropped beyond its noise against the baseline' : minimumsMet(scorecard, gate);
    const critical = criticalIssues > 0 ? `, but the judge reported ${criticalIssues} critical issue${criticalIssues === 1 ? '' : 's'}` : '';
    if (gate?.expectFail) return { status: 'failed', sentence: `Passed its quality gate, but this canary is meant to fail it: the gate no longer catches what it should.`, flagged, criticalIssues };
    return { status: 'passed', sentence: `Passed its quality gate: ${what}${critical}.`, flagged, criticalIssues };
  }
  const lowest = [...scorecard.criteria].filter((criterion) => criterion.applicable !== false && criterion.score !== null).sort((a, b) => a.score! - b.score!)[0];
  const low = lowest ? ` The lowest criterion is ${lowest.title} at ${formatScore(lowest.score)}.` : '';
  const critical = criticalIssues > 0 ? ` The judge reported ${criticalIssues} critical issue${criticalIssues === 1 ? '' : 's'}.` : '';
  return { status: 'not-gated', sentence: `No quality gate was set for this report (no baseline, no minimum score).${low}${critical}`, flagged, criticalIssues };
}

/** minimumsMet says which minimums a passed gate checked: the one for every criterion, or each criterion's own. */
function minimumsMet(scorecard: Scorecard, gate: ReportGate | undefined): string {
  if (gate?.minScore !== undefined) return `every criterion is at or above the minimum of ${formatScore(gate.minScore)}`;
  const own = Object.entries(gate?.minScores ?? {}).map(([id, minimum]) => `${scorecard.criteria.find((criterion) => criterion.id === id)?.title ?? id} is at or above its minimum of ${formatScore(minimum)}`);
  return own.length > 0 ? own.join(', ') : 'no minimum was set';
}

/** failingCriteria are the ids of the criteria that fail the gate: below a minimum, or failing against the baseline. */
export function failingCriteria(scorecard: Scorecard, comparison: Comparison | undefined, gate: ReportGate | undefined): Set<string> {
  const failing = new Set(flaggedCriteria(scorecard, comparison, gate).filter((item) => item.failing).map((item) => item.id));
  for (const row of comparison?.criteria ?? []) if (row.failed) failing.add(row.id);
  return failing;
}

/**
 * orderCriteria orders the applicable criteria by what matters: failing ones first (below a minimum or
 * failing against the baseline), then by how far they dropped against the baseline, then by score (lowest
 * first), then as listed. Not-applicable criteria are left out (reports show them apart).
 */
export function orderCriteria(scorecard: Scorecard, comparison: Comparison | undefined, gate: ReportGate | undefined): CriterionScore[] {
  const rows = new Map<string, ScoreComparison>((comparison?.criteria ?? []).map((row) => [row.id, row]));
  const failing = failingCriteria(scorecard, comparison, gate);
  const listed = scorecard.criteria.filter((criterion) => criterion.applicable !== false);
  const position = new Map(listed.map((criterion, index) => [criterion.id, index]));
  const drop = (id: string) => Math.min(0, rows.get(id)?.delta ?? 0);
  return [...listed].sort(
    (a, b) =>
      Number(failing.has(b.id)) - Number(failing.has(a.id)) ||
      drop(a.id) - drop(b.id) ||
      (a.score ?? 11) - (b.score ?? 11) ||
      position.get(a.id)! - position.get(b.id)!,
  );
}

/** IssueFocus is where an issue is shown: a frame and the cells on it (none when its answer quoted nothing found there). */
export interface IssueFocus {
  frame: number;
  cells: CellRange[];
  mark?: string;
}

/** issueFocus picks where to show an issue: its first verified location with cells, else its first frame. */
export function issueFocus(issue: ScorecardIssue): IssueFocus | undefined {
  const located = issue.locations?.find((location) => location.verified !== false && (location.cells?.length ?? 0) > 0);
  if (located) return { frame: located.frame, cells: located.cells!, ...(located.mark ? { mark: located.mark } : {}) };
  const frame = issue.frames[0];
  return frame === undefined ? undefined : { frame, cells: [] };
}

/** TOP_ISSUES is how many issues the top of a report shows with a picture. */
export const TOP_ISSUES = 3;

/** topIssues returns the issues the top of a report shows: the scorecard's ranking (severity, then how often reported), first three. */
export function topIssues(scorecard: Scorecard, count = TOP_ISSUES): ScorecardIssue[] {
  return scorecard.issues.slice(0, count);
}

/** criterionFocus picks where a criterion's evidence is: its first verified evidence with cells, else its first verified one. */
export function criterionFocus(criterion: CriterionScore | undefined): IssueFocus | undefined {
  if (!criterion) return undefined;
  const usable = criterion.evidence.filter((evidence) => evidence.verified !== false);
  const located = usable.find((evidence) => (evidence.cells?.length ?? 0) > 0) ?? usable[0];
  return located ? { frame: located.frame, cells: located.cells ?? [], ...(located.mark ? { mark: located.mark } : {}) } : undefined;
}

/**
 * baselineFocus picks the baseline's view of a criterion: the baseline frame nearest in time to the current
 * evidence (the same moment of the same program, so the two compare like for like), with the baseline's own
 * evidence cells when it cites that frame; without a current time, the baseline's own evidence.
 */
function baselineFocus(baseline: Scorecard | undefined, criterion: CriterionScore | undefined, time: number | undefined): IssueFocus | undefined {
  const own = criterionFocus(criterion);
  if (!baseline || time === undefined || baseline.frames.length === 0) return own;
  const nearest = baseline.frames.reduce((best, frame) => (Math.abs(frame.time - time) < Math.abs(best.time - time) ? frame : best));
  const cells = (criterion?.evidence ?? []).filter((evidence) => evidence.frame === nearest.number && evidence.verified !== false).flatMap((evidence) => evidence.cells ?? []);
  return { frame: nearest.number, cells };
}

/** BeforeAfterPlan is one criterion that dropped against the baseline: where its evidence is in each run. */
export interface BeforeAfterPlan {
  id: string;
  title: string;
  row: ScoreComparison;
  baseline?: IssueFocus;
  current?: IssueFocus;
}

/**
 * beforeAfterPlans lists the criteria that dropped against the baseline (verdict dropped or failed with a
 * lower score), biggest drop first, with where the evidence is in the current scorecard and the baseline's
 * frame of the same moment (baselineFocus).
 */
export function beforeAfterPlans(scorecard: Scorecard, baseline: Scorecard | undefined, comparison: Comparison | undefined): BeforeAfterPlan[] {
  if (!comparison) return [];
  const current = new Map(scorecard.criteria.map((criterion) => [criterion.id, criterion]));
  const before = new Map((baseline?.criteria ?? []).map((criterion) => [criterion.id, criterion]));
  return comparison.criteria
    .filter((row) => row.delta !== null && row.delta < 0 && (row.verdict === 'dropped' || row.failed))
    .sort((a, b) => a.delta! - b.delta!)
    .map((row) => {
      const now = criterionFocus(current.get(row.id));
      return { id: row.id, title: row.title, row, current: now, baseline: baselineFocus(baseline, before.get(row.id), now && scorecard.frames.find((frame) => frame.number === now.frame)?.time) };
    });
}
