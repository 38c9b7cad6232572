/**
 * From measures to scores: one pure function per criterion id turns the measures of a recording into a
 * 1–10 score (or null when the measure is not available) with a sentence stating the numbers, and a
 * focus telling the evidence search where to look. Scales are named constants of anchors, interpolated
 * linearly between them (so a score never jumps at a threshold); they encode rules of thumb (WCAG contrast,
 * "a screen that stands still for 5 s looks stuck"), not taste.
 */
import { interpolate, type Anchors } from '../../anchors.js';
import type { IssueSeverity } from '../types.js';
import { SUSTAINED_SCROLL_SECONDS, type HeuristicMeasures, type TextMeasures, type TimedText } from './measures.js';
import { UNANSWERED_SECONDS } from './input-measures.js';
import { TEXT_PATTERNS } from './screen-reading.js';

/**
 * Anchors are the points of a scale: [measure, score] pairs in increasing order of the measure. Between two
 * anchors the score is interpolated linearly, beyond the first or the last it stays at that anchor's score
 * (see interpolate). A scale is continuous, so a measure that moves a little moves its score a little: two
 * recordings of the same program no longer land on either side of a step a few points high.
 */

/** Contrast: share of text (cell·seconds) below 4.5:1 → score. */
export const CONTRAST_ANCHORS = [[0.01, 10], [0.05, 8], [0.15, 6], [0.3, 4], [0.5, 2]] as const satisfies Anchors;
/** Contrast: a point off when this share of text or more is below 3:1 (none at half of it). */
export const CONTRAST_BELOW3_SHARE = 0.1;
const CONTRAST_BELOW3_PENALTY = [[CONTRAST_BELOW3_SHARE / 2, 0], [CONTRAST_BELOW3_SHARE, 1]] as const satisfies Anchors;
/** Colors: count of colors told apart by hue → score: 3–8 read as a palette with meaning, more as noise. */
export const COLORS_ANCHORS = [[1, 3], [2, 5], [3, 9], [8, 9], [12, 6], [16, 4]] as const satisfies Anchors;
/** Colors: more than this many foreground colors in use cost cognitive load (−2 at COLORS_CHAOTIC). */
export const COLORS_NOISY = 12;
const COLORS_CHAOTIC = 16;
/** Colors: a color whose channels differ by less than this (of 255) is a gray, a shade of the text color rather than a color of its own. */
export const COLORS_GRAY_CHROMA = 32;

/**
 * paletteSize counts the colors a reader tells apart by hue: every gray (white, dim, the background shown
 * by reverse video) counts once together, every chromatic color once. A display stripped of its colors
 * keeps its bold, dim and reverse grays, so counting those as colors hid the loss; pure.
 */
export function paletteSize(colors: readonly string[]): number {
  let grays = 0;
  let hues = 0;
  for (const color of colors) {
    const value = Number.parseInt(color.slice(1), 16);
    const channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
    if (Math.max(...channels) - Math.min(...channels) < COLORS_GRAY_CHROMA) grays = 1;
    else hues++;
  }
  return grays + hues;
}
/** Missing glyphs: distinct characters drawn as a box → score. */
export const MISSING_GLYPH_ANCHORS = [[0, 10], [1, 2.5], [3, 1.5], [6, 1]] as const satisfies Anchors;
/** Escape debris: distinct rows showing it → score. */
export const GARBAGE_ANCHORS = [[0, 10], [1, 5], [4, 3], [8, 1]] as const satisfies Anchors;
/** Overflow: share of non-blank rows that run past the last column (and wrap) → points off. */
export const EDGE_SHARE_MINOR = 0.1;
export const EDGE_SHARE_MAJOR = 0.3;
/** Overflow: from this share of rows past the edge on, a display has lost its layout (layout at a critical level). */
export const EDGE_SHARE_BROKEN = 0.35;
const EDGE_PENALTY = [[0, 0], [EDGE_SHARE_MINOR, 3], [EDGE_SHARE_MAJOR, 6.5], [EDGE_SHARE_BROKEN, 8]] as const satisfies Anchors;
/** Overflow: distinct rows with a word wrapped mid-way → points off; and rows truncated with … → points off. */
const WRAP_PENALTY = [[0, 0], [1, 2], [5, 3]] as const satisfies Anchors;
const TRUNCATION_PENALTY = [[0, 0], [1, 1]] as const satisfies Anchors;
/** Spacing: share of rows holding text around which sections have no blank line between them (−1 there, −2 at +5 %). */
export const ROWS_IN_USE_CROWDED = 0.9;
/** Spacing: density around which the screen is crowded (−1 there, −2 at +5 %). */
export const DENSITY_CROWDED = 0.55;
/** Spacing: half the width of the crowding ramps, so that a share near a threshold costs half its points. */
const CROWDING_RAMP = 0.05;
/** crowdingPenalty ramps from nothing CROWDING_RAMP below a threshold to 2 points CROWDING_RAMP above it. */
const crowdingPenalty = (share: number, threshold: number) => interpolate(share, [[threshold - CROWDING_RAMP, 0], [threshold + CROWDING_RAMP, 2]]);
/** Density: non-blank cell share (time-weighted mean) → score, sparse to dense. */
export const DENSITY_ANCHORS = [[0.01, 3], [0.03, 6], [0.05, 8], [0.08, 10], [0.4, 10], [DENSITY_CROWDED, 7], [0.7, 5], [0.85, 3]] as const satisfies Anchors;
/** Video density: at the decoded size, ink pixels cover about 0.6 of the share text cells do (measured on the ux fixtures), so their share is scaled by this before DENSITY_ANCHORS. */
export const VIDEO_DENSITY_SCALE = 1.6;
/** Scrolling: lines a second of sustained scrolling (see SUSTAINED_SCROLL_SECONDS) → score. */
export const SCROLL_ANCHORS = [[20, 10], [60, 8], [200, 5], [1000, 3], [2000, 1]] as const satisfies Anchors;
/** A screen unchanged for longer than this (s) while the program runs looks stuck. */
export const FREEZE_SECONDS = 5;
/** A freeze longer than this (s) looks like a hang. */
export const LONG_FREEZE_SECONDS = 15;
/** Streaming and feedback: the longest freeze (s) → points off: none up to FREEZE_SECONDS, 6 from a second more, 8 at LONG_FREEZE_SECONDS. */
const FREEZE_PENALTY = [[FREEZE_SECONDS, 0], [FREEZE_SECONDS + 1, 6], [LONG_FREEZE_SECONDS, 8]] as const satisfies Anchors;
/** Progress: the longest freeze (s) → points off. */
const PROGRESS_FREEZE_PENALTY = [[FREEZE_SECONDS, 0], [FREEZE_SECONDS + 1, 3]] as const satisfies Anchors;
/** Time to first output (s, as firstOutputWait counts it) → points off: up to 1 s nothing, 1 at 3 s, 3 at 5 s, 5 from 7 s. */
export const FIRST_OUTPUT_PENALTY = [[1, 0], [3, 1], [5, 3], [7, 5]] as const satisfies Anchors;
/**
 * The time before a program's first byte of any kind, up to this long (s), is its runtime starting (node,
 * python, a JVM) and does not count as a wait the program makes: on a busy machine start-up alone takes
 * seconds, and a comparison with a baseline recorded on an idle one must not call that a regression. A
 * program that writes nothing for longer is slow to start, and one that writes but shows nothing is too.
 */
