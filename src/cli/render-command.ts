/**
 * `termaudit render <session.cast> [-o <out>] [options]`: renders a cast into videos, frames and text.
 */
import { dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { InterruptedError } from '../errors.js';
import { render, type OutputFormat, type RenderOptions } from '../render/index.js';
import { watchInterrupts } from './interrupt.js';
import { createProgressPrinter } from './progress.js';
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
    .option('--lenient', 'skip unreadable lines (reporting each) instead of failing');
  addRenderFlags(command).action(async (castPath: string, flags: RenderFlags & { out?: string; lenient?: boolean }) => {
    const interrupts = watchInterrupts();
    const progress = createProgressPrinter();
    try {
      const target = outputTarget(castPath, flags.out, flags.format);
      const result = await render(castPath, {
        ...renderOptionsOf(flags),
        ...target,
        lenient: flags.lenient,
        signal: interrupts.first,
        onProgress: (update) => progress.render(update),
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      });
      progress.done();
      for (const [format, path] of Object.entries(result.outputs)) process.stdout.write(`${format}: ${path}\n`);
      process.stdout.write(
        `rendered ${result.framesRasterized} distinct frames, ${result.videoDuration.toFixed(2)}s of video in ${result.wallSeconds.toFixed(1)}s` +
          (result.missingGlyphs > 0 ? ` (${result.missingGlyphs} cells with missing glyphs)` : '') +
          '\n',
      );
      setExitCode(0);
    } catch (error) {
      progress.done();
      if (interrupts.received && !(error instanceof InterruptedError)) throw new InterruptedError(interrupts.received);
      throw error;
    } finally {
      interrupts.dispose();
    }
  });
}
