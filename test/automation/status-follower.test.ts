import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readStatusFile, statusChangeLines } from '../../src/automation/status-follower.js';
import { buildStatus, type StatusDocument } from '../../src/automation/status-reporter.js';
import { makeTempDir } from '../helpers/paths.js';

function documentAt(stage: string | null, percentage: number, finished = false): StatusDocument {
  const status = buildStatus({ runId: 'r', command: [], startTime: 0, stages: [], previousPercentage: percentage }, 1000);
  return { ...status, stage, result: finished ? { exit_code: 0, status: 'success', message: null, outputs: {}, duration_seconds: 1 } : null };
}

test('a follower prints a line when a new stage runs and at each new tenth of the run', () => {
  assert.deepEqual(statusChangeLines(undefined, documentAt('record', 0)), ['STAGE: record']);
  assert.deepEqual(statusChangeLines(documentAt('record', 0), documentAt('record', 9)), []);
  assert.deepEqual(statusChangeLines(documentAt('record', 9), documentAt('render', 55)), ['STAGE: render', 'PROGRESS: 50%']);
  assert.deepEqual(statusChangeLines(documentAt('render', 55), documentAt(null, 100, true)), []);
});

test('reading a status file tolerates a missing, half-written or foreign file', async () => {
  const dir = makeTempDir();
  const path = join(dir, 'status.json');
  assert.equal(await readStatusFile(path), undefined);
  writeFileSync(path, '{"meta": {"run_id": "r"}, "stag');
  assert.equal(await readStatusFile(path), undefined);
  writeFileSync(path, '[1, 2]');
  assert.equal(await readStatusFile(path), undefined);
  writeFileSync(path, JSON.stringify(documentAt('record', 20)));
  assert.equal((await readStatusFile(path))?.stage, 'record');
});