export const STARTUP_ALLOWANCE_SECONDS = 2;
/** Winner selection: a winner named on a final screen that does not end by stating the run's result (a run cut short). */
export const UNFINISHED_WINNER_SCORE = 6;
/** Progress applies to work that makes the user wait at least this long (s): a freeze, or a late first output; a program that runs this long owes a final result (resultExpected). */
export const WAIT_SECONDS = 2;
/** Responsiveness: median seconds from a key press to the next output → score. */
export const RESPONSE_ANCHORS = [[0.1, 10], [0.3, 8], [1, 6], [3, 4], [5, 2]] as const satisfies Anchors;
/** Full-screen clears per second above which redrawing flickers on real terminals (−2 from one more). */
export const CLEARS_PER_SECOND_FLICKER = 5;
/** Streaming: blank flashes → points off; layout loses FLASH_LAYOUT_PENALTY's points. */
const FLASH_PENALTY = [[0, 0], [1, 2], [3, 4]] as const satisfies Anchors;
const FLASH_LAYOUT_PENALTY = [[0, 0], [1, 2]] as const satisfies Anchors;
/** Emphasis: share of non-blank rows emphasized → score; 3–60 % reads as a hierarchy. */
export const EMPHASIS_ANCHORS = [[0, 3], [0.03, 9], [0.6, 9], [0.8, 5]] as const satisfies Anchors;
/** Error rows: the share of them that get something right (colored apart, a way out shown) → score. */
const ERROR_SHARE_ANCHORS = [[0, 3], [0.5, 6], [1, 9]] as const satisfies Anchors;
/** Distinct status cues (agent-states), phase words, vote rows and key hints → score. */
const STATUS_CUE_ANCHORS = [[1, 5], [3, 7], [5, 9]] as const satisfies Anchors;
const PHASE_ANCHORS = [[1, 5], [3, 9]] as const satisfies Anchors;
const VOTE_ANCHORS = [[1, 6], [3, 8], [5, 9]] as const satisfies Anchors;
const KEY_HINT_ANCHORS = [[0, 3], [2, 6], [5, 8], [7, 9]] as const satisfies Anchors;
/** Cognitive load: lines a second of sustained scrolling → points off, and escape-debris rows → points off. */
const FLOOD_LOAD_PENALTY = [[SCROLL_ANCHORS[1][0], 0], [SCROLL_ANCHORS[2][0], 2]] as const satisfies Anchors;
const DEBRIS_LOAD_PENALTY = [[0, 0], [1, 1]] as const satisfies Anchors;
/** Responsiveness: key presses with no answer within UNANSWERED_SECONDS → points off. */
const UNANSWERED_PENALTY = [[0, 0], [1, 2]] as const satisfies Anchors;

/** Focus tells the evidence search where a verdict's evidence is. */
export type Focus =
  /** The frame nearest a recording time; quote `text` when that frame shows it. */
  | { kind: 'time'; time: number; text?: string }
  /** The frame with the most text cells below 4.5:1 (or the most text when there are none); `cells`: mark those cells on it. */
  | { kind: 'contrast'; cells?: boolean }
  /** The last frame, quoting `text` when shown. */
  | { kind: 'final'; text?: string }
  /** The first frame with a row matching `pattern`. */
  | { kind: 'pattern'; pattern: RegExp; fallback?: TimedText | null };

/**
 * Verdict is one criterion's score, the measurement behind it and where its evidence is. `applicable:
 * false` says the display has no such element at all (no votes on a text editor's screen): the score is
 * then null and the measurement is the reason.
 */
export interface Verdict {
  score: number | null;
  measurement: string;
  applicable?: false;
  focus?: Focus;
}

/** notApplicable is the verdict of a criterion the recording gives nothing to judge by; `reason` says what is absent. */
const notApplicable = (reason: string): Verdict => ({ score: null, applicable: false, measurement: reason });

/** Problem is one UX problem the measures show, tied to the criteria it affects. */
export interface Problem {
  key: string;
  severity: IssueSeverity;
  title: string;
  recommendation: string;
  criteria: readonly HeuristicCriterionId[];
  focus?: Focus;
}

