/**
 * `npm run bench`: the performance figures of termaudit, each next to a baseline measured in the same run.
 *
 * 1. Startup: `termaudit --version` against `node -e 0` (goal: at most 3×), and `--help` and `models --json`
 *    (one light command) for information; medians of 5 fresh processes each.
 * 2. Render a generated 60 s busy-TUI cast (120×36, full-screen redraws with colors 10×/s, a scrolling log,
 *    a progress bar) to a 1920×1080 30 fps MP4, and at the default size: wall time, real-time factor,
 *    distinct frames, frames/s, peak RSS (each render in a process of its own).
 * 3. Memory flat in the cast's length: the same TUI for 600 s, peak RSS against the 60 s render.
 * 4. Recording overhead: 50 MB of output under `record()` against util-linux `script -qc`, and with a secret to mask (its worst case).
 * 5. The rasterizer alone: ms per full repaint and per small change.
 * 6. Evaluate: the estimated cost of the default audit (the default profile's prompts × 12 frames of 80×24
 *    on gpt-6-luna, the default model, on gpt-4.1 and on gpt-4.1-mini), frames as sent before and after they
 *    were cropped, per prompt and combined, one sample and three, with and without prompt-cache ordering,
 *    and compare --pairwise's two calls with all frames and capped; the wall time of five prompts in
 *    flight against a local OpenAI-compatible server that delays every reply 2 s, against one prompt alone,
 *    one at a time, and answered from the response cache.
 * 7. The floor: ffmpeg alone encoding the very same frame sequence (same count, size, timestamps and
 *    settings) from raw RGBA already in memory. Render+encode is reported as a multiple of it.
 *
 * It prints figures and asserts nothing (benchmarks are not tests). `--quick` skips the 600 s render.
 * `--only <section>` runs one section: startup, render, memory, record, raster, evaluate or floor (the ratios
 * to the 1920×1080 render are then left out).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { planLayout } from '../../src/render/raster/layout.js';
import { Rasterizer } from '../../src/render/raster/rasterizer.js';
import { replayFrames, type ReplayEnd } from '../../src/render/replay.js';
import { loadTheme } from '../../src/render/theme.js';
import { frameSlot } from '../../src/render/timeline.js';
import { writeBusyTuiCast } from './busy-tui-cast.js';
import { measureEncodeFloor } from './encode-floor.js';
import { estimateAuditCost, measureEvaluateLatency, type EvaluateRun } from './evaluate.js';
import { benchmarkRasterizer } from './raster.js';
import { measureRecordOverhead } from './record-overhead.js';
import { measureStartup } from './startup.js';

interface RenderFigures {
  wallSeconds: number;
  framesRasterized: number;
  videoDuration: number;
  castDuration: number;
  frameWidth: number;
  frameHeight: number;
  maxRssMegabytes: number;
}

/** SECTIONS are the parts of the benchmark, in the order they run; `--only` names one. */
const SECTIONS = ['startup', 'render', 'memory', 'record', 'raster', 'evaluate', 'floor'] as const;
type Section = (typeof SECTIONS)[number];

/** onlySection reads `--only <section>` (or `--only=<section>`); undefined runs every section. */
function onlySection(argv: readonly string[]): Section | undefined {
  const index = argv.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (index < 0) return undefined;
  const value = argv[index].startsWith('--only=') ? argv[index].slice('--only='.length) : argv[index + 1];
  if (!(SECTIONS as readonly string[]).includes(value ?? '')) {
    console.error(`--only: expected one of ${SECTIONS.join(', ')}, got ${JSON.stringify(value ?? '')}`);
    process.exit(1);
  }
  return value as Section;
}

const quick = process.argv.includes('--quick');
const only = onlySection(process.argv.slice(2));
const runs = (section: Section) => only === undefined || only === section;
const work = mkdtempSync(join(tmpdir(), 'termaudit-bench-'));
const childScript = new URL('./render-child.mjs', import.meta.url).pathname;

