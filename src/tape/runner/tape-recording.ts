/**
 * What `termaudit record --tape` needs around the runner: the target a tape runs when no command is given
 * (its Shell, started clean as VHS does, see tape-shells.ts), the check that every program it needs is
 * installed, and how the tape's settings and outputs combine with the command line's.
 */
import { resolve } from 'node:path';
import type { CastTheme } from '../../asciicast/types.js';
import { resolveExecutable } from '../../record/target.js';
import { terminalSizeFor } from '../../render/raster/layout.js';
import type { OutputFormat, RenderSettings } from '../../render/render-settings.js';
import { flagOf, layer } from '../../settings.js';
import { ConfigError } from '../../errors.js';
import { parseTapeFile } from '../parser.js';
import { lastSetCommand, lastSetCommandOf, lastSetting, outputsFromTape, renderOptionsFromTape, tapeRenderKeys } from '../tape-outputs.js';
import type { SettingName, Tape, TapeShell } from '../tape-types.js';
import { tapeEnvironment, type ShellPrompt } from './run-tape.js';
import { shellTarget } from './tape-shells.js';

/** loadRunnableTape parses a tape and throws ConfigError with every error (file:line:column and caret) when it has any. */
export async function loadRunnableTape(path: string): Promise<Tape> {
  const tape = await parseTapeFile(path);
  if (tape.errors.length > 0) {
    const count = tape.errors.length === 1 ? '1 error' : `${tape.errors.length} errors`;
    throw new ConfigError(`${path}: ${count}; nothing was recorded\n${tape.errors.map((error) => error.rendered).join('\n')}`);
  }
  return tape;
}

/** TapeShellTarget is the tape's own shell, when it runs one: its name and how its prompt is recognised. */
export interface TapeShellTarget extends ShellPrompt {
  name: TapeShell;
}

/** TapeTarget is the command a tape runs and the environment it adds. */
export interface TapeTarget {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Set when the tape runs its own Shell (no command was given): checked to be installed, its prompt awaited. */
  shell?: TapeShellTarget;
}

/** DEFAULT_TAPE_SHELL is the shell a tape runs when it sets none, as in VHS. */
export const DEFAULT_TAPE_SHELL: TapeShell = 'bash';

/**
 * tapeTarget picks what a tape runs: the command after `--` if any, as it is, else its `Shell` (the last
 * `Set Shell`, default bash) started clean (see shellTarget), so a tape types into the same shell on every
 * machine. The tape's `Env` lines are added to the environment; `--env` (`cliEnv`) wins over them.
 */
export function tapeTarget(tape: Tape, commandLine: readonly string[], cliEnv: Record<string, string> = {}): TapeTarget {
  const env = { ...tapeEnvironment(tape), ...cliEnv };
  if (commandLine.length > 0) return { command: commandLine[0], args: commandLine.slice(1), env };
  const setLine = lastSetCommand(tape, 'Shell');
  const name = setLine?.value ?? DEFAULT_TAPE_SHELL;
  const started = shellTarget(name, env);
  const shell: TapeShellTarget = {
    name,
    where: setLine ? `${setLine.position.file}:${setLine.position.line}` : tape.file,
    setting: setLine ? `Set Shell ${name}` : `Shell ${name} (the default)`,
    cursorLine: started.promptLine,
  };
  return { command: name, args: started.args, env: started.env, shell };
}

/**
 * checkTapePrograms throws ConfigError, naming the tape line, when the tape's own shell (`target.shell`) is
 * not installed, or for the first `Require` program not found; both are looked up in `path` (the target's
 * PATH). It runs before anything is created, so a missing program records nothing.
 */
export async function checkTapePrograms(tape: Tape, target: TapeTarget, path: string | undefined, cwd: string): Promise<void> {
  // A program is looked up like `which` does: a name in PATH, `./tool` as written.
  const isInstalled = (program: string) =>
    resolveExecutable(program, path, cwd).then(
      () => true,
      () => false,
    );
  const shell = target.shell;
  if (shell && !(await isInstalled(shell.name))) {
    throw new ConfigError(`${shell.where}: ${shell.setting}: ${shell.name} is not installed (not found in PATH)`);
  }
  for (const command of tape.commands) {
    if (command.kind !== 'Require') continue;
    if (!(await isInstalled(command.program))) throw new ConfigError(`${command.position.file}:${command.position.line}: Require: program "${command.program}" not found in PATH`);
  }
}

/**
 * VHS_RENDER_DEFAULTS are VHS's defaults for what a tape does not set: a 1200x600 frame, 60 px of padding,
 * 22 px text in VHS's cells (letter spacing 1, line height 1) and VHS's own colors, so a tape looks as VHS
 * makes it (charmbracelet/vhs: style.go, vhs.go).
 */
export const VHS_RENDER_DEFAULTS = {
  geometry: 'vhs',
  theme: 'vhs',
  width: 1200,
  height: 600,
  padding: 60,
  fontSize: 22,
  lineHeight: 1,
  letterSpacing: 1,
  // VHS fills its margin (and what rounded corners uncover) with its default theme's background, whatever the theme.
  marginFill: '#171717',
} as const satisfies RenderSettings;

