/**
 * `termaudit sample <input> [-o <dir>] [--frames N] [--strategy …]`: chooses still frames of a run, a cast
 * or a video and writes them as `frames/NN.png` plus `frames.json`.
 */
import type { Command } from 'commander';
import { checkOutputPath } from '../output-path.js';
import { sample, sampleStrategies, type SampleStrategy } from '../sample/index.js';
import { frameLabel } from '../sample/frame-label.js';
import { sampleRules, SAMPLE_DEFAULTS } from '../sample/sample-settings.js';
import { settingOption } from '../settings.js';
import { runCommand } from './command-run.js';

interface SampleFlags {
  out?: string;
  frames?: number;
  strategy?: SampleStrategy[];
  theme?: string;
  lenient?: boolean;
}

/** registerSampleCommand declares `sample`. */
export function registerSampleCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('sample')
    .argument('<input>', 'a run directory (with session.cast), a .cast file, or a video (mp4, webm, mov, mkv, gif)')
    .option('-o, --out <dir>', 'output directory; default: <run or cast dir>/sample, or <video dir>/<video name>.sample')
    .option('--frames <n>', `most frames to write (default ${SAMPLE_DEFAULTS.frames})`, settingOption(sampleRules.frames, '--frames'))
    .option(
      '--strategy <list>',
      `how frames are chosen, comma-separated, filling the cap in order: ${sampleStrategies.join(', ')} (default ${SAMPLE_DEFAULTS.strategies.join(',')})`,
      settingOption(sampleRules.strategies, '--strategy'),
    )
    .option('--theme <name|path>', "a built-in theme or an asciicast theme JSON file (casts; default: the cast's own)")
    .option('--lenient', 'skip unreadable cast lines instead of failing')
    .action(async (input: string, flags: SampleFlags) => {
      await runCommand({ stages: [] }, async (run) => {
        if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
        const result = await sample(input, {
          out: flags.out,
          frames: flags.frames,
          strategies: flags.strategy,
          theme: flags.theme,
          lenient: flags.lenient,
          signal: run.signal,
          onWarning: (message) => run.say(`warning: ${message}`),
        });
        const width = String(result.frames.length).length;
        for (const frame of result.frames) {
          process.stdout.write(`${frameLabel(frame.number, frame.time).replace(/\d+/, (number) => number.padStart(width))}  ${frame.reason}\n`);
        }
        process.stdout.write(`${result.frames.length} frames (of ${result.candidates} candidates): ${result.framesFile}\n`);
      });
    });
}
