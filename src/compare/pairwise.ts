/**
 * `compare --pairwise`: shows the vision judge the frames of both runs side by side and asks which one gives
 * the better user experience. Absolute scores wobble between calls; a direct comparison is steadier, but
 * models favour one position, so the question is asked twice with the runs swapped, and the current run only
 * counts as worse when both orders say so. Each run shows at most PAIRWISE_MAX_FRAMES of its frames (spread
 * evenly, first and last kept), since both runs' frames go into both calls; the estimate is made, and
 * `maxCost` checked, before anything is sent. Requests go through the evaluate stage's vision model.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ConfigError, ExecutionError, InterruptedError, abortSignalName } from '../errors.js';
import { checkCostCap, DEFAULT_MODEL, resolveJudgeSettings, type JudgeSettings } from '../evaluate/judge-settings.js';
import { estimateEvaluationCost, estimateTextTokens, findModel, type ModelInfo } from '../evaluate/models.js';
import { checkModelLifecycle } from '../evaluate/model-lifecycle.js';
import { framesContent, replyText } from '../evaluate/openai-judge.js';
import type { JudgeFrame } from '../evaluate/types.js';
import { createVisionModel, type VisionModel } from '../evaluate/vision-model.js';
import { frameLabel } from '../sample/frame-label.js';
import { pickEvenly } from '../sample/frame-planner.js';
import { checkSetting, wholeNumber } from '../settings.js';
import type { Scorecard } from '../score/types.js';
import type { PairwiseEstimate, PairwiseVerdict } from './types.js';

/** PairwisePreference is the judge's answer: run A, run B, or neither clearly. */
export type PairwisePreference = 'A' | 'B' | 'tie';

/** PairwiseAnswer is the structured reply of one pairwise call. */
export interface PairwiseAnswer {
  preferred: PairwisePreference;
  rationale: string;
}

/** PAIRWISE_SCHEMA_NAME names the response format of pairwise calls. */
export const PAIRWISE_SCHEMA_NAME = 'termaudit_pairwise_v1';

/** PAIRWISE_JSON_SCHEMA is the strict Structured Outputs schema of a pairwise answer. */
export const PAIRWISE_JSON_SCHEMA = {
  type: 'object',
  properties: {
    preferred: { type: 'string', enum: ['A', 'B', 'tie'] },
    rationale: { type: 'string' },
  },
  required: ['preferred', 'rationale'],
  additionalProperties: false,
} as const;

/** PAIRWISE_INSTRUCTIONS are the system instructions of every pairwise call. */
export const PAIRWISE_INSTRUCTIONS = [
  'You are an expert reviewer of the user experience of terminal (command-line and TUI) programs.',
  'You receive frames of two recorded terminal sessions of the same scenario, run A and run B, each in time order. Each image is preceded by its label, "Run A · Frame N · mm:ss.s": the run, the frame number within that run, and seconds since that recording started.',
  'Judge only what is visible in the frames: clarity of the output, feedback and progress, error handling, layout, legibility.',
  'Answer with the JSON object the response schema describes: "preferred" is "A" or "B" for the run with the clearly better user experience, or "tie" when neither is clearly better; "rationale" explains why in two or three sentences, citing frames as "A3" or "B5".',
].join('\n');

/** PAIRWISE_QUESTION is the last message of every pairwise call. */
export const PAIRWISE_QUESTION =
  'Which run, A or B, gives the better user experience? The order in which the runs are shown says nothing about which is better.';

/** pairwiseLabel names a frame of one run for the judge: `Run A · Frame 3 · 00:12.4`. */
export function pairwiseLabel(run: 'A' | 'B', frame: { number: number; time: number }): string {
  return `Run ${run} · ${frameLabel(frame.number, frame.time)}`;
}

/** PairwiseRequestOptions are the request settings of a pairwise call. */
export interface PairwiseRequestOptions {
  model: string;
  /** Only sent when set. @default undefined */
  temperature?: number;
}

/** runContent is one run's part of the user message: a heading, then each frame's label and image. */
function runContent(run: 'A' | 'B', frames: readonly JudgeFrame[]): ChatCompletionContentPart[] {
  const relabelled = frames.map((frame) => ({ ...frame, label: pairwiseLabel(run, frame) }));
  return [{ type: 'text', text: `Run ${run}: ${frames.length} frame${frames.length === 1 ? '' : 's'}` }, ...framesContent(relabelled)];
}

/**
 * buildPairwiseRequest builds the Chat Completions body that shows run A's frames, then run B's (each labelled
 * `Run A · Frame N · mm:ss.s`, high detail), and asks for a strict `{ preferred, rationale }` answer.
 */
export function buildPairwiseRequest(runA: readonly JudgeFrame[], runB: readonly JudgeFrame[], options: PairwiseRequestOptions): ChatCompletionCreateParamsNonStreaming {
  return {
    model: options.model,
    messages: [
      { role: 'system', content: PAIRWISE_INSTRUCTIONS },
      { role: 'user', content: [...runContent('A', runA), ...runContent('B', runB)] },
      { role: 'user', content: PAIRWISE_QUESTION },
    ],
    response_format: { type: 'json_schema', json_schema: { name: PAIRWISE_SCHEMA_NAME, strict: true, schema: PAIRWISE_JSON_SCHEMA } },
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
  };
}

