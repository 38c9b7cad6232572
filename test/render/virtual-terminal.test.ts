import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotText } from '../../src/render/screen.js';
import { VirtualTerminal } from '../../src/render/virtual-terminal.js';

const ESC = '\u001b';

// Unclamped, these sequences keep the emulator busy for minutes: the test's time limit bounds that hang.
test('VirtualTerminal clamps before the emulator: a billion-step scroll or repeat takes no time', { timeout: 60_000 }, async () => {
  const terminal = new VirtualTerminal({ cols: 40, rows: 5 });
  await terminal.write(`top\r\n${ESC}[999999999S${ESC}[999999999T${ESC}[999999999L${ESC}[999999999M${ESC}[999999999I${ESC}[999999999Z${ESC}[999999999@${ESC}[999999999P${ESC}[999999999X`);
  await terminal.write(`${ESC}[Hx${ESC}[9999`);
  await terminal.write(`99999b`);
  assert.equal(snapshotText(terminal.snapshot()), `${'x'.repeat(40)}\n`.repeat(5).trimEnd() + '\n');
  terminal.dispose();
});

test('VirtualTerminal lets timers run while it parses a burst of costly output', async () => {
  const terminal = new VirtualTerminal({ cols: 120, rows: 36 });
  // Each sequence scrolls the whole screen (36 steps once clamped): about 2 s of work in one write.
  const burst = `${ESC}[999999S`.repeat(6000);
  // The write parses in slices, giving the event loop (timers, signal handlers) a turn between them.
  let turns = 0;
  let parsing = true;
  const turn = (): void => {
    turns += 1;
    if (parsing) setImmediate(turn);
  };
  setImmediate(turn);
  await terminal.write(burst);
  parsing = false;
  terminal.dispose();
  assert.ok(turns > 1, `the event loop had ${turns} turns while the burst was parsed`);
});

test('VirtualTerminal counts the lines the alternate screen scrolls: line feeds at the bottom of a region and scroll-ups, not the switch nor the main screen', async () => {
  const terminal = new VirtualTerminal({ cols: 20, rows: 10 });
  await terminal.write(`${ESC}[?1049h`);
  assert.equal(terminal.alternateScrolledLines, 0);
  await terminal.write(`${ESC}[3;6r${ESC}[6;1H${'a\r\n'.repeat(10)}${ESC}[r`);
  assert.equal(terminal.alternateScrolledLines, 10);
  await terminal.write(`${ESC}[5S${ESC}[1;1H\n\n`);
  assert.equal(terminal.alternateScrolledLines, 15);
  await terminal.write(`${ESC}[?1049l${'x\r\n'.repeat(15)}`);
  assert.equal(terminal.alternateScrolledLines, 15);
  terminal.dispose();
});
