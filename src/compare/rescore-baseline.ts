/**
 * `compare --rescore-baseline`: when the baseline was scored by another model than the current run, its
 * scores and the current ones are not comparable, and a model switch reads as a regression. Re-scoring
 * sends the baseline's own frames (the sampled PNGs its scorecard lists) through the evaluate stage again,
 * with the current scorecard's vision model, prompts (the very files, checked by sha256, with the criteria
 * and weights it was scored with) and samples, and scores the answers. The result goes into the compare
 * output (`rescored-baseline/` beside compare.json), never into the baseline's directory, and the gate
 * compares the current run with it. The baseline's frames are sent as they were sampled (scaled into the
 * model's size, as a video's are), not drawn again from screen states, which a scorecard does not keep.
 *
 * decideRescore and the two builders are pure; prepareRescore reads and checks everything (the current
 * evaluation.json, the prompt files, the frame files, the key, the model's lifecycle) before any request,
 * and rescoreBaseline sends the calls.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { EvaluationDocument } from '../evaluate/evaluation-document.js';
import { evaluate, prepareEvaluation, type EvaluateEvent, type EvaluateResult, type JudgeSettings, type PreparedEvaluation } from '../evaluate/index.js';
import { loadPrompts } from '../evaluate/prompts.js';
import type { RubricPrompt } from '../evaluate/types.js';
import { sha256Hex } from '../hash.js';
import { layer } from '../settings.js';
import { FRAMES_FILE_NAME, RESCORED_BASELINE_DIR_NAME } from '../run-files.js';
import type { SampleResult } from '../sample/index.js';
import { readEvaluation, score, type ScoreResult } from '../score/index.js';
import type { Scorecard } from '../score/types.js';
import type { LoadedScorecardInput } from './pairwise.js';

export { RESCORED_BASELINE_DIR_NAME };

/** FLAG is how messages name the setting (`gate.rescoreBaseline` in a pipeline says the same). */
const FLAG = '--rescore-baseline';

/**
 * RescoreBaselineOptions are the connection settings of the re-scoring. The model, prompts and samples are
 * the current scorecard's; the base URL and price default to what its evaluation.json recorded.
 */
export interface RescoreBaselineOptions extends Pick<JudgeSettings, 'baseURL' | 'apiKey' | 'timeoutMs' | 'maxRetries' | 'maxCost' | 'price' | 'cache' | 'cacheDir'> {
  /** Aborts the calls (InterruptedError). @default undefined */
  signal?: AbortSignal;
  /** Hears the evaluate stage's events: the estimate, warnings, each call. @default ignore */
  onEvent?: (event: EvaluateEvent) => void;
}

/** RescoreDecision says whether the baseline is re-scored, with which model, or why not (a note). */
export type RescoreDecision = { rescore: true; model: string } | { rescore: false; note: string };

/**
 * decideRescore decides from the two scorecards' judges: re-score with the current model when the current
 * scorecard is a vision model's and the baseline's judge or model differs; otherwise nothing to do, with a
 * note saying why (the same model already, or a current run the heuristic judge scored).
 */
export function decideRescore(baseline: Scorecard, current: Scorecard): RescoreDecision {
  const label = (scorecard: Scorecard) => `${scorecard.judge.name} ${scorecard.judge.model}`;
  if (current.judge.name !== 'openai') {
    return { rescore: false, note: `${FLAG}: the current scorecard comes from the ${current.judge.name} judge, not a vision model, so there is no model to re-score the baseline with; nothing re-scored` };
  }
  if (baseline.judge.name === current.judge.name && baseline.judge.model === current.judge.model) {
    return { rescore: false, note: `${FLAG}: both scorecards come from ${label(current)}; nothing to re-score` };
  }
  return { rescore: true, model: current.judge.model };
}

/**
 * promptsAsScored returns the prompts the current run was scored with: each loaded prompt file, checked
 * against the sha256 evaluation.json recorded, with the criteria and weight recorded there (the profile's
 * and the user's switches already applied). A file that changed since is a ConfigError.
 */
export function promptsAsScored(loaded: readonly RubricPrompt[], recorded: EvaluationDocument['prompts'], evaluationPath: string): RubricPrompt[] {
  return recorded.map((entry, index) => {
    const prompt = loaded[index];
    if (!prompt || prompt.sha256 !== entry.sha256) {
      throw new ConfigError(`${FLAG}: the prompt file ${entry.path} changed since the current run was scored (${evaluationPath} records sha256 ${entry.sha256.slice(0, 12)}); re-evaluate the current run so both sides are scored with the same prompts`);
    }
    return { ...prompt, weight: entry.weight, criteria: entry.criteria };
  });
}

/**
 * baselineSample describes the frames a baseline scorecard lists as the sample stage would have handed them
 * to evaluate: absolute files (relative to the scorecard's directory), times, sizes, hashes and screen text.
 */
export function baselineSample(baseline: LoadedScorecardInput): SampleResult {
  const directory = dirname(baseline.path);
  const { run } = baseline.scorecard;
  const frames = baseline.scorecard.frames.map((frame) => ({
    number: frame.number,
    file: resolve(directory, frame.file),
    time: frame.time,
    // The video time is not in a scorecard; no judge reads it.
    videoTime: frame.time,
    reason: `frame ${frame.number} of the baseline`,
    hash: frame.hash,
    width: frame.width,
    height: frame.height,
    ...(frame.text !== undefined ? { text: frame.text } : {}),
  }));
  // The sample stage writes frames/NN.png beside frames.json.
  const outDir = frames.length > 0 ? dirname(dirname(frames[0].file)) : directory;
  return {
    source: { kind: run.input.kind, path: run.input.path, ...(run.dir ? { runDir: run.dir } : {}), duration: run.duration, cols: run.cols, rows: run.rows },
    outDir,
    framesFile: join(outDir, FRAMES_FILE_NAME),
    frames,
    candidates: frames.length,
  };
}

