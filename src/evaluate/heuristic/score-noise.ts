/**
 * How far a heuristic score could move between two recordings of the same program. The heuristic judge
 * gives the same answer for the same recording, so its spread across samples is always 0; but two
 * recordings of one program differ in their timing (a busy machine starts it later, draws a screen a
 * little longer, answers a key later), and so in every measure that depends on time. The noise of a
 * score is its largest change when those measures move as much as they do between recordings: timings by
 * ±TIMING_NOISE, time-weighted shares by ±SHARE_NOISE. What the screens show (the colors, the glyphs, the
 * rows of debris, the key hints) is counted, not timed, and is left as it is. A score on a flat part of
 * its scale has no noise; one near a steep part has some, and compare allows for it.
 */
import type { HeuristicMeasures } from './measures.js';
import { scoreCriterion } from './scoring.js';

/** TIMING_NOISE is how much (±, relative) timings and rates move between recordings of the same program. */
export const TIMING_NOISE = 0.25;
/** SHARE_NOISE is how much (±, relative) a time-weighted share moves between recordings: each screen is shown a little longer or shorter. */
export const SHARE_NOISE = 0.1;

/** shareOf scales a share (0–1) and keeps it a share. */
const shareOf = (share: number, factor: number) => Math.min(1, share * factor);

/**
 * withTiming returns the measures of a recording `factor` times as slow: every timing multiplied by it,
 * every rate divided by it; pure.
 */
export function withTiming(measures: HeuristicMeasures, factor: number): HeuristicMeasures {
  const scaled = (seconds: number) => seconds * factor;
  const { text, input } = measures;
  return {
    ...measures,
    duration: scaled(measures.duration),
    firstOutputTime: measures.firstOutputTime === null ? null : scaled(measures.firstOutputTime),
    ...(measures.firstByteTime != null ? { firstByteTime: scaled(measures.firstByteTime) } : {}),
    freeze: measures.freeze && { ...measures.freeze, seconds: scaled(measures.freeze.seconds) },
    clearsPeakPerSecond: measures.clearsPeakPerSecond / factor,
    ...(text
      ? {
          text: {
            ...text,
            scroll: {
              ...text.scroll,
              peakLinesPerSecond: text.scroll.peakLinesPerSecond / factor,
              sustained: text.scroll.sustained && { ...text.scroll.sustained, linesPerSecond: text.scroll.sustained.linesPerSecond / factor },
            },
          },
        }
      : {}),
    ...(input
      ? {
          input: {
            ...input,
            medianResponseSeconds: input.medianResponseSeconds === null ? null : scaled(input.medianResponseSeconds),
            slowest: input.slowest && { ...input.slowest, seconds: scaled(input.slowest.seconds) },
          },
        }
      : {}),
  };
}

/** withShares returns the measures with every time-weighted share multiplied by `factor` (kept within 0–1); pure. */
export function withShares(measures: HeuristicMeasures, factor: number): HeuristicMeasures {
  const { text } = measures;
  return {
    ...measures,
    density: { mean: shareOf(measures.density.mean, factor), max: shareOf(measures.density.max, factor) },
    ...(text
      ? {
          text: {
            ...text,
            contrast: {
              ...text.contrast,
              below45Share: shareOf(text.contrast.below45Share, factor),
              below3Share: shareOf(text.contrast.below3Share, factor),
              themeBelow45Share: shareOf(text.contrast.themeBelow45Share, factor),
            },
            garbage: { ...text.garbage, timeShare: shareOf(text.garbage.timeShare, factor) },
            overflow: { ...text.overflow, edgeShare: shareOf(text.overflow.edgeShare, factor) },
            emphasis: { rowShare: shareOf(text.emphasis.rowShare, factor) },
            rowsInUse: shareOf(text.rowsInUse, factor),
            cues: { ...text.cues, spinnerShare: shareOf(text.cues.spinnerShare, factor), progressShare: shareOf(text.cues.progressShare, factor) },
          },
        }
      : {}),
  };
}

/** perturbations are the recordings the same program could have given: slower and faster, its screens shown longer and shorter; pure. */
export function perturbations(measures: HeuristicMeasures): HeuristicMeasures[] {
  return [
    withTiming(measures, 1 + TIMING_NOISE),
    withTiming(measures, 1 - TIMING_NOISE),
    withShares(measures, 1 + SHARE_NOISE),
    withShares(measures, 1 - SHARE_NOISE),
  ];
}

/**
 * scoreNoise is the noise of a criterion's score: its largest change, rounded to a tenth, over the
 * perturbations of the measures (0 when the score is null or does not move). Pure.
 */
export function scoreNoise(id: string, measures: HeuristicMeasures): number {
  const score = scoreCriterion(id, measures).score;
  if (score === null) return 0;
  let noise = 0;
  for (const variant of perturbations(measures)) {
    const moved = scoreCriterion(id, variant).score;
    if (moved !== null) noise = Math.max(noise, Math.abs(moved - score));
  }
  return Math.round(noise * 10) / 10;
}
