/**
 * `npm run compat:casts [-- <id> …]`: renders every real cast of test/fixtures/casts/real (asciinema's own
 * casts, see its manifest.json) to a real MP4 with the default settings and checks each: the video lasts as
 * long as asciinema plays the cast plus the 2 s hold, the render warns of nothing and skips no line, and the
 * characters without a glyph are the ones the manifest expects. Prints a line per cast and the pass count;
 * exits 1 when any fails. The test (test/render/real-casts.test.ts) renders only a few of them, to stay fast.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { render } from '../src/render/index.js';
import { RENDER_DEFAULTS } from '../src/render/render-settings.js';
import { makeTempDir } from '../test/helpers/paths.js';
import { readRealCastManifest, realCastPath, videoDurationProblem, type RealCastEntry } from '../test/helpers/real-casts.js';
import { probeVideo } from '../test/helpers/video-probe.js';

/** problemsOf renders one cast and returns what is wrong with the result (nothing when it passes) and the video's length. */
async function problemsOf(cast: RealCastEntry): Promise<{ problems: string[]; seconds?: number }> {
  const outDir = makeTempDir('termaudit-compat-');
  const warnings: string[] = [];
  const castPath = realCastPath(cast);
  try {
    const result = await render(castPath, { outDir, formats: ['mp4'], onWarning: (message) => warnings.push(message) });
    const video = await probeVideo(result.outputs.mp4!);
    const problems = [
      videoDurationProblem(video.durationSeconds, cast.duration + RENDER_DEFAULTS.lastFrame, RENDER_DEFAULTS.fps),
      ...warnings.map((warning) => `warned: ${warning}`),
      result.skippedLines > 0 ? `skipped ${result.skippedLines} lines` : undefined,
      JSON.stringify(result.missingGlyphs.map((glyph) => glyph.character)) === JSON.stringify(cast.missingCharacters)
        ? undefined
        : `no glyph for ${JSON.stringify(result.missingGlyphs.map((glyph) => glyph.character))}, the manifest expects ${JSON.stringify(cast.missingCharacters)}`,
    ].filter((problem): problem is string => problem !== undefined);
    return { problems, seconds: video.durationSeconds };
  } catch (error) {
    return { problems: [`failed: ${(error as Error).message}`] };
  } finally {
    await rm(outDir, { recursive: true, force: true });
    if (cast.compression) await rm(dirname(castPath), { recursive: true, force: true }); // the unpacked copy
  }
}

const only = new Set(process.argv.slice(2));
const casts = readRealCastManifest().entries.filter((cast) => only.size === 0 || only.has(cast.id));
let passed = 0;
for (const cast of casts) {
  const started = performance.now();
  const { problems, seconds } = await problemsOf(cast);
  const took = ((performance.now() - started) / 1000).toFixed(1);
  const length = seconds === undefined ? '' : `${seconds.toFixed(2)} s of video, `;
  console.log(`${problems.length === 0 ? 'pass' : 'FAIL'} ${cast.id} (v${cast.version}, ${cast.source.repo}): ${length}expected ${(cast.duration + RENDER_DEFAULTS.lastFrame).toFixed(2)} s; rendered in ${took} s`);
  for (const problem of problems) console.log(`  ${problem}`);
  if (problems.length === 0) passed++;
}
console.log(`${passed} of ${casts.length} real casts pass`);
if (passed < casts.length) process.exitCode = 1;
