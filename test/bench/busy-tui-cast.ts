/**
 * Generates the benchmark's recording: a busy TUI at 120×36 that redraws the whole screen with colors ten
 * times a second, with a header clock, a truecolor progress bar, a table of workers whose states change,
 * and a scrolling log (a new line at every redraw). Deterministic (a fixed pseudo-random sequence), so every run renders the same cast.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** BusyTuiOptions sizes the generated cast. */
export interface BusyTuiOptions {
  /** Length of the recording in seconds. @default 60 */
  seconds?: number;
  /** @default 120 */
  cols?: number;
  /** @default 36 */
  rows?: number;
  /** Full-screen redraws per second. @default 10 */
  redrawsPerSecond?: number;
}

const states = [
  ['\u001b[33m', '◐ streaming'],
  ['\u001b[32m', '✔ answered '],
  ['\u001b[36m', '★ voted    '],
  ['\u001b[90m', '… waiting  '],
  ['\u001b[1;31m', '✖ error    '],
] as const;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

/** WorkerRow is one line of the benchmark TUI's table; a few of them change at each redraw. */
interface WorkerRow {
  state: number;
  tokens: number;
  latency: number;
  queue: number;
}

/** BusyTuiState is what persists between redraws: the table and the log. */
interface BusyTuiState {
  workers: WorkerRow[];
  log: string[];
}

/**
 * busyTuiFrame returns the bytes of one full-screen redraw at redraw number `index`: like a real TUI it
 * repaints every line each time, while only part of what is shown changes (clock, progress bar, the
 * workers whose state moved on, streaming token counts, one new log line scrolling the log).
 */
export function busyTuiFrame(index: number, total: number, cols: number, rows: number, state: BusyTuiState, next: () => number): string {
  const seconds = index / 10;
  let out = '\u001b[?2026h\u001b[H';
  const clock = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${(seconds % 60).toFixed(1).padStart(4, '0')}`;
  out += `\u001b[1;97;48;5;24m${pad(` termaudit bench · busy TUI · ${clock}`, cols)}\u001b[0m\r\n`;
  const progress = (index + 1) / total;
  const barWidth = cols - 12;
  const filled = Math.round(progress * barWidth);
  let bar = '';
  for (let cell = 0; cell < barWidth; cell++) {
    if (cell < filled) {
      const red = Math.round(80 + (175 * cell) / barWidth);
      bar += `\u001b[38;2;${red};${200 - Math.round(cell / 2)};120m█`;
    } else bar += '\u001b[38;5;238m░';
  }
  out += ` ${bar}\u001b[0m ${(progress * 100).toFixed(1).padStart(5)}% \r\n`;
  out += `\u001b[2m${'─'.repeat(cols)}\u001b[0m\r\n`;
  const tableRows = rows - 16;
  while (state.workers.length < tableRows) state.workers.push({ state: 3, tokens: 0, latency: 0, queue: 0 });
  for (let worker = 0; worker < tableRows; worker++) {
    const row = state.workers[worker];
    if (next() < 0.08) {
      row.state = Math.floor(next() * states.length);
      row.latency = Math.floor(next() * 900);
    }
    if (row.state === 0) row.tokens += Math.floor(next() * 40);
    if (next() < 0.2) row.queue = Math.floor(next() * 20);
    const [color, label] = states[row.state];
    const name = pad(`worker-${String(worker + 1).padStart(2, '0')}`, 12);
    const detail = pad(`tokens ${String(row.tokens).padStart(6)}  latency ${String(row.latency).padStart(3)}ms  queue ${'▮'.repeat(row.queue)}`, cols - 28);
    out += ` ${name} ${color}${label}\u001b[0m ${detail}\u001b[K\r\n`;
  }
  out += `\u001b[2m${'─'.repeat(cols)}\u001b[0m\r\n`;
  state.log.push(`\u001b[90m${clock}\u001b[0m ${next() < 0.1 ? '\u001b[31mERROR\u001b[0m' : '\u001b[34mINFO \u001b[0m'} request ${index} handled by worker-${String(1 + Math.floor(next() * tableRows)).padStart(2, '0')} in ${(next() * 300).toFixed(1)}ms`);
  if (state.log.length > 200) state.log.splice(0, 100);
  const logRows = rows - tableRows - 5;
  const shown = state.log.slice(-logRows);
  for (let line = 0; line < logRows; line++) out += `${shown[line] ?? ''}\u001b[K${line < logRows - 1 ? '\r\n' : ''}`;
  return `${out}\u001b[?2026l`;
}

/** writeBusyTuiCast writes the benchmark cast (asciicast v2) to `path`. */
export async function writeBusyTuiCast(path: string, options: BusyTuiOptions = {}): Promise<void> {
  const seconds = options.seconds ?? 60;
  const cols = options.cols ?? 120;
  const rows = options.rows ?? 36;
  const rate = options.redrawsPerSecond ?? 10;
  const total = Math.round(seconds * rate);
  const next = random(42);
  const state: BusyTuiState = { workers: [], log: [] };
  const stream = createWriteStream(path);
  const write = async (line: string) => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  await write(JSON.stringify({ version: 2, width: cols, height: rows, duration: seconds, env: { TERM: 'xterm-256color' } }) + '\n');
  await write(JSON.stringify([0, 'o', '\u001b[?25l\u001b[2J']) + '\n');
  for (let index = 0; index < total; index++) {
    await write(JSON.stringify([Number(((index + 0.5) / rate).toFixed(6)), 'o', busyTuiFrame(index, total, cols, rows, state, next)]) + '\n');
  }
  stream.end();
  await once(stream, 'finish');
}
