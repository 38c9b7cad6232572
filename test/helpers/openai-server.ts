/**
 * A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI Chat Completions protocol for the judge's
 * tests: it records every request and answers each call by the next scripted behaviour (a valid answer for
 * the request's schema by default, per-prompt or combined, an HTTP error, a delay, invalid content, given usage
 * numbers). It honours `n` (that many choices, the usage's completion tokens counted per choice) unless told to
 * refuse it with OpenAI's 400 or to ignore it as some servers do. It lists its models (`GET /v1/models`,
 * `GET /v1/models/{id}`) in OpenAI's shape, each with its optional `shutdown_date`.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** RecordedRequest is one request the server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined for a body that is not JSON). */
  body: any;
  /** When the request arrived and when its answer was sent (ms since the epoch; 0 while in flight). */
  receivedAt: number;
  answeredAt: number;
}

/** ServerUsage are the usage numbers a reply reports. */
export interface ServerUsage {
  promptTokens?: number;
  cachedTokens?: number;
  completionTokens?: number;
}

/** Behaviour is what the server does with one call of /v1/chat/completions. */
export type Behaviour =
  /**
   * Reply 200 with this content (a valid answer for the request's schema when omitted) and usage; with `n`,
   * `replies` gives the choices' contents in order (valid answers for the rest). The usage's completion tokens
   * are per choice.
   */
  | { reply?: string | object; replies?: (string | object)[]; refusal?: string; usage?: ServerUsage; delayMs?: number }
  /** Reply with an HTTP status, an error body (OpenAI's error shape by default) and headers. */
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Wait, then close the connection without answering (a client timeout shorter than this fires first). */
  | { hangMs: number }
  /** Start a valid 200 reply (its full content-length announced), send only its first `truncateAfterBytes` bytes, then close the connection. */
  | { truncateAfterBytes: number };

/** ServerModel is one entry of the server's list-models endpoint, in OpenAI's shape. */
export interface ServerModel {
  id: string;
  object?: 'model';
  created?: number;
  owned_by?: string;
  /** `YYYY-MM-DD`, null (none announced), or absent (a server that does not carry the field). */
  shutdown_date?: string | null;
}

