/**
 * The render stage: a cast in, videos and screen text out. It replays the cast in virtual time
 * (`replay.ts`), rasterizes each distinct screen state with bundled fonts (`raster/`) and streams those
 * frames with their timestamps to one ffmpeg process (`encode/`), which writes every requested format.
 * When every video output is MP4 or WebM, the frames go to ffmpeg as I420, converted here from only the
 * cells each draw repainted, which takes most of the per-frame work off ffmpeg.
 * Rendering is a pure function of the cast and the options: the same input gives the same frames on any
 * machine. It hands the next stages the video, `screen.txt` (the final screen the user saw: see
 * last-seen-screen.ts) and a `render` section in `meta.json`.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join, resolve } from 'node:path';
import { summarizeCast, type CastSummary } from '../asciicast/cast-reader.js';
import { InterruptedError, locateError } from '../errors.js';
import { commitTemporary, mergeJsonFile, removeStaleTemporaries, temporaryPathOf, writeFileAtomic } from '../files.js';
import { FrameEncoder } from './encode/frame-encoder.js';
import { acceptsYuv420pInput, type EncodeOutput, type InputPixelFormat, type VideoFormat } from './encode/ffmpeg-args.js';
import { Yuv420Frame } from './encode/yuv420.js';
import { planLayout, type FrameLayout } from './raster/layout.js';
import { idleLimitOf, resolveRenderSettings, timelineOf, type OutputFormat, type RenderSettings } from './render-settings.js';
import { Rasterizer, type DamageRect } from './raster/rasterizer.js';
import { collectGarbage } from './garbage-collection.js';
import { missingGlyphList, missingGlyphWarning, type MissingGlyph } from './missing-glyphs.js';
import { replayFrames, type ReplayEnd } from './replay.js';
import { snapshotText, type ScreenSnapshot } from './screen.js';
import { DEFAULT_THEME, hexColor, loadTheme, themeFromCast, type Theme } from './theme.js';
import { frameSlot } from './timeline.js';
import { META_FILE_NAME, SCREEN_TEXT_FILE_NAME, VIDEO_BASE_NAME } from '../run-files.js';
import { TOOL_VERSION } from '../version.js';
import { redact } from '../secrets.js';


/** RenderOptions are the render settings (look, timing, formats) plus where the outputs go and how to report. */
export interface RenderOptions extends RenderSettings {
  /** Directory the outputs are written to. */
  outDir: string;
  /** File name (without extension) of the outputs. @default 'recording' */
  baseName?: string;
  /** Explicit output paths by format (e.g. from `-o demo.gif`); the others go to `outDir/baseName.ext`. */
  outputPaths?: Partial<Record<OutputFormat, string>>;
  /**
   * Write `screen.txt` and the `render` section of `meta.json` into `outDir` besides the outputs. Off when
   * `outDir` belongs to another run, whose side files must not be replaced. @default true
   */
  sideFiles?: boolean;
  /** Render what can be read of a cast with unreadable lines. @default false */
  lenient?: boolean;
  /** Aborting stops ffmpeg, removes partial outputs and rejects with `InterruptedError`. */
  signal?: AbortSignal;
  /** Called as rendering advances (at most a few times a second is up to the caller). */
  onProgress?: (progress: RenderProgress) => void;
  /** Called with each warning (e.g. a skipped line in lenient mode). */
  onWarning?: (message: string) => void;
}

/** RenderProgress tells how far a render has come. */
export interface RenderProgress {
  /** Video seconds rendered so far. */
  videoTime: number;
  /** Recording seconds replayed so far, out of `castDuration`. */
  recordingTime: number;
  castDuration: number;
  framesRasterized: number;
}

/**
 * describeRenderProgress turns render progress into the part of the recording replayed (0–1) and a note such
 * as `12.0s of 30.0s recorded, 9.5s of video, 240 frames` (the video is shorter when pauses are cut or sped up).
 */
