/**
 * Test helpers that inspect videos with the same ffmpeg the encoder uses (the bundled build has no
 * ffprobe): stream facts parsed from `ffmpeg -i`, exact frame timestamps from the `framecrc` muxer, and
 * decoded pixels of the frame shown at a given time.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ffmpegPath } from '../../src/ffmpeg/ffmpeg-binary.js';

const execFileAsync = promisify(execFile);

/** VideoProbe is what a test needs to know about a video file. */
export interface VideoProbe {
  /** Codec name as ffmpeg prints it: `h264`, `vp9`, `gif`, `png`. */
  codec: string;
  /** Codec profile when ffmpeg names one (`Main`, `High`, `Profile 0`), else ''. */
  profile: string;
  width: number;
  height: number;
  /** The container's duration as ffmpeg reports it; where it reports none (GIF), the end of the last frame. */
  durationSeconds: number;
  /** Pixel format: `yuv420p`, `bgra`, `rgba`, … */
  pixelFormat: string;
  /** Colour details after the pixel format (`tv, bt709`), or '' when untagged. */
  colorInfo: string;
  /** Frames (packets) in the video stream. */
  frameCount: number;
  /** Presentation time of each frame in seconds, exact (from the stream's time base). */
  frameTimes: number[];
}

/** DecodedFrame is one frame as RGBA pixels. */
export interface DecodedFrame {
  width: number;
  height: number;
  /** RGBA, row by row, width*height*4 bytes. */
  data: Buffer;
}

/** probeVideo returns the codec, size, duration, pixel format and frame timestamps of a video (or image) file. */
export async function probeVideo(path: string): Promise<VideoProbe> {
  // Copying packets into framecrc lists every frame's pts and duration exactly, without decoding.
  const { stdout, stderr } = await runFfmpeg(['-hide_banner', '-i', path, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-']);
  const stream = /Stream #0:\d+.*?: Video: (\w+)(?: \(([^)]*)\))?.*?, (\w+)(?:\(([^)]*)\))?, (\d+)x(\d+)/.exec(stderr);
  if (stream === null) throw new Error(`probeVideo: no video stream in ${path}:\n${stderr}`);
  const timeBase = /^#tb 0: (\d+)\/(\d+)$/m.exec(stdout);
  const tick = timeBase === null ? 1 : Number(timeBase[1]) / Number(timeBase[2]);
  const packets = stdout
    .split('\n')
    .filter((line) => /^0,/.test(line))
    .map((line) => line.split(',').map((field) => field.trim()))
    .map(([, , pts, duration]) => ({ pts: Number(pts) * tick, duration: Number(duration) * tick }));
  const frameTimes = packets.map((packet) => packet.pts).sort((a, b) => a - b);
  const packetEnd = packets.reduce((end, packet) => Math.max(end, packet.pts + packet.duration), 0);
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  const durationSeconds =
    duration === null ? packetEnd - (frameTimes[0] ?? 0) : Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  return {
    codec: stream[1],
    profile: stream[2] ?? '',
    pixelFormat: stream[3],
    colorInfo: stream[4] ?? '',
    width: Number(stream[5]),
    height: Number(stream[6]),
    durationSeconds,
    frameCount: packets.length,
    frameTimes,
  };
}

/** decodeFrameRgba returns the RGBA pixels of the frame shown at `timeSeconds` (the last frame starting at or before it). */
export async function decodeFrameRgba(videoPath: string, timeSeconds: number): Promise<DecodedFrame> {
  const video = await probeVideo(videoPath);
  const { stdout } = await runFfmpeg(
    [...seekToFrameShownAt(video, timeSeconds), '-i', videoPath, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
    'buffer',
  );
  const expected = video.width * video.height * 4;
  if (stdout.length !== expected) throw new Error(`decodeFrameRgba: expected ${expected} bytes from ${videoPath}, got ${stdout.length}`);
  return { width: video.width, height: video.height, data: stdout };
}

/** extractFramePng writes the frame shown at `timeSeconds` as a PNG to `outPng`. */
export async function extractFramePng(videoPath: string, timeSeconds: number, outPng: string): Promise<void> {
  const video = await probeVideo(videoPath);
  await runFfmpeg([...seekToFrameShownAt(video, timeSeconds), '-i', videoPath, '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-y', outPng]);
}

/** pixelAt returns the [r, g, b, a] of a decoded frame at (x, y). */
export function pixelAt(frame: DecodedFrame, x: number, y: number): [number, number, number, number] {
  const offset = (y * frame.width + x) * 4;
  return [frame.data[offset], frame.data[offset + 1], frame.data[offset + 2], frame.data[offset + 3]];
}

/**
 * seekToFrameShownAt returns input options that start decoding at the frame shown at `timeSeconds`. In a
 * variable-frame-rate video that frame may start long before the time, and ffmpeg's accurate seek drops
 * frames that start before the seek point, so the seek goes to the frame's own start.
 */
function seekToFrameShownAt(video: VideoProbe, timeSeconds: number): string[] {
  const shown = video.frameTimes.filter((time) => time <= timeSeconds + 1e-9).at(-1) ?? video.frameTimes[0] ?? 0;
  // A hair before the frame's start, so float printing cannot land just after it; the previous frame
  // starts at least a millisecond earlier.
  return ['-ss', Math.max(0, shown - 0.0005).toFixed(6), '-vsync', 'passthrough'];
}

/** runFfmpeg runs the ffmpeg the encoder uses and returns its output (ffmpeg -i "fails" without an output; that is fine here). */
async function runFfmpeg(args: string[]): Promise<{ stdout: string; stderr: string }>;
async function runFfmpeg(args: string[], encoding: 'buffer'): Promise<{ stdout: Buffer; stderr: Buffer }>;
async function runFfmpeg(args: string[], encoding?: 'buffer'): Promise<{ stdout: string | Buffer; stderr: string | Buffer }> {
  const options = { maxBuffer: 1 << 30, encoding: encoding ?? 'utf8' } as const;
  try {
    return await execFileAsync(ffmpegPath(), ['-nostdin', ...args], options);
  } catch (error) {
    const failed = error as { stderr?: string | Buffer; message: string };
    throw new Error(`ffmpeg ${args.join(' ')} failed: ${failed.stderr?.toString().slice(-2000) ?? failed.message}`);
  }
}
