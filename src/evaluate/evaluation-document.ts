/**
 * What the evaluate stage writes: `evaluation.json`, what the judge said about each prompt and what every
 * call cost. The score stage reads it; this module holds only its shape, so that reading it loads no judge.
 */
import type { PromptResult } from './aggregate.js';
import type { ModelPrices } from './models.js';
import type { JudgeAnswer, JudgeName, JudgeUsage, RubricPrompt } from './types.js';

export { EVALUATION_FILE_NAME } from '../run-files.js';

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
  /** `price` is what the model's tokens were counted at (US dollars per 1M tokens), when a price was known. */
  /** `profile` names the profile whose prompts were asked (absent when prompts were given by name or file). */
  judge: { name: JudgeName; model: string; reason: string; baseURL?: string; price?: ModelPrices; samples: number; concurrency: number; profile?: string };
  frames: { number: number; time: number; label: string; file: string; hash: string; width: number; height: number; sent: { width: number; height: number; hash: string }; text?: string }[];
  prompts: { id: string; title: string; weight: number; path: string; sha256: string; criteria: RubricPrompt['criteria'] }[];
  estimate?: { costUsd: number; costWithoutPromptCacheUsd: number; inputTokens: number; outputTokens: number };
  calls: CallRecord[];
  results: PromptResult[];
  ask?: { question: string; text?: string; usage?: JudgeUsage; error?: string };
  totals: { calls: number; failed: number; fromCache: number; inputTokens: number; cachedInputTokens: number; outputTokens: number; costUsd: number; wallMs: number };
  warnings: string[];
}