/** checkBaselineFrames throws a ConfigError when a frame the baseline lists is missing or is not the image it was scored on. */
async function checkBaselineFrames(sampled: SampleResult, baselinePath: string): Promise<void> {
  const remedy = 'the baseline cannot be re-scored: evaluate it again with the current model, or compare without --rescore-baseline';
  if (sampled.frames.length === 0) throw new ConfigError(`${FLAG}: ${baselinePath} lists no frames; ${remedy}`);
  for (const frame of sampled.frames) {
    let png: Buffer;
    try {
      png = await readFile(frame.file);
    } catch (error) {
      throw new ConfigError(`${FLAG}: frame ${frame.number} of the baseline is missing (${frame.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${remedy}`, { cause: error });
    }
    if (sha256Hex(png) !== frame.hash) throw new ConfigError(`${FLAG}: frame ${frame.number} of the baseline (${frame.file}) is not the image it was scored on (its sha256 differs); ${remedy}`);
  }
}

/** PreparedRescore is a re-scoring ready to send: the baseline's frames, the evaluation prepared with the current model, where it goes. */
export interface PreparedRescore {
  sampled: SampleResult;
  prepared: PreparedEvaluation;
  /** The directory of the re-scored evaluation.json and scorecard.json. */
  out: string;
  /** The baseline's own model (`openai gpt-4.1`, `heuristic heuristic-1`), for the record. */
  from: { path: string; judge: string };
  options: RescoreBaselineOptions;
}

/**
 * prepareRescore decides (decideRescore) and, when the baseline is to be re-scored, checks everything
 * before any call: the current run's evaluation.json (its prompts and settings), the prompt files, the
 * baseline's frame files, the settings and key, and the model's lifecycle (a model whose shutdown date has
 * come is refused, exit 1). Every problem is a ConfigError naming what to do. `outDir` is compare's output.
 */
export async function prepareRescore(
  baseline: LoadedScorecardInput,
  current: LoadedScorecardInput,
  outDir: string,
  options: RescoreBaselineOptions = {},
): Promise<PreparedRescore | { note: string }> {
  const decision = decideRescore(baseline.scorecard, current.scorecard);
  if (!decision.rescore) return { note: decision.note };
  const { path: evaluationPath, evaluation } = await readEvaluation(dirname(current.path)).catch((error: unknown) => {
    throw new ConfigError(`${FLAG}: the current run's evaluation.json is needed for the prompts it was scored with (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  });
  if (evaluation.judge.model !== decision.model || evaluation.prompts.length === 0) {
    throw new ConfigError(`${FLAG}: ${evaluationPath} is not the evaluation ${current.path} was scored from (model ${evaluation.judge.model}, ${evaluation.prompts.length} prompts); score it again with termaudit score`);
  }
  const prompts = promptsAsScored(await loadPrompts(evaluation.prompts.map((prompt) => prompt.path)), evaluation.prompts, evaluationPath);
  const sampled = baselineSample(baseline);
  await checkBaselineFrames(sampled, baseline.path);
  const { signal, onEvent, ...connection } = options;
  // What the current run recorded, under the settings given here (a --base-url or --price given wins).
  const recorded: JudgeSettings = { baseURL: evaluation.judge.baseURL, price: evaluation.judge.price };
  const prepared = await prepareEvaluation({
    ...layer<JudgeSettings>(recorded, connection),
    judge: 'openai',
    model: decision.model,
    samples: evaluation.judge.samples,
    concurrency: evaluation.judge.concurrency,
    // The files load and validate here; the prompts sent are the ones checked above.
    prompts: evaluation.prompts.map((prompt) => prompt.path),
    signal,
    onEvent,
  });
  return {
    sampled,
    prepared: { ...prepared, prompts },
    out: join(outDir, RESCORED_BASELINE_DIR_NAME),
    from: { path: baseline.path, judge: `${baseline.scorecard.judge.name} ${baseline.scorecard.judge.model}` },
    options,
  };
}

/** RescoredBaseline is the re-scored baseline: its scorecard (and path) and the evaluation it was scored from. */
export interface RescoredBaseline extends ScoreResult {
  evaluation: EvaluateResult;
}

/**
 * rescoreBaseline sends the prepared re-scoring through the evaluate stage and scores it. Throws the
 * evaluation's failure (a failed call exits 2, a timeout 3, an interrupt 4): a gate must not pass on a
 * baseline scored in part. The answers received stay in its evaluation.json (and the response cache).
 */
export async function rescoreBaseline(rescore: PreparedRescore): Promise<RescoredBaseline> {
  const evaluated = await evaluate(rescore.sampled, { out: rescore.out, prepared: rescore.prepared, signal: rescore.options.signal, onEvent: rescore.options.onEvent });
  if (evaluated.failure) throw evaluated.failure;
  const scored = await score(evaluated.path);
  return { ...scored, evaluation: evaluated };
}
