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
  assert.deepEqual(codes.filter((code) => code !== 'o'), ['m:typing', 'r:100x30']);
  const output = events.filter(([, code]) => code === 'o').map(([, , data]) => data).join('');
  assert.match(output, /got:hello\r\n30 100\r\n$/);
  assert.equal(seen, output, 'listeners see exactly what is recorded');
  const times = events.map(([time]) => time);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'event times never go back');
});