/** parsePairwiseAnswer validates a reply's content; it returns the answer or what is wrong with it. */
export function parsePairwiseAnswer(content: string): { answer: PairwiseAnswer } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(replyText(content));
  } catch {
    return { error: `the reply is not JSON: ${JSON.stringify(content.slice(0, 80))}` };
  }
  const { preferred, rationale } = (value ?? {}) as Record<string, unknown>;
  if (preferred !== 'A' && preferred !== 'B' && preferred !== 'tie') return { error: `"preferred" must be "A", "B" or "tie", got ${JSON.stringify(preferred)}` };
  if (typeof rationale !== 'string') return { error: '"rationale" must be a string' };
  return { answer: { preferred, rationale: rationale.trim() } };
}

/**
 * combinePairwise turns the answers of the two orders into the verdict: in the first call the baseline is
 * run A, in the second the current run is. The current run is worse only when both orders prefer the baseline,
 * so a judge that always picks the first (or the second) position cannot fail the gate.
 */
export function combinePairwise(baselineFirst: PairwiseAnswer, currentFirst: PairwiseAnswer, costUsd: number): PairwiseVerdict {
  const side = (answer: PairwiseAnswer, runA: 'baseline' | 'current'): PairwiseVerdict['baselineFirst'] => {
    if (answer.preferred === 'tie') return 'tie';
    const runB = runA === 'baseline' ? 'current' : 'baseline';
    return answer.preferred === 'A' ? runA : runB;
  };
  const first = side(baselineFirst, 'baseline');
  const second = side(currentFirst, 'current');
  return {
    baselineFirst: first,
    currentFirst: second,
    currentWorse: first === 'baseline' && second === 'baseline',
    rationale: `Baseline shown first (preferred ${first}): ${baselineFirst.rationale}\nCurrent shown first (preferred ${second}): ${currentFirst.rationale}`,
    costUsd,
  };
}

/** LoadedScorecardInput is a scorecard and the path of its scorecard.json (frame files are relative to its directory). */
export interface LoadedScorecardInput {
  path: string;
  scorecard: Scorecard;
}

/**
 * loadScorecardFrames reads the frame PNGs a scorecard lists, at most `maxFrames` of them spread evenly
 * (the first and the last kept); a missing file is a ConfigError naming it.
 */
export async function loadScorecardFrames(input: LoadedScorecardInput, maxFrames: number = Infinity): Promise<JudgeFrame[]> {
  const directory = dirname(input.path);
  if (input.scorecard.frames.length === 0) {
    throw new ConfigError(`--pairwise: ${input.path} lists no frames; evaluate the run from its recording so the scorecard has frames`);
  }
  return Promise.all(
    pickEvenly(input.scorecard.frames, maxFrames).map(async (frame) => {
      const file = resolve(directory, frame.file);
      let png: Buffer;
      try {
        png = await readFile(file);
      } catch (error) {
        throw new ConfigError(`--pairwise: cannot read frame ${frame.number} of ${input.path} (${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); re-run evaluate`, { cause: error });
      }
      return { number: frame.number, time: frame.time, label: frame.label, png, width: frame.width, height: frame.height, hash: frame.hash, text: frame.text };
    }),
  );
}

/**
 * PairwiseOptions configures a pairwise comparison: the judge settings work as in `evaluate` (model,
 * baseURL, apiKey, timeoutMs, maxRetries, and maxCost with price); the judge is always the vision model.
 */
export interface PairwiseOptions extends Omit<JudgeSettings, 'judge'> {
  /** Sampling temperature; only sent when set. @default undefined (the server's default) */
  temperature?: number;
  /** The most frames of each run shown (`--pairwise-frames`), spread evenly over the run. @default PAIRWISE_MAX_FRAMES */
  maxFrames?: number;
  /** Aborts the calls (InterruptedError). @default undefined */
  signal?: AbortSignal;
}

/** PAIRWISE_CALLS is how many requests a pairwise comparison sends: one per order. */
export const PAIRWISE_CALLS = 2;

/** PAIRWISE_MAX_FRAMES is the most frames of each run a pairwise call shows by default: both runs' go into each call. */
export const PAIRWISE_MAX_FRAMES = 6;

/** pairwiseFramesRule is the rule of `--pairwise-frames`: a whole number of frames per run. */
export const pairwiseFramesRule = wholeNumber(1, 50);

/** PAIRWISE_OUTPUT_TOKENS is the expected output of one pairwise call: a preference and a rationale of two or three sentences. */
export const PAIRWISE_OUTPUT_TOKENS = 150;

/**
 * estimatePairwiseCost estimates the two pairwise calls (a pure function): each sends every frame shown of
 * both runs and the question; the orders differ, so no prompt cache is assumed.
 */
