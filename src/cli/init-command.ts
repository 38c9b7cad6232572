/**
 * `termaudit init`: placeholder registered by the lead; the owner of this file replaces it.
 */
import type { Command } from 'commander';

/** registerInitCommand declares `init`. */
export function registerInitCommand(program: Command, setExitCode: (code: number) => void): void {
  program.command('init').action(() => setExitCode(1));
}
