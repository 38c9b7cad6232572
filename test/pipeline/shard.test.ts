import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.js';
import { formatShard, parseShard, selectShard } from '../../src/pipeline/shard.js';

test('parseShard reads i/n as a 1-based shard', () => {
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  assert.deepEqual(parseShard(' 3 / 3 '), { index: 3, count: 3 });
  assert.equal(formatShard(parseShard('4/7')), '4/7');
});

test('parseShard rejects zero, out-of-range and malformed values with a ConfigError naming --shard and the value', () => {
  for (const value of ['0/3', '4/3', '1/0', '0/0', '2', '2/', '/3', '-1/3', '1.5/3', 'a/b', '', '2/3/4']) {
    assert.throws(
      () => parseShard(value),
      (error: unknown) => error instanceof ConfigError && error.message.startsWith('--shard: ') && error.message.includes(`"${value}"`),
      value,
    );
  }
});

const names = ['search', 'login', 'settings', 'help', 'export', 'about', 'zebra', 'Upper'];

test('selectShard puts every scenario in exactly one shard, for every shard count', () => {
  for (let count = 1; count <= names.length + 2; count++) {
    const shares = Array.from({ length: count }, (_, index) => selectShard(names, { index: index + 1, count }));
    const all = shares.flat();
    assert.equal(all.length, names.length, `count ${count}`);
    assert.deepEqual([...all].sort(), [...names].sort(), `count ${count}`);
    // Balanced: shares differ in size by at most one.
    const sizes = shares.map((share) => share.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `count ${count}: ${sizes.join(',')}`);
  }
});

test('selectShard deals the sorted names round-robin and keeps the given order within a shard', () => {
  // Sorted by code unit: Upper, about, export, help, login, search, settings, zebra.
  assert.deepEqual(selectShard(names, { index: 1, count: 3 }), ['settings', 'help', 'Upper']);
  assert.deepEqual(selectShard(names, { index: 2, count: 3 }), ['login', 'about', 'zebra']);
  assert.deepEqual(selectShard(names, { index: 3, count: 3 }), ['search', 'export']);
});

test('selectShard gives the same split whatever the order of the scenarios', () => {
  const reversed = [...names].reverse();
  for (let index = 1; index <= 3; index++) {
    assert.deepEqual(new Set(selectShard(reversed, { index, count: 3 })), new Set(selectShard(names, { index, count: 3 })));
  }
});
