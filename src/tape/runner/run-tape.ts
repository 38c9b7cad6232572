/**
 * runTape plays a parsed tape against a running RecordSession, in real time: the target sees the typing
 * delays and sleeps as written, and the cast records them at their true length. Each command kind has one
 * handler in a typed table, so a new command without a handler does not compile.
 */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExecutionError, TimeoutError } from '../../errors.js';
import type { LayoutOptions } from '../../render/raster/layout.js';
import { loadTheme, type Theme } from '../../render/theme.js';
import { HIDE_MARKER, SHOW_MARKER } from '../../render/timeline.js';
import type { VirtualTerminal } from '../../render/virtual-terminal.js';
import type { Tape, TapeCommand, TapeCommandName, TapeCommandOf } from '../tape-types.js';
import { comboBytes, keyBytes } from './key-bytes.js';
import { LiveScreen, type OutputSource } from './live-screen.js';
import { ScreenshotWriter } from './screenshot.js';
import { waitFor } from './wait-for.js';

/** TapeSession is what the runner needs of a RecordSession. */
export interface TapeSession extends OutputSource {
  /** Types `input`; `hidden` input (between Hide and Show) is recorded without its characters. */
  write(input: string, options?: { hidden?: boolean }): void;
  resize(cols: number, rows: number): void;
  marker(label: string): void;
  readonly hasExited: boolean;
}

/** RunTapeOptions are the runner's defaults, which the tape's `Set` lines override as they come. */
export interface RunTapeOptions {
  /** Delay after each typed character and key press, in ms (`Set TypingSpeed`). @default 50 */
  typingSpeedMs?: number;
  /** Timeout of a Wait without `@timeout`, in ms (`Set WaitTimeout`). @default 15000 */
  waitTimeoutMs?: number;
  /** Regex of a Wait without a pattern (`Set WaitPattern`). @default DEFAULT_WAIT_PATTERN */
  waitPattern?: string;
  /** Layout of screenshots: the render's layout options. @default {} */
  layout?: LayoutOptions;
  /** Theme of screenshots. @default the default theme */
  theme?: Theme;
  /**
   * Directory relative Screenshot paths are taken from. Like VHS's `Output` and `Screenshot`, paths are
   * relative to where termaudit runs, not to the tape file. @default process.cwd()
   */
  cwd?: string;
  /**
   * When given, the visible screen after each command that changed it is appended here (for the tape's
   * text output and goldens; see formatScreenDumps). Each command then waits for the screen to settle
   * (SCREEN_DUMP_QUIET_MS of silence, at most SCREEN_DUMP_LIMIT_MS) before its dump is taken, so the
   * dumps do not depend on how fast the target draws. Hidden commands (between Hide and Show) add none.
   * @default not collected
   */
  screenDumps?: string[];
  /**
   * When the tape runs its own shell: its prompt is waited for after the tape's leading settings and
   * before its first other command, so no keystroke reaches the shell before it is ready (typed earlier,
   * the terminal would echo it before the prompt). @default no wait
   */
  shellPrompt?: ShellPrompt;
}

/** ShellPrompt says which shell a tape runs and how its prompt is recognised. */
export interface ShellPrompt {
  /** `file:line` of the tape's `Set Shell` line, or the tape's file when it has none, for messages. */
  where: string;
  /** The setting as the tape wrote it (`Set Shell zsh`), or `Shell bash (the default)`. */
  setting: string;
  /**
   * Regex the cursor line matches once the prompt is drawn. Without one (a prompt of the tape's own) the
   * prompt is the shell's first output, once PROMPT_QUIET_MS have passed without another.
   */
  cursorLine?: string;
}

/** PROMPT_QUIET_MS is how long a shell with a prompt of the tape's own must stay quiet after its first output. */
export const PROMPT_QUIET_MS = 100;

/** SCREEN_DUMP_QUIET_MS is how long the target must print nothing before a command's screen dump. */
export const SCREEN_DUMP_QUIET_MS = 100;
/** SCREEN_DUMP_LIMIT_MS bounds the wait for quiet before a dump, for targets that print continuously. */
export const SCREEN_DUMP_LIMIT_MS = 1000;

/**
 * Commands read before the run: they do nothing to the screen, so they take no dump, and a shell's prompt
 * is waited for once the tape's leading ones are done (their Set lines apply to that wait).
 */
const setupCommands: ReadonlySet<TapeCommandName> = new Set(['Output', 'Require', 'Env', 'Set']);

/**
 * DEFAULT_WAIT_PATTERN matches a shell prompt at the end of the cursor line: a tape's own shell draws VHS's
 * `> ` (see tape-shells.ts), and `$` and `#` are the usual prompts of the shells and programs a tape is given
 * after `--`. Lines are matched with their trailing spaces trimmed.
 */
