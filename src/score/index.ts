/**
 * The score stage: reads evaluation.json (what the judge said, per prompt) and the run's meta.json, and
 * writes `scorecard.json`: one score per criterion, an overall score, the issues and the evidence frames,
 * in the format documented by `schemas/scorecard.schema.json`. `evaluate` runs it after every evaluation;
 * `termaudit score` reruns it. The report and compare stages read scorecards through loadScorecard.
 *
 * Aggregation rules (scores are kept exact and rounded to one decimal only when written):
 * - Per prompt, the judge's k samples are already reduced by evaluate to a median per criterion, with the
 *   spread (max − min) across samples (evaluation.json `results[].criteria[]`).
 * - A criterion scored by several prompts gets the weighted mean of those prompts' medians, each weighted
 *   by prompt weight × the criterion's weight in that prompt (PromptScore.weight). Prompts with a null
 *   score (not assessed, or every call failed) are left out. CriterionScore.weight is the sum of the weights
 *   of the prompts that were averaged (for a criterion nobody assessed: of all its prompts, for display).
 * - overall.score is the weighted mean of the assessed criteria (weight = CriterionScore.weight), capped by
 *   the worst of them that carries weight: a criterion below 3, a critical level, caps it (3 → 10, 2 → 7,
 *   1 → 5.5, linear in between; overallCap in build-scorecard.ts). A mean hides a critical defect: contrast
 *   at 1 among twenty healthy criteria moved it by 0.2, while every screen was unreadable; capped, the
 *   headline says so. The cap is continuous (no step at a threshold), so a criterion that moves a little
 *   moves the overall a little, and it is 10 from 3 up, so healthy runs keep their mean. When the cap lowers the
 *   score, overall.cappedBy names the criterion and overall.mean keeps the mean. Criteria with a null score
 *   (not applicable, not assessed) are left out of both; the overall is null when none was assessed.
 * - sampleSpread = the largest sample spread among the prompts that scored the criterion (the judge's
 *   noise); promptSpread = max − min of those prompts' scores (how much prompts disagree);
 *   overall.spread = weighted mean of the assessed criteria's sampleSpreads. noise = the largest noise
 *   estimate among those prompts, when the judge gives one (the heuristic judge: how far the score could
 *   move between two recordings of the program); absent otherwise.
 * - Issues: deduplicated across prompts and samples by title, ignoring case, spacing and punctuation; the
 *   worst severity wins (with its title and recommendation); frames and prompts are united; count = how
 *   many answers reported it. Ranked by severity, then count (descending), then title.
 * - Evidence: the union over the prompts that answered, one entry per (frame, quote), keeping the first
 *   prompt that cited it; sorted by frame. Rationale: the prompt with the largest weight (the first such).
 * - Applicability: a prompt's answer may say a criterion does not apply (the display has no such element);
 *   evaluate keeps that when more than half of its samples say so. A criterion is not applicable
 *   (`applicable: false`, score null, the rationale of a prompt that said so) when every prompt that
 *   answered says so; otherwise the prompts that scored it decide its score. Not-applicable criteria count
 *   in no overall score (overall.notApplicable counts them), gate or compare verdict.
 * - A prompt whose calls all failed contributes nothing (its criteria may end up null), `complete` is
 *   false, and a warning says so; evaluation.json's warnings are carried over.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { EVALUATION_FILE_NAME, type EvaluationDocument } from '../evaluate/evaluation-document.js';
import { readInputJson, writeJsonFile } from '../files.js';
import { buildScorecard } from './build-scorecard.js';
import { readGitState, readRunMetadata } from './run-metadata.js';
import { SCORECARD_FILE_NAME, type Scorecard } from './types.js';
import { validateScorecard } from './validate-scorecard.js';

export { buildScorecard, cappedOverall, normalizeTitle, overallCap, OVERALL_CAP_ANCHORS, OVERALL_CAP_START, type ScorecardContext } from './build-scorecard.js';
export { readGitState } from './run-metadata.js';
export { validateScorecard, SCORECARD_SCHEMA_URL } from './validate-scorecard.js';
export * from './types.js';


/** ScoreOptions configures `score`. */
export interface ScoreOptions {
  /** Directory of scorecard.json. @default the directory of evaluation.json */
  out?: string;
  /** The scorecard's createdAt. @default new Date() */
  now?: Date;
}

