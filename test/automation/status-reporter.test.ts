import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { buildStatus, completionOf, StatusReporter, type RunState } from '../../src/automation/status-reporter.js';
import { makeTempDir } from '../helpers/paths.js';

const start = Date.parse('2026-01-02T03:04:05.000Z');

function stateOf(fields: Partial<RunState>): RunState {
  return { runId: 'run-1', command: ['termaudit', 'record', '--', 'ls'], startTime: start, stages: [], previousPercentage: 0, ...fields };
}

test('buildStatus describes a running stage with its times, progress and the current stage name', () => {
  const status = buildStatus(
    stateOf({
      stages: [
        ['record', { status: 'done', startedAt: start, finishedAt: start + 2000 }],
        ['render', { status: 'running', startedAt: start + 2000, progress: 0.5, detail: '1.0s of 2.0s, 30 frames' }],
      ],
    }),
    start + 3500,
  );
  assert.deepEqual(status.meta, { run_id: 'run-1', command: ['termaudit', 'record', '--', 'ls'], start_time: '2026-01-02T03:04:05.000Z', elapsed_seconds: 3.5 });
  assert.equal(status.stage, 'render');
  assert.equal(status.completion_percentage, 75);
  assert.deepEqual(status.stages.record, { status: 'done', started_at: '2026-01-02T03:04:05.000Z', finished_at: '2026-01-02T03:04:07.000Z', duration_seconds: 2 });
  assert.deepEqual(status.stages.render, {
    status: 'running',
    started_at: '2026-01-02T03:04:07.000Z',
    finished_at: null,
    duration_seconds: 1.5,
    progress: 0.5,
    detail: '1.0s of 2.0s, 30 frames',
  });
  assert.equal(status.result, null);
});

test('buildStatus gives the result with its exit code and duration once the run has finished', () => {
  const status = buildStatus(
    stateOf({
      stages: [['render', { status: 'failed', startedAt: start, finishedAt: start + 1000 }]],
      result: { exitCode: 3, status: 'timeout', message: 'stopped', outputs: { cast: '/r/session.cast' } },
      finishTime: start + 1250,
    }),
    start + 9999,
  );
  assert.equal(status.stage, null);
  assert.equal(status.completion_percentage, 100);
  assert.equal(status.meta.elapsed_seconds, 1.25);
  assert.deepEqual(status.result, { exit_code: 3, status: 'timeout', message: 'stopped', outputs: { cast: '/r/session.cast' }, duration_seconds: 1.25 });
});

test('completion never goes below what was reported before', () => {
  const stages: RunState['stages'] = [
    ['record', { status: 'running', progress: 0.1 }],
    ['render', { status: 'waiting' }],
  ];
  assert.equal(completionOf(stages, 0, false), 5);
  assert.equal(completionOf(stages, 40, false), 40);
  assert.equal(completionOf([['a', { status: 'skipped' }], ['b', { status: 'done' }]], 0, false), 100);
  assert.equal(completionOf(stages, 40, true), 100);
});

test('status.json is valid JSON at every read while a reporter rewrites it quickly', async () => {
  const dir = makeTempDir();
  const reporter = new StatusReporter({ runDir: dir, command: ['termaudit'], stages: ['record', 'render'] });
  reporter.startStage('record');
  let updating = true;
  const writer = (async () => {
    for (let step = 0; step <= 400; step++) {
      reporter.progress('record', step / 400, `step ${step}`);
      await nextTurn();
    }
    updating = false;
  })();
  let reads = 0;
  let lastPercentage = 0;
  const path = join(dir, 'status.json');
  while (updating) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && reads === 0) {
        await nextTurn();
        continue;
      }
      throw error;
    }
    const status = JSON.parse(text);
    assert.ok(status.completion_percentage >= lastPercentage, 'completion_percentage never decreases');
    lastPercentage = status.completion_percentage;
    reads++;
    await nextTurn();
  }
  await writer;
  await reporter.finish({ exitCode: 0, status: 'success', outputs: {} });
  const final = JSON.parse(readFileSync(path, 'utf8'));
  assert.ok(reads > 50, `read ${reads} times while it was being rewritten`);
  assert.equal(final.completion_percentage, 100);
  assert.equal(final.result.exit_code, 0);
  assert.equal(final.stages.record.status, 'done');
  assert.equal(final.stages.render.status, 'skipped');
});

test('a reporter finished with a failure marks the running stage failed and ignores later changes', async () => {
  const dir = makeTempDir();
  const reporter = new StatusReporter({ runDir: dir, command: ['termaudit'], stages: ['record', 'render'] });
  reporter.startStage('record');
  await reporter.finish({ exitCode: 2, status: 'failed', message: 'boom' });
  reporter.startStage('render');
  await reporter.flush();
  const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'));
  assert.equal(status.stages.record.status, 'failed');
  assert.equal(status.stages.render.status, 'waiting');
  assert.deepEqual([status.result.status, status.result.exit_code, status.result.message], ['failed', 2, 'boom']);
});