export const DEFAULT_WAIT_PATTERN = '[$>#]$';

interface RunState {
  tape: Tape;
  session: TapeSession;
  screen: LiveScreen;
  screenshots: ScreenshotWriter;
  cwd: string;
  typingSpeedMs: number;
  waitTimeoutMs: number;
  waitPattern: string;
  clipboard: string;
  hidden: boolean;
}

type Handler<K extends TapeCommandName> = (command: TapeCommandOf<K>, state: RunState) => Promise<void> | void;

/** seconds prints a duration as the tape would write it: `10s`, `1.5s`, `500ms`. */
function tapeDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(3))}s`;
}

async function typeText(text: string, delayMs: number, state: RunState): Promise<void> {
  for (const char of text) {
    state.session.write(char, { hidden: state.hidden });
    await sleep(delayMs);
  }
}

async function press(bytes: () => string, repeat: number, delayMs: number, state: RunState): Promise<void> {
  for (let index = 0; index < repeat; index++) {
    // Read the cursor-key mode anew for each press: the program may switch it in between.
    await state.screen.settled();
    state.session.write(bytes(), { hidden: state.hidden });
    await sleep(delayMs);
  }
}

/** location is `file:line` of a command, for messages. */
function location(command: TapeCommand): string {
  return `${command.position.file}:${command.position.line}`;
}

/**
 * waitOrThrow runs one wait and turns a timeout or an exited target into an error located at `where`
 * (`file:line`) showing the last screen.
 */
async function waitOrThrow(where: string, what: string, timeoutMs: number, condition: () => Promise<boolean>, state: RunState): Promise<void> {
  const outcome = await waitFor(condition, { timeoutMs, gone: () => state.session.hasExited });
  if (outcome === 'met') return;
  const screen = (await state.screen.screenText()).replace(/\n$/, '');
  const lastScreen = `\nlast screen:\n${screen.split('\n').map((line) => `  | ${line}`).join('\n')}`;
  if (outcome === 'exited') {
    throw new ExecutionError(`${where}: ${what}: the target exited before it matched${lastScreen}`);
  }
  throw new TimeoutError(`${where}: ${what} timed out after ${tapeDuration(timeoutMs)}${lastScreen}`);
}

/** markedWait runs a tape's wait command and marks the cast where it was met. */
async function markedWait(command: TapeCommand, what: string, timeoutMs: number, condition: () => Promise<boolean>, state: RunState): Promise<void> {
  await waitOrThrow(location(command), what, timeoutMs, condition, state);
  state.session.marker(what);
}

/** idleFor returns a condition that holds once the screen (text and cursor) has not changed for `quietMs`. */
function idleFor(quietMs: number, state: RunState): () => Promise<boolean> {
  let last: string | undefined;
  let changedAt = performance.now();
  return async () => {
    const snapshot = await state.screen.snapshot();
    const text = `${snapshot.cursorX},${snapshot.cursorY}\n${snapshot.chars.join('')}`;
    if (text !== last) {
      last = text;
      changedAt = performance.now();
    }
    return performance.now() - changedAt >= quietMs;
  };
}

/**
 * waitForPrompt waits until the tape's shell has drawn its prompt, with the tape's WaitTimeout. It writes
 * no marker: it is the shell starting, not a step of the tape.
 */
async function waitForPrompt(prompt: ShellPrompt, state: RunState): Promise<void> {
  let drawn: () => Promise<boolean>;
  if (prompt.cursorLine !== undefined) {
    const pattern = new RegExp(prompt.cursorLine);
    drawn = async () => pattern.test(await state.screen.cursorLine());
  } else {
    const idle = idleFor(PROMPT_QUIET_MS, state);
    drawn = async () => (await idle()) && (await state.screen.screenText()).trim() !== '';
  }
  await waitOrThrow(prompt.where, `${prompt.setting}: waiting for the prompt`, state.waitTimeoutMs, drawn, state);
}

const handlers = {
  // Read before the run: outputs and rendering settings go to the render, Env to the target's environment.
  Output: () => undefined,
  Require: () => undefined,
  Env: () => undefined,
  Set: (command, state) => {
    if (command.setting === 'TypingSpeed') state.typingSpeedMs = command.value;
    else if (command.setting === 'WaitTimeout') state.waitTimeoutMs = command.value;
    else if (command.setting === 'WaitPattern') state.waitPattern = command.value;
  },
  Type: (command, state) => typeText(command.text, command.delayMs ?? state.typingSpeedMs, state),
  Sleep: (command) => sleep(command.durationMs),
  Key: (command, state) => press(() => keyBytes(command.key, state.screen.cursorKeyMode), command.repeat, command.delayMs ?? state.typingSpeedMs, state),
  KeyCombo: (command, state) =>
    press(() => comboBytes(command.modifiers, command.key, state.screen.cursorKeyMode), command.repeat, command.delayMs ?? state.typingSpeedMs, state),
  Wait: (command, state) => {
    const source = command.pattern ?? state.waitPattern;
    const pattern = new RegExp(source, 'm');
    const timeoutMs = command.timeoutMs ?? state.waitTimeoutMs;
    const read = command.scope === 'Screen' ? () => state.screen.screenText() : () => state.screen.cursorLine();
    return markedWait(command, `Wait+${command.scope} /${source}/`, timeoutMs, async () => pattern.test(await read()), state);
  },
  WaitIdle: (command, state) =>
    markedWait(command, `WaitIdle ${tapeDuration(command.quietMs)}`, command.timeoutMs ?? state.waitTimeoutMs, idleFor(command.quietMs, state), state),
  WaitExit: async (command, state) => {
    // Marked when the wait starts: once the target has exited its cast is being closed and takes no more events.
    state.session.marker('WaitExit');
    const timeoutMs = command.timeoutMs ?? state.waitTimeoutMs;
    const outcome = await waitFor(() => state.session.hasExited, { timeoutMs });
    if (outcome !== 'met') await waitOrThrow(location(command), 'WaitExit', 0, async () => false, state);
  },
  Marker: (command, state) => state.session.marker(command.label),
  Resize: async (command, state) => {
    await state.screen.settled();
    state.session.resize(command.cols, command.rows);
    state.screen.terminal.resize(command.cols, command.rows);
  },
  Hide: (_command, state) => {
    state.session.marker(HIDE_MARKER);
    state.hidden = true;
  },
  Show: (_command, state) => {
    state.session.marker(SHOW_MARKER);
    state.hidden = false;
  },
  Copy: (command, state) => {
    state.clipboard = command.text;
  },
  Paste: (_command, state) => typeText(state.clipboard, state.typingSpeedMs, state),
  Screenshot: async (command, state) => {
    const path = resolve(state.cwd, command.path);
    await state.screenshots.write(await state.screen.snapshot(), path);
    state.session.marker(`Screenshot ${command.path}`);
  },
} satisfies { [K in TapeCommandName]: Handler<K> };

/**
 * runTape executes `tape.commands` in order against `session`, keeping `terminal` (sized like the session)
 * in step with its output; with `shellPrompt`, the shell's prompt first (see RunTapeOptions). Throws
 * TimeoutError (exit 3) when a wait times out and ExecutionError when the target exits before a wait
 * matched, each with the command's `file:line` and the last visible screen; the caller still finishes the cast.
 */
export async function runTape(tape: Tape, session: TapeSession, terminal: VirtualTerminal, options: RunTapeOptions = {}): Promise<void> {
  const screen = new LiveScreen(session, terminal);
  const state: RunState = {
    tape,
    session,
    screen,
    screenshots: new ScreenshotWriter(options.layout ?? {}, options.theme ?? loadTheme()),
    cwd: options.cwd ?? process.cwd(),
    typingSpeedMs: options.typingSpeedMs ?? 50,
    waitTimeoutMs: options.waitTimeoutMs ?? 15_000,
    waitPattern: options.waitPattern ?? DEFAULT_WAIT_PATTERN,
    clipboard: '',
    hidden: false,
  };
  const dumps = options.screenDumps;
  // The blank screen the target starts from is no change worth a dump.
  let lastDump = '\n';
  let promptDrawn = options.shellPrompt === undefined;
  try {
    for (const command of tape.commands) {
      if (!promptDrawn && !setupCommands.has(command.kind)) {
        await waitForPrompt(options.shellPrompt!, state);
        promptDrawn = true;
      }
      const handler = handlers[command.kind] as Handler<typeof command.kind>;
      await handler(command as never, state);
      if (!dumps || state.hidden || setupCommands.has(command.kind)) continue;
      await screen.quiet(SCREEN_DUMP_QUIET_MS, SCREEN_DUMP_LIMIT_MS);
      const text = await screen.screenText();
      if (text !== lastDump) dumps.push(text);
      lastDump = text;
    }
  } finally {
    screen.dispose();
  }
}

/** tapeEnvironment collects the tape's `Env` lines (the last one of a name wins): they must be set before the target starts. */
export function tapeEnvironment(tape: Tape): Record<string, string> {
  const env: Record<string, string> = {};
  for (const command of tape.commands) if (command.kind === 'Env') env[command.name] = command.value;
  return env;
}