export function describeRenderProgress(progress: RenderProgress): [fraction: number, detail: string] {
  const fraction = progress.castDuration > 0 ? Math.min(1, progress.recordingTime / progress.castDuration) : 1;
  const recorded = `${progress.recordingTime.toFixed(1)}s of ${progress.castDuration.toFixed(1)}s recorded`;
  return [fraction, `${recorded}, ${progress.videoTime.toFixed(1)}s of video, ${progress.framesRasterized} frames`];
}

/** RenderedSettings are the settings a render ran with and its frame geometry, as recorded in `meta.json`. */
export interface RenderedSettings extends Omit<FrameLayout, 'baseline'> {
  /** The theme's name, or `cast` for the cast's own theme. */
  theme: string;
  fps: number;
  speed: number;
  /** The idle limit applied, in seconds (the settings' or else the cast header's), or null for none. */
  idleTimeLimit: number | null;
  lastFrame: number;
  lineHeight: number;
  padding: number;
  formats: OutputFormat[];
}

/** RenderResult describes what a render wrote. */
export interface RenderResult {
  outputs: Partial<Record<OutputFormat, string>>;
  /** The final screen as text (the one the user last saw: see last-seen-screen.ts), or undefined when side files were not written. */
  screenTextPath: string | undefined;
  finalScreenText: string;
  /** Distinct screen states rasterized and encoded. */
  framesRasterized: number;
  /** Length of the videos in seconds (recording after idle compression and speed, plus the hold). */
  videoDuration: number;
  castDuration: number;
  /** Recording seconds cut from the video by a tape's Hide/Show. */
  hiddenSeconds: number;
  /** Code points no bundled font draws, sorted (see missing-glyphs.ts); empty without video outputs. */
  missingGlyphs: MissingGlyph[];
  skippedLines: number;
  wallSeconds: number;
  settings: RenderedSettings;
}

/** How often a long render collects its garbage, so its memory stays flat (see garbage-collection.ts). */
const framesBetweenCollections = 600;

const extensionOf: Record<OutputFormat, string> = { mp4: '.mp4', webm: '.webm', gif: '.gif', frames: '', txt: '.txt' };

function resolveTheme(name: string | undefined, summary: CastSummary): Theme {
  if (name) return loadTheme(name);
  if (summary.header.theme) return themeFromCast(summary.header.theme, 'cast');
  return loadTheme(DEFAULT_THEME);
}

function outputPathOf(format: OutputFormat, options: RenderOptions): string {
  const explicit = options.outputPaths?.[format];
  if (explicit) return explicit;
  const baseName = options.baseName ?? VIDEO_BASE_NAME;
  return join(options.outDir, format === 'frames' ? 'frames' : `${baseName}${extensionOf[format]}`);
}

