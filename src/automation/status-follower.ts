/**
 * Following a run from outside through its status.json (what `termaudit watch` does): reading the file
 * while it is being rewritten, and turning successive documents into the few lines worth printing.
 */
import { readFile } from 'node:fs/promises';
import { protocolLine } from './protocol-line.js';
import type { RunResult, StatusDocument } from './status-reporter.js';

/** readStatusFile reads a status.json, or returns undefined when it is missing, unreadable or not a status document. */
export async function readStatusFile(path: string): Promise<StatusDocument | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const document = value as Partial<StatusDocument>;
    if (typeof document.meta !== 'object' || typeof document.stages !== 'object' || !('result' in document)) return undefined;
    return document as StatusDocument;
  } catch {
    // Missing (not started yet) or, from a writer that does not rename atomically, half written: try again later.
    return undefined;
  }
}

/** runResultOf turns the `result` of a status document back into a RunResult. */
export function runResultOf(result: NonNullable<StatusDocument['result']>): RunResult {
  return { exitCode: result.exit_code, status: result.status, message: result.message ?? undefined, outputs: result.outputs };
}

/**
 * statusChangeLines gives the plain lines that tell what changed from `previous` to `current`: a
 * `STAGE: <name>` line when a new stage runs, and a `PROGRESS: <n>%` line at each new tenth of the run.
 */
export function statusChangeLines(previous: StatusDocument | undefined, current: StatusDocument): string[] {
  const lines: string[] = [];
  if (current.stage !== null && current.stage !== previous?.stage) lines.push(protocolLine('STAGE', current.stage));
  const tenth = Math.floor(current.completion_percentage / 10);
  const previousTenth = previous ? Math.floor(previous.completion_percentage / 10) : 0;
  if (tenth > previousTenth && current.result === null) lines.push(protocolLine('PROGRESS', `${tenth * 10}%`));
  return lines;
}
