/**
 * What an evaluation costs in money and in waiting, the two figures a user of `termaudit evaluate` feels.
 *
 * Money: the estimate of the default audit (the default profile's prompts × 12 frames of an 80×24
 * terminal on gpt-6-luna, the default model, and on gpt-4.1 and gpt-4.1-mini for context), the way evaluate() makes it: frames as sent before
 * they were cropped to the grid (the largest image the model takes, 1326×768 for 80×24) and as sent now
 * (planModelFrame), one request per prompt and every prompt in one request, one sample and three (as `n`
 * choices of one request, and as three requests when the server refuses `n`), with the prompt-cache
 * ordering and without; and the two calls of `compare --pairwise` on two such runs, all their frames
 * against the capped ones. The rubric text is measured as it is sent, so the figures are the ones
 * evaluate() prints.
 *
 * Waiting: the real evaluate() path with the openai judge against a local OpenAI-compatible server that
 * holds every reply 2 s, as a slow model would. Five prompts in flight together are compared with one prompt
 * alone in the same run (the baseline: sampling, rendering the frames and one reply); concurrency 1 shows
 * what the queue saves; a re-run answered from the response cache shows what a repeated evaluation costs;
 * every prompt in one request (`requests: combined`) waits for one reply.
 *
 * The runner (`test/bench/run.ts`) calls `estimateAuditCost()` and `measureEvaluateLatency()` and prints them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { estimatePairwiseCost, PAIRWISE_CALLS, PAIRWISE_MAX_FRAMES, PAIRWISE_QUESTION } from '../../src/compare/pairwise.js';
import type { EvaluateOptions, EvaluateResult } from '../../src/evaluate/index.js';
import type { RequestMode } from '../../src/evaluate/judge-settings.js';
import { planModelFrame } from '../../src/evaluate/judge-frames.js';
import { apiImageSize, estimateEvaluationCost, estimateTextTokens, findModel, imageTokens, type ModelInfo } from '../../src/evaluate/models.js';
import { DEFAULT_MODEL } from '../../src/evaluate/judge-settings.js';
import { combinedRubricText, rubricText } from '../../src/evaluate/openai-judge.js';
import { selectPrompts } from '../../src/evaluate/profiles.js';
import { loadPrompts } from '../../src/evaluate/prompts.js';
import { costEntries, planRequests } from '../../src/evaluate/request-plan.js';
import type { RubricPrompt } from '../../src/evaluate/types.js';
import { planLayout } from '../../src/render/raster/layout.js';
import { evaluateInput, type EvaluateInputOptions } from '../helpers/evaluate-input.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { chatRequests, maxOverlap, startOpenAIServer } from '../helpers/openai-server.js';

/** AUDIT_FRAMES is the frame count of the default audit (the sample stage's default cap). */
const AUDIT_FRAMES = 12;
/** AUDIT_TERMINAL is the terminal of the default audit: the recorder's default size. */
const AUDIT_TERMINAL = { cols: 80, rows: 24 } as const;
/** PREVIOUS_MODEL_PADDING is the padding frames were drawn with for a model before they were cropped to the grid. */
const PREVIOUS_MODEL_PADDING = 8;

/** FrameFigures are one frame as sent to a model: its size and its input tokens. */
export interface FrameFigures {
  width: number;
  height: number;
  tokens: number;
}

/** CostScenario is the estimate of the default audit asked one way. */
export interface CostScenario {
  /** `before`: frames sized as before they were cropped; `after`: as planModelFrame sizes them. */
  frames: 'before' | 'after';
  requests: RequestMode;
  samples: number;
  /** Samples asked as choices of one request (`n`), or one request each (what a server refusing `n` gets, and what every version before did). */
  samplesAsChoices: boolean;
  calls: number;
  /** Dollars when nothing is served from the prompt cache: the figure --max-cost checks. */
  costUsd: number;
  /** Dollars with frames first and the rubric last (calls after the first hit the prompt cache). */
  cachedCostUsd: number;
  inputTokens: number;
  outputTokens: number;
}

/** ModelCostFigures is the estimate of the default audit on one model. */
export interface ModelCostFigures {
  model: string;
  frameBefore: FrameFigures;
  frameSent: FrameFigures & { fontSize: number };
  scenarios: CostScenario[];
}

/** PairwiseCostFigures are the estimates of `compare --pairwise` on two runs of the default audit. */
export interface PairwiseCostFigures {
  /** Every frame of both runs, at a rubric answer's 700 output tokens: the estimate before frames were capped. */
  allFramesBeforeUsd: number;
  /** At most PAIRWISE_MAX_FRAMES of each run, at the pairwise answer's length. */
  cappedUsd: number;
  framesBefore: number;
  framesCapped: number;
}

/** AuditCostFigures is the estimate of the default audit: what it sends and what it costs per model. */
export interface AuditCostFigures {
  prompts: number;
  criteria: number;
  frames: number;
  terminal: { cols: number; rows: number };
  /** Estimated tokens of each prompt's rubric text as sent alone, and of all of them in one request. */
  rubricTokens: number[];
  combinedRubricTokens: number;
  models: ModelCostFigures[];
  pairwise: PairwiseCostFigures;
}

