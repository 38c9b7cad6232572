/**
 * `termaudit run`: placeholder registered by the lead; the owner of this file replaces it.
 */
import type { Command } from 'commander';

/** registerRunCommand declares `run`. */
export function registerRunCommand(program: Command, setExitCode: (code: number) => void): void {
  program.command('run').action(() => setExitCode(1));
}
