/**
 * Reads one screen state the way the heuristic judge scores it: the text of each row, the contrast of
 * every text cell against its background, emphasis, overflow at the right edge, error rows and their
 * colors, and the textual cues of status and progress. Pure functions of a snapshot and a theme; the
 * recording pass (cast-measures.ts) and the evidence search over the judge's frames (answer.ts) share them.
 */
import { cellColors } from '../../render/raster/cell-colors.js';
import { CellFlag, DEFAULT_COLOR, type ScreenSnapshot } from '../../render/screen.js';
import type { Theme } from '../../render/theme.js';
import { contrastRatio } from './wcag-contrast.js';
import type { CellRange } from '../types.js';

/** WCAG_AA_RATIO is the contrast WCAG 2.x AA asks of normal text. */
export const WCAG_AA_RATIO = 4.5;
/** WCAG_LARGE_RATIO is the contrast WCAG 2.x AA asks of large text; below it even headings are hard to read. */
export const WCAG_LARGE_RATIO = 3;
/** A row counts as emphasized (a heading, a status line) when this share of its text cells is bold or in an accent color. */
const EMPHASIS_SHARE = 0.6;
/** Rows with fewer text cells than this are not judged for emphasis (a lone symbol is not a heading). */
const EMPHASIS_MIN_CELLS = 3;

/**
 * Text patterns. `garbage` is escape-sequence debris shown as text: a sequence in caret notation (`^[[31m`,
 * `^[]0;`; a lone `^[` is not debris: vim's showcmd echoes a typed Escape so, and people write it for the
 * Escape key), `\x1b` / `\033` / `\e[` written out, the control picture ␛, SGR parameter lists that lost
 * their ESC (`[31;1m`, `[0m`, not `[5m]`), DEC private modes (`[?25h`) and window-title OSC remains (`]0;`).
 */
export const TEXT_PATTERNS = {
  garbage: /\^\[[[\]]|\\x1b|\\u001b|\\033|\\e\[|\u241b|\[\d{1,3}(?:;\d{1,3})*m(?!\])|\[\?\d{1,4}[hl]|\]0;|\]2;/,
  replacement: /\uFFFD/,
  spinner: /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏⣾⣽⣻⢿⡿⣟⣯⣷◐◓◑◒]/,
  progress: /[█▓▒░▰▱]{2,}|\[(?=[^\]]*[=#])[=#>\-. ]{4,}\]|\b\d{1,3}(?:\.\d+)?\s?%/,
  statusSymbol: /[✓✔✗✖⏳⌛●○◉✅❌⚠]/gu,
  statusWord: /\b(working|waiting|thinking|running|streaming|voting|voted|done|completed?|answered|pending|idle|finished|failed|ready|queued)\b/gi,
  phaseWord: /\b(phase|round|stage|coordination|voting|presenting|presentation|final(?:izing)?|planning|executing|reviewing|consensus)\b/gi,
  vote: /\bvot(?:e|es|ed|ing)\b/i,
  result: /\b(?:done|complete|completed|winner|result|results|success|successful|succeeded|final answer|finished|error|failed)\b|[✓✔✅]/i,
  winner: /\b(?:winner|selected|final answer|chosen|wins?)\b/i,
  /** A key and what it does: `F1Help`, `F10 Quit`, mc's `10Quit`, `^X Exit`, `Ctrl+C to stop`, `[q] quit`, `q: quit`, `press Enter`, `type :q<Enter>`, `? for help`. */
  keyHint:
    /\bF(?:[1-9]|1[0-2]) ?[A-Z][a-z]{1,10}\b|(?<![\w.])(?:[1-9]|10)[A-Z][A-Za-z]{2,10}(?=\s*(?:(?:[1-9]|10)[A-Z]|$))|\^[A-Z@\]\\^_] ?[A-Z][a-z]{1,10}\b|\b(?:Ctrl|Alt|Shift|Meta|Cmd)[+-]\w+|[[<(](?:[A-Za-z?/]|F(?:[1-9]|1[0-2])|Enter|Esc|Tab|Space|Up|Down)[\]>)] *[a-z]{2,}|\b[a-z?/] ?[:=] ?(?:quit|help|search|exit|back|next|open|select|filter|sort)\b|\b(?:press|type|hit)(?: the)? +(?:<?[A-Za-z:?/][\w:<>!]{0,12}>?)|\?(?: for)? help\b/g,
  /** A way out of an error: what to try, run or read next. */
  recoveryHint: /\b(?:try|did you mean|hint|run|use|see|check|make sure|usage|to fix|instead)\b|--help\b/i,
} as const;

/**
 * How error messages are marked by convention. A row is an error row by its role, never by a word in its
 * content (a commit subject "Fix parse errors" is not an error): a level written in capitals or in
 * brackets anywhere (`ERROR`, `FATAL`, `FAILED`, `npm ERR!`, `[error]`); a prefix where a message starts
 * (`error:`, `Error:`, `error[E0308]:`, `error TS2322:`, `fatal:`, `panic:`, vim's `E492:`, `ValueError:`,
 * `Traceback …`, `failed to`, `✗`), at the start of the row or of a column, or after a location
 * (`main.c:3:5: error:`, `[12:00:01] error:`); or a failure status ending a row or a column (`… failed`,
 * `[FAIL]`, `✗`).
 */
const ERROR_LEVEL = /\b(?:ERROR|ERR!|FATAL|FAILED|FAIL|PANIC|CRITICAL)(?![\w-])|\[(?:error|err|fatal|fail|failed|failure)\]/gi;
/** ERROR_LEVEL matches case-insensitively only in brackets; bare levels must be in capitals. */
const ERROR_LEVEL_BARE = /^(?:ERROR|ERR!|FATAL|FAILED|FAIL|PANIC|CRITICAL)$/;
const ERROR_PREFIX = /(?:[Ee]rror|ERROR|[Ff]atal|FATAL|[Pp]anic|[Ff]ailure|[Ee]xception)(?:\[[^\]\s]*\]|\s+[A-Z]+\d+)?:|E\d{2,4}:|[A-Z][A-Za-z]*(?:Error|Exception):|Traceback \(most recent call last\)|(?:[Ff]ailed|FAILED)(?= to\b|:)|[✗✖❌]/y;
const ERROR_STATUS_END = /(?:^|\s)[(\[]?(?:failed|FAILED|FAIL|[✗✖❌])[)\]]?[.!]?$/;
/** Where a message starts in a row: its start, or a column's (after a box-drawing bar or a gap of 2+ spaces), past bullets, tree and graph characters. */
const SEGMENT_SEPARATOR = /[│┃║]|\s{2,}/g;
const SEGMENT_LEAD = /^[\s|*/\\•·>#\-–—]*/;
const GARBAGE_ANYWHERE = new RegExp(TEXT_PATTERNS.garbage.source, 'g');
/** A location or tag before a message: `file:3:5: `, `[12:00:01] `, `(worker 3) `. */
const AFTER_LOCATION = /[:\])]\s+/g;

