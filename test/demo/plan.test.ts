import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDemoEvents, demoPhases, demoStatusDocument, initialDemoState, planDemo, type DemoPlan } from '../../src/demo/index.js';

function finalState(plan: DemoPlan) {
  return applyDemoEvents(plan, initialDemoState(plan), Infinity);
}

test('the plan is the same for the same seed and differs across seeds', () => {
  assert.deepEqual(planDemo({ seed: 7 }), planDemo({ seed: 7 }));
  assert.notDeepEqual(planDemo({ seed: 7 }).events, planDemo({ seed: 8 }).events);
});

test('the default run lasts between 30 and 45 seconds at speed 1', () => {
  for (const seed of [1, 2, 3, 42]) {
    const { durationMs } = planDemo({ seed });
    assert.ok(durationMs >= 30_000 && durationMs <= 45_000, `seed ${seed}: ${durationMs} ms`);
  }
});

test('every phase appears once, in order, and time and completion never go back', () => {
  for (const agents of [1, 3, 6]) {
    const plan = planDemo({ agents, seed: agents });
    const phases = plan.events.flatMap((event) => (event.kind === 'phase' ? [event.phase] : []));
    assert.deepEqual(phases, [...demoPhases]);
    for (let index = 1; index < plan.events.length; index++) {
      assert.ok(plan.events[index].atMs >= plan.events[index - 1].atMs, `time goes back at event ${index}`);
      assert.ok(plan.events[index].completion >= plan.events[index - 1].completion, `completion goes back at event ${index}`);
    }
    assert.equal(plan.events[0].completion, 0);
    assert.equal(plan.events.at(-1)?.kind, 'done');
    assert.equal(plan.events.at(-1)?.completion, 100);
  }
});

test('every agent answers and votes, and the winner has the most votes', () => {
  const plan = planDemo({ agents: 4, seed: 5 });
  const state = finalState(plan);
  assert.equal(state.done, true);
  assert.equal(state.totalAnswers, 4);
  assert.equal(Object.keys(state.votes).length, 4);
  const tally = (id: string) => Object.values(state.votes).filter((target) => target === id).length;
  assert.ok(state.winner);
  for (const agent of state.agents) assert.ok(tally(state.winner) >= tally(agent.id));
  assert.ok(state.agents.every((agent) => agent.status === 'completed'));
  const winnerText = state.agents.find((agent) => agent.id === state.winner)?.text;
  assert.equal(state.finalAnswer, winnerText);
});

test('agent-error scripts one agent that fails, never answers and never votes', () => {
  const plan = planDemo({ agents: 3, seed: 2, fail: 'agent-error' });
  const state = finalState(plan);
  const failed = state.agents.filter((agent) => agent.status === 'error');
  assert.equal(failed.length, 1);
  assert.match(failed[0].error ?? '', /error|reset/);
  assert.equal(failed[0].answerCount, 0);
  assert.equal(state.votes[failed[0].id], undefined);
  assert.notEqual(state.winner, failed[0].id);
});

test('applying events is a fold: the states in between do not change and agents move through the statuses', () => {
  const plan = planDemo({ agents: 2, seed: 3 });
  const start = initialDemoState(plan);
  const middle = applyDemoEvents(plan, start, plan.durationMs / 4);
  assert.equal(start.applied, 0);
  assert.ok(start.agents.every((agent) => agent.status === 'waiting' && agent.text === ''));
  assert.ok(middle.agents.some((agent) => agent.status === 'streaming'));
  assert.equal(applyDemoEvents(plan, middle, plan.durationMs / 4), middle, 'no new event, same state');
});

test('status.json carries the fields of the automation protocol, with no winner until the run is done', () => {
  const plan = planDemo({ seed: 1 });
  const run = { sessionId: 's1', startTime: new Date(0), elapsedSeconds: 3.14, exitCode: null, error: null };
  const running = demoStatusDocument(applyDemoEvents(plan, initialDemoState(plan), plan.durationMs / 2), run);
  assert.deepEqual(running.meta, { session_id: 's1', question: plan.question, start_time: '1970-01-01T00:00:00.000Z', elapsed_seconds: 3.1, agent_ids: ['agent_a', 'agent_b', 'agent_c'] });
  assert.ok(running.coordination.completion_percentage > 0 && running.coordination.completion_percentage < 100);
  assert.equal(running.results.winner, null);
  assert.deepEqual(Object.keys(running.agents.agent_a).sort(), ['answer_count', 'error', 'model', 'status', 'voted_for']);
  const done = demoStatusDocument(finalState(plan), { ...run, exitCode: 0 });
  assert.equal(done.coordination.phase, 'presentation');
  assert.equal(done.coordination.completion_percentage, 100);
  assert.match(done.results.winner ?? '', /^agent_[abc]$/);
  assert.ok((done.results.final_answer ?? '').length > 100);
  assert.equal(done.results.exit_code, 0);
});
