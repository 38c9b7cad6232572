import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScreenDumps, goldenDiff, SCREEN_DUMP_RULE } from '../../../src/tape/runner/text-golden.js';

test('screen dumps are joined by rule lines, each ending in a newline', () => {
  assert.equal(formatScreenDumps(['a\nb\n', 'c']), `a\nb\n${SCREEN_DUMP_RULE}\nc\n`);
  assert.equal(formatScreenDumps([]), '');
});

test('the golden diff shows removed and added lines with context under a hunk header', () => {
  const expected = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', ''].join('\n');
  const actual = ['one', 'two', 'three', 'four', 'FIVE', 'six', 'seven', 'eight', ''].join('\n');
  assert.equal(goldenDiff(expected, actual), ['--- golden', '+++ this run', '@@ -2 +2 @@', ' two', ' three', ' four', '-five', '+FIVE', ' six', ' seven', ' eight'].join('\n'));
  assert.equal(goldenDiff(expected, expected), '');
});