/** errorMarker finds what makes a row an error message by its role (see ERROR_PREFIX and around), or null; pure. */
export function errorMarker(row: string): { index: number; length: number } | null {
  // Read the row as a reader does, past escape debris (blanked, so indices still point into the row).
  const text = row.replace(GARBAGE_ANYWHERE, (debris) => ' '.repeat(debris.length));
  for (const match of text.matchAll(ERROR_LEVEL)) {
    if (match[0].startsWith('[') || ERROR_LEVEL_BARE.test(match[0])) return { index: match.index, length: match[0].length };
  }
  const segments: Array<{ start: number; text: string }> = [];
  let from = 0;
  for (const separator of text.matchAll(SEGMENT_SEPARATOR)) {
    segments.push({ start: from, text: text.slice(from, separator.index) });
    from = separator.index + separator[0].length;
  }
  segments.push({ start: from, text: text.slice(from) });
  for (const segment of segments) {
    const lead = SEGMENT_LEAD.exec(segment.text)![0].length;
    const starts = [lead, ...[...segment.text.matchAll(AFTER_LOCATION)].map((match) => match.index + match[0].length)];
    for (const start of starts) {
      ERROR_PREFIX.lastIndex = start;
      const prefix = ERROR_PREFIX.exec(segment.text);
      if (prefix) return { index: segment.start + prefix.index, length: prefix[0].length };
    }
    const status = ERROR_STATUS_END.exec(segment.text.trimEnd());
    if (status) {
      const word = status[0].trimStart();
      return { index: segment.start + status.index + status[0].length - word.length, length: word.length };
    }
  }
  return null;
}

/** RowText is a row as text (trailing blanks trimmed) and the column of each UTF-16 index of it. */
export interface RowText {
  text: string;
  /** `columns[i]` is the screen column of `text[i]`. */
  columns: number[];
}

