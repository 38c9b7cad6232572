#!/usr/bin/env node
// The line-oriented kind of the calibration set: `shipit`, a made-up deploy tool that builds and uploads a
// site with progress bars, reports one error with a way out and a warning, and ends with its result (about
// 6 s). `--defect <name>` injects one defect:
//
//   node calibration/programs/cli.mjs [--defect <name>]
//
// Every time is fixed (no clock, no randomness), so two recordings differ only in their timing jitter.
import { setTimeout as sleep } from 'node:timers/promises';
import { defectOf, rewriteBytes } from './display-defects.mjs';

const DEFECTS = ['low-contrast', 'too-wide', 'leaked-escapes', 'freeze', 'log-flood', 'uncoloured-error', 'no-final-result', 'flicker', 'missing-glyphs', 'error-no-way-out', 'no-progress', 'monochrome'];
const defect = defectOf(process.argv, DEFECTS);

const body = defect === 'low-contrast' ? '\x1b[38;2;70;74;82m' : '\x1b[39m';
const style = {
  body,
  bold: `\x1b[1m${body}`,
  accent: '\x1b[36m',
  ok: '\x1b[32m',
  error: defect === 'uncoloured-error' ? body : '\x1b[1;31m',
  warning: '\x1b[33m',
  dim: defect === 'low-contrast' ? body : '\x1b[2m',
  reset: '\x1b[0m',
};

/** The lines printed so far, for the flicker defect's full redraws. */
const printed = [];

/** out writes text with the defects that rewrite bytes applied. */
function out(text) {
  process.stdout.write(rewriteBytes(text, defect));
}

/** line prints one finished line. */
function line(text) {
  printed.push(text);
  out(`\r${text}${style.reset}\x1b[K\r\n`);
}

/** redraw shows the line being updated in place: with `\r`, or (flicker) by clearing the screen and printing everything again a moment later. */
async function redraw(text) {
  if (defect === 'flicker') {
    out('\x1b[2J\x1b[H');
    await sleep(120);
    out(`${printed.map((item) => `${item}${style.reset}\r\n`).join('')}${text}${style.reset}`);
    return;
  }
  out(`\r${text}${style.reset}\x1b[K`);
}

/** bar draws a 30-cell progress bar with its percentage and counts. */
function bar(done, total, unit) {
  const filled = Math.round((done / total) * 30);
  return `  ${style.accent}${'█'.repeat(filled)}${style.dim}${'░'.repeat(30 - filled)}${style.reset}${style.body} ${String(Math.round((done / total) * 100)).padStart(3)}%  ${done}/${total} ${unit}`;
}

/** step runs a phase of `total` items in `ms`, drawing its progress bar (none with the no-progress defect). */
async function step(total, ms, unit, onTick) {
  const ticks = Math.round(ms / 100);
  for (let tick = 1; tick <= ticks; tick++) {
    await sleep(100);
    if (defect !== 'no-progress') await redraw(bar(Math.round((tick / ticks) * total), total, unit));
    await onTick?.(tick * 100);
  }
  if (defect !== 'no-progress') process.stdout.write('\r\x1b[K');
}

line(`${style.bold}shipit 2.3.1${style.reset}${style.body} · deploying site "docs" to production`);
line(`${style.accent}→${style.reset}${style.body} Building 42 pages`);
await step(42, 3000, 'pages');
line(`${style.ok}✔${style.reset}${style.body} Built 42 pages in 3.0s`);
if (defect === 'too-wide') {
  // A table laid out for 120 columns, whatever the terminal has.
  line(`${style.bold}${'page'.padEnd(34)}${'size'.padStart(10)}${'time'.padStart(10)}  ${'url'.padEnd(62)}`);
  for (const [page, size, time] of [['guide/getting-started.html', '18 KB', '41 ms'], ['reference/configuration.html', '64 KB', '97 ms'], ['reference/cli.html', '52 KB', '88 ms']]) {
    line(`${style.body}${page.padEnd(34)}${size.padStart(10)}${time.padStart(10)}  ${`https://docs.example.com/${page}`.padEnd(62)}`);
  }
} else {
  line(`${style.bold}${'page'.padEnd(30)}${'size'.padStart(8)}${'time'.padStart(8)}`);
  for (const [page, size, time] of [['guide/getting-started.html', '18 KB', '41 ms'], ['reference/configuration.html', '64 KB', '97 ms'], ['reference/cli.html', '52 KB', '88 ms']]) {
    line(`${style.body}${page.padEnd(30)}${size.padStart(8)}${time.padStart(8)}`);
  }
}
line(`${style.accent}→${style.reset}${style.body} Uploading 42 pages and 18 assets`);
let flooded = 0;
await step(60, 2000, 'files', async (ms) => {
  if (defect === 'freeze' && ms === 1000) await sleep(8000);
  if (defect === 'log-flood') {
    // 4 s of debug lines, 150 a second, printed between the progress updates.
    for (let second = 0; second < 40 && ms === 1000; second++) {
      for (let index = 0; index < 15; index++) line(`${style.dim}debug: upload chunk ${++flooded} sha=${(flooded * 2654435761 >>> 0).toString(16).padStart(8, '0')} retry=0 ok`);
      await sleep(100);
    }
  }
});
line(`${style.ok}✔${style.reset}${style.body} Uploaded 59 of 60 files in 2.0s`);
line(`${style.error}✖ error:${style.reset}${style.body} assets/hero.png is 4.2 MB, above the 2 MB limit; it was skipped`);
if (defect !== 'error-no-way-out') line(`  ${style.dim}try: shipit deploy --compress-images, or see shipit deploy --help${style.reset}`);
line(`${style.warning}⚠ warning:${style.reset}${style.body} 3 pages have no <title>`);
await sleep(300);
if (defect === 'no-final-result') process.exit(0);
line(`\x1b[1;32m✔ Deployed 41 of 42 pages to https://docs.example.com in 5.6s${style.reset}`);
