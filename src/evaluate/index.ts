/**
 * The evaluate stage: sampled frames in, `evaluation.json` out. A judge — the OpenAI-compatible vision judge
 * (`openai`, gpt-6-luna by default, any server by base URL) or the offline `heuristic` judge; `auto` picks
 * openai when an API key is set — scores the frames against each rubric prompt, `samples` times. Per prompt
 * it keeps the median score of each criterion over the answers, the spread, rationale, evidence frames and
 * issues; per call its tokens, cost and latency. Calls run concurrently in a p-queue, and evaluation.json
 * is rewritten after every call, so the answers already paid for survive a failure or Ctrl-C: a failed
 * evaluation is a result carrying its `failure`, not a throw. The score stage turns the file into a
 * scorecard; a scenario (src/scenario) runs sample → evaluate → score.
 */
import { dirname, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import { ConfigError, ExecutionError, InterruptedError, TermauditError, TimeoutError, abortSignalName, messageOf } from '../errors.js';
import { writeJsonFile } from '../files.js';
import type { TimelineOptions } from '../render/timeline.js';
import type { SampleResult } from '../sample/index.js';
import { TOOL_VERSION } from '../version.js';
import { aggregatePrompt } from './aggregate.js';
import { EVALUATION_FILE_NAME, type CallRecord, type EvaluationDocument } from './evaluation-document.js';
import { createHeuristicJudge } from './heuristic/index.js';
import { judgeFramesOf } from './judge-frames.js';
import { placeEvidence } from './evidence-cells.js';
import { checkCostCap, DEFAULT_MODEL, resolveJudgeSettings, type JudgeSettings, type RequestMode, type ResolvedJudgeSettings } from './judge-settings.js';
import { estimateEvaluationCost, estimateTextTokens, findModel, formatUsd, type ModelInfo, type ModelLifecycle } from './models.js';
import { checkModelLifecycle } from './model-lifecycle.js';
import { createOpenAIJudge } from './openai-judge.js';
import { DEFAULT_PROFILE, selectPrompts } from './profiles.js';
import { costEntries, planRequests, shareUsage, type PlannedRequest } from './request-plan.js';
import { ResponseCache } from './response-cache.js';
import { zeroUsage, type AskResult, type Judge, type JudgeAnswer, type JudgeBatchResult, type JudgeFrame, type JudgeName, type JudgeUsage, type RubricPrompt } from './types.js';
import { createVisionModel, rejectsParameter, type VisionModel } from './vision-model.js';

export { EVALUATION_FILE_NAME, type CallRecord, type EvaluationDocument } from './evaluation-document.js';
export { chooseJudge, type JudgeSettings } from './judge-settings.js';

/** EvaluateOptions are the judge settings plus the question, where evaluation.json goes and how to report. */
export interface EvaluateOptions extends JudgeSettings {
  /** A free question answered in free text, like MassGen's understand_video (alone when no prompts are given). */
  ask?: string;
  /** Directory of evaluation.json. @default the run directory (the cast's), or the sample directory of a video */
  out?: string;
  /** The video's timeline, for the heuristic judge's replay of the cast. @default the render stage's defaults */
  timeline?: TimelineOptions;
  /** Read what can be read of a cast with unreadable lines (heuristic judge). @default false */
  lenient?: boolean;
  signal?: AbortSignal;
  /** Receives what happens, for progress displays. */
  onEvent?: (event: EvaluateEvent) => void;
  /** Today, for model shutdown warnings and the refusal of a model shut down. @default new Date() */
  today?: Date;
  /** Where the prompt settings were written, for messages about them. @default the flags, `--prompt` and `--criterion` */
  promptsWhere?: { prompts: string; criteria: string };
  /** What prepareEvaluation made of these options, when it ran already (before sampling). @default prepared here */
  prepared?: PreparedEvaluation;
}

/** PreparedEvaluation is what an evaluation needs before it sees a frame: settings, prompts, the vision model, warnings. */
export interface PreparedEvaluation {
  settings: ResolvedJudgeSettings;
  prompts: RubricPrompt[];
  /** The vision model, for the openai judge. */
  vision?: VisionModel;
  /** The vision model's shutdown date and replacement, from the server's list-models entry or the registry. */
  lifecycle?: ModelLifecycle;
  warnings: string[];
}

/**
 * prepareEvaluation checks the settings, reads the API key, loads the prompts and reads the model's
 * lifecycle from the server's list-models entry (cached for a day; the registry when the server says
 * nothing). It warns about a model unknown to the registry or within 90 days of its shutdown, and throws a
 * ConfigError for any problem, and for a model whose shutdown date has come (naming its replacement),
 * before anything is sampled, written or sent, so a scenario runs it first. The heuristic judge asks no server.
 */
export async function prepareEvaluation(options: EvaluateOptions): Promise<PreparedEvaluation> {
  const settings = resolveJudgeSettings([options]);
  const askOnly = settings.prompts === undefined && settings.profile === undefined && settings.criteria === undefined && options.ask !== undefined;
  const prompts = askOnly ? [] : await selectPrompts({ profile: settings.profile, prompts: settings.prompts, criteria: settings.criteria }, options.promptsWhere);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onEvent?.({ type: 'warning', message });
  };
  const vision = settings.judge === 'openai' ? createVisionModel(settings) : undefined;
  let lifecycle: ModelLifecycle | undefined;
  if (vision) {
    const check = await checkModelLifecycle(settings, { signal: options.signal, today: options.today });
    lifecycle = check.lifecycle;
    if (!vision.info) {
      const cost = vision.price ? 'its cost is counted at the price given' : 'no price is known, so no cost is estimated or counted (give one with --price)';
      warn(`model "${vision.id}" is not in termaudit's registry: ${cost}, and frames are sized as for ${DEFAULT_MODEL}`);
    }
    for (const line of check.warnings) warn(line);
  }
  return { settings, prompts, vision, lifecycle, warnings };
}

