/**
 * `termaudit render <session.cast> [-o <out>] [options]`: renders a cast into videos, frames and text.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { checkOutputPath } from '../output-path.js';
import type { OutputFormat } from '../render/render-settings.js';
import { runScenario } from '../scenario/index.js';
import { reporterHooks, runCommand } from './command-run.js';
import { addRenderFlags, renderSettingsOf, type RenderFlags } from './render-options.js';

const formatByExtension: Record<string, OutputFormat> = { '.mp4': 'mp4', '.webm': 'webm', '.gif': 'gif', '.txt': 'txt' };

/** outputTarget interprets `-o`: a file whose extension names a format, or a directory. */
export function outputTarget(castPath: string, out: string | undefined, formats: readonly OutputFormat[] | undefined) {
  const format = out ? formatByExtension[extname(out).toLowerCase()] : undefined;
  if (out && format) {
    return { outDir: dirname(out), formats: formats ? [...formats] : [format], outputPaths: { [format]: out } as Partial<Record<OutputFormat, string>> };
  }
  return { outDir: out ?? dirname(castPath), formats: formats ? [...formats] : undefined, outputPaths: undefined };
}

/** registerRenderCommand declares `render`. */
export function registerRenderCommand(program: Command, _setExitCode?: (code: number) => void): void {
  const command = program
    .command('render')
    .argument('<cast>', 'the asciicast file (e.g. recordings/<run>/session.cast)')
    .option('-o, --out <path>', 'output directory, or a file named by format (demo.mp4, demo.gif); default: beside the cast')
    .option('--lenient', 'skip unreadable lines (reporting each) instead of failing')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, then RESULT, EXIT_CODE, DURATION and the output paths (status.json is written either way)');
  addRenderFlags(command).action(async (castPath: string, flags: RenderFlags & { out?: string; lenient?: boolean; automation?: boolean }) => {
    const { out, lenient, automation } = flags;
    const settings = renderSettingsOf(flags);
    await runCommand({ automation, stages: ['render'] }, async (run) => {
      if (out !== undefined) await checkOutputPath('--out', out);
      const target = outputTarget(castPath, out, settings.formats);
      // The output directory is this run's directory; a cast that is not there is reported by render before anything is created.
      if (existsSync(castPath)) {
        await mkdir(target.outDir, { recursive: true });
        run.reporter.attach(target.outDir);
      }
      const outcome = await runScenario({ stages: ['render'], dir: target.outDir, render: { ...settings, ...target, cast: castPath }, lenient, signal: run.signal }, reporterHooks(run));
      const result = outcome.rendered;
      if (result) Object.assign(run.outputs, result.outputs, { screen: result.screenTextPath });
      if (outcome.failure) throw outcome.failure;
      if (result && !run.reporter.automation) {
        for (const [format, path] of Object.entries(result.outputs)) process.stdout.write(`${format}: ${path}\n`);
        process.stdout.write(
          `rendered ${result.framesRasterized} distinct frames, ${result.videoDuration.toFixed(2)}s of video in ${result.wallSeconds.toFixed(1)}s` +
            (result.missingGlyphs > 0 ? ` (${result.missingGlyphs} cells with missing glyphs)` : '') +
            '\n',
        );
      }
    });
  });
}
