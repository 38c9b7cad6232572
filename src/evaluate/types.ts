/**
 * The shared vocabulary of the evaluate stage: rubric prompts, the frames a judge looks at, a judge's
 * structured answer and what one call cost. Every judge (the OpenAI-compatible vision judge, the offline
 * heuristic judge) answers in the same shape, so the scorecard does not care which one ran.
 */
import type { ScreenSnapshot } from '../render/screen.js';

/** RubricCriterion is one thing a prompt scores, e.g. `contrast`, with its weight in the prompt's score. */
export interface RubricCriterion {
  /** Kebab-case id, shared across prompts when two prompts score the same thing. */
  id: string;
  title: string;
  /** Relative weight (> 0) of this criterion. @default 1 */
  weight: number;
  /** What the criterion looks at, one or two sentences (shown to the judge). */
  description: string;
}

/** RubricPrompt is a prompt file of `prompts/`: YAML front matter plus the Markdown rubric text. */
export interface RubricPrompt {
  id: string;
  title: string;
  /** Weight of this prompt among the prompts of an evaluation. @default 1 */
  weight: number;
  criteria: RubricCriterion[];
  /** The Markdown after the front matter: rubric anchors and instructions for the judge. */
  body: string;
  /** Where the prompt was read from (absolute path). */
  path: string;
  /** sha256 (hex) of the whole file text: names the exact prompt version in results and cache keys. */
  sha256: string;
}

/** Severity of an issue a judge reports, from blocking to cosmetic. */
export type IssueSeverity = 'critical' | 'major' | 'minor';

/** ISSUE_SEVERITIES lists the severities from worst to mildest. */
export const ISSUE_SEVERITIES: readonly IssueSeverity[] = ['critical', 'major', 'minor'];

/**
 * CellRange is a rectangle of cells on a frame's character grid: 0-based `row` and `col` of its top-left
 * cell, `width` and `height` in cells. Reports draw it over the frame's picture (see FrameGrid).
 */
export interface CellRange {
  row: number;
  col: number;
  width: number;
  height: number;
}

/**
 * Evidence points at a frame (its 1-based number) and quotes the on-screen text that supports a score.
 * The evaluate stage places it on its frame's screen (evidence-cells.ts): `cells` are where the quote (or
 * what the judge measured, such as low-contrast cells) is, and `verified` says whether the quote occurs on
 * that frame at all. Both are absent for frames without a screen state (a video's) and in answers written
 * before they existed.
 */
export interface Evidence {
  frame: number;
  quote: string;
  /** Where on the frame's grid the evidence is; a judge that measured cells (the heuristic's low-contrast cells) gives them itself. */
  cells?: CellRange[];
  /** What `cells` mark when they are not just the quote (`low contrast`), for the report's legend. */
  mark?: string;
  /** True when the quote occurs on the frame's screen (or the judge gave the cells); false when it does not: unverified evidence. */
  verified?: boolean;
}

/**
 * CriterionAnswer is a judge's verdict on one criterion: a score, "not applicable" (the display has no such
 * element: voting in a text editor), or no score when the frames do not show enough to judge.
 */
export interface CriterionAnswer {
  /**
   * False when the criterion does not apply to this program (the rationale is the one-line reason); such
   * a criterion is left out of the overall score, of gates and of compare verdicts. Answers written before
   * applicability existed have no flag: read them as applicable.
   */
  applicable?: boolean;
  /** 1–10; null when not applicable, or when the frames do not show enough to judge (the rationale says why). */
  score: number | null;
  rationale: string;
  evidence: Evidence[];
  /**
   * How far the score could move between two recordings of the same program (±, points): the heuristic
   * judge's estimate from its measures (heuristic/score-noise.ts). A model's answer has none: its noise
   * is the spread across samples.
   */
  noise?: number;
}

/** JudgeIssue is one UX problem a judge found, with where it shows and what to do about it. */
export interface JudgeIssue {
  severity: IssueSeverity;
  title: string;
  /** The frame where it is visible, or null when it is not tied to one frame. */
  frame: number | null;
  recommendation: string;
  /** On-screen text of that frame where it shows, quoted exactly ('' or absent when not tied to text). */
  quote?: string;
  /** Where on the frame it shows, and whether the quote occurs there (see Evidence). */
  cells?: CellRange[];
  mark?: string;
  verified?: boolean;
}

/** JudgeAnswer is a judge's structured answer to one rubric prompt. */
export interface JudgeAnswer {
  /** One entry per criterion id of the prompt. */
  criteria: Record<string, CriterionAnswer>;
  issues: JudgeIssue[];
  /** Two or three sentences overall. */
  summary: string;
}