/** EvaluateEvent is a progress event of an evaluation (`start` and `sampled` come from the scenario around it). */
export type EvaluateEvent =
  | { type: 'start'; outDir: string }
  | { type: 'judge'; judge: JudgeName; model: string; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'sampled'; frames: number; outDir: string }
  /** An earlier judge's results in the output directory were moved aside, to `dir`, before this judge's replace them. */
  | { type: 'kept'; judge: string; dir: string; problem?: string }
  | {
      type: 'estimate';
      costUsd: number;
      calls: number;
      cachedCostUsd?: number;
      fromCache: number;
      /** How the prompts are asked (`requests`), and what the other way is estimated at (with more than one prompt). */
      requests?: RequestMode;
      other?: { requests: RequestMode; costUsd: number; cachedCostUsd: number; calls: number };
    }
  | { type: 'call'; prompt: string; sample: number; done: number; total: number; usage?: JudgeUsage; error?: string };

/** EvaluateResult is what evaluate wrote: evaluation.json, what it holds, and why it is incomplete if it is. */
export interface EvaluateResult {
  path: string;
  document: EvaluationDocument;
  /**
   * Why some calls have no answer (failed calls, a rejected key, a timeout, an interrupt): evaluation.json
   * holds the answers received before it, and its `complete` is false.
   */
  failure?: TermauditError;
}

/** evaluationDirOf is where evaluation.json goes by default: the run directory of a cast, the sample directory of a video. */
export function evaluationDirOf(sampled: Pick<SampleResult, 'source' | 'outDir'>): string {
  return sampled.source.kind === 'cast' ? dirname(sampled.source.path) : sampled.outDir;
}

/**
 * totalsOf sums the usage of the records. Records that one request carried count as one call (failed when
 * one of them failed, from the cache when all of them were); their usage shares add up to the request's.
 */
