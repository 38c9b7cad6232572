import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { render } from '../../src/render/index.js';
import { replayFrames, type ReplayEnd, type ReplayFrame } from '../../src/render/replay.js';
import { snapshotText } from '../../src/render/screen.js';
import { HIDE_MARKER, SHOW_MARKER } from '../../src/render/timeline.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { makeTempDir } from '../helpers/paths.js';

const fps = 10;

async function framesOf(path: string): Promise<{ frames: ReplayFrame[]; end: ReplayEnd }> {
  const summary = await summarizeCast(path);
  const end: ReplayEnd = { videoDuration: 0 };
  const frames: ReplayFrame[] = [];
  for await (const frame of replayFrames(path, summary, { fps }, end)) frames.push(frame);
  return { frames, end };
}

/** A 4 s cast with 2 s hidden (1.0 → 3.0) during which C and D are printed. */
function hiddenCast(hide = HIDE_MARKER, show = SHOW_MARKER): string {
  const events: CastEventTuple[] = [
    [0, 'o', 'A'],
    [1.0, 'o', 'B'],
    [1.0, 'm', hide],
    [1.5, 'o', 'C'],
    [2.5, 'o', 'D'],
    [3.0, 'm', show],
    [3.5, 'o', 'E'],
  ];
  return writeCast(events, { duration: 4 });
}

test('output between hide and show markers takes no video time and reappears in the first frame after the show', async () => {
  const { frames, end } = await framesOf(hiddenCast());
  assert.deepEqual(
    frames.map((frame) => [Math.round(frame.time * fps), snapshotText(frame.snapshot)]),
    [
      [0, 'A\n'],
      [10, 'AB\n'],
      [11, 'ABCD\n'],
      [15, 'ABCDE\n'],
    ],
  );
  assert.ok(!frames.some((frame) => snapshotText(frame.snapshot) === 'ABC\n'), 'no state from inside the cut is shown');
  assert.equal(end.videoDuration, 2);
  assert.equal(end.hiddenSeconds, 2);
});

test('a render is shorter than the cast by the hidden span, plus the hold', async () => {
  const outDir = makeTempDir();
  const result = await render(hiddenCast(), { outDir, formats: ['txt'], fps, lastFrame: 1 });
  assert.ok(Math.abs(result.videoDuration - (4 - 2 + 1)) <= 1 / fps, String(result.videoDuration));
  assert.equal(result.hiddenSeconds, 2);
});

test('a user marker named hide does not cut the video', async () => {
  const { frames, end } = await framesOf(hiddenCast('hide', 'show'));
  assert.equal(end.videoDuration, 4);
  assert.equal(end.hiddenSeconds, 0);
  assert.ok(frames.some((frame) => snapshotText(frame.snapshot) === 'ABC\n'));
});

test('a recording that ends hidden ends its video at the hide', async () => {
  const path = writeCast(
    [
      [0, 'o', 'A'],
      [1.0, 'm', HIDE_MARKER],
      [2.0, 'o', 'B'],
    ],
    { duration: 3 },
  );
  const { frames, end } = await framesOf(path);
  assert.deepEqual(frames.map((frame) => snapshotText(frame.snapshot)), ['A\n']);
  assert.equal(end.videoDuration, 1);
  assert.equal(end.hiddenSeconds, 2);
});
