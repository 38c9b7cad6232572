/**
 * What `termaudit record --tape` needs around the runner: the target a tape runs when no command is given
 * (its Shell, as VHS does), and how the tape's settings and outputs combine with the command line's.
 */
import { resolve } from 'node:path';
import type { CastTheme } from '../../asciicast/types.js';
import { resolveExecutable } from '../../record/target.js';
import type { OutputFormat, RenderSettings } from '../../render/render-settings.js';
import { layer } from '../../settings.js';
import { ConfigError } from '../../errors.js';
import { parseTapeFile } from '../parser.js';
import { lastSetting, outputsFromTape, renderOptionsFromTape } from '../tape-outputs.js';
import type { Tape } from '../tape-types.js';
import { tapeEnvironment } from './run-tape.js';

/** loadRunnableTape parses a tape and throws ConfigError with every error (file:line:column and caret) when it has any. */
export async function loadRunnableTape(path: string): Promise<Tape> {
  const tape = await parseTapeFile(path);
  if (tape.errors.length > 0) {
    const count = tape.errors.length === 1 ? '1 error' : `${tape.errors.length} errors`;
    throw new ConfigError(`${path}: ${count}; nothing was recorded\n${tape.errors.map((error) => error.rendered).join('\n')}`);
  }
  return tape;
}

/** TapeTarget is the command a tape runs and the environment it adds. */
export interface TapeTarget {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * tapeTarget picks what a tape runs: the command after `--` if any, else its `Shell` (default bash) with a
 * plain `$ ` prompt and no user rc files, so a tape types into the same shell on every machine. The tape's
 * `Env` lines are added to the environment; `--env` (`cliEnv`) wins over them.
 */
export function tapeTarget(tape: Tape, commandLine: readonly string[], cliEnv: Record<string, string> = {}): TapeTarget {
  const env = { ...tapeEnvironment(tape), ...cliEnv };
  if (commandLine.length > 0) return { command: commandLine[0], args: commandLine.slice(1), env };
  const shell = lastSetting(tape, 'Shell') ?? 'bash';
  const plainShellArgs: Record<string, string[]> = { bash: ['--noprofile', '--norc'], zsh: ['--no-rcs'], fish: ['--no-config'], sh: [] };
  return { command: shell, args: plainShellArgs[shell] ?? [], env: { PS1: '$ ', PROMPT: '$ ', ...env } };
}

/**
 * checkRequiredPrograms throws ConfigError, naming the tape line, for the first `Require` program not found
 * in `path` (the target's PATH); it runs before anything is created, so a missing program records nothing.
 */
export async function checkRequiredPrograms(tape: Tape, path: string | undefined, cwd: string): Promise<void> {
  for (const command of tape.commands) {
    if (command.kind !== 'Require') continue;
    // A Require names a program to find in PATH, not a file: `./tool` is looked up as written, like `which`.
    const found = await resolveExecutable(command.program, path, cwd).then(
      () => true,
      () => false,
    );
    if (!found) throw new ConfigError(`${command.position.file}:${command.position.line}: Require: program "${command.program}" not found in PATH`);
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
