/**
 * What an evaluation costs in money and in waiting, the two figures a user of `termaudit evaluate` feels.
 *
 * Money: the estimate of the default audit (the shipped prompts × 12 frames of 1920×1080 on the default
 * model, gpt-6-luna, and on gpt-4.1, the default it replaced, for context), with prompt-cache ordering (frames first, rubric last, so calls 2..N are billed
 * the cached price for the frames) and without it. The rubric of each prompt is measured as it is sent
 * (`rubricText`), so the estimate is the one evaluate() prints.
 *
 * Waiting: the real evaluate() path with the openai judge against a local OpenAI-compatible server that
 * holds every reply 2 s, as a slow model would. Five prompts in flight together are compared with one prompt
 * alone in the same run (the baseline: sampling, rendering the frames and one reply); concurrency 1 shows
 * what the queue saves; a re-run answered from the response cache shows what a repeated evaluation costs.
 *
 * The runner (`test/bench/run.ts`) calls `estimateAuditCost()` and `measureEvaluateLatency()` and prints them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EvaluateOptions, EvaluateResult } from '../../src/evaluate/index.js';
import { evaluateInput, type EvaluateInputOptions } from '../helpers/evaluate-input.js';
import { apiImageSize, estimateEvaluationCost, estimateTextTokens, findModel, imageTokens, type ModelInfo } from '../../src/evaluate/models.js';
import { DEFAULT_MODEL } from '../../src/evaluate/judge-settings.js';
import { rubricText } from '../../src/evaluate/openai-judge.js';
import { loadPrompts } from '../../src/evaluate/prompts.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { chatRequests, maxOverlap, startOpenAIServer } from '../helpers/openai-server.js';

/** AUDIT_FRAMES is the frame count of the default audit (the sample stage's default cap). */
const AUDIT_FRAMES = 12;
/** AUDIT_FRAME_SIZE is the frame size the issue prices: a 1920×1080 render. */
const AUDIT_FRAME_SIZE = { width: 1920, height: 1080 } as const;

/** ModelCostFigures is the estimate of the default audit on one model. */
export interface ModelCostFigures {
  model: string;
  /** Input tokens of one 1920×1080 frame, as the API counts them. */
  tokensPerFrameAtFullSize: number;
  /** The size termaudit renders frames at for this model (apiImageSize of 1920:1080). */
  sentSize: { width: number; height: number };
  /** Input tokens of one frame at sentSize. */
  tokensPerFrameSent: number;
  /** Dollars of the whole audit with frames first and the rubric last (prompt cache hit from call 2 on). */
  withPromptCacheUsd: number;
  /** Dollars of the whole audit when nothing is served from the prompt cache. */
  withoutPromptCacheUsd: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  calls: number;
}

/** AuditCostFigures is the estimate of the default audit: what it sends and what it costs per model. */
export interface AuditCostFigures {
  prompts: number;
  frames: number;
  /** Estimated tokens of each prompt's rubric text as sent, in prompt order. */
  rubricTokens: number[];
  models: ModelCostFigures[];
}

/** modelCost estimates the default audit on one model, frames sized as evaluate() sizes them. */
function modelCost(model: ModelInfo, rubricTokens: readonly number[]): ModelCostFigures {
  const sentSize = apiImageSize(model, AUDIT_FRAME_SIZE.width, AUDIT_FRAME_SIZE.height);
  const request = {
    model,
    frames: Array.from({ length: AUDIT_FRAMES }, () => sentSize),
    prompts: rubricTokens.map((textTokens) => ({ textTokens })),
  };
  const cached = estimateEvaluationCost({ ...request, cacheOrdering: true });
  const uncached = estimateEvaluationCost({ ...request, cacheOrdering: false });
  return {
    model: model.id,
    tokensPerFrameAtFullSize: imageTokens(model, AUDIT_FRAME_SIZE.width, AUDIT_FRAME_SIZE.height),
    sentSize,
    tokensPerFrameSent: imageTokens(model, sentSize.width, sentSize.height),
    withPromptCacheUsd: cached.total,
    withoutPromptCacheUsd: uncached.total,
    inputTokens: cached.inputTokens,
    cachedInputTokens: cached.cachedInputTokens,
    outputTokens: cached.outputTokens,
    calls: cached.calls,
  };
}

/** estimateAuditCost estimates the default audit (shipped prompts × 12 frames of 1920×1080) on each model. */
export async function estimateAuditCost(modelIds: readonly string[] = [DEFAULT_MODEL, 'gpt-4.1']): Promise<AuditCostFigures> {
  const prompts = await loadPrompts();
  const rubricTokens = prompts.map((prompt) => estimateTextTokens(rubricText(prompt, AUDIT_FRAMES)));
  const models = modelIds.map((id) => {
    const model = findModel(id);
    if (!model) throw new TypeError(`estimateAuditCost: model "${id}" is not in the registry`);
    return modelCost(model, rubricTokens);
  });
  return { prompts: prompts.length, frames: AUDIT_FRAMES, rubricTokens, models };
}

