/**
 * Durations as users write them on the command line and in tapes: `90s`, `2m`, `1m30s`, `500ms`, `1.5s`,
 * or a bare number of seconds.
 */
import { ConfigError } from './errors.js';

const unitMilliseconds: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const durationPattern = /^(?:(\d+(?:\.\d+)?)(ms|s|m|h))+$/;
const partPattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** parseDuration turns `90s`, `2m`, `1m30s`, `250ms` or a bare number of seconds into milliseconds. */
export function parseDuration(text: string, where = 'duration'): number {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!durationPattern.test(trimmed)) {
    throw new ConfigError(`${where}: "${text}" is not a duration (write e.g. 90s, 2m, 1m30s or 500ms)`);
  }
  let total = 0;
  for (const match of trimmed.matchAll(partPattern)) total += Number(match[1]) * unitMilliseconds[match[2]];
  return Math.round(total);
}

/** formatDuration prints milliseconds the way people read them: `850ms`, `12.4s`, `3m05s`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)}s`;
  const minutes = Math.floor(milliseconds / 60_000);
  const seconds = Math.round((milliseconds % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