/** ScoreResult is the scorecard and where it was written. */
export interface ScoreResult {
  path: string;
  scorecard: Scorecard;
}

/** isDirectory tells whether a path is an existing directory (false when it does not exist). */
async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** checkEvaluation throws a ConfigError when a value does not have the shape of evaluation.json v1. */
function checkEvaluation(value: unknown, path: string): EvaluationDocument {
  const document = value as Partial<EvaluationDocument> | null;
  const missing = ['input', 'judge', 'totals', 'frames', 'prompts', 'calls', 'results', 'warnings'].filter(
    (key) => typeof document !== 'object' || document === null || !(key in document),
  );
  if (typeof document !== 'object' || document === null || document.version !== 1 || missing.length > 0) {
    throw new ConfigError(
      `${path}: not an evaluation.json of version 1${missing.length > 0 ? ` (missing ${missing.join(', ')})` : ''}; run termaudit evaluate to write one`,
    );
  }
  return document as EvaluationDocument;
}

/** readEvaluation reads evaluation.json from a run directory or its own path. */
export async function readEvaluation(input: string): Promise<{ path: string; evaluation: EvaluationDocument }> {
  const path = resolve((await isDirectory(input)) ? join(input, EVALUATION_FILE_NAME) : input);
  const value = await readInputJson(path, { what: 'the evaluation', missing: 'no such file (give a run directory with evaluation.json, or an evaluation.json; termaudit evaluate writes it)' });
  return { path, evaluation: checkEvaluation(value, path) };
}

/**
 * findRunMetadata looks for meta.json where a run keeps it: the run directory evaluate recorded, the
 * input's directory, then evaluation.json's own directory.
 */
async function findRunMetadata(evaluation: EvaluationDocument, evaluationPath: string) {
  const candidates = [evaluation.input.runDir, dirname(evaluation.input.path), dirname(evaluationPath)].filter((dir): dir is string => dir !== undefined);
  for (const dir of new Set(candidates.map((item) => resolve(item)))) {
    const meta = await readRunMetadata(dir);
    if (meta) return meta;
  }
  return undefined;
}

/**
 * score reads evaluation.json (`input`: its path or a run directory), the run's meta.json and the git
 * state of the recorded command's cwd, and writes scorecard.json atomically.
 */
export async function score(input: string, options: ScoreOptions = {}): Promise<ScoreResult> {
  const { path: evaluationPath, evaluation } = await readEvaluation(input);
  const run = await findRunMetadata(evaluation, evaluationPath);
  const git = run?.cwd !== undefined ? await readGitState(run.cwd) : undefined;
  const scorecardDir = resolve(options.out ?? dirname(evaluationPath));
  const scorecard = buildScorecard(evaluation, { run, git, scorecardDir, now: options.now });
  // A scorecard that breaks its own schema is a bug here, not in the input: better to fail than to write it.
  validateScorecard(scorecard, SCORECARD_FILE_NAME);
  await mkdir(scorecardDir, { recursive: true });
  const path = join(scorecardDir, SCORECARD_FILE_NAME);
  await writeJsonFile(path, scorecard);
  return { path, scorecard };
}

/**
 * loadScorecard reads and validates a scorecard: `input` is a run directory (its scorecard.json) or the
 * path of a scorecard file. Missing or invalid → ConfigError saying what was looked for.
 */
export async function loadScorecard(input: string): Promise<ScoreResult> {
  const path = resolve((await isDirectory(input)) ? join(input, SCORECARD_FILE_NAME) : input);
  const hint =
    basename(path) === SCORECARD_FILE_NAME
      ? `looked for ${SCORECARD_FILE_NAME}; run termaudit evaluate or termaudit score <evaluation.json> to write it`
      : 'give a run directory with scorecard.json, or a scorecard.json';
  const value = await readInputJson(path, { what: 'the scorecard', missing: `no such file (${hint})` });
  return { path, scorecard: validateScorecard(value, path) };
}