/** OpenAIServer is a running test server. */
export interface OpenAIServer {
  /**
   * The models `GET /v1/models` lists and `GET /v1/models/{id}` returns (404 for others). Undefined (the
   * default) answers every id with an entry announcing no shutdown (`shutdown_date: null`), like a server
   * that serves any model for good: the tests that are not about a model's lifecycle then pass whatever
   * the date, where the registry's shutdown dates (gpt-4.1's 2027-01-14) would refuse their model one day.
   */
  models: ServerModel[] | undefined;
  /** The status the list-models endpoints answer with instead, as a server without them does (404, 405). */
  modelsStatus: number | undefined;
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues behaviours for the next calls; once the queue is empty every call gets a valid answer. */
  script(...behaviours: Behaviour[]): void;
  /** The usage every default reply reports (completion tokens per choice). */
  defaultUsage: ServerUsage;
  /**
   * What the server does with `n` above 1: `honour` it (the default), `reject` the request with OpenAI's 400
   * naming the parameter, or `ignore` it and send one choice, as servers without `n` do.
   */
  samplesParameter: 'honour' | 'reject' | 'ignore';
  /** The largest number of chat requests in flight at the same time since the server started (see maxOverlap for a subset). */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** criterionAnswers answers every criterion of a criteria schema: 7, 8, 9, 7, … in schema order. */
function criterionAnswers(criteriaSchema: any): Record<string, unknown> {
  const criteria: Record<string, unknown> = {};
  for (const [index, key] of Object.keys(criteriaSchema?.properties ?? {}).entries()) {
    criteria[key] = { applicable: true, score: 7 + (index % 3), rationale: `The ${key} looks fine.`, evidence: [{ frame: 1, quote: '$ ' }] };
  }
  return criteria;
}

/**
 * validAnswerFor builds an answer that satisfies the request's JSON schema (criteria keys from the schema):
 * one prompt's, or every prompt's at once (criteria under each prompt id, each issue naming a rubric), with
 * the same scores for a criterion either way.
 */
export function validAnswerFor(body: any): object {
  const schema = body?.response_format?.json_schema?.schema;
  const criteriaSchema = schema?.properties?.criteria;
  const issue = { severity: 'minor', title: 'Prompt is terse', frame: 1, recommendation: 'Explain the next step.' };
  const summary = 'A usable program with small rough edges.';
  const rubrics: string[] | undefined = schema?.properties?.issues?.items?.properties?.rubric?.enum;
  if (!rubrics) return { criteria: criterionAnswers(criteriaSchema), issues: [issue], summary };
  const criteria = Object.fromEntries(rubrics.map((id) => [id, criterionAnswers(criteriaSchema.properties[id])]));
  return { criteria, issues: rubrics.map((rubric) => ({ rubric, ...issue })), summary };
}

/** openAIError builds OpenAI's error JSON shape. */
export function openAIError(message: string, type = 'invalid_request_error', code: string | null = null): object {
  return { error: { message, type, param: null, code } };
}

/** completion builds a chat completion with one choice per content; the completion tokens of `usage` count per choice. */
function completion(body: any, contents: readonly (string | null)[], refusal: string | null, usage: ServerUsage): object {
  const completionTokens = (usage.completionTokens ?? 0) * contents.length;
  return {
    id: `chatcmpl-test-${Math.random().toString(16).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'unknown',
    choices: contents.map((content, index) => ({ index, message: { role: 'assistant', content, refusal }, finish_reason: 'stop', logprobs: null })),
    usage: {
      prompt_tokens: usage.promptTokens ?? 0,
      completion_tokens: completionTokens,
      total_tokens: (usage.promptTokens ?? 0) + completionTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    },
  };
}

/** contentOf is a scripted reply as the text of a message. */
const contentOf = (reply: string | object): string => (typeof reply === 'string' ? reply : JSON.stringify(reply));

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** waitOrClose waits `ms`, or less when the client goes away first (so a closed server exits promptly). */
function waitOrClose(ms: number, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    response.once('close', done);
    function done() {
      clearTimeout(timer);
      response.off('close', done);
      resolve();
    }
  });
}

/** startOpenAIServer starts the server on a free loopback port. */
export async function startOpenAIServer(): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  const queue: Behaviour[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const state = {
    defaultUsage: { promptTokens: 1000, cachedTokens: 0, completionTokens: 100 } as ServerUsage,
    models: undefined as ServerModel[] | undefined,
    modelsStatus: undefined as number | undefined,
    samplesParameter: 'honour' as OpenAIServer['samplesParameter'],
  };
  const modelEntry = (model: ServerModel) => ({ object: 'model', created: 0, owned_by: 'test', ...model });

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, receivedAt: Date.now(), answeredAt: 0 };
      requests.push(recorded);
      if (request.method === 'GET' && request.url?.startsWith('/v1/models')) {
        if (state.modelsStatus !== undefined) {
          sendJson(response, state.modelsStatus, openAIError(`scripted HTTP ${state.modelsStatus}`));
          return;
        }
        if (request.url === '/v1/models') {
          sendJson(response, 200, { object: 'list', data: (state.models ?? [{ id: 'gpt-4.1', shutdown_date: null }]).map(modelEntry) });
          return;
        }
        const id = decodeURIComponent(request.url.slice('/v1/models/'.length));
        const model = state.models ? state.models.find((item) => item.id === id) : { id, shutdown_date: null };
        if (model) sendJson(response, 200, modelEntry(model));
        else sendJson(response, 404, openAIError(`The model \`${id}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));
        return;
      }
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        sendJson(response, 404, openAIError(`unknown path ${request.url}`));
        return;
      }
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const scripted = queue.shift();
      const behaviour: Behaviour = scripted ?? {};
      try {
        if ('hangMs' in behaviour) {
          await waitOrClose(behaviour.hangMs, response);
          response.destroy();
          return;
        }
        const asked = typeof body?.n === 'number' && body.n > 1 ? body.n : 1;
        if (asked > 1 && state.samplesParameter === 'reject') {
          // The refused request does not use up the behaviour scripted for the next call.
          if (scripted) queue.unshift(scripted);
          sendJson(response, 400, { error: { message: `Unsupported value: 'n' does not support ${asked} with this model. Supported values are: 1.`, type: 'invalid_request_error', param: 'n', code: 'unsupported_value' } });
          return;
        }
        const choices = state.samplesParameter === 'ignore' ? 1 : asked;
        if ('truncateAfterBytes' in behaviour) {
          const text = JSON.stringify(completion(body, [JSON.stringify(validAnswerFor(body))], null, state.defaultUsage));
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          response.write(text.slice(0, behaviour.truncateAfterBytes), () => response.destroy());
          return;
        }
        if (behaviour.delayMs) await waitOrClose(behaviour.delayMs, response);
        if (response.destroyed) return;
        if ('status' in behaviour) {
          sendJson(response, behaviour.status, behaviour.body ?? openAIError(`scripted HTTP ${behaviour.status}`), behaviour.headers);
          return;
        }
        const contents = Array.from({ length: choices }, (_, index): string | null => {
          if (behaviour.refusal !== undefined) return null;
          const scripted = behaviour.replies?.[index] ?? (index === 0 ? behaviour.reply : undefined);
          return contentOf(scripted ?? validAnswerFor(body));
        });
        sendJson(response, 200, completion(body, contents, behaviour.refusal ?? null, behaviour.usage ?? state.defaultUsage));
      } finally {
        inFlight -= 1;
        recorded.answeredAt = Date.now();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...behaviours) => queue.push(...behaviours),
    get models() {
      return state.models;
    },
    set models(models: ServerModel[] | undefined) {
      state.models = models;
    },
    get modelsStatus() {
      return state.modelsStatus;
    },
    set modelsStatus(status: number | undefined) {
      state.modelsStatus = status;
    },
    get samplesParameter() {
      return state.samplesParameter;
    },
    set samplesParameter(mode: OpenAIServer['samplesParameter']) {
      state.samplesParameter = mode;
    },
    get defaultUsage() {
      return state.defaultUsage;
    },
    set defaultUsage(usage: ServerUsage) {
      state.defaultUsage = usage;
    },
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** maxOverlap returns the largest number of recorded requests that were in flight at the same time. */
export function maxOverlap(requests: readonly RecordedRequest[]): number {
  const events = requests.flatMap((request) => [
    { at: request.receivedAt, change: 1 },
    { at: request.answeredAt || Number.MAX_SAFE_INTEGER, change: -1 },
  ]);
  // Ends sort before starts at the same instant: a request answered as another arrives did not overlap it.
  events.sort((a, b) => a.at - b.at || a.change - b.change);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.change;
    max = Math.max(max, current);
  }
  return max;
}

/** modelRequests returns only the list-models requests (`GET /v1/models…`) a server received. */
export function modelRequests(server: OpenAIServer): RecordedRequest[] {
  return server.requests.filter((request) => request.url.startsWith('/v1/models'));
}

/** chatRequests returns only the chat completion requests a server received. */
export function chatRequests(server: OpenAIServer): RecordedRequest[] {
  return server.requests.filter((request) => request.url === '/v1/chat/completions');
}
