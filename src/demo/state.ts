/**
 * The state of a demo run at one moment: the fold of the plan's events played so far. Both presenters draw
 * from it and status.json is written from it, so the display and the status file never disagree.
 */
import type { DemoEvent, DemoPhase, DemoPlan } from './plan.js';

/** The agent statuses of the reference protocol. */
export type DemoAgentStatus = 'waiting' | 'streaming' | 'answered' | 'voted' | 'completed' | 'error';

/** DemoAgentState is what one agent has done so far. */
export interface DemoAgentState {
  id: string;
  model: string;
  status: DemoAgentStatus;
  text: string;
  answerCount: number;
  error: string | null;
  votedFor: string | null;
}

/** DemoState is the whole run so far. */
export interface DemoState {
  question: string;
  phase: DemoPhase;
  completion: number;
  agents: DemoAgentState[];
  votes: Record<string, string>;
  totalAnswers: number;
  winner: string | null;
  finalAnswer: string;
  done: boolean;
  /** How many of the plan's events have been applied. */
  applied: number;
}

/** initialDemoState is the state before the first event. */
export function initialDemoState(plan: DemoPlan): DemoState {
  return {
    question: plan.question,
    phase: 'initial_answer',
    completion: 0,
    agents: plan.agents.map((agent) => ({ ...agent, status: 'waiting', text: '', answerCount: 0, error: null, votedFor: null })),
    votes: {},
    totalAnswers: 0,
    winner: null,
    finalAnswer: '',
    done: false,
    applied: 0,
  };
}

type Handlers = { [Kind in DemoEvent['kind']]: (state: DemoState, event: Extract<DemoEvent, { kind: Kind }>) => void };

function agentOf(state: DemoState, id: string): DemoAgentState {
  const agent = state.agents.find((candidate) => candidate.id === id);
  if (!agent) throw new Error(`the plan names an unknown agent ${id}`);
  return agent;
}

const handlers = {
  phase: (state, event) => void (state.phase = event.phase),
  start: (state, event) => void (agentOf(state, event.agent).status = 'streaming'),
  chunk: (state, event) => void (agentOf(state, event.agent).text += event.text),
  answer: (state, event) => {
    const agent = agentOf(state, event.agent);
    agent.status = 'answered';
    agent.answerCount += 1;
    state.totalAnswers += 1;
  },
  'agent-error': (state, event) => {
    const agent = agentOf(state, event.agent);
    agent.status = 'error';
    agent.error = event.message;
  },
  vote: (state, event) => {
    const agent = agentOf(state, event.agent);
    agent.status = 'voted';
    agent.votedFor = event.target;
    state.votes[event.agent] = event.target;
  },
  winner: (state, event) => {
    state.winner = event.agent;
    for (const agent of state.agents) if (agent.status !== 'error') agent.status = 'completed';
  },
  'final-chunk': (state, event) => void (state.finalAnswer += event.text),
  done: (state) => void (state.done = true),
} satisfies Handlers;

/** applyDemoEvents returns the state after the plan's events up to `elapsedMs` (at speed 1); the input is not changed. */
export function applyDemoEvents(plan: DemoPlan, state: DemoState, elapsedMs: number): DemoState {
  if (state.applied >= plan.events.length || plan.events[state.applied].atMs > elapsedMs) return state;
  const next: DemoState = { ...state, agents: state.agents.map((agent) => ({ ...agent })), votes: { ...state.votes } };
  while (next.applied < plan.events.length && plan.events[next.applied].atMs <= elapsedMs) {
    const event = plan.events[next.applied];
    (handlers[event.kind] as (state: DemoState, event: DemoEvent) => void)(next, event);
    next.completion = Math.max(next.completion, event.completion);
    next.applied += 1;
  }
  return next;
}
