/**
 * `termaudit render <session.cast> [-o <out>] [options]`: renders a cast into videos, frames and text.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { createRunReporter } from '../automation/run-reporter.js';
import { InterruptedError } from '../errors.js';
import { render, type OutputFormat, type RenderOptions } from '../render/index.js';
import { watchInterrupts } from './interrupt.js';
import { renderFraction, renderProgressDetail } from './progress.js';
import { addRenderFlags, renderOptionsOf, type RenderFlags } from './render-options.js';

const formatByExtension: Record<string, OutputFormat> = { '.mp4': 'mp4', '.webm': 'webm', '.gif': 'gif', '.txt': 'txt' };

/** outputTarget interprets `-o`: a file whose extension names a format, or a directory. */
export function outputTarget(castPath: string, out: string | undefined, formats: readonly OutputFormat[] | undefined) {
  const format = out ? formatByExtension[extname(out).toLowerCase()] : undefined;
  if (out && format) {
    return { outDir: dirname(out), formats: formats ?? [format], outputPaths: { [format]: out } as RenderOptions['outputPaths'] };
  }
  return { outDir: out ?? dirname(castPath), formats: formats ?? (['mp4'] as OutputFormat[]), outputPaths: undefined };
}

/** registerRenderCommand declares `render`. */
export function registerRenderCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('render')
    .description('render an asciicast (v1, v2 or v3) to MP4 and other formats, in virtual time')
    .argument('<cast>', 'the asciicast file (e.g. recordings/<run>/session.cast)')
    .option('-o, --out <path>', 'output directory, or a file named by format (demo.mp4, demo.gif); default: beside the cast')
    .option('--lenient', 'skip unreadable lines (reporting each) instead of failing')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, then RESULT, EXIT_CODE, DURATION and the output paths (status.json is written either way)');
  addRenderFlags(command).action(async (castPath: string, flags: RenderFlags & { out?: string; lenient?: boolean; automation?: boolean }) => {
    const interrupts = watchInterrupts();
    const reporter = createRunReporter({ automation: flags.automation, command: ['termaudit', ...process.argv.slice(2)], stages: ['render'] });
    const outputs: Record<string, string> = {};
    let failure: unknown;
    try {
      const target = outputTarget(castPath, flags.out, flags.format);
      // The output directory is this run's directory; a cast that is not there is reported by render()
      // before anything is created.
      if (existsSync(castPath)) {
        await mkdir(target.outDir, { recursive: true });
        reporter.attach(target.outDir);
        reporter.startStage('render');
      }
      const result = await render(castPath, {
        ...renderOptionsOf(flags),
        ...target,
        lenient: flags.lenient,
        signal: interrupts.first,
        onProgress: (update) => reporter.progress('render', renderFraction(update), renderProgressDetail(update)),
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      });
      reporter.finishStage('render', 'done');
      Object.assign(outputs, result.outputs, { screen: result.screenTextPath });
      if (!reporter.automation) {
        for (const [format, path] of Object.entries(result.outputs)) process.stdout.write(`${format}: ${path}\n`);
        process.stdout.write(
          `rendered ${result.framesRasterized} distinct frames, ${result.videoDuration.toFixed(2)}s of video in ${result.wallSeconds.toFixed(1)}s` +
            (result.missingGlyphs > 0 ? ` (${result.missingGlyphs} cells with missing glyphs)` : '') +
            '\n',
        );
      }
    } catch (error) {
      failure = interrupts.received && !(error instanceof InterruptedError) ? new InterruptedError(interrupts.received) : error;
    } finally {
      interrupts.dispose();
    }
    await reporter.conclude(failure, outputs);
    setExitCode(0);
  });
}
