/**
 * The vision model behind the OpenAI judge and `compare --pairwise`: one OpenAI-compatible Chat Completions
 * client (OpenAI, Azure, vLLM, Ollama, OpenRouter: anything speaking that protocol at `baseURL`), one retry
 * policy (the SDK's: 408/409/429/5xx, connection failures and timeouts, honouring retry-after), one account
 * of tokens and cost (the price given, else the registry's), and one place that turns what the SDK throws into a
 * termaudit error. Callers build the request body; `complete` sends it and says what came back. The same
 * client reads the server's list-models endpoint, for the lifecycle of a model (its `shutdown_date`).
 */
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ConfigError, ExecutionError, InterruptedError, TimeoutError, abortSignalName } from '../errors.js';
import type { ResolvedJudgeSettings } from './judge-settings.js';
import { findModel, tokenCost, type ModelInfo, type ModelPrices, type ServerModelEntry, type TokenCounts } from './models.js';

/** VisionChoice is one of the replies a request asked for (`n` of them; one by default): its text, or the model's refusal. */
export interface VisionChoice {
  content: string;
  /** The model's refusal, when it refused. */
  refusal?: string;
}

/** VisionReply is what one request brought back: the first reply's text (or refusal), every choice, its tokens, cost and attempts. */
export interface VisionReply extends VisionChoice {
  /** Every choice in the server's order: as many as the request's `n` asked for, unless the server ignored it. */
  choices: VisionChoice[];
  /** The request's tokens: the input counted once, the output of every choice. */
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

/**
 * rejectsParameter tells whether `error` (what the SDK threw, or the termaudit error made of it) is the
 * server refusing the request parameter `name` (HTTP 400 or 422): OpenAI names it in the error's `param`
 * (`'n'` with `unsupported_value`), other servers only in the message (`'n' is not supported`, `n must be 1`).
 */
export function rejectsParameter(error: unknown, name: string): boolean {
  const api = errorChain(error).find((item): item is InstanceType<typeof OpenAI.APIError> => item instanceof OpenAI.APIError);
  if (!api || (api.status !== 400 && api.status !== 422)) return false;
  const body = (api.error ?? {}) as { param?: unknown; message?: unknown };
  if (body.param === name) return true;
  const message = String(body.message ?? api.message);
  const quoted = new RegExp(`['"\`]${name}['"\`]`);
  const named = new RegExp(`(?:parameter|argument)\\s+${name}\\b|\\b${name}\\s+(?:must|is not|is unsupported|not supported|should|parameter|argument|>|=)`, 'i');
  return quoted.test(message) || named.test(message);
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

/** clientOf returns the SDK client of a connection; `timeoutMs` and `maxRetries` override the connection's. */
function clientOf(connection: VisionConnection, options: { fetch?: typeof fetch; timeoutMs?: number; maxRetries?: number } = {}): OpenAI {
  const { baseURL, apiKey } = connection;
  return new OpenAI({ apiKey, baseURL, timeout: options.timeoutMs ?? connection.timeoutMs, maxRetries: options.maxRetries ?? connection.maxRetries, fetch: options.fetch ?? globalThis.fetch });
}

/** LOOKUP_TIMEOUT_MS caps the wait for a list-models answer: the lookup is advisory and must not hold an evaluation up. */
export const LOOKUP_TIMEOUT_MS = 15_000;

/** ModelLookup is what the server said of a model: its entry, or (`unavailable`) why it said nothing usable. */
export type ModelLookup = { entry: ServerModelEntry } | { unavailable: string };

/** entryOf keeps what termaudit reads of a list-models entry (the SDK's Model type does not declare shutdown_date yet). */
function entryOf(model: OpenAI.Models.Model & { shutdown_date?: unknown }): ServerModelEntry {
  const date = model.shutdown_date;
  return { id: model.id, ...(date === null || typeof date === 'string' ? { shutdown_date: date } : {}) };
}

/** lookupFailure describes why a list-models request gave nothing usable, in a few words. */
function lookupFailure(error: unknown, connection: VisionConnection, what: string): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) return `HTTP ${error.status}`;
  return visionFailure(error, { model: connection.model, baseURL: connection.baseURL, what, attempts: 1, timeoutMs: Math.min(connection.timeoutMs, LOOKUP_TIMEOUT_MS) }).message;
}

