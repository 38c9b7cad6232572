/**
 * What `termaudit record --tape` needs around the runner: the target a tape runs when no command is given
 * (its Shell, started clean as VHS does, see tape-shells.ts), the check that every program it needs is
 * installed, and how the tape's settings and outputs combine with the command line's.
 */
import { resolve } from 'node:path';
import type { CastTheme } from '../../asciicast/types.js';
import { resolveExecutable } from '../../record/target.js';
import type { OutputFormat, RenderSettings } from '../../render/render-settings.js';
import { layer } from '../../settings.js';
import { ConfigError } from '../../errors.js';
import { parseTapeFile } from '../parser.js';
import { outputsFromTape, renderOptionsFromTape } from '../tape-outputs.js';
import type { SetCommand, Tape, TapeShell } from '../tape-types.js';
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
  const setLine = tape.commands.findLast((command): command is Extract<SetCommand, { setting: 'Shell' }> => command.kind === 'Set' && command.setting === 'Shell');
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

/** TapeRender is how a tape shapes the render: its settings under the caller's, its outputs, its inline theme. */
export interface TapeRender {
  /** The tape's `Set` lines with `over` laid on top; `formats` from its `Output` lines when `over` sets none. */
  settings: RenderSettings;
  /** Where each `Output` line writes (relative to the current directory, as in VHS), when its formats are used. */
  outputPaths?: Partial<Record<OutputFormat, string>>;
  /** The tape's inline JSON theme (`Set Theme {…}`), unless `over` names a theme, which wins as every setting of it does. */
  castTheme?: CastTheme;
}

/** tapeRender combines a tape's render settings and `Output` lines with the caller's settings (`over`, which win). */
export function tapeRender(tape: Tape, over: RenderSettings = {}): TapeRender {
  const { castTheme, ...fromTape } = renderOptionsFromTape(tape);
  const settings = layer<RenderSettings>(fromTape, over);
  const outputs = outputsFromTape(tape);
  const render: TapeRender = { settings, ...(over.theme === undefined && castTheme ? { castTheme } : {}) };
  if (over.formats === undefined && outputs.length > 0) {
    settings.formats = [...new Set(outputs.map((output) => output.format))];
    render.outputPaths = Object.fromEntries(outputs.map((output) => [output.format, resolve(output.path)]));
  }
  return render;
}
