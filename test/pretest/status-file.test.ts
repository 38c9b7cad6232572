import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatus } from '../../src/pretest/status-file.js';

test('parseStatus reads the protocol fields under coordination, results and agents', () => {
  const status = parseStatus(JSON.stringify({ coordination: { phase: 'voting', completion_percentage: 60 }, results: { winner: 'agent_b' }, agents: { agent_a: { status: 'error', error: { message: 'boom' } } } }));
  assert.deepEqual(status, { phase: 'voting', completion: 60, winner: 'agent_b', agents: { agent_a: { status: 'error', error: 'boom' } } });
});

test("parseStatus also reads a flat status.json like termaudit's own (stage and completion_percentage at the top)", () => {
  const status = parseStatus(JSON.stringify({ meta: { run_id: 'x' }, stage: 'render', completion_percentage: 42, stages: {}, result: null }));
  assert.deepEqual(status, { phase: 'render', completion: 42, agents: {} });
});

test('parseStatus tolerates missing fields and rejects what is not an object', () => {
  assert.deepEqual(parseStatus('{}'), { agents: {} });
  assert.throws(() => parseStatus('[1]'), TypeError);
  assert.throws(() => parseStatus('{'), SyntaxError);
});
