/**
 * FrameEncoder streams the renderer's distinct frames (RGBA, or I420 when the plan's `inputFormat` says so)
 * to one ffmpeg process (`buildFfmpegArgs(plan)`, run by `startFfmpeg`) that writes every requested
 * output at once. Frames travel as a live Matroska stream on ffmpeg's stdin (see `matroska-stream.ts`), so
 * each keeps its own timestamp (variable frame rate) and nothing is stored: the encoder holds at most the
 * latest frame plus what the pipe has accepted, and `push` waits while ffmpeg catches up.
 *
 * The latest frame is held back until the next one arrives, for two reasons: a later frame on the same
 * 1/fps slot replaces it (it would never be seen), and `finish` sends it once more just before the end so
 * every format lasts until `endSeconds` (MP4 and WebM end one frame after the last timestamp, GIF after its
 * final delay). For `frames` output that repeated frame's PNG is deleted and `index.json` lists the rest.
 *
 * `push` copies each frame into a buffer of the encoder's own pool, written straight to ffmpeg's stdin; a
 * buffer goes back to the pool once the kernel has taken its bytes. Reusing warm buffers matters: a fresh
 * 8 MB allocation per 1080p RGBA frame costs more in page faults than the copy itself.
 *
 * ffmpeg writes every output under a temporary name beside its own (`stagedPlan`); `finish` renames them
 * into place once they are complete, so a crash or `kill -9` never leaves a truncated video under an
 * output's name, and the frames of an earlier render stay until the new ones are ready.
 */