function timeLabel(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${(seconds - minutes * 60).toFixed(3).padStart(6, '0')}`;
}

/** EncoderInput is how drawn frames reach the encoder: the pixel format it is started with and the conversion into it. */
interface EncoderInput {
  format: InputPixelFormat;
  /** Returns the frame to push for the rasterizer's latest draw (`pixels`, which repainted `damage`). */
  frameOf(pixels: Buffer, damage: readonly DamageRect[]): Buffer;
}

/**
 * planEncoderInput sends I420 frames, kept up to date from each draw's damage, when every video output can
 * take them (mp4, webm): ffmpeg then reads 1.5 instead of 4 bytes per pixel and converts nothing. GIF and
 * PNG frames need RGB, so with either of them the RGBA frames go as they are.
 */
function planEncoderInput(layout: FrameLayout, outputs: EncodeOutput[]): EncoderInput {
  // 4:2:0 needs an even size: an odd frame goes to ffmpeg as RGBA, which pads it by a pixel of background.
  const even = layout.width % 2 === 0 && layout.height % 2 === 0;
  if (!even || !acceptsYuv420pInput(outputs)) return { format: 'rgba', frameOf: (pixels) => pixels };
  const yuv = new Yuv420Frame(layout.width, layout.height);
  return { format: 'yuv420p', frameOf: (pixels, damage) => yuv.update(pixels, damage) };
}

/** TextFileWriter appends text (redacted, see secrets.ts) to a file with backpressure, under a temporary name until it is closed. */
class TextFileWriter {
  readonly #path: string;
  readonly #temporary: string;
  readonly #stream: WriteStream;

  constructor(path: string) {
    this.#path = path;
    this.#temporary = temporaryPathOf(path);
    this.#stream = createWriteStream(this.#temporary);
    this.#stream.on('error', (error) => locateError(error, path)); // reported by write/close below
  }

  /** write appends text, waiting while the disk catches up; rejects once a write failed (a full disk, say). */
  async write(text: string): Promise<void> {
    // A failed stream never drains: waiting for it would hang the render (and ffmpeg waiting for frames).
    if (this.#stream.errored) throw this.#stream.errored;
    if (!this.#stream.write(redact(text))) await once(this.#stream, 'drain');
  }

  /** close flushes and closes the file and puts it in place. */
  async close(): Promise<void> {
    this.#stream.end();
    await finished(this.#stream);
    await commitTemporary(this.#temporary, this.#path);
  }

  /** discard closes and deletes the temporary file (an interrupted render leaves no partial output). */
  async discard(): Promise<void> {
    this.#stream.destroy();
    await rm(this.#temporary, { force: true });
  }
}

/** render turns a cast into the requested videos, frames and screen text. */
export async function render(castPath: string, options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const settings = resolveRenderSettings(options);
  const { fps, lastFrame, formats } = settings;
  const summary = await summarizeCast(castPath, { lenient: options.lenient, onWarning: options.onWarning });
  const theme = resolveTheme(settings.theme, summary);
  const layout: FrameLayout = planLayout(summary.maxCols, summary.maxRows, settings);
  // The cast's own idle limit applies unless the settings set one (or turn it off with 0).
  const timeline = timelineOf(settings, summary.header);
  await mkdir(options.outDir, { recursive: true });
  await removeStaleTemporaries(options.outDir);

  const outputs: Partial<Record<OutputFormat, string>> = {};
  for (const format of formats) outputs[format] = outputPathOf(format, options);
  const videoOutputs: EncodeOutput[] = formats
    .filter((format): format is VideoFormat => format !== 'txt')
    .map((format) => ({ format, path: outputs[format]! }));

  const encoderInput = planEncoderInput(layout, videoOutputs);
  const video =
    videoOutputs.length > 0
      ? {
          rasterizer: await Rasterizer.create(layout, theme),
          encoder: await FrameEncoder.start({
            width: layout.width,
            height: layout.height,
            fps,
            outputs: videoOutputs,
            inputFormat: encoderInput.format,
            // An odd side is padded with what surrounds the picture there: the margin, else the background.
            background: hexColor(layout.window && layout.window.x > 0 ? (layout.window.marginFill ?? theme.background) : theme.background),
          }),
        }
      : undefined;
  const encoder = video?.encoder;
  // Screen dumps are streamed to their file like frames to ffmpeg, so a long recording costs no memory.
  const screenDumps = outputs.txt ? new TextFileWriter(outputs.txt) : undefined;
  const end: ReplayEnd = { videoDuration: 0 };
  let framesRasterized = 0;
  // The last frame's snapshot stays valid after the replay ends (nothing refills it), so the final
  // screen's text is made once, not for every frame.
  let lastSnapshot: ScreenSnapshot | undefined;
  // The text of the latest alternate-screen state: the screen the user last saw when the program left
  // the alternate screen at exit (see last-seen-screen.ts).
  let lastAlternateText: string | undefined;
  // Video time of the first frame that showed each missing code point.
  const missingFirstSeen = new Map<number, number>();
  const abort = () => void encoder?.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    for await (const frame of replayFrames(castPath, summary, { ...timeline, lenient: options.lenient, reuseSnapshots: true }, end)) {
      if (options.signal?.aborted) throw new InterruptedError('SIGINT', 'rendering interrupted');
      lastSnapshot = frame.snapshot;
      const text = screenDumps || frame.snapshot.alternate ? snapshotText(frame.snapshot) : undefined;
      if (frame.snapshot.alternate) lastAlternateText = text;
      await screenDumps?.write(`${framesRasterized > 0 ? '\n' : ''}── ${timeLabel(frame.time)} ${'─'.repeat(40)}\n${text}`);
      if (video) {
        // push copies the frame into the encoder's own buffer pool: the rasterizer (and the I420 frame) repaint theirs next.
        const pixels = await video.rasterizer.draw(frame.snapshot);
        const missing = video.rasterizer.stats.missingCodePoints;
        if (missing.size > missingFirstSeen.size) {
          for (const codePoint of missing.keys()) if (!missingFirstSeen.has(codePoint)) missingFirstSeen.set(codePoint, frame.time);
        }
        await video.encoder.push(encoderInput.frameOf(pixels, video.rasterizer.lastDamage), frame.time);
      }
      framesRasterized++;
      if (framesRasterized % framesBetweenCollections === 0) collectGarbage();
      options.onProgress?.({ videoTime: frame.time, recordingTime: frame.recordingTime, castDuration: summary.duration, framesRasterized });
    }
    if (options.signal?.aborted) throw new InterruptedError('SIGINT', 'rendering interrupted');
    // The hold ends on the frame grid, so the video is the recording's length plus the hold, within a frame.
    const videoDuration = frameSlot(end.videoDuration + lastFrame, fps) / fps;
    if (encoder) await encoder.finish(videoDuration);
    await screenDumps?.close();
    const finalScreenText = end.lastSeen?.kind === 'alternate' && lastAlternateText !== undefined ? lastAlternateText : lastSnapshot ? snapshotText(lastSnapshot) : '\n';
    const sideFiles = options.sideFiles ?? true;
    const screenTextPath = sideFiles ? join(options.outDir, SCREEN_TEXT_FILE_NAME) : undefined;
    if (screenTextPath) await writeFileAtomic(screenTextPath, finalScreenText);

    const missingGlyphs = video ? missingGlyphList(video.rasterizer.stats.missingCodePoints, missingFirstSeen) : [];
    const warning = missingGlyphWarning(missingGlyphs);
    if (warning) options.onWarning?.(warning);

    const { baseline: _baseline, ...geometry } = layout;
    const rendered: RenderedSettings = {
      theme: settings.theme ?? (summary.header.theme ? 'cast' : DEFAULT_THEME),
      fps,
      speed: settings.speed,
      idleTimeLimit: idleLimitOf(timeline) ?? null,
      lastFrame,
      lineHeight: settings.lineHeight,
      padding: settings.padding,
      ...geometry,
      formats,
    };
    const result: RenderResult = {
      outputs,
      screenTextPath,
      finalScreenText,
      framesRasterized,
      videoDuration,
      castDuration: summary.duration,
      hiddenSeconds: end.hiddenSeconds ?? 0,
      missingGlyphs,
      skippedLines: summary.skippedLines,
      wallSeconds: (performance.now() - started) / 1000,
      settings: rendered,
    };
    if (sideFiles) await mergeJsonFile(join(options.outDir, META_FILE_NAME), {
      toolVersion: TOOL_VERSION,
      render: {
        cast: resolve(castPath),
        settings: rendered,
        outputs,
        framesRasterized,
        videoDuration,
        castDuration: summary.duration,
        hiddenSeconds: result.hiddenSeconds,
        missingGlyphs: result.missingGlyphs,
        skippedLines: result.skippedLines,
        markers: summary.markers,
      },
    });
    return result;
  } catch (error) {
    await encoder?.abort();
    await screenDumps?.discard();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
