import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ExecutionError, InterruptedError, QualityGateError, TimeoutError } from '../../src/errors.js';
import { applyExpectation, defaultWorkers, newRunId, reusedOutputs, scenarioEndOf, selectScenarios, stageNamesOf, stageRuns } from '../../src/pipeline/run-plan.js';
import type { PipelineConfig, ScenarioConfig } from '../../src/pipeline/types.js';

/** scenario is a minimal resolved scenario named `name`. */
function scenario(name: string, pretest = true): ScenarioConfig {
  return {
    name,
    command: ['node', 'x.mjs'],
    cwd: '/tmp',
    env: {},
    secrets: [],
    record: { cols: 80, rows: 24 },
    pretest: pretest ? { automationArgs: ['--automation'], mode: 'complete' } : false,
    render: { formats: ['mp4'] },
    sample: { frames: 12, strategies: ['changes'] },
    evaluate: { judge: 'heuristic', samples: 1 },
    gate: { maxDrop: 1, pairwise: false },
  };
}

test('newRunId names a run by its UTC start time', () => {
  assert.equal(newRunId(new Date('2026-03-04T05:06:07.890Z')), '20260304-050607');
});

test('defaultWorkers is at least one', () => {
  assert.ok(defaultWorkers() >= 1);
});

test('stageRuns runs the stages from --from on', () => {
  assert.deepEqual(
    (['pretest', 'record', 'render', 'evaluate', 'compare', 'report'] as const).filter((stage) => stageRuns(stage, 'evaluate')),
    ['evaluate', 'compare', 'report'],
  );
  assert.ok(stageRuns('pretest', 'pretest'));
});

test('reusedOutputs lists what the reused stages must have left', () => {
  assert.deepEqual(reusedOutputs(scenario('a'), '/run/a', 'pretest'), []);
  assert.deepEqual(reusedOutputs(scenario('a'), '/run/a', 'evaluate'), ['/run/a/pretest/pretest.json', '/run/a/session.cast']);
  assert.deepEqual(reusedOutputs(scenario('a', false), '/run/a', 'report'), ['/run/a/session.cast', '/run/a/scorecard.json']);
});

test('scenarioEndOf maps errors to statuses, and an abort always to interrupted', () => {
  assert.deepEqual(scenarioEndOf(new TimeoutError('t'), false), { status: 'timeout', exitCode: 3 });
  assert.deepEqual(scenarioEndOf(new QualityGateError('q'), false), { status: 'quality-gate-failed', exitCode: 5 });
  assert.deepEqual(scenarioEndOf(new InterruptedError('SIGINT'), false), { status: 'interrupted', exitCode: 4 });
  assert.deepEqual(scenarioEndOf(new ConfigError('c'), false), { status: 'failed', exitCode: 1 });
  assert.deepEqual(scenarioEndOf(new ExecutionError('e'), false), { status: 'failed', exitCode: 2 });
  assert.deepEqual(scenarioEndOf(new Error('bug'), false), { status: 'failed', exitCode: 2 });
  assert.deepEqual(scenarioEndOf(new ExecutionError('ffmpeg died'), true), { status: 'interrupted', exitCode: 4 });
});

test('selectScenarios keeps a shard share in file order and stageNamesOf names scenario stages', () => {
  const config = { scenarios: ['c', 'a', 'b'].map((name) => scenario(name)) } as PipelineConfig;
  assert.deepEqual(selectScenarios(config, undefined).map((plan) => plan.name), ['c', 'a', 'b']);
  const shares = [1, 2].map((index) => selectScenarios(config, { index, count: 2 }).map((plan) => plan.name));
  assert.deepEqual(shares, [['c', 'a'], ['b']]);
  assert.deepEqual(stageNamesOf([scenario('a')]), ['a:pretest', 'a:record', 'a:render', 'a:evaluate', 'a:compare', 'a:report']);
});

test('a canary scenario (expect: fail) passes when its quality gate fails and fails when the gate passes', () => {
  const base = { name: 'poor', dir: 'poor', stages: {} };
  const caught = applyExpectation({ result: { ...base, status: 'quality-gate-failed', exitCode: 5, failedStage: 'compare', reason: 'Contrast is 1.0, below 4' }, failure: new QualityGateError('Contrast is 1.0, below 4') }, 'fail').result;
  assert.equal(caught.status, 'passed');
  assert.equal(caught.exitCode, 0);
  assert.equal(caught.reason, 'failed its quality gate as expected (canary): Contrast is 1.0, below 4');
  const missedRun = applyExpectation({ result: { ...base, status: 'passed', exitCode: 0 } }, 'fail');
  assert.ok(missedRun.failure instanceof QualityGateError, 'a canary that passes ends with a quality gate error');
  const missed = missedRun.result;
  assert.equal(missed.status, 'quality-gate-failed');
  assert.equal(missed.exitCode, 5);
  assert.match(missed.reason ?? '', /expected to fail its quality gate/);
  // Other outcomes stand, and ordinary scenarios are untouched.
  assert.equal(applyExpectation({ result: { ...base, status: 'gate-closed', exitCode: 2 } }, 'fail').result.status, 'gate-closed');
  assert.equal(applyExpectation({ result: { ...base, status: 'quality-gate-failed', exitCode: 5 } }, undefined).result.status, 'quality-gate-failed');
});
