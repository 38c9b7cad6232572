/**
 * From measures to scores: one pure function per criterion id turns the measures of a recording into a
 * 1–10 score (or null when the measure is not available) with a sentence stating the numbers, and a
 * focus telling the evidence search where to look. Thresholds are named constants; they encode rules of
 * thumb (WCAG contrast, "a screen that stands still for 5 s looks stuck"), not taste.
 */
import type { IssueSeverity } from '../types.js';
import { SUSTAINED_SCROLL_SECONDS, type HeuristicMeasures, type TextMeasures, type TimedText } from './measures.js';
import { UNANSWERED_SECONDS } from './input-measures.js';

/** Contrast: share of text (cell·seconds) below 4.5:1 allowed per score step. */
export const CONTRAST_STEPS = [[0.01, 10], [0.05, 8], [0.15, 6], [0.3, 4]] as const;
/** Contrast: a further point off when more than this share of text is below 3:1. */
export const CONTRAST_BELOW3_SHARE = 0.1;
/** Colors: counts of foreground colors in use that read as a palette with meaning (inclusive). */
export const COLORS_GOOD_RANGE = [3, 8] as const;
/** Colors: more than this many reads as noise. */
export const COLORS_NOISY = 12;
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
/** Missing glyphs: distinct characters drawn as a box, per score step. */
export const MISSING_GLYPH_STEPS = [[0, 10], [1, 6], [3, 4]] as const;
/** Escape debris: distinct rows showing it, per score step. */
export const GARBAGE_STEPS = [[0, 10], [1, 5], [4, 3]] as const;
/** Overflow: share of non-blank rows that run past the last column (and wrap) that costs 2 / 4 points. */
export const EDGE_SHARE_MINOR = 0.1;
export const EDGE_SHARE_MAJOR = 0.3;
/** Spacing: share of rows holding text above which sections have no blank line between them. */
export const ROWS_IN_USE_CROWDED = 0.9;
/** Density: non-blank cell share (time-weighted mean) per score step, sparse to dense. */
export const DENSITY_STEPS = [[0.01, 3], [0.03, 6], [0.05, 8], [0.4, 10], [0.55, 7], [0.7, 5]] as const;
export const DENSITY_OVERFULL_SCORE = 3;
/** Video density: at the decoded size, ink pixels cover about 0.6 of the share text cells do (measured on the ux fixtures), so their share is scaled by this before DENSITY_STEPS. */
export const VIDEO_DENSITY_SCALE = 1.6;
/** Scrolling: lines a second of sustained scrolling (see SUSTAINED_SCROLL_SECONDS), per score step. */
export const SCROLL_STEPS = [[20, 10], [60, 8], [200, 5], [1000, 3]] as const;
/** A screen unchanged for longer than this (s) while the program runs looks stuck. */
export const FREEZE_SECONDS = 5;
/** A freeze longer than this (s) looks like a hang. */
export const LONG_FREEZE_SECONDS = 15;
/** Time to first output (s) per points lost: up to 1 s nothing, then 1, 3, 5. */
export const FIRST_OUTPUT_STEPS = [[1, 0], [3, 1], [5, 3]] as const;
export const FIRST_OUTPUT_LATE_PENALTY = 5;
/** Progress applies to work that makes the user wait at least this long (s): a freeze, or a late first output. */
export const WAIT_SECONDS = 2;
/** Responsiveness: median seconds from a key press to the next output, per score step. */
export const RESPONSE_STEPS = [[0.1, 10], [0.3, 8], [1, 6], [3, 4]] as const;
/** Full-screen clears per second above which redrawing flickers on real terminals. */
export const CLEARS_PER_SECOND_FLICKER = 5;
/** Emphasis: share of non-blank rows emphasized that reads as a hierarchy (inclusive range). */
export const EMPHASIS_GOOD_RANGE = [0.03, 0.6] as const;

