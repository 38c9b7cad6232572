/**
 * The OpenAI-compatible vision judge: sends the frames and one rubric prompt to a Chat Completions API
 * (OpenAI, Azure, vLLM, Ollama, OpenRouter: anything speaking that protocol at `baseURL`) and gets back a
 * structured answer through Structured Outputs. Frames go first and the rubric last, so every prompt of an
 * evaluation shares one long identical prefix that the provider's automatic prompt cache serves at the
 * cached price. Requests, retries and cost are the vision model's (vision-model.ts); a reply that does not
 * validate is retried once with the validation error; answers are kept in termaudit's response cache.
 */
import type { ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { abortSignalName, ExecutionError, InterruptedError, reasonOf } from '../errors.js';
import { sha256Hex } from '../hash.js';
import { answerJsonSchema, answerSchemaName, parseAnswer } from './answer-schema.js';
import { resolveJudgeSettings, type JudgeSettings } from './judge-settings.js';
import type { TokenCounts } from './models.js';
import { ResponseCache, responseCacheKey, type ResponseCacheKeyInput } from './response-cache.js';
import type { AskResult, Judge, JudgeAnswer, JudgeFrame, JudgeRequest, JudgeResult, JudgeUsage, RubricPrompt } from './types.js';
import { addTokens, createVisionModel, type VisionModel, type VisionReply } from './vision-model.js';

/** IMAGE_DETAIL is the fidelity frames are sent at: terminal text needs every pixel. */
export const IMAGE_DETAIL = 'high';

/**
 * SYSTEM_INSTRUCTIONS are the fixed instructions of every call. They do not mention any one prompt, so the
 * system message is part of the prefix shared by all prompts (and by `ask` questions).
 */
export const SYSTEM_INSTRUCTIONS = [
  'You are an expert reviewer of the user experience of terminal (command-line and TUI) programs.',
  'You receive frames of one recorded terminal session, in time order. Each image is preceded by its label, "Frame N · mm:ss.s": N is the frame number and the time is seconds since the recording started.',
  'Judge only what is visible in the frames. When you cite evidence, use the frame number from the label and quote the on-screen text exactly.',
  'The last message is either a rubric or a question. For a rubric, score every criterion it lists by its anchors (1 worst, 10 best) and answer with the JSON object the response schema describes. For a question, answer in plain text, citing frames by number.',
].join('\n');

/**
 * OpenAIJudgeOptions configures createOpenAIJudge: the connection settings (model, baseURL, apiKey, timeoutMs,
 * maxRetries; see JudgeSettings for their defaults) or a vision model made from them, and the judge's own.
 * Ids the registry does not know are allowed (custom servers) and cost $0 unless a `price` is given.
 */
export interface OpenAIJudgeOptions extends Pick<JudgeSettings, 'model' | 'baseURL' | 'apiKey' | 'timeoutMs' | 'maxRetries' | 'price'> {
  /** The vision model to ask; made from the connection settings when absent. */
  visionModel?: VisionModel;
  /** Sampling temperature; only sent when set, because the gpt-5 models reject it. @default undefined (the server's default) */
  temperature?: number;
  /** termaudit's response cache, or false to always call the API (`--no-cache`). @default new ResponseCache() (default directory) */
  cache?: ResponseCache | false;
  /** Sent as `prompt_cache_key` with every call, to route the calls of one evaluation to the same prompt cache. @default undefined */
  promptCacheKey?: string;
  /** The fetch the SDK uses (e.g. to trace requests), when the vision model is made here. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Called with one line for problems that do not stop the call (a cache entry that cannot be written). @default ignore */
  onWarning?: (message: string) => void;
}

/** ChatRequestOptions are the settings buildChatRequest and buildAskRequest put into the request body. */
export interface ChatRequestOptions {
  model: string;
  /** Only sent when set. */
  temperature?: number;
  promptCacheKey?: string;
}

/** pngDataUrl returns a PNG as a `data:` URL. */
function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** framesContent builds the user message content [label, image, label, image, …], identical for every prompt. */
export function framesContent(frames: readonly JudgeFrame[]): ChatCompletionContentPart[] {
  return frames.flatMap((frame): ChatCompletionContentPart[] => [
    { type: 'text', text: frame.label },
    { type: 'image_url', image_url: { url: pngDataUrl(frame.png), detail: IMAGE_DETAIL } },
  ]);
}

/** rubricText renders a prompt as the last message: title, criteria with descriptions, then the rubric body. */
export function rubricText(prompt: RubricPrompt, frameCount: number): string {
  const criteria = prompt.criteria.map((criterion) => `- \`${criterion.id}\` (${criterion.title}): ${criterion.description}`);
  return [
    `# Rubric: ${prompt.title}`,
    '',
    `Score each criterion below from 1 to 10 on the ${frameCount} frame${frameCount === 1 ? '' : 's'} above (numbered 1 to ${frameCount}). When the program has no such element at all (no voting in a text editor), answer \`applicable\`: false with \`score\`: null and the one-line reason as the rationale; never invent a score for it. Use \`applicable\`: true with \`score\`: null only when the criterion applies but the frames do not show enough to assess it, and say why.`,
    '',
    '## Criteria',
    '',
    ...criteria,
    '',
    prompt.body.trim(),
  ].join('\n');
}

/** prefixMessages returns the messages shared by every call on the same frames: system, then the frames. */
function prefixMessages(frames: readonly JudgeFrame[]): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: SYSTEM_INSTRUCTIONS },
    { role: 'user', content: framesContent(frames) },
  ];
}

