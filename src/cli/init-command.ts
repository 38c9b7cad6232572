/**
 * `termaudit init [--out <file>] [--force] -- <command> [args...]`: writes a commented starter pipeline
 * for a command (see `src/pipeline/init.ts`), ready for `termaudit run`.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { checkOutputPath } from '../output-path.js';
import { writeStarterPipeline } from '../pipeline/init.js';

/** registerInitCommand declares `init`. */
export function registerInitCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('init')
    .argument('<command...>', 'the program to audit and its arguments (after --)')
    .passThroughOptions()
    .option('-o, --out <file>', 'the pipeline file to write (default: pipeline/<name>.yaml, named after the command)')
    .option('--force', 'overwrite the file when it exists')
    .action(async (command: string[], flags: { out?: string; force?: boolean }) => {
      // An existing file or a bad path is a ConfigError: main prints it as one line and exits 1.
      if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
      const path = await writeStarterPipeline(command, { out: flags.out, force: flags.force });
      const shown = relative(process.cwd(), path) || path;
      process.stdout.write(`wrote ${shown}: edit it (each key is explained in its comments), then run: termaudit run ${shown}\n`);
    });
}
