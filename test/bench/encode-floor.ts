/**
 * Encode floor: how fast ffmpeg alone turns raw RGBA frames into the MP4 that `FrameEncoder` writes, with
 * the very same arguments (`buildFfmpegArgs`) and the same Matroska framing on stdin. The frames are built
 * before timing starts and cycled, so the figure excludes rendering: no renderer can beat it.
 *
 * The floor is defined from RGBA input. The render stage sends I420 instead when every output is MP4 or
 * WebM (converted on our side, incrementally); `inputFormat: 'yuv420p'` measures ffmpeg alone from such
 * frames (converted before timing), for information.
 *
 * Run alone: `npx tsx test/bench/encode-floor.ts` (add `--variants` to compare x264 settings,
 * `--yuv420p` to also measure from I420 frames, `--frames N` to change the count).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFfmpegArgs, type EncodePlan, type InputPixelFormat } from '../../src/render/encode/ffmpeg-args.js';
import { ffmpegPath } from '../../src/ffmpeg/ffmpeg-binary.js';
import { matroskaFrameHeader, matroskaHeader } from '../../src/render/encode/matroska-stream.js';
import { Yuv420Frame } from '../../src/render/encode/yuv420.js';

/** EncodeFloorOptions sets the frames of one floor measurement. */
export interface EncodeFloorOptions {
  /** @default 1920 */
  width?: number;
  /** @default 1080 */
  height?: number;
  /** Frames encoded (the pre-built set is cycled). @default 300 */
  frameCount?: number;
  /** Frame rate of the timestamp grid; every frame takes the next slot. @default 30 */
  fps?: number;
  /** Builds the i-th distinct frame (RGBA, width*height*4 bytes). @default terminal-like frames from `terminalLikeFrame` */
  makeFrame?: (index: number) => Buffer;
  /** Distinct frames built before timing and cycled. @default 16 */
  distinctFrames?: number;
  /** Plan fields to vary (preset, crf). @default FrameEncoder's defaults */
  plan?: Pick<EncodePlan, 'preset' | 'crf'>;
  /** Rewrites the ffmpeg argv, to try settings the plan has no field for. @default none */
  transformArgs?: (args: string[]) => string[];
  /**
   * The exact frame sequence to encode, already in memory, with each frame's time in seconds (e.g. the
   * frames a render produced): replaces `makeFrame`, `distinctFrames` and `frameCount`.
   */
  sequence?: { frames: Buffer[]; timesSeconds: number[] };
  /**
   * Pixel format sent to ffmpeg. The floor is `rgba`; with `yuv420p` the RGBA frames are converted to I420
   * (by `Yuv420Frame`, whole, before timing starts) and ffmpeg runs without its scale filter. @default 'rgba'
   */
  inputFormat?: InputPixelFormat;
}

/** EncodeFloorResult is one measurement: time, rate and the MP4's size. */
export interface EncodeFloorResult {
  frameCount: number;
  seconds: number;
  framesPerSecond: number;
  /** CPU time ffmpeg used per frame (all its threads), in milliseconds. */
  cpuMillisecondsPerFrame: number;
  fileBytes: number;
}