/** HEURISTIC_CRITERIA maps each criterion id the heuristic judge scores to how it is measured. */
export const HEURISTIC_CRITERIA = {
  contrast: 'WCAG 2.x contrast of every text cell against its background (theme colors, bold/dim/inverse resolved; a cell painted only with the 16 named colors and the defaults counts with the better of the theme\'s and the standard xterm palette\'s, since the theme chose those colors), time-weighted: share below 4.5:1 → 10 at 1%, 8 at 5%, 6 at 15%, 4 at 30%, 2 from 50%; −1 when 10% or more is below 3:1 (none up to 5%); linear in between',
  colors: `distinct foreground colors painting ≥0.2% of the text, all grays (channels within 32 of each other: white, dim, reverse) counted as one: 1 → 3 (monochrome), 2 → 5, 3–8 → 9, 12 → 6, 16 or more → 4 (noisy), linear in between`,
  'font-rendering': 'distinct characters no bundled font draws (the rasterizer\'s missing-glyph box, a symbol the user cannot read: a critical level from the first): 0 → 10, 1 → 2.5, 3 → 1.5, 6 or more → 1, linear in between',
  'ansi-handling': 'distinct rows showing escape-sequence debris (^[[31m, \\x1b, [31m, ]0; — not a lone ^[, which vim\'s showcmd shows for Escape) or U+FFFD: 0 → 10, 1 → 5, 4 → 3, 8 or more → 1, linear in between',
  spacing: 'overflow at the right edge (as layout counts it; a program drawing up to the last column is not overflow) and crowding: rows in use (−1 at 90%, from none at 85% to −2 at 95%) and density (−1 at 55%, from none at 50% to −2 at 60%): 10 minus penalties',
  layout: 'overflow at the right edge (share of rows the terminal wrapped because their text ran past the last column: −3 at 10%, −6.5 at 30%, −8 from 35%, where the display has lost its layout; words wrapped mid-way: −2 for 1, −3 from 5; truncated rows −1) and blank flashes −2; linear in between',
  density: 'time-weighted share of non-blank cells (video: of non-background pixels): 3 up to 1%, 6 at 3%, 8 at 5%, 10 from 8% to 40%, 7 at 55%, 5 at 70%, 3 from 85%, linear in between',
  streaming: 'longest freeze while running (none up to 5 s, −6 at 6 s, −8 from 15 s), blank flashes between drawn screens (−2 for 1, −4 from 3), full-screen clears over 5/s (−2 from 6/s); linear in between',
  scrolling: 'lines a second scrolled over the fastest stretch of scrolling that goes on for 2 s or more (on the main screen newlines minus cursor-up moves; on a full-screen program\'s alternate screen the lines the terminal scrolled, as a log pane\'s scroll region does; a listing printed at once is a burst, not a flood, and scores 10): 10 up to 20, 8 at 60, 5 at 200, 3 at 1000, 1 from 2000, linear in between',
  'agent-states': 'distinct status symbols (✓ ✗ ● ⏳ …) and status words (working, waiting, done …) on screen: 1 → 5, 3 → 7, 5 or more → 9, linear in between; not applicable when none',
  progress: 'progress cues over time: a progress bar or percentage → 8, a spinner → 7, status words only → 5, none → 3; +1 with both bar and spinner, +1 with a final result (as feedback reads it); −3 with a freeze from 6 s (none up to 5 s, linear in between); not applicable when there is no cue and the program never made the user wait 2 s',
  'phase-transitions': 'distinct phase words (phase, round, planning, voting, final …) appearing over time: 1 → 5, 2 → 7, 3+ → 9; not applicable when none',
  'winner-selection': 'the final screen states a winner / final answer and the run ends by stating its result (as feedback reads it) → 9, a winner but no such result (a run cut short) → 6, a result (done, ✓, success, error) → 7, nothing → 3; not applicable when nothing is stated and no agents, phases or votes are shown',
  feedback: '10 minus: time to first visible output less the runtime\'s start-up (the time before the program\'s first byte of any kind, which a busy machine stretches, forgiven up to 2 s): none up to 1 s, −1 at 3 s, −3 at 5 s, −5 from 7 s; longest freeze (as streaming: none up to 5 s, −6 at 6 s, −8 from 15 s), both linear in between; −2 when the run does not end by stating its result (done, ✓, error … in the last 2 non-blank rows of the final screen: what it said last, not a step\'s result further up), asked of a program that ran on its own and showed progress or a spinner or ran 2 s or more (not of a listing printed at once, nor of a program driven by keys)',
  'error-visibility': 'error rows, told by their role, not by a word in the text: a level (ERROR, FATAL, FAILED, [error]), a prefix where a message starts (error:, fatal:, panic:, E492:, ValueError:, ✗) or a failure status ending a row (… failed); share whose marker is colored apart from the main text: all → 9, half → 6, none → 3, linear in between; not applicable when no error is shown',
  'cognitive-load': 'the density score, minus up to 2 for colors (from none at 12 foreground colors to −2 at 16), minus up to 2 for sustained scrolling (from none at 60 lines a second to −2 at 200), −1 with escape debris',
  hierarchy: 'share of non-blank rows emphasized by bold, an accent color or a colored background: none → 3, 3–60% → 9, 80% or more → 5, linear in between',
  'coordination-phases': 'distinct coordination phase words (coordination, round, voting, presenting, final, consensus) over time: 1 → 5, 2 → 7, 3+ → 9; not applicable when none',
  voting: 'distinct rows mentioning votes (vote, votes, voted, voting): 1 → 6, 3 → 8, 5 or more → 9, linear in between; not applicable when none',
  'keyboard-discoverability': 'distinct key hints on screen (F1 Help, ^X Exit, q: quit, Ctrl+C to stop, press Enter, ? for help): 0 → 3, 2 → 6, 5 → 8, 7 or more → 9, linear in between; not applicable when the program took no keys (no input recorded and no full-screen mode)',
  responsiveness: 'median time from a key press to the next screen output: 10 up to 0.1 s, 8 at 0.3 s, 6 at 1 s, 4 at 3 s, 2 from 5 s, linear in between; −2 when a press got no answer within 5 s; not applicable when no key was pressed',
  'error-recovery': 'error rows shown with a way out on the same screen (try, did you mean, see --help, usage): all → 9, half → 6, none → 3, linear in between; not applicable when no error was shown',
} as const satisfies Record<string, string>;

/** HeuristicCriterionId is a criterion id the heuristic judge can score. */
export type HeuristicCriterionId = keyof typeof HEURISTIC_CRITERIA;

/** isHeuristicCriterion tells whether the heuristic judge scores a criterion id. */
export function isHeuristicCriterion(id: string): id is HeuristicCriterionId {
  return Object.hasOwn(HEURISTIC_CRITERIA, id);
}

/** Criteria that can be scored from a video's pixels alone. */
const VIDEO_CRITERIA: ReadonlySet<HeuristicCriterionId> = new Set(['feedback', 'streaming', 'density', 'cognitive-load']);


