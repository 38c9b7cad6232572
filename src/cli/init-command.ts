/**
 * `termaudit init [--out <file>] [--force] [--no-probe] [--probe-for <duration>] -- <command> [args...]`:
 * probes the command briefly and writes a commented starter pipeline for it (and a starter tape for a
 * program that waits for input; see `src/pipeline/init.ts`), ready for `termaudit run`.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { shownText } from '../errors.js';
import { checkOutputPath } from '../output-path.js';
import { describeInit, writeStarterPipeline } from '../pipeline/init.js';
import { PROBE_DEFAULTS } from '../pipeline/init-probe.js';
import { durationIn, settingOption } from '../settings.js';
import { INTERRUPT_SIGNALS } from './command-run.js';
import { surviveLostOutput } from './lost-terminal.js';

/** registerInitCommand declares `init`. */
export function registerInitCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('init')
    .argument('<command...>', 'the program to audit and its arguments (after --)')
    .passThroughOptions()
    .option('-o, --out <file>', 'the pipeline file to write (default: pipeline/<name>.yaml, named after the command)')
    .option('--force', 'overwrite the pipeline file (and its starter tape) when they exist')
    .option('--no-probe', 'do not run the program to see what kind it is (full-screen, waits for input, exits by itself)')
    .option('--probe-for <duration>', `how long the probe watches the program at most (default ${PROBE_DEFAULTS.forMs / 1000}s)`, settingOption(durationIn('ms'), '--probe-for'))
    .action(async (command: string[], flags: { out?: string; force?: boolean; probe: boolean; probeFor?: number }) => {
      // An existing file or a bad path is a ConfigError: main prints it as one line and exits 1.
      if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
      // Its lines piped into `head -1` must not crash it once the files are written.
      surviveLostOutput();
      // Ctrl-C during the probe stops the program and writes nothing (exit 4).
      const interrupt = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => interrupt.abort(signal);
      for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
      try {
        const result = await writeStarterPipeline(command, { out: flags.out, force: flags.force, probe: flags.probe, probeForMs: flags.probeFor, signal: interrupt.signal });
        const shown = (path: string) => relative(process.cwd(), path) || path;
        for (const line of describeInit(result, shown)) process.stdout.write(`${shownText(line)}\n`);
      } finally {
        for (const signal of INTERRUPT_SIGNALS) process.off(signal, onSignal);
      }
    });
}
