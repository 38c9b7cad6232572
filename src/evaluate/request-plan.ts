/**
 * How an evaluation's answers are asked for, in requests (pure). Every prompt × sample is one answer and one
 * record of evaluation.json; a request may carry several: every prompt at once (`requests: combined`) and
 * every sample as a choice of the same request (`n`). The planner says which requests to send, the cost
 * entries say what they are expected to cost, and a request's usage is shared among the answers it carried
 * so that evaluation.json's totals add up to what was billed.
 */
import type { RequestMode } from './judge-settings.js';
import { estimateTextTokens, OUTPUT_TOKENS_PER_ANSWER, type EvaluationCostInput } from './models.js';
import { requestRubricText } from './openai-judge.js';
import type { JudgeUsage, RubricPrompt } from './types.js';

/** PlannedRequest is one request of an evaluation: the prompts it asks and the samples it asks them for. */
export interface PlannedRequest {
  prompts: RubricPrompt[];
  /** 0-based sample indices, as choices of the one request when there are several. */
  samples: number[];
}

/**
 * planRequests plans the requests of an evaluation. A judge that asks one answer per call (`batched`
 * false: the heuristic judge) gets one request per prompt and sample. Otherwise `per-prompt` is one request
 * per prompt with every sample as a choice, and `combined` one request with every prompt and sample.
 */
export function planRequests(prompts: readonly RubricPrompt[], samples: number, mode: RequestMode, batched: boolean): PlannedRequest[] {
  const indices = Array.from({ length: samples }, (_, index) => index);
  if (!batched) return prompts.flatMap((prompt) => indices.map((sample) => ({ prompts: [prompt], samples: [sample] })));
  if (mode === 'combined' && prompts.length > 0) return [{ prompts: [...prompts], samples: indices }];
  return prompts.map((prompt) => ({ prompts: [prompt], samples: indices }));
}

/**
 * COMBINED_SHARED_OUTPUT_TOKENS is the part of each answer (its summary and JSON framing) that one answer
 * to every prompt at once gives only once: the rest (criteria, issues) is assumed as long as when each
 * prompt is asked alone.
 */
export const COMBINED_SHARED_OUTPUT_TOKENS = 100;

/** answerOutputTokens estimates the output of one answer to `promptCount` prompts asked together. */
export function answerOutputTokens(promptCount: number): number {
  return promptCount * OUTPUT_TOKENS_PER_ANSWER - Math.max(0, promptCount - 1) * COMBINED_SHARED_OUTPUT_TOKENS;
}

/**
 * costEntries turns planned requests, each with the samples the response cache cannot answer, into the
 * calls estimateEvaluationCost prices: with `samplesAsChoices`, one call per request asking its samples
 * as choices; without (a server that refuses `n`), one call per sample. Requests with nothing to send
 * cost nothing and are left out.
 */
export function costEntries(requests: readonly PlannedRequest[], frameCount: number, samplesAsChoices: boolean): EvaluationCostInput['prompts'] {
  return requests.flatMap((request) => {
    if (request.samples.length === 0) return [];
    const entry = { textTokens: estimateTextTokens(requestRubricText(request.prompts, frameCount)), outputTokens: answerOutputTokens(request.prompts.length) };
    return samplesAsChoices ? [{ ...entry, answers: request.samples.length }] : request.samples.map(() => ({ ...entry, answers: 1 }));
  });
}

/**
 * shareUsage splits what one request used among the `count` answers it carried: tokens and cost evenly
 * (the first shares get a token more when they do not divide, so no share has more cached than input
 * tokens), so the shares add up to the request; the attempts on the first; the latency whole on each,
 * since each answer waited for all of it.
 */
export function shareUsage(usage: JudgeUsage, count: number): JudgeUsage[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shareUsage: count must be a whole number ≥ 1, got ${count}`);
  const split = (total: number, index: number) => Math.floor(total / count) + (index < total % count ? 1 : 0);
  return Array.from({ length: count }, (_, index) => ({
    inputTokens: split(usage.inputTokens, index),
    cachedInputTokens: split(usage.cachedInputTokens, index),
    outputTokens: split(usage.outputTokens, index),
    costUsd: usage.costUsd / count,
    latencyMs: usage.latencyMs,
    attempts: index === 0 ? usage.attempts : 0,
    fromCache: usage.fromCache,
  }));
}
