/**
 * The record stage's settings: the terminal's size, the recording's time limit and where new runs go. One
 * rule and one default per setting, used by the `--flags` and a pipeline's `terminal:`/`timeout:` alike
 * (see src/settings.ts); the render stage checks a cast's grid with the same size rule.
 */
import { durationIn, layer, nonEmptyText, resolveSettings, wholeNumber, type Resolved, type SettingRules } from '../settings.js';

/** RecordSettings are the settings of a recording; `resolveRecordSettings` fills in the defaults. */
export interface RecordSettings {
  /** Terminal columns. @default 120 */
  cols?: number;
  /** Terminal rows. @default 36 */
  rows?: number;
  /** Stop the target (and its whole process tree) after this many milliseconds. @default no limit */
  timeoutMs?: number;
  /** Where new run directories go. @default 'recordings' (relative to the current directory) */
  outRoot?: string;
}

/** terminalSize is the rule of a terminal's columns or rows. */
export const terminalSize = wholeNumber(1, 10_000);

/** recordRules is the rule of every record setting. */
export const recordRules: SettingRules<RecordSettings> = {
  cols: terminalSize,
  rows: terminalSize,
  timeoutMs: durationIn('ms'),
  outRoot: nonEmptyText(),
};

/** DEFAULT_OUT_ROOT is where runs go unless told otherwise: `recordings/` in the current directory. */
export const DEFAULT_OUT_ROOT = 'recordings';

/** RECORD_DEFAULTS holds the default of every record setting that has one. */
export const RECORD_DEFAULTS = { cols: 120, rows: 36, outRoot: DEFAULT_OUT_ROOT } satisfies RecordSettings;

/** ResolvedRecordSettings are record settings with every default applied. */
export type ResolvedRecordSettings = Resolved<RecordSettings, typeof RECORD_DEFAULTS>;

/** resolveRecordSettings checks the settings (a problem names its flag) and applies the defaults; later partials win. */
export function resolveRecordSettings(...partials: readonly (RecordSettings | undefined)[]): ResolvedRecordSettings {
  return resolveSettings(recordRules, RECORD_DEFAULTS, layer<RecordSettings>(...partials));
}
