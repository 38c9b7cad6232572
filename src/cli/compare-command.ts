/**
 * `termaudit compare`: placeholder registered by the lead; the owner of this file replaces it.
 */
import type { Command } from 'commander';

/** registerCompareCommand declares `compare`. */
export function registerCompareCommand(program: Command, setExitCode: (code: number) => void): void {
  program.command('compare').action(() => setExitCode(1));
}