/** TapeRender is how a tape shapes the recording and the render: its settings under the caller's, its outputs, its inline theme. */
export interface TapeRender {
  /** VHS's defaults, the tape's `Set` lines, then `over`; `formats` from its `Output` lines when `over` sets none. */
  settings: RenderSettings;
  /** The terminal's columns and rows as VHS derives them from the frame size, font and padding (the caller's `--cols`/`--rows` win). */
  terminal: { cols?: number; rows?: number };
  /** Where each `Output` line writes (relative to the current directory, as in VHS), when its formats are used. */
  outputPaths?: Partial<Record<OutputFormat, string>>;
  /** The tape's inline JSON theme (`Set Theme {…}`), unless `over` names a theme, which wins as every setting of it does. */
  castTheme?: CastTheme;
}

/**
 * tapeRender combines VHS's defaults, a tape's render settings and `Output` lines, and the caller's
 * settings (`over`, which win), and derives the terminal's size from the frame as VHS does: the margin
 * and the window bar take their space. When the caller gives the
 * columns (`grid.cols`) and the tape sets no `Width`, the frame's width follows from the grid instead of
 * VHS's default 1200 px (the same for rows and the height).
 */
export function tapeRender(tape: Tape, over: RenderSettings = {}, grid: { cols?: number; rows?: number } = {}): TapeRender {
  const { castTheme, ...fromTape } = renderOptionsFromTape(tape);
  const { width, height, ...vhsDefaults } = VHS_RENDER_DEFAULTS;
  const frame = { ...(grid.cols === undefined && { width }), ...(grid.rows === undefined && { height }) };
  const settings = layer<RenderSettings>(vhsDefaults, frame, fromTape, over);
  if (castTheme && over.theme === undefined) delete settings.theme;
  const terminal = locateTapeProblem(tape, over, () => terminalSizeFor(settings));
  const outputs = outputsFromTape(tape);
  const render: TapeRender = { settings, terminal, ...(over.theme === undefined && castTheme ? { castTheme } : {}) };
  if (over.formats === undefined && outputs.length > 0) {
    settings.formats = [...new Set(outputs.map((output) => output.format))];
    render.outputPaths = Object.fromEntries(outputs.map((output) => [output.format, resolve(output.path)]));
  }
  return render;
}

/** tapeSettingOfFlag names, for each render flag a problem can name, the tape setting and the render setting behind it. */
const tapeSettingOfFlag = new Map<string, { setting: SettingName; key: keyof RenderSettings }>([
  ...Object.entries(tapeRenderKeys).map(([setting, key]) => [flagOf(key), { setting: setting as SettingName, key }] as const),
  ['--theme', { setting: 'Theme', key: 'theme' }],
]);

/**
 * The tape settings besides a side's own that decide whether the grid fits it: when the tape sets no
 * Width but a Padding that leaves no room, the Padding line is the one to name.
 */
const settingsSizingSide: Partial<Record<string, readonly SettingName[]>> = {
  '--width': ['FontSize', 'Padding', 'Margin', 'LetterSpacing'],
  '--height': ['FontSize', 'Padding', 'Margin', 'WindowBar', 'WindowBarSize', 'LineHeight'],
};

/**
 * locateTapeProblem runs `check` and, when it throws a ConfigError about a render flag (`--width: …`)
 * whose value came from the tape (the caller did not set it in `over`), puts the tape line in the flag's
 * place: `demo.tape:4: Set Width 100: …`. When the tape does not set that flag's setting, the last line
 * of those that size the same side is named instead (`Set Padding 1000`). Other errors pass unchanged.
 */
export function locateTapeProblem<T>(tape: Tape, over: RenderSettings, check: () => T): T {
  try {
    return check();
  } catch (error) {
    const flag = error instanceof ConfigError ? /^(--[a-z-]+): /.exec(error.message)?.[1] : undefined;
    const behind = flag === undefined ? undefined : tapeSettingOfFlag.get(flag);
    if (behind === undefined || over[behind.key] !== undefined) throw error;
    const command = lastSetCommand(tape, behind.setting) ?? lastSetCommandOf(tape, settingsSizingSide[flag!] ?? []);
    if (command === undefined) throw error;
    const raw = command.setting === 'Theme' ? (command.value.kind === 'name' ? command.value.name : '{…}') : String(command.value);
    // The advice names the tape's settings too: "a larger Set Height" rather than "a larger --height".
    const problem = (error as Error).message
      .slice(flag!.length + 2)
      .replace(/--[a-z-]+/g, (name) => (tapeSettingOfFlag.has(name) ? `Set ${tapeSettingOfFlag.get(name)!.setting}` : name));
    throw new ConfigError(`${command.position.file}:${command.position.line}: Set ${command.setting} ${raw}: ${problem}`, {
      cause: error,
    });
  }
}
