/**
 * The tape parser: tokens to typed commands, collecting every error and warning with its position instead of
 * stopping at the first. `Source` tapes are read relative to the tape that names them and inlined.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { closestName, makeDiagnostic } from './diagnostics.js';
import { lexTape, type Token } from './lexer.js';
import { regexProblem, settingParsers, unsupportedSettings, type SettingParse } from './settings.js';
import { parseTapeDuration } from './tape-duration.js';
import { builtInThemeOf, isMarginColour, isThemeFile, outputFormatOfPath } from './tape-outputs.js';
import { builtInThemeNames } from '../render/theme.js';
import { outputPathProblem } from '../output-path.js';
import {
  keyNames,
  settingNames,
  type KeyName,
  type Modifier,
  type SetCommand,
  type Severity,
  type SourcePosition,
  type Tape,
  type TapeCommand,
  type TapeDiagnostic,
  type TapeTheme,
  type WaitScope,
} from './tape-types.js';
import { reasonOf } from '../errors.js';

/** ParseTapeOptions are the effects the parser needs for `Source`; tests may pass in-memory files. */
export interface ParseTapeOptions {
  /**
   * Reads a sourced tape's text.
   * @default fs.readFileSync(path, 'utf8')
   */
  readFile?: (path: string) => string;
}

/** DEFAULT_WAIT_IDLE_QUIET_MS is how long the screen must stay unchanged for `WaitIdle` without a duration. */
export const DEFAULT_WAIT_IDLE_QUIET_MS = 500;

const modifierNames: readonly Modifier[] = ['Ctrl', 'Alt', 'Shift'];

type CommandParser = (parser: FileParser, keyword: Token) => TapeCommand | TapeCommand[] | undefined;

/** Shared across a tape and the tapes it sources: diagnostics and the chain of files being read (for cycles). */
interface ParseSession {
  errors: TapeDiagnostic[];
  warnings: TapeDiagnostic[];
  sourceChain: string[];
  readFile: (path: string) => string;
}

/** Commands of newer VHS versions that termaudit accepts with a warning and skips. */
const ignoredCommands: ReadonlySet<string> = new Set(['Pause', 'Resume']);

class FileParser {
  private index = 0;
  private readonly tokens: Token[];
  private readonly lines: string[];

  constructor(
    readonly file: string,
    source: string,
    readonly session: ParseSession,
  ) {
    this.tokens = lexTape(source);
    this.lines = source.split('\n').map((line) => line.replace(/\r$/, ''));
  }

