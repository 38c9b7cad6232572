/**
 * `termaudit score`: placeholder registered by the lead; the owner of this file replaces it.
 */
import type { Command } from 'commander';

/** registerScoreCommand declares `score`. */
export function registerScoreCommand(program: Command, setExitCode: (code: number) => void): void {
  program.command('score').action(() => setExitCode(1));
}