import { once } from 'node:events';
import { mkdir, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { ExecutionError } from '../../errors.js';
import { commitTemporary, removeStaleTemporaries, temporaryPathOf } from '../../files.js';
import { startFfmpeg, type FfmpegProcess } from '../../ffmpeg/ffmpeg-runner.js';
import { buildFfmpegArgs, framePngName, framesIndexName, inputFrameBytes, type EncodeOutput, type EncodePlan } from './ffmpeg-args.js';
import { matroskaFrameHeader, matroskaHeader } from './matroska-stream.js';

/** EncodeResult reports what `finish` wrote. */
export interface EncodeResult {
  /** The outputs of the plan, all complete. */
  outputs: EncodeOutput[];
  /** Distinct frames encoded (the repeated last frame that holds the end is not counted). */
  framesEncoded: number;
  /** Length of the videos, on the 1/fps grid (within one frame of `endSeconds`). */
  durationSeconds: number;
}

/** FramesIndexEntry is one line of a frames directory's `index.json`: a PNG and the time it is shown from. */
export interface FramesIndexEntry {
  file: string;
  time: number;
}

/** A frame waiting to be written: its pixels, its slot on the 1/fps grid and the time the caller gave. */
interface QueuedFrame {
  pixels: Buffer;
  slot: number;
  time: number;
}

type EncoderState = 'encoding' | 'finishing' | 'finished' | 'failed' | 'aborted';

/** FrameEncoder encodes pushed frames (in the plan's `inputFormat`) into every output of an `EncodePlan` with one ffmpeg process. */
export class FrameEncoder {
  readonly #plan: EncodePlan;
  /** The plan ffmpeg runs: the same, with every output at its temporary name. */
  readonly stagedPlan: EncodePlan;
  readonly #ffmpeg: FfmpegProcess;
  readonly #input: Writable;
  /** Frame buffers whose bytes ffmpeg has taken, ready for the next push. */
  readonly #freeBuffers: Buffer[] = [];
  /** Writes still in flight per buffer: a buffer returns to the pool when its count drops to zero. */
  readonly #writesInFlight = new Map<Buffer, number>();
  readonly #createdDirectories: string[];
  readonly #frameBytes: number;
  /** Caller times of the frames written so far, kept only when a `frames` output needs `index.json`. */
  readonly #frameTimes: number[] = [];
  #queued: QueuedFrame | undefined;
  #framesWritten = 0;
  #state: EncoderState = 'encoding';
  #failure: Error | undefined;

  private constructor(plan: EncodePlan, stagedPlan: EncodePlan, ffmpeg: FfmpegProcess, createdDirectories: string[]) {
    this.#plan = plan;
    this.stagedPlan = stagedPlan;
    this.#ffmpeg = ffmpeg;
    this.#input = ffmpeg.stdin!;
    this.#createdDirectories = createdDirectories;
    this.#frameBytes = inputFrameBytes(plan);
  }

  /** start launches ffmpeg for the plan (creating output directories) and resolves once it runs. Throws ConfigError when ffmpeg is missing. */
  static async start(plan: EncodePlan): Promise<FrameEncoder> {
    buildFfmpegArgs(plan); // validates the plan before anything touches the disk
    const stagedPlan: EncodePlan = { ...plan, outputs: plan.outputs.map((output) => ({ ...output, path: temporaryPathOf(output.path) })) };
    const createdDirectories = await prepareOutputDirectories(plan.outputs, stagedPlan.outputs);
    // The frames go straight to ffmpeg's stdin (not through an intermediate stream), so that a write's
    // callback tells when its buffer is free again.
    const task = `encoding ${plan.outputs.map((output) => output.path).join(', ')}`;
    const ffmpeg = await startFfmpeg(buildFfmpegArgs(stagedPlan), { stdin: true, task }).catch(async (error: unknown) => {
      await removeOutputs(stagedPlan.outputs, createdDirectories);
      throw error;
    });
    const encoder = new FrameEncoder(plan, stagedPlan, ffmpeg, createdDirectories);
    ffmpeg.exit.then(
      () => {
        if (encoder.#state === 'encoding') encoder.#stopInput(new ExecutionError('ffmpeg exited before the last frame was sent'));
      },
      (error: Error) => encoder.#stopInput(error),
    );
    encoder.#input.write(matroskaHeader(plan.width, plan.height, plan.inputFormat));
    return encoder;
  }

  /** pid returns the ffmpeg process id (for diagnostics and tests). */
  get pid(): number {
    return this.#ffmpeg.pid;
  }

  /**
   * push queues one frame shown from `timeSeconds` on, in the plan's `inputFormat` (RGBA, or I420 as
   * `Yuv420Frame` makes it). The pixels are copied, so the caller may reuse `pixels` at once. Resolves when the pipe accepts more (backpressure), so memory stays bounded. A frame
   * on the same 1/fps slot as the previous one replaces it.
   */
  async push(pixels: Buffer, timeSeconds: number): Promise<void> {
    this.#assertEncoding('push');
    if (pixels.length !== this.#frameBytes) {
      const perPixel = this.#plan.inputFormat === 'yuv420p' ? '1.5 (yuv420p)' : '4 (rgba)';
      throw new TypeError(
        `push: pixels must hold ${this.#plan.width}x${this.#plan.height}x${perPixel} = ${this.#frameBytes} bytes, received ${pixels.length}`,
      );
    }
    if (!Number.isFinite(timeSeconds) || timeSeconds < 0) {
      throw new TypeError(`push: timeSeconds must be a non-negative number, received ${timeSeconds}`);
    }
    const slot = Math.round(timeSeconds * this.#plan.fps);
    const previous = this.#queued;
    if (previous !== undefined && slot < previous.slot) {
      throw new TypeError(`push: frame times must not decrease, received ${timeSeconds} after ${previous.time}`);
    }
    const copy = this.#freeBuffers.pop() ?? Buffer.allocUnsafeSlow(this.#frameBytes);
    pixels.copy(copy);
    this.#queued = { pixels: copy, slot, time: timeSeconds };
    if (previous === undefined) return;
    if (slot > previous.slot) await this.#write(previous);
    else this.#release(previous.pixels);
  }

  /**
   * finish ends the video at `endSeconds` (the last frame is held until then), waits for ffmpeg and returns
   * what was written. Rejects with ExecutionError carrying ffmpeg's last stderr lines when ffmpeg fails
   * (the partial outputs are then removed).
   */
  async finish(endSeconds: number): Promise<EncodeResult> {
    this.#assertEncoding('finish');
    const last = this.#queued;
    if (last === undefined) throw new TypeError('finish: push at least one frame before finishing');
    if (!Number.isFinite(endSeconds) || endSeconds < last.time) {
      throw new TypeError(`finish: endSeconds must not be before the last frame (${last.time} s), received ${endSeconds}`);
    }
    this.#state = 'finishing';
    try {
      await this.#write(last);
      this.#queued = undefined;
      const framesEncoded = this.#framesWritten;
      // The hold: the last frame again one slot before the end, so the last sample ends at endSeconds.
      const endSlot = Math.max(last.slot + 1, Math.round(endSeconds * this.#plan.fps));
      if (endSlot - 1 > last.slot) await this.#writeFrame(last.pixels, endSlot - 1);
      this.#input.end();
      await this.#ffmpeg.exit;
      if (this.#state !== 'finishing') throw this.#failure ?? new ExecutionError('encoding was aborted');
      await this.#completeFramesOutputs(framesEncoded);
      await commitOutputs(this.stagedPlan.outputs, this.#plan.outputs);
      this.#state = 'finished';
      return { outputs: this.#plan.outputs, framesEncoded, durationSeconds: endSlot / this.#plan.fps };
    } catch (error) {
      if ((this.#state as EncoderState) === 'aborted') throw this.#failure ?? error;
      this.#state = 'failed';
      await this.#ffmpeg.kill();
      await removeOutputs(this.stagedPlan.outputs, this.#createdDirectories);
      throw error;
    }
  }

  /** abort kills ffmpeg and removes partial output files. Does nothing after a successful `finish` or a second call. */
  async abort(): Promise<void> {
    if (this.#state === 'finished' || this.#state === 'aborted' || this.#state === 'failed') return;
    this.#state = 'aborted';
    this.#failure = new ExecutionError('encoding was aborted');
    const killed = this.#ffmpeg.kill();
    this.#stopInput(this.#failure);
    await killed;
    // Only this run's temporaries go: an output of an earlier render under the same name stays.
    await removeOutputs(this.stagedPlan.outputs, this.#createdDirectories);
  }

  /** #write sends a queued frame and records its time for `index.json`. */
  async #write(frame: QueuedFrame): Promise<void> {
    if (this.#plan.outputs.some((output) => output.format === 'frames')) this.#frameTimes.push(frame.time);
    this.#framesWritten += 1;
    await this.#writeFrame(frame.pixels, frame.slot);
  }

  /** #writeFrame writes one Matroska frame (header, then the pixels as their own write: no copy of the frame) and waits for the pipe. */
  async #writeFrame(pixels: Buffer, slot: number): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const timestampMs = Math.round((slot * 1000) / this.#plan.fps);
    this.#input.write(matroskaFrameHeader(timestampMs, pixels.length));
    this.#writesInFlight.set(pixels, (this.#writesInFlight.get(pixels) ?? 0) + 1);
    const accepted = this.#input.write(pixels, () => {
      const left = this.#writesInFlight.get(pixels)! - 1;
      if (left > 0) this.#writesInFlight.set(pixels, left);
      else {
        this.#writesInFlight.delete(pixels);
        this.#release(pixels);
      }
    });
    if (!accepted) {
      // `once` rejects when the stream emits 'error', which #stopInput makes happen if ffmpeg dies meanwhile.
      await once(this.#input, 'drain').catch(async (error: Error) => {
        // A broken pipe means ffmpeg died: its exit carries the reason worth reporting (stderr), not EPIPE.
        await this.#ffmpeg.exit.catch(() => {});
        throw this.#failure ?? error;
      });
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** #release returns a frame buffer to the pool unless it is still queued or being written. */
  #release(pixels: Buffer): void {
    if (this.#queued?.pixels === pixels || this.#writesInFlight.has(pixels)) return;
    this.#freeBuffers.push(pixels);
  }

  /** #completeFramesOutputs removes the held last frame's PNG and writes `index.json` in each frames directory. */
  async #completeFramesOutputs(framesEncoded: number): Promise<void> {
    for (const output of this.stagedPlan.outputs) {
      if (output.format !== 'frames') continue;
      const written = (await readdir(output.path)).filter((name) => framePngPattern.test(name)).sort();
      if (written.length < framesEncoded) {
        throw new ExecutionError(
          `ffmpeg wrote ${written.length} PNG frames in ${output.path} for ${framesEncoded} distinct frames; ` +
            'frame times may sit closer than one frame apart',
        );
      }
      for (const extra of written.slice(framesEncoded)) await unlink(join(output.path, extra));
      const index: FramesIndexEntry[] = this.#frameTimes.map((time, position) => ({ file: framePngName(position + 1), time }));
      await writeFile(join(output.path, framesIndexName), `${JSON.stringify(index, null, 2)}\n`);
    }
  }

  /** #assertEncoding rejects calls after finish, abort or a failure, naming the call. */
  #assertEncoding(call: string): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#state !== 'encoding') throw new TypeError(`${call}: the encoder is already ${this.#state}`);
  }

  /** #stopInput records why no more frames can be written and wakes a `push` waiting for the pipe. */
  #stopInput(reason: Error): void {
    this.#failure ??= reason;
    if (!this.#input.destroyed) this.#input.destroy(this.#failure);
  }
}

/** framePngPattern matches the PNG names ffmpeg writes into a frames directory. */
const framePngPattern = /^\d{6}\.png$/;

/**
 * prepareOutputDirectories creates the directory of each output (returning those it created) and, for a
 * frames output, its temporary directory; temporaries of renders that died are cleared.
 */
async function prepareOutputDirectories(outputs: EncodeOutput[], staged: EncodeOutput[]): Promise<string[]> {
  const created: string[] = [];
  for (const [index, output] of outputs.entries()) {
    const directory = dirname(output.path);
    const existed = await stat(directory).then(
      () => true,
      () => false,
    );
    if (!existed) {
      await mkdir(directory, { recursive: true });
      created.push(directory);
    } else await removeStaleTemporaries(directory);
    if (output.format === 'frames') await mkdir(staged[index].path);
  }
  return created;
}

/**
 * commitOutputs moves complete outputs from their temporary names to their own: a file is renamed over its
 * output; a frames directory gets the new PNGs and index.json (index last) after the old ones are removed.
 */
async function commitOutputs(staged: EncodeOutput[], outputs: EncodeOutput[]): Promise<void> {
  for (const [index, output] of outputs.entries()) {
    const temporary = staged[index].path;
    if (output.format !== 'frames') {
      await commitTemporary(temporary, output.path).catch((error: Error) => {
        throw new ExecutionError(`cannot put the finished ${output.format} in place at ${output.path}: ${error.message}`, { cause: error });
      });
      continue;
    }
    await mkdir(output.path, { recursive: true });
    await removeFramesFiles(output.path);
    const names = (await readdir(temporary)).sort((a, b) => Number(a === framesIndexName) - Number(b === framesIndexName));
    for (const name of names) await rename(join(temporary, name), join(output.path, name));
    await rmdir(temporary);
  }
}

/** removeOutputs deletes what an unfinished run wrote (its temporaries) and the directories it created when left empty. */
async function removeOutputs(staged: EncodeOutput[], createdDirectories: string[]): Promise<void> {
  for (const output of staged) await rm(output.path, { recursive: true, force: true }).catch(() => {});
  // rmdir, not rm -r: a directory someone else filled meanwhile stays.
  for (const directory of [...createdDirectories].reverse()) await rmdir(directory).catch(() => {});
}

/** removeFramesFiles deletes the frame PNGs and `index.json` of a frames directory, leaving other files alone. */
async function removeFramesFiles(directory: string): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => framePngPattern.test(name) || name === framesIndexName)
      .map((name) => rm(join(directory, name), { force: true })),
  );
}
