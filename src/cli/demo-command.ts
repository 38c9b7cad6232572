/**
 * `termaudit demo [options]`: runs the built-in target program, a scripted multi-agent coordination
 * display, to try the pretest gate and the recorder on something realistic.
 */
import type { Command } from 'commander';
import { runDemo, demoFailures, demoPaletteNames, type DemoFailure, type DemoOptions, type DemoPaletteName } from '../demo/index.js';
import { ConfigError } from '../errors.js';
import { checkOutputPath } from '../output-path.js';
import { runCommand } from './command-run.js';
import { integerOption, numberOption } from './option-parsers.js';

/** DemoFlags are the parsed options: the demo's own, less what the CLI supplies itself. */
type DemoFlags = Omit<DemoOptions, 'signal' | 'cwd'>;

/** failureOption parses `--fail`, naming the accepted modes on a typo. */
function failureOption(value: string): DemoFailure {
  if (!(demoFailures as readonly string[]).includes(value)) {
    throw new ConfigError(`--fail: unknown failure mode "${value}" (choose from ${demoFailures.join(', ')})`);
  }
  return value as DemoFailure;
}

/** paletteOption parses `--palette`, naming the accepted palettes on a typo. */
function paletteOption(value: string): DemoPaletteName {
  if (!(demoPaletteNames as readonly string[]).includes(value)) {
    throw new ConfigError(`--palette: unknown palette "${value}" (choose from ${demoPaletteNames.join(', ')})`);
  }
  return value as DemoPaletteName;
}

/** registerDemoCommand declares `demo`. */
export function registerDemoCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('demo')
    .option('--agents <n>', 'number of agents (1 to 6, default 3)', integerOption('--agents', 1, 6))
    .option('--seed <n>', 'seed of the scripted run (default 1)', integerOption('--seed', 0))
    .option('--speed <factor>', 'playback speed, 10 = ten times faster (default 1: a run of about 40s)', numberOption('--speed'))
    .option('--question <text>', 'the question the agents answer')
    .option('--automation', 'plain output for tools: LOG_DIR/STATUS lines, status.json, summary lines; no ANSI')
    .option('--log-dir <dir>', 'log directory in automation mode (default: .termaudit-demo/log_<timestamp>)')
    .option('--fail <mode>', `simulate a failure: ${demoFailures.join(', ')}`, failureOption)
    .option(
      '--palette <name>',
      'colors of the rich display: default, or low-contrast (body text in a dark gray that fails WCAG contrast: a deliberately poor display to audit; same text)',
      paletteOption,
    )
    .action(async (flags: DemoFlags) => {
      await runCommand({ stages: [] }, async (run) => {
        if (flags.logDir !== undefined) await checkOutputPath('--log-dir', flags.logDir);
        await runDemo({ ...flags, signal: run.signal });
      });
    });
}