/** SCORE_DECIMALS is how many decimals a heuristic score keeps: enough for a continuous scale, no more than a scorecard shows. */
export const SCORE_DECIMALS = 1;
const roundScore = (score: number) => Math.round(score * 10 ** SCORE_DECIMALS) / 10 ** SCORE_DECIMALS;
/** clampScore keeps a score within 1–10, rounded to SCORE_DECIMALS. */
const clampScore = (score: number) => roundScore(Math.max(1, Math.min(10, score)));
/** anchoredScore reads a scale at `value`, rounded to SCORE_DECIMALS. */
const anchoredScore = (value: number, anchors: Anchors) => clampScore(interpolate(value, anchors));
/** shareScore scores the share of error rows that get something right (ERROR_SHARE_ANCHORS): all → 9, half → 6, none → 3. */
const shareScore = (share: number) => anchoredScore(share, ERROR_SHARE_ANCHORS);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const seconds = (value: number) => `${value.toFixed(1)} s`;

/**
 * firstOutputWait is how long the user waited for the first output, as far as the program is to blame: the
 * time of the first visible output less the runtime's start-up (the time before the first byte, up to
 * STARTUP_ALLOWANCE_SECONDS; a video shows no bytes, so its first visible output stands for the first
 * byte). Null when nothing ever showed; pure.
 */
export function firstOutputWait(measures: HeuristicMeasures): { seconds: number; startup: number } | null {
  const first = measures.firstOutputTime;
  if (first === null) return null;
  const startup = Math.min(measures.firstByteTime ?? first, first, STARTUP_ALLOWANCE_SECONDS);
  return { seconds: first - startup, startup };
}

/** firstOutputText states when the first output came and how much of that wait counts. */
function firstOutputText(measures: HeuristicMeasures): string {
  const wait = firstOutputWait(measures);
  if (!wait) return 'nothing was ever shown';
  const first = `first output after ${seconds(measures.firstOutputTime!)}`;
  // The start-up is worth a word only when the wait is long enough to cost points.
  if (measures.firstOutputTime! <= FIRST_OUTPUT_PENALTY[0][0]) return first;
  return `${first}, ${seconds(wait.seconds)} of it counted (the ${seconds(wait.startup)} before the program's first byte are its runtime starting, forgiven up to ${STARTUP_ALLOWANCE_SECONDS} s)`;
}

/** freezePenalty returns the points a freeze costs on a scale of penalties (FREEZE_PENALTY, PROGRESS_FREEZE_PENALTY). */
function freezePenalty(measures: HeuristicMeasures, penalty: Anchors): number {
  return interpolate(measures.freeze?.seconds ?? 0, penalty);
}

function freezeText(measures: HeuristicMeasures): string {
  const freeze = measures.freeze;
  return freeze ? `longest unchanged stretch ${seconds(freeze.seconds)} from ${seconds(freeze.start)}` : 'no unchanged stretch';
}

function freezeFocus(measures: HeuristicMeasures): Focus | undefined {
  const freeze = measures.freeze;
  return freeze && freeze.seconds > FREEZE_SECONDS ? { kind: 'time', time: freeze.start + freeze.seconds / 2, text: freeze.text } : undefined;
}

function densityScore(measures: HeuristicMeasures): number {
  const mean = measures.source === 'video' ? measures.density.mean * VIDEO_DENSITY_SCALE : measures.density.mean;
  return interpolate(mean, DENSITY_ANCHORS);
}

const COORDINATION_PHASES = /^(?:coordination|round|voting|presenting|presentation|final|finalizing|consensus)$/;