function totalsOf(calls: readonly CallRecord[], askUsage: JudgeUsage | undefined, wallMs: number): EvaluationDocument['totals'] {
  const requests = new Map<string, CallRecord[]>();
  for (const call of calls) {
    const key = call.request === undefined ? `${call.prompt}#${call.sample}` : `request ${call.request}`;
    requests.set(key, [...(requests.get(key) ?? []), call]);
  }
  const usages = calls.map((call) => call.usage).filter((usage): usage is JudgeUsage => usage !== undefined);
  if (askUsage) usages.push(askUsage);
  const sum = (pick: (usage: JudgeUsage) => number) => usages.reduce((total, usage) => total + pick(usage), 0);
  const groups = [...requests.values()];
  return {
    calls: groups.length + (askUsage ? 1 : 0),
    failed: groups.filter((group) => group.some((call) => call.status === 'failed')).length,
    fromCache: groups.filter((group) => group.every((call) => call.usage?.fromCache)).length + (askUsage?.fromCache ? 1 : 0),
    inputTokens: sum((usage) => usage.inputTokens),
    cachedInputTokens: sum((usage) => usage.cachedInputTokens),
    outputTokens: sum((usage) => usage.outputTokens),
    costUsd: Math.round(sum((usage) => usage.costUsd) * 1e6) / 1e6,
    wallMs,
  };
}

/** RequestsEstimate is what the requests of a plan that the response cache cannot answer are expected to cost. */
interface RequestsEstimate {
  /** Requests to send (an `ask` question included). */
  calls: number;
  /** Planned requests the response cache answers whole. */
  fromCache: number;
  /** With the prompt-cache ordering (frames first, rubric last) and without it. */
  cached: { total: number; inputTokens: number; outputTokens: number };
  uncached: { total: number; inputTokens: number; outputTokens: number };
}

/**
 * estimateRequests estimates what the planned requests cost, for the samples the response cache cannot
 * answer, with and without the prompt-cache ordering; with `samplesAsChoices` false as one request per
 * sample. A question (`ask`) counts as a call to send: it costs money like a rubric does, and is estimated
 * without asking the response cache.
 */
async function estimateRequests(judge: Judge, model: ModelInfo, plan: readonly PlannedRequest[], frames: readonly JudgeFrame[], ask: string | undefined, samplesAsChoices: boolean): Promise<RequestsEstimate> {
  const toSend: PlannedRequest[] = [];
  for (const request of plan) {
    const samples = judge.uncachedSamples ? await judge.uncachedSamples({ prompts: request.prompts, frames, samples: request.samples }) : request.samples;
    toSend.push({ ...request, samples });
  }
  const entries = [...costEntries(toSend, frames.length, samplesAsChoices), ...(ask !== undefined ? [{ textTokens: estimateTextTokens(ask) }] : [])];
  const input = { model, frames: frames.map((frame) => ({ width: frame.width, height: frame.height })), prompts: entries };
  const zero = { total: 0, inputTokens: 0, outputTokens: 0 };
  return {
    calls: entries.length,
    fromCache: toSend.filter((request) => request.samples.length === 0).length,
    cached: entries.length > 0 ? estimateEvaluationCost({ ...input, cacheOrdering: true }) : zero,
    uncached: entries.length > 0 ? estimateEvaluationCost({ ...input, cacheOrdering: false }) : zero,
  };
}

/**
 * evaluate scores sampled frames with every prompt (and answers `ask`) and writes evaluation.json. Throws a
 * ConfigError for bad settings, a missing key or an estimate above `maxCost`, before anything is written;
 * once calls run, what stops them is returned as `failure` with the answers already received.
 */