  parse(): TapeCommand[] {
    const commands: TapeCommand[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index];
      const commandParser = token.type === 'word' ? commandParsers[token.value] : undefined;
      if (!commandParser && token.type === 'word' && ignoredCommands.has(token.value)) {
        // Newer VHS commands termaudit does not run yet: the tape stays valid, the user is told.
        this.report('warning', token, `${token.value} is not supported by termaudit and is ignored`);
        this.skipLine(token.line);
        continue;
      }
      if (!commandParser) {
        this.reportNotACommand(token);
        this.skipLine(token.line);
        continue;
      }
      this.index++;
      // Every command parser reports its problem and returns undefined; the rest of that line is skipped.
      const parsed = commandParser(this, token);
      if (parsed === undefined) {
        this.skipLine(token.line);
        continue;
      }
      commands.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      // Several commands may share a line (`Type "ls" Enter`), but nothing else may follow one.
      const next = this.peekOnLine(this.lastLine());
      if (next && !(next.type === 'word' && commandParsers[next.value])) {
        this.report('error', next, next.type === 'invalid' ? next.problem! : `unexpected ${next.raw} after ${token.value}`);
        this.skipLine(next.line);
      }
    }
    return commands;
  }

  // ── token access ───────────────────────────────────────────────────────────

  /** peekOnLine returns the next token when it is on `line`, else undefined. */
  peekOnLine(line: number): Token | undefined {
    const token = this.tokens[this.index];
    return token && token.line === line ? token : undefined;
  }

  /** peekAdjacent returns the next token when it touches `previous` (no space between), else undefined. */
  peekAdjacent(previous: Token): Token | undefined {
    const token = this.tokens[this.index];
    return token && token.start === previous.end ? token : undefined;
  }

  take(): Token {
    return this.tokens[this.index++];
  }

  private lastLine(): number {
    const last = this.tokens[this.index - 1];
    return last.line + (last.raw.match(/\n/g)?.length ?? 0);
  }

  private skipLine(line: number): void {
    while (this.index < this.tokens.length && this.tokens[this.index].line === line) this.index++;
  }

  isCommandWord(token: Token): boolean {
    return token.type === 'word' && commandParsers[token.value] !== undefined;
  }

  // ── diagnostics ────────────────────────────────────────────────────────────

  positionOf(token: Token): SourcePosition {
    const firstLine = token.raw.split('\n')[0];
    return { file: this.file, line: token.line, column: token.column, length: Math.max(1, firstLine.length) };
  }

  report(severity: Severity, token: Token, message: string): undefined {
    const diagnostic = makeDiagnostic(severity, message, this.positionOf(token), this.lines);
    (severity === 'error' ? this.session.errors : this.session.warnings).push(diagnostic);
    return undefined;
  }

  private reportNotACommand(token: Token): void {
    if (token.type === 'invalid') {
      this.report('error', token, token.problem!);
      return;
    }
    const suggestion = token.type === 'word' ? closestName(token.value, Object.keys(commandParsers)) : undefined;
    this.report('error', token, `unknown command ${token.raw}` + (suggestion ? ` (did you mean ${suggestion}?)` : ''));
  }

  // ── argument readers shared by commands ───────────────────────────────────

  /** readDelay reads an optional `@<duration>` touching `after`; `false` means it was there but wrong (reported). */
  readDelay(after: Token, keyword: string): number | undefined | false {
    const at = this.peekAdjacent(after);
    if (!at || at.type !== 'at') return undefined;
    this.take();
    const value = this.peekAdjacent(at);
    if (!value || value.type !== 'word') {
      this.report('error', at, `${keyword}@ needs a duration right after the @, e.g. ${keyword}@500ms`);
      return false;
    }
    this.take();
    const milliseconds = parseTapeDuration(value.value);
    if (milliseconds === undefined) {
      this.report('error', value, `"${value.value}" is not a duration (write e.g. 500ms, 1s or 0.5)`);
      return false;
    }
    return milliseconds;
  }

  /** readRepeat reads an optional repeat count (`Down 3`) on the keyword's line. */
  readRepeat(keyword: Token): number | false {
    const token = this.peekOnLine(keyword.line);
    if (!token || token.type !== 'word' || this.isCommandWord(token)) return 1;
    this.take();
    if (!/^\d+$/.test(token.value) || Number(token.value) < 1) {
      this.report('error', token, `the repeat count of ${keyword.value} must be a whole number of at least 1 (e.g. ${keyword.value} 3); got ${token.raw}`);
      return false;
    }
    return Number(token.value);
  }

  /** readStrings reads the quoted strings that follow on the keyword's line. */
  readStrings(keyword: Token): string[] | false {
    const strings: string[] = [];
    for (let token = this.peekOnLine(keyword.line); token; token = this.peekOnLine(keyword.line)) {
      if (token.type === 'invalid') {
        this.take();
        this.report('error', token, token.problem!);
        return false;
      }
      if (token.type !== 'string') break;
      strings.push(this.take().value);
    }
    return strings;
  }

  /**
   * readWordArgument reads a path, program or value: a quoted string, or a run of touching tokens
   * (`out/demo+1.gif` lexes as several) joined back into what was written.
   */
  readWordArgument(keyword: Token, what: string, example: string): { text: string; token: Token } | undefined {
    const first = this.peekOnLine(keyword.line);
    if (!first) return this.report('error', keyword, `${keyword.value} needs ${what}, e.g. ${example}`);
    if (first.type === 'invalid') {
      this.take();
      return this.report('error', first, first.problem!);
    }
    this.take();
    if (first.type === 'string') return { text: first.value, token: first };
    let last = first;
    for (let next = this.peekAdjacent(last); next && next.type !== 'string' && next.type !== 'invalid'; next = this.peekAdjacent(last)) {
      last = this.take();
    }
    const raw = this.lines[first.line - 1].slice(first.column - 1, first.column - 1 + (last.end - first.start));
    return { text: raw, token: { ...first, raw, end: last.end } };
  }

  // ── Source ────────────────────────────────────────────────────────────────

  parseSource(keyword: Token): TapeCommand[] | undefined {
    const argument = this.readWordArgument(keyword, 'a tape to read', 'Source setup.tape');
    if (!argument) return undefined;
    const target = resolve(dirname(this.file), argument.text);
    const chain = this.session.sourceChain;
    if (chain.includes(target)) {
      const cycle = [...chain.slice(chain.indexOf(target)), target].join(' -> ');
      return this.report('error', argument.token, `Source cycle: ${cycle}`);
    }
    let source: string;
    try {
      source = this.session.readFile(target);
    } catch (error) {
      return this.report('error', argument.token, `cannot read ${argument.text} (${target}): ${reasonOf(error)}`);
    }
    chain.push(target);
    // Errors inside the sourced tape are reported against that file, not against this Source line.
    const commands = new FileParser(relativeName(this.file, argument.text), source, this.session).parse();
    chain.pop();
    // As in VHS, a sourced tape contributes its actions, not its outputs.
    return commands.filter((command) => command.kind !== 'Output');
  }
}

