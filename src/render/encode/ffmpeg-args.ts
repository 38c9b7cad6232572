/**
 * Pure planner of the one ffmpeg command that turns the Matroska stream of frames on stdin into every
 * requested output (MP4, WebM, GIF, PNG frames). Nothing here touches a process or a file, so each
 * format's flags are unit-tested; `FrameEncoder` spawns `buildFfmpegArgs(plan)` as it is.
 *
 * Why these flags:
 * - `-vsync vfr` plus `-r <fps>` on each output: frames keep their own timestamps (only distinct screen
 *   states are encoded) on the 1/fps grid the renderer uses. In this ffmpeg build (4.1) `-vsync` is a global
 *   option, so one sync mode serves every output; `-r` fixes each encoder's time base at 1/fps instead of
 *   a rate ffmpeg guesses from the first timestamps (which can be coarser than the grid).
 * - Frames arrive as RGBA, or as yuv420p (I420) when every output is MP4 or WebM: then the renderer has
 *   converted them itself, incrementally (`yuv420.ts`), and ffmpeg reads 1.5 instead of 4 bytes per pixel
 *   and runs no conversion (its single-threaded RGBA -> yuv420p scaler is about 40% of its CPU per frame).
 *   GIF and PNG frames need RGB, so a plan with either takes RGBA.
 * - RGBA -> yuv420p is converted with the BT.709 matrix, limited range, and tagged so (the I420 input is
 *   converted the same way), so players decode colours back as rendered (untagged, a #ff5555 red comes
 *   back as #ff6553).
 * - GIF takes a new palette per frame (`palettegen=stats_mode=single` + `paletteuse=new=1`): one pass,
 *   bounded memory, unlike a whole-video palette that buffers every frame.
 */

/** VideoFormat names an output kind: an H.264 MP4, a VP9 WebM, an animated GIF, or a folder of PNG frames. */
export type VideoFormat = 'mp4' | 'webm' | 'gif' | 'frames';

/** InputPixelFormat is the layout of pushed frames: RGBA (4 bytes per pixel) or planar I420 (1.5 bytes per pixel, BT.709 limited range). */
export type InputPixelFormat = 'rgba' | 'yuv420p';

/** EncodeOutput is one requested output: its format and where it goes. */
export interface EncodeOutput {
  format: VideoFormat;
  /** A file, or for `frames` a directory that receives `000001.png`, … and `index.json`. */
  path: string;
}

/** EncodePlan describes one encoding run: the frame size and rate, and every output written at once. */
export interface EncodePlan {
  /** Frame width in pixels, as pushed. */
  width: number;
  /** Frame height in pixels, as pushed. */
  height: number;
  /**
   * Pixel layout of pushed frames. `yuv420p` needs an even size and only mp4/webm outputs (see
   * `acceptsYuv420pInput`). @default 'rgba'
   */
  inputFormat?: InputPixelFormat;
  /** Frames per second of the grid frame timestamps sit on. */
  fps: number;
  /** Outputs written by the one ffmpeg process; at least one. */
  outputs: EncodeOutput[];
  /** x264 preset of the MP4 output. @default 'ultrafast' */
  preset?: string;
  /** Constant rate factor of the MP4 output (lower is better and larger). @default 23 */
  crf?: number;
  /** Color (`#rrggbb`) of the pixel row or column an odd-sized mp4/webm frame is padded with to an even size. @default black */
  background?: string;
}

/** FfmpegOutputPlan is one output of the command: its ffmpeg target and the options placed before it. */
export interface FfmpegOutputPlan {
  format: VideoFormat;
  /** What ffmpeg writes to: the file, or for `frames` the numbered PNG pattern inside the directory. */
  target: string;
  /** Output options, in order, placed before `target`. */
  options: string[];
}

/** FfmpegCommandPlan is the whole command split into input, global and per-output options (`buildFfmpegArgs` joins them). */
export interface FfmpegCommandPlan {
  /** Options of the stdin input, placed before `-i pipe:0`. */
  inputOptions: string[];
  /** Options of the whole run (logging, sync mode). */
  globalOptions: string[];
  outputs: FfmpegOutputPlan[];
}

/** Default x264 preset: terminal frames are flat, so the fastest preset loses little and encoding is the bottleneck. */
export const defaultPreset = 'ultrafast';
/** Default x264 CRF: 0.75 dB under the yuv420p ceiling on terminal frames; CRF 20 gains 0.35 dB for 16% more bytes. */
export const defaultCrf = 23;
/** Seconds between forced keyframes at most, so browsers can seek without decoding long runs of frames. */
export const keyframeIntervalSeconds = 2;
/** CRF of the VP9 output (VP9's scale differs from x264's; 32 keeps text crisp at realtime speed). */
const vp9Crf = 32;
/** GIF delays are in centiseconds and browsers slow delays under 2 cs down to 10 cs, so GIFs run at most at 50 fps. */
const gifMaxFps = 50;
/** Name pattern of frame PNGs inside the frames directory (1-based, as ffmpeg's image2 muxer counts). */
const framePngPattern = '%06d.png';