/** The scoring function of each criterion; `text` is defined (cast measures) except for VIDEO_CRITERIA. */
const scorers = {
  contrast: (_measures, text) => {
    const { contrast } = text;
    if (contrast.textCellSeconds === 0) return { score: null, measurement: 'no text was on screen, so no contrast was measured' };
    const score = interpolate(contrast.below45Share, CONTRAST_ANCHORS) - interpolate(contrast.below3Share, CONTRAST_BELOW3_PENALTY);
    return {
      score: clampScore(score),
      measurement: `${percent(contrast.below45Share)} of text (time-weighted) is below WCAG 4.5:1 and ${percent(contrast.below3Share)} below 3:1; lowest ratio ${contrast.lowestRatio.toFixed(2)}:1${themeContrastNote(text)}`,
      focus: { kind: 'contrast', cells: true },
    };
  },
  colors: (_measures, text) => {
    const count = paletteSize(text.colors.distinct);
    const score = count === 0 ? null : anchoredScore(count, COLORS_ANCHORS);
    return { score, measurement: `${count} colors told apart by hue, grays counted once, among ${text.colors.distinct.length} foreground colors in use (${text.colors.distinct.slice(0, 8).join(', ')})`, focus: { kind: 'contrast' } };
  },
  'font-rendering': (_measures, text) => {
    const missing = text.missingGlyphs.characters;
    return {
      score: anchoredScore(missing.length, MISSING_GLYPH_ANCHORS),
      measurement: missing.length === 0 ? 'every character on screen has a glyph in the bundled fonts' : `${missing.length} characters have no glyph in the bundled fonts (${missing.slice(0, 8).join(' ')})`,
      focus: text.missingGlyphs.first ? { kind: 'time', time: text.missingGlyphs.first.time, text: text.missingGlyphs.first.text } : { kind: 'final' },
    };
  },
  'ansi-handling': (_measures, text) => {
    const { garbage } = text;
    return {
      score: anchoredScore(garbage.rows, GARBAGE_ANCHORS),
      measurement:
        garbage.rows === 0
          ? 'no escape-sequence debris or U+FFFD shown as text'
          : `${garbage.rows} distinct rows show escape-sequence debris or U+FFFD (${garbage.replacementRows} with U+FFFD), visible ${percent(garbage.timeShare)} of the time`,
      focus: garbage.examples[0] ? { kind: 'time', time: garbage.examples[0].time, text: garbage.examples[0].text } : { kind: 'final' },
    };
  },
  spacing: (measures, text) => {
    const { overflow } = text;
    const score = 10 - overflowPenalty(text) - crowdingPenalty(text.rowsInUse, ROWS_IN_USE_CROWDED) - crowdingPenalty(measures.density.mean, DENSITY_CROWDED);
    return {
      score: clampScore(score),
      measurement: `${percent(overflow.edgeShare)} of rows run past the last column and wrap, ${overflow.wrappedRows} wrapped mid-word, ${overflow.truncatedRows} truncated with …; ${percent(text.rowsInUse)} of rows hold text, density ${percent(measures.density.mean)}`,
      focus: overflowFocus(text),
    };
  },
  layout: (measures, text) => {
    const { overflow } = text;
    const score = 10 - overflowPenalty(text) - interpolate(measures.flashes.count, FLASH_LAYOUT_PENALTY);
    return {
      score: clampScore(score),
      measurement: `${percent(overflow.edgeShare)} of rows run past the last column and wrap, ${overflow.wrappedRows} wrapped mid-word, ${overflow.truncatedRows} truncated; ${measures.flashes.count} blank flashes`,
      focus: overflowFocus(text),
    };
  },
  density: (measures) => ({
    score: clampScore(densityScore(measures)),
    measurement: `${measures.source === 'video' ? 'non-background pixels' : 'non-blank cells'} cover ${percent(measures.density.mean)} of the screen on average (most ${percent(measures.density.max)})`,
    focus: { kind: 'final' },
  }),
  streaming: (measures) => {
    const score =
      10 -
      freezePenalty(measures, FREEZE_PENALTY) -
      interpolate(measures.flashes.count, FLASH_PENALTY) -
      interpolate(measures.clearsPeakPerSecond, [[CLEARS_PER_SECOND_FLICKER, 0], [CLEARS_PER_SECOND_FLICKER + 1, 2]]);
    const focus = freezeFocus(measures) ?? (measures.flashes.firstTime !== null ? { kind: 'time' as const, time: measures.flashes.firstTime } : { kind: 'final' as const });
    return {
      score: clampScore(score),
      measurement: `${freezeText(measures)}; ${measures.flashes.count} blank flashes; ${measures.clearsPeakPerSecond} full-screen clears in the busiest second; ${measures.states} distinct screen states in ${seconds(measures.duration)}`,
      focus,
    };
  },
  scrolling: (_measures, text) => {
    const { scroll } = text;
    const busiest = `${scroll.peakLinesPerSecond} lines scrolled in the busiest second (at ${seconds(scroll.peakTime)}), ${scroll.totalLines} in all`;
    return {
      score: anchoredScore(sustainedScrollRate(text), SCROLL_ANCHORS),
      measurement: scroll.sustained
        ? `${scroll.sustained.linesPerSecond} lines a second scrolled for ${seconds(scroll.sustained.seconds)} from ${seconds(scroll.sustained.start)}; ${busiest}`
        : `no scrolling went on for ${SUSTAINED_SCROLL_SECONDS} s or more (output came in bursts); ${busiest}`,
      focus: scrollFocus(text),
    };
  },
  'agent-states': (_measures, text) => {
    const cues = [...text.cues.statusSymbols, ...text.cues.statusWords];
    if (cues.length === 0) return notApplicable('no workers, tasks or agents with a state are shown (no status symbols or status words on screen)');
    return {
      score: anchoredScore(cues.length, STATUS_CUE_ANCHORS),
      measurement: `${cues.length} distinct status cues (${cues.slice(0, 10).join(' ')})`,
      focus: { kind: 'pattern', pattern: new RegExp(`${TEXT_STATUS.source}`, 'i') },
    };
  },
  progress: (measures, text) => {
    const { cues } = text;
    const wait = Math.max(measures.freeze?.seconds ?? 0, firstOutputWait(measures)?.seconds ?? 0);
    if (cues.progressShare === 0 && cues.spinnerShare === 0 && cues.statusSymbols.length + cues.statusWords.length === 0 && wait < WAIT_SECONDS) {
      return notApplicable(`the program never made the user wait (longest wait ${seconds(wait)}, under ${WAIT_SECONDS} s) and shows no progress, spinner or status, so there was no long work to show progress for`);
    }
    let score = cues.progressShare > 0 ? 8 : cues.spinnerShare > 0 ? 7 : cues.statusSymbols.length + cues.statusWords.length > 0 ? 5 : 3;
    if (cues.progressShare > 0 && cues.spinnerShare > 0) score++;
    const result = finalResult(measures, text);
    if (result !== null) score++;
    score -= freezePenalty(measures, PROGRESS_FREEZE_PENALTY);
    return {
      score: clampScore(score),
      measurement: `a progress bar or percentage is visible ${percent(cues.progressShare)} of the time, a spinner ${percent(cues.spinnerShare)}; final result ${result === null ? 'not stated' : 'stated'}; ${freezeText(measures)}`,
      focus: freezeFocus(measures) ?? { kind: 'pattern', pattern: /[█▓▒░▰▱]{2,}|\d{1,3}(?:\.\d+)?\s?%|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/ },
    };
  },
  'phase-transitions': (_measures, text) => {
    const phases = text.cues.phases;
    if (phases.length === 0) return notApplicable('the program shows no phases (no phase words such as phase, round, planning, voting or final on screen)');
    return {
      score: anchoredScore(phases.length, PHASE_ANCHORS),
      measurement: `${phases.length} phase words appear over time: ${phases.map((phase) => `${phase.text} at ${seconds(phase.time)}`).join(', ')}`,
      focus: phases[1] ? { kind: 'time', time: phases[1].time, text: undefined } : { kind: 'time', time: phases[0].time },
    };
  },
  'winner-selection': (measures, text) => {
    const { final, cues } = text;
    // Without agents, phases or votes on screen there is nothing to choose a winner among; a stated
    // result still counts (the "winner" of an ordinary program is its final result).
    const multiAgent = cues.statusSymbols.length + cues.statusWords.length + cues.phases.length + cues.voteRows > 0;
    const result = finalResult(measures, text);
    if (!multiAgent && final.winnerRow === null && result === null) {
      return notApplicable('nothing on screen is chosen among candidates (no agents, phases or votes) and no final result is stated');
    }
    // A winner on a final screen that does not end by stating how the run went was named by a run cut short.
    const score = final.winnerRow !== null ? (result !== null ? 9 : UNFINISHED_WINNER_SCORE) : result !== null ? 7 : 3;
    const winner = final.winnerRow === null ? '' : `the final screen names a winner: "${final.winnerRow.trim()}"`;
    return {
      score,
      measurement:
        final.winnerRow !== null && result === null
          ? `${winner}, but the run ends without stating its result (its last rows: ${final.closingRows.map((row) => `"${row.trim()}"`).join(', ')}): it stopped before its end`
          : final.winnerRow !== null
            ? winner
            : result !== null
              ? `the final screen states a result: "${result.trim()}"`
              : 'the final screen states no result',
      focus: { kind: 'final', text: final.winnerRow ?? result ?? undefined },
    };
  },
  feedback: (measures, text) => {
    const first = measures.firstOutputTime;
    let score = 10 - interpolate(firstOutputWait(measures)?.seconds ?? Infinity, FIRST_OUTPUT_PENALTY) - freezePenalty(measures, FREEZE_PENALTY);
    const expected = resultExpected(measures);
    const stated = text ? finalResult(measures, text) : null;
    const result = !text ? '' : !expected ? 'driven by keys or done at once, so no final result is expected' : stated === null ? 'the run ends without stating its result' : 'the run ends by stating its result';
    if (text && expected && stated === null) score -= 2;
    return {
      score: clampScore(score),
      measurement: [firstOutputText(measures), freezeText(measures), result].filter(Boolean).join('; '),
      focus: freezeFocus(measures) ?? (first !== null && first > FIRST_OUTPUT_PENALTY[0][0] ? { kind: 'time', time: first } : { kind: 'final', text: stated ?? undefined }),
    };
  },
  'error-visibility': (_measures, text) => {
    const { errors } = text;
    if (errors.rows === 0) return notApplicable('no error was shown in the recording');
    return {
      score: shareScore(errors.distinctRows / errors.rows),
      measurement: `${errors.distinctRows} of ${errors.rows} error rows paint the error word apart from the main text color`,
      focus: errorFocus(errors),
    };
  },
  'cognitive-load': (measures, text) => {
    let score = densityScore(measures);
    const notes = [`density ${percent(measures.density.mean)}`];
    if (text) {
      score -= interpolate(text.colors.distinct.length, [[COLORS_NOISY, 0], [COLORS_CHAOTIC, 2]]);
      score -= interpolate(sustainedScrollRate(text), FLOOD_LOAD_PENALTY);
      score -= interpolate(text.garbage.rows, DEBRIS_LOAD_PENALTY);
      notes.push(`${text.colors.distinct.length} colors`, `${sustainedScrollRate(text)} lines/s of sustained scrolling`, `${text.garbage.rows} rows of escape debris`);
    }
    return { score: clampScore(score), measurement: notes.join(', '), focus: { kind: 'final' } };
  },
  hierarchy: (_measures, text) => {
    const share = text.emphasis.rowShare;
    return {
      score: anchoredScore(share, EMPHASIS_ANCHORS),
      measurement: `${percent(share)} of non-blank rows are emphasized (bold, accent color or colored background)`,
      focus: { kind: 'final' },
    };
  },
  'coordination-phases': (_measures, text) => {
    const phases = text.cues.phases.filter((phase) => COORDINATION_PHASES.test(phase.text));
    if (phases.length === 0) return notApplicable('the program shows no coordination between agents (no words such as coordination, round, voting, presenting or consensus on screen)');
    return {
      score: anchoredScore(phases.length, PHASE_ANCHORS),
      measurement: `${phases.length} coordination phase words appear: ${phases.map((phase) => `${phase.text} at ${seconds(phase.time)}`).join(', ')}`,
      focus: { kind: 'time', time: phases[0].time },
    };
  },
  voting: (_measures, text) =>
    text.cues.voteRows === 0
      ? notApplicable('the program shows no voting (no row mentions a vote)')
      : {
          score: anchoredScore(text.cues.voteRows, VOTE_ANCHORS),
          measurement: `${text.cues.voteRows} distinct rows mention votes`,
          focus: { kind: 'pattern', pattern: /\bvot(?:e|es|ed|ing)\b/i, fallback: text.cues.voteExample },
        },
  'keyboard-discoverability': (measures, text) => {
    const input = measures.input;
    const hints = text.cues.keyHints;
    if (hints.length === 0 && input !== undefined && input.events === 0 && !input.alternateScreen) {
      return notApplicable('the program took no keys: no input was recorded and it never switched to a full screen');
    }
    return {
      score: anchoredScore(hints.length, KEY_HINT_ANCHORS),
      measurement: hints.length === 0 ? 'no key hint is shown (such as F1 Help, q: quit or ? for help)' : `${hints.length} distinct key hints on screen (${hints.slice(0, 8).join(', ')})`,
      focus: text.cues.keyHintExample ? { kind: 'time', time: text.cues.keyHintExample.time, text: text.cues.keyHintExample.text } : { kind: 'final' },
    };
  },
  responsiveness: (measures) => {
    const input = measures.input;
    if (!input || input.medianResponseSeconds === null) {
      return input && input.unanswered > 0
        ? { score: 2, measurement: `${input.unanswered} key presses got no answer on screen within ${UNANSWERED_SECONDS} s`, focus: { kind: 'final' } }
        : notApplicable('no key was pressed during the recording');
    }
    const score = interpolate(input.medianResponseSeconds, RESPONSE_ANCHORS) - interpolate(input.unanswered, UNANSWERED_PENALTY);
    const slowest = input.slowest;
    return {
      score: clampScore(score),
      measurement: `the screen answered ${input.answered} key presses after ${(input.medianResponseSeconds * 1000).toFixed(0)} ms (median)${slowest ? `, the slowest after ${seconds(slowest.seconds)} at ${seconds(slowest.time)}` : ''}; ${input.unanswered} got no answer within ${UNANSWERED_SECONDS} s`,
      focus: slowest ? { kind: 'time', time: slowest.time + slowest.seconds } : { kind: 'final' },
    };
  },
  'error-recovery': (_measures, text) => {
    const { recovery } = text;
    if (recovery.errorRows === 0) return notApplicable('no error was shown in the recording');
    return {
      score: shareScore(recovery.withHint / recovery.errorRows),
      measurement: `${recovery.withHint} of ${recovery.errorRows} error rows are shown with a way out on the same screen (try, did you mean, see --help, usage)`,
      focus: recovery.example
        ? { kind: 'time', time: recovery.example.time, text: recovery.example.text }
        : errorFocus(text.errors),
    };
  },
} satisfies Record<HeuristicCriterionId, (measures: HeuristicMeasures, text: TextMeasures) => Verdict>;


