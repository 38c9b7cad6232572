/**
 * The target is the program being recorded. Everything about it is checked here, before any file or
 * directory is created: a typo in the command or the working directory must leave nothing behind.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { resolveRecordSettings } from './record-settings.js';
import { newRunToken, withRunToken } from './run-token.js';

/** TargetOptions describes the program to run in the pseudo-terminal. */
export interface TargetOptions {
  /** The program: a name looked up on PATH, or a path (relative ones are taken from `cwd`). */
  command: string;
  /** @default [] */
  args?: string[];
  /** Terminal columns (see RecordSettings). @default 120 */
  cols?: number;
  /** Terminal rows (see RecordSettings). @default 36 */
  rows?: number;
  /** @default process.cwd() */
  cwd?: string;
  /** Extra environment on top of the caller's (KEY=VALUE from --env); wins over everything else. */
  env?: Record<string, string>;
}

/** PreparedTarget is a validated target: an absolute executable, an absolute cwd and the complete environment. */
export interface PreparedTarget {
  /** Absolute path of the executable, resolved like `which` does. */
  executable: string;
  args: string[];
  /** The command line as a user would type it, for the cast header and messages. */
  commandLine: string;
  cwd: string;
  cols: number;
  rows: number;
  /** The complete environment of the target, its run token included. */
  env: Record<string, string>;
  /**
   * The token in the target's environment (`TERMAUDIT_RUN`, see run-token.ts) that every process it starts
   * inherits: stopping the target stops the processes that carry it.
   */
  runToken: string;
}

/** The terminal type the recorder emulates; the renderer (xterm.js) understands everything it announces. */
export const TERMINAL_NAME = 'xterm-256color';

/**
 * Variables describing the terminal termaudit itself runs in, which would mislead the target: COLUMNS
 * and LINES would override the pty size, TMUX and STY would make it talk to a multiplexer that is not
 * there. node-pty drops the same ones, but only when given `process.env` itself.
 */
const hostTerminalVariables = ['COLUMNS', 'LINES', 'TERMCAP', 'TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'WINDOWID'];

/** targetEnvironment builds the target's environment: the caller's, the terminal's, then `extra`. */
export function targetEnvironment(
  inherited: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(inherited)) {
    if (value !== undefined && !hostTerminalVariables.includes(key)) env[key] = value;
  }
  return { ...env, TERM: TERMINAL_NAME, COLORTERM: 'truecolor', ...extra };
}

const shellSafe = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** formatCommandLine joins a command and its arguments the way a shell would need them quoted. */
export function formatCommandLine(command: string, args: readonly string[] = []): string {
  return [command, ...args]
    .map((word) => (shellSafe.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * resolveExecutable finds the file `command` runs, like `which`: a command containing `/` is a path
 * (relative to `cwd`), any other is looked up in the directories of `path`. Throws ConfigError if none.
 */
export async function resolveExecutable(command: string, path: string | undefined, cwd: string): Promise<string> {
  if (command === '') throw new ConfigError('command: the command is empty');
  if (command.includes('/')) {
    const file = resolve(cwd, command);
    if (await isExecutableFile(file)) return file;
    try {
      await stat(file);
    } catch {
      throw new ConfigError(`command not found: ${command} (no such file)`);
    }
    throw new ConfigError(`command is not an executable file: ${command}`);
  }
  for (const dir of (path ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory, as for the shell.
    const file = join(dir === '' ? cwd : isAbsolute(dir) ? dir : resolve(cwd, dir), command);
    if (await isExecutableFile(file)) return file;
  }
  throw new ConfigError(`command not found: ${command} (looked in PATH)`);
}

/** checkWorkingDirectory resolves `cwd` and throws ConfigError unless it is an existing directory. */
export async function checkWorkingDirectory(cwd: string): Promise<string> {
  const absolute = resolve(cwd);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch {
    throw new ConfigError(`--cwd: ${cwd} does not exist`);
  }
  if (!isDirectory) throw new ConfigError(`--cwd: ${cwd} is not a directory`);
  return absolute;
}

/**
 * prepareTarget validates the target and resolves its executable, cwd and environment (with a new run
 * token); it creates nothing.
 */
export async function prepareTarget(options: TargetOptions): Promise<PreparedTarget> {
  const { cols, rows } = resolveRecordSettings({ cols: options.cols, rows: options.rows });
  const cwd = await checkWorkingDirectory(options.cwd ?? process.cwd());
  const runToken = newRunToken();
  const env = withRunToken(targetEnvironment(process.env, options.env), runToken);
  const args = options.args ?? [];
  const executable = await resolveExecutable(options.command, env.PATH, cwd);
  return { executable, args, commandLine: formatCommandLine(options.command, args), cwd, cols, rows, env, runToken };
}
