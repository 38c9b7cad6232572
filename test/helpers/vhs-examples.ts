/**
 * VHS's own example tapes (test/fixtures/vhs-examples, copied from charmbracelet/vhs with their manifest):
 * `recordVhsExample` records one as written, with the real CLI, in a directory of its own (its `Output`
 * lines are relative to where VHS runs, so they land there), and `vhsExampleProblems` checks the result
 * against what VHS's own rules give: the terminal's columns and rows, the frame size of every output and
 * the tape's own font size (never shrunk to fit).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliRun } from './cli.js';
import { fixturePath, makeTempDir } from './paths.js';
import { probeVideo } from './video-probe.js';

/** VhsExample is one tape of the manifest. */
export interface VhsExample {
  /** Path in the VHS repository, e.g. `examples/commands/alt.tape`; the fixture sits at the same path. */
  path: string;
  sha256: string;
  /** The tape's `Output` paths, as written. */
  outputs: string[];
  /** What VHS's rules give the tape: frame size, terminal grid and cell size in px. */
  vhs: { width: number; height: number; cols: number; rows: number; cellWidth: number; cellHeight: number };
}

/** VhsExampleManifest is test/fixtures/vhs-examples/manifest.json. */
export interface VhsExampleManifest {
  source: { repo: string; commit: string; license: string; licenseFile: string };
  tapes: VhsExample[];
}

export const VHS_EXAMPLES_DIR = fixturePath('vhs-examples');

/** VHS's font size when a tape sets none (vhs.go). */
const VHS_DEFAULT_FONT_SIZE = 22;

/** readVhsExamples reads the manifest. */
export function readVhsExamples(): VhsExampleManifest {
  return JSON.parse(readFileSync(join(VHS_EXAMPLES_DIR, 'manifest.json'), 'utf8')) as VhsExampleManifest;
}

/** vhsExample returns the manifest entry whose path ends with `name` (`alt.tape`, `settings/width.tape`). */
export function vhsExample(name: string): VhsExample {
  const found = readVhsExamples().tapes.find((tape) => tape.path === name || tape.path.endsWith(`/${name}`));
  if (!found) throw new Error(`no VHS example tape ${name} in the manifest`);
  return found;
}

/** RecordedExample is what recording one example left behind. */
export interface RecordedExample {
  run: CliRun;
  /** The directory the tape ran in (its Output paths are relative to it). */
  cwd: string;
  /** The run directory (cast, meta.json). */
  out: string;
}

/** recordVhsExample records a VHS example tape exactly as written (no flags that change it) in a fresh directory. */
export async function recordVhsExample(example: VhsExample, extraArgs: string[] = []): Promise<RecordedExample> {
  const cwd = makeTempDir('termaudit-vhs-example-');
  const out = join(cwd, 'termaudit-run');
  const run = await runCli(['record', '--tape', join(VHS_EXAMPLES_DIR, example.path), '--out', out, ...extraArgs], { cwd });
  return { run, cwd, out };
}

/** vhsExampleProblems lists how a recorded example differs from VHS's geometry (nothing when it matches). */
export async function vhsExampleProblems(example: VhsExample, recorded: RecordedExample): Promise<string[]> {
  const { run, cwd, out } = recorded;
  if (run.code !== 0) return [`exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`];
  const problems: string[] = [];
  const header = JSON.parse(readFileSync(join(out, 'session.cast'), 'utf8').split('\n')[0]) as { width: number; height: number };
  if (header.width !== example.vhs.cols || header.height !== example.vhs.rows) {
    problems.push(`terminal ${header.width}x${header.height}, VHS gives ${example.vhs.cols}x${example.vhs.rows}`);
  }
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { render?: { settings?: { fontSize?: number } } };
  const fontSize = Number(/^Set FontSize (\S+)/m.exec(readFileSync(join(VHS_EXAMPLES_DIR, example.path), 'utf8'))?.[1] ?? VHS_DEFAULT_FONT_SIZE);
  if (meta.render?.settings?.fontSize !== fontSize) problems.push(`font size ${meta.render?.settings?.fontSize} px, the tape sets ${fontSize} px`);
  const tapeText = readFileSync(join(VHS_EXAMPLES_DIR, example.path), 'utf8');
  const screenshots = [...tapeText.matchAll(/^Screenshot (\S+)/gm)].map((match) => match[1]);
  for (const output of [...example.outputs, ...screenshots]) {
    const path = join(cwd, output);
    if (!existsSync(path)) {
      problems.push(`no ${output}`);
      continue;
    }
    if (output.endsWith('/')) continue;
    const video = await probeVideo(path);
    // GIF and PNG keep the exact size; 4:2:0 video is padded by one pixel of background on an odd side.
    const even = (side: number) => (/\.(mp4|webm)$/.test(output) ? side + (side % 2) : side);
    if (video.width !== even(example.vhs.width) || video.height !== even(example.vhs.height)) {
      problems.push(`${output} is ${video.width}x${video.height}, VHS makes ${example.vhs.width}x${example.vhs.height}`);
    }
  }
  return problems;
}