/** measureEncodeFloor times ffmpeg alone encoding `frameCount` in-memory RGBA frames to FrameEncoder's MP4. */
export async function measureEncodeFloor(options: EncodeFloorOptions = {}): Promise<EncodeFloorResult> {
  const width = options.width ?? 1920;
  const height = options.height ?? 1080;
  const frameCount = options.sequence?.frames.length ?? options.frameCount ?? 300;
  const fps = options.fps ?? 30;
  const makeFrame = options.makeFrame ?? ((index: number) => terminalLikeFrame(width, height, index));
  const inputFormat = options.inputFormat ?? 'rgba';
  const rgbaFrames = options.sequence?.frames ?? Array.from({ length: Math.min(options.distinctFrames ?? 16, frameCount) }, (_, index) => makeFrame(index));
  const frames = inputFormat === 'yuv420p' ? rgbaFrames.map((frame) => Buffer.from(new Yuv420Frame(width, height).update(frame))) : rgbaFrames;
  const timestampMsAt = (index: number) =>
    Math.round(options.sequence ? options.sequence.timesSeconds[index] * 1000 : (index * 1000) / fps);
  const directory = await mkdtemp(join(tmpdir(), 'termaudit-encode-floor-'));
  const output = join(directory, 'floor.mp4');
  try {
    const plan: EncodePlan = { width, height, fps, inputFormat, outputs: [{ format: 'mp4', path: output }], ...options.plan };
    const args = (options.transformArgs ?? ((same: string[]) => same))(buildFfmpegArgs(plan));
    const started = performance.now();
    const cpuSeconds = await runFfmpeg(args, matroskaHeader(width, height, inputFormat), frameCount, (index) => ({
      frame: frames[index % frames.length],
      timestampMs: timestampMsAt(index),
    }));
    const seconds = (performance.now() - started) / 1000;
    return {
      frameCount,
      seconds,
      framesPerSecond: frameCount / seconds,
      cpuMillisecondsPerFrame: (cpuSeconds * 1000) / frameCount,
      fileBytes: await fileSize(output),
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** fileSize returns a file's size, or 0 when a rewritten argv sent the output elsewhere (e.g. `-f null`). */
async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (stats) => stats.size,
    () => 0,
  );
}

/** runFfmpeg spawns ffmpeg with `args`, streams the header and `frameCount` frames with backpressure, waits for exit and returns ffmpeg's CPU seconds. */
async function runFfmpeg(
  args: string[],
  header: Buffer,
  frameCount: number,
  frameAt: (index: number) => { frame: Buffer; timestampMs: number },
): Promise<number> {
  // Through sh, whose `times` prints the CPU time its children used: on 2 shared cores, CPU per frame
  // matters as much as wall time, since the renderer competes for the same cores.
  const script = '"$0" "$@"; status=$?; times >&2; exit $status';
  const child = spawn('/bin/sh', ['-c', script, ffmpegPath(), ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.stdin.on('error', () => {}); // a dying ffmpeg is reported by its exit code below
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      // Wakes a write waiting for 'drain' if ffmpeg died early (`once` rejects on 'error').
      child.stdin.destroy(new Error('ffmpeg exited'));
      if (code === 0) resolve(childCpuSeconds(stderr));
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr}`));
    });
  });
  exited.catch(() => {});
  const writeWithBackpressure = async (chunk: Buffer): Promise<void> => {
    if (!child.stdin.write(chunk)) await once(child.stdin, 'drain').catch(() => exited);
  };
  await writeWithBackpressure(header);
  for (let index = 0; index < frameCount; index += 1) {
    const { frame, timestampMs } = frameAt(index);
    await writeWithBackpressure(matroskaFrameHeader(timestampMs, frame.length));
    await writeWithBackpressure(frame);
  }
  child.stdin.end();
  return exited;
}

/** childCpuSeconds reads user + system seconds of the children from the last line `times` printed. */
function childCpuSeconds(stderr: string): number {
  const line = stderr.trim().split('\n').at(-1) ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)];
  return parts.reduce((total, part) => total + Number(part[1]) * 60 + Number(part[2]), 0);
}

/**
 * terminalLikeFrame draws a TUI-like RGBA frame: a dark background, rows of glyph-sized strokes in a few
 * colours with one antialiased column, a moving selection bar, a line being typed and a status line.
 * Consecutive indexes differ a little, like consecutive screen states.
 */
export function terminalLikeFrame(width: number, height: number, index: number): Buffer {
  const cellWidth = 10;
  const cellHeight = 20;
  const columns = Math.floor(width / cellWidth);
  const rows = Math.floor(height / cellHeight);
  const background = [0x1e, 0x1e, 0x2e];
  const palette = [
    [0xcd, 0xd6, 0xf4],
    [0xa6, 0xe3, 0xa1],
    [0xf3, 0x8b, 0xa8],
    [0x89, 0xb4, 0xfa],
    [0xf9, 0xe2, 0xaf],
  ];
  const frame = Buffer.alloc(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel += 1) {
    frame[pixel * 4] = background[0];
    frame[pixel * 4 + 1] = background[1];
    frame[pixel * 4 + 2] = background[2];
    frame[pixel * 4 + 3] = 255;
  }
  const fill = (x: number, y: number, w: number, h: number, colour: number[]): void => {
    for (let row = y; row < Math.min(y + h, height); row += 1) {
      for (let column = x; column < Math.min(x + w, width); column += 1) {
        const offset = (row * width + column) * 4;
        frame[offset] = colour[0];
        frame[offset + 1] = colour[1];
        frame[offset + 2] = colour[2];
      }
    }
  };
  const blend = (colour: number[], under: number[]): number[] => colour.map((value, channel) => (value + under[channel]) >> 1);
  const selectedRow = 2 + (index % (rows - 4));
  const typedColumns = 4 + ((index * 3) % (columns - 8));
  for (let row = 0; row < rows; row += 1) {
    const selected = row === selectedRow;
    const rowBackground = selected ? [0x45, 0x47, 0x5a] : background;
    if (selected) fill(0, row * cellHeight, width, cellHeight, rowBackground);
    const typingRow = row === rows - 2;
    const statusRow = row === rows - 1;
    // Lines of varying length, like a file listing or a log.
    const lineLength = typingRow ? typedColumns : statusRow ? columns : (row * 37) % columns;
    for (let column = 0; column < lineLength; column += 1) {
      const seed = (typingRow || statusRow ? row * 131 + column * 7 + index * (statusRow ? 1 : 0) : row * 131 + column * 7) >>> 0;
      const glyph = mulberry32(seed);
      if (glyph() < 0.15) continue; // spaces
      const colour = palette[Math.floor(glyph() * palette.length)];
      const x = column * cellWidth;
      const y = row * cellHeight;
      const strokes = 2 + Math.floor(glyph() * 3);
      for (let stroke = 0; stroke < strokes; stroke += 1) {
        const vertical = glyph() < 0.5;
        const sx = x + 1 + Math.floor(glyph() * 6);
        const sy = y + 4 + Math.floor(glyph() * 10);
        const w = vertical ? 2 : 3 + Math.floor(glyph() * 5);
        const h = vertical ? 4 + Math.floor(glyph() * 9) : 2;
        fill(sx, sy, w, h, colour);
        fill(sx + w, sy, 1, h, blend(colour, rowBackground)); // antialiased edge
      }
    }
  }
  // A cursor block after the typed text.
  fill(typedColumns * cellWidth, (rows - 2) * cellHeight, cellWidth, cellHeight, palette[0]);
  return frame;
}

/** mulberry32 returns a small deterministic random generator, so bench frames are the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** replaceOption returns `args` with the value after `flag` set to `value` (added before the output when absent). */
function replaceOption(args: string[], flag: string, value: string | undefined): string[] {
  const copy = [...args];
  const at = copy.indexOf(flag);
  if (at >= 0 && value === undefined) copy.splice(at, 2);
  else if (at >= 0 && value !== undefined) copy[at + 1] = value;
  else if (value !== undefined) copy.splice(copy.length - 1, 0, flag, value);
  return copy;
}

/** variants lists x264 settings compared by `--variants`, each as a rewrite of the default argv. */
const variants: Record<string, (args: string[]) => string[]> = {
  'default (ultrafast+cabac)': (args) => args,
  'ultrafast CAVLC': (args) => replaceOption(args, '-x264-params', undefined),
  'tune stillimage': (args) => replaceOption(args, '-tune', 'stillimage'),
  'tune animation': (args) => replaceOption(args, '-tune', 'animation'),
  'tune zerolatency': (args) => replaceOption(args, '-tune', 'zerolatency'),
  '8x8dct (High profile)': (args) => replaceOption(args, '-x264-params', 'cabac=1:8x8dct=1'),
  'threads 1': (args) => replaceOption(args, '-threads', '1'),
  'crf 20': (args) => replaceOption(args, '-crf', '20'),
  'crf 28': (args) => replaceOption(args, '-crf', '28'),
  'preset superfast': (args) => replaceOption(args, '-preset', 'superfast'),
  'chroma flags=neighbor': (args) =>
    args.map((arg) => arg.replace('out_range=tv', 'out_range=tv:flags=neighbor')),
};

/** main runs the floor from the command line and prints frames per second (and the variants with `--variants`). */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const framesFlag = argv.indexOf('--frames');
  const frameCount = framesFlag >= 0 ? Number(argv[framesFlag + 1]) : 300;
  const chosen = argv.includes('--variants') ? Object.entries(variants) : Object.entries(variants).slice(0, 1);
  const runs: Array<[string, EncodeFloorOptions]> = chosen.map(([name, transformArgs]) => [name, { frameCount, transformArgs }]);
  if (argv.includes('--yuv420p')) runs.push(['from yuv420p (no scale)', { frameCount, inputFormat: 'yuv420p' }]);
  for (const [name, options] of runs) {
    const result = await measureEncodeFloor(options);
    console.log(
      `${name.padEnd(26)} ${result.frameCount} frames 1920x1080 in ${result.seconds.toFixed(2)} s: ` +
        `${result.framesPerSecond.toFixed(1)} frames/s, ${result.cpuMillisecondsPerFrame.toFixed(1)} ms CPU/frame, ` +
        `${(result.fileBytes / 1024).toFixed(0)} KiB`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