/** Focus tells the evidence search where a verdict's evidence is. */
export type Focus =
  /** The frame nearest a recording time; quote `text` when that frame shows it. */
  | { kind: 'time'; time: number; text?: string }
  /** The frame with the most text cells below 4.5:1 (or the most text when there are none). */
  | { kind: 'contrast' }
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
  contrast: 'WCAG 2.x contrast of every text cell against its background (theme colors, bold/dim/inverse resolved; a cell painted only with the 16 named colors and the defaults counts with the better of the theme\'s and the standard xterm palette\'s, since the theme chose those colors), time-weighted: share below 4.5:1 → 10 (≤1%), 8 (≤5%), 6 (≤15%), 4 (≤30%), else 2; −1 when >10% is below 3:1',
  colors: `distinct foreground colors painting ≥0.2% of the text, all grays (channels within 32 of each other: white, dim, reverse) counted as one: 1 → 3 (monochrome), 2 → 5, 3–8 → 9, 9–12 → 6, more → 4 (noisy)`,
  'font-rendering': 'distinct characters no bundled font draws (the rasterizer\'s missing-glyph box): 0 → 10, 1 → 6, 2–3 → 4, more → 2',
  'ansi-handling': 'distinct rows showing escape-sequence debris (^[[31m, \\x1b, [31m, ]0; — not a lone ^[, which vim\'s showcmd shows for Escape) or U+FFFD: 0 → 10, 1 → 5, 2–4 → 3, more → 1',
  spacing: 'overflow at the right edge (rows the terminal wrapped because their text ran past the last column, words wrapped mid-way, … truncation; a program drawing up to the last column is not overflow) and crowding (rows in use > 90%, density > 55%): 10 minus penalties',
  layout: 'overflow at the right edge (share of rows the terminal wrapped because their text ran past the last column: −2 above 10%, −4 above 30%; wrapped words −2/−3; truncated rows −1) and blank flashes −2',
  density: 'time-weighted share of non-blank cells (video: of non-background pixels): <1% → 3, <3% → 6, <5% → 8, ≤40% → 10, ≤55% → 7, ≤70% → 5, more → 3',
  streaming: 'longest freeze while running (−6 over 5 s, −8 over 15 s), blank flashes between drawn screens (−2, −4 from 3), full-screen clears over 5/s (−2)',
  scrolling: 'lines a second scrolled over the fastest stretch of scrolling that goes on for 2 s or more (newlines minus cursor-up moves, main screen only; a listing printed at once is a burst, not a flood, and scores 10): ≤20 → 10, ≤60 → 8, ≤200 → 5, ≤1000 → 3, more → 1',
  'agent-states': 'distinct status symbols (✓ ✗ ● ⏳ …) and status words (working, waiting, done …) on screen: 1 → 5, 2–3 → 7, 4+ → 9; not applicable when none',
  progress: 'progress cues over time: a progress bar or percentage → 8, a spinner → 7, status words only → 5, none → 3; +1 with both bar and spinner, +1 with a final result; −3 with a freeze over 5 s; not applicable when there is no cue and the program never made the user wait 2 s',
  'phase-transitions': 'distinct phase words (phase, round, planning, voting, final …) appearing over time: 1 → 5, 2 → 7, 3+ → 9; not applicable when none',
  'winner-selection': 'the final screen states a winner / final answer → 9, a result (done, ✓, success, error) → 7, nothing → 3; not applicable when nothing is stated and no agents, phases or votes are shown',
  feedback: '10 minus: time to first output (−1 over 1 s, −3 over 3 s, −5 over 5 s), longest freeze (−6 over 5 s, −8 over 15 s), no result on the final screen (−2; not for a program driven by keys)',
  'error-visibility': 'error rows, told by their role, not by a word in the text: a level (ERROR, FATAL, FAILED, [error]), a prefix where a message starts (error:, fatal:, panic:, E492:, ValueError:, ✗) or a failure status ending a row (… failed); share whose marker is colored apart from the main text: all → 9, half → 6, fewer → 3; not applicable when no error is shown',
  'cognitive-load': 'the density score, −2 above 12 colors, −2 when more than 200 lines a second scroll for 2 s or more, −1 with escape debris',
  hierarchy: 'share of non-blank rows emphasized by bold, an accent color or a colored background: 3–60% → 9, below 3% → 5, none → 3, above 60% → 5',
  'coordination-phases': 'distinct coordination phase words (coordination, round, voting, presenting, final, consensus) over time: 1 → 5, 2 → 7, 3+ → 9; not applicable when none',
  voting: 'distinct rows mentioning votes (vote, votes, voted, voting): 1 → 6, 2–3 → 8, 4+ → 9; not applicable when none',
  'keyboard-discoverability': 'distinct key hints on screen (F1 Help, ^X Exit, q: quit, Ctrl+C to stop, press Enter, ? for help): 0 → 3, 1–2 → 6, 3–5 → 8, 6+ → 9; not applicable when the program took no keys (no input recorded and no full-screen mode)',
  responsiveness: 'median time from a key press to the next screen output: ≤0.1 s → 10, ≤0.3 s → 8, ≤1 s → 6, ≤3 s → 4, else 2; −2 when a press got no answer within 5 s; not applicable when no key was pressed',
  'error-recovery': 'error rows shown with a way out on the same screen (try, did you mean, see --help, usage): all → 9, half or more → 6, fewer → 3; not applicable when no error was shown',
} as const satisfies Record<string, string>;

