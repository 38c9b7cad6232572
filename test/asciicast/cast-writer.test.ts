import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CastWriter,
  castTime,
  formatCastEvent,
  formatCastHeader,
  padHeaderLine,
  reservedHeaderBytes,
  wellFormedText,
} from '../../src/asciicast/cast-writer.js';

function temporaryDirectory(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-cast-writer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function castLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
}

test('the header is written first, padded, and rewritten in place with the duration on close', async (t) => {
  const path = join(temporaryDirectory(t), 'demo.cast');
  const header = {
    width: 100,
    height: 30,
    timestamp: 1_700_000_000,
    command: "printf '漢字 😀'",
    title: 'démo',
    env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    theme: { fg: '#ffffff', bg: '#000000', palette: '#000000:#ff0000:#00ff00:#ffff00:#0000ff:#ff00ff:#00ffff:#ffffff' },
  };
  const writer = await CastWriter.create(path, header);
  writer.writeOutput(0.5, 'hello\r\n');
  writer.writeResize(0.75, 80, 24);
  writer.writeMarker(1, 'step 1');
  const result = await writer.close(1.234_567_89);

  assert.equal(result.durationWritten, true);
  const text = readFileSync(path, 'utf8');
  const [headerLine, ...events] = text.split('\n');
  assert.equal(Buffer.byteLength(headerLine), reservedHeaderBytes(header), 'the header keeps its reserved length');
  assert.deepEqual(JSON.parse(headerLine), { version: 2, ...header, duration: 1.234568 });
  assert.deepEqual(events.filter((line) => line !== '').map((line) => JSON.parse(line)), [
    [0.5, 'o', 'hello\r\n'],
    [0.75, 'r', '80x24'],
    [1, 'm', 'step 1'],
  ]);
  assert.equal(writer.events, 3);
  assert.equal(writer.outputBytes, 7);
});

test('a header that cannot take the duration in its reserved space is left without one', async (t) => {
  const path = join(temporaryDirectory(t), 'long.cast');
  const writer = await CastWriter.create(path, { width: 80, height: 24 });
  const result = await writer.close(1e15);
  assert.equal(result.durationWritten, false);
  assert.deepEqual(JSON.parse(castLines(path)[0]), { version: 2, width: 80, height: 24 });
  assert.equal(padHeaderLine('{"a":1}', 3), undefined);
  assert.equal(padHeaderLine('{"a":1}', 9), '{"a":1}  ');
});

test('a cast cut at any byte still parses line by line up to its last complete line', async (t) => {
  const dir = temporaryDirectory(t);
  const path = join(dir, 'full.cast');
  const writer = await CastWriter.create(path, { width: 80, height: 24, command: 'demo' });
  const chunks = ['plain', '\u001b[1;31mred\u001b[0m', '漢字😀', 'quote " backslash \\', '\r\n'];
  for (let index = 0; index < 20; index += 1) writer.writeOutput(index / 7, chunks[index % chunks.length]);
  await writer.close(3);
  const bytes = readFileSync(path);

  for (let cut = 0; cut <= bytes.length; cut += 1) {
    // A crash can stop the file anywhere, even inside a multi-byte character of the last line.
    const text = bytes.subarray(0, cut).toString('utf8');
    const lines = text.split('\n');
    const complete = lines.slice(0, -1);
    for (const line of complete) assert.doesNotThrow(() => JSON.parse(line), `cut at ${cut}: ${line}`);
    if (complete.length > 0) assert.equal(JSON.parse(complete[0]).version, 2);
  }
});

test('a recorder killed with SIGKILL leaves a cast that parses up to its last complete line', (t) => {
  const path = join(temporaryDirectory(t), 'killed.cast');
  const script = `
    import { CastWriter } from ${JSON.stringify(new URL('../../src/asciicast/cast-writer.ts', import.meta.url).href)};
    const writer = await CastWriter.create(${JSON.stringify(path)}, { width: 80, height: 24 });
    for (let i = 0; i < 1000; i += 1) writer.writeOutput(i / 100, 'line ' + i + '\\r\\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 1000; i < 200000; i += 1) writer.writeOutput(i / 100, 'line ' + i + '\\r\\n');
    process.kill(process.pid, 'SIGKILL');
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(child.signal, 'SIGKILL', child.stderr);

  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop(); // the part after the last newline, possibly a half-written event
  assert.deepEqual(JSON.parse(lines[0]), { version: 2, width: 80, height: 24 });
  assert.ok(lines.length > 1000, `the flushed events are there (${lines.length} lines)`);
  lines.slice(1).forEach((line, index) => assert.deepEqual(JSON.parse(line), [index / 100, 'o', `line ${index}\r\n`]));
});

test('control characters are escaped and lone surrogates become U+FFFD so that strict readers accept the line', async (t) => {
  const path = join(temporaryDirectory(t), 'escapes.cast');
  const writer = await CastWriter.create(path, { width: 80, height: 24 });
  const controls = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('') + '\u007f"\\';
  writer.writeOutput(0, controls);
  writer.writeOutput(0.1, 'a\uD800b\uDC00c\uDE00\uD83Dd😀');
  writer.writeMarker(0.2, 'cut \uD83D');
  await writer.close(1);

  const bytes = readFileSync(path);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  assert.ok(!/\\ud[89a-f]/i.test(text), 'no surrogate escapes in the file');
  assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(text), 'no raw control characters except the line feeds');
  const events = text.split('\n').slice(1, -1).map((line) => JSON.parse(line));
  assert.equal(events[0][2], controls);
  assert.equal(events[1][2], 'a\uFFFDb\uFFFDc\uFFFD\uFFFDd😀');
  assert.equal(events[2][2], 'cut \uFFFD');
  assert.equal(wellFormedText('😀'), '😀');
});

test('event times carry six decimals at most and never go below zero', () => {
  assert.equal(castTime(1 / 3), 0.333333);
  assert.equal(castTime(-0.5), 0);
  assert.equal(formatCastEvent(2.000_000_4, 'o', 'x'), '[2,"o","x"]');
  assert.equal(formatCastEvent(0.000_001_6, 'r', '80x24'), '[0.000002,"r","80x24"]');
  assert.equal(formatCastHeader({ width: 1, height: 2 }, 0.1 + 0.2), '{"version":2,"width":1,"height":2,"duration":0.3}');
});

test('writes report a full buffer and drained() resolves once it has room again', async (t) => {
  const path = join(temporaryDirectory(t), 'pressure.cast');
  const writer = await CastWriter.create(path, { width: 80, height: 24 }, { highWaterMark: 1024 });
  let accepted = true;
  for (let index = 0; index < 100 && accepted; index += 1) accepted = writer.writeOutput(index, 'x'.repeat(100));
  assert.equal(accepted, false, 'the stream asks the producer to wait');
  await writer.drained();
  assert.equal(writer.writeOutput(200, 'after'), true);
  await writer.close(201);
  assert.equal(castLines(path).length, writer.events + 1);
});