/** Status cues, for the evidence of agent-states. */
const TEXT_STATUS = /[✓✔✗✖⏳⌛●○◉✅❌⚠]|\b(?:working|waiting|thinking|running|streaming|voting|voted|done|completed?|answered|pending|idle|finished|failed|ready|queued)\b/;

/** sustainedScrollRate is the lines a second of the fastest sustained scrolling, 0 when output only came in bursts. */
function sustainedScrollRate(text: TextMeasures): number {
  return text.scroll.sustained?.linesPerSecond ?? 0;
}

function scrollFocus(text: TextMeasures): Focus {
  const { sustained, peakTime } = text.scroll;
  return { kind: 'time', time: sustained ? sustained.start + sustained.seconds / 2 : peakTime + 0.5 };
}

/** themeContrastNote tells how much more text the recording's theme alone makes hard to read, when it does. */
function themeContrastNote(text: TextMeasures): string {
  const { contrast } = text;
  if (contrast.themeBelow45Share - contrast.below45Share <= CONTRAST_ANCHORS[0][0]) return '';
  return ` (as ${themeLabel(text)} paints it, ${percent(contrast.themeBelow45Share)} is below 4.5:1: named colors this theme makes hard to read)`;
}

/** themeLabel names the theme the cells were resolved with: a built-in's name, or the recording's own. */
function themeLabel(text: TextMeasures): string {
  return text.theme.name === 'inline' ? "the recording's theme" : `the ${text.theme.name} theme`;
}

