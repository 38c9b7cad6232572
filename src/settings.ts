/**
 * Settings a user can write in several places — a command-line flag, a pipeline file, a tape's `Set` line —
 * have one rule each: a zod schema with its range, declared once in the stage's settings module
 * (`render/render-settings.ts`, `record/record-settings.ts`, `sample/sample-settings.ts`,
 * `evaluate/judge-settings.ts`). Every source parses what the user wrote with that schema and reports a
 * problem where it was written (`--fps: …`, `file:line:col: key.path: …`, `demo.tape:3:14: …`), in the same
 * words: `must be <what the rule accepts> (got <value>)`. The sources produce the same partial type; `layer`
 * lays them over each other (later wins) and the stage's resolver applies the defaults, once.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';

/** shown names a value in a problem message: text quoted, numbers as they are, mappings and lists as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' || (typeof value === 'object' && value !== null) ? JSON.stringify(value) : String(value);
}

/** ruleError words every failure of a rule the same way: `must be <expected> (got <value>)`. */
export function ruleError(expected: string) {
  return (issue: { input?: unknown }) => `must be ${expected} (got ${shown(issue.input)})`;
}

/** numericText turns number-looking text (from a flag or a tape) into a number; anything else is left as it is. */
function numericText(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : value;
}

/** wholeNumber is the rule of a whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  const error = ruleError(`a whole number from ${min} to ${max}`);
  return z.preprocess(numericText, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
}

/** numberAbove is the rule of a number greater than `min` (or equal, with `inclusive`), up to `max`. */
export function numberAbove(min: number, options: { inclusive?: boolean; max?: number } = {}) {
  const expected = `a number ${options.inclusive ? 'of at least' : 'greater than'} ${min}${options.max === undefined ? '' : ` and at most ${options.max}`}`;
  const error = ruleError(expected);
  const base = z.number({ error }).refine((value) => Number.isFinite(value), { error });
  const above = options.inclusive ? base.min(min, { error }) : base.gt(min, { error });
  return z.preprocess(numericText, options.max === undefined ? above : above.max(options.max, { error }));
}

/** numberBetween is the rule of a number from `min` to `max`, both included. */
export function numberBetween(min: number, max: number) {
  const error = ruleError(`a number from ${min} to ${max}`);
  return z.preprocess(numericText, z.number({ error }).min(min, { error }).max(max, { error }));
}

/**
 * durationIn is the rule of a duration in milliseconds or seconds: text such as `90s`, `2m`, `1m30s`, `500ms`
 * or a bare number of seconds (as flags and tapes write it), or a number already in `unit` (as library
 * callers pass it, and as the rule returns it, so a resolved value passes again). Longer than 0 unless
 * `allowZero`. A pipeline file's bare numbers are seconds: see `yamlDuration`.
 */
export function durationIn(unit: 'ms' | 's', options: { allowZero?: boolean } = {}) {
  return z.unknown().transform((value, context) => {
    let amount: number | undefined;
    if (typeof value === 'number') amount = value;
    else if (typeof value === 'string') {
      try {
        const milliseconds = parseDuration(value);
        amount = unit === 'ms' ? milliseconds : milliseconds / 1000;
      } catch {
        amount = undefined;
      }
    }
    if (amount === undefined || !Number.isFinite(amount) || amount < 0) {
      context.addIssue({ code: 'custom', message: ruleError('a duration such as 90s, 2m, 1m30s or 500ms')({ input: value }) });
      return z.NEVER;
    }
    if (amount === 0 && !options.allowZero) {
      context.addIssue({ code: 'custom', message: `must be longer than 0 (got ${shown(value)})` });
      return z.NEVER;
    }
    return amount;
  });
}

/** yamlDuration reads a pipeline file's duration: a bare number there is seconds, as on the command line. */
export function yamlDuration(rule: z.ZodType<number>) {
  return z.preprocess((value) => (typeof value === 'number' ? `${value}s` : value), rule);
}

/** oneOf is the rule of one value of a list (case as written). */
export function oneOf<const T extends string>(values: readonly T[]) {
  const error = ruleError(`one of ${values.join(', ')}`);
  return z.enum(values as unknown as [T, ...T[]], { error });
}

/** listOf is the rule of a non-empty list of values of `values` (comma-separated text from a flag works too), without repeats. */
export function listOf<const T extends string>(values: readonly T[]) {
  const error = ruleError(`one or more of ${values.join(', ')}, comma-separated`);
  const split = (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((part) => part.trim().toLowerCase())
          .filter(Boolean)
      : value;
  return z.preprocess(split, z.array(z.enum(values as unknown as [T, ...T[]], { error }), { error }).min(1, { error }).transform((list) => [...new Set(list)]));
}

/** nonEmptyText is the rule of a text that is not blank. */
export function nonEmptyText() {
  return z.string({ error: ruleError('a text') }).trim().min(1, { error: 'must not be empty' });
}

/** flagOf names the command-line flag of a setting key: `idleTimeLimit` → `--idle-time-limit`, `timeoutMs` → `--timeout`. */
export function flagOf(key: string): string {
  return `--${key.replace(/Ms$/, '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** checkSetting parses a value with a setting's rule and throws ConfigError `<where>: <problem>` when it breaks it. */
export function checkSetting<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(`${where}: ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
}

/** settingOption returns a commander argument parser that checks a flag's text with the setting's rule. */
export function settingOption<T>(schema: z.ZodType<T>, flag: string): (text: string) => T {
  return (text) => checkSetting(schema, text, flag);
}

/** layer lays partial settings over each other: a later one wins for every key it sets (undefined sets nothing). */
export function layer<T extends object>(...partials: readonly (Partial<T> | undefined)[]): Partial<T> {
  const merged: Partial<T> = {};
  for (const partial of partials) {
    for (const [key, value] of Object.entries(partial ?? {})) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** SettingRules holds the rule of every key of a settings type. */
export type SettingRules<T> = { [K in keyof T]-?: z.ZodType<NonNullable<T[K]>, unknown> };

/** Resolved is a settings type with every key that has a default required. */
export type Resolved<T, D extends Partial<T>> = Omit<T, keyof D> & Required<Pick<T, keyof D & keyof T>>;

/**
 * resolveSettings checks every set key of `partial` with its rule (a problem names the key's flag, or what
 * `whereOf` says) and fills the keys left unset from `defaults`. Every problem is reported at once, a line
 * each. Rules accept their own results, so resolving resolved settings changes nothing.
 */
export function resolveSettings<T extends object, D extends Partial<T>>(
  rules: SettingRules<T>,
  defaults: D,
  partial: Partial<T>,
  whereOf: (key: string) => string = flagOf,
): Resolved<T, D> {
  const resolved: Record<string, unknown> = { ...defaults };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const rule = (rules as Record<string, z.ZodType | undefined>)[key];
    if (!rule) continue; // options of the call that are no settings (outDir, signal, …)
    const parsed = rule.safeParse(value);
    if (parsed.success) resolved[key] = parsed.data;
    else problems.push(`${whereOf(key)}: ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return resolved as Resolved<T, D>;
}
