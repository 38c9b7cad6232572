/**
 * `termaudit report`: placeholder registered by the lead; the owner of this file replaces it.
 */
import type { Command } from 'commander';

/** registerReportCommand declares `report`. */
export function registerReportCommand(program: Command, setExitCode: (code: number) => void): void {
  program.command('report').action(() => setExitCode(1));
}
