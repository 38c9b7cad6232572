import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunMetadata } from '../../src/score/run-metadata.js';

test('parseRunMetadata reads how the recording ended, with the exit code only of a program that exited by itself', () => {
  assert.deepEqual(parseRunMetadata('/run', { endedBy: 'exit', exitCode: 2, signal: null, stoppedWith: null }).ended, { endedBy: 'exit', exitCode: 2, signal: null });
  assert.deepEqual(parseRunMetadata('/run', { endedBy: 'timeout', exitCode: null, signal: 'SIGTERM', stoppedWith: 'SIGKILL' }).ended, {
    endedBy: 'timeout',
    exitCode: null,
    signal: 'SIGTERM',
    stoppedWith: 'SIGKILL',
  });
  // meta.json of older runs gave a stopped program's exit status (htop exits 0 on SIGTERM): it is not its own.
  assert.deepEqual(parseRunMetadata('/run', { endedBy: 'timeout', exitCode: 0, signal: null }).ended, { endedBy: 'timeout', exitCode: null, signal: null });
  assert.equal(parseRunMetadata('/run', { endedBy: 'crashed' }).ended, undefined);
  assert.equal(parseRunMetadata('/run', {}).ended, undefined);
});
