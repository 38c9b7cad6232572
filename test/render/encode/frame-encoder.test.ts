import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ConfigError, ExecutionError } from '../../../src/errors.js';
import { buildFfmpegArgs, type EncodePlan } from '../../../src/render/encode/ffmpeg-args.js';
import { FrameEncoder, type FramesIndexEntry } from '../../../src/render/encode/frame-encoder.js';
import { Yuv420Frame } from '../../../src/render/encode/yuv420.js';
import { decodeFrameRgba, pixelAt, probeVideo } from '../../helpers/video-probe.js';
import { isProcessAlive } from '../../../src/record/process-tree.js';

const width = 320;
const height = 240;
const fps = 30;

type Rgb = [number, number, number];

/** bandsFrame returns an RGBA frame whose left half is `left` and right half is `right`. */
function bandsFrame(left: Rgb, right: Rgb): Buffer {
  const frame = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const colour = x < width / 2 ? left : right;
      frame.set([...colour, 255], (y * width + x) * 4);
    }
  }
  return frame;
}

/** assertCloseTo checks a decoded pixel against an expected colour within `tolerance` per channel. */
function assertCloseTo(actual: number[], expected: Rgb, tolerance: number, what: string): void {
  const off = expected.some((value, channel) => Math.abs(value - actual[channel]) > tolerance);
  assert.ok(!off, `${what}: got rgb(${actual.slice(0, 3).join(', ')}), expected about rgb(${expected.join(', ')})`);
}

/** temporaryDirectory creates a fresh directory for one test. */
async function temporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'termaudit-encode-'));
}


const red: Rgb = [0xff, 0x55, 0x55];
const blue: Rgb = [0x20, 0x40, 0xc0];
const times = [0, 0.1, 0.5, 1.5, 1.5 + 1 / fps, 2, 2 + 1 / fps, 2.5, 2.9, 3.2];
const redFrameIndex = 3;
const endSeconds = 4;

