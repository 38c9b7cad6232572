import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsYuv420pInput, buildFfmpegArgs, framePngName, inputFrameBytes, planFfmpegCommand, type EncodePlan, type InputPixelFormat, type VideoFormat } from '../../../src/render/encode/ffmpeg-args.js';

const allFormats: EncodePlan = {
  width: 320,
  height: 240,
  fps: 30,
  outputs: [
    { format: 'mp4', path: 'out/video.mp4' },
    { format: 'webm', path: 'out/video.webm' },
    { format: 'gif', path: 'out/video.gif' },
    { format: 'frames', path: 'out/frames' },
  ],
};

/** optionsOf returns the planned output options of the first output of `format`. */
function optionsOf(plan: EncodePlan, format: VideoFormat): string[] {
  const output = planFfmpegCommand(plan).outputs.find((candidate) => candidate.format === format);
  assert.ok(output, `no ${format} output planned`);
  return output.options;
}

/** valueOf returns the value following `flag` in `options`. */
function valueOf(options: string[], flag: string): string | undefined {
  const at = options.indexOf(flag);
  return at < 0 ? undefined : options[at + 1];
}

test('one command reads the matroska stream from stdin once and writes every output in order', () => {
  const args = buildFfmpegArgs(allFormats);
  assert.deepEqual(args.slice(0, 4), ['-f', 'matroska', '-i', 'pipe:0']);
  assert.equal(args.filter((arg) => arg === '-i').length, 1);
  assert.equal(args.filter((arg) => arg === '-vsync').length, 1, '-vsync is global in ffmpeg 4.1: set once');
  assert.equal(valueOf(args, '-vsync'), 'vfr');
  assert.ok(args.includes('-y'));
  const targets = ['out/video.mp4', 'out/video.webm', 'out/video.gif', 'out/frames/%06d.png'].map((target) => args.indexOf(target));
  assert.ok(targets.every((position) => position > 0), `targets at ${targets}`);
  assert.deepEqual([...targets].sort((a, b) => a - b), targets);
  assert.equal(targets.at(-1), args.length - 1);
  // Each output's codec sits between the previous target and its own.
  assert.ok(args.indexOf('libx264') < targets[0]);
  assert.ok(args.indexOf('libvpx-vp9') > targets[0] && args.indexOf('libvpx-vp9') < targets[1]);
  assert.ok(args.indexOf('-final_delay') > targets[1] && args.indexOf('-final_delay') < targets[2]);
  assert.ok(args.lastIndexOf('png') > targets[2]);
});