/** previousFrameSize is how evaluate sized a frame for a model before frames were cropped: the largest image it takes, padded. */
function previousFrameSize(model: ModelInfo): FrameFigures {
  const natural = planLayout(AUDIT_TERMINAL.cols, AUDIT_TERMINAL.rows, { padding: PREVIOUS_MODEL_PADDING });
  const box = apiImageSize(model, natural.width, natural.height);
  const { width, height } = planLayout(AUDIT_TERMINAL.cols, AUDIT_TERMINAL.rows, { width: Math.floor(box.width / 2) * 2, height: Math.floor(box.height / 2) * 2, padding: PREVIOUS_MODEL_PADDING });
  return { width, height, tokens: imageTokens(model, width, height) };
}

/** scenarioCost estimates the default audit asked one way, with frames of one size. */
function scenarioCost(model: ModelInfo, prompts: readonly RubricPrompt[], frame: FrameFigures, scenario: Pick<CostScenario, 'frames' | 'requests' | 'samples' | 'samplesAsChoices'>): CostScenario {
  const entries = costEntries(planRequests(prompts, scenario.samples, scenario.requests, true), AUDIT_FRAMES, scenario.samplesAsChoices);
  const input = { model, frames: Array.from({ length: AUDIT_FRAMES }, () => frame), prompts: entries };
  const uncached = estimateEvaluationCost({ ...input, cacheOrdering: false });
  const cached = estimateEvaluationCost({ ...input, cacheOrdering: true });
  return { ...scenario, calls: uncached.calls, costUsd: uncached.total, cachedCostUsd: cached.total, inputTokens: uncached.inputTokens, outputTokens: uncached.outputTokens };
}

/** SCENARIOS are the ways the default audit is estimated, the way every version before this one asked first. */
const SCENARIOS: Array<Pick<CostScenario, 'frames' | 'requests' | 'samples' | 'samplesAsChoices'>> = [
  { frames: 'before', requests: 'per-prompt', samples: 1, samplesAsChoices: false },
  { frames: 'after', requests: 'per-prompt', samples: 1, samplesAsChoices: true },
  { frames: 'after', requests: 'combined', samples: 1, samplesAsChoices: true },
  { frames: 'before', requests: 'per-prompt', samples: 3, samplesAsChoices: false },
  { frames: 'after', requests: 'per-prompt', samples: 3, samplesAsChoices: false },
  { frames: 'after', requests: 'per-prompt', samples: 3, samplesAsChoices: true },
  { frames: 'after', requests: 'combined', samples: 3, samplesAsChoices: true },
];

/** estimateAuditCost estimates the default audit (the default profile's prompts × 12 frames of 80×24) on each model, each way. */
export async function estimateAuditCost(modelIds: readonly string[] = [DEFAULT_MODEL, 'gpt-4.1', 'gpt-4.1-mini']): Promise<AuditCostFigures> {
  const prompts = await selectPrompts({});
  const models = modelIds.map((id): ModelCostFigures => {
    const model = findModel(id);
    if (!model) throw new TypeError(`estimateAuditCost: model "${id}" is not in the registry`);
    const frameBefore = previousFrameSize(model);
    const { width, height, tokens, fontSize } = planModelFrame(AUDIT_TERMINAL.cols, AUDIT_TERMINAL.rows, model);
    const frameSent = { width, height, tokens, fontSize };
    return { model: id, frameBefore, frameSent, scenarios: SCENARIOS.map((scenario) => scenarioCost(model, prompts, scenario.frames === 'before' ? frameBefore : frameSent, scenario)) };
  });
  // Pairwise shows the sampled PNGs (the render stage's frames, padding included) of both runs.
  const gpt41 = findModel('gpt-4.1')!;
  const sampled = planLayout(AUDIT_TERMINAL.cols, AUDIT_TERMINAL.rows);
  const pairwiseFrames = (count: number) => Array.from({ length: count }, () => ({ width: sampled.width, height: sampled.height }));
  const question = { textTokens: estimateTextTokens(PAIRWISE_QUESTION) };
  const allFramesBefore = estimateEvaluationCost({ model: gpt41, frames: pairwiseFrames(2 * AUDIT_FRAMES), prompts: Array.from({ length: PAIRWISE_CALLS }, () => question), cacheOrdering: false });
  const capped = Math.min(AUDIT_FRAMES, PAIRWISE_MAX_FRAMES) * 2;
  return {
    prompts: prompts.length,
    criteria: prompts.reduce((total, prompt) => total + prompt.criteria.length, 0),
    frames: AUDIT_FRAMES,
    terminal: { ...AUDIT_TERMINAL },
    rubricTokens: prompts.map((prompt) => estimateTextTokens(rubricText(prompt, AUDIT_FRAMES))),
    combinedRubricTokens: estimateTextTokens(combinedRubricText(prompts, AUDIT_FRAMES)),
    models,
    pairwise: { allFramesBeforeUsd: allFramesBefore.total, cappedUsd: estimatePairwiseCost(gpt41, pairwiseFrames(capped)).costUsd, framesBefore: 2 * AUDIT_FRAMES, framesCapped: capped },
  };
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
  /** Dollars evaluation.json reports (from the usage the server reports, at gpt-4.1 prices). */
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
  /** All prompts in one request (`requests: combined`). */
  combined: EvaluateRun;
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
    // One request for every prompt: one reply's delay, scripted here since `run` scripts one per prompt.
    server.script({ delayMs: latencyMs });
    const combined = await run(promptFiles, { requests: 'combined' }, null);
    return { latencyMs, onePrompt, concurrent, defaultConcurrency, sequential, fromResponseCache, combined };
  } finally {
    await server.close();
    rmSync(dirname(castPath), { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
