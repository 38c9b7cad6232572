/**
 * The `termaudit` command line: a thin layer that parses argv into the options of each stage, runs it,
 * and maps errors to the documented exit codes in one place.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf, TermauditError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { registerDemoCommand } from './demo-command.js';
import { registerPretestCommand } from './pretest-command.js';
import { registerRecordCommand } from './record-command.js';
import { registerRenderCommand } from './render-command.js';
import { registerTapeCommand } from './tape-command.js';
import { registerWatchCommand } from './watch-command.js';
import { registerSampleCommand } from './sample-command.js';
import { registerEvaluateCommand } from './evaluate-command.js';
import { registerModelsCommand } from './models-command.js';
import { registerScoreCommand } from './score-command.js';
import { registerReportCommand } from './report-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerRunCommand } from './run-command.js';
import { registerInitCommand } from './init-command.js';
import { registerMergeCommand } from './merge-command.js';

/** writeUsageError prints commander's usage errors as one `termaudit:` line with a pointer to --help. */
function writeUsageError(message: string, write: (text: string) => void): void {
  write(`termaudit: ${message.trim().replace(/^error: /, '')} (see termaudit --help)\n`);
}

/** buildProgram declares every command; each command's action resolves to its exit code. */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('termaudit')
    .description('Audit the user experience of terminal programs: record, render, sample, evaluate, score.')
    .version(TOOL_VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: writeUsageError });
  registerPretestCommand(program, setExitCode);
  registerRecordCommand(program, setExitCode);
  registerRenderCommand(program, setExitCode);
  registerWatchCommand(program, setExitCode);
  registerTapeCommand(program, setExitCode);
  registerDemoCommand(program, setExitCode);
  registerSampleCommand(program, setExitCode);
  registerEvaluateCommand(program, setExitCode);
  registerModelsCommand(program, setExitCode);
  registerScoreCommand(program, setExitCode);
  registerReportCommand(program, setExitCode);
  registerCompareCommand(program, setExitCode);
  registerRunCommand(program, setExitCode);
  registerInitCommand(program, setExitCode);
  registerMergeCommand(program, setExitCode);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: writeUsageError });
  return program;
}

/** reportError prints one line for an error and returns the exit code it maps to. */
export function reportError(error: unknown): number {
  if (error instanceof TermauditError) {
    process.stderr.write(`termaudit: ${error.message}\n`);
    return exitCodeOf(error);
  }
  if (error instanceof CommanderError) {
    // commander has already printed its message; help and version are not errors.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.success;
    return ExitCode.config;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`termaudit: unexpected error: ${message}\n`);
  if (process.env.TERMAUDIT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return exitCodeOf(error);
}

/** main runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.success;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return reportError(error);
  }
  return exitCode;
}
