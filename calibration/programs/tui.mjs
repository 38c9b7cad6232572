#!/usr/bin/env node
// The full-screen kind of the calibration set: `tasks`, a made-up task board on the alternate screen. A list
// of tasks in a box (the selected one highlighted, a running one with a spinner, a blocked one in yellow), the selected task's details
// below, a message line and a bar of key hints. Down/Up move, Enter opens a task's details, r retries a blocked
// one, ? shows the help, Escape closes it, q quits; any other key is an error with a way out on the row below it.
// The board itself shows no error and no word a reader takes for a way out ("run", "try", "see"), so the
// transient error of the unbound key is the only error on screen and its hint the only way out: the
// uncoloured-error and error-no-way-out defects change exactly what error-visibility and error-recovery read. Driven by
// calibration/tapes/tui.tape. `--defect <name>` injects one defect:
//
//   node calibration/programs/tui.mjs [--defect <name>]
import { defectOf, rewriteBytes } from './display-defects.mjs';

const DEFECTS = ['low-contrast', 'too-wide', 'leaked-escapes', 'freeze', 'log-flood', 'uncoloured-error', 'flicker', 'missing-glyphs', 'no-key-hints', 'slow-keys', 'error-no-way-out', 'monochrome'];
const defect = defectOf(process.argv, DEFECTS);

/** The freeze defect: after Enter, nothing is drawn or answered for 8 s. */
const FREEZE_MS = 8000;
/** The slow-keys defect: every key is answered this late. */
const SLOW_KEY_MS = 1500;
/** The log-flood defect: the log pane scrolls this many lines every 100 ms, for 4 s after Enter. */
const FLOOD_LINES = 15;

const tasks = [
  { name: 'build docs', status: 'done', detail: 'Built 42 pages in 3.0s.' },
  { name: 'unit tests', status: 'done', detail: '318 tests passed in 12.4s.' },
  { name: 'upload assets', status: 'blocked', detail: 'assets/hero.png is 4.2 MB, above the 2 MB limit.' },
  { name: 'index search', status: 'running', detail: 'Indexing 42 pages: 17 done.' },
  { name: 'notify team', status: 'waiting', detail: 'Waits for upload assets.' },
];

const body = defect === 'low-contrast' ? '\x1b[38;2;70;74;82m' : '\x1b[39m';
const look = {
  done: ['\x1b[32m', '✔'],
  blocked: ['\x1b[33m', '⚠'],
  running: ['\x1b[33m', '◐'],
  waiting: ['\x1b[2m', '●'],
};
const columns = () => process.stdout.columns + (defect === 'too-wide' ? 24 : 0);
const rows = () => process.stdout.rows;

let selected = 0;
let open = false;
let help = false;
/** The message rows above the key hints: an answer to the last key, or an error and its way out. */
let message = ['', ''];
let tick = 0;
let frozenUntil = 0;
const log = [];
/** How the log names the keys that are escape sequences. */
const KEY_NAMES = { '\x1b[A': 'Up', '\x1bOA': 'Up', '\x1b[B': 'Down', '\x1bOB': 'Down', '\r': 'Enter', '\x1b': 'Escape' };

/** pad fits text (without escapes) to a width, padding with spaces. */
const pad = (text, width) => (text.length > width ? text.slice(0, width) : text + ' '.repeat(width - text.length));

/** boxRow draws one row of a box `width` wide: a border row (top, middle, bottom) or a content row. */
function boxRow(kind, width, content = '', plain = content) {
  const inner = width - 2;
  if (kind === 'top') return `\x1b[36m╭${'─'.repeat(inner)}╮\x1b[0m`;
  if (kind === 'bottom') return `\x1b[36m╰${'─'.repeat(inner)}╯\x1b[0m`;
  return `\x1b[36m│\x1b[0m${content}${' '.repeat(Math.max(0, inner - plain.length))}\x1b[36m│\x1b[0m`;
}

