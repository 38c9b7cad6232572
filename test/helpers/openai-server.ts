/**
 * A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI Chat Completions protocol for the judge's
 * tests: it records every request and answers each call by the next scripted behaviour (a valid answer for
 * the request's schema by default, an HTTP error, a delay, invalid content, given usage numbers). It lists its
 * models (`GET /v1/models`, `GET /v1/models/{id}`) in OpenAI's shape, each with its optional `shutdown_date`.
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
  /** Reply 200 with this content (a valid answer for the request's schema when omitted) and usage. */
  | { reply?: string | object; refusal?: string; usage?: ServerUsage; delayMs?: number }
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
   * default) answers every id with a plain entry, like a server that serves any model.
   */
  models: ServerModel[] | undefined;
  /** The status the list-models endpoints answer with instead, as a server without them does (404, 405). */
  modelsStatus: number | undefined;
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues behaviours for the next calls; once the queue is empty every call gets a valid answer. */
  script(...behaviours: Behaviour[]): void;
  /** The usage every default reply reports. */
  defaultUsage: ServerUsage;
  /** The largest number of chat requests in flight at the same time since the server started (see maxOverlap for a subset). */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** validAnswerFor builds an answer that satisfies the request's JSON schema (criteria keys from the schema). */
export function validAnswerFor(body: any): object {
  const schema = body?.response_format?.json_schema?.schema;
  const keys = Object.keys(schema?.properties?.criteria?.properties ?? {});
  const criteria: Record<string, unknown> = {};
  for (const [index, key] of keys.entries()) {
    criteria[key] = { applicable: true, score: 7 + (index % 3), rationale: `The ${key} looks fine.`, evidence: [{ frame: 1, quote: '$ ' }] };
  }
  return {
    criteria,
    issues: [{ severity: 'minor', title: 'Prompt is terse', frame: 1, recommendation: 'Explain the next step.' }],
    summary: 'A usable program with small rough edges.',
  };
}

/** openAIError builds OpenAI's error JSON shape. */
export function openAIError(message: string, type = 'invalid_request_error', code: string | null = null): object {
  return { error: { message, type, param: null, code } };
}

function completion(body: any, content: string | null, refusal: string | null, usage: ServerUsage): object {
  return {
    id: `chatcmpl-test-${Math.random().toString(16).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'unknown',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: usage.promptTokens ?? 0,
      completion_tokens: usage.completionTokens ?? 0,
      total_tokens: (usage.promptTokens ?? 0) + (usage.completionTokens ?? 0),
      prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    },
  };
}

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
          sendJson(response, 200, { object: 'list', data: (state.models ?? [{ id: 'gpt-4.1' }]).map(modelEntry) });
          return;
        }
        const id = decodeURIComponent(request.url.slice('/v1/models/'.length));
        const model = state.models ? state.models.find((item) => item.id === id) : { id };
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
      const behaviour: Behaviour = queue.shift() ?? {};
      try {
        if ('hangMs' in behaviour) {
          await waitOrClose(behaviour.hangMs, response);
          response.destroy();
          return;
        }
        if ('truncateAfterBytes' in behaviour) {
          const text = JSON.stringify(completion(body, JSON.stringify(validAnswerFor(body)), null, state.defaultUsage));
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
        const reply = behaviour.refusal !== undefined ? null : behaviour.reply ?? validAnswerFor(body);
        const content = reply === null ? null : typeof reply === 'string' ? reply : JSON.stringify(reply);
        sendJson(response, 200, completion(body, content, behaviour.refusal ?? null, behaviour.usage ?? state.defaultUsage));
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
