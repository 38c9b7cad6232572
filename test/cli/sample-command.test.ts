import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatTimestamp } from '../../src/sample/frame-label.js';
import { runCli } from '../helpers/cli.js';
import { writeCast } from '../helpers/casts.js';
import { makeTempDir } from '../helpers/paths.js';

function markedCast(): string {
  return writeCast(
    [
      [0.5, 'o', 'hello there\r\n'],
      [1.0, 'm', 'greeted'],
      [12.4, 'o', 'a whole new paragraph of text\r\nwith a second line\r\nand a third one'],
    ],
    { cols: 40, rows: 6 },
  );
}

test('sample prints one line per frame and where frames.json is', async () => {
  const out = join(makeTempDir(), 'sampled');
  const run = await runCli(['sample', markedCast(), '-o', out, '--strategy', 'markers,changes', '--frames', '5']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const lines = run.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, -1), [
    'Frame 1 · 00:00.5  first non-blank screen; marker "greeted"',
    'Frame 2 · 00:12.4  last frame',
  ]);
  assert.equal(lines.at(-1), `2 frames (of 3 candidates): ${join(out, 'frames.json')}`);
  const json = JSON.parse(readFileSync(join(out, 'frames.json'), 'utf8')) as { strategies: string[]; cap: number; frames: unknown[] };
  assert.deepEqual(json.strategies, ['markers', 'changes']);
  assert.equal(json.cap, 5);
  assert.ok(existsSync(join(out, 'frames', '02.png')));
});

test('a bad --strategy is one termaudit line and exit 1', async () => {
  const run = await runCli(['sample', markedCast(), '--strategy', 'markers,random']);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, 'termaudit: --strategy: must be one or more of uniform, changes, markers, comma-separated (got "random")\n');
  assert.equal(run.stdout, '');
});

test('a missing input or a bad --frames is one termaudit line and exit 1', async () => {
  const missing = join(makeTempDir(), 'nope');
  const run = await runCli(['sample', missing]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `termaudit: ${missing}: no such file or directory (give a run directory, a .cast file or a video)\n`);
  const frames = await runCli(['sample', markedCast(), '--frames', 'many']);
  assert.equal(frames.code, 1);
  assert.match(frames.stderr, /^termaudit: --frames: must be a whole number from 1 to 999 \(got "many"\)\n$/);
});

test('a cast without output exits 2', async () => {
  const run = await runCli(['sample', writeCast([[1, 'm', 'quiet']])]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^termaudit: .*has no terminal output/);
});

test('timestamps print as mm:ss.s', () => {
  assert.equal(formatTimestamp(12.44), '00:12.4');
  assert.equal(formatTimestamp(0), '00:00.0');
  assert.equal(formatTimestamp(59.96), '01:00.0');
  assert.equal(formatTimestamp(754.2), '12:34.2');
});