/** framePngName returns the file name of the `index`-th (1-based) PNG in a frames directory: `000001.png`, … */
export function framePngName(index: number): string {
  return `${String(index).padStart(6, '0')}.png`;
}

/** framesIndexName is the file in a frames directory that lists each PNG with its time. */
export const framesIndexName = 'index.json';

/** yuv420pOutputFormats are the outputs ffmpeg encodes in yuv420p anyway, so they can take I420 frames as they are. */
const yuv420pOutputFormats: ReadonlySet<VideoFormat> = new Set(['mp4', 'webm']);

/** acceptsYuv420pInput tells whether every output can be encoded from I420 frames (mp4 and webm can; gif and PNG frames need RGB). */
export function acceptsYuv420pInput(outputs: readonly EncodeOutput[]): boolean {
  return outputs.length > 0 && outputs.every((output) => yuv420pOutputFormats.has(output.format));
}

/** inputFrameBytes returns the byte length of one pushed frame of the plan: 4 bytes per pixel for RGBA, 1.5 for I420. */
export function inputFrameBytes(plan: Pick<EncodePlan, 'width' | 'height' | 'inputFormat'>): number {
  return (plan.inputFormat ?? 'rgba') === 'yuv420p' ? (plan.width * plan.height * 3) / 2 : plan.width * plan.height * 4;
}

/** buildFfmpegArgs returns the full ffmpeg argv (without the binary) that encodes the Matroska stream on stdin into every output of `plan`. */
export function buildFfmpegArgs(plan: EncodePlan): string[] {
  const command = planFfmpegCommand(plan);
  // ffmpeg reads global options anywhere on the line; they come after the input, before the first output.
  return [...command.inputOptions, '-i', 'pipe:0', '-y', ...command.globalOptions, ...command.outputs.flatMap((output) => [...output.options, output.target])];
}

/** planFfmpegCommand returns the ffmpeg command for `plan` split into input, global and per-output options. */
export function planFfmpegCommand(plan: EncodePlan): FfmpegCommandPlan {
  validatePlan(plan);
  return {
    inputOptions: ['-f', 'matroska'],
    // Errors only: the last stderr lines then explain a failure instead of being crowded out by progress.
    globalOptions: ['-hide_banner', '-nostats', '-loglevel', 'error', '-vsync', 'vfr'],
    outputs: plan.outputs.map((output) => ({
      format: output.format,
      target: output.format === 'frames' ? joinPath(output.path, framePngPattern) : output.path,
      options: outputOptionBuilders[output.format](plan),
    })),
  };
}

/** outputOptionBuilders returns each format's ffmpeg output options for a plan. */
const outputOptionBuilders = {
  mp4: (plan) => [
    '-r', rate(plan.fps),
    ...yuvFilterOptions(plan),
    '-c:v', 'libx264',
    '-preset', plan.preset ?? defaultPreset,
    '-crf', String(plan.crf ?? defaultCrf),
    // CABAC on top of ultrafast: on terminal frames it costs less CPU than ultrafast's CAVLC (fewer bits
    // to write: 16 vs 22 ms per 1080p frame, 16% smaller) and makes the stream Main profile. No B-frames
    // (`-tune animation` adds them: 13% smaller), since with variable frame rate their reordered timestamps
    // give the MP4 a wrong duration. Other tunes gained nothing (test/bench/encode-floor.ts --variants).
    '-x264-params', 'cabac=1',
    '-pix_fmt', 'yuv420p',
    ...keyframeOptions(plan.fps),
    ...bt709Tags,
    ...mp4TimescaleOptions(plan.fps),
    '-movflags', '+faststart',
    '-f', 'mp4',
  ],
  webm: (plan) => [
    '-r', rate(plan.fps),
    ...yuvFilterOptions(plan),
    '-c:v', 'libvpx-vp9',
    '-deadline', 'realtime',
    '-cpu-used', '8',
    '-row-mt', '1',
    '-b:v', '0',
    '-crf', String(vp9Crf),
    '-pix_fmt', 'yuv420p',
    ...keyframeOptions(plan.fps),
    ...bt709Tags,
    '-f', 'webm',
  ],
  gif: (plan) => {
    const gifFps = Math.min(plan.fps, gifMaxFps);
    return [
      '-r', rate(gifFps),
      // One pass: each frame gets its own palette, so memory stays bounded; no dithering keeps flat
      // terminal colours clean (a frame rarely has more than 256 distinct colours worth keeping).
      '-vf',
      'split[frame][stats];[stats]palettegen=stats_mode=single:reserve_transparent=0[palette];' +
        '[frame][palette]paletteuse=new=1:dither=none',
      // Only the changed rectangle of a frame is stored, but never as "transparent where unchanged": with a
      // palette per frame that test compares palette indices, not colours, and left specks of cleared text.
      '-gifflags', '+offsetting-transdiff',
      // The GIF muxer repeats the previous delay for the last frame; the encoder's held last frame lasts one tick.
      '-final_delay', String(Math.max(2, Math.round(100 / gifFps))),
      '-loop', '0',
      '-f', 'gif',
    ];
  },
  frames: (plan) => [
    '-r', rate(plan.fps),
    '-c:v', 'png',
    // Half the CPU of the default zlib level 6 on 1080p terminal frames (23 vs 46 ms), for 1.5x the bytes.
    '-compression_level', '3',
    '-pred', 'up',
    '-start_number', '1',
    '-f', 'image2',
  ],
} satisfies Record<VideoFormat, (plan: EncodePlan) => string[]>;