/** rowText reads one row of a snapshot as text, keeping the column of every character. */
export function rowText(snapshot: ScreenSnapshot, row: number): RowText {
  let text = '';
  const columns: number[] = [];
  const start = row * snapshot.cols;
  for (let col = 0; col < snapshot.cols; col++) {
    const char = snapshot.chars[start + col];
    if (char === '') continue;
    text += char;
    for (let index = 0; index < char.length; index++) columns.push(col);
  }
  const trimmed = text.trimEnd();
  return { text: trimmed, columns: columns.slice(0, trimmed.length) };
}

/** isTextCell tells whether a cell shows ink: a non-blank, visible character (not the right half of a wide one). */
export function isTextCell(snapshot: ScreenSnapshot, cell: number): boolean {
  const char = snapshot.chars[cell];
  return char !== ' ' && char !== '' && (snapshot.flags[cell] & CellFlag.invisible) === 0;
}

/**
 * STANDARD_ANSI_COLORS are xterm's 16 colors: the palette a program that paints with color names (light
 * gray on blue, black on cyan) is designed for. Themes tune their 16 colors as text on their own
 * background (Dracula's blue is a light lavender), so a name pair that reads well here can wash out there.
 */
export const STANDARD_ANSI_COLORS = [
  0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
  0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
] as const;

/** isNamedColor tells whether a cell color is left to the terminal's theme: its default, or one of the 16 named colors. */
function isNamedColor(color: number): boolean {
  return color === DEFAULT_COLOR || (color >= 0 && color < 16);
}

/** ContrastRatios are a cell's contrast as the theme paints it, and as far as the program's own choice of colors goes. */
export interface ContrastRatios {
  /** As the recording's theme paints the cell (what the frame shows). */
  theme: number;
  /**
   * What the program chose: for a cell painted only with named colors and the defaults, the better of the
   * theme's and the standard palette's (STANDARD_ANSI_COLORS, with the theme's defaults), since the theme,
   * not the program, picked those colors; for a cell with a 256-color or 24-bit color, as the theme paints it.
   */
  program: number;
}

/** ContrastTable resolves and caches the WCAG contrast of (fg, bg, flags) triples for one theme. */
export class ContrastTable {
  readonly theme: Theme;
  readonly #standard: Theme;
  readonly #ratios = new Map<number, Map<number, ContrastRatios>>();

  constructor(theme: Theme) {
    this.theme = theme;
    const palette = theme.palette.slice();
    palette.set(STANDARD_ANSI_COLORS);
    this.#standard = { ...theme, name: `${theme.name} with the standard 16 colors`, palette };
  }

  /** ratio returns the contrast the program's choice of colors gives a cell (ContrastRatios.program). */
  ratio(fg: number, bg: number, flags: number): number {
    return this.ratios(fg, bg, flags).program;
  }

