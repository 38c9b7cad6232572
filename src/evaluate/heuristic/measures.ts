/**
 * HeuristicMeasures: what one pass over a whole recording measured, in numbers with the times they were
 * seen at. The cast pass fills everything; the video pass (pixels only) fills the timing and density
 * measures and leaves `text` undefined.
 */
import type { Theme } from '../../render/theme.js';

/** Scrolling goes on while the next scrolled line comes within this many seconds of the last. */
export const SCROLL_RUN_GAP_SECONDS = 1;
/** A stretch of scrolling must last this long (s) to count as sustained: a listing printed at once is shorter. */
export const SUSTAINED_SCROLL_SECONDS = 2;

/**
 * A program that runs on its own says how it went last: its result must be among this many last non-blank
 * rows of the final screen (one line of hint may follow it). A result further up is a step's, not the run's.
 */
export const RESULT_CLOSING_ROWS = 2;

/** TimedText is a row of on-screen text and the recording time (s) it was first seen at. */
export interface TimedText {
  time: number;
  text: string;
}

/** FreezeMeasure is the longest stretch with no screen change while the program was still running. */
export interface FreezeMeasure {
  /** Recording time (s) the screen stopped changing. */
  start: number;
  seconds: number;
  /** The text of the screen's last non-blank row during the freeze (cast only). */
  text?: string;
}

/** TextMeasures are the measures that need the screen's cells: colors, characters, attributes (cast only). */
export interface TextMeasures {
  cols: number;
  rows: number;
  /** The theme the cells were resolved with. */
  theme: Theme;
  contrast: {
    /** Text cells weighted by how long each screen state was shown (cell·seconds). */
    textCellSeconds: number;
    /**
     * Shares (0–1) of those below 4.5:1 and below 3:1, as far as the program chose its colors: a cell
     * painted only with named colors counts with the better of the theme's and the standard palette's
     * contrast (see ContrastTable).
     */
    below45Share: number;
    below3Share: number;
    /** Share below 4.5:1 as the recording's theme paints the text (what the frames show). */
    themeBelow45Share: number;
    /** Lowest ratio of any text cell, and the row where most cells fall below 4.5:1. */
    lowestRatio: number;
    worst: (TimedText & { cells: number }) | null;
  };
  garbage: {
    /** Distinct rows showing escape-sequence debris or U+FFFD. */
    rows: number;
    replacementRows: number;
    /** Share (0–1) of the recording's time some garbage is visible. */
    timeShare: number;
    examples: TimedText[];
  };
  missingGlyphs: {
    /** Distinct characters (code points) no bundled font draws (at most 50), and where the first was seen. */
    characters: string[];
    first: TimedText | null;
  };
  overflow: {
    /** Share of non-blank rows (time-weighted) whose text ran past the last column, so the terminal wrapped it. */
    edgeShare: number;
    /** Distinct rows with a word wrapped at the edge, and with an ellipsis at the end. */
    wrappedRows: number;
    truncatedRows: number;
    example: TimedText | null;
  };
  scroll: {
    /** Lines the main screen moved up (newlines minus cursor-up moves, outside the alternate screen). */
    totalLines: number;
    /** Most lines in one second of recording, and when (a listing printed at once peaks high too). */
    peakLinesPerSecond: number;
    peakTime: number;
    /**
     * The fastest stretch of continuous scrolling that lasted SUSTAINED_SCROLL_SECONDS or more: lines per
     * second over it, when it began, how long it lasted and how many lines scrolled. Null when output only
     * came in bursts.
     */
    sustained: { linesPerSecond: number; start: number; seconds: number; lines: number } | null;
  };
  colors: {
    /** Painted foreground colors that cover at least COLOR_MIN_SHARE of the text (hex, by coverage). */
    distinct: string[];
  };
  emphasis: {
    /** Time-weighted share of non-blank rows that are emphasized (bold, accent color or colored background). */
    rowShare: number;
  };
  /** Time-weighted share of the screen's rows that hold text (1 = no blank row separates anything). */
  rowsInUse: number;
  errors: {
    /** Distinct error rows, and how many of them paint the error word apart from the main text. */
    rows: number;
    distinctRows: number;
    plainExample: TimedText | null;
    example: TimedText | null;
  };
  final: {
    text: string;
    /** The last row of the final screen that states a result (done, ✓, error, winner…), or null. */
    resultRow: string | null;
    winnerRow: string | null;
    /** The last RESULT_CLOSING_ROWS non-blank rows of the final screen: what the program said last. */
    closingRows: string[];
  };
  cues: {
    /** Time-weighted shares (0–1) of the recording with a spinner / a progress bar or percentage visible. */
    spinnerShare: number;
    progressShare: number;
    statusSymbols: string[];
    statusWords: string[];
    /** Phase words in the order they first appeared. */
    phases: TimedText[];
    voteRows: number;
    voteExample: TimedText | null;
    /** Distinct key hints on screen (`F1 Help`, `^X Exit`, `q quit`, `Ctrl+C to stop`, `press Enter`), lower-cased, and the first one seen. */
    keyHints: string[];
    keyHintExample: TimedText | null;
  };
  /** Error rows shown with a way out on the same screen (`try …`, `did you mean`, `see --help`, `usage:`). */
  recovery: {
    /** Distinct error rows, and how many of them had a hint on screen with them. */
    errorRows: number;
    withHint: number;
    example: TimedText | null;
  };
}

/** InputMeasures is how the program met its keyboard (cast only): presses recorded as `"i"` events and the answer to each. */
export interface InputMeasures {
  /** Input events in the cast (a tape's keys and typed text; none when nothing typed). */
  events: number;
  /** Presses (or runs of presses before any output) followed by output within UNANSWERED_SECONDS, and those not. */
  answered: number;
  unanswered: number;
  /** Median seconds from a press to the next output, over the answered ones; null when none was. */
  medianResponseSeconds: number | null;
  /** The slowest answered press: when it was pressed and how long the screen took to answer. */
  slowest: { time: number; seconds: number } | null;
  /** The program switched to the alternate screen (a full-screen program, driven by keys). */
  alternateScreen: boolean;
}

/** HeuristicMeasures is the full-timeline measurement the heuristic judge scores from. */
export interface HeuristicMeasures {
  source: 'cast' | 'video';
  /** Recording (or video) length in seconds. */
  duration: number;
  /** Distinct screen states (cast) or distinct decoded frames (video). */
  states: number;
  /** Recording time (s) of the first state with anything on screen, or null when the screen stays blank. */
  firstOutputTime: number | null;
  /**
   * Recording time (s) of the program's first output of any kind, visible or not (an escape sequence that
   * only hides the cursor counts): until then its runtime was starting. Cast only; null when it wrote nothing.
   */
  firstByteTime?: number | null;
  freeze: FreezeMeasure | null;
  /** Blank flashes: the screen went (nearly) blank and was redrawn within FLASH_WINDOW_SECONDS. */
  flashes: { count: number; firstTime: number | null };
  /** Full-screen clears per second of output at the busiest second (cast only; 0 for video). */
  clearsPeakPerSecond: number;
  /** Non-blank cell share (cast) or non-background pixel share (video), time-weighted mean and max. */
  density: { mean: number; max: number };
  text?: TextMeasures;
  /** Keyboard input and the answers to it (cast only). */
  input?: InputMeasures;
}
