/**
 * The compare stage's settings: the quality gate a run must pass. One rule and one default per setting, used
 * by `termaudit compare`'s flags and a pipeline's `gate:` section alike (see src/settings.ts).
 */
import { z } from 'zod';
import { layer, numberAbove, numberBetween, resolveSettings, ruleError, wholeNumber, type Resolved, type SettingRules } from '../settings.js';

/** DEFAULT_MAX_DROP is how far a score may fall before it counts as a drop (`--max-drop`). */
export const DEFAULT_MAX_DROP = 1.0;

/** GateSettings are the thresholds of the gate (the `settings` of compare.json). */
export interface GateSettings {
  /** A drop larger than this (and larger than the noise) fails. @default 1.0 */
  maxDrop?: number;
  /** Minimum for the overall score and every criterion (`--min-score 6`). @default no minimum */
  minScore?: number;
  /** Minimums by criterion id, `overall` for the overall score (`--min-score contrast=7`); they take precedence over minScore. @default {} */
  minCriterionScores?: Record<string, number>;
  /** A screen with more differing pixels fails. @default no limit */
  maxDiffPixels?: number;
  /** A screen with a larger share (0–1) of differing pixels fails. @default no limit */
  maxDiffRatio?: number;
}

/** scoreRule is the rule of a minimum score. */
export const scoreRule = numberBetween(0, 10);

/** gateRules is the rule of every gate setting. */
export const gateRules: SettingRules<GateSettings> = {
  maxDrop: numberAbove(0, { inclusive: true }),
  minScore: scoreRule,
  minCriterionScores: z.record(z.string(), scoreRule, { error: ruleError('a mapping of criterion ids to scores') }),
  maxDiffPixels: wholeNumber(0, Number.MAX_SAFE_INTEGER),
  maxDiffRatio: numberBetween(0, 1),
};

/** GATE_DEFAULTS holds the default of every gate setting that has one. */
export const GATE_DEFAULTS = { maxDrop: DEFAULT_MAX_DROP } satisfies GateSettings;

/** resolveGateSettings checks the settings (a problem names its flag) and applies the defaults; later partials win. */
export function resolveGateSettings(...partials: readonly (GateSettings | undefined)[]): Resolved<GateSettings, typeof GATE_DEFAULTS> {
  return resolveSettings(gateRules, GATE_DEFAULTS, layer<GateSettings>(...partials), (key) => (key === 'minCriterionScores' ? '--min-score' : `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`));
}
