/**
 * termaudit on real casts: asciinema's own (test/fixtures/casts/real, with their sources and licences). Every
 * cast replays to the length asciinema plays it for; four of them (v1 from asciinema.org, v2 with an idle
 * limit in its header, v3 with a theme and a resize, v3 with a theme and a glyph no font has) are rendered
 * to real videos here. `npm run compat:casts` renders every one of them.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { render } from '../../src/render/index.js';
import { replayFrames, type ReplayEnd, type ReplayOptions } from '../../src/render/replay.js';
import { sample } from '../../src/sample/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { castBytes, readRealCastManifest, REAL_CASTS_DIR, realCastPath, sha256Of, videoDurationProblem, type RealCastEntry } from '../helpers/real-casts.js';
import { probeVideo } from '../helpers/video-probe.js';

const manifest = readRealCastManifest();
const byId = new Map(manifest.entries.map((entry) => [entry.id, entry]));
/** The casts rendered to real videos here; the rest only replay (see the module comment). */
const RENDERED = ['asciinema-demo', 'asciinema-full-v3', 'player-21195', 'player-theme'];
const FPS = 30;
const LAST_FRAME = 2;

function entry(id: string): RealCastEntry {
  const found = byId.get(id);
  assert.ok(found, `no ${id} in the manifest`);
  return found;
}

/** replayedDuration replays a cast as the render stage does and returns the video length of the recording (without the hold). */
async function replayedDuration(path: string, options: ReplayOptions = {}): Promise<number> {
  const summary = await summarizeCast(path);
  const end: ReplayEnd = { videoDuration: 0 };
  for await (const _frame of replayFrames(path, summary, { fps: FPS, reuseSnapshots: true, ...options }, end));
  return end.videoDuration;
}

test('the real casts are the files their manifest names, each with its source, commit and licence', () => {
  const ids = manifest.entries.map((cast) => cast.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${ids.join(', ')}`);
  assert.deepEqual(new Set(manifest.entries.map((cast) => cast.version)), new Set([1, 2, 3]), 'every asciicast version is there');
  assert.ok(manifest.entries.some((cast) => cast.idleTimeLimit !== null), 'a cast with an idle limit in its header');
  let committed = 0;
  for (const cast of manifest.entries) {
    const bytes = castBytes(cast);
    assert.equal(bytes.length, cast.bytes, cast.id);
    assert.equal(sha256Of(bytes), cast.sha256, `${cast.id}: the file differs from the one taken from ${cast.source.repo}`);
    assert.match(cast.source.commit, /^[0-9a-f]{40}$/, cast.id);
    assert.ok(cast.source.path && manifest.sources[cast.source.repo], `${cast.id}: ${cast.source.repo} has no licence statement in the manifest`);
    assert.ok(existsSync(join(REAL_CASTS_DIR, cast.source.licenceFile)), `${cast.id}: ${cast.source.licenceFile} is missing`);
    assert.ok(cast.derivation.length > 0, cast.id);
    committed += statSync(join(REAL_CASTS_DIR, cast.file)).size;
  }
  assert.ok(committed < 2_000_000, `${committed} bytes of casts committed`);
  assert.match(readFileSync(join(REAL_CASTS_DIR, 'licenses', 'GPL-3.0.txt'), 'utf8'), /GNU GENERAL PUBLIC LICENSE\s+Version 3/);
  assert.match(readFileSync(join(REAL_CASTS_DIR, 'licenses', 'Apache-2.0.txt'), 'utf8'), /Apache License\s+Version 2\.0/);
});

test('every real cast replays to the length asciinema plays it for, on the frame grid', async () => {
  for (const cast of manifest.entries) {
    const duration = await replayedDuration(realCastPath(cast));
    assert.equal(videoDurationProblem(duration, cast.duration, FPS), undefined, cast.id);
  }
});

test("the header's idle limit is the default: --idle-time-limit overrides it and 0 keeps every pause", async () => {
  const cast = entry('asciinema-demo');
  const path = realCastPath(cast);
  assert.equal(videoDurationProblem(await replayedDuration(path, { idleTimeLimit: 0 }), cast.durationWithoutIdleLimit!, FPS), undefined, '0');
  // 1 s, by asciinema's rule: the pauses of 1.346817, 1.056451, 2.761168, 1.296212 and 4.235523 s are cut to 1 s each.
  assert.equal(videoDurationProblem(await replayedDuration(path, { idleTimeLimit: 1 }), 6.197309, FPS), undefined, '1 s');
});

for (const id of RENDERED) {
  test(`real cast ${id} renders to a video of its length plus the hold, without warnings`, async () => {
    const cast = entry(id);
    const outDir = makeTempDir();
    const warnings: string[] = [];
    const result = await render(realCastPath(cast), { outDir, formats: ['mp4'], fps: FPS, lastFrame: LAST_FRAME, onWarning: (message) => warnings.push(message) });
    assert.deepEqual(warnings, []);
    assert.equal(result.skippedLines, 0);
    assert.deepEqual(result.missingGlyphs.map((glyph) => glyph.character), cast.missingCharacters);
    assert.equal(result.settings.idleTimeLimit, cast.idleTimeLimit, "meta.json records the cast's own idle limit");
    const video = await probeVideo(result.outputs.mp4!);
    assert.equal(videoDurationProblem(video.durationSeconds, cast.duration + LAST_FRAME, FPS), undefined);
    assert.equal(videoDurationProblem(result.videoDuration, cast.duration + LAST_FRAME, FPS), undefined, 'the duration the render reports');
    const meta = JSON.parse(readFileSync(join(outDir, 'meta.json'), 'utf8'));
    assert.equal(meta.render.videoDuration, result.videoDuration);
  });
}

test("frames sampled from a cast with an idle limit carry their times in the video, the cast's own limit applied", async () => {
  const cast = entry('asciinema-demo');
  const sampled = await sample(realCastPath(cast), { out: makeTempDir(), frames: 6 });
  // The header's 2 s limit cuts 0.761168 s from the pause that ends at 5.631470 s (see the manifest's derivation).
  const videoTimeOf = (time: number) => (time >= 5.63147 ? time - 0.761168 : time);
  assert.ok(sampled.frames.some((frame) => frame.time > 5.63147), 'a frame after the cut');
  for (const frame of sampled.frames) {
    assert.ok(Math.abs(frame.videoTime - videoTimeOf(frame.time)) <= 1 / FPS + 1e-6, `frame ${frame.number}: ${frame.videoTime} s of video for ${frame.time} s recorded`);
  }
});