export function estimatePairwiseCost(model: ModelInfo, frames: readonly { width: number; height: number }[]): PairwiseEstimate {
  const question = { textTokens: estimateTextTokens(PAIRWISE_QUESTION) };
  const estimate = estimateEvaluationCost({ model, frames, prompts: Array.from({ length: PAIRWISE_CALLS }, () => question), outputTokensPerCall: PAIRWISE_OUTPUT_TOKENS, cacheOrdering: false });
  return { costUsd: estimate.total, calls: estimate.calls, frames: frames.length };
}

/** PreparedPairwise is a pairwise comparison ready to send: its vision model, both runs' frames and, with a known price, its estimate. */
export interface PreparedPairwise {
  model: VisionModel;
  baselineFrames: JudgeFrame[];
  currentFrames: JudgeFrame[];
  estimate?: PairwiseEstimate;
  temperature?: number;
  /** The model's lifecycle warnings (a shutdown within 90 days, a lookup that fell back to the registry). */
  warnings: string[];
}

/**
 * preparePairwise checks the settings and the model's lifecycle, reads both runs' frames and estimates the
 * two calls, before any is sent. Throws a ConfigError for a missing API key or frame file, a model whose
 * shutdown date has come, a cost cap on a model without a known price, or an estimate above the cap
 * (`maxCost`), as evaluate does.
 */
export async function preparePairwise(baseline: LoadedScorecardInput, current: LoadedScorecardInput, options: PairwiseOptions = {}): Promise<PreparedPairwise> {
  const { maxFrames: _maxFrames, temperature: _temperature, signal: _signal, ...judgeSettings } = options;
  const settings = resolveJudgeSettings([{ ...judgeSettings, judge: 'openai' }]);
  const maxFrames = checkSetting(pairwiseFramesRule, options.maxFrames ?? PAIRWISE_MAX_FRAMES, '--pairwise-frames');
  const model = createVisionModel(settings);
  // A model whose shutdown date has come is refused before its frames are even read.
  const { warnings } = await checkModelLifecycle(settings, { signal: options.signal });
  const [baselineFrames, currentFrames] = await Promise.all([loadScorecardFrames(baseline, maxFrames), loadScorecardFrames(current, maxFrames)]);
  const frames = [...baselineFrames, ...currentFrames];
  // A model the registry does not know is sized as the default one (as evaluate does).
  const sizing = model.info ?? findModel(DEFAULT_MODEL)!;
  const listed = baseline.scorecard.frames.length + current.scorecard.frames.length;
  const estimate = model.price ? { ...estimatePairwiseCost({ ...sizing, id: model.id, prices: model.price }, frames), framesListed: listed } : undefined;
  if (estimate) checkCostCap({ ...estimate, frames: frames.length, model: model.id, of: 'the pairwise comparison' }, settings.maxCost, 'raise it, or compare without --pairwise');
  return { model, baselineFrames, currentFrames, ...(estimate ? { estimate } : {}), temperature: options.temperature, warnings };
}

/**
 * comparePairwise asks the judge twice (baseline as run A, then current as run A) and returns the combined
 * verdict with the cost of both calls. Throws what preparePairwise throws, an ExecutionError for a failed
 * call or an invalid reply, a TimeoutError or an InterruptedError.
 */
export async function comparePairwise(baseline: LoadedScorecardInput, current: LoadedScorecardInput, options: PairwiseOptions = {}): Promise<PairwiseVerdict> {
  return askPairwise(await preparePairwise(baseline, current, options), options.signal);
}

/** askPairwise sends a prepared pairwise comparison's two calls, one after the other, and combines their answers. */
export async function askPairwise(prepared: PreparedPairwise, signal?: AbortSignal): Promise<PairwiseVerdict> {
  const { model, baselineFrames, currentFrames } = prepared;
  let costUsd = 0;

  async function ask(runA: readonly JudgeFrame[], runB: readonly JudgeFrame[], order: string): Promise<PairwiseAnswer> {
    const what = `the pairwise comparison (${order})`;
    if (signal?.aborted) throw new InterruptedError(abortSignalName(signal), 'the pairwise comparison interrupted');
    const reply = await model.complete(buildPairwiseRequest(runA, runB, { model: model.id, temperature: prepared.temperature }), what, signal);
    costUsd += reply.costUsd;
    if (reply.refusal) throw new ExecutionError(`${model.id} refused ${what}: ${reply.refusal}`);
    const parsed = parsePairwiseAnswer(reply.content);
    if ('error' in parsed) throw new ExecutionError(`${model.id} gave no valid pairwise answer (${order}): ${parsed.error}`);
    return parsed.answer;
  }

  // Sequential on purpose: the second order's prefix differs anyway, and two calls do not need concurrency.
  const baselineFirst = await ask(baselineFrames, currentFrames, 'baseline shown first');
  const currentFirst = await ask(currentFrames, baselineFrames, 'current shown first');
  const verdict = combinePairwise(baselineFirst, currentFirst, costUsd);
  return prepared.estimate ? { ...verdict, estimate: prepared.estimate } : verdict;
}
