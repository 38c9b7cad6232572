/**
 * Parsers for command-line option values that are no stage setting (those take their stage's rule, see
 * src/settings.ts). They check with the same rules, so every flag reports a bad value the same way: one
 * line naming the option, what it must be and the value received, exit code 1.
 */
import { ConfigError } from '../errors.js';
import { durationIn, numberAbove, settingOption, wholeNumber } from '../settings.js';

/** integerOption parses a whole number within [min, max]. */
export function integerOption(option: string, min = 1, max = Number.MAX_SAFE_INTEGER) {
  return settingOption(wholeNumber(min, max), option);
}

/** numberOption parses a number greater than `min` (or equal, when `inclusive`). */
export function numberOption(option: string, min = 0, inclusive = false) {
  return settingOption(numberAbove(min, { inclusive }), option);
}

/** durationOption parses `90s`, `2m`, `500ms` or seconds into milliseconds (longer than 0). */
export function durationOption(option: string) {
  return settingOption(durationIn('ms'), option);
}

/** collectEnv parses repeatable `KEY=VALUE` options into an object. */
export function collectEnv(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const equals = value.indexOf('=');
  if (equals <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value.slice(0, equals))) {
    throw new ConfigError(`--env: expected KEY=VALUE, got "${value}"`);
  }
  return { ...previous, [value.slice(0, equals)]: value.slice(equals + 1) };
}