/** relativeName names a sourced file the way a user reads it: relative to the including tape's folder. */
function relativeName(includingFile: string, sourcedPath: string): string {
  if (isAbsolute(sourcedPath)) return sourcedPath;
  const folder = dirname(includingFile);
  return folder === '.' ? sourcedPath : `${folder}/${sourcedPath}`;
}

// ── the commands ───────────────────────────────────────────────────────────

function keyCommand(key: KeyName): CommandParser {
  return (parser, keyword) => {
    const delayMs = parser.readDelay(keyword, key);
    if (delayMs === false) return undefined;
    const repeat = parser.readRepeat(keyword);
    if (repeat === false) return undefined;
    return { kind: 'Key', position: parser.positionOf(keyword), key, delayMs, repeat };
  };
}

const keyByLowerName = new Map<string, string>([
  ...keyNames.map((key) => [key.toLowerCase(), key] as const),
  ['esc', 'Escape'],
]);

const comboCommand: CommandParser = (parser, keyword) => {
  const modifiers: Modifier[] = [keyword.value as Modifier];
  let previous = keyword;
  for (;;) {
    const plus = parser.peekAdjacent(previous);
    if (!plus || plus.type !== 'plus') {
      return parser.report('error', previous, `${modifiers.join('+')} needs a key after a +, e.g. ${modifiers.join('+')}+C`);
    }
    parser.take();
    const keyToken = parser.peekAdjacent(plus);
    if (!keyToken || keyToken.type !== 'word') {
      return parser.report('error', plus, `${modifiers.join('+')}+ needs a key right after the +, e.g. ${modifiers.join('+')}+C`);
    }
    parser.take();
    const name = keyToken.value;
    const next = parser.peekAdjacent(keyToken);
    if (modifierNames.includes(name as Modifier) && next?.type === 'plus') {
      modifiers.push(name as Modifier);
      previous = keyToken;
      continue;
    }
    const key = [...name].length === 1 ? name : keyByLowerName.get(name.toLowerCase());
    if (!key) {
      const suggestion = closestName(name, keyNames);
      return parser.report(
        'error',
        keyToken,
        `unknown key ${name} in ${modifiers.join('+')}+ (use one character or a key name such as Enter, Tab, Delete` +
          (suggestion ? `; did you mean ${suggestion}?)` : ')'),
      );
    }
    const delayMs = parser.readDelay(keyToken, modifiers.join('+'));
    if (delayMs === false) return undefined;
    const repeat = parser.readRepeat(keyword);
    if (repeat === false) return undefined;
    return { kind: 'KeyCombo', position: parser.positionOf(keyword), modifiers, key, delayMs, repeat };
  }
};

