/**
 * The heuristic judge's pass over a cast: replays every distinct screen state once (streaming, reusing two
 * snapshot objects, so a long recording costs no memory), reads each state (screen-reading.ts) and folds
 * the readings into time-weighted measures. A second streamed pass over the output events counts lines
 * scrolled and screen clears per second; a last step draws the non-ASCII characters seen with the
 * render stage's Rasterizer to learn which of them no bundled font has.
 */
import { isCastHeader, readCast, summarizeCast } from '../../asciicast/cast-reader.js';
import type { CastEvent } from '../../asciicast/types.js';
import { planLayout } from '../../render/raster/layout.js';
import { Rasterizer } from '../../render/raster/rasterizer.js';
import { replayFrames, type ReplayEnd } from '../../render/replay.js';
import type { TimelineOptions } from '../../render/timeline.js';
import { timelineOf } from '../../render/render-settings.js';
import { CellFlag, createBlankSnapshot, type ScreenSnapshot } from '../../render/screen.js';
import { hexColor, recordingTheme, type Theme } from '../../render/theme.js';
import { RESULT_CLOSING_ROWS, SCROLL_RUN_GAP_SECONDS, SUSTAINED_SCROLL_SECONDS, type HeuristicMeasures, type TextMeasures, type TimedText } from './measures.js';
import { ContrastTable, distinctMatches, readScreen, TEXT_PATTERNS, type ScreenReading } from './screen-reading.js';
import { InputFold } from './input-measures.js';

/** A screen with less than this share of cells with ink counts as blank (a flash, or nothing shown yet). */
export const BLANK_SCREEN_SHARE = 0.002;
/** A blank state shown for at most this long between two drawn states is a flash (flicker). */
export const FLASH_WINDOW_SECONDS = 0.5;
/** A foreground color counts as in use when it paints at least this share of the text (cell·seconds). */
export const COLOR_MIN_SHARE = 0.002;
/** At most this many distinct non-ASCII graphemes are checked for a glyph (a flood of random text must not stall the pass). */
const MAX_GRAPHEMES_CHECKED = 2000;
/** Distinct rows remembered per kind of finding; counts stop growing there, so a flood of unique lines costs bounded memory. */
const MAX_DISTINCT_ROWS = 10_000;
/** Examples kept per kind of finding. */
const MAX_EXAMPLES = 5;

/** CastMeasureOptions sets the theme cells are resolved with and how strictly the cast is read. */
export interface CastMeasureOptions {
  /** @default the cast's own theme: recordingTheme(header.theme, undefined) */
  theme?: Theme;
  /** Skip unreadable lines. @default false */
  lenient?: boolean;
  /** The video's timeline: states closer than one frame apart are one state, as in the video. @default the render stage's defaults, with the cast's own idle limit */
  timeline?: TimelineOptions;
}

/** StateFacts is what the fold keeps of one state until it knows how long it was shown. */
interface StateFacts {
  time: number;
  reading: ScreenReading;
  garbage: boolean;
  spinner: boolean;
  progress: boolean;
}

