/**
 * The demo's rich display: a full-screen ANSI view of the run (header, phase line, progress bar, one panel
 * per agent, votes, winner, final answer). `drawDemoFrame` is pure (state in, escape sequences out); the
 * presenter only repaints it at ~10 Hz inside synchronized-output brackets.
 */
import type { DemoPhase } from './plan.js';
import { demoPhases } from './plan.js';
import type { DemoAgentStatus, DemoState } from './state.js';

type Rgb = readonly [number, number, number];

/** The colors of the display's parts. */
interface Palette {
  text: Rgb;
  dim: Rgb;
  border: Rgb;
  title: Rgb;
  accent: Rgb;
  gold: Rgb;
  red: Rgb;
  green: Rgb;
}

const defaultPalette: Palette = {
  text: [220, 223, 228],
  dim: [128, 134, 145],
  border: [88, 96, 110],
  title: [38, 54, 92],
  accent: [86, 182, 255],
  gold: [255, 201, 71],
  red: [255, 92, 92],
  green: [98, 209, 120],
};

/** The names `--palette` accepts. */
export const demoPaletteNames = ['default', 'low-contrast'] as const;

/** DemoPaletteName names one of the display's palettes. */
export type DemoPaletteName = (typeof demoPaletteNames)[number];

/**
 * The palettes. `low-contrast` is a deliberately poor display for audits to catch: body text in a dark gray
 * (#464a52) that reaches about 1.6:1 on a dark terminal background, far below WCAG's 4.5:1. Only the text
 * color changes, so the screen's text is the same as with `default`.
 */
const palettes = {
  default: defaultPalette,
  'low-contrast': { ...defaultPalette, text: [70, 74, 82] },
} as const satisfies Record<DemoPaletteName, Palette>;

/** How each agent status looks: its color, symbol (or spinner) and label. */
const statusLook = {
  waiting: { color: [140, 140, 150], symbol: '…', label: 'waiting' },
  streaming: { color: [86, 182, 255], symbol: '◐', label: 'streaming' },
  answered: { color: [98, 209, 120], symbol: '✔', label: 'answered' },
  voted: { color: [196, 140, 255], symbol: '★', label: 'voted' },
  completed: { color: [80, 200, 200], symbol: '●', label: 'completed' },
  error: { color: [255, 92, 92], symbol: '✖', label: 'error' },
} as const satisfies Record<DemoAgentStatus, { color: Rgb; symbol: string; label: string }>;

const spinner = ['◐', '◓', '◑', '◒'];

/** Style of a cell run: colors and attributes. */
interface Style {
  fg?: Rgb;
  bg?: Rgb;
  bold?: boolean;
  dim?: boolean;
}

function sgr(style: Style): string {
  const parts = ['0'];
  if (style.bold) parts.push('1');
  if (style.dim) parts.push('2');
  if (style.fg) parts.push(`38;2;${style.fg.join(';')}`);
  if (style.bg) parts.push(`48;2;${style.bg.join(';')}`);
  return `\x1b[${parts.join(';')}m`;
}

/** Canvas is a grid of styled cells; every character drawn is one column wide (ASCII, box drawing, symbols). */
class Canvas {
  readonly chars: string[][];
  readonly styles: string[][];

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    const blank = sgr({});
    this.chars = Array.from({ length: rows }, () => Array<string>(columns).fill(' '));
    this.styles = Array.from({ length: rows }, () => Array<string>(columns).fill(blank));
  }

  /** put writes text at (row, column), clipped to `maxWidth` and to the canvas. */
  put(row: number, column: number, text: string, style: Style = {}, maxWidth = Infinity): void {
    if (row < 0 || row >= this.rows) return;
    const code = sgr(style);
    const characters = [...text];
    for (let index = 0; index < characters.length && index < maxWidth; index++) {
      const x = column + index;
      if (x < 0 || x >= this.columns) continue;
      this.chars[row][x] = characters[index];
      this.styles[row][x] = code;
    }
  }

  /** fill paints a row segment with a background. */
  fill(row: number, column: number, width: number, style: Style): void {
    this.put(row, column, ' '.repeat(Math.max(0, width)), style);
  }

  /** box draws a border with a title in the top edge. */
  box(top: number, left: number, width: number, height: number, style: Style, heavy = false): void {
    const [h, v, tl, tr, bl, br] = heavy ? ['═', '║', '╔', '╗', '╚', '╝'] : ['─', '│', '╭', '╮', '╰', '╯'];
    this.put(top, left, tl + h.repeat(width - 2) + tr, style);
    for (let row = top + 1; row < top + height - 1; row++) {
      this.put(row, left, v, style);
      this.put(row, left + width - 1, v, style);
    }
    this.put(top + height - 1, left, bl + h.repeat(width - 2) + br, style);
  }

  /** serialize turns the grid into cursor-addressed rows, emitting an SGR only where the style changes. */
  serialize(): string {
    let out = '';
    for (let row = 0; row < this.rows; row++) {
      out += `\x1b[${row + 1};1H`;
      let current = '';
      for (let column = 0; column < this.columns; column++) {
        if (this.styles[row][column] !== current) {
          current = this.styles[row][column];
          out += current;
        }
        out += this.chars[row][column];
      }
    }
    return out + '\x1b[0m';
  }
}

