/**
 * Generates the benchmark's recording: a busy TUI at 120×36 that redraws the whole screen with colors ten
 * times a second, with a header clock, a truecolor progress bar, a table of workers whose states change,
 * and a scrolling log. Deterministic (a fixed pseudo-random sequence), so every run renders the same cast.
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

/** busyTuiFrame returns the bytes of one full-screen redraw at redraw number `index`. */
export function busyTuiFrame(index: number, total: number, cols: number, rows: number, log: string[], next: () => number): string {
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
  for (let worker = 0; worker < tableRows; worker++) {
    const [color, label] = states[Math.floor(next() * states.length)];
    const tokens = Math.floor(next() * 100000);
    const name = pad(`worker-${String(worker + 1).padStart(2, '0')}`, 12);
    const detail = pad(`tokens ${String(tokens).padStart(6)}  latency ${(next() * 900).toFixed(0).padStart(3)}ms  queue ${'▮'.repeat(Math.floor(next() * 20))}`, cols - 28);
    out += ` ${name} ${color}${label}\u001b[0m ${detail}\u001b[K\r\n`;
  }
  out += `\u001b[2m${'─'.repeat(cols)}\u001b[0m\r\n`;
  log.push(`\u001b[90m${clock}\u001b[0m ${next() < 0.1 ? '\u001b[31mERROR\u001b[0m' : '\u001b[34mINFO \u001b[0m'} request ${index} handled by worker-${String(1 + Math.floor(next() * tableRows)).padStart(2, '0')} in ${(next() * 300).toFixed(1)}ms`);
  const logRows = rows - tableRows - 5;
  const shown = log.slice(-logRows);
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
  const log: string[] = [];
  const stream = createWriteStream(path);
  const write = async (line: string) => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  await write(JSON.stringify({ version: 2, width: cols, height: rows, duration: seconds, env: { TERM: 'xterm-256color' } }) + '\n');
  await write(JSON.stringify([0, 'o', '\u001b[?25l\u001b[2J']) + '\n');
  for (let index = 0; index < total; index++) {
    if (log.length > 200) log.splice(0, 100);
    await write(JSON.stringify([Number(((index + 0.5) / rate).toFixed(6)), 'o', busyTuiFrame(index, total, cols, rows, log, next)]) + '\n');
  }
  stream.end();
  await once(stream, 'finish');
}