  /** ratios returns a cell's contrast as the theme paints it and as far as the program chose its colors. */
  ratios(fg: number, bg: number, flags: number): ContrastRatios {
    const relevant = flags & (CellFlag.bold | CellFlag.dim | CellFlag.inverse);
    const key = fg * 512 + relevant;
    let byBackground = this.#ratios.get(key);
    if (!byBackground) {
      byBackground = new Map();
      this.#ratios.set(key, byBackground);
    }
    let ratios = byBackground.get(bg);
    if (ratios === undefined) {
      const colors = cellColors(fg, bg, relevant, this.theme, false);
      const theme = contrastRatio(colors.foreground, colors.background);
      // Bold brightens a named color (cellColors): it stays a name either way.
      let program = theme;
      if (isNamedColor(fg) && isNamedColor(bg)) {
        const standard = cellColors(fg, bg, relevant, this.#standard, false);
        program = Math.max(theme, contrastRatio(standard.foreground, standard.background));
      }
      ratios = { theme, program };
      byBackground.set(bg, ratios);
    }
    return ratios;
  }

  /** foreground returns the painted 0xRRGGBB foreground of a cell. */
  foreground(fg: number, bg: number, flags: number): number {
    return cellColors(fg, bg, flags & (CellFlag.bold | CellFlag.dim | CellFlag.inverse), this.theme, false).foreground;
  }

  /** background returns the painted 0xRRGGBB background of a cell. */
  background(fg: number, bg: number, flags: number): number {
    return cellColors(fg, bg, flags & (CellFlag.bold | CellFlag.dim | CellFlag.inverse), this.theme, false).background;
  }
}

/** ScreenReading is what one screen state shows, in counts, plus the row texts for the pattern searches. */
export interface ScreenReading {
  cells: number;
  /** Cells with ink (see isTextCell). */
  textCells: number;
  /** Ink cells that are graphics (borders, bars, spinners), left out of the contrast counts. */
  graphicCells: number;
  /** Text cells below WCAG_AA_RATIO and below WCAG_LARGE_RATIO (graphic cells are not text: see GRAPHIC_CHARACTERS). */
  below45: number;
  below3: number;
  /** Text cells below WCAG_AA_RATIO as the theme paints them (below45 plus the named-color pairs only the theme makes hard to read). */
  themeBelow45: number;
  /** Lowest contrast of any text cell (21 when there is no text). */
  lowestRatio: number;
  /** The row with the most cells below WCAG_AA_RATIO (-1 when none) and that count. */
  worstRow: number;
  worstRowCells: number;
  rows: string[];
  nonBlankRows: number;
  /** Rows whose emphasis (bold, accent color, colored background) marks them as headings or status lines. */
  emphasizedRows: number;
  /** Text cells per painted foreground color. */
  foregrounds: Map<number, number>;
  /** The painted foreground most text cells use (the theme's foreground when there is no text). */
  dominantForeground: number;
  /**
   * The painted foreground most word cells use (text cells other than box drawing, blocks and braille):
   * the main text colour an error must stand apart from. A coloured box around a board outnumbers its
   * letters, and must not make plain text look accented (dominantForeground when there are no words).
   */
  wordForeground: number;
  /**
   * Rows whose text ran past the right edge: the terminal's autowrap carried it onto the next row (the
   * emulator's wrap flag, ScreenSnapshot.wrapped). A program that draws up to the last column and stops
   * there (a table clipped to the width, a full-screen program's status bar) has none.
   */
  edgeRows: number[];
  /** Edge rows whose last word continues on the next row (a word wrapped mid-way). */
  wrappedRows: number[];
  /** Rows that end in an ellipsis (truncated). */
  truncatedRows: number[];
  /** Error rows (see errorMarker), and whether their marker is painted apart from the dominant color. */
  errorRows: Array<{ row: number; distinct: boolean }>;
}

/**
 * Box drawing, block elements (progress bar tracks ░▒▓█) and braille spinners are graphics, not text: WCAG
 * asks only 3:1 of them, and a dim empty bar track is good design. They count as ink but not for contrast.
 */
const GRAPHIC_CHARACTERS = /^[\u2500-\u259f\u2800-\u28ff]$/;

/** Borders and fills that wrap are a drawing, not text running over: box drawing, block elements, and frame characters. */
const EDGE_EXEMPT = /[\u2500-\u259f|│┃║]/;

/**
 * lowContrastCells lists where a screen's text falls below WCAG_AA_RATIO (as readScreen counts it: graphics
 * left out), as runs of cells per row; runs split only by a blank or two are one run. At most `limit` runs,
 * worst rows first kept in screen order.
 */
export function lowContrastCells(snapshot: ScreenSnapshot, table: ContrastTable, limit = 48): CellRange[] {
  const runs: CellRange[] = [];
  for (let row = 0; row < snapshot.rows; row++) {
    let run: CellRange | undefined;
    for (let col = 0; col < snapshot.cols; col++) {
      const cell = row * snapshot.cols + col;
      if (!isTextCell(snapshot, cell) || GRAPHIC_CHARACTERS.test(snapshot.chars[cell]!)) continue;
      if (table.ratio(snapshot.fg[cell]!, snapshot.bg[cell]!, snapshot.flags[cell]!) >= WCAG_AA_RATIO) continue;
      const width = Math.max(1, snapshot.widths[cell] ?? 1);
      if (run && col - (run.col + run.width) <= 2) run.width = col + width - run.col;
      else {
        run = { row, col, width, height: 1 };
        runs.push(run);
      }
    }
  }
  return runs.slice(0, limit);
}

/** readScreen measures one screen state; pure. */
export function readScreen(snapshot: ScreenSnapshot, table: ContrastTable): ScreenReading {
  const { cols, rows: rowCount } = snapshot;
  const reading: ScreenReading = {
    cells: cols * rowCount,
    textCells: 0,
    graphicCells: 0,
    below45: 0,
    below3: 0,
    themeBelow45: 0,
    lowestRatio: 21,
    worstRow: -1,
    worstRowCells: 0,
    rows: [],
    nonBlankRows: 0,
    emphasizedRows: 0,
    foregrounds: new Map(),
    dominantForeground: table.theme.foreground,
    wordForeground: table.theme.foreground,
    edgeRows: [],
    wrappedRows: [],
    truncatedRows: [],
    errorRows: [],
  };
  const rowForegrounds: Array<Map<number, number>> = [];
  const rowBold: number[] = [];
  const rowBackground: number[] = [];
  const rowTextCells: number[] = [];
  const wordForegrounds = new Map<number, number>();
  for (let row = 0; row < rowCount; row++) {
    const counts = new Map<number, number>();
    let bold = 0;
    let colored = 0;
    let text = 0;
    let low = 0;
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      if (!isTextCell(snapshot, cell)) continue;
      const fg = snapshot.fg[cell];
      const bg = snapshot.bg[cell];
      const flags = snapshot.flags[cell];
      text++;
      const ratios = table.ratios(fg, bg, flags);
      const ratio = ratios.program;
      if (GRAPHIC_CHARACTERS.test(snapshot.chars[cell])) {
        reading.graphicCells++;
      } else {
        if (ratio < WCAG_AA_RATIO) low++;
        if (ratios.theme < WCAG_AA_RATIO) reading.themeBelow45++;
        if (ratio < WCAG_LARGE_RATIO) reading.below3++;
        if (ratio < reading.lowestRatio) reading.lowestRatio = ratio;
      }
      if (flags & CellFlag.bold) bold++;
      if (table.background(fg, bg, flags) !== table.theme.background) colored++;
      const foreground = table.foreground(fg, bg, flags);
      counts.set(foreground, (counts.get(foreground) ?? 0) + 1);
      if (!GRAPHIC_CHARACTERS.test(snapshot.chars[cell])) wordForegrounds.set(foreground, (wordForegrounds.get(foreground) ?? 0) + 1);
    }
    reading.textCells += text;
    reading.below45 += low;
    if (low > reading.worstRowCells) {
      reading.worstRow = row;
      reading.worstRowCells = low;
    }
    for (const [color, count] of counts) reading.foregrounds.set(color, (reading.foregrounds.get(color) ?? 0) + count);
    rowForegrounds.push(counts);
    rowBold.push(bold);
    rowBackground.push(colored);
    rowTextCells.push(text);
    reading.rows.push(rowText(snapshot, row).text);
  }
  reading.dominantForeground = dominantKey(reading.foregrounds) ?? table.theme.foreground;
  reading.wordForeground = dominantKey(wordForegrounds) ?? reading.dominantForeground;