/** EvaluateRun is one timed evaluate() call against the local server. */
export interface EvaluateRun {
  prompts: number;
  concurrency: number;
  wallSeconds: number;
  /** Most chat requests the server had in flight at once during this run. */
  maxInFlight: number;
  /** Chat requests the server received during this run. */
  requests: number;
  /** Dollars evaluation.json reports (from the usage the server reports, at the default model's prices). */
  costUsd: number;
  fromCache: number;
  /** Frames sent with every call. */
  frames: number;
}

/** EvaluateLatencyFigures are the timed runs of measureEvaluateLatency. */
export interface EvaluateLatencyFigures {
  latencyMs: number;
  /** One prompt alone: the baseline. */
  onePrompt: EvaluateRun;
  /** All prompts in flight together (concurrency = number of prompts). */
  concurrent: EvaluateRun;
  /** All prompts at evaluate()'s default concurrency. */
  defaultConcurrency: EvaluateRun;
  /** All prompts one after the other. */
  sequential: EvaluateRun;
  /** All prompts again, answered from the response cache filled by a previous run. */
  fromResponseCache: EvaluateRun;
}

/** MeasureEvaluateLatencyOptions sets the latency the server injects. */
export interface MeasureEvaluateLatencyOptions {
  /** Delay of every reply of the local server, in ms. @default 2000 */
  latencyMs?: number;
}

/**
 * benchCastEvents builds a small 80×24 session with more distinct screens than the sample cap: a prompt,
 * a command, then a task list that advances one line at a time, so sampling finds 12 frames.
 */
function benchCastEvents(): CastEventTuple[] {
  const events: CastEventTuple[] = [[0.2, 'o', '$ ./deploy --all\r\n']];
  const steps = 16;
  for (let step = 0; step < steps; step++) {
    const bar = '#'.repeat(step + 1).padEnd(steps, '.');
    events.push([1 + step * 0.8, 'o', `\u001b[32m✔\u001b[0m step ${String(step + 1).padStart(2)} of ${steps} done  [${bar}]\r\n`]);
  }
  events.push([1 + steps * 0.8, 'o', '\u001b[1mDeployed 16 services.\u001b[0m\r\n$ ']);
  return events;
}

/**
 * measureEvaluateLatency times evaluate() with the openai judge against a local server that delays every
 * reply: one prompt (after an untimed warm-up), all prompts at once, at the default concurrency, one at a
 * time, and again from the response cache.
 */
export async function measureEvaluateLatency(options: MeasureEvaluateLatencyOptions = {}): Promise<EvaluateLatencyFigures> {
  const latencyMs = options.latencyMs ?? 2000;
  const castPath = writeCast(benchCastEvents(), { cols: 80, rows: 24 });
  const cacheDir = mkdtempSync(join(tmpdir(), 'termaudit-bench-cache-'));
  const server = await startOpenAIServer();
  try {
    const promptFiles = (await loadPrompts()).map((prompt) => prompt.path);
    const base: EvaluateInputOptions = {
      judge: 'openai',
      baseURL: server.baseURL,
      apiKey: 'bench',
      cache: false,
      sample: { frames: AUDIT_FRAMES },
    };
    // `delayMs` null scripts nothing: for calls that must not reach the server (a stray one is counted).
    const run = async (files: readonly string[], extra: EvaluateOptions, delayMs: number | null = latencyMs): Promise<EvaluateRun> => {
      const before = chatRequests(server).length;
      if (delayMs !== null) server.script(...files.map(() => ({ delayMs })));
      const started = performance.now();
      const result: EvaluateResult = await evaluateInput(castPath, { ...base, prompts: [...files], ...extra });
      const wallSeconds = (performance.now() - started) / 1000;
      const requests = chatRequests(server).slice(before);
      const { totals } = result.document;
      return {
        prompts: files.length,
        concurrency: result.document.judge.concurrency,
        wallSeconds,
        maxInFlight: maxOverlap(requests),
        requests: requests.length,
        costUsd: totals.costUsd,
        fromCache: totals.fromCache,
        frames: result.document.frames.length,
      };
    };
    // Untimed: loads the SDK, sharp and the fonts, so the baseline does not pay for them.
    await run(promptFiles.slice(0, 1), {}, 0);
    const onePrompt = await run(promptFiles.slice(0, 1), {});
    const concurrent = await run(promptFiles, { concurrency: promptFiles.length });
    const defaultConcurrency = await run(promptFiles, {});
    const sequential = await run(promptFiles, { concurrency: 1 });
    await run(promptFiles, { concurrency: promptFiles.length, cache: true, cacheDir });
    const fromResponseCache = await run(promptFiles, { concurrency: promptFiles.length, cache: true, cacheDir }, null);
    return { latencyMs, onePrompt, concurrent, defaultConcurrency, sequential, fromResponseCache };
  } finally {
    await server.close();
    rmSync(dirname(castPath), { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