/** commonSettings returns the optional request fields, each only when set. */
function commonSettings(options: ChatRequestOptions): Partial<ChatCompletionCreateParamsNonStreaming> {
  return {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.promptCacheKey === undefined ? {} : { prompt_cache_key: options.promptCacheKey }),
  };
}

/**
 * buildChatRequest builds the Chat Completions body that asks for a structured answer to `prompt`: the system
 * instructions, the frames (label + high-detail PNG each), then the rubric as the last message, with a strict
 * JSON Schema response format.
 */
export function buildChatRequest(frames: readonly JudgeFrame[], prompt: RubricPrompt, options: ChatRequestOptions): ChatCompletionCreateParamsNonStreaming {
  return {
    model: options.model,
    messages: [...prefixMessages(frames), { role: 'user', content: rubricText(prompt, frames.length) }],
    response_format: {
      type: 'json_schema',
      json_schema: { name: answerSchemaName(prompt), strict: true, schema: answerJsonSchema(prompt) },
    },
    ...commonSettings(options),
  };
}

/** buildAskRequest builds the Chat Completions body of a free-text question: the same prefix, the question last. */
export function buildAskRequest(frames: readonly JudgeFrame[], question: string, options: ChatRequestOptions): ChatCompletionCreateParamsNonStreaming {
  return {
    model: options.model,
    messages: [...prefixMessages(frames), { role: 'user', content: question }],
    ...commonSettings(options),
  };
}

/** correctionMessages returns the two messages that send an invalid reply back with what was wrong. */
export function correctionMessages(reply: string, error: string, frameCount: number): ChatCompletionMessageParam[] {
  return [
    { role: 'assistant', content: reply },
    {
      role: 'user',
      content: `Your reply is not a valid answer: ${error}. Reply again with only the JSON object the response schema describes: every criterion, scores 1 to 10 (or null), frame numbers from 1 to ${frameCount}.`,
    },
  ];
}

/** replyText strips a Markdown code fence some OpenAI-compatible servers wrap JSON in. */
export function replyText(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
  return fenced ? fenced[1] : content;
}

/**
 * createOpenAIJudge returns the judge that asks an OpenAI-compatible vision model. Throws a ConfigError when
 * no API key is set for OpenAI's own API.
 */
