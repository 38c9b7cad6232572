/**
 * How scores, deltas and verdicts read in every report format, written once so the HTML, Markdown and
 * JUnit reports agree.
 */
import type { ScoreVerdict } from '../compare/types.js';
import type { ScorecardFrame } from '../score/types.js';

/** ScoreBand groups a score for colour: good ≥ 8, fair ≥ 5, poor below, none when not assessed. */
export type ScoreBand = 'good' | 'fair' | 'poor' | 'none';

/** formatScore shows a 1–10 score with one decimal, or `missing` (`—`) when not assessed. */
export function formatScore(score: number | null | undefined, missing = '—'): string {
  return score === null || score === undefined ? missing : score.toFixed(1);
}

/** describeCap tells why the overall is below its mean (`capped by contrast; mean 8.2`), or '' when the mean stands. */
export function describeCap(overall: { cappedBy?: string; mean?: number }): string {
  return overall.cappedBy === undefined ? '' : `capped by ${overall.cappedBy}${overall.mean !== undefined ? `; mean ${formatScore(overall.mean)}` : ''}`;
}

/** formatDelta shows a signed delta with one decimal (`+0.5`, `−1.2`, `±0.0`), or `missing` (`—`). */
export function formatDelta(delta: number | null, missing = '—'): string {
  if (delta === null) return missing;
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return '±0.0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}`;
}

/** scoreBand tells which colour band a score is in. */
export function scoreBand(score: number | null): ScoreBand {
  if (score === null) return 'none';
  return score >= 8 ? 'good' : score >= 5 ? 'fair' : 'poor';
}

/** verdictTone tells how a verdict is coloured: better, neutral or worse. */
export function verdictTone(verdict: ScoreVerdict): 'better' | 'neutral' | 'worse' {
  const tones = {
    improved: 'better',
    unchanged: 'neutral',
    'within-noise': 'neutral',
    added: 'neutral',
    removed: 'neutral',
    'not-assessed': 'neutral',
    'not-applicable': 'neutral',
    dropped: 'worse',
    'below-min': 'worse',
  } as const satisfies Record<ScoreVerdict, 'better' | 'neutral' | 'worse'>;
  return tones[verdict];
}

/** formatCount shows an integer with thousands separators (`12,345`). */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** describeCommand shows the audited command as one line, or `(unknown command)`. */
export function describeCommand(command: string[] | undefined): string {
  if (!command || command.length === 0) return '(unknown command)';
  return command.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** extraLabel is a frame's label when it says more than its number and time. */
export function extraLabel(frame: ScorecardFrame): string | undefined {
  const label = frame.label.trim();
  return label === '' || label.startsWith(`Frame ${frame.number}`) ? undefined : label;
}
