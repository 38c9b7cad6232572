/**
 * What the evaluate stage writes: `evaluation.json`, what the judge said about each prompt and what every
 * call cost. The score stage reads it; this module holds only its shape, so that reading it loads no judge.
 */
import type { PromptResult } from './aggregate.js';
import type { RequestMode } from './judge-settings.js';
import type { ModelPrices } from './models.js';
import type { FrameGrid } from '../render/raster/layout.js';
import type { JudgeAnswer, JudgeName, JudgeUsage, RubricPrompt } from './types.js';

export { EVALUATION_FILE_NAME } from '../run-files.js';

/**
 * CallRecord is one answer of evaluation.json: one prompt, one sample. With the OpenAI judge a request may
 * carry several (every prompt at once, samples as choices): they share its `request` number and split its
 * usage evenly, so the usages add up to what was billed.
 */
export interface CallRecord {
  prompt: string;
  sample: number;
  status: 'ok' | 'failed' | 'skipped';
  answer?: JudgeAnswer;
  /** This answer's share of the usage of the request that carried it. */
  usage?: JudgeUsage;
  error?: string;
  /** The request that carried this answer (1-based, in the order they were sent); absent for a judge that answers one at a time. */
  request?: number;
}

/** CostFigures are an estimate in US dollars, with the frames served by the prompt cache and without. */
export interface CostFigures {
  costUsd: number;
  costWithoutPromptCacheUsd: number;
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
  /** `price` is what the model's tokens were counted at (US dollars per 1M tokens), when a price was known. */
  /** `profile` names the profile whose prompts were asked (absent when prompts were given by name or file). */
  /** `requests` says how the OpenAI judge asked the prompts (absent for the heuristic judge). */
  judge: { name: JudgeName; model: string; reason: string; baseURL?: string; price?: ModelPrices; samples: number; requests?: RequestMode; concurrency: number; profile?: string };
  /** The sampled frames; `grid` (casts) is where the character grid sits in the PNG, for drawing evidence cells. */
  frames: { number: number; time: number; label: string; file: string; hash: string; width: number; height: number; grid?: FrameGrid; sent: { width: number; height: number; hash: string }; text?: string }[];
  prompts: { id: string; title: string; weight: number; path: string; sha256: string; criteria: RubricPrompt['criteria'] }[];
  /** The estimate made before the first call, and (`other`) what the other way of asking (`requests`) was estimated at. */
  estimate?: CostFigures & { inputTokens: number; outputTokens: number; other?: CostFigures & { requests: RequestMode; calls: number } };
  calls: CallRecord[];
  results: PromptResult[];
  ask?: { question: string; text?: string; usage?: JudgeUsage; error?: string };
  totals: { calls: number; failed: number; fromCache: number; inputTokens: number; cachedInputTokens: number; outputTokens: number; costUsd: number; wallMs: number };
  warnings: string[];
}