test('mp4 output is fast x264 in yuv420p with BT.709 conversion and tags, Main profile, and faststart', () => {
  const options = optionsOf(allFormats, 'mp4');
  assert.equal(valueOf(options, '-c:v'), 'libx264');
  assert.equal(valueOf(options, '-preset'), 'ultrafast');
  assert.equal(valueOf(options, '-crf'), '23');
  assert.equal(valueOf(options, '-x264-params'), 'cabac=1');
  assert.equal(valueOf(options, '-pix_fmt'), 'yuv420p');
  assert.equal(valueOf(options, '-vf'), 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p');
  for (const flag of ['-colorspace', '-color_primaries', '-color_trc']) assert.equal(valueOf(options, flag), 'bt709', flag);
  assert.equal(valueOf(options, '-color_range'), 'tv');
  assert.equal(valueOf(options, '-movflags'), '+faststart');
  assert.equal(valueOf(options, '-r'), '30');
  assert.equal(valueOf(options, '-video_track_timescale'), '30000');
  assert.match(valueOf(options, '-force_key_frames') ?? '', /prev_forced_t\+2/);
  assert.equal(valueOf(options, '-g'), '60');
  assert.equal(valueOf(options, '-f'), 'mp4');
});

test('preset and crf of the plan reach x264', () => {
  const options = optionsOf({ ...allFormats, preset: 'superfast', crf: 28 }, 'mp4');
  assert.equal(valueOf(options, '-preset'), 'superfast');
  assert.equal(valueOf(options, '-crf'), '28');
});

test('webm output is realtime VP9 in BT.709 yuv420p', () => {
  const options = optionsOf(allFormats, 'webm');
  assert.equal(valueOf(options, '-c:v'), 'libvpx-vp9');
  assert.equal(valueOf(options, '-deadline'), 'realtime');
  assert.equal(valueOf(options, '-cpu-used'), '8');
  assert.equal(valueOf(options, '-pix_fmt'), 'yuv420p');
  assert.equal(valueOf(options, '-colorspace'), 'bt709');
  assert.equal(valueOf(options, '-f'), 'webm');
});

test('gif output builds a palette per frame in one pass and caps its rate at 50 fps', () => {
  const options = optionsOf({ ...allFormats, fps: 60 }, 'gif');
  const filter = valueOf(options, '-vf') ?? '';
  assert.match(filter, /split/);
  assert.match(filter, /palettegen=stats_mode=single/);
  assert.match(filter, /paletteuse=new=1/);
  assert.equal(valueOf(options, '-r'), '50');
  assert.equal(valueOf(options, '-final_delay'), '2');
  assert.equal(valueOf(options, '-f'), 'gif');
  assert.equal(valueOf(optionsOf(allFormats, 'gif'), '-final_delay'), '3');
});

test('frames output writes numbered PNGs into the directory', () => {
  const command = planFfmpegCommand(allFormats);
  const frames = command.outputs.find((output) => output.format === 'frames');
  assert.equal(frames?.target, 'out/frames/%06d.png');
  assert.equal(valueOf(frames?.options ?? [], '-c:v'), 'png');
  assert.equal(valueOf(frames?.options ?? [], '-f'), 'image2');
  assert.equal(valueOf(frames?.options ?? [], '-start_number'), '1');
  assert.equal(framePngName(1), '000001.png');
  assert.equal(framePngName(123456), '123456.png');
});

test('odd frame sizes are padded to even for yuv420p video but not for gif', () => {
  const odd = { ...allFormats, width: 321, height: 241 };
  assert.match(valueOf(optionsOf(odd, 'mp4'), '-vf') ?? '', /^pad=322:242:0:0,/);
  assert.match(valueOf(optionsOf(odd, 'webm'), '-vf') ?? '', /^pad=322:242:0:0,/);
  assert.doesNotMatch(valueOf(optionsOf(odd, 'gif'), '-vf') ?? '', /pad=/);
});

test('fractional frame rates are kept and the mp4 timescale is left to ffmpeg', () => {
  const options = optionsOf({ ...allFormats, fps: 29.97 }, 'mp4');
  assert.equal(valueOf(options, '-r'), '29.97');
  assert.equal(valueOf(options, '-video_track_timescale'), undefined);
});

test('an unusable plan is rejected with a TypeError naming the field and the value', () => {
  assert.throws(() => buildFfmpegArgs({ ...allFormats, width: 0 }), { name: 'TypeError', message: /EncodePlan\.width.*received 0/ });
  assert.throws(() => buildFfmpegArgs({ ...allFormats, fps: -1 }), { name: 'TypeError', message: /EncodePlan\.fps.*received -1/ });
  assert.throws(() => buildFfmpegArgs({ ...allFormats, outputs: [] }), { name: 'TypeError', message: /EncodePlan\.outputs/ });
  assert.throws(() => buildFfmpegArgs({ ...allFormats, crf: 99 }), { name: 'TypeError', message: /EncodePlan\.crf.*received 99/ });
  assert.throws(
    () => buildFfmpegArgs({ ...allFormats, outputs: [{ format: 'avi' as VideoFormat, path: 'x.avi' }] }),
    { name: 'TypeError', message: /received avi/ },
  );
});

const videoOnly: EncodePlan = {
  width: 320,
  height: 240,
  fps: 30,
  inputFormat: 'yuv420p',
  outputs: [
    { format: 'mp4', path: 'out/video.mp4' },
    { format: 'webm', path: 'out/video.webm' },
  ],
};

test('yuv420p input drops the scale filter but keeps yuv420p and the BT.709 tags, with the same outputs as rgba', () => {
  for (const format of ['mp4', 'webm'] as const) {
    const options = optionsOf(videoOnly, format);
    assert.ok(!options.includes('-vf'), `${format}: no filter, got ${options.join(' ')}`);
    assert.equal(valueOf(options, '-pix_fmt'), 'yuv420p', format);
    for (const flag of ['-colorspace', '-color_primaries', '-color_trc']) assert.equal(valueOf(options, flag), 'bt709', `${format} ${flag}`);
    assert.equal(valueOf(options, '-color_range'), 'tv', format);
    // Everything but the filter is the same as for rgba input.
    const fromRgba = optionsOf({ ...videoOnly, inputFormat: 'rgba' }, format);
    const filterAt = fromRgba.indexOf('-vf');
    assert.deepEqual(options, [...fromRgba.slice(0, filterAt), ...fromRgba.slice(filterAt + 2)], format);
  }
  const rgbaArgs = buildFfmpegArgs({ ...videoOnly, inputFormat: undefined });
  assert.deepEqual(rgbaArgs, buildFfmpegArgs({ ...videoOnly, inputFormat: 'rgba' }), 'rgba is the default');
  assert.ok(rgbaArgs.includes('-vf'));
  assert.deepEqual(buildFfmpegArgs(videoOnly).slice(0, 4), ['-f', 'matroska', '-i', 'pipe:0']);
});

test('only mp4 and webm outputs accept yuv420p input, and a plan mixing in gif or frames is refused', () => {
  assert.equal(acceptsYuv420pInput(videoOnly.outputs), true);
  assert.equal(acceptsYuv420pInput([{ format: 'mp4', path: 'a.mp4' }]), true);
  assert.equal(acceptsYuv420pInput([...videoOnly.outputs, { format: 'gif', path: 'a.gif' }]), false);
  assert.equal(acceptsYuv420pInput([{ format: 'frames', path: 'frames' }]), false);
  assert.equal(acceptsYuv420pInput([]), false);
  for (const format of ['gif', 'frames'] as const) {
    assert.throws(() => buildFfmpegArgs({ ...videoOnly, outputs: [...videoOnly.outputs, { format, path: `out/${format}` }] }), {
      name: 'TypeError',
      message: new RegExp(`EncodePlan\\.inputFormat.*${format} output`),
    });
  }
  assert.throws(() => buildFfmpegArgs({ ...videoOnly, width: 321 }), { name: 'TypeError', message: /even size, received 321x240/ });
  assert.throws(() => buildFfmpegArgs({ ...videoOnly, inputFormat: 'nv12' as InputPixelFormat }), { name: 'TypeError', message: /inputFormat.*received nv12/ });
});

test('a pushed frame is 4 bytes per pixel in rgba and 1.5 in yuv420p', () => {
  assert.equal(inputFrameBytes({ width: 1920, height: 1080 }), 1920 * 1080 * 4);
  assert.equal(inputFrameBytes({ width: 1920, height: 1080, inputFormat: 'rgba' }), 1920 * 1080 * 4);
  assert.equal(inputFrameBytes({ width: 1920, height: 1080, inputFormat: 'yuv420p' }), 1920 * 1080 * 1.5);
});
