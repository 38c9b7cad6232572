/**
 * The progress timeline of a pretest: one entry per change of phase, completion or agent statuses, plus
 * the first and the last observation, so pretest.json shows how the target moved without a row per poll.
 */
import type { StatusSnapshot } from './status-file.js';

/** ProgressEntry is one point of the timeline. */
export interface ProgressEntry {
  /** Seconds since the target started. */
  time: number;
  phase: string | null;
  completion_percentage: number | null;
  agents: Record<string, string>;
}

/** progressEntry builds a timeline entry from a status snapshot seen `elapsedMs` after the start. */
export function progressEntry(elapsedMs: number, status: StatusSnapshot): ProgressEntry {
  const agents: Record<string, string> = {};
  for (const [id, agent] of Object.entries(status.agents)) agents[id] = agent.status;
  return {
    time: Math.round(elapsedMs) / 1000,
    phase: status.phase ?? null,
    completion_percentage: status.completion ?? null,
    agents,
  };
}

function sameProgress(a: ProgressEntry, b: ProgressEntry): boolean {
  return a.phase === b.phase && a.completion_percentage === b.completion_percentage && JSON.stringify(a.agents) === JSON.stringify(b.agents);
}

/**
 * appendProgress adds `entry` to the timeline when something changed since the last entry; with
 * `final`, it is added anyway (unless it is the very last one again), so the timeline ends at the end.
 */
export function appendProgress(timeline: readonly ProgressEntry[], entry: ProgressEntry, final = false): ProgressEntry[] {
  const last = timeline.at(-1);
  if (last === undefined) return [entry];
  if (!sameProgress(last, entry)) return [...timeline, entry];
  if (final && last.time !== entry.time) return [...timeline, entry];
  return [...timeline];
}