/** measureCast measures a cast over its whole timeline (see HeuristicMeasures). */
export async function measureCast(castPath: string, options: CastMeasureOptions = {}): Promise<HeuristicMeasures> {
  const summary = await summarizeCast(castPath, { lenient: options.lenient });
  const theme = options.theme ?? recordingTheme(summary.header.theme, undefined);
  const table = new ContrastTable(theme);
  const duration = summary.duration;
  const timeline = timelineOf(options.timeline, summary.header);

  let totalSeconds = 0;
  let textCellSeconds = 0;
  let below45Seconds = 0;
  let below3Seconds = 0;
  let themeBelow45Seconds = 0;
  let densitySeconds = 0;
  let nonBlankRowSeconds = 0;
  let emphasizedRowSeconds = 0;
  let edgeRowSeconds = 0;
  let rowsInUseSeconds = 0;
  let garbageSeconds = 0;
  let spinnerSeconds = 0;
  let progressSeconds = 0;
  const colorSeconds = new Map<number, number>();
  const fold = (facts: StateFacts, seconds: number) => {
    const { reading } = facts;
    totalSeconds += seconds;
    textCellSeconds += (reading.textCells - reading.graphicCells) * seconds;
    below45Seconds += reading.below45 * seconds;
    below3Seconds += reading.below3 * seconds;
    themeBelow45Seconds += reading.themeBelow45 * seconds;
    densitySeconds += (reading.textCells / reading.cells) * seconds;
    nonBlankRowSeconds += reading.nonBlankRows * seconds;
    emphasizedRowSeconds += reading.emphasizedRows * seconds;
    edgeRowSeconds += reading.edgeRows.length * seconds;
    rowsInUseSeconds += (reading.nonBlankRows / Math.max(1, reading.rows.length)) * seconds;
    if (facts.garbage) garbageSeconds += seconds;
    if (facts.spinner) spinnerSeconds += seconds;
    if (facts.progress) progressSeconds += seconds;
    for (const [color, cells] of reading.foregrounds) colorSeconds.set(color, (colorSeconds.get(color) ?? 0) + cells * seconds);
  };

  let states = 0;
  let pending: StateFacts | undefined;
  const changes = new ScreenChangeFold();
  let freeze: HeuristicMeasures['freeze'] = null;
  let flashCount = 0;
  let firstFlash: number | null = null;
  let densityMax = 0;
  let lowestRatio = 21;
  let worstContrast: TextMeasures['contrast']['worst'] = null;
  const garbageRows = new Set<string>();
  let replacementRows = 0;
  const garbageExamples: TimedText[] = [];
  const wrapped = new Set<string>();
  const truncated = new Set<string>();
  let overflowExample: TimedText | null = null;
  const errorRows = new Set<string>();
  let distinctErrorRows = 0;
  let errorExample: TimedText | null = null;
  let plainErrorExample: TimedText | null = null;
  const statusSymbols = new Set<string>();
  const statusWords = new Set<string>();
  const phases: TimedText[] = [];
  const voteRows = new Set<string>();
  let voteExample: TimedText | null = null;
  const keyHints = new Set<string>();
  let keyHintExample: TimedText | null = null;
  const recoveryRows = new Set<string>();
  let recoveryWithHint = 0;
  let recoveryExample: TimedText | null = null;
  const graphemes = new Map<string, { char: string; flags: number; width: number; seen: TimedText }>();
  let lastRows: string[] = [];
  // A full-screen program's latest screen: what the user last saw if it restores the main screen at exit.
  let lastAlternateRows: string[] = [];
  const end: ReplayEnd = { videoDuration: 0 };
  // Lines the alternate screen scrolled, per screen state: the event pass counts them with the main screen's.
  const alternateScrolls: TimedLines[] = [];
  let alternateScrolled = 0;

  for await (const frame of replayFrames(castPath, summary, { ...timeline, reuseSnapshots: true, lenient: options.lenient }, end)) {
    // Times are the recording's, as the judge's frames are labelled.
    const { recordingTime: time, snapshot } = frame;
    if (frame.alternateScrolledLines > alternateScrolled) alternateScrolls.push({ time, lines: frame.alternateScrolledLines - alternateScrolled });
    alternateScrolled = frame.alternateScrolledLines;
    const reading = readScreen(snapshot, table);
    states++;
    if (pending) fold(pending, time - pending.time);
    const share = reading.textCells / reading.cells;
    densityMax = Math.max(densityMax, share);
    const change = changes.add(time, share);
    // Frozen: the longest time between two changes once something is on screen.
    if (pending && change.unchanged && (!freeze || change.unchanged.seconds > freeze.seconds)) {
      freeze = { ...change.unchanged, text: lastNonBlank(pending.reading.rows) };
    }
    if (change.flash) {
      flashCount++;
      firstFlash ??= change.flash.start;
    }

    if (reading.worstRowCells > (worstContrast?.cells ?? 0)) {
      worstContrast = { time, text: reading.rows[reading.worstRow], cells: reading.worstRowCells };
    }
    lowestRatio = Math.min(lowestRatio, reading.lowestRatio);
    let garbage = false;
    let spinner = false;
    let progress = false;
    for (const text of reading.rows) {
      if (text === '') continue;
      const debris = TEXT_PATTERNS.garbage.test(text);
      const replacement = TEXT_PATTERNS.replacement.test(text);
      if (debris || replacement) {
        garbage = true;
        if (!garbageRows.has(text) && garbageRows.size < MAX_DISTINCT_ROWS) {
          garbageRows.add(text);
          if (replacement) replacementRows++;
          if (garbageExamples.length < MAX_EXAMPLES) garbageExamples.push({ time, text });
        }
      }
      spinner ||= TEXT_PATTERNS.spinner.test(text);
      progress ||= TEXT_PATTERNS.progress.test(text);
      for (const symbol of distinctMatches(TEXT_PATTERNS.statusSymbol, text)) statusSymbols.add(symbol);
      for (const word of distinctMatches(TEXT_PATTERNS.statusWord, text)) statusWords.add(word);
      for (const word of distinctMatches(TEXT_PATTERNS.phaseWord, text)) {
        if (!phases.some((phase) => phase.text === word)) phases.push({ time, text: word });
      }
      for (const hint of distinctMatches(TEXT_PATTERNS.keyHint, text)) {
        if (keyHints.size >= MAX_DISTINCT_ROWS) break;
        keyHints.add(hint.toLowerCase().replace(/\s+/g, ' '));
        keyHintExample ??= { time, text };
      }
      if (TEXT_PATTERNS.vote.test(text) && !voteRows.has(text) && voteRows.size < MAX_DISTINCT_ROWS) {
        voteRows.add(text);
        voteExample ??= { time, text };
      }
    }
    for (const row of reading.wrappedRows) {
      const text = reading.rows[row];
      if (wrapped.size < MAX_DISTINCT_ROWS) wrapped.add(text);
      overflowExample ??= { time, text };
    }
    for (const row of reading.truncatedRows) {
      const text = reading.rows[row];
      if (truncated.size < MAX_DISTINCT_ROWS) truncated.add(text);
      overflowExample ??= { time, text };
    }
    if (reading.errorRows.length > 0) {
      // A way out shown with the error, on the same screen (not on the error's own row: "error: not found" is no hint).
      const hintRow = reading.rows.findIndex((text, row) => text !== '' && TEXT_PATTERNS.recoveryHint.test(text) && !reading.errorRows.some((error) => error.row === row));
      for (const { row } of reading.errorRows) {
        const text = reading.rows[row];
        if (recoveryRows.has(text) || recoveryRows.size >= MAX_DISTINCT_ROWS) continue;
        recoveryRows.add(text);
        if (hintRow !== -1) {
          recoveryWithHint++;
          recoveryExample ??= { time, text: reading.rows[hintRow] };
        }
      }
    }
    for (const { row, distinct } of reading.errorRows) {
      const text = reading.rows[row];
      if (errorRows.has(text) || errorRows.size >= MAX_DISTINCT_ROWS) continue;
      errorRows.add(text);
      if (distinct) {
        distinctErrorRows++;
        errorExample ??= { time, text };
      } else {
        plainErrorExample ??= { time, text };
      }
    }
    collectGraphemes(snapshot, reading, time, graphemes);
    pending = { time, reading, garbage, spinner, progress };
    lastRows = reading.rows;
    if (snapshot.alternate) lastAlternateRows = reading.rows;
  }
  if (pending) fold(pending, Math.max(duration - pending.time, 1 / timeline.fps));

  const inputFold = new InputFold();
  const events = await measureOutputEvents(castPath, options.lenient, inputFold, alternateScrolls);
  const input = inputFold.result();
  const missing = await findMissingGlyphs([...graphemes.values()], theme);
  // The final screen is the one the user last saw (render/last-seen-screen.ts).
  const finalRows = end.lastSeen?.kind === 'alternate' ? lastAlternateRows : lastRows;
  const finalText = finalRows.join('\n').replace(/\n+$/, '');
  const resultRow = [...finalRows].reverse().find((row) => TEXT_PATTERNS.result.test(row)) ?? null;
  const winnerRow = [...finalRows].reverse().find((row) => TEXT_PATTERNS.winner.test(row)) ?? null;
  const closingRows = finalRows.filter((row) => row.trim() !== '').slice(-RESULT_CLOSING_ROWS);
  const colorTotal = [...colorSeconds.values()].reduce((sum, value) => sum + value, 0);
  const colors = [...colorSeconds.entries()]
    .filter(([, seconds]) => colorTotal > 0 && seconds / colorTotal >= COLOR_MIN_SHARE)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([color]) => hexColor(color));
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

  const text: TextMeasures = {
    cols: summary.header.width,
    rows: summary.header.height,
    theme,
    contrast: {
      textCellSeconds,
      below45Share: share(below45Seconds, textCellSeconds),
      below3Share: share(below3Seconds, textCellSeconds),
      themeBelow45Share: share(themeBelow45Seconds, textCellSeconds),
      lowestRatio,
      worst: worstContrast,
    },
    garbage: { rows: garbageRows.size, replacementRows, timeShare: share(garbageSeconds, totalSeconds), examples: garbageExamples },
    missingGlyphs: missing,
    overflow: { edgeShare: share(edgeRowSeconds, nonBlankRowSeconds), wrappedRows: wrapped.size, truncatedRows: truncated.size, example: overflowExample },
    scroll: events.scroll,
    colors: { distinct: colors },
    emphasis: { rowShare: share(emphasizedRowSeconds, nonBlankRowSeconds) },
    rowsInUse: share(rowsInUseSeconds, totalSeconds),
    errors: { rows: errorRows.size, distinctRows: distinctErrorRows, plainExample: plainErrorExample, example: errorExample },
    final: { text: finalText, resultRow, winnerRow, closingRows },
    cues: {
      spinnerShare: share(spinnerSeconds, totalSeconds),
      progressShare: share(progressSeconds, totalSeconds),
      statusSymbols: [...statusSymbols].sort(),
      statusWords: [...statusWords].sort(),
      phases,
      voteRows: voteRows.size,
      voteExample,
      keyHints: [...keyHints].sort(),
      keyHintExample,
    },
    recovery: { errorRows: recoveryRows.size, withHint: recoveryWithHint, example: recoveryExample },
  };
  return {
    source: 'cast',
    duration,
    states,
    firstOutputTime: changes.firstOutputTime,
    firstByteTime: events.firstByteTime,
    freeze,
    flashes: { count: flashCount, firstTime: firstFlash },
    clearsPeakPerSecond: events.clearsPeakPerSecond,
    density: { mean: share(densitySeconds, totalSeconds), max: densityMax },
    text,
    input,
  };
}

