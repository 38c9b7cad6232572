import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotText } from '../../src/render/screen.js';
import { VirtualTerminal } from '../../src/render/virtual-terminal.js';

const ESC = '\u001b';

test('VirtualTerminal clamps before the emulator: a billion-step scroll or repeat takes no time', async () => {
  const terminal = new VirtualTerminal({ cols: 40, rows: 5 });
  const started = performance.now();
  await terminal.write(`top\r\n${ESC}[999999999S${ESC}[999999999T${ESC}[999999999L${ESC}[999999999M${ESC}[999999999I${ESC}[999999999Z${ESC}[999999999@${ESC}[999999999P${ESC}[999999999X`);
  await terminal.write(`${ESC}[Hx${ESC}[9999`);
  await terminal.write(`99999b`);
  const elapsedMs = performance.now() - started;
  assert.ok(elapsedMs < 1000, `${elapsedMs} ms`);
  assert.equal(snapshotText(terminal.snapshot()), `${'x'.repeat(40)}\n`.repeat(5).trimEnd() + '\n');
  terminal.dispose();
});

test('VirtualTerminal lets timers run while it parses a burst of costly output', async () => {
  const terminal = new VirtualTerminal({ cols: 120, rows: 36 });
  // Each sequence scrolls the whole screen (36 steps once clamped): about 2 s of work in one write.
  const burst = `${ESC}[999999S`.repeat(6000);
  let longestGapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 5);
  await terminal.write(burst);
  clearInterval(timer);
  terminal.dispose();
  assert.ok(longestGapMs < 1000, `timers waited ${Math.round(longestGapMs)} ms`);
});
