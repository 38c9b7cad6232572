import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharacterBoundaryJoiner, characterBoundary } from '../../src/record/utf8-boundary.js';

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const pieces = ['a', ' ', '\r\n', '\u001b[31m', 'é', '漢', '😀', '"', '\\', '\u0000'];

/** Text as UTF-8 with, now and then, bytes that are not valid UTF-8 (stray, truncated or overlong). */
function randomOutput(next: () => number, length: number): Buffer {
  const invalid = [[0xff], [0x80], [0xe6, 0xbc], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90]];
  const parts: Buffer[] = [];
  for (let index = 0; index < length; index += 1) {
    parts.push(
      next() < 0.1
        ? Buffer.from(invalid[Math.floor(next() * invalid.length)])
        : Buffer.from(pieces[Math.floor(next() * pieces.length)]),
    );
  }
  return Buffer.concat(parts);
}

function cutRandomly(next: () => number, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = Math.min(bytes.length, start + 1 + Math.floor(next() * 7));
    chunks.push(bytes.subarray(start, end));
    start = end;
  }
  return chunks;
}

test('characterBoundary stops before a character that the chunk does not hold whole', () => {
  const boundary = (...bytes: number[]): number => characterBoundary(Uint8Array.from(bytes));
  assert.equal(boundary(), 0);
  assert.equal(boundary(0x61, 0x62), 2);
  assert.equal(boundary(0x61, 0xc3), 1, 'the first byte of é');
  assert.equal(boundary(0x61, 0xc3, 0xa9), 3, 'é whole');
  assert.equal(boundary(0x61, 0xe6, 0xbc), 1, 'two bytes of 漢');
  assert.equal(boundary(0xf0, 0x9f, 0x98), 0, 'three bytes of 😀');
  assert.equal(boundary(0x61, 0xf0, 0x9f, 0x98, 0x80), 5, '😀 whole');
  assert.equal(boundary(0x61, 0x80, 0x80, 0x80), 4, 'stray continuation bytes start nothing');
  assert.equal(boundary(0x61, 0xff), 2, 'a byte that starts no character');
  assert.equal(boundary(0x61, 0xe6, 0x61), 3, 'an interrupted character has ended already');
});

test('the joiner passes every byte on once, in chunks that each decode as the whole stream does', () => {
  const next = random(7);
  for (let round = 0; round < 300; round += 1) {
    const output = randomOutput(next, 1 + Math.floor(next() * 60));
    const joiner = new CharacterBoundaryJoiner();
    const passed: Buffer[] = [];
    for (const chunk of cutRandomly(next, output)) {
      const bytes = joiner.push(chunk);
      if (bytes !== undefined) passed.push(bytes);
    }
    const rest = joiner.end();
    if (rest !== undefined) passed.push(rest);

    assert.deepEqual(Buffer.concat(passed), output, `round ${round}: the same bytes`);
    assert.equal(
      passed.map((bytes) => bytes.toString('utf8')).join(''),
      output.toString('utf8'),
      `round ${round}: decoding chunk by chunk gives the same text`,
    );
  }
});

test('the joiner holds back only an incomplete character and lets go of it at the end', () => {
  const joiner = new CharacterBoundaryJoiner();
  const smiley = Buffer.from('😀');
  assert.deepEqual(joiner.push(Buffer.concat([Buffer.from('ok '), smiley.subarray(0, 2)])), Buffer.from('ok '));
  assert.equal(joiner.push(smiley.subarray(2, 3)), undefined, 'still incomplete');
  assert.deepEqual(joiner.push(Buffer.concat([smiley.subarray(3), Buffer.from('!')])), Buffer.from('😀!'));
  assert.equal(joiner.end(), undefined);
  assert.deepEqual(joiner.push(smiley.subarray(0, 1)), undefined);
  assert.deepEqual(joiner.end(), smiley.subarray(0, 1), 'a truncated character at the very end is not lost');
});
