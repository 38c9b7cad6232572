import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { parsePipelineText } from '../../src/pipeline/config.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { LOCK_FILE_NAME } from '../../src/record/run-directory.js';

/** A pipeline of two scenarios that print a tag, so whose recording a cast is can be told. */
function twinPipeline(work: string, tag: string, name = 'twin') {
  const text = `name: ${name}
defaults:
  terminal: { cols: 30, rows: 5 }
  render: { formats: [txt], lastFrame: 0 }
  evaluate: { judge: heuristic, prompts: [${JSON.stringify(join(process.cwd(), 'prompts', 'visual-clarity.md'))}] }
  sample: { frames: 2 }
scenarios:
  - name: one
    command: [bash, -c, "echo tag-${tag}-one; sleep 0.3"]
  - name: two
    command: [bash, -c, "echo tag-${tag}-two; sleep 0.3"]
`;
  return parsePipelineText(text, join(work, `${name}.yaml`), { cwd: work });
}

test('two runs with one run id started together: one writes the run, the other is refused before touching it', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-claim-'));
  try {
    const results = await Promise.allSettled(['A', 'B'].map((tag) => runPipeline(twinPipeline(work, tag), { runId: 'race5', workers: 2 })));
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    assert.equal(won.length, 1, 'exactly one run wins');
    assert.equal(lost.length, 1, 'exactly one run is refused');
    const error = (lost[0] as PromiseRejectedResult).reason;
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /run race5 already exists .*choose another --run-id/);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof runPipeline>>>).value;
    const tag = results[0].status === 'fulfilled' ? 'A' : 'B';
    assert.equal(winner.summary.exitCode, 0);
    for (const scenario of ['one', 'two']) {
      const cast = readFileSync(join(winner.runDir, scenario, 'session.cast'), 'utf8');
      assert.match(cast, new RegExp(`tag-${tag}-${scenario}`), 'the winner keeps its own recording');
      assert.doesNotMatch(cast, new RegExp(`tag-${tag === 'A' ? 'B' : 'A'}`), 'nothing of the loser is in it');
    }
    assert.ok(!existsSync(join(winner.runDir, LOCK_FILE_NAME)), 'the lock is released');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a run id made from the start time gets a suffix instead of sharing a directory', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-claim-'));
  try {
    const now = () => new Date('2026-12-01T10:00:00Z');
    const [first, second] = await Promise.all(['A', 'B'].map((tag) => runPipeline(twinPipeline(work, tag), { now, workers: 2 })));
    assert.deepEqual([first.runId, second.runId].sort(), ['20261201-100000', '20261201-100000-2']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a --from re-run of a run another process is writing is refused; a lock left by a dead process is taken over', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-claim-'));
  try {
    const first = await runPipeline(twinPipeline(work, 'A'), { runId: 'held', workers: 2 });
    // Another process holds the run: a lock naming a live process that is not this one.
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await writeFile(join(first.runDir, LOCK_FILE_NAME), `${holder.pid}\n`);
      await assert.rejects(
        runPipeline(twinPipeline(work, 'A'), { from: 'evaluate', run: 'held' }),
        (error: unknown) => error instanceof ConfigError && new RegExp(`being written .*process ${holder.pid}`).test(error.message),
      );
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
    const again = await runPipeline(twinPipeline(work, 'A'), { from: 'evaluate', run: 'held' });
    assert.equal(again.summary.exitCode, 0);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test("--from refuses another pipeline's run before writing anything", async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-claim-'));
  try {
    const theirs = await runPipeline(twinPipeline(work, 'A', 'theirs'), { runId: 'r1', workers: 2 });
    const before = readdirSync(theirs.runDir, { recursive: true }).map(String).sort();
    const summaryBefore = readFileSync(join(theirs.runDir, 'scorecard.json'), 'utf8');
    await assert.rejects(
      runPipeline(twinPipeline(work, 'A', 'other'), { from: 'evaluate', run: theirs.runDir }),
      (error: unknown) => error instanceof ConfigError && /run r1 is a run of pipeline "theirs".*not of "other".*nothing was changed/.test(error.message),
    );
    assert.deepEqual(readdirSync(theirs.runDir, { recursive: true }).map(String).sort(), before);
    assert.equal(readFileSync(join(theirs.runDir, 'scorecard.json'), 'utf8'), summaryBefore);
    assert.ok(!existsSync(join(work, 'recordings', 'other')), 'no directory of the other pipeline was made');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