export async function evaluate(sampled: SampleResult, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => {});
  const { settings, prompts, vision, warnings } = options.prepared ?? (await prepareEvaluation(options));
  const { samples, concurrency } = settings;
  const outDir = resolve(options.out ?? evaluationDirOf(sampled));
  await mkdir(outDir, { recursive: true });
  emit({ type: 'judge', judge: settings.judge, model: vision?.id ?? 'heuristic', reason: settings.reason });
  if (sampled.frames.length === 0) throw new ExecutionError(`${sampled.source.path}: sampling found no frames to evaluate`);
  const sizing = vision ? (vision.info ?? findModel(DEFAULT_MODEL)) : undefined;
  const frames: JudgeFrame[] = await judgeFramesOf(sampled.frames, sampled.source.theme, sizing);
  const path = join(outDir, EVALUATION_FILE_NAME);

  const calls: CallRecord[] = [];
  const failures: unknown[] = [];
  for (const prompt of prompts) for (let index = 0; index < samples; index++) calls.push({ prompt: prompt.id, sample: index, status: 'skipped' });
  const recordOf = (prompt: string, sample: number) => calls.find((call) => call.prompt === prompt && call.sample === sample)!;

  const judge: Judge = vision
    ? createOpenAIJudge({
        visionModel: vision,
        cache: settings.cache ? new ResponseCache(settings.cacheDir) : false,
        promptCacheKey: `termaudit-${frames.map((frame) => frame.hash.slice(0, 8)).join('').slice(0, 48)}`,
      })
    : createHeuristicJudge({
        castPath: sampled.source.kind === 'cast' ? sampled.source.path : undefined,
        videoPath: sampled.source.kind === 'video' ? sampled.source.path : undefined,
        theme: sampled.source.theme,
        timeline: options.timeline,
        lenient: options.lenient,
      });
  const batched = judge.judgeBatch !== undefined;
  const plan = planRequests(prompts, samples, settings.requests, batched);

  let estimate: EvaluationDocument['estimate'];
  /** What the evaluation is estimated at when the server refuses samples as choices (`n`), for the cap. */
  let withoutChoices: RequestsEstimate | undefined;
  const pricing = vision?.price && sizing ? { ...sizing, id: vision.id, prices: vision.price } : undefined;
  if (pricing && vision && (prompts.length > 0 || options.ask !== undefined)) {
    // Only calls the response cache cannot answer cost anything; a model the registry does not know is sized as the default one.
    const planned = await estimateRequests(judge, pricing, plan, frames, options.ask, true);
    const otherMode: RequestMode = settings.requests === 'combined' ? 'per-prompt' : 'combined';
    const other = prompts.length > 1 ? await estimateRequests(judge, pricing, planRequests(prompts, samples, otherMode, batched), frames, options.ask, true) : undefined;
    withoutChoices = samples > 1 ? await estimateRequests(judge, pricing, plan, frames, options.ask, false) : undefined;
    estimate = {
      costUsd: planned.cached.total,
      costWithoutPromptCacheUsd: planned.uncached.total,
      inputTokens: planned.cached.inputTokens,
      outputTokens: planned.cached.outputTokens,
      ...(other ? { other: { requests: otherMode, calls: other.calls, costUsd: other.cached.total, costWithoutPromptCacheUsd: other.uncached.total } } : {}),
    };
    emit({
      type: 'estimate',
      costUsd: planned.uncached.total,
      cachedCostUsd: planned.cached.total,
      calls: planned.calls,
      fromCache: plan.length + (options.ask !== undefined ? 1 : 0) - planned.calls,
      requests: settings.requests,
      ...(other ? { other: { requests: otherMode, costUsd: other.uncached.total, cachedCostUsd: other.cached.total, calls: other.calls } } : {}),
    });
    checkCostCap({ costUsd: planned.uncached.total, calls: planned.calls, frames: frames.length, model: vision.id }, settings.maxCost, 'raise it or send fewer frames/prompts/samples');
  }

  const answers = new Map<string, JudgeAnswer>();
  const ask: EvaluationDocument['ask'] = options.ask !== undefined ? { question: options.ask } : undefined;

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
    judge: { name: judge.name, model: judge.model, reason: settings.reason, baseURL: vision?.baseURL, ...(vision?.price ? { price: vision.price } : {}), samples, ...(batched ? { requests: settings.requests } : {}), concurrency, ...(prompts.length > 0 && (settings.profile !== undefined || settings.prompts === undefined) ? { profile: settings.profile ?? DEFAULT_PROFILE } : {}) },
    frames: frames.map((frame, index) => ({
      number: frame.number,
      time: frame.time,
      label: frame.label,
      file: sampled.frames[index].file,
      hash: sampled.frames[index].hash,
      width: sampled.frames[index].width,
      height: sampled.frames[index].height,
      ...(sampled.frames[index].grid ? { grid: sampled.frames[index].grid } : {}),
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
  // Each judge call in flight listens to it once (see withCallSignal in vision-model.ts), and at most
  // `concurrency` are in flight: up to 64 allowed, beyond Node's warning at 10 listeners.
  setMaxListeners(Math.max(defaultMaxListeners, concurrency + 1), stop.signal);
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let fatal: unknown;
  const queue = new PQueue({ concurrency });
  let done = 0;
  const total = calls.length + (ask ? 1 : 0);
  /** settle records a call's failure; a rejected key or a missing model fails every other call the same way, so it stops them. */
  const settle = (error: unknown): string | undefined => {
    if (stop.signal.aborted) return undefined;
    failures.push(error);
    if (error instanceof ConfigError) {
      fatal ??= error;
      stop.abort();
    }
    return messageOf(error);
  };
  /** record notes what became of one answer, and tells the listeners. */
  const record = (call: CallRecord, outcome: { answer: JudgeAnswer; usage?: JudgeUsage } | { error: string; usage?: JudgeUsage }) => {
    call.usage = outcome.usage;
    if ('answer' in outcome) {
      call.status = 'ok';
      // Every quote is checked against its frame's screen, and found quotes get the cells reports draw.
      const answer = placeEvidence(outcome.answer, frames);
      call.answer = answer;
      answers.set(`${call.prompt}#${call.sample}`, answer);
    } else {
      call.status = 'failed';
      call.error = outcome.error;
    }
    done++;
    emit({ type: 'call', prompt: call.prompt, sample: call.sample, done, total, usage: call.usage, error: call.error });
  };
  /** fail records the error of a request for every answer it was to carry (nothing, once the evaluation is stopping). */
  const fail = (records: readonly CallRecord[], error: unknown) => {
    const message = settle(error);
    if (message === undefined) return;
    for (const call of records) record(call, { error: message });
  };

  /** The server gives several samples as choices of one request (`n`) until it shows it does not. */
  let samplesAsChoices = true;
  let requestsSent = 0;
  /**
   * stopChoices makes every later request ask one sample, once the server refused `n` or ignored it. It
   * warns with what that is estimated to cost, or throws the ConfigError of an estimate now above `maxCost`.
   */
  const stopChoices = (what: string) => {
    if (!samplesAsChoices) return;
    samplesAsChoices = false;
    const cost = withoutChoices && estimate ? `, estimated at ${formatUsd(withoutChoices.uncached.total)} instead of ${formatUsd(estimate.costWithoutPromptCacheUsd)}` : '';
    if (withoutChoices) {
      const of = `asking each sample alone, as ${vision?.baseURL ?? 'the server'} ${what}`;
      checkCostCap({ costUsd: withoutChoices.uncached.total, calls: withoutChoices.calls, frames: frames.length, model: judge.model, of }, settings.maxCost, 'raise it or use --samples 1');
    }
    const message = `${vision?.baseURL ?? 'the server'} ${what}: each of the ${samples} samples is asked in a request of its own${cost}`;
    warnings.push(message);
    emit({ type: 'warning', message });
  };

  /**
   * runRequest sends one planned request through the judge's batches: its samples as choices while the
   * server takes them, else one request per sample; a request's usage is shared among its answers.
   */
  const runRequest = async (request: PlannedRequest) => {
    const recordsOf = (samples: readonly number[]) => request.prompts.flatMap((prompt) => samples.map((sample) => recordOf(prompt.id, sample)));
    let pending = [...request.samples];
    while (pending.length > 0 && !stop.signal.aborted) {
      const asked = samplesAsChoices ? pending : pending.slice(0, 1);
      let result: JudgeBatchResult;
      try {
        result = await judge.judgeBatch!({ prompts: request.prompts, frames, samples: asked, signal: stop.signal });
      } catch (error) {
        if (asked.length > 1 && rejectsParameter(error, 'n')) {
          try {
            stopChoices('refuses several choices per request (n)');
            continue;
          } catch (capError) {
            error = capError;
          }
        }
        fail(recordsOf(asked), error);
        pending = pending.filter((sample) => !asked.includes(sample));
        continue;
      }
      requestsSent += 1;
      const sent = result.answers.filter((answer) => !answer.fromCache);
      const shares = sent.length > 0 ? shareUsage(result.usage, sent.length) : [];
      for (const answer of result.answers) {
        const call = recordOf(answer.prompt, answer.sample);
        call.request = requestsSent;
        const usage = answer.fromCache ? zeroUsage(true) : shares.shift();
        if (answer.answer) record(call, { answer: answer.answer, usage });
        else {
          failures.push(new ExecutionError(answer.error ?? 'no answer'));
          record(call, { error: answer.error ?? 'no answer', usage });
        }
      }
      let unanswered = result.unanswered;
      if (unanswered.length > 0 && asked.length === 1) {
        // Not even one choice came back: that sample has no answer, and asking it again would loop.
        fail(recordsOf(unanswered), new ExecutionError(`${judge.model} sent a reply without any choice to ${request.prompts.length === 1 ? `prompt "${request.prompts[0].id}"` : 'the prompts'}`));
        unanswered = [];
      } else if (unanswered.length > 0) {
        try {
          stopChoices(`sent ${asked.length - unanswered.length} choice${asked.length - unanswered.length === 1 ? '' : 's'} for the ${asked.length} asked (it ignores n)`);
        } catch (capError) {
          fail(recordsOf(unanswered), capError);
          unanswered = [];
        }
      }
      pending = pending.filter((sample) => !asked.includes(sample) || unanswered.includes(sample));
      await save(false);
    }
  };

  /** runAlone asks a judge that answers one prompt and sample per call (the heuristic judge). */
  const runAlone = async (request: PlannedRequest) => {
    const [prompt] = request.prompts;
    const [sample] = request.samples;
    const call = recordOf(prompt.id, sample);
    try {
      const result = await judge.judge({ prompt, frames, sample, signal: stop.signal });
      record(call, { answer: result.answer, usage: result.usage });
    } catch (error) {
      fail([call], error);
    }
    await save(false);
  };

  try {
    await save(false);
    const tasks = plan.map((request) =>
      queue.add(async () => {
        if (stop.signal.aborted) return;
        await (batched ? runRequest(request) : runAlone(request));
      }),
    );
    if (ask) {
      tasks.push(
        queue.add(async () => {
          if (stop.signal.aborted) return;
          try {
            const answer: AskResult = await judge.ask(ask.question, frames, stop.signal);
            ask.text = answer.text;
            ask.usage = answer.usage;
          } catch (error) {
            const message = settle(error);
            if (message === undefined) return;
            ask.error = message;
          }
          done++;
          emit({ type: 'call', prompt: 'ask', sample: 0, done, total, usage: ask.usage, error: ask.error });
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
  return { path, document: documentOf(complete), ...(complete ? {} : { failure: failureOf() }) };

  /** failureOf words why the evaluation is incomplete, saying where the answers received are. */
  function failureOf(): TermauditError {
    if (options.signal?.aborted) {
      const signal = abortSignalName(options.signal);
      return new InterruptedError(signal, `interrupted by ${signal}; the ${calls.filter((call) => call.status === 'ok').length} answers received are in ${path}`);
    }
    if (fatal) return new ConfigError(`${messageOf(fatal)} (answers received before this are in ${path})`, { cause: fatal });
    const first = failed[0] ? `${failed[0].prompt}: ${failed[0].error}` : `ask: ${ask?.error}`;
    if (failures.length > 0 && failures.every((error) => error instanceof TimeoutError)) {
      return new TimeoutError(`${failures.length} of ${total} judge calls timed out (first: ${first}); the other answers are in ${path}`);
    }
    return new ExecutionError(`${failed.length + (ask?.error ? 1 : 0)} of ${total} judge calls failed (first: ${first}); the other answers are in ${path}`);
  }
}