/**
 * withCallSignal runs one SDK call with a signal of its own that follows `signal`, and lets go of `signal`
 * when the call ends. The OpenAI SDK adds an abort listener to the signal of every HTTP attempt and never
 * removes it: handed an evaluation's shared signal, fifteen calls (three samples asked one by one, five
 * prompts) or a few retries pass Node's limit of 10 listeners and print MaxListenersExceededWarning, the
 * listeners outliving their calls. This way `signal` holds one listener per call in flight.
 */
async function withCallSignal<T>(signal: AbortSignal | undefined, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!signal) return call(undefined);
  const own = new AbortController();
  const follow = () => own.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  try {
    return await call(own.signal);
  } finally {
    signal.removeEventListener('abort', follow);
  }
}

/**
 * retrieveServerModel reads the connection's model from the server's list-models endpoint
 * (`GET /models/{id}`), once, without retries. A server without the endpoint, one that does not know the
 * model, or one out of reach is `unavailable` (with the reason), never an error: the registry stands in.
 * Only an interrupt throws.
 */
export async function retrieveServerModel(connection: VisionConnection, signal?: AbortSignal): Promise<ModelLookup> {
  const client = clientOf(connection, { timeoutMs: Math.min(connection.timeoutMs, LOOKUP_TIMEOUT_MS), maxRetries: 0 });
  try {
    const model = await withCallSignal(signal, (own) => client.models.retrieve(connection.model, { signal: own }));
    if (typeof (model as Partial<typeof model> | undefined)?.id !== 'string') return { unavailable: 'the answer is not a model entry' };
    return { entry: entryOf(model) };
  } catch (error) {
    if (signal?.aborted) throw visionFailure(error, { model: connection.model, baseURL: connection.baseURL, what: 'the model lookup', attempts: 1, timeoutMs: connection.timeoutMs, signal });
    return { unavailable: lookupFailure(error, connection, 'the model lookup') };
  }
}

/**
 * listServerModels returns every model the server's list-models endpoint (`GET /models`) offers, in its
 * order. What stops it (no endpoint, no connection, a rejected key) throws as termaudit errors do.
 */
export async function listServerModels(connection: Omit<VisionConnection, 'model' | 'price'>, signal?: AbortSignal): Promise<ServerModelEntry[]> {
  const full: VisionConnection = { ...connection, model: '', price: undefined };
  const client = clientOf(full);
  const entries: ServerModelEntry[] = [];
  try {
    await withCallSignal(signal, async (own) => {
      for await (const model of client.models.list({ signal: own })) entries.push(entryOf(model));
    });
  } catch (error) {
    if (error instanceof OpenAI.NotFoundError || (error instanceof OpenAI.APIError && error.status === 405)) {
      throw new ExecutionError(`${connection.baseURL} has no list-models endpoint (GET /models answered HTTP ${error.status}): it cannot say what it offers; termaudit models (without --live) shows the registry`, { cause: error });
    }
    throw visionFailure(error, { model: '', baseURL: connection.baseURL, what: 'the list of models', attempts: 1, timeoutMs: connection.timeoutMs, signal });
  }
  return entries;
}

/**
 * createVisionModel returns the OpenAI-compatible vision model of `connection`. `fetch` replaces the
 * fetch the SDK uses (e.g. to trace requests); every call counts its own HTTP attempts through it.
 */
export function createVisionModel(connection: VisionConnection, options: { fetch?: typeof fetch } = {}): VisionModel {
  const { model, baseURL, timeoutMs, price } = connection;
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
      const client = clientOf(connection, { fetch: countingFetch });
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await withCallSignal(signal, (own) => client.chat.completions.create(body, { signal: own }));
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
      // Choices come in their `index` order; a server that sends them out of order is put right.
      const choices = [...completion.choices]
        .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
        .map(({ message }): VisionChoice => ({ content: message?.content ?? '', ...(message?.refusal ? { refusal: message.refusal } : {}) }));
      return {
        content: choices[0]?.content ?? '',
        ...(choices[0]?.refusal ? { refusal: choices[0].refusal } : {}),
        choices,
        tokens,
        costUsd: price ? tokenCost({ prices: price }, tokens) : 0,
        attempts,
      };
    },
  };
}
