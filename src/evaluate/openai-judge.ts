/**
 * The OpenAI-compatible vision judge: sends the frames and one rubric prompt to a Chat Completions API
 * (OpenAI, Azure, vLLM, Ollama, OpenRouter: anything speaking that protocol at `baseURL`) and gets back a
 * structured answer through Structured Outputs. Frames go first and the rubric last, so every prompt of an
 * evaluation shares one long identical prefix that the provider's automatic prompt cache serves at the
 * cached price. Retries of transport failures are the SDK's own; a reply that does not validate is retried
 * once with the validation error; answers are kept in termaudit's response cache.
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { ConfigError, ExecutionError, InterruptedError, TimeoutError, abortSignalName } from '../errors.js';
import { answerJsonSchema, answerSchemaName, parseAnswer } from './answer-schema.js';
import { DEFAULT_MODEL, findModel, tokenCost, type TokenCounts } from './models.js';
import { sha256Hex } from '../hash.js';
import { ResponseCache, responseCacheKey, type ResponseCacheKeyInput } from './response-cache.js';
import type { AskResult, Judge, JudgeAnswer, JudgeFrame, JudgeRequest, JudgeResult, JudgeUsage, RubricPrompt } from './types.js';

/** DEFAULT_BASE_URL is OpenAI's API, used when neither `baseURL` nor `OPENAI_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

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

/** OpenAIJudgeOptions configures createOpenAIJudge. */
export interface OpenAIJudgeOptions {
  /** Model id; ids the registry does not know are allowed (custom servers) and cost $0. @default 'gpt-4.1' */
  model?: string;
  /** API base URL of any OpenAI-compatible server. @default process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1' */
  baseURL?: string;
  /**
   * API key. Required for OpenAI's own API; other servers get a placeholder when none is set.
   * @default process.env.OPENAI_API_KEY
   */
  apiKey?: string;
  /** Time limit of one HTTP attempt, in ms. @default 120000 */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx answers, connection failures and timeouts, by the SDK (honouring retry-after). @default 3 */
  maxRetries?: number;
  /** Sampling temperature; only sent when set, because the gpt-5 models reject it. @default undefined (the server's default) */
  temperature?: number;
  /** termaudit's response cache, or false to always call the API (`--no-cache`). @default new ResponseCache() (default directory) */
  cache?: ResponseCache | false;
  /** Sent as `prompt_cache_key` with every call, to route the calls of one evaluation to the same prompt cache. @default undefined */
  promptCacheKey?: string;
  /** The fetch the SDK uses (e.g. to trace requests); termaudit wraps it to count attempts. @default globalThis.fetch */
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
    `Score each criterion below from 1 to 10 on the ${frameCount} frame${frameCount === 1 ? '' : 's'} above (numbered 1 to ${frameCount}). Use null only when the frames do not show enough to assess it, and say why in the rationale.`,
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
function replyText(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
  return fenced ? fenced[1] : content;
}

/** errorChain returns an error and its causes, outermost first. */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

/** CallContext names what a failed call was doing, for the error line. */
/**
 * apiConnection resolves the base URL (option, OPENAI_BASE_URL, OpenAI's) and the key (option,
 * OPENAI_API_KEY). OpenAI's own API needs a key (ConfigError); other servers get a placeholder, since local
 * servers (Ollama, vLLM) accept any key and the SDK insists on one.
 */
export function apiConnection(baseURLOption: string | undefined, apiKeyOption: string | undefined): { baseURL: string; apiKey: string } {
  const baseURL = (baseURLOption ?? process.env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiKey = apiKeyOption ?? process.env.OPENAI_API_KEY;
  if (apiKey) return { baseURL, apiKey };
  if (new URL(baseURL).host === new URL(DEFAULT_BASE_URL).host) {
    throw new ConfigError('OPENAI_API_KEY is not set: export your OpenAI API key, or use --base-url for a server that needs none');
  }
  return { baseURL, apiKey: 'no-key' };
}

/** CallContext describes a failed API call for apiFailure's message. */
export interface CallContext {
  model: string;
  baseURL: string;
  what: string;
  attempts: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** apiFailure turns what the SDK threw into one clear termaudit error (or rethrows what it does not know). */
export function apiFailure(error: unknown, context: CallContext): Error {
  if (context.signal?.aborted || error instanceof OpenAI.APIUserAbortError) {
    return new InterruptedError(context.signal ? abortSignalName(context.signal) : 'SIGINT', `${context.what} interrupted`);
  }
  const tries = `${context.attempts} attempt${context.attempts === 1 ? '' : 's'}`;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new TimeoutError(`${context.baseURL} did not answer ${context.what} within ${context.timeoutMs / 1000} s (${tries}); raise --timeout or try later`, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const codes = errorChain(error).map((item) => (item as { code?: unknown }).code).filter((code) => typeof code === 'string');
    const reason = codes[0] === 'ECONNREFUSED' ? 'connection refused' : codes[0] ?? error.message;
    return new ExecutionError(`cannot reach ${context.baseURL} (${reason}, ${tries}): is the server running? check --base-url / OPENAI_BASE_URL`, { cause: error });
  }
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return new ConfigError(`the API key was rejected by ${context.baseURL} (HTTP ${error.status}): check OPENAI_API_KEY and --base-url`, { cause: error });
  }
  if (error instanceof OpenAI.NotFoundError) {
    return new ConfigError(`model "${context.model}" does not exist at ${context.baseURL} (HTTP 404): check --model and --base-url`, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const detail = (error.error as { message?: unknown } | undefined)?.message ?? error.message;
    return new ExecutionError(`${context.baseURL} failed ${context.what} with HTTP ${error.status ?? '?'} after ${tries}: ${String(detail)}`, { cause: error });
  }
  return error instanceof Error ? error : new ExecutionError(String(error));
}

/** usageOf reads the token counts of a completion (zeros when the server reports none). */
function usageOf(completion: ChatCompletion): TokenCounts {
  return {
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    cachedInputTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
  };
}

/**
 * createOpenAIJudge returns the judge that asks an OpenAI-compatible vision model. Throws a ConfigError when
 * no API key is set for OpenAI's own API.
 */
export function createOpenAIJudge(options: OpenAIJudgeOptions = {}): Judge {
  const model = options.model ?? DEFAULT_MODEL;
  const { baseURL, apiKey } = apiConnection(options.baseURL, options.apiKey);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetries = options.maxRetries ?? 3;
  const cache = options.cache === undefined ? new ResponseCache() : options.cache;
  const warn = options.onWarning ?? (() => {});
  const baseFetch = options.fetch ?? globalThis.fetch;
  const registryModel = findModel(model);
  const requestOptions: ChatRequestOptions = { model, temperature: options.temperature, promptCacheKey: options.promptCacheKey };

  /** call sends one request through a client whose fetch counts this call's HTTP attempts. */
  async function call(body: ChatCompletionCreateParamsNonStreaming, what: string, signal: AbortSignal | undefined, tally: { attempts: number }) {
    const countingFetch = (input: string | URL | Request, init?: RequestInit) => {
      tally.attempts += 1;
      return baseFetch(input, init);
    };
    // One client per call, so concurrent calls count their own attempts.
    const client = new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries, fetch: countingFetch });
    try {
      return await client.chat.completions.create(body, { signal });
    } catch (error) {
      throw apiFailure(error, { model, baseURL, what, attempts: tally.attempts, timeoutMs, signal });
    }
  }

  /** usageFor turns the summed token counts of a call (and its correction) into JudgeUsage. */
  function usageFor(tokens: TokenCounts, started: number, attempts: number): JudgeUsage {
    return {
      ...tokens,
      costUsd: registryModel ? tokenCost(registryModel, tokens) : 0,
      latencyMs: Date.now() - started,
      attempts,
      fromCache: false,
    };
  }

  function addTokens(total: TokenCounts, completion: ChatCompletion): void {
    const tokens = usageOf(completion);
    total.inputTokens += tokens.inputTokens;
    total.cachedInputTokens += tokens.cachedInputTokens;
    total.outputTokens += tokens.outputTokens;
  }

  function interrupted(signal: AbortSignal | undefined, what: string): void {
    if (signal?.aborted) throw new InterruptedError(abortSignalName(signal), `${what} interrupted`);
  }

  async function store(key: string | undefined, response: { answer?: JudgeAnswer; text?: string; usage: JudgeUsage }): Promise<void> {
    if (!cache || !key) return;
    try {
      await cache.set(key, response);
    } catch (error) {
      warn(`could not write the response cache (${(error as Error).message}); the answer is not cached`);
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

      const started = Date.now();
      const tally = { attempts: 0 };
      const tokens: TokenCounts = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
      let messages = body.messages;
      let lastError = '';
      // The first reply, and at most one correction carrying the validation error back to the model.
      for (let round = 0; round < 2; round += 1) {
        const completion = await call({ ...body, messages }, what, signal, tally);
        addTokens(tokens, completion);
        const message = completion.choices[0]?.message;
        if (message?.refusal) throw new ExecutionError(`${model} refused ${what}: ${message.refusal}`);
        const content = message?.content ?? '';
        const parsed = content.trim() === '' ? { error: 'the reply is empty' } : parseAnswer(replyText(content), prompt, frames.length);
        if ('answer' in parsed) {
          const usage = usageFor(tokens, started, tally.attempts);
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
      const started = Date.now();
      const tally = { attempts: 0 };
      const tokens: TokenCounts = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
      const completion = await call(buildAskRequest(frames, question, requestOptions), what, signal, tally);
      addTokens(tokens, completion);
      const message = completion.choices[0]?.message;
      if (message?.refusal) throw new ExecutionError(`${model} refused ${what}: ${message.refusal}`);
      const text = (message?.content ?? '').trim();
      if (text === '') throw new ExecutionError(`${model} gave an empty answer to ${what}`);
      const usage = usageFor(tokens, started, tally.attempts);
      await store(key, { text, usage });
      return { text, usage };
    },
  };
}
