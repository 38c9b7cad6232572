import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { lastSeenFrame, newMainScreenRows } from '../../src/render/last-seen-screen.js';
import { replayFrames, type ReplayEnd, type ReplayFrame } from '../../src/render/replay.js';
import { snapshotText } from '../../src/render/screen.js';
import { writeCast } from '../helpers/casts.js';
import { FULL_SCREEN_LAST_ROW, fullScreenCast } from '../helpers/full-screen-casts.js';

async function replayed(castPath: string): Promise<{ texts: string[]; alternate: boolean[]; end: ReplayEnd }> {
  const end: ReplayEnd = { videoDuration: 0 };
  const frames: ReplayFrame[] = [];
  for await (const frame of replayFrames(castPath, await summarizeCast(castPath), {}, end)) frames.push(frame);
  return { texts: frames.map((frame) => snapshotText(frame.snapshot)), alternate: frames.map((frame) => frame.snapshot.alternate), end };
}

test('a shell prompt printed again after a full-screen program is not new output; text the program leaves is', () => {
  const restored = ['$ edit notes.txt', '', ''];
  assert.deepEqual(newMainScreenRows(restored, ['$ edit notes.txt', '$', '']), []);
  assert.deepEqual(newMainScreenRows(restored, ['$ edit notes.txt', '$ ', '']), []);
  assert.deepEqual(newMainScreenRows(restored, ['$ edit notes.txt', 'wrote 3 lines', '$']), ['wrote 3 lines']);
  assert.deepEqual(newMainScreenRows([], ['', '  ']), []);
});

test('lastSeenFrame keeps the final frame unless the program left the alternate screen and nothing new followed', () => {
  const exit = { session: 1, mainRows: ['$ top'] };
  const base = { frames: 5, finalAlternate: false, finalRows: ['$ top', '$'] };
  assert.deepEqual(lastSeenFrame({ ...base, lastAlternate: { frame: 3, session: 1 }, lastExit: exit }), { frame: 3, kind: 'alternate' });
  assert.deepEqual(lastSeenFrame({ ...base, finalRows: ['$ top', 'bye', '$'], lastAlternate: { frame: 3, session: 1 }, lastExit: exit }), { frame: 4, kind: 'final' });
  assert.deepEqual(lastSeenFrame({ ...base, finalAlternate: true, lastAlternate: { frame: 4, session: 1 } }), { frame: 4, kind: 'final' });
  assert.deepEqual(lastSeenFrame(base), { frame: 4, kind: 'final' });
  // The frame drawn belongs to an earlier stay on the alternate screen than the one that ended last.
  assert.deepEqual(lastSeenFrame({ ...base, lastAlternate: { frame: 3, session: 1 }, lastExit: { ...exit, session: 2 } }), { frame: 4, kind: 'final' });
});

test('a replay tells which frame is the full-screen program\'s last screen when it restores the main screen at exit', async () => {
  const { texts, alternate, end } = await replayed(fullScreenCast());
  assert.equal(texts.at(-1), '$ edit notes.txt\n$\n', 'the recording ends on the restored main screen and the prompt');
  assert.equal(alternate.at(-1), false);
  assert.deepEqual(end.lastSeen, { frame: texts.length - 2, kind: 'alternate' });
  assert.ok(alternate[end.lastSeen!.frame]);
  assert.match(texts[end.lastSeen!.frame], new RegExp(FULL_SCREEN_LAST_ROW));
});

test('output a program leaves on the main screen after the alternate screen makes the final frame the last seen', async () => {
  const { texts, end } = await replayed(fullScreenCast('notes.txt: 3 lines\r\n'));
  assert.deepEqual(end.lastSeen, { frame: texts.length - 1, kind: 'final' });
  assert.match(texts.at(-1)!, /notes\.txt: 3 lines/);
});

test('a program that never uses the alternate screen ends on its final frame', async () => {
  const { texts, end } = await replayed(writeCast([[0.1, 'o', 'one\r\n'], [0.5, 'o', 'two\r\n']]));
  assert.deepEqual(end.lastSeen, { frame: texts.length - 1, kind: 'final' });
});