/** screen returns every row of the display, styled. */
function screen() {
  const width = columns();
  const lines = [];
  const title = ' tasks · release 2.3.1';
  lines.push(`\x1b[1;37;44m${pad(title, width)}\x1b[0m`);
  lines.push(boxRow('top', width));
  tasks.forEach((task, index) => {
    const [colour, symbol] = look[task.status];
    const glyph = task.status === 'running' ? ['◐', '◓', '◑', '◒'][tick % 4] : symbol;
    const plain = ` ${glyph} ${pad(task.name, 24)}${task.status}`;
    const highlight = index === selected ? '\x1b[1;7m' : '';
    lines.push(boxRow('row', width, `${highlight} ${colour}${glyph}\x1b[0m${highlight}${body} ${pad(task.name, 24)}${colour}${task.status}\x1b[0m`, plain));
  });
  lines.push(boxRow('bottom', width));
  lines.push('');
  if (help) {
    lines.push(`\x1b[1m${body} Help\x1b[0m`);
    for (const text of ['Down/Up   move between tasks', 'Enter     open the task', 'r         retry a blocked task', 'Escape    close this help', 'q         quit']) lines.push(`${body}   ${text}\x1b[0m`);
  } else if (open) {
    lines.push(`\x1b[1m${body} ${tasks[selected].name}\x1b[0m`);
    lines.push(`${body}   ${tasks[selected].detail}\x1b[0m`);
  }
  while (lines.length < rows() - 8) lines.push('');
  // The log pane: the last lines of the task log.
  lines.push(`\x1b[2m${body} log\x1b[0m`);
  for (const entry of log.slice(-4)) lines.push(`\x1b[2m${body}   ${entry}\x1b[0m`);
  while (lines.length < rows() - 3) lines.push('');
  lines.push(...message);
  const hints = '<Down> next  <Enter> open  <r> retry  <?> help  <q> quit';
  lines.push(defect === 'no-key-hints' ? `\x1b[7m${pad(' tasks 2.3.1', width)}\x1b[0m` : `\x1b[7m${pad(` ${hints}`, width)}\x1b[0m`);
  return lines;
}

/** out writes to the terminal with the defects that rewrite bytes applied. */
function out(text) {
  process.stdout.write(rewriteBytes(text, defect));
}

let drawing = false;
/** The rows on the terminal now, to redraw only those that change (as curses does); none after a clear. */
let shown = [];
/** draw repaints the rows that changed (flicker: clears the screen first and paints all of them 150 ms later). */
function draw() {
  if (Date.now() < frozenUntil || drawing) return;
  const paint = () => {
    const lines = screen();
    out(lines.map((line, index) => (shown[index] === line ? '' : `\x1b[${index + 1};1H${line}\x1b[0m\x1b[K`)).join(''));
    shown = lines;
  };
  if (defect === 'flicker') {
    drawing = true;
    out('\x1b[2J');
    shown = [];
    setTimeout(() => {
      drawing = false;
      paint();
    }, 150);
  } else {
    out(`\x1b[?2026h`);
    paint();
    out(`\x1b[?2026l`);
  }
}

function quit() {
  out('\x1b[0m\x1b[?25h\x1b[?1049l');
  process.stdout.write('tasks: 2 done, 1 blocked, 1 running\r\n');
  process.exit(0);
}

function handle(key) {
  if (key === 'q') return quit();
  message = ['', ''];
  if (key === '\x1b[B' || key === '\x1bOB') selected = Math.min(tasks.length - 1, selected + 1);
  else if (key === '\x1b[A' || key === '\x1bOA') selected = Math.max(0, selected - 1);
  else if (key === '\r') {
    open = true;
    if (defect === 'freeze') {
      draw();
      frozenUntil = Date.now() + FREEZE_MS;
      setTimeout(draw, FREEZE_MS + 10);
      return;
    }
    if (defect === 'log-flood') {
      let sent = 0;
      const flood = setInterval(() => {
        // Lines scrolled through the log pane's scroll region, as a program streaming its log does.
        const lines = Array.from({ length: FLOOD_LINES }, () => `worker 3: indexed chunk ${++sent} of pages/ in ${(sent * 7) % 40} ms`);
        log.push(...lines);
        out(`\x1b[${rows() - 6};${rows() - 3}r\x1b[${rows() - 3};1H${lines.map((line) => `\r\n\x1b[2m${body}   ${line}\x1b[0m`).join('')}\x1b[r`);
        if (sent >= FLOOD_LINES * 40) clearInterval(flood);
      }, 100);
    }
  } else if (key === '\x1b') {
    help = false;
    open = false;
  } else if (key === '?') help = true;
  else if (key === 'r') message = [`\x1b[32m✔\x1b[0m${body} retrying upload assets\x1b[0m`, ''];
  else {
    const error = defect === 'uncoloured-error' ? `${body}✖ error: no action for the key "${key}"` : `\x1b[1;31m✖ error:\x1b[0m${body} no action for the key "${key}"`;
    message = [`${error}\x1b[0m`, defect === 'error-no-way-out' ? '' : `${body}  press ? to see the keys\x1b[0m`];
  }
  log.push(`key ${KEY_NAMES[key] ?? key}`);
  draw();
}

process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (key) => {
  const answer = () => handle(key);
  const wait = Math.max(defect === 'slow-keys' ? SLOW_KEY_MS : 0, frozenUntil - Date.now());
  if (wait > 0) setTimeout(answer, wait);
  else answer();
});
out('\x1b[?1049h\x1b[?25l\x1b[2J');
log.push('started: 5 tasks, 1 running');
draw();
// The running task's spinner turns twice a second.
setInterval(() => {
  tick++;
  draw();
}, 500);