/** JudgeUsage is what one judge call consumed, from the API's `usage` (zeros for the heuristic judge). */
export interface JudgeUsage {
  inputTokens: number;
  /** Input tokens served from the provider's prompt cache (part of inputTokens). */
  cachedInputTokens: number;
  outputTokens: number;
  /** Cost in US dollars by the model registry's prices; 0 when answered from termaudit's cache or offline. */
  costUsd: number;
  /** Wall time of the call in ms, retries included (0 when answered from the cache). */
  latencyMs: number;
  /** HTTP attempts made (1 without retries; 0 from the cache). */
  attempts: number;
  /** Answered from termaudit's response cache, so it cost nothing this time. */
  fromCache: boolean;
}

/**
 * JudgeFrame is one frame as a judge receives it. `number` is 1-based and is what the judge cites as
 * evidence; `label` is the text placed before the image (`Frame 3 · 00:12.4`).
 */
export interface JudgeFrame {
  number: number;
  /** Seconds since the recording started. */
  time: number;
  label: string;
  /** The image sent to a vision model: a lossless PNG at the size the model processes. */
  png: Buffer;
  width: number;
  height: number;
  /** sha256 (hex) of `png`. */
  hash: string;
  /** The screen state, when the frame comes from a cast (not from a video). */
  snapshot?: ScreenSnapshot;
  /** The screen as text, when the frame comes from a cast. */
  text?: string;
}

/** JudgeRequest asks a judge to score one rubric prompt on a set of frames. */
export interface JudgeRequest {
  prompt: RubricPrompt;
  frames: readonly JudgeFrame[];
  /** 0-based index of this answer when k independent answers are asked for (`--samples k`). */
  sample: number;
  signal?: AbortSignal;
}

/**
 * JudgeBatchRequest asks a judge for several answers in one request: every prompt of `prompts` (asked
 * together in one message when there are several: `requests: combined`) for each sample of `samples` (as
 * that many choices of one request, the API's `n`, when there are several).
 */
export interface JudgeBatchRequest {
  prompts: readonly RubricPrompt[];
  frames: readonly JudgeFrame[];
  /** 0-based sample indices (see JudgeRequest.sample). */
  samples: readonly number[];
  signal?: AbortSignal;
}

/** BatchAnswer is one prompt's answer for one sample of a batch, or why there is none. */
export interface BatchAnswer {
  prompt: string;
  sample: number;
  answer?: JudgeAnswer;
  /** Why there is no answer: the model refused, or gave no valid one after a correction. */
  error?: string;
  /** Answered from termaudit's response cache (nothing was sent for it). */
  fromCache: boolean;
}

/** JudgeBatchResult is what a batch brought back and what it cost. */
export interface JudgeBatchResult {
  /** One per prompt and sample that came back (from the server or the cache). */
  answers: BatchAnswer[];
  /** Samples the server sent no choice for (it ignored `n`): ask them again, one request each. */
  unanswered: number[];
  /** What the requests sent cost together (corrections included); zero and fromCache when the cache answered everything. */
  usage: JudgeUsage;
}

/** JudgeResult is a judge's answer with what it cost. */
export interface JudgeResult {
  answer: JudgeAnswer;
  usage: JudgeUsage;
}

/** AskResult is a free-text answer to a question about the frames (`--ask`). */
export interface AskResult {
  text: string;
  usage: JudgeUsage;
}

/** JudgeName names the kinds of judge. */
export type JudgeName = 'openai' | 'heuristic';

/** Judge scores rubric prompts on frames. Implementations: the OpenAI-compatible vision judge and the heuristic judge. */
export interface Judge {
  readonly name: JudgeName;
  /** Model id (`gpt-6-luna`), or `heuristic-<version>` for the offline judge. */
  readonly model: string;
  judge(request: JudgeRequest): Promise<JudgeResult>;
  /** isCached tells whether `judge(request)` would be answered from termaudit's response cache (free). */
  isCached?(request: JudgeRequest): Promise<boolean>;
  /**
   * judgeBatch asks for every prompt × sample of `request` in one request (see JudgeBatchRequest), from the
   * response cache what it holds. Only judges that bill by request have it (the OpenAI judge); a request the
   * server refuses throws as judge() does.
   */
  judgeBatch?(request: JudgeBatchRequest): Promise<JudgeBatchResult>;
  /** uncachedSamples returns the samples of `request` that judgeBatch would send (the response cache lacks an answer of them). */
  uncachedSamples?(request: Omit<JudgeBatchRequest, 'signal'>): Promise<number[]>;
  ask(question: string, frames: readonly JudgeFrame[], signal?: AbortSignal): Promise<AskResult>;
}

/** zeroUsage returns the usage of a call that cost nothing (offline or from the cache). */
export function zeroUsage(fromCache = false): JudgeUsage {
  return { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, attempts: 0, fromCache };
}
