import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { ConfigError, ExecutionError } from '../../src/errors.js';
import { FRAMES_FILE_NAME, openSampleInput, sample } from '../../src/sample/index.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { FULL_SCREEN_LAST_ROW, fullScreenCast } from '../helpers/full-screen-casts.js';

/** A small session: a greeting, a menu (marked), a clock ticking in a corner, a result screen, an internal hide/show pair. */
const sessionEvents: CastEventTuple[] = [
  [0.2, 'o', '\u001b[?25lWelcome to the demo\r\n'],
  [1.0, 'o', '  1) Start a new game\r\n  2) Load a saved game\r\n  3) Settings and options\r\n  4) Quit the program\r\n'],
  [1.2, 'm', 'menu'],
  ...[1.5, 1.7, 1.9, 2.1, 2.3].map((time, i): CastEventTuple => [time, 'o', `\u001b[10;38H${i}`]),
  [3.0, 'o', '\u001b[2J\u001b[HLoading saved game...\r\nLevel 3 of 12, 2 lives left\r\nScore 4200 points\r\n'],
  [3.5, 'm', 'termaudit:hide'],
  [3.6, 'm', 'termaudit:show'],
  [4.0, 'o', 'Done.'],
  [4.5, 'm', 'end'],
];
const finalText = 'Loading saved game...\nLevel 3 of 12, 2 lives left\nScore 4200 points\nDone.\n';

interface FramesJson {
  version: number;
  source: { kind: string; path: string; duration: number; cols: number; rows: number };
  strategies: string[];
  cap: number;
  candidates: number;
  frames: Array<{ number: number; file: string; time: number; videoTime: number; reason: string; hash: string; width: number; height: number; text?: string }>;
}

function readFramesJson(outDir: string): FramesJson {
  return JSON.parse(readFileSync(join(outDir, FRAMES_FILE_NAME), 'utf8')) as FramesJson;
}

function sessionCast(): string {
  return writeCast(sessionEvents, { cols: 40, rows: 10, duration: 5 });
}

test('sample writes numbered PNGs and a frames.json whose hashes, sizes and texts match them', async () => {
  const cast = sessionCast();
  const out = join(makeTempDir(), 'out');
  const progress: Array<{ phase: string; done: number; total?: number }> = [];
  const result = await sample(cast, { out, onProgress: (update) => progress.push(update) });
  const json = readFramesJson(out);
  assert.ok(progress.some((update) => update.phase === 'scan' && update.total === 5));
  assert.deepEqual(progress.at(-1), { phase: 'write', done: result.frames.length, total: result.frames.length });

  assert.equal(json.version, 1);
  assert.deepEqual(json.source, { kind: 'cast', path: cast, duration: 5, cols: 40, rows: 10 });
  assert.deepEqual(json.strategies, ['changes']);
  assert.equal(json.cap, 12);
  assert.equal(json.candidates, result.candidates);
  assert.equal(result.framesFile, join(out, FRAMES_FILE_NAME));
  assert.deepEqual(
    json.frames.map((frame) => frame.number),
    json.frames.map((_, index) => index + 1),
  );
  assert.deepEqual(readdirSync(join(out, 'frames')).sort(), json.frames.map((frame) => frame.file.replace('frames/', '')));
  for (const [index, frame] of json.frames.entries()) {
    assert.equal(frame.file, `frames/${String(index + 1).padStart(2, '0')}.png`);
    const bytes = readFileSync(join(out, frame.file));
    assert.equal(frame.hash, createHash('sha256').update(bytes).digest('hex'), `hash of ${frame.file}`);
    const metadata = await sharp(bytes).metadata();
    assert.equal(metadata.format, 'png');
    assert.deepEqual([metadata.width, metadata.height], [frame.width, frame.height]);
    assert.equal(result.frames[index].file, join(out, frame.file));
    assert.ok(result.frames[index].snapshot, 'the snapshot is kept in memory');
    assert.equal(result.frames[index].text, frame.text);
  }
  assert.ok(!readFileSync(join(out, FRAMES_FILE_NAME), 'utf8').includes('snapshot'), 'snapshots stay out of frames.json');
  // 40x10 cells at the default 16 px font (10 px wide, 19 px high cells) with 16 px padding.
  assert.deepEqual([json.frames[0].width, json.frames[0].height], [432, 222]);

  const first = json.frames[0];
  assert.equal(first.reason, 'first non-blank screen');
  assert.equal(first.text, 'Welcome to the demo\n');
  assert.equal(first.time, 0.2);
  const last = json.frames.at(-1)!;
  assert.equal(last.reason, 'last frame');
  assert.equal(last.text, finalText);
  assert.equal(last.time, 4);

  const changes = json.frames.filter((frame) => frame.reason.startsWith('changes:'));
  const reasons = JSON.stringify(json.frames.map((frame) => [frame.time, frame.reason]));
  assert.equal(changes.length, 2, `the menu and the result screen before "Done."; the clock ticks are near-duplicates: ${reasons}`);
  assert.match(changes[0].text!, /^Welcome to the demo\n {2}1\) Start a new game\n.*4\) Quit the program\n/s);
  assert.match(changes[0].reason, /^changes: \d+ cells differ from the frames already picked$/);
  assert.equal(changes[1].time, 3);
  assert.equal(changes[1].text, 'Loading saved game...\nLevel 3 of 12, 2 lives left\nScore 4200 points\n');
});

