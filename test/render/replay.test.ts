import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { replayFrames, type ReplayEnd, type ReplayFrame, type ReplayOptions } from '../../src/render/replay.js';
import { CellFlag, DEFAULT_COLOR, snapshotText, TRUECOLOR_BIT } from '../../src/render/screen.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { fixturePath } from '../helpers/paths.js';

async function framesOf(path: string, options: ReplayOptions = {}): Promise<{ frames: ReplayFrame[]; end: ReplayEnd }> {
  const summary = await summarizeCast(path);
  const end: ReplayEnd = { videoDuration: 0 };
  const frames: ReplayFrame[] = [];
  for await (const frame of replayFrames(path, summary, options, end)) frames.push(frame);
  return { frames, end };
}

async function castFrames(events: CastEventTuple[], options: ReplayOptions = {}, size?: { cols?: number; rows?: number; duration?: number }) {
  return framesOf(writeCast(events, size), options);
}

test('frames sit on the 1/fps grid at the first frame after each change', async () => {
  const { frames, end } = await framesOf(fixturePath('casts', 'v2.cast'), { fps: 30 });
  assert.deepEqual(frames.map((frame) => Math.round(frame.time * 30)), [0, 3, 15, 24, 45]);
  assert.equal(snapshotText(frames[0].snapshot), '\n', 'the video starts from the blank screen');
  assert.equal(frames[3].snapshot.cols, 30, 'the resize is applied');
  assert.equal(snapshotText(frames.at(-1)!.snapshot), 'hello red\nbye\n');
  assert.equal(end.videoDuration, 1.5);
});

test('a state identical to the previous frame is not yielded again', async () => {
  const { frames } = await castFrames([
    [0.1, 'o', '\u001b[?25lsame'],
    [0.5, 'o', '\u001b[1;1H'],
    [0.9, 'o', '\u001b[1;5H'],
  ]);
  assert.equal(frames.length, 2, 'cursor moves with a hidden cursor change nothing visible');
  assert.equal(frames[1].snapshot.cursorVisible, false);
});

test('output within one frame slot is parsed together and shown once', async () => {
  const events: CastEventTuple[] = [];
  for (let index = 0; index < 100; index++) events.push([0.21 + index * 0.0001, 'o', 'x']);
  const { frames } = await castFrames(events, { fps: 10 });
  assert.equal(frames.length, 2);
  assert.equal(frames[1].snapshot.chars.filter((char) => char === 'x').length, 100);
});

test('a synchronized update is only shown once it is complete', async () => {
  const { frames } = await castFrames(
    [
      [0.1, 'o', '\u001b[?2026hfirst half '],
      [0.5, 'o', 'second half\u001b[?2026l'],
    ],
    { fps: 10 },
    { cols: 40 },
  );
  const texts = frames.map((frame) => snapshotText(frame.snapshot));
  assert.ok(!texts.includes('first half\n'), 'the half-drawn state never becomes a frame');
  assert.equal(texts.at(-1), 'first half second half\n');
});

test('emoji and CJK take two cells with the Unicode 11 tables', async () => {
  const { frames } = await castFrames([[0.1, 'o', '😀漢a']]);
  const snapshot = frames.at(-1)!.snapshot;
  assert.deepEqual(Array.from(snapshot.widths.slice(0, 5)), [2, 0, 2, 0, 1]);
  assert.deepEqual(snapshot.chars.slice(0, 5), ['😀', '', '漢', '', 'a']);
});

test('colors and attributes are read per cell', async () => {
  const { frames } = await castFrames([[0.1, 'o', '\u001b[1;31mA\u001b[0;38;2;1;2;3;48;5;200mB\u001b[0;7;4mC\u001b[0mD']]);
  const snapshot = frames.at(-1)!.snapshot;
  assert.equal(snapshot.fg[0], 1);
  assert.equal(snapshot.flags[0] & CellFlag.bold, CellFlag.bold);
  assert.equal(snapshot.fg[1], TRUECOLOR_BIT | 0x010203);
  assert.equal(snapshot.bg[1], 200);
  assert.equal(snapshot.flags[2], CellFlag.inverse | CellFlag.underline);
  assert.equal(snapshot.fg[3], DEFAULT_COLOR);
  assert.equal(snapshot.bg[3], DEFAULT_COLOR);
});

test('the idle limit and speed shorten the video', async () => {
  const events: CastEventTuple[] = [
    [0.5, 'o', 'a'],
    [10.5, 'o', 'b'],
  ];
  const { frames, end } = await castFrames(events, { fps: 10, idleTimeLimit: 1, speed: 2 }, { duration: 12 });
  assert.deepEqual(frames.map((frame) => frame.time), [0, 0.3, 0.8]);
  assert.equal(end.videoDuration, 1.25);
});

test("the cast header's idle_time_limit shortens pauses unless the settings set another, or 0 to keep them", async () => {
  const events: CastEventTuple[] = [
    [0.5, 'o', 'a'],
    [10.5, 'o', 'b'],
  ];
  const path = writeCast(events, { idleTimeLimit: 2 });
  const times = async (options: ReplayOptions) => {
    const { frames, end } = await framesOf(path, { fps: 10, ...options });
    return [...frames.map((frame) => frame.time), end.videoDuration];
  };
  assert.deepEqual(await times({}), [0, 0.5, 2.5, 2.5], "the header's 2 s");
  assert.deepEqual(await times({ idleTimeLimit: 1 }), [0, 0.5, 1.5, 1.5], 'the setting wins');
  assert.deepEqual(await times({ idleTimeLimit: 0 }), [0, 0.5, 10.5, 10.5], '0 keeps every pause');
});

test('a pause ends at any event, as in asciinema: a marker or a key splits it', async () => {
  // agg's own case: output at 1 s, a marker at 10 s, output at 20 s, limit 2 s: 1, 3, 5.
  const events: CastEventTuple[] = [
    [1, 'o', 'a'],
    [10, 'm', 'm'],
    [20, 'o', 'b'],
    [30, 'i', 'x'],
    [40, 'o', 'c'],
  ];
  const { frames, end } = await castFrames(events, { fps: 10, idleTimeLimit: 2 });
  assert.deepEqual(frames.map((frame) => frame.time), [0, 1, 5, 9]);
  assert.equal(end.videoDuration, 9);
});

test('only the visible screen is captured, not the scrollback', async () => {
  const lines = Array.from({ length: 12 }, (_, index) => `line ${index}`).join('\r\n');
  const { frames } = await castFrames([[0.1, 'o', lines]], {}, { rows: 5 });
  assert.equal(snapshotText(frames.at(-1)!.snapshot), 'line 7\nline 8\nline 9\nline 10\nline 11\n');
});

test('with reuseSnapshots the frames take turns in two snapshot objects, each right when it is yielded', async () => {
  const path = writeCast([
    [0.1, 'o', 'a'],
    [0.2, 'o', 'b'],
    [0.3, 'o', '\u001b[1;1H'],
    [0.4, 'o', 'c'],
  ]);
  const summary = await summarizeCast(path);
  const objects = new Set<object>();
  const texts: string[] = [];
  for await (const frame of replayFrames(path, summary, { reuseSnapshots: true })) {
    objects.add(frame.snapshot);
    texts.push(snapshotText(frame.snapshot));
  }
  assert.deepEqual(texts, ['\n', 'a\n', 'ab\n', 'ab\n', 'cb\n']);
  assert.equal(objects.size, 2);
});
