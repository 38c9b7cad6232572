/**
 * Parsers for command-line option values. Each one throws a `ConfigError` that names the option and the
 * value received, so a typo produces one clear line and exit code 1.
 */
import { ConfigError } from '../errors.js';
import { parseDuration } from '../duration.js';
import type { JudgeChoice } from '../evaluate/index.js';
import { outputFormats, type OutputFormat } from '../render/index.js';

/** integerOption parses a whole number within [min, max]. */
export function integerOption(option: string, min = 1, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      throw new ConfigError(`${option}: expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return parsed;
  };
}

/** numberOption parses a number greater than `min` (or equal, when `inclusive`). */
export function numberOption(option: string, min = 0, inclusive = false) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || (inclusive ? parsed < min : parsed <= min)) {
      throw new ConfigError(`${option}: expected a number ${inclusive ? '≥' : '>'} ${min}, got "${value}"`);
    }
    return parsed;
  };
}

/** durationOption parses `90s`, `2m`, `500ms` or seconds into milliseconds. */
export function durationOption(option: string) {
  return (value: string): number => {
    const milliseconds = parseDuration(value, option);
    if (milliseconds <= 0) throw new ConfigError(`${option}: the duration must be longer than 0, got "${value}"`);
    return milliseconds;
  };
}

/** collectEnv parses repeatable `KEY=VALUE` options into an object. */
export function collectEnv(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const equals = value.indexOf('=');
  if (equals <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value.slice(0, equals))) {
    throw new ConfigError(`--env: expected KEY=VALUE, got "${value}"`);
  }
  return { ...previous, [value.slice(0, equals)]: value.slice(equals + 1) };
}

/** formatsOption parses a comma-separated list of output formats. */
export function formatsOption(value: string): OutputFormat[] {
  const formats = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const unknown = formats.filter((format) => !outputFormats.includes(format as OutputFormat));
  if (formats.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--format: unknown format "${unknown[0] ?? value}" (choose from ${outputFormats.join(', ')})`);
  }
  return formats as OutputFormat[];
}

const judgeChoices: readonly JudgeChoice[] = ['auto', 'openai', 'heuristic'];

/** judgeOption parses `--judge`: auto, openai or heuristic. */
export function judgeOption(value: string): JudgeChoice {
  if (!judgeChoices.includes(value as JudgeChoice)) throw new ConfigError(`--judge: expected one of ${judgeChoices.join(', ')}, got "${value}"`);
  return value as JudgeChoice;
}