export function createOpenAIJudge(options: OpenAIJudgeOptions = {}): Judge {
  const { model: modelId, baseURL: baseURLOption, apiKey, timeoutMs, maxRetries, price } = options;
  const vision = options.visionModel ?? createVisionModel(resolveJudgeSettings([{ judge: 'openai', model: modelId, baseURL: baseURLOption, apiKey, timeoutMs, maxRetries, price }]), { fetch: options.fetch });
  const { id: model, baseURL } = vision;
  const cache = options.cache === undefined ? new ResponseCache() : options.cache;
  const warn = options.onWarning ?? (() => {});
  const requestOptions: ChatRequestOptions = { model, temperature: options.temperature, promptCacheKey: options.promptCacheKey };

  /** CallTally sums what the requests of one call (the first reply and a correction) used. */
  interface CallTally {
    started: number;
    tokens: TokenCounts;
    costUsd: number;
    attempts: number;
  }
  const newTally = (): CallTally => ({ started: Date.now(), tokens: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 }, costUsd: 0, attempts: 0 });

  /** send asks the vision model and adds what the request used to `tally`; a refusal is an ExecutionError. */
  async function send(body: ChatCompletionCreateParamsNonStreaming, what: string, signal: AbortSignal | undefined, tally: CallTally): Promise<VisionReply> {
    const reply = await vision.complete(body, what, signal);
    addTokens(tally.tokens, reply.tokens);
    tally.costUsd += reply.costUsd;
    tally.attempts += reply.attempts;
    if (reply.refusal) throw new ExecutionError(`${model} refused ${what}: ${reply.refusal}`);
    return reply;
  }

  /** usageOf turns the tally of a call into JudgeUsage. */
  function usageOf(tally: CallTally): JudgeUsage {
    return { ...tally.tokens, costUsd: tally.costUsd, latencyMs: Date.now() - tally.started, attempts: tally.attempts, fromCache: false };
  }

  function interrupted(signal: AbortSignal | undefined, what: string): void {
    if (signal?.aborted) throw new InterruptedError(abortSignalName(signal), `${what} interrupted`);
  }

  async function store(key: string | undefined, response: { answer?: JudgeAnswer; text?: string; usage: JudgeUsage }): Promise<void> {
    if (!cache || !key) return;
    try {
      await cache.set(key, response);
    } catch (error) {
      warn(`could not write the response cache (${reasonOf(error)}); the answer is not cached`);
    }
  }

  function cacheKey(input: Omit<ResponseCacheKeyInput, 'model' | 'baseURL' | 'detail' | 'temperature'>): string {
    return responseCacheKey({ ...input, model, baseURL, detail: IMAGE_DETAIL, temperature: options.temperature ?? null });
  }

  /** judgeKey is the response-cache key of a rubric request, or undefined without a cache. */
  function judgeKey(request: JudgeRequest): string | undefined {
    if (!cache) return undefined;
    return cacheKey({
      kind: 'judge',
      promptSha256: request.prompt.sha256,
      requestTextSha256: sha256Hex(`${SYSTEM_INSTRUCTIONS}\n${rubricText(request.prompt, request.frames.length)}`),
      frameHashes: request.frames.map((frame) => frame.hash),
      sample: request.sample,
    });
  }

  /** cachedResult is the valid cached answer to a rubric request (usage marked fromCache), if any. */
  async function cachedResult(request: JudgeRequest): Promise<JudgeResult | undefined> {
    const key = judgeKey(request);
    if (!cache || !key) return undefined;
    const hit = await cache.get(key);
    const checked = hit?.answer ? parseAnswer(hit.answer, request.prompt, request.frames.length) : undefined;
    return hit && checked && 'answer' in checked ? { answer: checked.answer, usage: hit.usage } : undefined;
  }

  return {
    name: 'openai',
    model,

    async isCached(request: JudgeRequest): Promise<boolean> {
      return (await cachedResult(request)) !== undefined;
    },

    async judge(request: JudgeRequest): Promise<JudgeResult> {
      const { prompt, frames, signal } = request;
      const what = `prompt "${prompt.id}"`;
      interrupted(signal, what);
      const cached = await cachedResult(request);
      if (cached) return cached;
      const key = judgeKey(request);
      // Built after the cache is asked: on a hit, the frames need no base64 encoding.
      const body = buildChatRequest(frames, prompt, requestOptions);

      const tally = newTally();
      let messages = body.messages;
      let lastError = '';
      // The first reply, and at most one correction carrying the validation error back to the model.
      for (let round = 0; round < 2; round += 1) {
        const { content } = await send({ ...body, messages }, what, signal, tally);
        const parsed = content.trim() === '' ? { error: 'the reply is empty' } : parseAnswer(replyText(content), prompt, frames.length);
        if ('answer' in parsed) {
          const usage = usageOf(tally);
          await store(key, { answer: parsed.answer, usage });
          return { answer: parsed.answer, usage };
        }
        lastError = parsed.error;
        messages = [...body.messages, ...correctionMessages(content, parsed.error, frames.length)];
      }
      throw new ExecutionError(`${model} gave no valid answer to ${what} after a correction: ${lastError}`);
    },

    async ask(question: string, frames: readonly JudgeFrame[], signal?: AbortSignal): Promise<AskResult> {
      const what = 'the question';
      interrupted(signal, what);
      const key = cache
        ? cacheKey({
            kind: 'ask',
            promptSha256: sha256Hex(question),
            requestTextSha256: sha256Hex(`${SYSTEM_INSTRUCTIONS}\n${question}`),
            frameHashes: frames.map((frame) => frame.hash),
            sample: 0,
          })
        : undefined;
      if (cache && key) {
        const hit = await cache.get(key);
        if (hit && typeof hit.text === 'string') return { text: hit.text, usage: hit.usage };
      }
      const tally = newTally();
      const text = (await send(buildAskRequest(frames, question, requestOptions), what, signal, tally)).content.trim();
      if (text === '') throw new ExecutionError(`${model} gave an empty answer to ${what}`);
      const usage = usageOf(tally);
      await store(key, { text, usage });
      return { text, usage };
    },
  };
}
