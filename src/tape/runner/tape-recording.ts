/**
 * What `termaudit record --tape` needs around the runner: the target a tape runs when no command is given
 * (its Shell, as VHS does), and how the tape's settings and outputs combine with the command line's.
 */
import { resolve } from 'node:path';
import type { CastTheme } from '../../asciicast/types.js';
import { resolveExecutable } from '../../record/target.js';
import type { RenderOptions } from '../../render/index.js';
import type { LayoutOptions } from '../../render/raster/layout.js';
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

/** definedOnly drops the keys whose value is undefined, so spreading it never erases a value. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/**
 * tapeRenderOptions combines the tape's rendering settings and `Output` lines with the command line's
 * render options: what the command line sets wins. Output paths are relative to the current directory, as
 * in VHS.
 */
export function tapeRenderOptions<O extends Omit<RenderOptions, 'outDir'>>(tape: Tape, cli: O): O {
  const fromTape = renderOptionsFromTape(tape);
  // An inline theme is no render option (those name a theme): tapeCastTheme hands it to the recorder.
  delete fromTape.castTheme;
  const outputs = outputsFromTape(tape);
  const merged: O = { ...fromTape, ...definedOnly(cli) } as O;
  if (cli.formats === undefined && outputs.length > 0) {
    merged.formats = [...new Set(outputs.map((output) => output.format))];
    merged.outputPaths = Object.fromEntries(outputs.map((output) => [output.format, resolve(output.path)]));
  }
  return merged;
}

/**
 * tapeCastTheme is the tape's inline JSON theme (`Set Theme {…}`), unless the command line names a theme
 * (`cliTheme`), which wins as for every other render option.
 */
export function tapeCastTheme(tape: Tape, cliTheme: string | undefined): CastTheme | undefined {
  return cliTheme === undefined ? renderOptionsFromTape(tape).castTheme : undefined;
}

/** layoutOptionsOf picks the layout part of render options, for screenshots that look like the video. */
export function layoutOptionsOf(options: LayoutOptions): LayoutOptions {
  return definedOnly({ fontSize: options.fontSize, lineHeight: options.lineHeight, padding: options.padding, width: options.width, height: options.height });
}
