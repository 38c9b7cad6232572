/**
 * The sample stage's settings: how many frames, chosen how. One rule and one default per setting, used by
 * the `--flags` and a pipeline's `sample:` section alike (see src/settings.ts).
 */
import { layer, listOf, resolveSettings, wholeNumber, type Resolved, type SettingRules } from '../settings.js';
import { sampleStrategies, type SampleStrategy } from './frame-planner.js';

/** MAX_FRAMES is the most frames one sample may have. */
export const MAX_FRAMES = 999;

/** SampleSettings are the settings of a sample; `resolveSampleSettings` fills in the defaults. */
export interface SampleSettings {
  /** Most frames to write. @default 12 */
  frames?: number;
  /** Strategies in the order they fill the cap: uniform, changes, markers. @default ['changes'] */
  strategies?: SampleStrategy[];
}

/** sampleRules is the rule of every sample setting. */
export const sampleRules: SettingRules<SampleSettings> = {
  frames: wholeNumber(1, MAX_FRAMES),
  strategies: listOf(sampleStrategies),
};

/** SAMPLE_DEFAULTS holds the default of every sample setting. */
export const SAMPLE_DEFAULTS = { frames: 12, strategies: ['changes'] as SampleStrategy[] } satisfies SampleSettings;

/** ResolvedSampleSettings are sample settings with every default applied. */
export type ResolvedSampleSettings = Resolved<SampleSettings, typeof SAMPLE_DEFAULTS>;

/** resolveSampleSettings checks the settings (a problem names its flag) and applies the defaults; later partials win. */
export function resolveSampleSettings(...partials: readonly (SampleSettings | undefined)[]): ResolvedSampleSettings {
  return resolveSettings(sampleRules, SAMPLE_DEFAULTS, layer<SampleSettings>(...partials), (key) => (key === 'strategies' ? '--strategy' : `--${key}`));
}
