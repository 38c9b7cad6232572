import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, test } from 'node:test';
import sharp from 'sharp';
import { ConfigError, ExecutionError } from '../../src/errors.js';
import { ffmpegPath } from '../../src/ffmpeg/ffmpeg-binary.js';
import { render } from '../../src/render/index.js';
import { FRAMES_FILE_NAME, openSampleInput, sample } from '../../src/sample/index.js';
import { parseShowinfoLine, parseVideoInfo } from '../../src/sample/video-source.js';
import { writeCast } from '../helpers/casts.js';
import { makeTempDir } from '../helpers/paths.js';
import { decodeFrameRgba, probeVideo } from '../helpers/video-probe.js';

let videoDir = '';

/** Renders a small session (a greeting, a screen full of text, a last line) to MP4 and GIF once for every test. */
before(async () => {
  const cast = writeCast(
    [
      [0.2, 'o', '\u001b[?25lWelcome\r\n'],
      [0.6, 'o', Array.from({ length: 8 }, (_, i) => `line ${i}: ${'#'.repeat(20 + i)}`).join('\r\n')],
      [1.0, 'o', '\u001b[2J\u001b[HThe end, and a long goodbye line to see'],
    ],
    { cols: 40, rows: 10 },
  );
  videoDir = makeTempDir();
  await render(cast, { outDir: videoDir, formats: ['mp4', 'gif'], fps: 10, lastFrame: 0.5 });
});

for (const format of ['mp4', 'gif']) {
  test(`a ${format} video is sampled: the changes are found and its last frame is always there`, async () => {
    const video = join(videoDir, `recording.${format}`);
    const probe = await probeVideo(video);
    const source = (await openSampleInput(video, {})).source;
    assert.equal(source.kind, 'video');
    const result = await sample(video);
    assert.equal(result.outDir, join(videoDir, 'recording.sample'));
    const json = JSON.parse(readFileSync(join(result.outDir, FRAMES_FILE_NAME), 'utf8')) as { source: { kind: string }; frames: Array<{ reason: string; time: number; file: string; hash: string; width: number; height: number }> };
    assert.equal(json.source.kind, 'video');
    const reasons = json.frames.map((frame) => `${frame.time}: ${frame.reason}`).join(' | ');
    // The end screen (1.0 s) is held until the video ends: the last frame shows it, so it is not picked twice.
    assert.equal(json.frames.length, 3, reasons);
    assert.match(json.frames[0].reason, /first non-blank screen/, reasons);
    assert.ok(Math.abs(json.frames[0].time - 0.2) < 0.02, reasons);
    assert.match(json.frames[1].reason, /^changes: \d+ thumbnail pixels differ/, reasons);
    assert.ok(Math.abs(json.frames[1].time - 0.6) < 0.02, reasons);
    assert.equal(json.frames[2].reason, 'last frame');
    assert.ok(Math.abs(json.frames[2].time - probe.frameTimes.at(-1)!) < 0.002, `${json.frames[2].time} vs ${probe.frameTimes.at(-1)}`);
    assert.ok(json.frames[2].time > 1.3, 'the last frame is the end of the hold, not the first frame of the end screen');
    for (const frame of json.frames) {
      const bytes = readFileSync(join(result.outDir, frame.file));
      assert.equal(frame.hash, createHash('sha256').update(bytes).digest('hex'));
      assert.deepEqual([frame.width, frame.height], [probe.width, probe.height]);
    }
    // The PNG is the frame shown at its time, decoded at full size (not the thumbnail, not a neighbour).
    for (const frame of json.frames) {
      const expected = await decodeFrameRgba(video, frame.time);
      const actual = await sharp(join(result.outDir, frame.file)).ensureAlpha().raw().toBuffer();
      assert.equal(actual.length, expected.data.length);
      let worst = 0;
      for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected.data[i]));
      assert.ok(worst <= 2, `${frame.file} differs from the frame at ${frame.time}s by up to ${worst} levels`);
    }
  });
}

test('a file ffmpeg cannot read is a ConfigError naming it', async () => {
  const path = join(makeTempDir(), 'noise.mp4');
  writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  await assert.rejects(sample(path), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`cannot read video ${path}: `) && !error.message.includes('\n'));
});

test('a video without frames exits 2 with a clear error', async () => {
  const path = join(makeTempDir(), 'empty.mp4');
  await promisify(execFile)(ffmpegPath(), ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:d=1', '-frames:v', '0', '-c:v', 'libx264', path]);
  await assert.rejects(sample(path), (error: unknown) => error instanceof ExecutionError && error.exitCode === 2 && error.message === `${path} has no video frames: there is nothing to sample`);
});

test('ffmpeg output is parsed for the stream size, duration and frame times', () => {
  assert.deepEqual(parseVideoInfo('  Duration: 00:01:02.50, start: 0.000000\n    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 432x222, 10 kb/s'), {
    width: 432,
    height: 222,
    duration: 62.5,
  });
  assert.equal(parseVideoInfo('Invalid data found when processing input'), undefined);
  assert.deepEqual(parseShowinfoLine('[Parsed_showinfo_0 @ 0x5f] n:   3 pts:  15360 pts_time:1.2     pos:  4096 fmt:yuv420p'), { n: 3, time: 1.2 });
  assert.equal(parseShowinfoLine('frame=   10 fps=0.0 q=-0.0 size=N/A time=00:00:01.00'), undefined);
});