function renderInChild(castPath: string, name: string, size?: { width: number; height: number }): RenderFigures {
  const args = [childScript, castPath, join(work, name), ...(size ? [String(size.width), String(size.height)] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as RenderFigures;
}

/** collectFrames renders the cast's distinct frames into memory, as the encoder receives them. */
async function collectFrames(castPath: string, size: { width: number; height: number }) {
  const summary = await summarizeCast(castPath);
  const rasterizer = await Rasterizer.create(planLayout(summary.maxCols, summary.maxRows, size), loadTheme());
  const frames: Buffer[] = [];
  const timesSeconds: number[] = [];
  const end: ReplayEnd = { videoDuration: 0 };
  for await (const frame of replayFrames(castPath, summary, { fps: 30 }, end)) {
    frames.push(Buffer.from(await rasterizer.draw(frame.snapshot)));
    timesSeconds.push(frame.time);
  }
  // The renderer holds the last frame until the end with one more copy of it, one slot before the end.
  const endSlot = frameSlot(end.videoDuration + 2, 30);
  frames.push(frames.at(-1)!);
  timesSeconds.push((endSlot - 1) / 30);
  return { frames, timesSeconds };
}

const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
const ratio = (value: number) => `${value.toFixed(2)}×`;
const dollars = (value: number) => `$${value.toFixed(4)}`;

try {
  console.log(`termaudit benchmark · node ${process.version} · ${(await import('node:os')).cpus().length} cores`);
  if (runs('startup')) {
    const startup = measureStartup();
    console.log(`\nStartup: fresh processes, spawn to exit (median of ${startup.node.runs.length} each)`);
    const versusNode = (seconds: number) => `${seconds.toFixed(3)} s (${ratio(seconds / startup.node.medianSeconds)} node -e 0)`;
    line(startup.node.command, `${startup.node.medianSeconds.toFixed(3)} s`);
    for (const times of [startup.version, startup.help, startup.models]) line(times.command, versusNode(times.medianSeconds));
  }

  const cast60 = join(work, 'busy-60.cast');
  if (runs('render') || runs('memory') || runs('floor')) await writeBusyTuiCast(cast60, { seconds: 60 });
  // The 1920×1080 render is the reference of the memory and floor ratios, which are left out without it.
  let hd: RenderFigures | undefined;

  if (runs('render')) {
    console.log('\nRender: 60 s busy TUI, 120×36 → 1920×1080, 30 fps MP4');
    hd = renderInChild(cast60, 'hd', { width: 1920, height: 1080 });
    line('wall time', `${hd.wallSeconds.toFixed(2)} s`);
    line('real-time factor (cast duration / wall time)', ratio(hd.castDuration / hd.wallSeconds));
    line('distinct frames rasterized', String(hd.framesRasterized));
    line('frames rasterized and encoded per second', (hd.framesRasterized / hd.wallSeconds).toFixed(1));
    line('peak RSS', `${hd.maxRssMegabytes.toFixed(0)} MB`);

    console.log(`\nRender at the default size`);
    const small = renderInChild(cast60, 'default');
    line('frame size', `${small.frameWidth}×${small.frameHeight}`);
    line('wall time', `${small.wallSeconds.toFixed(2)} s`);
    line('real-time factor', ratio(small.castDuration / small.wallSeconds));
    line('peak RSS', `${small.maxRssMegabytes.toFixed(0)} MB`);
  }

  if (runs('memory') && !quick) {
    console.log('\nMemory against the cast length: the same TUI for 600 s at 1920×1080');
    const cast600 = join(work, 'busy-600.cast');
    await writeBusyTuiCast(cast600, { seconds: 600 });
    const long = renderInChild(cast600, 'long', { width: 1920, height: 1080 });
    line('wall time', `${long.wallSeconds.toFixed(1)} s (${ratio(long.castDuration / long.wallSeconds)} real time, ${long.framesRasterized} frames)`);
    line('peak RSS 600 s', `${long.maxRssMegabytes.toFixed(0)} MB`);
    if (hd) line('peak RSS 600 s / 60 s', ratio(long.maxRssMegabytes / hd.maxRssMegabytes));
    rmSync(cast600, { force: true });
  }

  if (runs('record')) {
    console.log('\nRecording overhead: 50 MB of output, record() against `script -qc`');
    const overhead = await measureRecordOverhead();
    line('termaudit record (median)', `${overhead.termauditSeconds.toFixed(3)} s`);
    line('script -qc (median)', `${overhead.scriptSeconds.toFixed(3)} s`);
    line('record / script', ratio(overhead.ratio));
    line('record masking a secret, worst case (median)', `${overhead.maskedSeconds.toFixed(3)} s`);
    line('masked / unmasked record', ratio(overhead.maskedRatio));
  }

  if (runs('raster')) {
    console.log('\nRasterizer alone: 120×36 at 1920×1080');
    const raster = await benchmarkRasterizer();
    line('full repaint (glyphs cached)', `${raster.fullRepaintMs.toFixed(2)} ms/frame`);
    line('small change (a character and the cursor)', `${raster.smallChangeMs.toFixed(2)} ms/frame`);
  }

  if (runs('evaluate')) {
    const cost = await estimateAuditCost();
    const { cols, rows } = cost.terminal;
    console.log(`\nEvaluate: estimated cost of the default audit, ${cost.prompts} prompts (${cost.criteria} criteria) × ${cost.frames} frames of ${cols}×${rows}`);
    line('rubric text per prompt (estimated tokens)', `${cost.rubricTokens.join(', ')} (${cost.rubricTokens.reduce((a, b) => a + b, 0)} in all; ${cost.combinedRubricTokens} in one request)`);
    for (const model of cost.models) {
      const { frameBefore: before, frameSent: sent } = model;
      line(`${model.model}: tokens per frame`, `${before.tokens} → ${sent.tokens} (${before.width}×${before.height} → ${sent.width}×${sent.height}, font ${sent.fontSize} px, cropped to the grid)`);
      for (const scenario of model.scenarios) {
        const samples = scenario.samples === 1 ? '1 sample' : `${scenario.samples} samples ${scenario.samplesAsChoices ? '(n)' : `(${scenario.samples} req.)`}`;
        const how = `${scenario.frames === 'before' ? 'before' : 'cropped'}, ${scenario.requests}, ${samples}`;
        line(
          `${model.model}: ${how}`,
          `${dollars(scenario.costUsd)} for ${scenario.calls} call${scenario.calls === 1 ? '' : 's'}${scenario.cachedCostUsd < scenario.costUsd ? ` (${dollars(scenario.cachedCostUsd)} with the prompt cache)` : ''}; ${scenario.inputTokens} input, ${scenario.outputTokens} output tokens`,
        );
      }
    }
    const { pairwise } = cost;
    line('compare --pairwise, gpt-4.1', `${dollars(pairwise.allFramesBeforeUsd)} with all ${pairwise.framesBefore} frames → ${dollars(pairwise.cappedUsd)} with ${pairwise.framesCapped}`);

    const latency = await measureEvaluateLatency();
    const { onePrompt } = latency;
    const versusOne = (run: EvaluateRun) => `${run.wallSeconds.toFixed(2)} s (${ratio(run.wallSeconds / onePrompt.wallSeconds)} one prompt, ${run.maxInFlight} in flight at most)`;
    console.log(
      `\nEvaluate: wall time against a local OpenAI-compatible server, ${latency.latencyMs / 1000} s per reply, ${onePrompt.frames} frames per call`,
    );
    line('1 prompt (baseline)', `${onePrompt.wallSeconds.toFixed(2)} s (${(onePrompt.wallSeconds - latency.latencyMs / 1000).toFixed(2)} s beyond the reply)`);
    line(`${latency.concurrent.prompts} prompts, concurrency ${latency.concurrent.concurrency}`, versusOne(latency.concurrent));
    line(`${latency.defaultConcurrency.prompts} prompts, default concurrency ${latency.defaultConcurrency.concurrency}`, versusOne(latency.defaultConcurrency));
    line(`${latency.sequential.prompts} prompts, concurrency 1`, versusOne(latency.sequential));
    const cached = latency.fromResponseCache;
    line(
      `${cached.prompts} prompts again, from the response cache`,
      `${cached.wallSeconds.toFixed(2)} s, ${dollars(cached.costUsd)}, ${cached.fromCache} of ${cached.prompts} from cache, ${cached.requests} requests to the server`,
    );
    line(`${latency.combined.prompts} prompts in one request (--requests combined)`, `${versusOne(latency.combined)}, ${latency.combined.requests} request to the server`);
  }

  if (runs('floor')) {
    // Last: it holds every frame in memory (several GB); processes forked after it would pay for that.
    console.log('\nFloor: ffmpeg alone, the same frames as the 1920×1080 render, from raw RGBA in memory');
    const sequence = await collectFrames(cast60, { width: 1920, height: 1080 });
    const floor = await measureEncodeFloor({ width: 1920, height: 1080, fps: 30, sequence });
    sequence.frames.length = 0;
    line('frames encoded', String(floor.frameCount));
    line('wall time', `${floor.seconds.toFixed(2)} s (${floor.framesPerSecond.toFixed(1)} frames/s, ${floor.cpuMillisecondsPerFrame.toFixed(1)} ms CPU/frame)`);
    if (hd) {
      line('floor real-time factor', ratio(hd.castDuration / floor.seconds));
      line('1920×1080 render+encode / floor', ratio(hd.wallSeconds / floor.seconds));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
