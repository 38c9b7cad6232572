/**
 * `termaudit tape check <file.tape>`: parses and validates a tape without running it, for editors and CI.
 */
import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { checkTape } from '../tape/check-tape.js';

/** registerTapeCommand declares `tape` and its `check` subcommand. */
export function registerTapeCommand(program: Command, _setExitCode?: (code: number) => void): void {
  const tape = program.command('tape');
  tape
    .command('check')
    .description('parse and validate a tape without running it: exit 0 when valid, 1 with every error')
    .argument('<tape>', 'the .tape file')
    .action((path: string) => {
      const result = checkTape(path);
      for (const warning of result.renderedWarnings) process.stderr.write(`${warning}\n`);
      if (!result.valid) {
        // main prints `termaudit: <message>` and exits 1; the message carries every located error.
        throw new ConfigError(`${result.summary}\n${result.renderedErrors.join('\n')}`);
      }
      process.stdout.write(`${result.summary}\n`);
    });
}
