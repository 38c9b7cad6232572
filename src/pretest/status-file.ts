/**
 * The target's status.json, as the automation protocol describes it: `coordination.phase`,
 * `coordination.completion_percentage`, `agents.<id>.status`/`error`, `results.winner` — or, for programs
 * whose status.json is flat (termaudit's own), a top-level `completion_percentage` and `stage`. Targets rewrite
 * it while we read it, so a read may find nothing, half a file or garbage: that is reported, not thrown.
 */
import { readFile } from 'node:fs/promises';

/** AgentState is one agent's entry in status.json. */
export interface AgentState {
  /** waiting, streaming, answered, voted, completed or error. */
  status: string;
  error?: string;
}

/** StatusSnapshot is the part of one status.json the gate looks at. */
export interface StatusSnapshot {
  phase?: string;
  completion?: number;
  winner?: string;
  agents: Record<string, AgentState>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.message === 'string') return value.message;
  return JSON.stringify(value);
}

/**
 * parseStatus reads the text of a status.json into a snapshot; throws a SyntaxError or TypeError saying
 * what is wrong when the text is not JSON or not an object. Unknown and missing fields are tolerated.
 */
export function parseStatus(text: string): StatusSnapshot {
  const data: unknown = JSON.parse(text);
  if (!isObject(data)) throw new TypeError('status.json is not a JSON object');
  const coordination = isObject(data.coordination) ? data.coordination : {};
  const results = isObject(data.results) ? data.results : {};
  const agents: Record<string, AgentState> = {};
  if (isObject(data.agents)) {
    for (const [id, agent] of Object.entries(data.agents)) {
      if (!isObject(agent)) continue;
      const error = errorText(agent.error);
      agents[id] = { status: typeof agent.status === 'string' ? agent.status : 'unknown', ...(error ? { error } : {}) };
    }
  }
  const completion = coordination.completion_percentage ?? data.completion_percentage;
  const phase = coordination.phase ?? data.stage;
  return {
    ...(typeof phase === 'string' ? { phase } : {}),
    ...(typeof completion === 'number' && Number.isFinite(completion) ? { completion } : {}),
    ...(typeof results.winner === 'string' && results.winner !== '' ? { winner: results.winner } : {}),
    agents,
  };
}

/** StatusRead is the outcome of one attempt to read the status file. */
export type StatusRead = { kind: 'ok'; status: StatusSnapshot } | { kind: 'missing' } | { kind: 'invalid'; error: string };

/** readStatus reads and parses the status file once, never throwing: a missing or broken file is a result. */
export async function readStatus(path: string): Promise<StatusRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', error: `cannot read ${path}: ${code ?? (error as Error).message}` };
  }
  try {
    return { kind: 'ok', status: parseStatus(text) };
  } catch (error) {
    return { kind: 'invalid', error: (error as Error).message };
  }
}

/** erroredAgent finds the first agent reporting status `error` (or an error text), if any. */
export function erroredAgent(status: StatusSnapshot | undefined): { id: string; error: string } | undefined {
  for (const [id, agent] of Object.entries(status?.agents ?? {})) {
    if (agent.status === 'error' || agent.error) return { id, error: agent.error ?? 'no error text' };
  }
  return undefined;
}