test('one ffmpeg run writes mp4, webm, gif and PNG frames that keep each frame time and last until the end', async () => {
  const directory = await temporaryDirectory();
  try {
    const plan: EncodePlan = {
      width,
      height,
      fps,
      outputs: [
        { format: 'mp4', path: join(directory, 'video.mp4') },
        { format: 'webm', path: join(directory, 'video.webm') },
        { format: 'gif', path: join(directory, 'video.gif') },
        { format: 'frames', path: join(directory, 'frames') },
      ],
    };
    const encoder = await FrameEncoder.start(plan);
    for (const [index, time] of times.entries()) {
      const shade = index * 20;
      await encoder.push(index === redFrameIndex ? bandsFrame(red, blue) : bandsFrame([shade, shade, shade], blue), time);
    }
    const result = await encoder.finish(endSeconds);
    assert.equal(result.framesEncoded, times.length);
    assert.equal(result.durationSeconds, endSeconds);
    assert.deepEqual(result.outputs, plan.outputs);

    for (const [format, codec] of [['mp4', 'h264'], ['webm', 'vp9'], ['gif', 'gif']] as const) {
      const path = join(directory, `video.${format}`);
      const video = await probeVideo(path);
      assert.equal(video.codec, codec, format);
      assert.deepEqual([video.width, video.height], [width, height], format);
      assert.ok(Math.abs(video.durationSeconds - endSeconds) <= 1 / fps, `${format} lasts ${video.durationSeconds} s`);
      // Every distinct frame at its own time (GIF counts centiseconds), plus the repeated last frame near the end.
      assert.equal(video.frameCount, times.length + 1, `${format} frames`);
      const precision = format === 'gif' ? 0.006 : 0.001;
      times.forEach((time, index) => assert.ok(Math.abs(video.frameTimes[index] - time) <= precision, `${format} frame ${index} at ${video.frameTimes[index]}, pushed at ${time}`));
      const redFrame = await decodeFrameRgba(path, times[redFrameIndex] + 0.01);
      const tolerance = format === 'gif' ? 2 : 8;
      assertCloseTo(pixelAt(redFrame, width / 4, height / 2), red, tolerance, `${format} red band`);
      assertCloseTo(pixelAt(redFrame, (3 * width) / 4, height / 2), blue, tolerance, `${format} blue band`);
    }
    const mp4 = await probeVideo(join(directory, 'video.mp4'));
    assert.equal(mp4.pixelFormat, 'yuv420p');
    assert.equal(mp4.profile, 'Main');
    assert.equal(mp4.colorInfo, 'tv, bt709');
    assert.equal((await probeVideo(join(directory, 'video.webm'))).pixelFormat, 'yuv420p');

    const framesDirectory = join(directory, 'frames');
    const pngs = (await readdir(framesDirectory)).filter((name) => name.endsWith('.png')).sort();
    assert.equal(pngs.length, times.length, 'one PNG per distinct frame, none for the held end');
    const index = JSON.parse(await readFile(join(framesDirectory, 'index.json'), 'utf8')) as FramesIndexEntry[];
    assert.deepEqual(index, times.map((time, position) => ({ file: pngs[position], time })));
    assert.equal(pngs[0], '000001.png');
    const redPng = await decodeFrameRgba(join(framesDirectory, pngs[redFrameIndex]), 0);
    assert.deepEqual(pixelAt(redPng, 10, 10), [...red, 255], 'PNG frames are lossless');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('yuv420p frames from Yuv420Frame encode to mp4 and webm with their times and colours', async () => {
  const directory = await temporaryDirectory();
  try {
    const outputs = (['mp4', 'webm'] as const).map((format) => ({ format, path: join(directory, `yuv.${format}`) }));
    const encoder = await FrameEncoder.start({ width, height, fps, outputs, inputFormat: 'yuv420p' });
    await assert.rejects(encoder.push(bandsFrame(red, blue), 0), { name: 'TypeError', message: /320x240x1\.5 \(yuv420p\) = 115200 bytes, received 307200/ });
    const yuv = new Yuv420Frame(width, height);
    for (const [index, time] of times.entries()) {
      const shade = index * 20;
      await encoder.push(yuv.update(index === redFrameIndex ? bandsFrame(red, blue) : bandsFrame([shade, shade, shade], blue)), time);
    }
    const result = await encoder.finish(endSeconds);
    assert.equal(result.framesEncoded, times.length);
    for (const output of outputs) {
      const video = await probeVideo(output.path);
      assert.deepEqual([video.width, video.height, video.pixelFormat], [width, height, 'yuv420p'], output.format);
      assert.equal(video.frameCount, times.length + 1, `${output.format} frames`);
      times.forEach((time, index) => assert.ok(Math.abs(video.frameTimes[index] - time) <= 0.001, `${output.format} frame ${index} at ${video.frameTimes[index]}, pushed at ${time}`));
      const redFrame = await decodeFrameRgba(output.path, times[redFrameIndex] + 0.01);
      assertCloseTo(pixelAt(redFrame, width / 4, height / 2), red, 8, `${output.format} red band`);
      assertCloseTo(pixelAt(redFrame, (3 * width) / 4, height / 2), blue, 8, `${output.format} blue band`);
      const grayFrame = await decodeFrameRgba(output.path, times[redFrameIndex + 1] + 0.01);
      const shade = (redFrameIndex + 1) * 20;
      assertCloseTo(pixelAt(grayFrame, width / 4, height / 2), [shade, shade, shade], 8, `${output.format} gray band`);
    }
    assert.equal((await probeVideo(outputs[0].path)).colorInfo, 'tv, bt709');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('a single frame still lasts until the end in every video format', async () => {
  const directory = await temporaryDirectory();
  try {
    const outputs = (['mp4', 'webm', 'gif'] as const).map((format) => ({ format, path: join(directory, `one.${format}`) }));
    const encoder = await FrameEncoder.start({ width, height, fps, outputs });
    await encoder.push(bandsFrame(red, red), 0);
    const result = await encoder.finish(2.5);
    assert.equal(result.framesEncoded, 1);
    for (const output of outputs) {
      const video = await probeVideo(output.path);
      assert.ok(Math.abs(video.durationSeconds - 2.5) <= 1 / fps, `${output.format} lasts ${video.durationSeconds} s`);
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('a later frame on the same 1/fps slot replaces the earlier one, and times must not go back', async () => {
  const directory = await temporaryDirectory();
  try {
    const framesDirectory = join(directory, 'frames');
    const encoder = await FrameEncoder.start({ width, height, fps, outputs: [{ format: 'frames', path: framesDirectory }] });
    await encoder.push(bandsFrame(blue, blue), 0);
    await encoder.push(bandsFrame(red, red), 0.01); // same slot as 0 at 30 fps
    await encoder.push(bandsFrame(blue, red), 0.5);
    await assert.rejects(encoder.push(bandsFrame(red, red), 0.2), { name: 'TypeError', message: /must not decrease/ });
    await assert.rejects(encoder.push(Buffer.alloc(10), 0.6), { name: 'TypeError', message: /bytes, received 10/ });
    const result = await encoder.finish(1);
    assert.equal(result.framesEncoded, 2);
    const index = JSON.parse(await readFile(join(framesDirectory, 'index.json'), 'utf8')) as FramesIndexEntry[];
    assert.deepEqual(index, [{ file: '000001.png', time: 0.01 }, { file: '000002.png', time: 0.5 }]);
    assert.deepEqual(pixelAt(await decodeFrameRgba(join(framesDirectory, '000001.png'), 0), 0, 0), [...red, 255]);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('abort kills ffmpeg and removes the partial outputs and the directories it created', async () => {
  const directory = await temporaryDirectory();
  try {
    const outputDirectory = join(directory, 'nested');
    const encoder = await FrameEncoder.start({
      width,
      height,
      fps,
      outputs: [
        { format: 'mp4', path: join(outputDirectory, 'partial.mp4') },
        { format: 'frames', path: join(outputDirectory, 'frames') },
      ],
    });
    const pid = encoder.pid;
    assert.ok(pid !== undefined && isProcessAlive(pid), 'ffmpeg runs after start');
    for (let index = 0; index < 5; index += 1) await encoder.push(bandsFrame(red, blue), index / fps);
    await encoder.abort();
    assert.ok(!isProcessAlive(pid), 'no ffmpeg process after abort');
    await assert.rejects(stat(join(outputDirectory, 'partial.mp4')), { code: 'ENOENT' });
    await assert.rejects(stat(join(outputDirectory, 'frames')), { code: 'ENOENT' });
    await assert.rejects(encoder.push(bandsFrame(red, blue), 1), ExecutionError);
    await encoder.abort(); // a second abort is harmless
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test("abort leaves an earlier render's output of the same name as it was, and no temporary beside it", async () => {
  const directory = await temporaryDirectory();
  try {
    await writeFile(join(directory, 'video.mp4'), 'earlier video');
    await mkdir(join(directory, 'frames'));
    await writeFile(join(directory, 'frames', '000001.png'), 'earlier frame');
    const encoder = await FrameEncoder.start({
      width,
      height,
      fps,
      outputs: [
        { format: 'mp4', path: join(directory, 'video.mp4') },
        { format: 'frames', path: join(directory, 'frames') },
      ],
    });
    for (let index = 0; index < 5; index += 1) await encoder.push(bandsFrame(red, blue), index / fps);
    await encoder.abort();
    assert.equal(await readFile(join(directory, 'video.mp4'), 'utf8'), 'earlier video');
    assert.equal(await readFile(join(directory, 'frames', '000001.png'), 'utf8'), 'earlier frame');
    assert.deepEqual((await readdir(directory)).sort(), ['frames', 'video.mp4']);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('ffmpeg failing rejects with an ExecutionError carrying its stderr, without crashing on the broken pipe', async () => {
  const directory = await temporaryDirectory();
  try {
    // ffmpeg opens its output when the first frame arrives: the directory is gone by then.
    const vanishing = join(directory, 'vanishing');
    await mkdir(vanishing);
    const encoder = await FrameEncoder.start({ width, height, fps, outputs: [{ format: 'mp4', path: join(vanishing, 'video.mp4') }] });
    await rm(vanishing, { recursive: true });
    await assert.rejects(
      async () => {
        for (let index = 0; index < 30; index += 1) await encoder.push(bandsFrame(red, blue), index / fps);
        await encoder.finish(2);
      },
      (error: unknown) => {
        assert.ok(error instanceof ExecutionError, String(error));
        assert.match(error.message, /ffmpeg said:[\s\S]*No such file or directory/);
        return true;
      },
    );
    await encoder.abort();

    // An output path that is not ours (a directory) is never replaced: the finished video cannot go there.
    const notAFile = join(directory, 'taken.mp4');
    await mkdir(notAFile);
    const blocked = await FrameEncoder.start({ width, height, fps, outputs: [{ format: 'mp4', path: notAFile }] });
    for (let index = 0; index < 3; index += 1) await blocked.push(bandsFrame(red, blue), index / fps);
    await assert.rejects(blocked.finish(1), (error: unknown) => error instanceof ExecutionError && error.message.includes(`in place at ${notAFile}`));
    assert.ok((await stat(notAFile)).isDirectory(), 'a path that was not ours stays');
    assert.deepEqual((await readdir(directory)).sort(), ['taken.mp4'], 'no temporary is left');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('FFMPEG_PATH pointing at a missing file fails start with a ConfigError naming FFMPEG_PATH', async () => {
  const previous = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = join(tmpdir(), 'termaudit-no-such-ffmpeg');
  try {
    await assert.rejects(
      FrameEncoder.start({ width, height, fps, outputs: [{ format: 'mp4', path: join(tmpdir(), 'never.mp4') }] }),
      (error: unknown) => error instanceof ConfigError && /FFMPEG_PATH/.test(error.message),
    );
  } finally {
    if (previous === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = previous;
  }
});

test('the spawned ffmpeg carries exactly the planned arguments', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const directory = await temporaryDirectory();
  try {
    const yuvPlan: EncodePlan = { width, height, fps, inputFormat: 'yuv420p', outputs: [{ format: 'mp4', path: join(directory, 'a.mp4') }] };
    const plan: EncodePlan = {
      width,
      height,
      fps,
      outputs: [
        { format: 'mp4', path: join(directory, 'a.mp4') },
        { format: 'gif', path: join(directory, 'a.gif') },
        { format: 'frames', path: join(directory, 'frames') },
      ],
    };
    for (const each of [yuvPlan, plan]) {
      const encoder = await FrameEncoder.start(each);
      // The argv the kernel holds for the running process: the binary, then every argument, NUL-terminated.
      const argv = (await readFile(`/proc/${encoder.pid}/cmdline`, 'utf8')).split('\0').slice(1, -1);
      await encoder.abort();
      assert.deepEqual(argv, buildFfmpegArgs(encoder.stagedPlan));
      // The plan run is the one asked for, each output at a temporary name beside its own.
      assert.deepEqual({ ...encoder.stagedPlan, outputs: [] }, { ...each, outputs: [] });
      encoder.stagedPlan.outputs.forEach((output, index) => {
        assert.equal(output.format, each.outputs[index].format);
        assert.equal(dirname(output.path), dirname(each.outputs[index].path));
        assert.match(basename(output.path), new RegExp(`^\\.${basename(each.outputs[index].path).replace('.', '\\.')}\\.termaudit-\\d+-\\d+\\.tmp$`));
      });
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
