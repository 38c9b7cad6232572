import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CastOutputEvent,
  CastWriter,
  castTime,
  escapeJsonText,
  formatCastEvent,
  formatCastHeader,
  formatCastOutputLine,
  needsJsonEscape,
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

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A string of the characters JSON and UTF-8 are touchy about, lone surrogates included. */
function randomText(next: () => number, length: number): string {
  const characters = ['a', 'Z', ' ', '"', '\\', '/', '\u007f', '\u0080', 'é', '\u2028', '漢', '😀', '\uFFFD'];
  // Lone surrogates too: a high one without its low one, and the other way round.
  characters.push('\uD800', '\uDFFF');
  let text = '';
  for (let index = 0; index < length; index += 1) {
    const control = String.fromCharCode(Math.floor(next() * 0x20));
    text += next() < 0.3 ? control : characters[Math.floor(next() * characters.length)];
  }
  return text;
}

/** Cuts `bytes` at random places that are character boundaries (never before a continuation byte). */
function cutAtBoundaries(next: () => number, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(bytes.length, start + 1 + Math.floor(next() * 9));
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end += 1;
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

test('needsJsonEscape finds a control character, quote or backslash at any position and alignment', () => {
  const next = random(11);
  const needsEscape = (byte: number): boolean => byte < 0x20 || byte === 0x22 || byte === 0x5c;
  for (let byte = 0; byte < 256; byte += 1) {
    for (let length = 1; length <= 12; length += 1) {
      for (let position = 0; position < length; position += 1) {
        const bytes = Buffer.alloc(length, 'a');
        bytes[position] = byte;
        // Views that start at every offset from a word boundary, down to a single byte.
        for (let offset = 0; offset < Math.min(4, length); offset += 1) {
          const view = bytes.subarray(offset);
          const expected = position >= offset && needsEscape(byte);
          assert.equal(needsJsonEscape(view), expected, `byte ${byte} at ${position} of ${length}, from ${offset}`);
        }
      }
    }
  }
  assert.equal(needsJsonEscape(Buffer.alloc(0)), false);
  for (let round = 0; round < 2000; round += 1) {
    const bytes = Buffer.alloc(Math.floor(next() * 100));
    // Mostly bytes that need no escaping, with values right next to those that do.
    const calm = [0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff];
    for (let index = 0; index < bytes.length; index += 1) {
      bytes[index] = next() < 0.02 ? Math.floor(next() * 256) : calm[Math.floor(next() * calm.length)];
    }
    const offset = Math.min(bytes.length, Math.floor(next() * 4));
    const view = bytes.subarray(offset);
    assert.equal(needsJsonEscape(view), view.some(needsEscape), `round ${round}: ${view.toString('hex')}`);
  }
});

test('escapeJsonText escapes bytes exactly as JSON.stringify does the same bytes read as Latin-1', () => {
  const next = random(5);
  const expected = (bytes: Buffer): Buffer =>
    Buffer.from(JSON.stringify(bytes.toString('latin1')).slice(1, -1), 'latin1');
  const escaped = (bytes: Buffer, offset = 0): Buffer => {
    const target = Buffer.alloc(offset + bytes.length * 6);
    return target.subarray(offset, escapeJsonText(bytes, target, offset));
  };
  for (let byte = 0; byte < 256; byte += 1) {
    assert.deepEqual(escaped(Buffer.from([byte])), expected(Buffer.from([byte])), `byte ${byte}`);
  }
  for (let round = 0; round < 3000; round += 1) {
    const bytes = Buffer.alloc(4 + Math.floor(next() * 60));
    for (let index = 0; index < bytes.length; index += 1) {
      bytes[index] = next() < 0.25 ? Math.floor(next() * 0x24) : next() < 0.1 ? 0x5c : Math.floor(next() * 256);
    }
    // Every alignment of the input and of the output: words are read and written four bytes at a time.
    const view = bytes.subarray(Math.floor(next() * 4));
    assert.deepEqual(escaped(view, Math.floor(next() * 4)), expected(view), `round ${round}: ${view.toString('hex')}`);
  }
});

test('an output line built from bytes is byte for byte the line JSON.stringify makes of the decoded text', () => {
  const next = random(3);
  for (let round = 0; round < 1000; round += 1) {
    // Lone surrogates become EF BF BD (U+FFFD) in UTF-8; random bytes add invalid sequences now and then.
    let bytes = Buffer.from(randomText(next, Math.floor(next() * 40)));
    if (round % 4 === 0) bytes = Buffer.concat([bytes, Buffer.from([0xff, 0xe6, 0xbc, 0x22, 0xc3])]);
    const seconds = next() * 100;
    const decoded = bytes.toString('utf8');
    const expected = `${JSON.stringify([castTime(seconds), 'o', wellFormedText(decoded)])}\n`;
    assert.equal(`${formatCastEvent(seconds, 'o', decoded)}\n`, expected);

    const line = Buffer.concat(formatCastOutputLine(seconds, cutAtBoundaries(next, bytes)));
    assert.deepEqual(line, Buffer.from(expected), `round ${round}: ${bytes.toString('hex')}`);
  }
  // Text that needs no escaping is passed through without a copy.
  const clean = Buffer.from('plain text 漢字 😀');
  assert.ok(formatCastOutputLine(1, [clean]).includes(clean));
});

test('output written as bytes lands in the cast with output, resize and marker events in order', async (t) => {
  const path = join(temporaryDirectory(t), 'bytes.cast');
  const writer = await CastWriter.create(path, { width: 80, height: 24 });
  const event = (seconds: number, ...chunks: Buffer[]): CastOutputEvent => {
    const output = new CastOutputEvent(seconds);
    for (const chunk of chunks) output.add(chunk);
    return output;
  };
  assert.equal(writer.writeOutputEvent(event(0.25, Buffer.from('hello '), Buffer.from('wörld'))), true);
  writer.writeResize(0.5, 100, 30);
  writer.writeOutputEvent(event(0.75, Buffer.from('"quoted"\r\n'), Buffer.from('\u001b[0m')));
  writer.writeMarker(1, 'step');
  writer.writeOutputEvent(event(1.25, Buffer.from([0x61, 0xff, 0x62])));
  writer.writeOutput(1.5, 'text');
  await writer.close(2);

  const lines = castLines(path);
  assert.deepEqual(lines.slice(1).map((line) => JSON.parse(line)), [
    [0.25, 'o', 'hello wörld'],
    [0.5, 'r', '100x30'],
    [0.75, 'o', '"quoted"\r\n\u001b[0m'],
    [1, 'm', 'step'],
    [1.25, 'o', 'a\uFFFDb'],
    [1.5, 'o', 'text'],
  ]);
  assert.equal(writer.events, 6);
  // Invalid bytes count as the U+FFFD (3 bytes) they were recorded as.
  const recorded = ['hello wörld', '"quoted"\r\n\u001b[0m', 'a\uFFFDb', 'text'];
  assert.equal(writer.outputBytes, recorded.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
});
