/**
 * Durations as tapes write them: VHS's forms (`500ms`, `1s`, `2m`, `.5`, `0.5`) on top of the CLI's
 * parseDuration; a bare number is seconds in both.
 */
import { parseDuration } from '../duration.js';

/** parseTapeDuration turns `500ms`, `1.5s`, `2m`, `.5` or `3` (seconds) into milliseconds, or undefined when it is not a duration. */
export function parseTapeDuration(text: string): number | undefined {
  // VHS accepts a leading dot (`Sleep .5`, `Type@.1`); parseDuration wants a digit first.
  const normalized = text.replace(/^\./, '0.');
  try {
    return parseDuration(normalized);
  } catch {
    return undefined;
  }
}
