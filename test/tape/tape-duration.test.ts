import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexTape, parseTapeDuration } from '../../src/tape/index.js';

test('parseTapeDuration reads VHS duration forms into milliseconds', () => {
  assert.deepEqual(
    ['500ms', '1s', '1.5s', '2m', '0.5', '.5', '3', '1m30s'].map(parseTapeDuration),
    [500, 1000, 1500, 120_000, 500, 500, 3000, 90_000],
  );
});

test('parseTapeDuration rejects what is not a duration', () => {
  assert.deepEqual(['-1s', 'soon', '', '5x', '1.2.3s'].map(parseTapeDuration), [undefined, undefined, undefined, undefined, undefined]);
});

test('lexTape reads a slash as a regex only after Wait or WaitPattern', () => {
  const describe = (source: string) => lexTape(source).map((token) => `${token.type}:${token.value}`);
  assert.deepEqual(describe('Wait+Screen@1s /a b/'), ['word:Wait', 'plus:+', 'word:Screen', 'at:@', 'word:1s', 'regex:a b']);
  assert.deepEqual(describe('Output /tmp/x.gif'), ['word:Output', 'word:/tmp/x.gif']);
  assert.deepEqual(describe('Wait\n/tmp/x'), ['word:Wait', 'word:/tmp/x']);
});

test('lexTape keeps line numbers right after a JSON object spanning lines', () => {
  const tokens = lexTape('Set Theme {\n "a": "}"\n}\nEnter');
  assert.deepEqual(
    tokens.map((token) => [token.type, token.line, token.column]),
    [
      ['word', 1, 1],
      ['word', 1, 5],
      ['json', 1, 11],
      ['word', 4, 1],
    ],
  );
});
