import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createRunReporter, outputLineLabel, resultLines, runStatusOf } from '../../src/automation/run-reporter.js';
import { protocolLine, protocolValue } from '../../src/automation/protocol-line.js';
import { makeTempDir } from '../helpers/paths.js';

test('exit codes name how a run ended', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(runStatusOf), ['success', 'failed', 'failed', 'timeout', 'interrupted', 'failed']);
});

test('produced files get parseable line labels', () => {
  assert.deepEqual(['mp4', 'gif', 'cast', 'screen', 'txt'].map(outputLineLabel), ['OUTPUT_MP4', 'OUTPUT_GIF', 'CAST', 'SCREEN', 'OUTPUT_TXT']);
});

test('result lines give the status, exit code, duration, the message of a failure and absolute output paths', () => {
  assert.deepEqual(resultLines({ exitCode: 3, status: 'timeout', message: 'stopped\nafter 1s', outputs: { cast: '/runs/a/session.cast' } }, 2.345), [
    'RESULT: timeout',
    'EXIT_CODE: 3',
    'DURATION: 2.3s',
    'MESSAGE: stopped after 1s',
    'CAST: /runs/a/session.cast',
  ]);
});

test('a protocol value keeps its line: backslashes, line breaks and other control characters are escaped as in JSON, the rest is kept', () => {
  assert.equal(protocolValue('/runs/plain path/"quoted"/ünïcode ✓'), '/runs/plain path/"quoted"/ünïcode ✓');
  assert.equal(protocolValue('a\nEXIT_CODE: 0\r\tb\\c\x1b[31m\x7f\u0085\u2028\u2029\x00'), 'a\\nEXIT_CODE: 0\\r\\tb\\\\c\\u001b[31m\\u007f\\u0085\\u2028\\u2029\\u0000');
  assert.equal(protocolLine('LOG_DIR', '/tmp/x\ny'), 'LOG_DIR: /tmp/x\\ny');
  for (const text of ['a\nb', 'c:\\d', '\x1b\u2028', 'plain']) assert.equal(JSON.parse(`"${protocolValue(text)}"`), text);
});

test('result lines escape every value: a message or an output path with line breaks stays on its line', () => {
  const lines = resultLines({ exitCode: 2, status: 'failed', message: 'bad\r\nthing\rEXIT_CODE: 0', outputs: { cast: '/runs/a\nEXIT_CODE: 0/session.cast' } }, 1);
  assert.deepEqual(lines, ['RESULT: failed', 'EXIT_CODE: 2', 'DURATION: 1.0s', 'MESSAGE: bad thing\\rEXIT_CODE: 0', 'CAST: /runs/a\\nEXIT_CODE: 0/session.cast']);
});

test('an automation reporter prints LOG_DIR and STATUS first, STAGE lines, then the result, and writes status.json', async () => {
  const dir = makeTempDir();
  const stdout = new PassThrough();
  let printed = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  const reporter = createRunReporter({ automation: true, command: ['termaudit', 'render', 'x.cast'], stages: ['render'], stdout });
  reporter.attach(dir);
  reporter.startStage('render');
  reporter.progress('render', 0.5);
  await reporter.finish({ exitCode: 0, status: 'success', outputs: { mp4: join(dir, 'recording.mp4') } });
  const lines = printed.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 3), [`LOG_DIR: ${dir}`, `STATUS: ${join(dir, 'status.json')}`, 'STAGE: render']);
  assert.deepEqual(lines.slice(3, 5), ['RESULT: success', 'EXIT_CODE: 0']);
  assert.match(lines[5], /^DURATION: \d+\.\ds$/);
  assert.equal(lines[6], `OUTPUT_MP4: ${join(dir, 'recording.mp4')}`);
  const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'));
  assert.equal(status.result.exit_code, 0);
  assert.equal(status.completion_percentage, 100);
  assert.deepEqual(status.meta.command, ['termaudit', 'render', 'x.cast']);
});
