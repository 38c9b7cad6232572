/**
 * The `termaudit` command line: a thin layer that parses argv into the options of each stage, runs it,
 * and maps errors to the documented exit codes in one place. It imports only the module of the command it
 * runs, and so only that command's stage; `--version`, the help and usage errors load no command module
 * (the help lists the commands from the table in `command-table.ts`).
 */
import { Command, CommanderError, Help } from 'commander';
import { ExitCode, exitCodeOf, isSystemError, messageOf, shownText, TermauditError } from '../errors.js';
import { addSecrets, redactProcessOutput, secretsOfArguments, secretsOfEnvironment } from '../secrets.js';
import { TOOL_VERSION } from '../version.js';
import { COMMANDS, type CommandEntry } from './command-table.js';

/** writeUsageError prints commander's usage errors as one `termaudit:` line with a pointer to --help. */
function writeUsageError(message: string, write: (text: string) => void): void {
  write(`termaudit: ${message.trim().replace(/^error: /, '')} (see termaudit --help)\n`);
}

/**
 * requestedCommand returns the table entry of the command that argv runs (`termaudit <command> …`) or asks
 * help for (`termaudit help <command>`); undefined when argv names none (no arguments, `--version`,
 * `--help`, `help`, an unknown command or option).
 */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  // The program's own options (-V, -h) come before a command (positional options) and end the run, so a
  // command can only be the first argument (after an optional `--`), or the next one after `help`.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const name = args[0] === 'help' ? args[1] : args[0];
  return COMMANDS.find((command) => command.name === name);
}

/**
 * buildProgram declares the program for argv: with the command argv runs, imported and registered (its
 * action resolves to its exit code), or, when argv names no command, with every command listed from the
 * table for help, version and usage errors, and no command module loaded.
 */
export async function buildProgram(argv: readonly string[], setExitCode: (code: number) => void): Promise<Command> {
  const program = new Command('termaudit')
    .description('Audit the user experience of terminal programs: record, render, sample, evaluate, score.')
    .version(TOOL_VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: writeUsageError });
  const requested = requestedCommand(argv);
  if (requested) {
    const register = await requested.load();
    register(program, setExitCode);
    // The table is where a command's description is written; the module declares the rest.
    program.commands.find((command) => command.name() === requested.name)?.description(requested.description);
  } else {
    // Placeholders that only the help lists; argv names none of them, so none is ever dispatched to.
    for (const entry of COMMANDS) program.command(entry.name).description(entry.description);
    const defaultHelp = new Help();
    program.configureHelp({
      subcommandTerm: (command) => {
        const entry = COMMANDS.find((listed) => listed.name === command.name());
        return entry ? `${entry.name} ${entry.usage}`.trimEnd() : defaultHelp.subcommandTerm(command);
      },
    });
  }
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: writeUsageError });
  return program;
}

/** reportError prints one line for an error and returns the exit code it maps to. */
export function reportError(error: unknown): number {
  if (error instanceof TermauditError) {
    process.stderr.write(`termaudit: ${shownText(error.message)}\n`);
    return exitCodeOf(error);
  }
  if (error instanceof CommanderError) {
    // commander has already printed its message; help and version are not errors.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.success;
    return ExitCode.config;
  }
  // A system error (a full disk, an unreadable file) is worded with its path; anything else is a defect of termaudit.
  process.stderr.write(`termaudit: ${isSystemError(error) ? '' : 'unexpected error: '}${shownText(messageOf(error))}\n`);
  if (process.env.TERMAUDIT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return exitCodeOf(error);
}

/** main runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.success;
  // Before anything is said or written: the secrets of the environment and the command line, and the
  // redaction of everything the process prints (see secrets.ts).
  addSecrets([...secretsOfEnvironment(process.env), ...secretsOfArguments(argv)]);
  redactProcessOutput();
  try {
    const program = await buildProgram(argv, (code) => {
      exitCode = code;
    });
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return reportError(error);
  }
  return exitCode;
}
