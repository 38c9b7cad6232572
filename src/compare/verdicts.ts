/**
 * The pure half of `termaudit compare`: given two scorecards and the gate settings, decide a verdict for the
 * overall score and every criterion, find the new critical issues and list why the gate fails. No files, no
 * network: the effects (loading, screen diffs, the pairwise judge, writing compare.json) live in index.ts.
 */
import { ConfigError } from '../errors.js';
import { formatDelta as formatReportDelta, formatScore as formatReportScore } from '../report/score-format.js';
import { describeRecordingEnd } from '../record/recording-end.js';
import { normalizeTitle } from '../score/build-scorecard.js';
import type { CriterionScore, Scorecard, ScorecardIssue, ScorecardRun } from '../score/types.js';
import type { Comparison, ScoreComparison, ScoreVerdict, ScreenDiff } from './types.js';
import { DEFAULT_MAX_DROP, resolveGateSettings, type GateSettings } from './gate-settings.js';

export { DEFAULT_MAX_DROP, type GateSettings } from './gate-settings.js';

/** OVERALL_ID is the id the overall score goes by in verdicts and in `--min-score overall=7`. */
export const OVERALL_ID = 'overall';

/**
 * SCORE_EPSILON absorbs float error in deltas of one-decimal scores, so that 7.1 − 6.1 counts as exactly 1.0
 * and a drop equal to max-drop (or to the noise) is not a failure.
 */
export const SCORE_EPSILON = 1e-6;

/** ScoreGateResult is what compareScorecards decides: everything of a Comparison that the scorecards alone determine. */
export type ScoreGateResult = Pick<Comparison, 'overall' | 'criteria' | 'newCriticalIssues' | 'passed' | 'failures'> & {
  /** Lines that do not fail the gate but qualify it (e.g. scores from different models). */
  warnings: string[];
};