function errorFocus(errors: TextMeasures['errors']): Focus | undefined {
  const example = errors.plainExample ?? errors.example;
  return example ? { kind: 'time', time: example.time, text: example.text } : undefined;
}

/** overflowPenalty is what text running past the right edge costs spacing and layout: wrapped rows, words wrapped mid-way, truncated rows. */
function overflowPenalty(text: TextMeasures): number {
  const { overflow } = text;
  return interpolate(overflow.edgeShare, EDGE_PENALTY) + interpolate(overflow.wrappedRows, WRAP_PENALTY) + interpolate(overflow.truncatedRows, TRUNCATION_PENALTY);
}

function overflowFocus(text: TextMeasures): Focus {
  const example = text.overflow.example;
  return example ? { kind: 'time', time: example.time, text: example.text } : { kind: 'final' };
}

/** scoreCriterion scores one criterion from the measures; pure. Unknown ids and criteria a video cannot show are null. */
export function scoreCriterion(id: string, measures: HeuristicMeasures): Verdict {
  if (!isHeuristicCriterion(id)) return { score: null, measurement: 'not measured by the heuristic judge' };
  if (!measures.text) {
    if (!VIDEO_CRITERIA.has(id)) return { score: null, measurement: 'not measurable from a video (the heuristic judge reads only pixels there, no text)' };
    return (scorers[id] as (measures: HeuristicMeasures, text: TextMeasures | undefined) => Verdict)(measures, undefined);
  }
  return scorers[id](measures, measures.text);
}

/**
 * resultExpected tells whether the final screen should state how the run went: yes for a program that ran
 * on its own and did work the user waited for (it showed a progress bar, a percentage or a spinner, or ran
 * WAIT_SECONDS or more after its start-up); no for a listing printed at once (`ls`, `git log`: the output is
 * the result), nor for a program driven by keys (input was recorded, or it took over the screen), which ends
 * when the user leaves it, with nothing to report.
 */
function resultExpected(measures: HeuristicMeasures): boolean {
  if (measures.input && (measures.input.events > 0 || measures.input.alternateScreen)) return false;
  const cues = measures.text?.cues;
  const showedWork = cues !== undefined && (cues.progressShare > 0 || cues.spinnerShare > 0);
  return showedWork || measures.duration - (firstOutputWait(measures)?.startup ?? 0) >= WAIT_SECONDS;
}

/**
 * finalResult is the row that states how the run went, or null: for a program that ran on its own, a result
 * among the final screen's last RESULT_CLOSING_ROWS rows (what it said last: a step's ✔ or error further up
 * is not the run's result); for one driven by keys, a result anywhere on its last screen. Pure.
 */
function finalResult(measures: HeuristicMeasures, text: TextMeasures): string | null {
  const { resultRow, closingRows } = text.final;
  if (resultRow === null || !resultExpected(measures)) return resultRow;
  return [...closingRows].reverse().find((row) => TEXT_PATTERNS.result.test(row)) ?? null;
}

