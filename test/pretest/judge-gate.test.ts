import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExecutionError } from '../../src/errors.js';
import { decideStop, judgeGate, type GateObservations, type GateRules } from '../../src/pretest/judge-gate.js';
import type { StatusSnapshot } from '../../src/pretest/status-file.js';

const complete: GateRules = { mode: 'complete', stuckAfterMs: 60_000 };
const smoke: GateRules = { mode: 'smoke', forMs: 45_000, stuckAfterMs: 60_000 };

function status(fields: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { phase: 'initial_answer', completion: 40, agents: { agent_a: { status: 'streaming' }, agent_b: { status: 'streaming' } }, ...fields };
}

function seen(fields: Partial<GateObservations> = {}): GateObservations {
  return {
    elapsedMs: 10_000,
    targetExit: { code: 0, signal: null },
    stoppedBy: 'exit',
    statusPath: '/logs/status.json',
    status: status({ completion: 100, winner: 'agent_a' }),
    statusReadErrors: 0,
    progressed: true,
    sinceProgressMs: 0,
    ...fields,
  };
}

test('a target that exits 0 with a winner opens the gate', () => {
  assert.deepEqual(judgeGate(seen(), complete), { verdict: 'pass', exitCode: 0, reason: 'the target exited 0 with winner agent_a' });
});

test('a target that exits 0 at 100% without a winner opens the gate', () => {
  assert.equal(judgeGate(seen({ status: status({ completion: 100 }) }), complete).verdict, 'pass');
});

test('a target that exits 0 with no winner and unfinished status closes the gate with 2', () => {
  const verdict = judgeGate(seen({ status: status({ completion: 60 }) }), complete);
  assert.equal(verdict.exitCode, 2);
  assert.match(verdict.reason, /no winner and completion_percentage 60%/);
});

test('exit codes of the target map to the gate: 1 config, 2 and others execution, 3 timeout', () => {
  const exitWith = (code: number | null, signal: string | null = null) => judgeGate(seen({ targetExit: { code, signal }, status: status() }), complete);
  assert.equal(exitWith(1).exitCode, 1);
  assert.match(exitWith(1).reason, /code 1 \(configuration error\)/);
  assert.equal(exitWith(2).exitCode, 2);
  assert.equal(exitWith(3).exitCode, 3);
  assert.equal(exitWith(4).exitCode, 2);
  assert.equal(exitWith(137).exitCode, 2);
  assert.equal(exitWith(null, 'SIGKILL').exitCode, 2);
  assert.match(exitWith(null, 'SIGKILL').reason, /killed by SIGKILL/);
});

test('an agent error closes the gate with 2 and names the agent and its error', () => {
  const errored = status({ agents: { agent_a: { status: 'streaming' }, agent_b: { status: 'error', error: 'rate limit exceeded' } } });
  const verdict = judgeGate(seen({ targetExit: null, stoppedBy: 'agent-error', status: errored }), complete);
  const { failure, ...rest } = verdict;
  assert.deepEqual(rest, { verdict: 'fail', exitCode: 2, reason: 'agent_b reported an error: rate limit exceeded' });
  assert.ok(failure instanceof ExecutionError && failure.message === rest.reason, 'the gate closes with an execution error saying why');
  assert.equal(decideStop(seen({ targetExit: null, stoppedBy: undefined, status: errored }), complete), 'agent-error');
});

test('a timeout closes the gate with 3', () => {
  const rules = { ...complete, timeoutMs: 5000 };
  const running = seen({ targetExit: null, stoppedBy: undefined, elapsedMs: 5000, status: status() });
  assert.equal(decideStop(running, rules), 'timeout');
  const verdict = judgeGate({ ...running, stoppedBy: 'timeout' }, rules);
  assert.equal(verdict.exitCode, 3);
  assert.match(verdict.reason, /^timeout: .*5\.0s/);
});

test('no increase of completion for --stuck-after closes the gate with 3 and a reason starting with stuck', () => {
  const running = seen({ targetExit: null, stoppedBy: undefined, status: status({ completion: 30 }), sinceProgressMs: 60_000 });
  assert.equal(decideStop(running, complete), 'stuck');
  assert.equal(decideStop({ ...running, sinceProgressMs: 59_999 }, complete), undefined);
  const verdict = judgeGate({ ...running, stoppedBy: 'stuck' }, complete);
  assert.equal(verdict.exitCode, 3);
  assert.match(verdict.reason, /^stuck: completion_percentage stayed at 30 /);
});

test('an interrupt closes the gate with 4', () => {
  const verdict = judgeGate(seen({ targetExit: null, stoppedBy: 'interrupt', interruptSignal: 'SIGTERM' }), complete);
  assert.equal(verdict.exitCode, 4);
  assert.match(verdict.reason, /interrupted by SIGTERM/);
});

test('a status file announced but never readable closes the gate with 2 and says why', () => {
  const unreadable = seen({ status: undefined, statusReadErrors: 3, lastStatusError: 'Unexpected end of JSON input' });
  const verdict = judgeGate(unreadable, complete);
  assert.equal(verdict.exitCode, 2);
  assert.match(verdict.reason, /announced but never readable \(3 failed reads, last: Unexpected end of JSON input\)/);
  const running = { ...unreadable, targetExit: null, stoppedBy: undefined, elapsedMs: 60_000 };
  assert.equal(decideStop(running, complete), 'status-unreadable');
  assert.equal(judgeGate({ ...running, stoppedBy: 'status-unreadable' }, complete).exitCode, 2);
});

test('a target without a status file passes on exit 0, and --expect must match when given', () => {
  const plain = seen({ statusPath: undefined, status: undefined });
  assert.equal(judgeGate(plain, complete).verdict, 'pass');
  assert.equal(judgeGate({ ...plain, expectMatched: true }, { ...complete, expect: /RESULT/ }).verdict, 'pass');
  const missed = judgeGate({ ...plain, expectMatched: false }, { ...complete, expect: /RESULT/ });
  assert.equal(missed.exitCode, 2);
  assert.match(missed.reason, /matched --expect RESULT/);
});

test('smoke mode stops at the end of the duration and passes a running, progressing target', () => {
  const running = seen({ targetExit: null, stoppedBy: undefined, elapsedMs: 45_000, status: status() });
  assert.equal(decideStop({ ...running, elapsedMs: 44_999 }, smoke), undefined);
  assert.equal(decideStop(running, smoke), 'duration');
  const verdict = judgeGate({ ...running, stoppedBy: 'duration' }, smoke);
  assert.equal(verdict.verdict, 'pass');
  assert.match(verdict.reason, /running and progressing after 45\.0s/);
});

test('smoke mode fails a running target whose status made no progress', () => {
  const verdict = judgeGate(seen({ targetExit: null, stoppedBy: 'duration', status: status(), progressed: false }), smoke);
  assert.equal(verdict.exitCode, 3);
  assert.match(verdict.reason, /^stuck: /);
});

test('smoke mode passes a target that finished within the duration and fails one that exited 2', () => {
  assert.equal(judgeGate(seen(), smoke).verdict, 'pass');
  assert.equal(judgeGate(seen({ targetExit: { code: 2, signal: null }, status: status() }), smoke).exitCode, 2);
});
