/**
 * `Set` values: one parser per setting in a typed table, and which settings termaudit does not honour
 * (those parse, then warn).
 */
import type { z } from 'zod';
import { renderRules } from '../render/render-settings.js';
import { parseTapeDuration } from './tape-duration.js';
import type { Token } from './lexer.js';
import { tapeShellNames, type SettingName, type SettingValues, type TapeShell, type TapeTheme } from './tape-types.js';

/** SettingParse is a parsed value, or the reason the value is wrong. */
export type SettingParse<T> = { value: T } | { error: string };

type SettingParser<S extends SettingName> = (token: Token) => SettingParse<SettingValues[S]>;

const isText = (token: Token) => token.type === 'string' || token.type === 'word';

function text(setting: string) {
  return (token: Token): SettingParse<string> =>
    isText(token) ? { value: token.value } : { error: `Set ${setting} needs a word or a quoted string, not ${token.raw}` };
}

function numberIn(setting: string, minimum: number, wholeNumber: boolean, example: string) {
  return (token: Token): SettingParse<number> => {
    const value = token.type === 'word' && /^-?(\d+(\.\d*)?|\.\d+)$/.test(token.value) ? Number(token.value) : NaN;
    if (!Number.isFinite(value) || value < minimum || (wholeNumber && !Number.isInteger(value))) {
      const kind = wholeNumber ? 'a whole number' : 'a number';
      return { error: `Set ${setting} needs ${kind} of at least ${minimum}, e.g. Set ${setting} ${example}; got ${token.raw}` };
    }
    return { value };
  };
}

/**
 * renderSetting reads a setting the render stage has a rule for (see render-settings.ts), so a tape and a
 * `--flag` accept the same values: `Set Framerate 200` is refused here, at its line, as `--fps 200` is.
 */
function renderSetting<T>(setting: string, rule: z.ZodType<T, unknown>) {
  return (token: Token): SettingParse<T> => {
    const parsed = rule.safeParse(isText(token) ? token.value : token.raw);
    return parsed.success ? { value: parsed.data } : { error: `Set ${setting} ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
  };
}

function duration(setting: string, example: string) {
  return (token: Token): SettingParse<number> => {
    const value = token.type === 'word' ? parseTapeDuration(token.value) : undefined;
    return value === undefined ? { error: `Set ${setting} needs a duration, e.g. Set ${setting} ${example}; got ${token.raw}` } : { value };
  };
}

function theme(token: Token): SettingParse<TapeTheme> {
  if (token.type === 'json') {
    try {
      const value: unknown = JSON.parse(token.value);
      if (value && typeof value === 'object' && !Array.isArray(value)) return { value: { kind: 'json', value: value as Record<string, unknown> } };
      return { error: 'Set Theme needs a JSON object like {"background": "#282a36", …}' };
    } catch (error) {
      return { error: `Set Theme: the JSON theme does not parse: ${(error as Error).message}` };
    }
  }
  if (isText(token)) return { value: { kind: 'name', name: token.value } };
  return { error: `Set Theme needs a theme name or a JSON object, not ${token.raw}` };
}

/**
 * shell accepts the shells termaudit starts clean (VHS refuses an unknown shell too); another program,
 * another shell included, is recorded by giving it after `--`.
 */
function shell(token: Token): SettingParse<TapeShell> {
  const name = isText(token) ? tapeShellNames.find((known) => known === token.value) : undefined;
  if (name) return { value: name };
  const names = `${tapeShellNames.slice(0, -1).join(', ')} or ${tapeShellNames.at(-1)}`;
  return { error: `Set Shell needs ${names}; got ${token.raw}; another program is recorded by giving it after --` };
}

function cursorBlink(token: Token): SettingParse<boolean> {
  if (token.type === 'word' && (token.value === 'true' || token.value === 'false')) return { value: token.value === 'true' };
  return { error: `Set CursorBlink needs true or false; got ${token.raw}` };
}

function waitPattern(token: Token): SettingParse<string> {
  const source = token.type === 'regex' || isText(token) ? token.value : undefined;
  if (source === undefined) return { error: `Set WaitPattern needs a /regex/; got ${token.raw}` };
  const problem = regexProblem(source);
  return problem ? { error: problem } : { value: source };
}

function loopOffset(token: Token): SettingParse<{ value: number; percent: boolean }> {
  const match = token.type === 'word' ? /^(\d+(?:\.\d*)?|\.\d+)(%?)$/.exec(token.value) : null;
  if (!match) return { error: `Set LoopOffset needs a frame number or a percentage, e.g. 20 or 20%; got ${token.raw}` };
  return { value: { value: Number(match[1]), percent: match[2] === '%' } };
}

/** regexProblem returns why a regex source does not compile, or undefined when it does. */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    // V8 repeats the pattern in its message (`Invalid regular expression: /a(/: Unterminated group`).
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return `invalid regex /${source}/: ${reason}`;
  }
}

/** settingParsers reads each setting's value token; a new setting without a parser fails to compile. */
export const settingParsers = {
  Shell: shell,
  FontFamily: text('FontFamily'),
  FontSize: renderSetting('FontSize', renderRules.fontSize),
  Width: renderSetting('Width', renderRules.width),
  Height: renderSetting('Height', renderRules.height),
  LetterSpacing: renderSetting('LetterSpacing', renderRules.letterSpacing),
  LineHeight: renderSetting('LineHeight', renderRules.lineHeight),
  Theme: theme,
  TypingSpeed: duration('TypingSpeed', '50ms'),
  Framerate: renderSetting('Framerate', renderRules.fps),
  PlaybackSpeed: renderSetting('PlaybackSpeed', renderRules.speed),
  Padding: renderSetting('Padding', renderRules.padding),
  Margin: renderSetting('Margin', renderRules.margin),
  MarginFill: text('MarginFill'),
  WindowBar: renderSetting('WindowBar', renderRules.windowBar),
  WindowBarSize: renderSetting('WindowBarSize', renderRules.windowBarSize),
  BorderRadius: renderSetting('BorderRadius', renderRules.borderRadius),
  CursorBlink: cursorBlink,
  WaitPattern: waitPattern,
  WaitTimeout: duration('WaitTimeout', '15s'),
  LoopOffset: loopOffset,
} satisfies { [S in SettingName]: SettingParser<S> };

/**
 * unsupportedSettings says, as the end of a sentence starting `Set X`, why termaudit ignores a setting or
 * which part of it it honours (null: it is honoured). Rendering uses bundled fonts; the window (margin, bar,
 * rounded corners) is drawn as VHS draws it.
 */
export const unsupportedSettings: Record<SettingName, string | null> = {
  Shell: null,
  FontFamily: 'is ignored: termaudit renders with its bundled fonts',
  FontSize: null,
  Width: null,
  Height: null,
  LetterSpacing: null,
  LineHeight: null,
  Theme: null,
  TypingSpeed: null,
  Framerate: null,
  PlaybackSpeed: null,
  Padding: null,
  Margin: null,
  // A colour is honoured; an image is not (the parser warns at its line).
  MarginFill: null,
  WindowBar: null,
  WindowBarSize: null,
  BorderRadius: null,
  CursorBlink: 'is ignored: termaudit draws a steady cursor',
  WaitPattern: null,
  WaitTimeout: null,
  LoopOffset: 'is ignored: termaudit does not reorder GIF frames',
};