test('the markers strategy puts a frame at each marker and ignores the internal hide/show markers', async () => {
  const out = join(makeTempDir(), 'out');
  const result = await sample(sessionCast(), { out, strategies: ['markers'] });
  const reasons = result.frames.map((frame) => frame.reason);
  assert.ok(!reasons.some((reason) => reason.includes('termaudit:')), reasons.join(' | '));
  const menu = result.frames.find((frame) => frame.reason === 'marker "menu"');
  assert.ok(menu, reasons.join(' | '));
  assert.equal(menu.time, 1.0, 'the screen shown at the marker (1.2 s) was drawn at 1.0 s');
  assert.match(menu.text!, /Quit the program/);
  const end = result.frames.at(-1)!;
  assert.equal(end.reason, 'last frame; marker "end"');
  assert.equal(end.text, finalText);
});

test('a re-sample replaces the old frames instead of mixing with them', async () => {
  const cast = sessionCast();
  const out = join(makeTempDir(), 'out');
  await sample(cast, { out, strategies: ['uniform'], frames: 6 });
  writeFileSync(join(out, 'frames', '07.png'), 'stale');
  assert.ok(readdirSync(join(out, 'frames')).length >= 5);
  const again = await sample(cast, { out, frames: 2 });
  assert.deepEqual(readdirSync(join(out, 'frames')).sort(), ['01.png', '02.png']);
  assert.equal(readFramesJson(out).frames.length, 2);
  assert.deepEqual(
    again.frames.map((frame) => frame.reason),
    ['first non-blank screen', 'last frame'],
  );
});

test('a run directory is sampled from its session.cast into <run>/sample', async () => {
  const runDir = makeTempDir();
  copyFileSync(sessionCast(), join(runDir, 'session.cast'));
  const source = (await openSampleInput(runDir, {})).source;
  assert.equal(source.kind, 'cast');
  assert.equal(source.runDir, runDir);
  assert.equal(source.path, join(runDir, 'session.cast'));
  const result = await sample(runDir, { frames: 3 });
  assert.equal(result.outDir, join(runDir, 'sample'));
  assert.ok(existsSync(join(runDir, 'sample', FRAMES_FILE_NAME)));
  assert.equal(result.frames.length, 3);
});

test('inputs that cannot be sampled fail with one clear error and the right exit code', async () => {
  const emptyDir = makeTempDir();
  await assert.rejects(sample(join(emptyDir, 'missing.cast')), (error: unknown) => error instanceof ConfigError && /no such file/.test(error.message));
  await assert.rejects(sample(emptyDir), (error: unknown) => error instanceof ConfigError && /without session\.cast/.test(error.message));
  await assert.rejects(
    sample(fixturePath('casts', 'broken.cast'), { out: join(emptyDir, 'broken') }),
    (error: unknown) => error instanceof ConfigError && /broken\.cast:\d+:/.test(error.message),
  );
  const silent = writeCast([[0.5, 'm', 'nothing happens']], { cols: 20, rows: 5 });
  await assert.rejects(sample(silent, { out: join(emptyDir, 'silent') }), (error: unknown) => error instanceof ExecutionError && error.exitCode === 2);
  const cast = sessionCast();
  await assert.rejects(sample(cast, { frames: 0 }), (error: unknown) => error instanceof ConfigError && /--frames/.test(error.message));
  await assert.rejects(
    sample(cast, { strategies: ['sideways' as 'uniform'] }),
    (error: unknown) => error instanceof ConfigError && /--strategy: must be one or more of uniform, changes, markers, comma-separated \(got "sideways"\)/.test(error.message),
  );
  assert.ok(!existsSync(join(emptyDir, 'silent')), 'a failed sample leaves no output directory');
});

test('an aborted sample rejects with InterruptedError', async () => {
  const controller = new AbortController();
  controller.abort('SIGINT');
  await assert.rejects(sample(sessionCast(), { out: join(makeTempDir(), 'out'), signal: controller.signal }), (error: unknown) => {
    return error instanceof Error && error.name === 'InterruptedError' && (error as ExecutionError).exitCode === 4;
  });
});

test('the last frame of a full-screen program that restored the main screen at exit is its last screen, named as such', async () => {
  const result = await sample(fullScreenCast(), { out: join(makeTempDir(), 'out') });
  const last = result.frames.at(-1)!;
  assert.equal(last.reason, 'last frame: the last alternate screen, before the program restored the main screen at exit');
  assert.match(last.text!, new RegExp(FULL_SCREEN_LAST_ROW));
  assert.equal(last.time, 2);
  assert.ok(result.frames.every((frame) => frame.text !== '$ edit notes.txt\n$\n'), 'the restored main screen is not a frame');

  const after = await sample(fullScreenCast('notes.txt: 3 lines\r\n'), { out: join(makeTempDir(), 'out') });
  assert.equal(after.frames.at(-1)!.reason, 'last frame');
  assert.equal(after.frames.at(-1)!.text, '$ edit notes.txt\nnotes.txt: 3 lines\n$\n');
});
