/**
 * The pure half of the score stage: evaluation.json (plus what is known about the run) in, a Scorecard
 * out. The aggregation rules are written down in `./index.ts`; this file is their only implementation.
 */
import { interpolate, type Anchors } from '../anchors.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { EvaluationDocument } from '../evaluate/evaluation-document.js';
import { ISSUE_SEVERITIES, type IssueSeverity } from '../evaluate/types.js';
import { TOOL_VERSION } from '../version.js';
import {
  SCORECARD_VERSION,
  type CriterionScore,
  type PipelineIdentity,
  type PromptScore,
  type Scorecard,
  type ScorecardEvidence,
  type ScorecardFrame,
  type ScorecardIssue,
  type IssueLocation,
  type ScorecardJudge,
  type ScorecardRun,
} from './types.js';
import type { RecordingEnd } from '../record/recording-end.js';

/** RunMetadata is what the score stage uses of a run directory's meta.json. */
export interface RunMetadata {
  /** The run directory (absolute). */
  dir: string;
  command?: string[];
  cols?: number;
  rows?: number;
  startedAt?: string;
  durationSeconds?: number;
  /** Where the recorded command ran: the git checkout whose commit is reported. */
  cwd?: string;
  scenario?: string;
  pipeline?: PipelineIdentity;
  /** How the recording ended (endedBy, exitCode, signal, stoppedWith). */
  ended?: RecordingEnd;
}

/** GitState is the commit of the recorded program's working directory. */
export interface GitState {
  commit: string;
  dirty: boolean;
}

/** ScorecardContext is what buildScorecard needs besides evaluation.json. */
export interface ScorecardContext {
  /** meta.json of the run, when there is one. */
  run?: RunMetadata;
  /** The git state of the run's cwd, when it is a git checkout. */
  git?: GitState;
  /** Where scorecard.json goes: frame paths are made relative to it. */
  scorecardDir: string;
  /** The scorecard's createdAt. @default new Date() */
  now?: Date;
}

/** roundTo rounds to `digits` decimals; scores are kept exact until they are written out. */
function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** score1 rounds a score or spread to the one decimal scorecard.json shows. */
const score1 = (value: number) => roundTo(value, 1);
/** weight6 drops floating-point noise from products of weights (0.1 × 3) without losing real precision. */
const weight6 = (value: number) => roundTo(value, 6);

/** weightedMean is Σ wᵢxᵢ / Σ wᵢ, or null when there is nothing to average. */
function weightedMean(items: readonly { value: number; weight: number }[]): number | null {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  if (items.length === 0 || total <= 0) return null;
  return items.reduce((sum, item) => sum + item.value * item.weight, 0) / total;
}

/**
 * OVERALL_CAP_START is the criterion score below which a criterion caps the overall score: at this level and
 * above the overall is the plain weighted mean. A criterion below it is at a critical level, a defect a
 * user meets on every screen (unreadable text, escape debris, boxes for glyphs, a display cut at the
 * terminal's edge), which a mean over many healthy criteria hides. A 3 ("no key hints", "one colour") is a
 * weakness the mean may weigh; it caps nothing, so healthy programs keep their mean.
 */
export const OVERALL_CAP_START = 3;
/**
 * OVERALL_CAP_ANCHORS is the cap's scale, worst criterion → most the overall may be: 3 → 10, 2 → 7,
 * 1 → 5.5, linear in between. Steep right below the start, so a criterion that reaches a critical level
 * takes a healthy overall down by a point or more, and gentler below, so a 1 still leaves room for the
 * rest of the display to be told apart.
 */
export const OVERALL_CAP_ANCHORS = [[1, 5.5], [2, 7], [OVERALL_CAP_START, 10]] as const satisfies Anchors;

/**
 * overallCap is the most the overall score may be when its worst weighted criterion scores `worst`: read
 * from OVERALL_CAP_ANCHORS, 10 (no cap) from OVERALL_CAP_START on. Continuous, so a criterion moving by a
 * little moves the headline by a little. Pure.
 */
export function overallCap(worst: number): number {
  return interpolate(worst, OVERALL_CAP_ANCHORS);
}

/**
 * cappedOverall is the overall score of the assessed criteria (exact scores): their weighted mean, capped
 * by overallCap of the worst one that carries weight. `cappedBy` names that criterion (the first on a tie)
 * and `mean` keeps the uncapped mean when the cap lowered the score; null score when nothing was assessed.
 */