/** truncate shortens text to `width` columns, ending with an ellipsis when cut. */
function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}

/** wrapWords word-wraps text to `width` columns, splitting words longer than a line. */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A message shown in place of the result box's title while the run fails or stops. */
export interface DemoNotice {
  text: string;
  tone: 'error' | 'warning';
}

/** What a frame is drawn for besides the state. */
export interface DemoFrameOptions {
  /** Terminal columns. */
  columns: number;
  /** Terminal rows. */
  rows: number;
  /** Animation step, for the spinners (one per repaint). */
  tick: number;
  /** Seconds since the start, shown in the header. */
  elapsedSeconds: number;
  /** Failure or interruption notice. */
  notice?: DemoNotice;
  /**
   * Colors of the display.
   * @default 'default'
   */
  palette?: DemoPaletteName;
}

function drawHeader(canvas: Canvas, state: DemoState, options: DemoFrameOptions): void {
  const palette = palettes[options.palette ?? 'default'];
  const { columns } = canvas;
  canvas.fill(0, 0, columns, { bg: palette.title });
  canvas.put(0, 1, '◆ termaudit demo', { fg: palette.accent, bg: palette.title, bold: true });
  canvas.put(0, 18, '· multi-agent coordination', { fg: palette.text, bg: palette.title });
  const right = `${state.agents.length} agents · ${options.elapsedSeconds.toFixed(1)}s `;
  canvas.put(0, columns - right.length, right, { fg: palette.dim, bg: palette.title });
  canvas.put(1, 1, 'Question', { fg: palette.gold, bold: true });
  canvas.put(1, 10, truncate(state.question, columns - 11), { fg: palette.text, bold: true });

  // Phase line: finished phases in green, the current one highlighted, the next ones dim.
  canvas.put(2, 1, 'Phase', { fg: palette.dim });
  const current = demoPhases.indexOf(state.phase);
  let x = 10;
  demoPhases.forEach((phase: DemoPhase, index) => {
    const label = index < current || state.done ? ` ✔ ${phase} ` : index === current ? ` ▶ ${phase} ` : ` ○ ${phase} `;
    const style: Style =
      index < current || (state.done && index === current)
        ? { fg: palette.green }
        : index === current
          ? { fg: [16, 20, 28], bg: palette.accent, bold: true }
          : { fg: palette.dim, dim: true };
    canvas.put(2, x, label, style);
    x += label.length;
    if (index < demoPhases.length - 1) {
      canvas.put(2, x, ' ── ', { fg: palette.border });
      x += 4;
    }
  });

  const percent = `${String(state.completion).padStart(3)}%`;
  const answered = state.agents.filter((agent) => agent.answerCount > 0).length;
  const votes = Object.keys(state.votes).length;
  const counts = `  answers ${answered}/${state.agents.length} · votes ${votes}/${state.agents.length}`;
  const barWidth = Math.max(10, columns - 10 - percent.length - counts.length - 4);
  const filled = Math.round((barWidth * state.completion) / 100);
  canvas.put(3, 1, 'Progress', { fg: palette.dim });
  canvas.put(3, 10, '█'.repeat(filled), { fg: state.done ? palette.green : palette.accent });
  canvas.put(3, 10 + filled, '░'.repeat(barWidth - filled), { fg: palette.border });
  canvas.put(3, 11 + barWidth, percent, { fg: palette.text, bold: true });
  canvas.put(3, 11 + barWidth + percent.length, counts, { fg: palette.dim }, columns - 12 - barWidth - percent.length);
}