/** HeuristicCriterionId is a criterion id the heuristic judge can score. */
export type HeuristicCriterionId = keyof typeof HEURISTIC_CRITERIA;

/** isHeuristicCriterion tells whether the heuristic judge scores a criterion id. */
export function isHeuristicCriterion(id: string): id is HeuristicCriterionId {
  return Object.hasOwn(HEURISTIC_CRITERIA, id);
}

/** Criteria that can be scored from a video's pixels alone. */
const VIDEO_CRITERIA: ReadonlySet<HeuristicCriterionId> = new Set(['feedback', 'streaming', 'density', 'cognitive-load']);

/** stepScore returns the score of the first step whose limit the value does not exceed, else `otherwise`. */
export function stepScore(value: number, steps: ReadonlyArray<readonly [number, number]>, otherwise: number): number {
  for (const [limit, score] of steps) if (value <= limit) return score;
  return otherwise;
}

const clampScore = (score: number) => Math.max(1, Math.min(10, Math.round(score)));
/** shareScore scores the share of error rows that get something right: all → 9, half or more → 6, fewer → 3. */
const shareScore = (share: number) => (share === 1 ? 9 : share >= 0.5 ? 6 : 3);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const seconds = (value: number) => `${value.toFixed(1)} s`;

/** freezePenalty returns the points a freeze costs: 0 up to FREEZE_SECONDS, `over` beyond, `long` beyond LONG_FREEZE_SECONDS. */
function freezePenalty(measures: HeuristicMeasures, over: number, long: number): number {
  const length = measures.freeze?.seconds ?? 0;
  if (length > LONG_FREEZE_SECONDS) return long;
  return length > FREEZE_SECONDS ? over : 0;
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
  return stepScore(mean, DENSITY_STEPS, DENSITY_OVERFULL_SCORE);
}

function phaseScore(count: number): number {
  return stepScore(count, [[0, 2], [1, 5], [2, 7]], 9);
}

const COORDINATION_PHASES = /^(?:coordination|round|voting|presenting|presentation|final|finalizing|consensus)$/;

