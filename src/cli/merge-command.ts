/**
 * `termaudit merge`: placeholder registered by the lead; the owner of this file replaces it.
 */
import type { Command } from 'commander';

/** registerMergeCommand declares `merge`. */
export function registerMergeCommand(program: Command, setExitCode: (code: number) => void): void {
  program.command('merge').action(() => setExitCode(1));
}
