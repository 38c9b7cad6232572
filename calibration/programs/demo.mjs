#!/usr/bin/env node
// The multi-agent kind of the calibration set: termaudit's own demo (dist/demo, so `npm run build` first), in
// this process, with its paints thinned to one every PAINT_MS (a recording of a few kilobytes a second, the
// same screens) and at most one defect injected into what it writes:
//
//   node calibration/programs/demo.mjs [--defect <name>] [--fail agent-error]
//
// The run is the demo's seed 1 at speed 5 (about 8 s). Timed defects strike at fixed points of the run.
import { runDemo } from '../../dist/demo/index.js';
import { defectOf, leakEscapes, stripColours, withMissingGlyphs } from './display-defects.mjs';

const DEFECTS = ['low-contrast', 'too-wide', 'leaked-escapes', 'freeze', 'log-flood', 'uncoloured-error', 'no-final-result', 'flicker', 'missing-glyphs', 'monochrome', 'slow-start', 'no-progress'];
const defect = defectOf(process.argv, DEFECTS);
const fail = process.argv.includes('--fail') ? process.argv[process.argv.indexOf('--fail') + 1] : defect === 'uncoloured-error' ? 'agent-error' : undefined;

const SPEED = 5;
const PAINT_MS = 750;
const FREEZE = { start: 3000, ms: 8000 };
const FLOOD = { start: 2500, ms: 4000, linesPerTick: 12, tickMs: 100 };
const NO_RESULT_AT_MS = 6500;
const SLOW_START_MS = 6000;

const stdout = process.stdout;
const write = stdout.write.bind(stdout);
const started = Date.now();
const elapsed = () => Date.now() - started;

if (defect === 'too-wide') {
  // The demo draws for 30 columns more than the terminal has, like a program that read a stale width.
  const real = stdout.columns;
  Object.defineProperty(stdout, 'columns', { get: () => real + 30 });
}

/** rewrite applies a defect that changes the bytes of one paint. */
function rewrite(text) {
  switch (defect) {
    case 'leaked-escapes':
      // The agent panels' rows (6 to 12) lose their ESC bytes.
      return text.replace(/(\x1b\[(?:[6-9]|1[0-2]);1H)([^]*?)(?=\x1b\[\d+;1H|$)/g, (_row, address, body) => address + leakEscapes(body));
    case 'uncoloured-error':
      // The error text and symbol in the terminal's body colour, not bold: nothing sets the error apart.
      return text.replaceAll('1;38;2;255;92;92', '38;2;220;223;228').replaceAll('38;2;255;92;92', '38;2;220;223;228');
    case 'missing-glyphs':
      return withMissingGlyphs(text);
    case 'monochrome':
      return stripColours(text);
    case 'no-progress':
      // Row 4 (the progress bar) drawn blank, and no spinner: status words only.
      return text.replace(/(\x1b\[4;1H)([^]*?)(?=\x1b\[5;1H)/, (_row, address) => `${address}\x1b[0m${' '.repeat(stdout.columns)}`).replace(/[◐◓◑◒]/g, ' ');
    default:
      return text;
  }
}

let pending;
let lastPaint = -Infinity;
let timer;
let frozenUntil = 0;
if (defect === 'freeze') frozenUntil = FREEZE.start + FREEZE.ms;
if (defect === 'slow-start') frozenUntil = SLOW_START_MS;

/** flush writes the latest paint, unless the display is frozen now. */
function flush() {
  timer = undefined;
  if (pending === undefined) return;
  const now = elapsed();
  const frozen = defect === 'slow-start' ? now < SLOW_START_MS : defect === 'freeze' && now >= FREEZE.start && now < frozenUntil;
  if (frozen) {
    timer = setTimeout(flush, (defect === 'slow-start' ? SLOW_START_MS : frozenUntil) - now);
    return;
  }
  const text = pending.join('');
  pending = undefined;
  lastPaint = now;
  if (defect === 'flicker') {
    // Clear the screen, then draw 150 ms later: the user sees a blank screen between every two paints.
    write('\x1b[2J');
    setTimeout(() => write(text), 150);
  } else write(text);
}

stdout.write = (chunk, ...rest) => {
  const text = rewrite(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  // A paint draws the whole screen: it replaces the paints not written yet, never the other writes.
  const isPaint = (item) => item.startsWith('\x1b[?2026h');
  pending = [...(pending ?? []).filter((item) => !(isPaint(text) && isPaint(item))), text];
  if (timer === undefined) timer = setTimeout(flush, Math.max(0, lastPaint + PAINT_MS - elapsed()));
  const callback = rest.find((item) => typeof item === 'function');
  callback?.();
  return true;
};

if (defect === 'log-flood') {
  // Debug lines scrolled onto the bottom of the screen, 120 a second for 4 s; the next paints draw over them.
  let line = 0;
  setTimeout(() => {
    const flood = setInterval(() => {
      const lines = Array.from({ length: FLOOD.linesPerTick }, () => `DEBUG coordinator: heartbeat seq=${++line} queue=${line % 7} ok\r\n`).join('');
      write(`\x1b[${stdout.rows};1H${lines}`);
      if (elapsed() >= FLOOD.start + FLOOD.ms) clearInterval(flood);
    }, FLOOD.tickMs);
  }, FLOOD.start);
}

if (defect === 'no-final-result') {
  // The program ends before the winner is shown (and without an error): the last screen states nothing.
  setTimeout(() => {
    flush();
    write('\x1b[0m\x1b[?25h');
    process.exit(0);
  }, NO_RESULT_AT_MS);
}

await runDemo({ seed: 1, speed: SPEED, palette: defect === 'low-contrast' ? 'low-contrast' : 'default', fail }).catch((error) => {
  process.exitCode = error.exitCode ?? 2;
});
// The last paint and the cursor's return are written before the process ends.
await new Promise((resolve) => {
  const wait = () => (pending === undefined && timer === undefined ? setTimeout(resolve, 200) : setTimeout(wait, 50));
  wait();
});