function drawPanels(canvas: Canvas, state: DemoState, options: DemoFrameOptions, top: number, height: number): void {
  const palette = palettes[options.palette ?? 'default'];
  const count = state.agents.length;
  const gap = 1;
  const width = Math.floor((canvas.columns - 2 - gap * (count - 1)) / count);
  state.agents.forEach((agent, index) => {
    const left = 1 + index * (width + gap);
    const look = statusLook[agent.status];
    const isWinner = state.winner === agent.id;
    const borderStyle: Style = isWinner ? { fg: palette.gold, bold: true } : { fg: agent.status === 'waiting' ? palette.border : look.color };
    canvas.box(top, left, width, height, borderStyle, isWinner);
    const title = ` ${agent.id} `;
    canvas.put(top, left + 2, title, { fg: isWinner ? palette.gold : palette.text, bold: true }, width - 4);
    const modelRoom = width - 5 - title.length;
    if (modelRoom > 2) canvas.put(top, left + 2 + title.length, `${truncate(agent.model, modelRoom - 1)} `, { fg: palette.dim });

    const inner = width - 4;
    const symbol = agent.status === 'streaming' ? spinner[options.tick % spinner.length] : look.symbol;
    const words = agent.text.split(/\s+/).filter(Boolean).length;
    const detail =
      agent.status === 'voted' || (agent.votedFor && agent.status === 'completed')
        ? `→ ${agent.votedFor}`
        : agent.status === 'error'
          ? 'failed'
          : words > 0
            ? `${words} words`
            : '';
    canvas.put(top + 1, left + 2, `${symbol} `, { fg: look.color, bold: true });
    canvas.put(top + 1, left + 4, look.label, { fg: look.color, bold: true }, inner - 2);
    if (isWinner && inner - 4 - look.label.length > 8) canvas.put(top + 1, left + width - 2 - 8, ' WINNER ', { fg: [16, 20, 28], bg: palette.gold, bold: true });
    else if (detail && inner - 4 - look.label.length > detail.length) canvas.put(top + 1, left + width - 2 - detail.length, detail, { fg: palette.dim });
    canvas.put(top + 2, left + 1, '─'.repeat(width - 2), { fg: palette.border, dim: true });

    const textRows = height - 4;
    const errorLines = agent.error ? wrapWords(`✖ ${agent.error}`, inner) : [];
    const lines = wrapWords(agent.text, inner);
    const visible = lines.slice(Math.max(0, lines.length - (textRows - errorLines.length)));
    visible.forEach((line, row) => canvas.put(top + 3 + row, left + 2, line, { fg: agent.status === 'waiting' ? palette.dim : palette.text }));
    if (agent.status === 'streaming' && visible.length > 0 && visible.length <= textRows) {
      const last = visible[visible.length - 1];
      if (last.length < inner) canvas.put(top + 2 + visible.length, left + 2 + last.length, '▌', { fg: look.color });
    }
    if (agent.status === 'waiting') canvas.put(top + 3, left + 2, 'waiting to start…', { fg: palette.dim, dim: true }, inner);
    errorLines.forEach((line, row) => canvas.put(top + 3 + visible.length + row, left + 2, line, { fg: palette.red, bold: true }));
  });
}

function drawResults(canvas: Canvas, state: DemoState, options: DemoFrameOptions, top: number, height: number): void {
  const palette = palettes[options.palette ?? 'default'];
  const width = canvas.columns - 2;
  const done = state.winner !== null;
  canvas.box(top, 1, width, height, { fg: done ? palette.gold : palette.border });
  if (options.notice) {
    const style: Style = { fg: [16, 20, 28], bg: options.notice.tone === 'error' ? palette.red : palette.gold, bold: true };
    canvas.put(top, 3, ` ${options.notice.text} `, style, width - 6);
  } else {
    canvas.put(top, 3, ' Votes & result ', { fg: palette.text, bold: true });
  }
  const inner = width - 4;
  const votes = Object.entries(state.votes);
  if (votes.length === 0) {
    const text = state.phase === 'initial_answer' ? 'Votes open once every agent has answered.' : 'Agents are reviewing the answers…';
    canvas.put(top + 1, 3, text, { fg: palette.dim }, inner);
  } else {
    let x = 3;
    canvas.put(top + 1, x, 'Votes', { fg: palette.dim });
    x += 7;
    for (const [index, [voter, target]] of votes.entries()) {
      const item = `${voter} → ${target}`;
      const more = `+${votes.length - index} more`;
      // Keep room to say how many votes did not fit rather than dropping them silently.
      if (x + item.length + (index < votes.length - 1 ? more.length + 3 : 0) > width) {
        canvas.put(top + 1, x, more, { fg: palette.dim });
        break;
      }
      canvas.put(top + 1, x, voter, { fg: statusLook.voted.color });
      canvas.put(top + 1, x + voter.length, ' → ', { fg: palette.dim });
      canvas.put(top + 1, x + voter.length + 3, target, { fg: palette.text, bold: true });
      x += item.length + 3;
    }
  }
  const pending = state.agents.filter((agent) => agent.status === 'answered').map((agent) => agent.id);
  if (!state.winner && state.phase === 'enforcement' && pending.length > 0) {
    canvas.put(top + 2, 3, `Waiting for votes from ${pending.join(', ')}…`, { fg: palette.dim }, inner);
  }
  if (state.winner) {
    const tally = Object.values(state.votes).filter((target) => target === state.winner).length;
    const model = state.agents.find((agent) => agent.id === state.winner)?.model ?? '';
    canvas.put(top + 2, 3, '★ Winner ', { fg: palette.gold, bold: true });
    canvas.put(top + 2, 12, `${state.winner} (${model}) with ${tally} of ${votes.length} votes`, { fg: palette.gold }, inner - 10);
  }
  const answerRows = height - 4;
  if (answerRows > 0 && state.finalAnswer) {
    const lines = wrapWords(state.finalAnswer, inner - 14);
    canvas.put(top + 3, 3, 'Final answer', { fg: palette.green, bold: true });
    lines.slice(Math.max(0, lines.length - answerRows)).forEach((line, row) => canvas.put(top + 3 + row, 17, line, { fg: palette.text }));
  }
}

