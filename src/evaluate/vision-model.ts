/**
 * The vision model behind the OpenAI judge and `compare --pairwise`: one OpenAI-compatible Chat Completions
 * client (OpenAI, Azure, vLLM, Ollama, OpenRouter: anything speaking that protocol at `baseURL`), one retry
 * policy (the SDK's: 408/409/429/5xx, connection failures and timeouts, honouring retry-after), one account
 * of tokens and cost (the price given, else the registry's), and one place that turns what the SDK throws into a
 * termaudit error. Callers build the request body; `complete` sends it and says what came back.
 */
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ConfigError, ExecutionError, InterruptedError, TimeoutError, abortSignalName } from '../errors.js';
import type { ResolvedJudgeSettings } from './judge-settings.js';
import { findModel, tokenCost, type ModelInfo, type ModelPrices, type TokenCounts } from './models.js';

/** VisionReply is what one request brought back: the reply's text (or refusal), its tokens, cost and attempts. */
export interface VisionReply {
  content: string;
  /** The model's refusal, when it refused. */
  refusal?: string;
  tokens: TokenCounts;
  /** US dollars at the model's price (the one given, else the registry's); 0 when no price is known. */
  costUsd: number;
  /** HTTP attempts made (1 without retries). */
  attempts: number;
}

/** VisionModel answers Chat Completions requests with images. */
export interface VisionModel {
  /** The model id sent with every request. */
  readonly id: string;
  /** The API base URL, without a trailing slash. */
  readonly baseURL: string;
  /** The registry entry of the model (image tokens, prices, shutdown), or undefined for a model it does not know. */
  readonly info: ModelInfo | undefined;
  /** What its tokens cost (the price given, else the registry's), or undefined when no price is known. */
  readonly price: ModelPrices | undefined;
  /** complete sends `body` (its `model` is this model's id) and returns the reply; `what` names the request in errors. */
  complete(body: ChatCompletionCreateParamsNonStreaming, what: string, signal?: AbortSignal): Promise<VisionReply>;
}

/** VisionConnection is what a vision model needs: resolved judge settings (see resolveJudgeSettings). */
export type VisionConnection = Pick<ResolvedJudgeSettings, 'model' | 'baseURL' | 'apiKey' | 'timeoutMs' | 'maxRetries' | 'price'>;

/** FailureContext describes a failed request for visionFailure's message. */
export interface FailureContext {
  model: string;
  baseURL: string;
  what: string;
  attempts: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** errorChain returns an error and its causes, outermost first. */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

/** visionFailure turns what the SDK threw into one clear termaudit error (or returns what it does not know). */
export function visionFailure(error: unknown, context: FailureContext): Error {
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
  // The reply's headers came, then its body broke off (undici: TypeError "terminated", caused by a closed socket).
  if (errorChain(error).some((item) => (item as { code?: unknown }).code === 'UND_ERR_SOCKET' || (item instanceof TypeError && item.message === 'terminated'))) {
    return new ExecutionError(`${context.baseURL} cut off its response to ${context.what} (the connection closed after part of the reply, ${tries}): try again; if it keeps happening, check the server and any proxy in between`, { cause: error });
  }
  if (error instanceof SyntaxError) return notAChatCompletion(context, `a body that is not JSON (${error.message})`, error);
  return error instanceof Error ? error : new ExecutionError(String(error));
}

/** notAChatCompletion is the error of a server that answered 200 with something else than a chat completion (a proxy's page, another API). */
function notAChatCompletion(context: Pick<FailureContext, 'baseURL' | 'what'>, what: string, cause?: unknown): ExecutionError {
  return new ExecutionError(`${context.baseURL} answered ${context.what} with ${what}, not a chat completion: check --base-url / OPENAI_BASE_URL (an OpenAI-compatible API, usually ending in /v1)`, { cause });
}

/** addTokens adds `more` to `total` in place. */
export function addTokens(total: TokenCounts, more: TokenCounts): void {
  total.inputTokens += more.inputTokens;
  total.cachedInputTokens += more.cachedInputTokens;
  total.outputTokens += more.outputTokens;
}

/**
 * createVisionModel returns the OpenAI-compatible vision model of `connection`. `fetch` replaces the
 * fetch the SDK uses (e.g. to trace requests); every call counts its own HTTP attempts through it.
 */
export function createVisionModel(connection: VisionConnection, options: { fetch?: typeof fetch } = {}): VisionModel {
  const { model, baseURL, apiKey, timeoutMs, maxRetries, price } = connection;
  const info = findModel(model);
  const baseFetch = options.fetch ?? globalThis.fetch;
  return {
    id: model,
    baseURL,
    info,
    price,
    async complete(body, what, signal) {
      let attempts = 0;
      const countingFetch = (input: string | URL | Request, init?: RequestInit) => {
        attempts += 1;
        return baseFetch(input, init);
      };
      // One client per request, so requests in flight at once count their own attempts.
      const client = new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries, fetch: countingFetch });
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(body, { signal });
      } catch (error) {
        throw visionFailure(error, { model, baseURL, what, attempts, timeoutMs, signal });
      }
      if (!Array.isArray((completion as Partial<typeof completion> | undefined)?.choices)) {
        const text = typeof completion === 'string' ? completion : JSON.stringify(completion ?? null);
        throw notAChatCompletion({ baseURL, what }, `"${text.replace(/\s+/g, ' ').slice(0, 80)}"`);
      }
      const tokens: TokenCounts = {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        cachedInputTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
      };
      const message = completion.choices[0]?.message;
      return {
        content: message?.content ?? '',
        ...(message?.refusal ? { refusal: message.refusal } : {}),
        tokens,
        costUsd: price ? tokenCost({ prices: price }, tokens) : 0,
        attempts,
      };
    },
  };
}