/** findProblems lists the UX problems the measures show, worst first; pure. */
export function findProblems(measures: HeuristicMeasures): Problem[] {
  const problems: Problem[] = [];
  const text = measures.text;
  const freeze = measures.freeze;
  if (freeze && freeze.seconds > FREEZE_SECONDS) {
    problems.push({
      key: 'freeze',
      severity: freeze.seconds > LONG_FREEZE_SECONDS ? 'critical' : 'major',
      title: `The screen does not change for ${seconds(freeze.seconds)} while the program runs`,
      recommendation: 'Show that work goes on during long steps: a spinner, elapsed time or a progress bar that updates at least every second.',
      criteria: ['feedback', 'streaming', 'progress'],
      focus: freezeFocus(measures),
    });
  }
  const wait = firstOutputWait(measures);
  if (measures.firstOutputTime !== null && wait && wait.seconds > FIRST_OUTPUT_PENALTY[1][0]) {
    problems.push({
      key: 'slow-start',
      severity: wait.seconds > FIRST_OUTPUT_PENALTY[2][0] ? 'major' : 'minor',
      title: `Nothing appears on screen for ${seconds(measures.firstOutputTime)}`,
      recommendation: 'Print a first line (what is starting, with a spinner) before any slow initialization.',
      criteria: ['feedback'],
      focus: { kind: 'time', time: measures.firstOutputTime },
    });
  }
  if (measures.flashes.count > 0) {
    problems.push({
      key: 'flicker',
      severity: measures.flashes.count >= 3 ? 'major' : 'minor',
      title: `The screen flashes blank ${measures.flashes.count} times before being redrawn`,
      recommendation: 'Redraw in place (move the cursor home and overwrite, or use synchronized output) instead of clearing the whole screen first.',
      criteria: ['streaming', 'layout'],
      focus: measures.flashes.firstTime !== null ? { kind: 'time', time: measures.flashes.firstTime } : undefined,
    });
  }
  if (!text) return problems;
  const contrast = text.contrast;
  if (contrast.below45Share > CONTRAST_ANCHORS[1][0]) {
    problems.push({
      key: 'contrast',
      severity: contrast.below45Share > CONTRAST_ANCHORS[3][0] ? 'critical' : contrast.below45Share > CONTRAST_ANCHORS[2][0] ? 'major' : 'minor',
      title: `${percent(contrast.below45Share)} of the text is below WCAG 4.5:1 contrast (lowest ${contrast.lowestRatio.toFixed(2)}:1)`,
      recommendation: 'Use brighter foreground colors (or the terminal default) for body text; keep dim gray for secondary hints only.',
      criteria: ['contrast', 'colors'],
      focus: { kind: 'contrast', cells: true },
    });
  }
  if (contrast.themeBelow45Share - contrast.below45Share > CONTRAST_ANCHORS[1][0]) {
    problems.push({
      key: 'theme-contrast',
      severity: 'minor',
      title: `${percent(contrast.themeBelow45Share)} of the text is below WCAG 4.5:1 as ${themeLabel(text)} paints it, in named colors that read well in the standard palette`,
      recommendation: `The program paints text and backgrounds with named colors (light gray on blue, say), which ${themeLabel(text)} tunes as text colors on its own background. Offer a theme or skin for such palettes, or audit with the theme your users have (--theme).`,
      criteria: ['contrast'],
      focus: { kind: 'contrast', cells: true },
    });
  }
  if (text.garbage.rows > 0) {
    const example = text.garbage.examples[0];
    problems.push({
      key: 'escape-debris',
      severity: text.garbage.rows > GARBAGE_ANCHORS[2][0] ? 'critical' : 'major',
      title: `Escape-sequence debris or U+FFFD is shown as text on ${text.garbage.rows} rows`,
      recommendation: 'Write real ESC bytes (not "\\x1b" or "^[" text), keep sequences whole, strip colors when the output is not a terminal, and decode output as UTF-8.',
      criteria: ['ansi-handling', 'cognitive-load'],
      focus: example ? { kind: 'time', time: example.time, text: example.text } : undefined,
    });
  }
  if (text.missingGlyphs.characters.length > 0) {
    const first = text.missingGlyphs.first;
    problems.push({
      key: 'missing-glyphs',
      // A box where a symbol should be is a symbol the user cannot read (often a status: ✔ or ✖).
      severity: 'critical',
      title: `${text.missingGlyphs.characters.length} characters have no glyph in common fonts (${text.missingGlyphs.characters.slice(0, 5).join(' ')})`,
      recommendation: 'Prefer widely available symbols (box drawing, ✓ ✗ ●) or offer an ASCII fallback.',
      criteria: ['font-rendering'],
      focus: first ? { kind: 'time', time: first.time, text: first.text } : undefined,
    });
  }
  const scrollRate = sustainedScrollRate(text);
  if (text.scroll.sustained && scrollRate > SCROLL_ANCHORS[1][0]) {
    problems.push({
      key: 'scroll-flood',
      severity: scrollRate > SCROLL_ANCHORS[3][0] ? 'critical' : 'major',
      title: `${scrollRate} lines scroll past in one second, on end for ${seconds(text.scroll.sustained.seconds)}`,
      recommendation: 'Summarize or rate-limit streamed output (a live region that updates in place, a log file for the details).',
      criteria: ['scrolling', 'cognitive-load'],
      focus: scrollFocus(text),
    });
  }
  if (text.overflow.wrappedRows > 0 || text.overflow.edgeShare > EDGE_SHARE_MINOR) {
    problems.push({
      key: 'overflow',
      severity: text.overflow.edgeShare >= EDGE_SHARE_BROKEN ? 'critical' : text.overflow.wrappedRows >= 5 || text.overflow.edgeShare > EDGE_SHARE_MAJOR ? 'major' : 'minor',
      title: `Text runs past the right edge and wraps (${text.overflow.wrappedRows} words wrapped mid-way, ${percent(text.overflow.edgeShare)} of rows wrapped)`,
      recommendation: 'Fit lines to the terminal width: truncate with … or wrap at word boundaries with an indent.',
      criteria: ['spacing', 'layout'],
      focus: overflowFocus(text),
    });
  }
  if (text.errors.rows > 0 && text.errors.distinctRows < text.errors.rows) {
    problems.push({
      key: 'plain-errors',
      severity: 'major',
      title: `${text.errors.rows - text.errors.distinctRows} error rows look like ordinary text`,
      recommendation: 'Color error lines (red, or bold) and prefix them with ✗ or "error:" so they stand out.',
      criteria: ['error-visibility'],
      focus: text.errors.plainExample ? { kind: 'time', time: text.errors.plainExample.time, text: text.errors.plainExample.text } : undefined,
    });
  }
  if (finalResult(measures, text) === null && resultExpected(measures)) {
    problems.push({
      key: 'no-result',
      severity: 'minor',
      title: 'The final screen does not state a result',
      recommendation: 'End with one line that says how it went (✓ done / ✗ failed, or the winner and final answer).',
      criteria: ['feedback', 'winner-selection', 'progress'],
      focus: { kind: 'final' },
    });
  }
  if (text.colors.distinct.length === 1) {
    problems.push({
      key: 'monochrome',
      severity: 'minor',
      title: 'Everything is drawn in one color',
      recommendation: 'Use a few colors with meaning: green for success, red for errors, a dim color for secondary text, an accent for headings.',
      criteria: ['colors', 'hierarchy', 'agent-states'],
      focus: { kind: 'final' },
    });
  }
  const order = { critical: 0, major: 1, minor: 2 } as const;
  return problems.sort((a, b) => order[a.severity] - order[b.severity]);
}