/** The scoring function of each criterion; `text` is defined (cast measures) except for VIDEO_CRITERIA. */
const scorers = {
  contrast: (_measures, text) => {
    const { contrast } = text;
    if (contrast.textCellSeconds === 0) return { score: null, measurement: 'no text was on screen, so no contrast was measured' };
    let score = stepScore(contrast.below45Share, CONTRAST_STEPS, 2);
    if (contrast.below3Share > CONTRAST_BELOW3_SHARE) score--;
    return {
      score: clampScore(score),
      measurement: `${percent(contrast.below45Share)} of text (time-weighted) is below WCAG 4.5:1 and ${percent(contrast.below3Share)} below 3:1; lowest ratio ${contrast.lowestRatio.toFixed(2)}:1${themeContrastNote(text)}`,
      focus: { kind: 'contrast' },
    };
  },
  colors: (_measures, text) => {
    const count = paletteSize(text.colors.distinct);
    const [low, high] = COLORS_GOOD_RANGE;
    const score = count === 0 ? null : count === 1 ? 3 : count < low ? 5 : count <= high ? 9 : count <= COLORS_NOISY ? 6 : 4;
    return { score, measurement: `${count} colors told apart by hue, grays counted once, among ${text.colors.distinct.length} foreground colors in use (${text.colors.distinct.slice(0, 8).join(', ')})`, focus: { kind: 'contrast' } };
  },
  'font-rendering': (_measures, text) => {
    const missing = text.missingGlyphs.characters;
    return {
      score: stepScore(missing.length, MISSING_GLYPH_STEPS, 2),
      measurement: missing.length === 0 ? 'every character on screen has a glyph in the bundled fonts' : `${missing.length} characters have no glyph in the bundled fonts (${missing.slice(0, 8).join(' ')})`,
      focus: text.missingGlyphs.first ? { kind: 'time', time: text.missingGlyphs.first.time, text: text.missingGlyphs.first.text } : { kind: 'final' },
    };
  },
  'ansi-handling': (_measures, text) => {
    const { garbage } = text;
    return {
      score: stepScore(garbage.rows, GARBAGE_STEPS, 1),
      measurement:
        garbage.rows === 0
          ? 'no escape-sequence debris or U+FFFD shown as text'
          : `${garbage.rows} distinct rows show escape-sequence debris or U+FFFD (${garbage.replacementRows} with U+FFFD), visible ${percent(garbage.timeShare)} of the time`,
      focus: garbage.examples[0] ? { kind: 'time', time: garbage.examples[0].time, text: garbage.examples[0].text } : { kind: 'final' },
    };
  },
  spacing: (measures, text) => {
    const { overflow } = text;
    let score = 10 - edgePenalty(overflow.edgeShare) - wrapPenalty(overflow.wrappedRows) - (overflow.truncatedRows > 0 ? 1 : 0);
    if (text.rowsInUse > ROWS_IN_USE_CROWDED) score -= 2;
    if (measures.density.mean > DENSITY_STEPS[4][0]) score -= 2;
    return {
      score: clampScore(score),
      measurement: `${percent(overflow.edgeShare)} of rows run past the last column and wrap, ${overflow.wrappedRows} wrapped mid-word, ${overflow.truncatedRows} truncated with …; ${percent(text.rowsInUse)} of rows hold text, density ${percent(measures.density.mean)}`,
      focus: overflowFocus(text),
    };
  },
  layout: (measures, text) => {
    const { overflow } = text;
    const score = 10 - edgePenalty(overflow.edgeShare) - wrapPenalty(overflow.wrappedRows) - (overflow.truncatedRows > 0 ? 1 : 0) - (measures.flashes.count > 0 ? 2 : 0);
    return {
      score: clampScore(score),
      measurement: `${percent(overflow.edgeShare)} of rows run past the last column and wrap, ${overflow.wrappedRows} wrapped mid-word, ${overflow.truncatedRows} truncated; ${measures.flashes.count} blank flashes`,
      focus: overflowFocus(text),
    };
  },
  density: (measures) => ({
    score: densityScore(measures),
    measurement: `${measures.source === 'video' ? 'non-background pixels' : 'non-blank cells'} cover ${percent(measures.density.mean)} of the screen on average (most ${percent(measures.density.max)})`,
    focus: { kind: 'final' },
  }),
  streaming: (measures) => {
    let score = 10 - freezePenalty(measures, 6, 8);
    score -= measures.flashes.count >= 3 ? 4 : measures.flashes.count > 0 ? 2 : 0;
    if (measures.clearsPeakPerSecond > CLEARS_PER_SECOND_FLICKER) score -= 2;
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
      score: stepScore(sustainedScrollRate(text), SCROLL_STEPS, 1),
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
      score: stepScore(cues.length, [[0, 2], [1, 5], [3, 7]], 9),
      measurement: `${cues.length} distinct status cues (${cues.slice(0, 10).join(' ')})`,
      focus: { kind: 'pattern', pattern: new RegExp(`${TEXT_STATUS.source}`, 'i') },
    };
  },
  progress: (measures, text) => {
    const { cues } = text;
    const wait = Math.max(measures.freeze?.seconds ?? 0, measures.firstOutputTime ?? 0);
    if (cues.progressShare === 0 && cues.spinnerShare === 0 && cues.statusSymbols.length + cues.statusWords.length === 0 && wait < WAIT_SECONDS) {
      return notApplicable(`the program never made the user wait (longest wait ${seconds(wait)}, under ${WAIT_SECONDS} s) and shows no progress, spinner or status, so there was no long work to show progress for`);
    }
    let score = cues.progressShare > 0 ? 8 : cues.spinnerShare > 0 ? 7 : cues.statusSymbols.length + cues.statusWords.length > 0 ? 5 : 3;
    if (cues.progressShare > 0 && cues.spinnerShare > 0) score++;
    if (text.final.resultRow !== null) score++;
    score -= freezePenalty(measures, 3, 3);
    return {
      score: clampScore(score),
      measurement: `a progress bar or percentage is visible ${percent(cues.progressShare)} of the time, a spinner ${percent(cues.spinnerShare)}; final result ${text.final.resultRow === null ? 'not stated' : 'stated'}; ${freezeText(measures)}`,
      focus: freezeFocus(measures) ?? { kind: 'pattern', pattern: /[█▓▒░▰▱]{2,}|\d{1,3}(?:\.\d+)?\s?%|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/ },
    };
  },
  'phase-transitions': (_measures, text) => {
    const phases = text.cues.phases;
    if (phases.length === 0) return notApplicable('the program shows no phases (no phase words such as phase, round, planning, voting or final on screen)');
    return {
      score: phaseScore(phases.length),
      measurement: `${phases.length} phase words appear over time: ${phases.map((phase) => `${phase.text} at ${seconds(phase.time)}`).join(', ')}`,
      focus: phases[1] ? { kind: 'time', time: phases[1].time, text: undefined } : { kind: 'time', time: phases[0].time },
    };
  },
  'winner-selection': (_measures, text) => {
    const { final, cues } = text;
    // Without agents, phases or votes on screen there is nothing to choose a winner among; a stated
    // result still counts (the "winner" of an ordinary program is its final result).
    const multiAgent = cues.statusSymbols.length + cues.statusWords.length + cues.phases.length + cues.voteRows > 0;
    if (!multiAgent && final.winnerRow === null && final.resultRow === null) {
      return notApplicable('nothing on screen is chosen among candidates (no agents, phases or votes) and no final result is stated');
    }
    const score = final.winnerRow !== null ? 9 : final.resultRow !== null ? 7 : 3;
    return {
      score,
      measurement: final.winnerRow !== null ? `the final screen names a winner: "${final.winnerRow.trim()}"` : final.resultRow !== null ? `the final screen states a result: "${final.resultRow.trim()}"` : 'the final screen states no result',
      focus: { kind: 'final', text: final.winnerRow ?? final.resultRow ?? undefined },
    };
  },
  feedback: (measures, text) => {
    const first = measures.firstOutputTime;
    let score = 10 - (first === null ? FIRST_OUTPUT_LATE_PENALTY : stepScore(first, FIRST_OUTPUT_STEPS, FIRST_OUTPUT_LATE_PENALTY));
    score -= freezePenalty(measures, 6, 8);
    const expected = resultExpected(measures);
    const result = !text ? '' : !expected ? 'driven by keys, so no final result is expected' : text.final.resultRow === null ? 'no result on the final screen' : 'the final screen states a result';
    if (text && expected && text.final.resultRow === null) score -= 2;
    return {
      score: clampScore(score),
      measurement: [`first output after ${first === null ? 'never' : seconds(first)}`, freezeText(measures), result].filter(Boolean).join('; '),
      focus: freezeFocus(measures) ?? (first !== null && first > FIRST_OUTPUT_STEPS[0][0] ? { kind: 'time', time: first } : { kind: 'final', text: text?.final.resultRow ?? undefined }),
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
      if (text.colors.distinct.length > COLORS_NOISY) score -= 2;
      if (sustainedScrollRate(text) > SCROLL_STEPS[2][0]) score -= 2;
      if (text.garbage.rows > 0) score--;
      notes.push(`${text.colors.distinct.length} colors`, `${sustainedScrollRate(text)} lines/s of sustained scrolling`, `${text.garbage.rows} rows of escape debris`);
    }
    return { score: clampScore(score), measurement: notes.join(', '), focus: { kind: 'final' } };
  },
  hierarchy: (_measures, text) => {
    const share = text.emphasis.rowShare;
    const [low, high] = EMPHASIS_GOOD_RANGE;
    const score = share === 0 ? 3 : share < low ? 5 : share <= high ? 9 : 5;
    return {
      score,
      measurement: `${percent(share)} of non-blank rows are emphasized (bold, accent color or colored background)`,
      focus: { kind: 'final' },
    };
  },
  'coordination-phases': (_measures, text) => {
    const phases = text.cues.phases.filter((phase) => COORDINATION_PHASES.test(phase.text));
    if (phases.length === 0) return notApplicable('the program shows no coordination between agents (no words such as coordination, round, voting, presenting or consensus on screen)');
    return {
      score: phaseScore(phases.length),
      measurement: `${phases.length} coordination phase words appear: ${phases.map((phase) => `${phase.text} at ${seconds(phase.time)}`).join(', ')}`,
      focus: { kind: 'time', time: phases[0].time },
    };
  },
  voting: (_measures, text) =>
    text.cues.voteRows === 0
      ? notApplicable('the program shows no voting (no row mentions a vote)')
      : {
          score: stepScore(text.cues.voteRows, [[1, 6], [3, 8]], 9),
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
      score: stepScore(hints.length, [[0, 3], [2, 6], [5, 8]], 9),
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
    let score = stepScore(input.medianResponseSeconds, RESPONSE_STEPS, 2);
    if (input.unanswered > 0) score -= 2;
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
  if (contrast.themeBelow45Share - contrast.below45Share <= CONTRAST_STEPS[0][0]) return '';
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

function edgePenalty(share: number): number {
  return share > EDGE_SHARE_MAJOR ? 4 : share > EDGE_SHARE_MINOR ? 2 : 0;
}

function wrapPenalty(rows: number): number {
  return rows >= 5 ? 3 : rows > 0 ? 2 : 0;
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
 * on its own; no for one driven by keys (input was recorded, or it took over the screen), which ends when
 * the user leaves it, with nothing to report.
 */
function resultExpected(measures: HeuristicMeasures): boolean {
  return !measures.input || (measures.input.events === 0 && !measures.input.alternateScreen);
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
  if (measures.firstOutputTime !== null && measures.firstOutputTime > FIRST_OUTPUT_STEPS[1][0]) {
    problems.push({
      key: 'slow-start',
      severity: measures.firstOutputTime > FIRST_OUTPUT_STEPS[2][0] ? 'major' : 'minor',
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
  if (contrast.below45Share > CONTRAST_STEPS[1][0]) {
    problems.push({
      key: 'contrast',
      severity: contrast.below45Share > CONTRAST_STEPS[3][0] ? 'critical' : contrast.below45Share > CONTRAST_STEPS[2][0] ? 'major' : 'minor',
      title: `${percent(contrast.below45Share)} of the text is below WCAG 4.5:1 contrast (lowest ${contrast.lowestRatio.toFixed(2)}:1)`,
      recommendation: 'Use brighter foreground colors (or the terminal default) for body text; keep dim gray for secondary hints only.',
      criteria: ['contrast', 'colors'],
      focus: { kind: 'contrast' },
    });
  }
  if (contrast.themeBelow45Share - contrast.below45Share > CONTRAST_STEPS[1][0]) {
    problems.push({
      key: 'theme-contrast',
      severity: 'minor',
      title: `${percent(contrast.themeBelow45Share)} of the text is below WCAG 4.5:1 as ${themeLabel(text)} paints it, in named colors that read well in the standard palette`,
      recommendation: `The program paints text and backgrounds with named colors (light gray on blue, say), which ${themeLabel(text)} tunes as text colors on its own background. Offer a theme or skin for such palettes, or audit with the theme your users have (--theme).`,
      criteria: ['contrast'],
      focus: { kind: 'contrast' },
    });
  }
  if (text.garbage.rows > 0) {
    const example = text.garbage.examples[0];
    problems.push({
      key: 'escape-debris',
      severity: text.garbage.rows > GARBAGE_STEPS[2][0] ? 'critical' : 'major',
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
      severity: 'minor',
      title: `${text.missingGlyphs.characters.length} characters have no glyph in common fonts (${text.missingGlyphs.characters.slice(0, 5).join(' ')})`,
      recommendation: 'Prefer widely available symbols (box drawing, ✓ ✗ ●) or offer an ASCII fallback.',
      criteria: ['font-rendering'],
      focus: first ? { kind: 'time', time: first.time, text: first.text } : undefined,
    });
  }
  const scrollRate = sustainedScrollRate(text);
  if (text.scroll.sustained && scrollRate > SCROLL_STEPS[1][0]) {
    problems.push({
      key: 'scroll-flood',
      severity: scrollRate > SCROLL_STEPS[3][0] ? 'critical' : 'major',
      title: `${scrollRate} lines scroll past in one second, on end for ${seconds(text.scroll.sustained.seconds)}`,
      recommendation: 'Summarize or rate-limit streamed output (a live region that updates in place, a log file for the details).',
      criteria: ['scrolling', 'cognitive-load'],
      focus: scrollFocus(text),
    });
  }
  if (text.overflow.wrappedRows > 0 || text.overflow.edgeShare > EDGE_SHARE_MINOR) {
    problems.push({
      key: 'overflow',
      severity: text.overflow.wrappedRows >= 5 || text.overflow.edgeShare > EDGE_SHARE_MAJOR ? 'major' : 'minor',
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
  if (text.final.resultRow === null && resultExpected(measures)) {
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
