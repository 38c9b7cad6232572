/**
 * The demo's status.json, with the field names of the automation protocol (meta, coordination, agents,
 * results) so that `termaudit pretest` and `watch` read it the way they read the real thing.
 */
import type { DemoState } from './state.js';

/** DemoRunInfo is what the status file says about the run besides its state. */
export interface DemoRunInfo {
  sessionId: string;
  startTime: Date;
  elapsedSeconds: number;
  /** Exit code once the run has ended, else null. */
  exitCode: number | null;
  /** Why the run failed or stopped, else null. */
  error: string | null;
}

/** DemoStatusDocument is the content of status.json. */
export interface DemoStatusDocument {
  meta: { session_id: string; question: string; start_time: string; elapsed_seconds: number; agent_ids: string[] };
  coordination: { phase: string; completion_percentage: number; round: number; total_answers: number; votes: Record<string, string> };
  agents: Record<string, { status: string; error: string | null; answer_count: number; model: string; voted_for: string | null }>;
  results: { winner: string | null; final_answer: string | null; exit_code: number | null; error: string | null };
}

const rounds = { initial_answer: 1, enforcement: 2, presentation: 3 } as const;

/** demoStatusDocument builds status.json from the run's state. */
export function demoStatusDocument(state: DemoState, run: DemoRunInfo): DemoStatusDocument {
  return {
    meta: {
      session_id: run.sessionId,
      question: state.question,
      start_time: run.startTime.toISOString(),
      elapsed_seconds: Math.round(run.elapsedSeconds * 10) / 10,
      agent_ids: state.agents.map((agent) => agent.id),
    },
    coordination: {
      phase: state.phase,
      completion_percentage: state.completion,
      round: rounds[state.phase],
      total_answers: state.totalAnswers,
      votes: { ...state.votes },
    },
    agents: Object.fromEntries(
      state.agents.map((agent) => [
        agent.id,
        { status: agent.status, error: agent.error, answer_count: agent.answerCount, model: agent.model, voted_for: agent.votedFor },
      ]),
    ),
    results: {
      winner: state.done ? state.winner : null,
      final_answer: state.done ? state.finalAnswer : null,
      exit_code: run.exitCode,
      error: run.error,
    },
  };
}
