/**
 * `termaudit render <session.cast|run dir> [-o <out>] [options]`: renders a cast into videos, frames and text.
 */
import { constants, existsSync, statSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { summarizeCast } from '../asciicast/cast-reader.js';
import { ConfigError } from '../errors.js';
import { readJsonFileSync } from '../files.js';
import { CAST_FILE_NAME, META_FILE_NAME } from '../run-files.js';
import { checkOutputPath } from '../output-path.js';
import type { OutputFormat } from '../render/render-settings.js';
import { runScenario } from '../scenario/index.js';
import { reporterHooks, runCommand } from './command-run.js';
import { addRenderFlags, renderSettingsOf, type RenderFlags } from './render-options.js';

const formatByExtension: Record<string, OutputFormat> = { '.mp4': 'mp4', '.webm': 'webm', '.gif': 'gif', '.txt': 'txt' };

/**
 * otherRunIn tells whether `dir` holds another run than the one of `castPath`: a recording of its own, or a
 * meta.json that records another cast (a render of it).
 */
function otherRunIn(dir: string, castPath: string): boolean {
  const cast = join(dir, CAST_FILE_NAME);
  if (existsSync(cast)) return resolve(cast) !== resolve(castPath);
  const meta = readJsonFileSync<{ render?: { cast?: string } }>(join(dir, META_FILE_NAME));
  return meta !== undefined && (meta.render?.cast === undefined || resolve(meta.render.cast) !== resolve(castPath));
}

/**
 * outputTarget interprets `-o`: a file whose extension names a format, or a directory. Side files
 * (screen.txt, meta.json, status.json) go beside the outputs unless the directory holds another run: then
 * only a named file is written there, and a directory output there is refused, so that run's files are
 * never replaced.
 */
export function outputTarget(castPath: string, out: string | undefined, formats: readonly OutputFormat[] | undefined) {
  const format = out ? formatByExtension[extname(out).toLowerCase()] : undefined;
  const outDir = out && format ? dirname(out) : (out ?? dirname(castPath));
  const ours = !otherRunIn(outDir, castPath);
  if (out && format) {
    return { outDir, formats: formats ? [...formats] : [format], outputPaths: { [format]: out } as Partial<Record<OutputFormat, string>>, sideFiles: ours };
  }
  if (!ours) {
    throw new ConfigError(`-o: ${outDir} holds files of another run; render into the cast's own directory, a new directory, or name a file there (e.g. -o ${join(outDir, 'video.mp4')})`);
  }
  return { outDir, formats: formats ? [...formats] : undefined, outputPaths: undefined, sideFiles: true };
}

/** castOfInput is the cast `render` reads: the input, or a run directory's session.cast. */
function castOfInput(input: string): string {
  if (!statSync(input, { throwIfNoEntry: false })?.isDirectory()) return input;
  const cast = join(input, CAST_FILE_NAME);
  if (!existsSync(cast)) throw new ConfigError(`${input}: a directory without ${CAST_FILE_NAME}; name a cast file or a run directory`);
  return cast;
}

/** registerRenderCommand declares `render`. */
export function registerRenderCommand(program: Command, _setExitCode?: (code: number) => void): void {
  const command = program
    .command('render')
    .argument('<cast>', 'the asciicast file (e.g. recordings/<run>/session.cast), or a run directory holding one')
    .option('-o, --out <path>', 'output directory, or a file named by format (demo.mp4, demo.gif); default: beside the cast')
    .option('--lenient', 'skip unreadable lines (reporting each) instead of failing')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, then RESULT, EXIT_CODE, DURATION and the output paths (status.json is written either way)');
  addRenderFlags(command).action(async (input: string, flags: RenderFlags & { out?: string; lenient?: boolean; automation?: boolean }) => {
    const { out, lenient, automation } = flags;
    // A run directory stands for its recording, as for evaluate and report.
    const castPath = castOfInput(input);
    const settings = renderSettingsOf(flags);
    // A cast that is not there, or cannot be read, is reported before anything else is looked at or created.
    if (!(await access(castPath, constants.R_OK).then(() => true, () => false))) await summarizeCast(castPath);
    await runCommand({ automation, stages: ['render'] }, async (run) => {
      if (out !== undefined) await checkOutputPath('--out', out);
      const target = outputTarget(castPath, out, settings.formats);
      // The output directory is this run's directory (unless it is another run's).
      await mkdir(target.outDir, { recursive: true });
      if (target.sideFiles) run.reporter.attach(target.outDir);
      const outcome = await runScenario({ stages: ['render'], dir: target.outDir, render: { ...settings, ...target, cast: castPath }, lenient, signal: run.signal }, reporterHooks(run));
      const result = outcome.rendered;
      if (result) Object.assign(run.outputs, result.outputs, result.screenTextPath ? { screen: result.screenTextPath } : {});
      if (outcome.failure) throw outcome.failure;
      if (result && !run.reporter.automation) {
        for (const [format, path] of Object.entries(result.outputs)) process.stdout.write(`${format}: ${path}\n`);
        process.stdout.write(
          `rendered ${result.framesRasterized} distinct frames, ${result.videoDuration.toFixed(2)}s of video in ${result.wallSeconds.toFixed(1)}s` +
            (result.missingGlyphs.length > 0 ? ` (${result.missingGlyphs.length} characters without a glyph)` : '') +
            '\n',
        );
      }
    });
  });
}