export function cappedOverall(assessed: readonly { id: string; exact: number; weight: number }[]): { score: number | null; mean: number | null; cappedBy?: string } {
  const mean = weightedMean(assessed.map((item) => ({ value: item.exact, weight: item.weight })));
  if (mean === null) return { score: null, mean: null };
  const worst = assessed.filter((item) => item.weight > 0).reduce((low, item) => (item.exact < low.exact ? item : low));
  const cap = overallCap(worst.exact);
  return cap < mean ? { score: cap, mean, cappedBy: worst.id } : { score: mean, mean };
}

/** normalizeTitle is the identity of an issue across prompts: case, spacing and punctuation ignored. */
export function normalizeTitle(title: string): string {
  // Numbers are left out: "12.6% of the text is below 4.5:1" and "14.0% of …" are the same issue,
  // whether two prompts word it so or two runs measure it so.
  return title
    .toLowerCase()
    .replace(/\p{N}+([.,:]\p{N}+)*%?/gu, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

/** InternalCriterion carries the exact (unrounded) numbers until output. */
interface InternalCriterion {
  id: string;
  title: string;
  prompts: { prompt: string; applicable: boolean; score: number | null; spread: number; noise?: number; weight: number; rationale: string; answered: boolean }[];
  evidence: ScorecardEvidence[];
}

/** collectCriteria groups every prompt's result per criterion id, in order of first appearance. */
function collectCriteria(evaluation: EvaluationDocument): InternalCriterion[] {
  const byId = new Map<string, InternalCriterion>();
  for (const result of evaluation.results) {
    const promptWeight = evaluation.prompts.find((prompt) => prompt.id === result.prompt)?.weight ?? result.weight;
    for (const criterion of result.criteria) {
      let entry = byId.get(criterion.id);
      if (!entry) byId.set(criterion.id, (entry = { id: criterion.id, title: criterion.title, prompts: [], evidence: [] }));
      const answered = result.answered > 0;
      const applicable = !answered || criterion.applicable !== false;
      entry.prompts.push({
        prompt: result.prompt,
        applicable,
        // A prompt whose calls all failed says nothing, whatever its result holds.
        score: answered && applicable ? criterion.score : null,
        spread: answered ? criterion.spread : 0,
        ...(answered && applicable && criterion.noise !== undefined ? { noise: criterion.noise } : {}),
        weight: promptWeight * criterion.weight,
        rationale: criterion.rationale,
        answered,
      });
      if (!answered || !applicable) continue;
      for (const item of criterion.evidence) {
        if (entry.evidence.some((seen) => seen.frame === item.frame && seen.quote === item.quote)) continue;
        entry.evidence.push({
          frame: item.frame,
          quote: item.quote,
          prompt: result.prompt,
          ...(item.cells ? { cells: item.cells } : {}),
          ...(item.mark ? { mark: item.mark } : {}),
          ...(item.verified !== undefined ? { verified: item.verified } : {}),
        });
      }
    }
  }
  return [...byId.values()];
}

/** scoreCriterion applies the per-criterion rules to one criterion. */
function scoreCriterion(criterion: InternalCriterion): { output: CriterionScore; exact: number | null; weight: number; sampleSpread: number } {
  const assessed = criterion.prompts.filter((item): item is typeof item & { score: number } => item.score !== null);
  // Not applicable when every prompt that answered says so; a prompt that scored it wins over one that did not.
  const answering = criterion.prompts.filter((item) => item.answered);
  const applicable = answering.length === 0 || answering.some((item) => item.applicable);
  const exact = weightedMean(assessed.map((item) => ({ value: item.score, weight: item.weight })));
  // A criterion nobody assessed keeps its nominal weight for display; it is left out of the overall score anyway.
  const weight = (assessed.length > 0 ? assessed : criterion.prompts).reduce((sum, item) => sum + item.weight, 0);
  const sampleSpread = assessed.length > 0 ? Math.max(...assessed.map((item) => item.spread)) : 0;
  const noises = assessed.flatMap((item) => (item.noise === undefined ? [] : [item.noise]));
  const scores = assessed.map((item) => item.score);
  const promptSpread = scores.length > 0 ? Math.max(...scores) - Math.min(...scores) : 0;
  // The heaviest prompt explains the score; among unassessed prompts, the one that answered says why.
  const explaining = (assessed.length > 0 ? assessed : applicable ? answering.filter((item) => item.applicable) : answering).reduce<(typeof criterion.prompts)[number] | undefined>(
    (best, item) => (best === undefined || item.weight > best.weight ? item : best),
    undefined,
  );
  const prompts: PromptScore[] = criterion.prompts.map((item) => ({
    prompt: item.prompt,
    applicable: item.applicable,
    score: item.score === null ? null : score1(item.score),
    spread: score1(item.spread),
    ...(item.noise !== undefined ? { noise: score1(item.noise) } : {}),
    weight: weight6(item.weight),
  }));
  const evidence = [...criterion.evidence].sort((a, b) => a.frame - b.frame);
  return {
    output: {
      id: criterion.id,
      title: criterion.title,
      weight: weight6(weight),
      applicable,
      score: exact === null ? null : score1(exact),
      sampleSpread: score1(sampleSpread),
      ...(noises.length > 0 ? { noise: score1(Math.max(...noises)) } : {}),
      promptSpread: score1(promptSpread),
      prompts,
      rationale: explaining?.rationale ?? 'not assessed: no prompt answered',
      evidence,
    },
    exact,
    weight,
    sampleSpread,
  };
}

/** severityRank orders severities worst first. */
const severityRank = (severity: IssueSeverity) => ISSUE_SEVERITIES.indexOf(severity);

/**
 * collectIssues deduplicates the issues of every answer (all prompts, all samples) by normalized title and
 * ranks them: severity, then how many answers reported the issue, then title.
 */
export function collectIssues(evaluation: Pick<EvaluationDocument, 'calls'>): ScorecardIssue[] {
  const byTitle = new Map<string, ScorecardIssue & { frameSet: Set<number>; locations: IssueLocation[] }>();
  for (const call of evaluation.calls) {
    if (call.status !== 'ok' || !call.answer) continue;
    const counted = new Set<string>();
    for (const issue of call.answer.issues) {
      const key = normalizeTitle(issue.title);
      let entry = byTitle.get(key);
      if (!entry) {
        entry = { severity: issue.severity, title: issue.title.trim(), recommendation: issue.recommendation, frames: [], locations: [], prompts: [], count: 0, frameSet: new Set() };
        byTitle.set(key, entry);
      } else if (severityRank(issue.severity) < severityRank(entry.severity)) {
        // The worst report wins, with its own words.
        entry.severity = issue.severity;
        entry.title = issue.title.trim();
        entry.recommendation = issue.recommendation;
      }
      if (issue.frame !== null) {
        entry.frameSet.add(issue.frame);
        const quote = issue.quote?.trim() ?? '';
        if ((quote !== '' || issue.cells) && !entry.locations.some((seen) => seen.frame === issue.frame && (seen.quote ?? '') === quote)) {
          entry.locations.push({
            frame: issue.frame,
            ...(quote !== '' ? { quote } : {}),
            ...(issue.cells ? { cells: issue.cells } : {}),
            ...(issue.mark ? { mark: issue.mark } : {}),
            ...(issue.verified !== undefined ? { verified: issue.verified } : {}),
          });
        }
      }
      if (!entry.prompts.includes(call.prompt)) entry.prompts.push(call.prompt);
      // An answer listing the same issue twice is still one answer reporting it.
      if (!counted.has(key)) {
        counted.add(key);
        entry.count++;
      }
    }
  }
  return [...byTitle.values()]
    .map(({ frameSet, locations, ...issue }) => ({
      ...issue,
      frames: [...frameSet].sort((a, b) => a - b),
      ...(locations.length > 0 ? { locations: locations.sort((a, b) => a.frame - b.frame) } : {}),
    }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count || a.title.localeCompare(b.title, 'en'));
}

/** relativeFile gives a frame's path relative to the scorecard's directory, with forward slashes. */
function relativeFile(file: string, scorecardDir: string): string {
  const path = isAbsolute(file) ? relative(scorecardDir, file) : file;
  return path.split(sep).join('/');
}

/** runOf builds the run section: meta.json first, evaluation.json for what meta.json lacks. */
function runOf(evaluation: EvaluationDocument, context: ScorecardContext): ScorecardRun {
  const meta = context.run;
  const dir = meta?.dir ?? evaluation.input.runDir;
  const cols = meta?.cols ?? evaluation.input.cols;
  const rows = meta?.rows ?? evaluation.input.rows;
  // Absent facts are left out rather than written as null: the schema marks them optional.
  return {
    ...(dir !== undefined && { dir: resolve(dir) }),
    ...(meta?.command && { command: meta.command }),
    ...(cols !== undefined && { cols }),
    ...(rows !== undefined && { rows }),
    duration: meta?.durationSeconds ?? evaluation.input.duration,
    ...(meta?.startedAt && { recordedAt: meta.startedAt }),
    input: { path: evaluation.input.path, kind: evaluation.input.kind },
    ...(context.git && { git: { commit: context.git.commit, dirty: context.git.dirty } }),
    ...(meta?.scenario && { scenario: meta.scenario }),
    ...(meta?.pipeline && { pipeline: { name: meta.pipeline.name, sha256: meta.pipeline.sha256 } }),
    ...(meta?.ended && { ended: { ...meta.ended } }),
  };
}

/** judgeOf builds the judge section from evaluation.json's judge, prompts and totals. */
function judgeOf(evaluation: EvaluationDocument): ScorecardJudge {
  const { totals } = evaluation;
  const judge: ScorecardJudge = {
    name: evaluation.judge.name,
    model: evaluation.judge.model,
    samples: evaluation.judge.samples,
    prompts: evaluation.prompts.map((prompt) => ({ id: prompt.id, title: prompt.title, weight: prompt.weight, sha256: prompt.sha256 })),
    calls: totals.calls,
    failedCalls: totals.failed,
    fromCache: totals.fromCache,
    tokens: { input: totals.inputTokens, cachedInput: totals.cachedInputTokens, output: totals.outputTokens },
    costUsd: totals.costUsd,
  };
  if (evaluation.judge.baseURL !== undefined) judge.baseURL = evaluation.judge.baseURL;
  if (evaluation.judge.profile !== undefined) judge.profile = evaluation.judge.profile;
  return judge;
}

/**
 * buildScorecard aggregates an evaluation into a scorecard by the rules in `src/score/index.ts`. Pure:
 * the same evaluation and context always give the same scorecard.
 */
export function buildScorecard(evaluation: EvaluationDocument, context: ScorecardContext): Scorecard {
  const scored = collectCriteria(evaluation).map(scoreCriterion);
  const assessed = scored.filter((item): item is typeof item & { exact: number } => item.exact !== null);
  const notApplicable = scored.filter((item) => !item.output.applicable).length;
  const overall = cappedOverall(assessed.map((item) => ({ id: item.output.id, exact: item.exact, weight: item.weight })));
  const overallSpread = weightedMean(assessed.map((item) => ({ value: item.sampleSpread, weight: item.weight }))) ?? 0;

  const warnings = [...evaluation.warnings];
  for (const result of evaluation.results) {
    if (result.answered === 0) warnings.push(`prompt ${result.prompt}: no call answered, so it contributes nothing to the scores`);
  }
  const frames: ScorecardFrame[] = evaluation.frames.map((frame) => {
    const item: ScorecardFrame = {
      number: frame.number,
      time: frame.time,
      label: frame.label,
      file: relativeFile(frame.file, context.scorecardDir),
      hash: frame.hash,
      width: frame.width,
      height: frame.height,
    };
    if (frame.grid !== undefined) item.grid = frame.grid;
    if (frame.text !== undefined) item.text = frame.text;
    return item;
  });
  return {
    version: SCORECARD_VERSION,
    createdAt: (context.now ?? new Date()).toISOString(),
    tool: { name: 'termaudit', version: TOOL_VERSION },
    complete: evaluation.complete && evaluation.results.every((result) => result.answered > 0),
    run: runOf(evaluation, context),
    judge: judgeOf(evaluation),
    overall: {
      score: overall.score === null ? null : score1(overall.score),
      ...(overall.cappedBy !== undefined && overall.mean !== null ? { cappedBy: overall.cappedBy, mean: score1(overall.mean) } : {}),
      spread: score1(overallSpread),
      assessed: assessed.length,
      notApplicable,
      criteria: scored.length,
    },
    criteria: scored.map((item) => item.output),
    issues: collectIssues(evaluation),
    frames,
    warnings,
  };
}
