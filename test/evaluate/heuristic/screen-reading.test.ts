import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMarker, TEXT_PATTERNS } from '../../../src/evaluate/heuristic/screen-reading.js';

const marked = (row: string) => {
  const marker = errorMarker(row);
  return marker && row.slice(marker.index, marker.index + marker.length);
};

test('an error row is told by its role: a level, a prefix where a message starts, or a failure status at the end', () => {
  const errors: Array<[string, string]> = [
    ['error: pathspec \'x\' did not match any file(s) known to git', 'error:'],
    ['fatal: not a git repository (or any of the parent directories): .git', 'fatal:'],
    ['E492: Not an editor command: foo', 'E492:'],
    ['Error: ENOENT: no such file or directory, open \'a.json\'', 'Error:'],
    ['error[E0308]: mismatched types', 'error[E0308]:'],
    ['src/a.ts(3,4): error TS2322: Type \'string\' is not assignable', 'error TS2322:'],
    ['main.c:3:5: error: expected \';\' before \'}\' token', 'error:'],
    ['panic: runtime error: index out of range [3] with length 3', 'panic:'],
    ['ValueError: invalid literal for int() with base 10: \'x\'', 'ValueError:'],
    ['Traceback (most recent call last):', 'Traceback (most recent call last)'],
    ['2024-05-01 12:00:01 ERROR db: connection refused', 'ERROR'],
    ['npm ERR! code E404', 'ERR!'],
    ['[error] could not resolve host', '[error]'],
    ['  ✗ compile modules', '✗'],
    ['│ ✖ API error 429: rate limit exceeded │', '✖'],
    ['compile modules failed', 'failed'],
    ['test/a.test.ts ........ FAILED', 'FAILED'],
    ['Failed to connect to localhost port 80', 'Failed'],
    ['[31;1mcompile modules failed[0m', 'failed'],
  ];
  for (const [row, marker] of errors) assert.equal(marked(row), marker, row);
  const ordinary = [
    '|     Fix parse errors in tapes and report every error at once',
    '* 72b5be4 Tests: a failed rename or a full disk leaves no temporary file',
    'Report the first parse error: line and column',
    'errors.ts        4 KB',
    'The error handling chapter explains failures',
    '  PID USER       PRI  NI  VIRT   RES   SHR S  CPU% MEM%   TIME+  Command',
    'Description: tools to recover from errors and failures',
    '0 errors, 0 warnings',
  ];
  for (const row of ordinary) assert.equal(marked(row), null, row);
});

test('escape debris is a sequence shown as text; a lone ^[ (vim\'s showcmd echo of Escape, a key written in caret notation) is not', () => {
  const debris = [
    '^[[33mfetch sources ok^[[0m',
    'title ^[]0;build^G',
    '\\x1b[32mresolve packages ok\\x1b[0m',
    'echo -e "\\033[1mbold"',
    '[31;1mcompile modules failed[0m',
    'cursor [?25l hidden',
    'r\u241b[0m',
  ];
  for (const row of debris) assert.ok(TEXT_PATTERNS.garbage.test(row), row);
  const intended = [
    'E492: Not an editor command: foo                          ^[        1,11          All',
    'Press ^[ or ^C to cancel',
    'see [5m] and [0] here',
  ];
  for (const row of intended) assert.ok(!TEXT_PATTERNS.garbage.test(row), row);
});