/** roundScore rounds a score or a delta to the hundredth, so that compare.json shows 1 and not 0.9999999999999991. */
function roundScore(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * classifyDelta names the change of a score present on both sides:
 * - `improved` when delta > maxDrop;
 * - `unchanged` when |delta| ≤ maxDrop;
 * - `dropped` when delta < −maxDrop and |delta| > noise;
 * - `within-noise` when delta < −maxDrop but |delta| ≤ noise (the judge's own noise could explain it: its
 *   spread across samples, or its estimate of how far the score moves between recordings).
 * Comparisons allow SCORE_EPSILON, so a delta equal to a bound counts as on the bound.
 */
export function classifyDelta(delta: number, maxDrop: number, noise: number): 'improved' | 'unchanged' | 'within-noise' | 'dropped' {
  if (delta > maxDrop + SCORE_EPSILON) return 'improved';
  if (delta >= -maxDrop - SCORE_EPSILON) return 'unchanged';
  return Math.abs(delta) > noise + SCORE_EPSILON ? 'dropped' : 'within-noise';
}

/** ScoreSide is one side's score and its noise (see criterionNoise); `applicable: false` when the criterion does not apply there. */
interface ScoreSide {
  score: number | null;
  noise: number;
  applicable?: boolean;
}

/** formatScore shows a score with one decimal, or `–` when missing (the terminal table's narrower dash). */
export function formatScore(score: number | null): string {
  return formatReportScore(score, '–');
}

/** formatDelta shows a delta with its sign, or `–` when missing. */
export function formatDelta(delta: number | null): string {
  return formatReportDelta(delta, '–');
}

/**
 * compareScore compares one score and returns its ScoreComparison plus the failure lines it causes.
 * `minimum` is the threshold for this score (undefined: none); `explicitMinimum` says a `--min-score id=N`
 * named it, so that a missing current score fails rather than slipping through.
 */
function compareScore(
  id: string,
  title: string,
  baseline: ScoreSide | undefined,
  current: ScoreSide | undefined,
  maxDrop: number,
  minimum: number | undefined,
  explicitMinimum: boolean,
): { comparison: ScoreComparison; failures: string[] } {
  const baselineScore = baseline?.score ?? null;
  const currentScore = current?.score ?? null;
  const noise = roundScore(Math.max(baseline?.noise ?? 0, current?.noise ?? 0));
  const delta = baselineScore !== null && currentScore !== null ? roundScore(currentScore - baselineScore) : null;
  const name = id === OVERALL_ID ? 'overall score' : `${title} (${id})`;
  const failures: string[] = [];
  let verdict: ScoreVerdict;
  // A criterion that does not apply now meets any minimum and is no evidence of a change; one that did not
  // apply in the baseline has nothing to drop from (it is compared as added, and minimums still hold).
  if (current?.applicable === false) {
    const comparison: ScoreComparison = { id, title, baseline: baselineScore, current: currentScore, delta: null, noise, verdict: 'not-applicable', failed: false };
    return { comparison, failures };
  }
  if (delta !== null) {
    verdict = classifyDelta(delta, maxDrop, noise);
    if (verdict === 'dropped') {
      failures.push(`${name} dropped ${formatScore(baselineScore)} → ${formatScore(currentScore)} (${formatDelta(delta)}, more than --max-drop ${maxDrop} and the noise ${noise})`);
    }
  } else {
    // A score on one side only is not a regression by itself: a criterion was added, removed or not assessed.
    verdict = currentScore !== null ? 'added' : baselineScore !== null ? 'removed' : 'not-assessed';
  }
  if (minimum !== undefined) {
    if (currentScore !== null && currentScore < minimum - SCORE_EPSILON) {
      verdict = 'below-min';
      failures.push(`${name} is ${formatScore(currentScore)}, below --min-score ${minimum}`);
    } else if (currentScore === null && (explicitMinimum || id === OVERALL_ID)) {
      verdict = 'below-min';
      failures.push(`${name} has no score in the current scorecard, but --min-score asks for at least ${minimum}`);
    }
  }
  const comparison: ScoreComparison = {
    id,
    title,
    baseline: baselineScore,
    current: currentScore,
    delta,
    noise,
    verdict,
    failed: failures.length > 0,
  };
  return { comparison, failures };
}

/**
 * criterionNoise is how far a criterion's score could move without anything changing in the program: the
 * larger of the judge's spread across samples (a model answers differently run to run) and the judge's own
 * noise estimate (the heuristic judge's: how far the score moves between two recordings). A drop within it
 * is within noise; pure.
 */
export function criterionNoise(criterion: Pick<CriterionScore, 'sampleSpread' | 'noise'>): number {
  return Math.max(criterion.sampleSpread, criterion.noise ?? 0);
}

/** criterionSide is a criterion's score and noise. */
function criterionSide(criterion: CriterionScore | undefined): ScoreSide | undefined {
  return criterion ? { score: criterion.score, noise: criterionNoise(criterion), applicable: criterion.applicable !== false } : undefined;
}

/** judgeLabel names who scored a scorecard, e.g. `openai gpt-4.1`. */
function judgeLabel(scorecard: Scorecard): string {
  return `${scorecard.judge.name} ${scorecard.judge.model}`;
}

/** commandLine writes a recorded command for a message, quoting the arguments that hold spaces. */
function commandLine(command: readonly string[]): string {
  return command.map((part) => (/\s|^$/.test(part) ? JSON.stringify(part) : part)).join(' ');
}

/**
 * runDifferences returns lines for differences between what the two runs recorded: the command, the
 * terminal size, the pipeline file and scenario that recorded them, and how the recordings ended. What one
 * side does not know (an older scorecard, a recording made outside a pipeline) is not a difference.
 */
export function runDifferences(baseline: ScorecardRun, current: ScorecardRun): string[] {
  const differences: string[] = [];
  if (baseline.command && current.command && commandLine(baseline.command) !== commandLine(current.command)) {
    differences.push(`the baseline recorded another command (baseline: ${commandLine(baseline.command)}, current: ${commandLine(current.command)}): the runs may not show the same program`);
  }
  const size = (run: ScorecardRun) => (run.cols !== undefined && run.rows !== undefined ? `${run.cols}×${run.rows}` : undefined);
  if (size(baseline) && size(current) && size(baseline) !== size(current)) {
    differences.push(`the baseline was recorded in another terminal size (baseline: ${size(baseline)}, current: ${size(current)}): layouts and screens are not like for like`);
  }
  const where = (run: ScorecardRun) => (run.pipeline ? `${run.pipeline.name}${run.scenario ? `/${run.scenario}` : ''}` : undefined);
  if (where(baseline) && where(current) && where(baseline) !== where(current)) {
    differences.push(`the baseline is another pipeline scenario (baseline: ${where(baseline)}, current: ${where(current)})`);
  } else if (baseline.pipeline && current.pipeline && baseline.pipeline.sha256 !== current.pipeline.sha256) {
    differences.push(`the pipeline file changed since the baseline (${current.pipeline.name}, sha256 ${baseline.pipeline.sha256.slice(0, 12)} → ${current.pipeline.sha256.slice(0, 12)}): its settings may differ`);
  }
  // A recording cut off at its time limit may not reach the screens the other one shows.
  if (baseline.ended && current.ended && baseline.ended.endedBy !== current.ended.endedBy) {
    differences.push(
      `the recordings ended differently (baseline: ${describeRecordingEnd(baseline.ended)}, current: ${describeRecordingEnd(current.ended)}): they may not show the same part of the program`,
    );
  }
  return differences;
}

/**
 * comparabilityWarnings returns lines for differences that make the scores not comparable: the judge and
 * model, the prompts, incomplete scorecards, and what the runs recorded (runDifferences).
 */
export function comparabilityWarnings(baseline: Scorecard, current: Scorecard): string[] {
  const warnings: string[] = [];
  if (baseline.judge.name !== current.judge.name || baseline.judge.model !== current.judge.model) {
    // A vision model can score the baseline's frames again (rescore-baseline.ts); the heuristic judge would need the recording.
    const remedy =
      current.judge.name === 'openai'
        ? `re-score the baseline's frames with ${current.judge.model} (compare --rescore-baseline; gate.rescoreBaseline in a pipeline), or re-evaluate both with the same --model`
        : 're-evaluate both with the same --model';
    warnings.push(`the scorecards come from different judges (baseline: ${judgeLabel(baseline)}, current: ${judgeLabel(current)}): scores are not comparable across models; ${remedy}`);
  }
  const promptKey = (scorecard: Scorecard) =>
    scorecard.judge.prompts
      .map((prompt) => `${prompt.id}@${prompt.sha256}`)
      .sort()
      .join(',');
  if (promptKey(baseline) !== promptKey(current)) {
    warnings.push('the scorecards were scored with different prompts (ids or texts differ): criteria may not mean the same on both sides');
  }
  if (!baseline.complete) warnings.push('the baseline scorecard is incomplete (some judge calls failed)');
  if (!current.complete) warnings.push('the current scorecard is incomplete (some judge calls failed)');
  warnings.push(...runDifferences(baseline.run, current.run));
  return warnings;
}

/**
 * findNewCriticalIssues returns the critical issues of `current` whose title no baseline issue (of any severity)
 * has, titles compared as the scorecard deduplicates them (normalizeTitle: case, spacing, punctuation ignored).
 */
export function findNewCriticalIssues(baseline: readonly ScorecardIssue[], current: readonly ScorecardIssue[]): Comparison['newCriticalIssues'] {
  const known = new Set(baseline.map((issue) => normalizeTitle(issue.title)));
  return current
    .filter((issue) => issue.severity === 'critical' && !known.has(normalizeTitle(issue.title)))
    .map((issue) => ({ title: issue.title, frames: [...issue.frames], recommendation: issue.recommendation }));
}

/**
 * compareScorecards decides the score gate: a verdict for the overall score and each criterion (criteria of
 * the current scorecard in its order, then those only the baseline has), the new critical issues, the failure
 * lines and the warnings. Throws a ConfigError when `--min-score` names a criterion neither scorecard has
 * (a typo would otherwise silently gate nothing).
 */
export function compareScorecards(baseline: Scorecard, current: Scorecard, settings: GateSettings = {}): ScoreGateResult {
  const { maxDrop, minScore, minCriterionScores: named = {} } = resolveGateSettings(settings);
  const baselineCriteria = new Map(baseline.criteria.map((criterion) => [criterion.id, criterion]));
  const currentCriteria = new Map(current.criteria.map((criterion) => [criterion.id, criterion]));
  const unknown = Object.keys(named).filter((id) => id !== OVERALL_ID && !baselineCriteria.has(id) && !currentCriteria.has(id));
  if (unknown.length > 0) {
    const known = [...new Set([...currentCriteria.keys(), ...baselineCriteria.keys()])].join(', ');
    throw new ConfigError(`--min-score: no criterion "${unknown[0]}" in either scorecard (criteria: ${known || 'none'}; or use overall=N)`);
  }
  const minimumOf = (id: string) => named[id] ?? minScore;
  const failures: string[] = [];

  const overall = compareScore(
    OVERALL_ID,
    'Overall',
    { score: baseline.overall.score, noise: baseline.overall.spread },
    { score: current.overall.score, noise: current.overall.spread },
    maxDrop,
    minimumOf(OVERALL_ID),
    OVERALL_ID in named,
  );
  failures.push(...overall.failures);

  const ids = [...currentCriteria.keys(), ...[...baselineCriteria.keys()].filter((id) => !currentCriteria.has(id))];
  const criteria: ScoreComparison[] = [];
  for (const id of ids) {
    const before = baselineCriteria.get(id);
    const after = currentCriteria.get(id);
    const result = compareScore(id, (after ?? before)!.title, criterionSide(before), criterionSide(after), maxDrop, minimumOf(id), id in named);
    criteria.push(result.comparison);
    failures.push(...result.failures);
  }

  const newCritical = findNewCriticalIssues(baseline.issues, current.issues);
  for (const issue of newCritical) {
    const frames = issue.frames.length > 0 ? ` (frame${issue.frames.length === 1 ? '' : 's'} ${issue.frames.join(', ')})` : '';
    failures.push(`new critical issue: ${issue.title}${frames}`);
  }

  return {
    overall: overall.comparison,
    criteria,
    newCriticalIssues: newCritical,
    passed: failures.length === 0,
    failures,
    warnings: comparabilityWarnings(baseline, current),
  };
}

/**
 * GateFailureCounts counts a gate's failures by kind. A score under its minimum fails with no baseline at
 * all, a drop is a regression against the baseline: messages keep them apart. One score can be both.
 */
export interface GateFailureCounts {
  /** Scores under their minimum score (`--min-score`, `gate.minScore(s)`), or without the score a minimum asks for. */
  belowMinimum: number;
  /** Scores that dropped against the baseline beyond `--max-drop` and the noise (regressions). */
  dropped: number;
  /** Critical issues the baseline does not have. */
  newCriticalIssues: number;
  /** Screens that changed beyond `--max-diff-pixels`/`--max-diff-ratio`. */
  screens: number;
  /** The rest, all pairwise: the judge preferred the baseline, or the pairwise comparison failed. */
  other: number;
}

/** GateOutcome is what countGateFailures reads: a comparison, or the score gate of a scorecard with itself (no screens, no settings). */
export type GateOutcome = Pick<Comparison, 'overall' | 'criteria' | 'newCriticalIssues' | 'failures'> & { settings?: Pick<Comparison['settings'], 'maxDrop'>; screens?: readonly Pick<ScreenDiff, 'failed'>[] };

/**
 * countGateFailures counts the gate's failures by kind from its verdicts (pure). A score below its minimum
 * that also dropped (its verdict is `below-min`) counts as both, as its two failure lines say; what the
 * verdicts do not account for (pairwise) is `other`.
 */
export function countGateFailures(gate: GateOutcome): GateFailureCounts {
  const maxDrop = gate.settings?.maxDrop ?? DEFAULT_MAX_DROP;
  const scores = [gate.overall, ...gate.criteria];
  const dropped = (score: ScoreComparison) =>
    score.verdict === 'dropped' || (score.verdict === 'below-min' && score.delta !== null && classifyDelta(score.delta, maxDrop, score.noise) === 'dropped');
  const counts = {
    belowMinimum: scores.filter((score) => score.verdict === 'below-min').length,
    dropped: scores.filter(dropped).length,
    newCriticalIssues: gate.newCriticalIssues.length,
    screens: (gate.screens ?? []).filter((screen) => screen.failed).length,
  };
  const counted = counts.belowMinimum + counts.dropped + counts.newCriticalIssues + counts.screens;
  return { ...counts, other: Math.max(0, gate.failures.length - counted) };
}

/** addGateFailureCounts adds up the counts of several gates (a scenario's minimums and its comparison). */
export function addGateFailureCounts(...all: readonly GateFailureCounts[]): GateFailureCounts {
  const sum = (pick: (counts: GateFailureCounts) => number) => all.reduce((total, counts) => total + pick(counts), 0);
  return { belowMinimum: sum((c) => c.belowMinimum), dropped: sum((c) => c.dropped), newCriticalIssues: sum((c) => c.newCriticalIssues), screens: sum((c) => c.screens), other: sum((c) => c.other) };
}

/**
 * describeGateFailures says what failed a gate, by kind and with counts, e.g. `2 scores below the minimum
 * score, 1 score dropped against the baseline` (what `quality gate failed:` is followed by everywhere).
 */
export function describeGateFailures(counts: GateFailureCounts): string {
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const parts = [
    ...count(counts.belowMinimum, 'score below the minimum score', 'scores below the minimum score'),
    ...count(counts.dropped, 'score dropped against the baseline', 'scores dropped against the baseline'),
    ...count(counts.newCriticalIssues, 'new critical issue', 'new critical issues'),
    ...count(counts.screens, 'screen changed beyond the allowed difference', 'screens changed beyond the allowed difference'),
    ...count(counts.other, 'pairwise failure', 'pairwise failures'),
  ];
  return parts.length > 0 ? parts.join(', ') : 'no failure';
}

/** gateHeadline is the one line a failed gate is reported with: `quality gate failed: <describeGateFailures>`. */
export function gateHeadline(counts: GateFailureCounts): string {
  return `quality gate failed: ${describeGateFailures(counts)}`;
}
