/**
 * The evaluate stage: samples the frames worth looking at, has a judge score them against rubric prompts
 * and writes `evaluation.json` (per prompt: the median score of each criterion over `samples` answers,
 * the spread, rationale, evidence frames and issues; per call: tokens, cost and latency). The scorecard
 * stage reads that file.
 *
 * Judges: the OpenAI-compatible vision judge (`openai`, GPT-4.1 by default, any server by base URL) and the
 * offline `heuristic` judge; `auto` picks openai when an API key is set. Calls run concurrently in a
 * p-queue. evaluation.json is rewritten after every call, so the answers already paid for survive a
 * failure or Ctrl-C.
 */
import { dirname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import PQueue from 'p-queue';
import { ConfigError, ExecutionError, InterruptedError, TermauditError, TimeoutError, abortSignalName } from '../errors.js';
import { writeJsonFile } from '../json-file.js';
import { defaultSampleDir, openSampleInput, sample, type SampleOptions, type SampleResult } from '../sample/index.js';
import { score, type Scorecard } from '../score/index.js';
import { TOOL_VERSION } from '../version.js';
import { aggregatePrompt, type PromptResult } from './aggregate.js';
import { createHeuristicJudge } from './heuristic/index.js';
import { judgeFramesOf } from './judge-frames.js';
import { apiImageSize, DEFAULT_MODEL, estimateEvaluationCost, estimateTextTokens, findModel, shutdownWarning } from './models.js';
import { createOpenAIJudge, rubricText } from './openai-judge.js';
import { loadPrompts } from './prompts.js';
import { ResponseCache } from './response-cache.js';
import type { AskResult, Judge, JudgeAnswer, JudgeFrame, JudgeName, JudgeUsage, RubricPrompt } from './types.js';

/** EVALUATION_FILE_NAME is the file evaluate writes into the run directory. */
export const EVALUATION_FILE_NAME = 'evaluation.json';

export { DEFAULT_MODEL };

/** JudgeChoice is `--judge`: a judge, or `auto` (openai when an API key is set, else heuristic). */
export type JudgeChoice = JudgeName | 'auto';

/** EvaluateOptions configures one evaluation. */
export interface EvaluateOptions {
  /** Which judge scores the frames. @default 'auto' */
  judge?: JudgeChoice;
  /** Vision model id. @default 'gpt-4.1' */
  model?: string;
  /** Base URL of an OpenAI-compatible API. @default process.env.OPENAI_BASE_URL, else OpenAI's */
  baseURL?: string;
  /** API key. @default process.env.OPENAI_API_KEY */
  apiKey?: string;
  /** Prompt files. @default every prompt in the package's prompts/ directory (none when only `ask` is given) */
  prompts?: readonly string[];
  /** A free question answered in free text, like MassGen's understand_video. */
  ask?: string;
  /** Independent answers per prompt; the median is kept and the spread reported. @default 1 */
  samples?: number;
  /** Calls in flight at once. @default 4 */
  concurrency?: number;
  /** Per-call timeout in ms (the SDK retries timeouts). @default 120000 */
  timeoutMs?: number;
  /** Retries of a failed HTTP call (429, 5xx, timeouts), honouring retry-after. @default 3 */
  maxRetries?: number;
  /** Refuse to start when the estimated cost in USD is above this. */
  maxCost?: number;
  /** Use the on-disk response cache (a repeated evaluation costs nothing). @default true */
  cache?: boolean;
  /** Directory of the response cache. @default $TERMAUDIT_CACHE_DIR, $XDG_CACHE_HOME/termaudit/evaluations or ~/.cache/termaudit/evaluations */
  cacheDir?: string;
  /** Sampling options (strategies, frame cap, theme). */
  sample?: SampleOptions;
  /** Directory of evaluation.json. @default the run directory (the cast's), or the sample directory of a video */
  out?: string;
  signal?: AbortSignal;
  /** Receives what happens, for progress displays. */
  onEvent?: (event: EvaluateEvent) => void;
  /** Today, for model shutdown warnings. @default new Date() */
  today?: Date;
}

/** EvaluateEvent is a progress event of an evaluation. */
export type EvaluateEvent =
  | { type: 'start'; outDir: string }
  | { type: 'judge'; judge: JudgeName; model: string; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'sampled'; frames: number; outDir: string }
  | { type: 'estimate'; costUsd: number; calls: number; cachedCostUsd?: number; fromCache: number }
  | { type: 'call'; prompt: string; sample: number; done: number; total: number; usage?: JudgeUsage; error?: string };

/** CallRecord is one judge call in evaluation.json. */
export interface CallRecord {
  prompt: string;
  sample: number;
  status: 'ok' | 'failed' | 'skipped';
  answer?: JudgeAnswer;
  usage?: JudgeUsage;
  error?: string;
}

/** EvaluationDocument is the content of evaluation.json. */
export interface EvaluationDocument {
  version: 1;
  tool: { name: 'termaudit'; version: string };
  createdAt: string;
  /** True when every call answered. */
  complete: boolean;
  input: { path: string; kind: 'cast' | 'video'; runDir?: string; duration: number; cols?: number; rows?: number };
  sample: { framesFile: string; outDir: string; candidates: number };
  judge: { name: JudgeName; model: string; reason: string; baseURL?: string; samples: number; concurrency: number };
  frames: { number: number; time: number; label: string; file: string; hash: string; width: number; height: number; sent: { width: number; height: number; hash: string }; text?: string }[];
  prompts: { id: string; title: string; weight: number; path: string; sha256: string; criteria: RubricPrompt['criteria'] }[];
  estimate?: { costUsd: number; costWithoutPromptCacheUsd: number; inputTokens: number; outputTokens: number };
  calls: CallRecord[];
  results: PromptResult[];
  ask?: { question: string; text?: string; usage?: JudgeUsage; error?: string };
  totals: { calls: number; failed: number; fromCache: number; inputTokens: number; cachedInputTokens: number; outputTokens: number; costUsd: number; wallMs: number };
  warnings: string[];
}

/** EvaluateResult is what evaluate returns: the document and where it was written. */
export interface EvaluateResult {
  path: string;
  /** scorecard.json, written beside evaluation.json. */
  scorecardPath: string;
  /** What scorecard.json holds. */
  scorecard: Scorecard;
  document: EvaluationDocument;
  sample: SampleResult;
}

/** chooseJudge resolves `auto`: openai when an API key is set, else heuristic; returns the reason too. */
export function chooseJudge(choice: JudgeChoice, apiKey: string | undefined): { judge: JudgeName; reason: string } {
  if (choice === 'heuristic') return { judge: 'heuristic', reason: '--judge heuristic' };
  if (choice === 'openai') return { judge: 'openai', reason: '--judge openai' };
  return apiKey
    ? { judge: 'openai', reason: 'auto: OPENAI_API_KEY is set' }
    : { judge: 'heuristic', reason: 'auto: OPENAI_API_KEY is not set, so the offline heuristic judge scores the frames' };
}

/** totalsOf sums the usage of the calls. */
function totalsOf(calls: readonly CallRecord[], askUsage: JudgeUsage | undefined, wallMs: number): EvaluationDocument['totals'] {
  const usages = calls.map((call) => call.usage).filter((usage): usage is JudgeUsage => usage !== undefined);
  if (askUsage) usages.push(askUsage);
  const sum = (pick: (usage: JudgeUsage) => number) => usages.reduce((total, usage) => total + pick(usage), 0);
  return {
    calls: calls.length + (askUsage ? 1 : 0),
    failed: calls.filter((call) => call.status === 'failed').length,
    fromCache: usages.filter((usage) => usage.fromCache).length,
    inputTokens: sum((usage) => usage.inputTokens),
    cachedInputTokens: sum((usage) => usage.cachedInputTokens),
    outputTokens: sum((usage) => usage.outputTokens),
    costUsd: Math.round(sum((usage) => usage.costUsd) * 1e6) / 1e6,
    wallMs,
  };
}

/** errorText is the one-line message of an error. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * evaluate samples `input` (a run directory, a cast or a video), scores the frames with every prompt and
 * writes evaluation.json. Failed calls are recorded and reported as an ExecutionError after the others
 * finished; a rejected key or an unknown model (ConfigError) stops the evaluation at once. Either way
 * the answers already received are in evaluation.json.
 */
export async function evaluate(input: string, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => {});
  const samples = options.samples ?? 1;
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(samples) || samples < 1 || samples > 20) throw new ConfigError(`--samples: ${samples} must be a whole number from 1 to 20`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ConfigError(`--concurrency: ${concurrency} must be a whole number from 1 to 64`);
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY ?? undefined;
  const baseURL = options.baseURL ?? (process.env.OPENAI_BASE_URL || undefined);
  const model = options.model ?? DEFAULT_MODEL;
  const choice = chooseJudge(options.judge ?? 'auto', apiKey);
  if (choice.judge === 'openai' && !apiKey && !baseURL) {
    throw new ConfigError("--judge openai needs an API key for OpenAI's API: set OPENAI_API_KEY, or point --base-url at an OpenAI-compatible server that needs none");
  }
  const prompts = options.prompts === undefined && options.ask !== undefined ? [] : await loadPrompts(options.prompts);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    emit({ type: 'warning', message });
  };
  const modelInfo = choice.judge === 'openai' ? findModel(model) : undefined;
  if (choice.judge === 'openai') {
    if (!modelInfo) warn(`model "${model}" is not in termaudit's registry: no price is known, so no cost is estimated, and frames are sized as for gpt-4.1`);
    const shutdown = shutdownWarning(model, options.today ?? new Date());
    if (shutdown) warn(shutdown);
  }
  // Where evaluation.json goes is known before sampling, so progress (status.json) can start there.
  const opened = await openSampleInput(input, { lenient: options.sample?.lenient, theme: options.sample?.theme, signal: options.signal });
  const { source } = opened;
  const outDir = resolve(options.out ?? (source.kind === 'cast' ? dirname(source.path) : options.sample?.out ?? defaultSampleDir(source)));
  await mkdir(outDir, { recursive: true });
  emit({ type: 'start', outDir });
  emit({ type: 'judge', judge: choice.judge, model: choice.judge === 'openai' ? model : 'heuristic', reason: choice.reason });
  const sampled = await sample(opened, { ...options.sample, signal: options.signal });
  emit({ type: 'sampled', frames: sampled.frames.length, outDir: sampled.outDir });
  if (sampled.frames.length === 0) throw new ExecutionError(`${input}: sampling found no frames to evaluate`);
  const sizing = findModel(model) ?? findModel(DEFAULT_MODEL);
  const frames: JudgeFrame[] = await judgeFramesOf(
    sampled.frames,
    sampled.source.theme,
    choice.judge === 'openai' && sizing ? (width, height) => apiImageSize(sizing, width, height) : undefined,
  );
  const path = join(outDir, EVALUATION_FILE_NAME);

  const calls: CallRecord[] = [];
  const failures: unknown[] = [];
  for (const prompt of prompts) for (let index = 0; index < samples; index++) calls.push({ prompt: prompt.id, sample: index, status: 'skipped' });

  let judge: Judge;
  if (choice.judge === 'openai') {
    judge = createOpenAIJudge({
      model,
      baseURL,
      apiKey,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      cache: options.cache === false ? false : new ResponseCache(options.cacheDir),
      promptCacheKey: `termaudit-${frames.map((frame) => frame.hash.slice(0, 8)).join('').slice(0, 48)}`,
    });
  } else {
    judge = createHeuristicJudge({
      castPath: sampled.source.kind === 'cast' ? sampled.source.path : undefined,
      videoPath: sampled.source.kind === 'video' ? sampled.source.path : undefined,
      theme: sampled.source.theme,
      lenient: options.sample?.lenient,
    });
  }

  let estimate: EvaluationDocument['estimate'];
  if (choice.judge === 'openai' && modelInfo && prompts.length > 0) {
    // Only calls the response cache cannot answer cost anything.
    const toSend: RubricPrompt[] = [];
    for (const call of calls) {
      const prompt = prompts.find((item) => item.id === call.prompt)!;
      if (!(await judge.isCached?.({ prompt, frames, sample: call.sample }))) toSend.push(prompt);
    }
    const request = {
      model: modelInfo,
      frames: frames.map((frame) => ({ width: frame.width, height: frame.height })),
      prompts: toSend.map((prompt) => ({ textTokens: estimateTextTokens(rubricText(prompt, frames.length)) })),
      samples: 1,
    };
    const zero = { total: 0, inputTokens: 0, outputTokens: 0 };
    const cached = toSend.length > 0 ? estimateEvaluationCost({ ...request, cacheOrdering: true }) : zero;
    const uncached = toSend.length > 0 ? estimateEvaluationCost({ ...request, cacheOrdering: false }) : zero;
    estimate = { costUsd: cached.total, costWithoutPromptCacheUsd: uncached.total, inputTokens: cached.inputTokens, outputTokens: cached.outputTokens };
    emit({ type: 'estimate', costUsd: uncached.total, cachedCostUsd: cached.total, calls: toSend.length, fromCache: calls.length - toSend.length });
    if (options.maxCost !== undefined && uncached.total > options.maxCost) {
      throw new ConfigError(
        `the estimated cost $${uncached.total.toFixed(4)} (${toSend.length} calls × ${frames.length} frames on ${model}) is above --max-cost $${options.maxCost}; raise it or send fewer frames/prompts/samples`,
      );
    }
  }


  const answers = new Map<string, JudgeAnswer>();
  let ask: EvaluationDocument['ask'] = options.ask !== undefined ? { question: options.ask } : undefined;

  const documentOf = (complete: boolean): EvaluationDocument => ({
    version: 1,
    tool: { name: 'termaudit', version: TOOL_VERSION },
    createdAt: new Date(started).toISOString(),
    complete,
    input: {
      path: sampled.source.path,
      kind: sampled.source.kind,
      runDir: sampled.source.runDir,
      duration: sampled.source.duration,
      cols: sampled.source.cols,
      rows: sampled.source.rows,
    },
    sample: { framesFile: sampled.framesFile, outDir: sampled.outDir, candidates: sampled.candidates },
    judge: { name: judge.name, model: judge.model, reason: choice.reason, baseURL: judge.name === 'openai' ? baseURL : undefined, samples, concurrency },
    frames: frames.map((frame, index) => ({
      number: frame.number,
      time: frame.time,
      label: frame.label,
      file: sampled.frames[index].file,
      hash: sampled.frames[index].hash,
      width: sampled.frames[index].width,
      height: sampled.frames[index].height,
      sent: { width: frame.width, height: frame.height, hash: frame.hash },
      text: frame.text,
    })),
    prompts: prompts.map((prompt) => ({ id: prompt.id, title: prompt.title, weight: prompt.weight, path: prompt.path, sha256: prompt.sha256, criteria: prompt.criteria })),
    estimate,
    calls,
    results: prompts.map((prompt) => aggregatePrompt(prompt, Array.from({ length: samples }, (_, index) => answers.get(`${prompt.id}#${index}`)))),
    ask,
    totals: totalsOf(calls, ask?.usage, Date.now() - started),
    warnings,
  });
  // Writes are chained so that two calls finishing together never interleave their renames.
  let writing: Promise<void> = Promise.resolve();
  const save = (complete: boolean) => {
    const document = documentOf(complete);
    writing = writing.then(() => writeJsonFile(path, document));
    return writing;
  };

  // One controller stops every call: the user's interrupt, or a failure that makes the others pointless.
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let fatal: unknown;
  const queue = new PQueue({ concurrency });
  let done = 0;
  const total = calls.length + (ask ? 1 : 0);
  try {
    await save(false);
    const tasks = calls.map((call) =>
      queue.add(async () => {
        if (stop.signal.aborted) return;
        const prompt = prompts.find((item) => item.id === call.prompt)!;
        try {
          const result = await judge.judge({ prompt, frames, sample: call.sample, signal: stop.signal });
          call.status = 'ok';
          call.answer = result.answer;
          call.usage = result.usage;
          answers.set(`${call.prompt}#${call.sample}`, result.answer);
        } catch (error) {
          if (stop.signal.aborted) return;
          call.status = 'failed';
          call.error = errorText(error);
          failures.push(error);
          // A rejected key or a missing model fails every other call the same way: stop now.
          if (error instanceof ConfigError) {
            fatal ??= error;
            stop.abort();
          }
        }
        done++;
        emit({ type: 'call', prompt: call.prompt, sample: call.sample, done, total, usage: call.usage, error: call.error });
        await save(false);
      }),
    );
    if (ask) {
      const question = ask;
      tasks.push(
        queue.add(async () => {
          if (stop.signal.aborted) return;
          try {
            const answer: AskResult = await judge.ask(question.question, frames, stop.signal);
            question.text = answer.text;
            question.usage = answer.usage;
          } catch (error) {
            if (stop.signal.aborted) return;
            question.error = errorText(error);
            failures.push(error);
            if (error instanceof ConfigError) {
              fatal ??= error;
              stop.abort();
            }
          }
          done++;
          emit({ type: 'call', prompt: 'ask', sample: 0, done, total, usage: question.usage, error: question.error });
          await save(false);
        }),
      );
    }
    await Promise.all(tasks);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    queue.clear();
  }
  const failed = calls.filter((call) => call.status === 'failed');
  const complete = !options.signal?.aborted && fatal === undefined && failed.length === 0 && !ask?.error && calls.every((call) => call.status === 'ok');
  await save(complete);
  // The scorecard is built from the file just written, so `termaudit score` later gives the same result;
  // it is written after partial evaluations too, and never hides the evaluation's own error.
  const scored = await score(path).then(
    (result) => result,
    (error: unknown) => ({ error }),
  );
  if (options.signal?.aborted) {
    throw new InterruptedError(abortSignalName(options.signal), `interrupted by ${abortSignalName(options.signal)}; the ${calls.filter((call) => call.status === 'ok').length} answers received are in ${path}`);
  }
  if (fatal) {
    const message = fatal instanceof TermauditError ? fatal.message : errorText(fatal);
    throw new ConfigError(`${message} (answers received before this are in ${path})`, { cause: fatal });
  }
  if (failed.length > 0 || ask?.error) {
    const first = failed[0] ? `${failed[0].prompt}: ${failed[0].error}` : `ask: ${ask?.error}`;
    if (failures.every((error) => error instanceof TimeoutError)) {
      throw new TimeoutError(`${failures.length} of ${total} judge calls timed out (first: ${first}); the other answers are in ${path}`);
    }
    throw new ExecutionError(`${failed.length + (ask?.error ? 1 : 0)} of ${total} judge calls failed (first: ${first}); the other answers are in ${path}`);
  }
  if ('error' in scored) throw scored.error;
  return { path, scorecardPath: scored.path, scorecard: scored.scorecard, document: documentOf(true), sample: sampled };
}