/** ScreenChange is what one screen state ends: the unchanged stretch before it, and a blank flash. */
export interface ScreenChange {
  /** The time the previous state was shown, once something was on screen: a freeze when long (see FREEZE_SECONDS in scoring.ts). */
  unchanged?: { start: number; seconds: number };
  /** A drawn screen went blank at `start` and this state drew it again within FLASH_WINDOW_SECONDS. */
  flash?: { start: number; end: number };
}

/**
 * ScreenChangeFold follows a replay's distinct screen states, in order, and tells what each one ends: the
 * stretch the screen stood still before it, and a blank flash. measureCast keeps the longest stretch and
 * counts the flashes; the report's timeline lists every one, so both read the screen the same way.
 */
export class ScreenChangeFold {
  /** Recording time (s) of the first state with anything on screen, or null while the screen is blank. */
  firstOutputTime: number | null = null;
  #previous: { time: number; share: number } | undefined;
  #blankSince: number | undefined;

  /** add takes the next state's recording time (s) and ink share (0–1, see isTextCell) and returns what it ends. */
  add(time: number, inkShare: number): ScreenChange {
    const change: ScreenChange = {};
    const previous = this.#previous;
    const blank = inkShare < BLANK_SCREEN_SHARE;
    if (!blank && this.firstOutputTime === null) this.firstOutputTime = time;
    if (previous && this.firstOutputTime !== null && previous.time >= this.firstOutputTime) {
      change.unchanged = { start: previous.time, seconds: time - previous.time };
    }
    // Flash: a drawn screen, then a blank one for a moment, then a drawn one again.
    if (blank && previous && previous.share >= BLANK_SCREEN_SHARE) this.#blankSince = time;
    if (!blank && this.#blankSince !== undefined && time - this.#blankSince <= FLASH_WINDOW_SECONDS) {
      change.flash = { start: this.#blankSince, end: time };
    }
    if (!blank) this.#blankSince = undefined;
    this.#previous = { time, share: inkShare };
    return change;
  }
}

/** lastNonBlank returns the last row with text, or ''. */
function lastNonBlank(rows: readonly string[]): string {
  for (let index = rows.length - 1; index >= 0; index--) if (rows[index].trim() !== '') return rows[index];
  return '';
}

/** collectGraphemes remembers each distinct non-ASCII grapheme (with the style it is drawn in) and where it was first seen. */
function collectGraphemes(
  snapshot: ScreenSnapshot,
  reading: ScreenReading,
  time: number,
  graphemes: Map<string, { char: string; flags: number; width: number; seen: TimedText }>,
): void {
  if (graphemes.size >= MAX_GRAPHEMES_CHECKED) return;
  const size = snapshot.cols * snapshot.rows;
  for (let cell = 0; cell < size; cell++) {
    const char = snapshot.chars[cell];
    if (char.length === 1 && char.charCodeAt(0) < 0x7f) continue;
    if (char === '') continue;
    const flags = snapshot.flags[cell] & (CellFlag.bold | CellFlag.italic);
    const width = snapshot.widths[cell] === 2 ? 2 : 1;
    const key = `${flags}|${width}|${char}`;
    if (graphemes.has(key)) continue;
    graphemes.set(key, { char, flags, width, seen: { time, text: reading.rows[Math.floor(cell / snapshot.cols)] } });
    if (graphemes.size >= MAX_GRAPHEMES_CHECKED) return;
  }
}

/** The most missing characters the measures list. */
const MAX_MISSING_LISTED = 50;

/** Columns of the scratch screen the collected graphemes are drawn on. */
const SCRATCH_COLS = 64;

/** findMissingGlyphs draws the graphemes on a scratch screen and returns the characters no bundled font has (the Rasterizer's missing code points) and where the first was seen. */
async function findMissingGlyphs(
  graphemes: Array<{ char: string; flags: number; width: number; seen: TimedText }>,
  theme: Theme,
): Promise<TextMeasures['missingGlyphs']> {
  if (graphemes.length === 0) return { characters: [], first: null };
  const rows = Math.ceil((graphemes.length * 2) / SCRATCH_COLS);
  const snapshot = createBlankSnapshot(SCRATCH_COLS, rows);
  let cell = 0;
  for (const { char, flags, width } of graphemes) {
    if ((cell % SCRATCH_COLS) + width > SCRATCH_COLS) cell += SCRATCH_COLS - (cell % SCRATCH_COLS);
    snapshot.chars[cell] = char;
    snapshot.widths[cell] = width;
    snapshot.flags[cell] = flags;
    if (width === 2) {
      snapshot.chars[cell + 1] = '';
      snapshot.widths[cell + 1] = 0;
    }
    cell += width;
  }
  snapshot.cursorVisible = false;
  const rasterizer = await Rasterizer.create(planLayout(SCRATCH_COLS, rows, { fontSize: 8, padding: 0 }), theme);
  await rasterizer.draw(snapshot);
  const missing = rasterizer.stats.missingCodePoints;
  const characters = [...missing.keys()].slice(0, MAX_MISSING_LISTED).map((codePoint) => String.fromCodePoint(codePoint));
  const first = graphemes.find((grapheme) => Array.from(grapheme.char).some((character) => missing.has(character.codePointAt(0)!)))?.seen ?? null;
  return { characters, first };
}

/** Alternate-screen switches (`CSI ? 1049 h/l` and the older 1047/47). */
const ALTERNATE_SCREEN = /\x1b\[\?(?:1049|1047|47)([hl])/g;
/** Cursor moves up: CUU (`CSI n A`), CPL (`CSI n F`), reverse index (`ESC M`). */
const CURSOR_UP = /\x1b\[(\d*)[AF]|\x1bM/g;
/** Full-screen clears: ED 2 (`CSI 2 J`) and RIS (`ESC c`). */
const FULL_CLEAR = /\x1b\[2J|\x1bc/g;

/** TimedLines is a number of lines scrolled at a recording time (s). */
export interface TimedLines {
  time: number;
  lines: number;
}

/** ScrollRun is a stretch of continuous scrolling: no pause of SCROLL_RUN_GAP_SECONDS between scrolled lines. */
export interface ScrollRun {
  /** Recording times (s) of its first and last scrolled line. */
  start: number;
  end: number;
  lines: number;
  /** Lines over its length, rounded (a run shorter than a second counts as one second). */
  linesPerSecond: number;
}

/**
 * ScrollFold counts, per second of recording, the lines the main screen scrolled (newlines minus cursor-up
 * moves, so a display redrawn in place with log-update style "erase lines, print again" nets zero). Output
 * on the alternate screen (full-screen programs) scrolls only where the terminal says it did
 * (`alternateScrolls`, from the replay: a log pane's scroll region, a line feed at the bottom); its newlines
 * elsewhere move the cursor, not the text. It also follows stretches of continuous scrolling (no pause of
 * SCROLL_RUN_GAP_SECONDS): the fastest one lasting SUSTAINED_SCROLL_SECONDS or more is the sustained rate;
 * a shorter one is a burst (a listing printed at once), which the user reads when it stops. `onRun` sees
 * every stretch as it ends (the report's timeline marks the floods among them).
 */
export class ScrollFold {
  readonly #alternateScrolls: readonly TimedLines[];
  readonly #onRun: ((run: ScrollRun) => void) | undefined;
  readonly #newlines = new Map<number, number>();
  readonly #alternateLines = new Map<number, number>();
  readonly #ups = new Map<number, number>();
  #alternate = false;
  // Cursor-up moves not yet matched by newlines in the same second (a redraw in place).
  #upCredit = 0;
  #creditSecond = -1;
  #run: { start: number; end: number; lines: number } | undefined;
  #sustained: TextMeasures['scroll']['sustained'] = null;
  #nextAlternate = 0;

  /** `alternateScrolls` are the alternate screen's scrolled lines per screen state, in time order. */
  constructor(alternateScrolls: readonly TimedLines[], onRun?: (run: ScrollRun) => void) {
    this.#alternateScrolls = alternateScrolls;
    this.#onRun = onRun;
  }

  /** add counts one output event's scrolling; call it with the output events in time order. */
  add(event: Pick<CastEvent, 'time' | 'data'>): void {
    this.#alternateUntil(event.time);
    const second = Math.floor(event.time);
    // Split at alternate-screen switches so each piece is counted on the screen it was written to.
    let from = 0;
    const pieces: Array<{ text: string; alternate: boolean }> = [];
    for (const match of event.data.matchAll(ALTERNATE_SCREEN)) {
      pieces.push({ text: event.data.slice(from, match.index), alternate: this.#alternate });
      this.#alternate = match[1] === 'h';
      from = match.index + match[0].length;
    }
    pieces.push({ text: event.data.slice(from), alternate: this.#alternate });
    if (second !== this.#creditSecond) {
      this.#upCredit = 0;
      this.#creditSecond = second;
    }
    let scrolled = 0;
    for (const piece of pieces) {
      if (piece.alternate) continue;
      let count = 0;
      for (let index = piece.text.indexOf('\n'); index !== -1; index = piece.text.indexOf('\n', index + 1)) count++;
      addCount(this.#newlines, second, count);
      let up = 0;
      for (const match of piece.text.matchAll(CURSOR_UP)) up += match[1] ? Number(match[1]) || 1 : 1;
      addCount(this.#ups, second, up);
      this.#upCredit += up;
      scrolled += Math.max(0, count - this.#upCredit);
      this.#upCredit = Math.max(0, this.#upCredit - count);
    }
    if (scrolled > 0) this.#scrolledAt(event.time, scrolled);
  }

  /** result ends the last stretch and returns the scroll measures. */
  result(): TextMeasures['scroll'] {
    this.#alternateUntil(Infinity);
    this.#endRun();
    let totalLines = 0;
    let peakLinesPerSecond = 0;
    let peakTime = 0;
    const seconds = [...new Set([...this.#newlines.keys(), ...this.#alternateLines.keys()])].sort((a, b) => a - b);
    for (const second of seconds) {
      const lines = Math.max(0, (this.#newlines.get(second) ?? 0) - (this.#ups.get(second) ?? 0)) + (this.#alternateLines.get(second) ?? 0);
      totalLines += lines;
      if (lines > peakLinesPerSecond) {
        peakLinesPerSecond = lines;
        peakTime = second;
      }
    }
    return { totalLines, peakLinesPerSecond, peakTime, sustained: this.#sustained };
  }

  #endRun(): void {
    const run = this.#run;
    if (!run) return;
    const seconds = run.end - run.start;
    const perSecond = Math.round(run.lines / Math.max(seconds, 1));
    if (seconds >= SUSTAINED_SCROLL_SECONDS && perSecond > (this.#sustained?.linesPerSecond ?? -1)) {
      this.#sustained = { linesPerSecond: perSecond, start: run.start, seconds, lines: run.lines };
    }
    this.#onRun?.({ ...run, linesPerSecond: perSecond });
    this.#run = undefined;
  }

  /** #scrolledAt adds lines scrolled at a time (in time order) to the current stretch of scrolling, or starts one. */
  #scrolledAt(time: number, lines: number): void {
    if (this.#run && time - this.#run.end > SCROLL_RUN_GAP_SECONDS) this.#endRun();
    this.#run ??= { start: time, end: time, lines: 0 };
    this.#run.end = time;
    this.#run.lines += lines;
  }

  /** #alternateUntil counts the alternate screen's scrolling up to a time (inclusive: a state holds the output up to its time). */
  #alternateUntil(time: number): void {
    const scrolls = this.#alternateScrolls;
    for (; this.#nextAlternate < scrolls.length && scrolls[this.#nextAlternate].time <= time; this.#nextAlternate++) {
      const { time: at, lines } = scrolls[this.#nextAlternate];
      addCount(this.#alternateLines, Math.floor(at), lines);
      this.#scrolledAt(at, lines);
    }
  }
}

/** addCount adds a positive count to a second's tally. */
function addCount(map: Map<number, number>, second: number, count: number): void {
  if (count > 0) map.set(second, (map.get(second) ?? 0) + count);
}

/**
 * measureOutputEvents measures the scrolling of the output events (ScrollFold) and counts the full-screen
 * clears per second. Every event also goes to `input` (InputFold), so the answers to key presses are
 * measured in the same pass; the time of the first output event is kept.
 */
async function measureOutputEvents(
  castPath: string,
  lenient: boolean | undefined,
  input: InputFold,
  alternateScrolls: readonly TimedLines[],
): Promise<{ scroll: TextMeasures['scroll']; clearsPeakPerSecond: number; firstByteTime: number | null }> {
  const clears = new Map<number, number>();
  const scroll = new ScrollFold(alternateScrolls);
  let firstByteTime: number | null = null;
  for await (const item of readCast(castPath, { lenient })) {
    if (isCastHeader(item)) continue;
    input.add(item);
    if (item.code !== 'o') continue;
    if (firstByteTime === null && item.data !== '') firstByteTime = item.time;
    addCount(clears, Math.floor(item.time), item.data.match(FULL_CLEAR)?.length ?? 0);
    scroll.add(item);
  }
  const clearsPeakPerSecond = Math.max(0, ...clears.values());
  return { scroll: scroll.result(), clearsPeakPerSecond, firstByteTime };
}
