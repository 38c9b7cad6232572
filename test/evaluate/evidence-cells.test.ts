/**
 * Evidence on the screen: a quote is found on its frame's screen state as the emulator holds it (wide
 * characters take two columns, autowrapped lines are one line), its cells are the ones a report boxes, and
 * a quote that is not on its frame is unverified.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateQuote, mergeRanges, placeEvidence } from '../../src/evaluate/evidence-cells.js';
import { VirtualTerminal } from '../../src/render/virtual-terminal.js';
import type { ScreenSnapshot } from '../../src/render/screen.js';
import type { JudgeAnswer, JudgeFrame } from '../../src/evaluate/types.js';

async function screen(text: string, cols = 20, rows = 6): Promise<ScreenSnapshot> {
  const terminal = new VirtualTerminal({ cols, rows });
  await terminal.write(text);
  const snapshot = terminal.snapshot();
  terminal.dispose();
  return snapshot;
}

test('locateQuote finds a quote on its row and column, white space runs compared as one space', async () => {
  const snapshot = await screen('$ app --help\r\n  Usage:   app <file>\r\n', 30);
  assert.deepEqual(locateQuote(snapshot, 'Usage: app <file>'), [{ row: 1, col: 2, width: 19, height: 1 }]);
  assert.deepEqual(locateQuote(snapshot, 'app --help'), [{ row: 0, col: 2, width: 10, height: 1 }]);
  assert.equal(locateQuote(snapshot, 'Usage: app <dir>'), undefined);
  assert.equal(locateQuote(snapshot, '   '), undefined);
});

test('locateQuote counts a wide character as two columns', async () => {
  const snapshot = await screen('日本語 error here\r\n');
  // 日本語 takes columns 0–5, a space at 6: "error" starts at column 7.
  assert.deepEqual(locateQuote(snapshot, 'error'), [{ row: 0, col: 7, width: 5, height: 1 }]);
  assert.deepEqual(locateQuote(snapshot, '本語'), [{ row: 0, col: 2, width: 4, height: 1 }]);
});

test('locateQuote finds a line the terminal wrapped as the one line it was written as, one range per row', async () => {
  const snapshot = await screen('0123456789abcdefghijKLMNOP\r\n');
  assert.deepEqual(locateQuote(snapshot, 'ghijKLM'), [
    { row: 0, col: 16, width: 4, height: 1 },
    { row: 1, col: 0, width: 3, height: 1 },
  ]);
});

test('locateQuote finds a quote of several lines line by line, and ignores case only when the exact text is missing', async () => {
  const snapshot = await screen('Build\r\n  step 1 ok\r\n  step 2 FAILED\r\n');
  assert.deepEqual(locateQuote(snapshot, 'step 1 ok\nstep 2 FAILED'), [
    { row: 1, col: 2, width: 9, height: 1 },
    { row: 2, col: 2, width: 13, height: 1 },
  ]);
  assert.deepEqual(locateQuote(snapshot, 'step 2 failed'), [{ row: 2, col: 2, width: 13, height: 1 }]);
  assert.equal(locateQuote(snapshot, 'step 1 ok\nstep 3 ok'), undefined);
});

test('mergeRanges joins touching ranges on one row', () => {
  assert.deepEqual(
    mergeRanges([
      { row: 1, col: 5, width: 3, height: 1 },
      { row: 1, col: 0, width: 5, height: 1 },
      { row: 0, col: 2, width: 1, height: 1 },
      { row: 1, col: 10, width: 2, height: 1 },
    ]),
    [
      { row: 0, col: 2, width: 1, height: 1 },
      { row: 1, col: 0, width: 8, height: 1 },
      { row: 1, col: 10, width: 2, height: 1 },
    ],
  );
});

test('placeEvidence gives found quotes their cells, marks the others unverified, keeps cells a judge measured, and leaves video frames alone', async () => {
  const snapshot = await screen('Error: disk full\r\nhint: free space\r\n');
  const frame = (number: number, withSnapshot: boolean): JudgeFrame => ({ number, time: number, label: `Frame ${number}`, png: Buffer.alloc(0), width: 10, height: 10, hash: '', ...(withSnapshot ? { snapshot } : {}) });
  const answer: JudgeAnswer = {
    criteria: {
      errors: {
        score: 4,
        rationale: '',
        evidence: [
          { frame: 1, quote: 'disk full' },
          { frame: 1, quote: 'Ctrl+C to stop' },
          { frame: 1, quote: '' },
          { frame: 1, quote: 'measured', cells: [{ row: 5, col: 0, width: 3, height: 1 }] },
          { frame: 2, quote: 'anything' },
        ],
      },
    },
    issues: [
      { severity: 'major', title: 'No fix', frame: 1, recommendation: 'Say how', quote: 'hint: free space' },
      { severity: 'minor', title: 'Not tied', frame: 1, recommendation: 'x' },
      { severity: 'minor', title: 'Elsewhere', frame: null, recommendation: 'x', quote: 'disk' },
    ],
    summary: '',
  };
  const placed = placeEvidence(answer, [frame(1, true), frame(2, false)]);
  const evidence = placed.criteria.errors!.evidence;
  assert.deepEqual(evidence[0], { frame: 1, quote: 'disk full', cells: [{ row: 0, col: 7, width: 9, height: 1 }], verified: true });
  assert.deepEqual(evidence[1], { frame: 1, quote: 'Ctrl+C to stop', verified: false });
  assert.deepEqual(evidence[2], { frame: 1, quote: '', verified: false });
  assert.deepEqual(evidence[3], { frame: 1, quote: 'measured', cells: [{ row: 5, col: 0, width: 3, height: 1 }], verified: true });
  assert.deepEqual(evidence[4], { frame: 2, quote: 'anything' });
  assert.deepEqual(placed.issues[0]!.cells, [{ row: 1, col: 0, width: 16, height: 1 }]);
  assert.equal(placed.issues[0]!.verified, true);
  assert.equal(placed.issues[1]!.verified, undefined);
  assert.equal(placed.issues[2]!.verified, undefined);
});