function readTimeout(parser: FileParser, keyword: Token): number | undefined | false {
  return parser.readDelay(keyword, keyword.value);
}

const commandParsers: Record<string, CommandParser> = {
  Output: (parser, keyword) => {
    const argument = parser.readWordArgument(keyword, 'a file to write', 'Output demo.gif');
    if (!argument) return undefined;
    if (!outputFormatOfPath(argument.text)) {
      return parser.report('error', argument.token, `Output ${argument.text}: name a .gif, .mp4, .webm, .txt or .ascii file, or a folder ending in / for frames`);
    }
    const problem = outputPathProblem(resolve(argument.text));
    if (problem !== undefined) return parser.report('error', argument.token, `Output: ${argument.text} ${problem}`);
    return { kind: 'Output', position: parser.positionOf(keyword), path: argument.text };
  },
  Require: (parser, keyword) => {
    const argument = parser.readWordArgument(keyword, 'a program name', 'Require git');
    return argument && { kind: 'Require', position: parser.positionOf(keyword), program: argument.text };
  },
  Set: (parser, keyword) => {
    const settingToken = parser.peekOnLine(keyword.line);
    if (!settingToken || settingToken.type !== 'word') {
      return parser.report('error', settingToken ?? keyword, 'Set needs a setting and a value, e.g. Set FontSize 22');
    }
    parser.take();
    const setting = settingNames.find((name) => name === settingToken.value);
    if (!setting) {
      const suggestion = closestName(settingToken.value, settingNames);
      return parser.report('error', settingToken, `unknown setting ${settingToken.value}` + (suggestion ? ` (did you mean ${suggestion}?)` : ''));
    }
    const valueToken = parser.peekOnLine(keyword.line);
    if (!valueToken) return parser.report('error', settingToken, `Set ${setting} needs a value`);
    parser.take();
    if (valueToken.type === 'invalid') return parser.report('error', valueToken, valueToken.problem!);
    const parsed = (settingParsers[setting] as (token: Token) => SettingParse<unknown>)(valueToken);
    if ('error' in parsed) return parser.report('error', valueToken, parsed.error);
    const reason = unsupportedSettings[setting];
    if (reason) parser.report('warning', settingToken, `Set ${setting} ${reason}`);
    if (setting === 'MarginFill' && !isMarginColour(parsed.value as string)) {
      parser.report('warning', valueToken, `Set MarginFill ${String(parsed.value)}: an image margin is not drawn; the margin keeps VHS's default colour (name a #rrggbb colour instead)`);
    }
    const theme = parsed.value as TapeTheme;
    if (setting === 'Theme' && theme.kind === 'name' && !builtInThemeOf(theme.name) && !isThemeFile(theme.name)) {
      parser.report(
        'warning',
        valueToken,
        `theme "${theme.name}" is not built in (built-in: ${builtInThemeNames.join(', ')}), so the tape keeps VHS's default theme; name one, or an asciicast theme .json file`,
      );
    }
    return { kind: 'Set', position: parser.positionOf(keyword), setting, value: parsed.value } as SetCommand;
  },
  Type: (parser, keyword) => {
    const delayMs = parser.readDelay(keyword, 'Type');
    if (delayMs === false) return undefined;
    const strings = parser.readStrings(keyword);
    if (strings === false) return undefined;
    if (strings.length === 0) {
      // Early VHS tapes type a bare word (`Type q`); a command name there is almost surely a mistake.
      const bare = parser.peekOnLine(keyword.line);
      if (bare && bare.type === 'word' && !parser.isCommandWord(bare)) {
        parser.take();
        return { kind: 'Type', position: parser.positionOf(keyword), text: bare.value, delayMs };
      }
      return parser.report('error', bare ?? keyword, 'Type needs a quoted string, e.g. Type "ls -la"');
    }
    // VHS joins several strings on one Type with a space.
    return { kind: 'Type', position: parser.positionOf(keyword), text: strings.join(' '), delayMs };
  },
  Sleep: (parser, keyword) => {
    const token = parser.peekOnLine(keyword.line);
    if (!token || token.type !== 'word' || parser.isCommandWord(token)) {
      return parser.report('error', keyword, 'Sleep needs a duration, e.g. Sleep 500ms, Sleep 2s or Sleep 0.5');
    }
    parser.take();
    const durationMs = parseTapeDuration(token.value);
    if (durationMs === undefined) return parser.report('error', token, `"${token.value}" is not a duration (write e.g. 500ms, 2s, 1m or 0.5)`);
    return { kind: 'Sleep', position: parser.positionOf(keyword), durationMs };
  },
  Wait: (parser, keyword) => {
    let scope: WaitScope = 'Line';
    let last = keyword;
    const plus = parser.peekAdjacent(keyword);
    if (plus?.type === 'plus') {
      parser.take();
      const scopeToken = parser.peekAdjacent(plus);
      if (!scopeToken || scopeToken.type !== 'word' || (scopeToken.value !== 'Line' && scopeToken.value !== 'Screen')) {
        return parser.report('error', scopeToken ?? plus, 'Wait+ needs Line or Screen, e.g. Wait+Screen /ready/');
      }
      scope = parser.take().value as WaitScope;
      last = scopeToken;
    }
    const timeoutMs = parser.readDelay(last, `Wait${scope === 'Screen' || last !== keyword ? `+${scope}` : ''}`);
    if (timeoutMs === false) return undefined;
    const patternToken = parser.peekOnLine(keyword.line);
    let pattern: string | undefined;
    if (patternToken && !parser.isCommandWord(patternToken)) {
      parser.take();
      if (patternToken.type === 'invalid') return parser.report('error', patternToken, patternToken.problem!);
      if (patternToken.type !== 'regex') return parser.report('error', patternToken, `Wait takes a /regex/, not ${patternToken.raw}`);
      const problem = regexProblem(patternToken.value);
      if (problem) return parser.report('error', patternToken, problem);
      pattern = patternToken.value;
    }
    return { kind: 'Wait', position: parser.positionOf(keyword), scope, timeoutMs, pattern };
  },
  Ctrl: comboCommand,
  Alt: comboCommand,
  Shift: comboCommand,
  Hide: (parser, keyword) => ({ kind: 'Hide', position: parser.positionOf(keyword) }),
  Show: (parser, keyword) => ({ kind: 'Show', position: parser.positionOf(keyword) }),
  Screenshot: (parser, keyword) => {
    const argument = parser.readWordArgument(keyword, 'a .png file', 'Screenshot step.png');
    if (!argument) return undefined;
    if (!/\.png$/i.test(argument.text)) return parser.report('error', argument.token, `Screenshot writes PNG images; name a .png file, not ${argument.text}`);
    const problem = outputPathProblem(resolve(argument.text));
    if (problem !== undefined) return parser.report('error', argument.token, `Screenshot: ${argument.text} ${problem}`);
    return { kind: 'Screenshot', position: parser.positionOf(keyword), path: argument.text };
  },
  Copy: (parser, keyword) => {
    const strings = parser.readStrings(keyword);
    if (strings === false) return undefined;
    if (strings.length === 0) return parser.report('error', parser.peekOnLine(keyword.line) ?? keyword, 'Copy needs a quoted string, e.g. Copy "https://example.com"');
    return { kind: 'Copy', position: parser.positionOf(keyword), text: strings.join(' ') };
  },
  Paste: (parser, keyword) => ({ kind: 'Paste', position: parser.positionOf(keyword) }),
  Env: (parser, keyword) => {
    const name = parser.peekOnLine(keyword.line);
    if (!name || name.type !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.value)) {
      return parser.report('error', name ?? keyword, 'Env needs a variable name and a value, e.g. Env HELLO "world"');
    }
    parser.take();
    const value = parser.readWordArgument(name, 'a value', `Env ${name.value} "value"`);
    return value && { kind: 'Env', position: parser.positionOf(keyword), name: name.value, value: value.text };
  },
  Source: (parser, keyword) => parser.parseSource(keyword),
  WaitIdle: (parser, keyword) => {
    const timeoutMs = readTimeout(parser, keyword);
    if (timeoutMs === false) return undefined;
    const token = parser.peekOnLine(keyword.line);
    let quietMs = DEFAULT_WAIT_IDLE_QUIET_MS;
    if (token && token.type === 'word' && !parser.isCommandWord(token)) {
      parser.take();
      const parsed = parseTapeDuration(token.value);
      if (parsed === undefined || parsed <= 0) return parser.report('error', token, `WaitIdle's quiet time "${token.value}" is not a duration (write e.g. 500ms or 1s)`);
      quietMs = parsed;
    }
    return { kind: 'WaitIdle', position: parser.positionOf(keyword), timeoutMs, quietMs };
  },
  WaitExit: (parser, keyword) => {
    const timeoutMs = readTimeout(parser, keyword);
    if (timeoutMs === false) return undefined;
    return { kind: 'WaitExit', position: parser.positionOf(keyword), timeoutMs };
  },
  Marker: (parser, keyword) => {
    const strings = parser.readStrings(keyword);
    if (strings === false) return undefined;
    if (strings.length !== 1) return parser.report('error', parser.peekOnLine(keyword.line) ?? keyword, 'Marker needs one quoted label, e.g. Marker "menu open"');
    return { kind: 'Marker', position: parser.positionOf(keyword), label: strings[0] };
  },
  Resize: (parser, keyword) => {
    const token = parser.peekOnLine(keyword.line);
    if (!token) return parser.report('error', keyword, 'Resize needs a size as <cols>x<rows>, e.g. Resize 80x24');
    parser.take();
    const match = token.type === 'word' ? /^(\d+)x(\d+)$/.exec(token.value) : null;
    const cols = Number(match?.[1]);
    const rows = Number(match?.[2]);
    if (!match || cols < 1 || rows < 1 || cols > 10_000 || rows > 10_000) {
      return parser.report('error', token, `Resize needs <cols>x<rows> with whole numbers from 1 to 10000, e.g. Resize 80x24; got ${token.raw}`);
    }
    return { kind: 'Resize', position: parser.positionOf(keyword), cols, rows };
  },
  ...Object.fromEntries(keyNames.map((key) => [key, keyCommand(key)])),
};

/** parseTape parses tape source named `file` into commands and every error and warning; it reads files only for `Source`. */
export function parseTape(source: string, file: string, options: ParseTapeOptions = {}): Tape {
  const session: ParseSession = {
    errors: [],
    warnings: [],
    sourceChain: [resolve(file)],
    readFile: options.readFile ?? ((path) => readFileSync(path, 'utf8')),
  };
  const commands = new FileParser(file, source, session).parse();
  return { file, commands, errors: session.errors, warnings: session.warnings };
}

/** parseTapeFile reads and parses a tape file; a file that cannot be read is one error at line 1. */
export function parseTapeFile(path: string, options: ParseTapeOptions = {}): Tape {
  const readFile = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
  let source: string;
  try {
    source = readFile(resolve(path));
  } catch (error) {
    const position = { file: path, line: 1, column: 1, length: 1 };
    const diagnostic = makeDiagnostic('error', `cannot read the tape: ${reasonOf(error)}`, position, []);
    return { file: path, commands: [], errors: [diagnostic], warnings: [] };
  }
  return parseTape(source, path, { readFile });
}