/** drawDemoFrame draws the whole screen for a state: cursor-addressed rows, one full-width line each. */
export function drawDemoFrame(state: DemoState, options: DemoFrameOptions): string {
  const columns = Math.max(40, options.columns);
  const rows = Math.max(16, options.rows);
  const canvas = new Canvas(columns, rows);
  drawHeader(canvas, state, options);
  const panelTop = 5;
  // The final answer gets room as it is presented; the panels keep at least a few lines of their text.
  const baseHeight = rows >= 28 ? 8 : 5;
  const answerLines = wrapWords(state.finalAnswer, columns - 20).length;
  const resultHeight = Math.max(baseHeight, Math.min(rows - panelTop - 2 - 8, answerLines + 4));
  const panelHeight = rows - panelTop - resultHeight - 2;
  drawPanels(canvas, state, options, panelTop, panelHeight);
  drawResults(canvas, state, options, panelTop + panelHeight, resultHeight);
  canvas.put(rows - 2, 1, state.done ? 'Coordination complete.' : 'Ctrl+C to stop', { fg: palettes[options.palette ?? 'default'].dim, dim: true });
  return canvas.serialize();
}

/** Options of `createRichDisplay`. */
export interface RichDisplayOptions {
  /**
   * Where to draw.
   * @default process.stdout
   */
  stream?: NodeJS.WriteStream;
  /**
   * Repaint interval in milliseconds (real time).
   * @default 100
   */
  intervalMs?: number;
  /**
   * Colors of the display.
   * @default 'default'
   */
  palette?: DemoPaletteName;
  /**
   * Seconds the header's clock shows once the run is done, instead of the real time elapsed: the scripted
   * length at the run's speed, so that the last screen of a seed is the same on every run (screen diffs
   * of two recordings then show only what really changed).
   * @default the real time elapsed
   */
  doneSeconds?: number;
}

/** RichDisplay repaints the latest state until stopped. */
export interface RichDisplay {
  /** update sets the state drawn at the next repaint. */
  update(state: DemoState, notice?: DemoNotice): void;
  /** stop draws a last frame and gives the terminal back (cursor shown, below the display). */
  stop(): void;
}

/** createRichDisplay hides the cursor, clears the screen and starts repainting at ~10 Hz. */
export function createRichDisplay(initial: DemoState, options: RichDisplayOptions = {}): RichDisplay {
  const stream = options.stream ?? process.stdout;
  const started = Date.now();
  let state = initial;
  let notice: DemoNotice | undefined;
  let tick = 0;
  let stopped = false;
  const size = () => ({ columns: stream.columns || 120, rows: stream.rows || 36 });
  const paint = () => {
    // Synchronized output: the terminal shows the frame at once, never half of it.
    const elapsedSeconds = state.done && options.doneSeconds !== undefined ? options.doneSeconds : (Date.now() - started) / 1000;
    const frame = drawDemoFrame(state, { ...size(), tick: tick++, elapsedSeconds, notice, palette: options.palette });
    stream.write(`\x1b[?2026h${frame}\x1b[?2026l`);
  };
  const onResize = () => stream.write('\x1b[2J');
  // The cursor must come back even if the process ends some other way. It is left on the last row, kept
  // blank for it: a newline there would scroll the display up by one line.
  const restore = () => stream.write(`\x1b[0m\x1b[${size().rows};1H\x1b[?25h`);
  process.once('exit', restore);
  stream.on('resize', onResize);
  stream.write('\x1b[?25l\x1b[2J');
  paint();
  const timer = setInterval(paint, options.intervalMs ?? 100);
  return {
    update(next, nextNotice) {
      state = next;
      notice = nextNotice ?? notice;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.off('resize', onResize);
      paint();
      process.off('exit', restore);
      restore();
    },
  };
}
