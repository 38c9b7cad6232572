import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordSession } from '../../src/record/record-session.js';
import { prepareTarget } from '../../src/record/target.js';
import { waitFor } from '../helpers/process-tree.js';

test('a session types into the target, resizes its terminal and marks steps, all in the cast', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-session-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const target = await prepareTarget({
    command: 'sh',
    args: ['-c', 'echo ready; read line; echo "got:$line"; stty size'],
    cols: 80,
    rows: 24,
  });
  const session = await RecordSession.start(target, { castPath: join(dir, 'session.cast') });
  let seen = '';
  const subscription = session.onData((data) => {
    seen += data;
  });

  await waitFor(() => seen.includes('ready'), 5000, 'the prompt');
  session.marker('typing');
  session.resize(100, 30);
  assert.equal(session.cols, 100);
  session.write('hello\r');
  const result = await session.finished();
  subscription.dispose();

  assert.equal(result.endedBy, 'exit');
  assert.equal(result.exitCode, 0);
  assert.ok(session.hasExited);
  const lines = readFileSync(result.castPath, 'utf8').trim().split('\n');
  const events = lines.slice(1).map((line) => JSON.parse(line) as [number, string, string]);
  const codes = events.map(([, code, data]) => (code === 'o' ? 'o' : `${code}:${data}`));
  // What was typed is recorded too, as an input event.
  assert.deepEqual(codes.filter((code) => code !== 'o'), ['m:typing', 'r:100x30', 'i:hello\r']);
  const output = events.filter(([, code]) => code === 'o').map(([, , data]) => data).join('');
  assert.match(output, /got:hello\r\n30 100\r\n$/);
  assert.equal(seen, output, 'listeners see exactly what is recorded');
  const times = events.map(([time]) => time);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'event times never go back');
});

test('output read in quick succession is merged into fewer events that keep their order and every byte', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-session-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // About 3 MB in a burst: seq's lines, then a long run with no newline, both faster than we can read.
  const target = await prepareTarget({
    command: 'sh',
    args: ['-c', "seq 1 200000; head -c 1500000 /dev/zero | tr '\\0' a; echo end"],
  });
  const session = await RecordSession.start(target, { castPath: join(dir, 'session.cast') });
  const chunks: string[] = [];
  session.onData((data) => chunks.push(data));
  const result = await session.finished();

  const events = readFileSync(result.castPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as [number, string, string]);
  const output = events.map(([, , data]) => data).join('');
  const lines = Array.from({ length: 200_000 }, (_, index) => `${index + 1}\r\n`).join('');
  assert.equal(output, `${lines}${'a'.repeat(1_500_000)}end\r\n`, 'every byte, in order');
  assert.equal(chunks.join(''), output, 'listeners see the same text, chunk by chunk');
  assert.equal(result.bytesRecorded, Buffer.byteLength(output));
  assert.ok(events.length < chunks.length, `${chunks.length} chunks were read, ${events.length} events written`);
  const times = events.map(([time]) => time);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'event times never go back');
  const largest = Math.max(...events.map(([, , data]) => data.length));
  assert.ok(largest < 1_200_000, `merging stops at about a megabyte (largest event: ${largest} bytes)`);
});
