import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { ConfigError, TimeoutError } from '../../src/errors.js';
import { runScenario, type ScenarioStage, type StageRecord } from '../../src/scenario/index.js';
import { writeCast, type CastEventTuple } from '../helpers/casts.js';
import { makeTempDir } from '../helpers/paths.js';

/** A run directory holding a cast with long pauses, changing screens and a hidden part. */
function runDirWithCast(): string {
  const events: CastEventTuple[] = [
    [0.1, 'o', '\x1b[1mbuild\x1b[0m starting\r\n'],
    [0.4, 'o', 'step 1 of 4\r\n'],
    // A pause the idle limit shortens.
    [3.4, 'o', 'step 2 of 4\r\n'],
    [3.5, 'm', 'termaudit:hide'],
    [3.7, 'o', 'hidden work\r\n'],
    [4.5, 'm', 'termaudit:show'],
    [4.6, 'o', 'step 3 of 4\r\n'],
    [5.9, 'o', '\x1b[32mstep 4 of 4\x1b[0m\r\n'],
    [6.3, 'o', 'Done.\r\n'],
  ];
  const dir = makeTempDir();
  copyFileSync(writeCast(events, { cols: 40, rows: 8 }), join(dir, 'session.cast'));
  return dir;
}

/** rgbaOf decodes a PNG into raw RGBA pixels. */
async function rgbaOf(file: string): Promise<Buffer> {
  return sharp(file).ensureAlpha().raw().toBuffer();
}

test("a sampled frame's time is its time in the video, and its pixels are that video frame's", async () => {
  const dir = runDirWithCast();
  const timeline = { fps: 10, speed: 2, idleTimeLimit: 0.5 };
  const outcome = await runScenario({
    stages: ['render', 'evaluate'],
    dir,
    render: { ...timeline, padding: 4, formats: ['frames'] },
    evaluate: { sample: { frames: 5, strategies: ['changes'] }, judge: { judge: 'heuristic' } },
  });
  assert.equal(outcome.failure, undefined, String(outcome.failure));
  const index = JSON.parse(readFileSync(join(dir, 'frames', 'index.json'), 'utf8')) as { file: string; time: number }[];
  const sampled = JSON.parse(readFileSync(join(dir, 'sample', 'frames.json'), 'utf8')) as { frames: { file: string; time: number; videoTime: number }[] };
  assert.ok(sampled.frames.length >= 3, `${sampled.frames.length} frames sampled`);
  // The video is shorter than the recording (speed 2, pauses cut to 0.5 s, the hidden part gone), so times differ.
  assert.ok(sampled.frames.at(-1)!.videoTime < sampled.frames.at(-1)!.time / 2 + 0.01);
  for (const frame of sampled.frames) {
    // The video shows the frame from its time on: the last video frame that starts at or before it.
    const shown = index.filter((entry) => entry.time <= frame.videoTime + 1e-9).at(-1);
    assert.ok(shown, `no video frame at ${frame.videoTime}`);
    assert.ok(Math.abs(shown.time - frame.videoTime) < 1e-9, `frame ${frame.file} at video time ${frame.videoTime}, but the video changes at ${shown.time}`);
    assert.ok((await rgbaOf(join(dir, 'sample', frame.file))).equals(await rgbaOf(join(dir, 'frames', shown.file))), `${frame.file} is not the video's frame at ${frame.videoTime}`);
  }
});

test('a plan runs only its stages, in order, reporting each to the hooks', async () => {
  const dir = runDirWithCast();
  const events: string[] = [];
  const outcome = await runScenario(
    { stages: ['report', 'render'], reused: ['record'], dir, render: { formats: ['txt'] } },
    {
      onStageStart: (stage) => events.push(`start ${stage}`),
      onStageEnd: (stage: ScenarioStage, record: StageRecord) => events.push(`${record.status} ${stage}`),
    },
  );
  // The report needs a scorecard this plan never made: it fails, after render ran.
  assert.ok(outcome.failure instanceof ConfigError, String(outcome.failure));
  assert.equal(outcome.failedStage, 'report');
  assert.deepEqual(events, ['reused record', 'start render', 'done render', 'start report', 'failed report']);
  assert.ok(existsSync(join(dir, 'recording.txt')));
});

test('a recording stopped by its time limit is still rendered, evaluated and scored, then the scenario ends with the timeout', async () => {
  const dir = join(makeTempDir(), 'run');
  const outcome = await runScenario({
    stages: ['record', 'render', 'evaluate', 'compare', 'report'],
    dir,
    target: { command: 'bash', args: ['-c', 'echo started; sleep 30'] },
    record: { cols: 30, rows: 5, timeoutMs: 800 },
    render: { formats: ['txt'], lastFrame: 0.1 },
    evaluate: { judge: { judge: 'heuristic' }, sample: { frames: 2 } },
    // A minimum no display reaches: the gate fails too, and the timeout (exit 3) still wins.
    gate: { minScores: { overall: 10 } },
  });
  assert.ok(outcome.failure instanceof TimeoutError, String(outcome.failure));
  assert.match(outcome.failure.message, /stopped after 800ms \(timeout\) with SIGTERM; what was recorded until then is kept in/);
  assert.match(outcome.failure.message, /its quality gate failed too \(1 score below the minimum score\): .*overall/);
  assert.equal(outcome.failedStage, 'record');
  assert.deepEqual(
    Object.fromEntries(Object.entries(outcome.stages).map(([stage, record]) => [stage, record.status])),
    { record: 'failed', render: 'done', evaluate: 'done', compare: 'done', report: 'done' },
  );
  assert.match(readFileSync(join(dir, 'recording.txt'), 'utf8'), /started/);
  assert.equal(outcome.scorecard?.scorecard.run.ended?.endedBy, 'timeout');
  assert.ok(existsSync(join(dir, 'report.html')));
});

test('a stage that fails after a time limit is told with the timeout, which the scenario still ends with', async () => {
  const dir = join(makeTempDir(), 'run');
  const outcome = await runScenario({
    stages: ['record', 'render', 'evaluate', 'report'],
    dir,
    target: { command: 'bash', args: ['-c', 'echo started; sleep 30'] },
    record: { cols: 30, rows: 5, timeoutMs: 500 },
    render: { formats: ['txt'], lastFrame: 0.1 },
    evaluate: { judge: { judge: 'heuristic', prompts: [join(dir, 'no-such-prompt.md')] } },
  });
  assert.ok(outcome.failure instanceof TimeoutError, String(outcome.failure));
  assert.match(outcome.failure.message, /\(timeout\).*; then evaluate failed: .*no-such-prompt\.md/s);
  assert.equal(outcome.failedStage, 'record');
  assert.deepEqual(
    Object.fromEntries(Object.entries(outcome.stages).map(([stage, record]) => [stage, record.status])),
    { record: 'failed', render: 'done', evaluate: 'failed', report: 'skipped' },
  );
});