  for (let row = 0; row < rowCount; row++) {
    const text = reading.rows[row];
    if (text.trim() === '') continue;
    reading.nonBlankRows++;
    const cells = rowTextCells[row];
    if (cells >= EMPHASIS_MIN_CELLS) {
      let accent = 0;
      for (const [color, count] of rowForegrounds[row]) if (color !== reading.dominantForeground) accent += count;
      const emphasized = Math.max(rowBold[row], accent, rowBackground[row]) >= EMPHASIS_SHARE * cells;
      if (emphasized) reading.emphasizedRows++;
    }
    if (row + 1 < rowCount && snapshot.wrapped[row + 1] === 1 && !EDGE_EXEMPT.test(text.at(-1) ?? ' ')) {
      reading.edgeRows.push(row);
      const next = reading.rows[row + 1];
      if (/[\p{L}\p{N}]$/u.test(text) && /^[\p{L}\p{N}]/u.test(next)) reading.wrappedRows.push(row);
    }
    if (/(?:…|\.\.\.)$/.test(text)) reading.truncatedRows.push(row);
    const error = errorMarker(text);
    if (error) reading.errorRows.push({ row, distinct: errorIsDistinct(snapshot, table, row, error.index, error.length, reading.wordForeground) });
  }
  return reading;
}

/** errorIsDistinct tells whether any cell of the matched error word is painted in another color than the dominant text, or bold, or on a colored background. */
function errorIsDistinct(snapshot: ScreenSnapshot, table: ContrastTable, row: number, index: number, length: number, dominant: number): boolean {
  const { columns } = rowText(snapshot, row);
  for (let offset = index; offset < index + length && offset < columns.length; offset++) {
    const cell = row * snapshot.cols + columns[offset];
    const { fg, bg, flags } = { fg: snapshot.fg[cell], bg: snapshot.bg[cell], flags: snapshot.flags[cell] };
    if (table.foreground(fg, bg, flags) !== dominant) return true;
    if (table.background(fg, bg, flags) !== table.theme.background) return true;
  }
  return false;
}

/** dominantKey returns the key with the largest count (the smallest key among ties, so the result is deterministic). */
export function dominantKey(counts: ReadonlyMap<number, number>): number | undefined {
  let best: number | undefined;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

/** matchAll returns the distinct lower-cased matches of a global pattern in a text. */
export function distinctMatches(pattern: RegExp, text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(pattern)) found.add(match[0].toLowerCase());
  return [...found];
}