/** bt709Tags marks the stream as BT.709, limited range, matching the conversion in `yuvFilterOptions` (and in `yuv420.ts`). */
const bt709Tags = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'];

/**
 * yuvFilterOptions converts RGBA to BT.709 limited-range yuv420p, padding odd sizes to even (4:2:0 needs
 * even dimensions). I420 input is already that, so it gets no filter.
 */
function yuvFilterOptions(plan: EncodePlan): string[] {
  if (plan.inputFormat === 'yuv420p') return [];
  const evenWidth = plan.width + (plan.width % 2);
  const evenHeight = plan.height + (plan.height % 2);
  const color = plan.background === undefined ? '' : `:color=0x${plan.background.replace(/^#/, '')}`;
  const pad = evenWidth !== plan.width || evenHeight !== plan.height ? [`pad=${evenWidth}:${evenHeight}:0:0${color}`] : [];
  return ['-vf', [...pad, 'scale=out_color_matrix=bt709:out_range=tv', 'format=yuv420p'].join(',')];
}

/**
 * keyframeOptions forces a keyframe when `keyframeIntervalSeconds` have passed since the last one. With
 * variable frame rate a frame count (`-g`) says nothing about time, so the GOP cap is only a backstop.
 */
function keyframeOptions(fps: number): string[] {
  return [
    '-force_key_frames',
    `expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+${keyframeIntervalSeconds}))`,
    '-g',
    String(Math.max(1, Math.round(fps * keyframeIntervalSeconds))),
  ];
}

/** mp4TimescaleOptions picks an MP4 track timescale that represents both the 1/fps grid and milliseconds exactly. */
function mp4TimescaleOptions(fps: number): string[] {
  return Number.isInteger(fps) ? ['-video_track_timescale', String(fps * 1000)] : [];
}

/** rate prints a frame rate for ffmpeg (integers stay integers; fractions keep their precision). */
function rate(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : String(Number(fps.toFixed(6)));
}

/** joinPath joins a directory and a file name the way ffmpeg reads targets ('/' works on every platform). */
function joinPath(directory: string, name: string): string {
  return directory.endsWith('/') || directory.endsWith('\\') ? `${directory}${name}` : `${directory}/${name}`;
}

/** validatePlan rejects a plan ffmpeg could not encode, naming the field and the value received. */
function validatePlan(plan: EncodePlan): void {
  for (const key of ['width', 'height'] as const) {
    if (!Number.isInteger(plan[key]) || plan[key] <= 0) {
      throw new TypeError(`EncodePlan.${key} must be a positive integer, received ${plan[key]}`);
    }
  }
  // The user-facing range of fps is the render settings' rule; here only what the arithmetic needs.
  if (!Number.isFinite(plan.fps) || plan.fps <= 0) throw new TypeError(`EncodePlan.fps must be a positive number, received ${plan.fps}`);
  if (plan.outputs.length === 0) throw new TypeError('EncodePlan.outputs must name at least one output, received none');
  for (const output of plan.outputs) {
    if (!(output.format in outputOptionBuilders)) {
      throw new TypeError(`EncodePlan.outputs: format must be mp4, webm, gif or frames, received ${String(output.format)}`);
    }
    if (output.path.length === 0) throw new TypeError(`EncodePlan.outputs: the ${output.format} output has an empty path`);
  }
  if (plan.background !== undefined && !/^#[0-9a-fA-F]{6}$/.test(plan.background)) {
    throw new TypeError(`EncodePlan.background must be a #rrggbb color, received ${plan.background}`);
  }
  if (plan.crf !== undefined && (!Number.isFinite(plan.crf) || plan.crf < 0 || plan.crf > 51)) {
    throw new TypeError(`EncodePlan.crf must be a number in [0, 51], received ${plan.crf}`);
  }
  const inputFormat = plan.inputFormat ?? 'rgba';
  if (inputFormat !== 'rgba' && inputFormat !== 'yuv420p') {
    throw new TypeError(`EncodePlan.inputFormat must be rgba or yuv420p, received ${String(inputFormat)}`);
  }
  if (inputFormat === 'yuv420p') {
    const rgbOutput = plan.outputs.find((output) => !yuv420pOutputFormats.has(output.format));
    if (rgbOutput !== undefined) {
      throw new TypeError(`EncodePlan.inputFormat: yuv420p frames can only feed mp4 and webm outputs, received a ${rgbOutput.format} output; push rgba frames instead`);
    }
    if (plan.width % 2 !== 0 || plan.height % 2 !== 0) {
      throw new TypeError(`EncodePlan.inputFormat: yuv420p frames need an even size, received ${plan.width}x${plan.height}`);
    }
  }
}
