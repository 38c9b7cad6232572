import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { parsePipelineText } from '../../src/pipeline/config.js';
import { runPipeline } from '../../src/pipeline/run.js';
import type { PipelineConfig, RunSummary } from '../../src/pipeline/types.js';
import { repoRoot } from '../helpers/paths.js';

const fixtureDir = join(repoRoot, 'test', 'fixtures', 'run');
const fixturePath = join(fixtureDir, 'pipeline.yaml');
const secret = `sekrit-${randomUUID()}`;

/** loadFixture resolves the fixture pipeline (plus `moreScenarios`, YAML list items) with runs under `work`. */
async function loadFixture(work: string, moreScenarios = ''): Promise<PipelineConfig> {
  const text = (await readFile(fixturePath, 'utf8')) + moreScenarios;
  return parsePipelineText(text, fixturePath, { env: { ...process.env, RUN_FIXTURE_DIR: fixtureDir, FIXTURE_API_TOKEN: secret }, cwd: work });
}

/** filesUnder lists every file below `dir` (symbolic links not followed). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

const closedAndStrict = `
  - name: closed
    command: [node, "\${RUN_FIXTURE_DIR}/rich-target.mjs", config-error]
  - name: strict
    command: [node, "\${RUN_FIXTURE_DIR}/rich-target.mjs", ok]
    gate: { minScores: { overall: 10 } }
  - name: slow
    command: [node, "\${RUN_FIXTURE_DIR}/rich-target.mjs", long]
    pretest: false
    timeout: 1s
  - name: taped
    command: [node, "\${RUN_FIXTURE_DIR}/rich-target.mjs", ok]
    tape: drive.tape
`;

test('runPipeline runs every scenario, writes the summary and the latest link, and keeps secrets out of every file', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-'));
  try {
    const config = await loadFixture(work);
    const stageEvents: string[] = [];
    const run = await runPipeline(config, { workers: 2, onStage: (scenario, stage, status) => stageEvents.push(`${scenario}:${stage}:${status}`) });
    assert.equal(run.summary.exitCode, 0);
    assert.equal(run.summary.complete, true);
    assert.deepEqual(run.summary.scenarios.map((scenario) => [scenario.name, scenario.status]), [['alpha', 'passed'], ['beta', 'passed']]);
    assert.match(run.runId, /^\d{8}-\d{6}$/);
    assert.equal(realpathSync(join(work, 'recordings', 'fixture-pipeline', 'latest')), realpathSync(run.runDir));
    for (const name of ['alpha', 'beta']) {
      for (const file of ['pretest/pretest.json', 'session.cast', 'meta.json', 'recording.mp4', 'evaluation.json', 'scorecard.json', 'report.html']) {
        assert.ok(existsSync(join(run.runDir, name, file)), `${name}/${file} exists`);
      }
      const scenario = run.summary.scenarios.find((entry) => entry.name === name)!;
      assert.equal(typeof scenario.overall, 'number');
      assert.deepEqual(Object.fromEntries(Object.entries(scenario.stages).map(([stage, record]) => [stage, record!.status])), {
        pretest: 'done', record: 'done', render: 'done', evaluate: 'done', compare: 'skipped', report: 'done',
      });
      assert.ok(stageEvents.includes(`${name}:record:running`) && stageEvents.includes(`${name}:report:done`));
    }
    for (const file of ['scorecard.json', 'report.html', 'junit.xml']) assert.ok(existsSync(join(run.runDir, file)), `run ${file} exists`);
    const saved = JSON.parse(readFileSync(join(run.runDir, 'scorecard.json'), 'utf8')) as RunSummary;
    assert.equal(saved.kind, 'pipeline-run');
    // beta's command line carries the secret; the target never prints it, so no file may hold it.
    assert.match(readFileSync(join(run.runDir, 'beta', 'meta.json'), 'utf8'), /--token=\*\*\*/);
    const leaking = filesUnder(work).filter((file) => readFileSync(file).includes(secret));
    assert.deepEqual(leaking, []);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a closed gate is not recorded, a missed minimum fails the quality gate, a time limit times out, a tape drives its recording', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-'));
  try {
    const config = await loadFixture(work, closedAndStrict);
    config.scenarios = config.scenarios.filter((scenario) => scenario.name !== 'beta');
    const run = await runPipeline(config, { workers: 2 });
    const byName = Object.fromEntries(run.summary.scenarios.map((scenario) => [scenario.name, scenario]));
    assert.equal(byName.alpha.status, 'passed');
    assert.equal(byName.closed.status, 'gate-closed');
    assert.equal(byName.closed.exitCode, 2);
    assert.equal(byName.closed.failedStage, 'pretest');
    assert.match(byName.closed.reason ?? '', /pretest gate is closed/);
    assert.equal(byName.closed.stages.pretest?.status, 'failed');
    assert.equal(byName.closed.stages.record?.status, 'skipped');
    assert.ok(!existsSync(join(run.runDir, 'closed', 'session.cast')), 'a closed gate records nothing');
    assert.equal(byName.strict.status, 'quality-gate-failed');
    assert.equal(byName.strict.exitCode, 5);
    assert.match(byName.strict.reason ?? '', /below --min-score 10/);
    assert.ok(existsSync(join(run.runDir, 'strict', 'report.html')), 'a failed quality gate is still reported');
    assert.equal(byName.slow.status, 'timeout');
    assert.equal(byName.slow.exitCode, 3);
    assert.equal(byName.slow.failedStage, 'record');
    assert.ok(existsSync(join(run.runDir, 'slow', 'session.cast')), 'a timed-out recording is kept');
    // What the timed-out recording holds is still rendered, judged, scored and reported; the scenario stays a timeout.
    for (const file of ['recording.mp4', 'evaluation.json', 'scorecard.json', 'report.html']) assert.ok(existsSync(join(run.runDir, 'slow', file)), `slow/${file} exists`);
    assert.equal(typeof byName.slow.overall, 'number');
    assert.equal(byName.slow.scorecard, 'slow/scorecard.json');
    assert.equal(byName.slow.report, 'slow/report.html');
    assert.deepEqual(Object.fromEntries(Object.entries(byName.slow.stages).map(([stage, record]) => [stage, record!.status])), {
      pretest: 'skipped', record: 'failed', render: 'done', evaluate: 'done', compare: 'skipped', report: 'done',
    });
    assert.match(byName.slow.reason ?? '', /was stopped after 1\.0s \(timeout\) with SIG(TERM|KILL); what was recorded/);
    const slowCard = JSON.parse(readFileSync(join(run.runDir, 'slow', 'scorecard.json'), 'utf8')) as { run: { ended?: { endedBy: string; exitCode: unknown } } };
    assert.deepEqual([slowCard.run.ended?.endedBy, slowCard.run.ended?.exitCode], ['timeout', null]);
    assert.match(readFileSync(join(run.runDir, 'slow', 'report.html'), 'utf8'), /<dt>Ended<\/dt><dd>stopped by termaudit with SIG(TERM|KILL) at its time limit/);
    assert.match(readFileSync(join(run.runDir, 'junit.xml'), 'utf8'), /slow/);
    assert.equal(byName.taped.status, 'passed', byName.taped.reason);
    // The tape's commands are markers in the cast; what it typed was echoed one key at a time.
    assert.match(readFileSync(join(run.runDir, 'taped', 'session.cast'), 'utf8'), /"m","Wait\+Screen \/done\/"/);
    // A timeout (3) outranks a closed gate (2), which outranks a quality gate failure (5).
    assert.equal(run.summary.exitCode, 3);

    await assert.rejects(runPipeline(config, { from: 'evaluate' }), (error: unknown) => error instanceof ConfigError && /closed.*session\.cast/.test(error.message));

    // Re-rendering from the recording keeps the tape's settings (its Set Padding 4), as the full run had them.
    const paddingOf = () => (JSON.parse(readFileSync(join(run.runDir, 'taped', 'meta.json'), 'utf8')) as { render: { settings: { padding: number } } }).render.settings.padding;
    assert.equal(paddingOf(), 4);
    config.scenarios = config.scenarios.filter((scenario) => scenario.name === 'taped');
    const rerun = await runPipeline(config, { from: 'render', run: run.runDir });
    assert.equal(rerun.summary.scenarios[0].status, 'passed', rerun.summary.scenarios[0].reason);
    assert.equal(rerun.summary.scenarios[0].stages.render?.status, 'done');
    assert.equal(paddingOf(), 4);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('--from evaluate reuses the recording, --update-baseline makes the next run compare against it, and --baseline picks another', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-run-'));
  try {
    const config = await loadFixture(work);
    config.scenarios = config.scenarios.filter((scenario) => scenario.name === 'alpha');
    const first = await runPipeline(config, { workers: 1, updateBaseline: true });
    assert.equal(first.summary.exitCode, 0);
    const baselineDir = join(work, 'recordings', 'fixture-pipeline', 'baseline');
    assert.equal(first.baselineDir, baselineDir);
    assert.ok(existsSync(join(baselineDir, 'alpha', 'scorecard.json')));

    const castPath = join(first.runDir, 'alpha', 'session.cast');
    const castMtime = statSync(castPath).mtimeMs;
    const evaluationMtime = statSync(join(first.runDir, 'alpha', 'evaluation.json')).mtimeMs;
    const again = await runPipeline(config, { from: 'evaluate' });
    assert.equal(realpathSync(again.runDir), realpathSync(first.runDir));
    const alpha = again.summary.scenarios[0];
    assert.equal(alpha.stages.record?.status, 'reused');
    assert.equal(alpha.stages.pretest?.status, 'reused');
    assert.equal(alpha.stages.evaluate?.status, 'done');
    assert.equal(statSync(castPath).mtimeMs, castMtime, 'the recording is not touched');
    assert.ok(statSync(join(first.runDir, 'alpha', 'evaluation.json')).mtimeMs > evaluationMtime, 'evaluation.json is rewritten');
    // The default baseline is the pipeline's baseline/ directory, promoted by the first run.
    assert.equal(alpha.compare?.baseline, join(baselineDir, 'alpha'));
    assert.equal(alpha.compare?.passed, true);
    assert.ok(existsSync(join(first.runDir, 'alpha', 'compare.json')));

    // --baseline names a run directory; one without this scenario skips compare with a note.
    const notes: string[] = [];
    const explicit = await runPipeline(config, { from: 'compare', baseline: first.runDir, onNote: (note) => notes.push(note) });
    assert.equal(explicit.summary.scenarios[0].compare?.baseline, join(first.runDir, 'alpha'));
    assert.equal(explicit.summary.scenarios[0].stages.evaluate?.status, 'reused');
    const empty = await mkdtemp(join(work, 'empty-'));
    const none = await runPipeline(config, { from: 'compare', baseline: empty, onNote: (note) => notes.push(note) });
    assert.equal(none.summary.scenarios[0].stages.compare?.status, 'skipped');
    assert.equal(none.summary.scenarios[0].compare, undefined);
    assert.ok(!existsSync(join(first.runDir, 'alpha', 'compare.json')), 'a stale compare.json is removed');
    assert.ok(notes.some((note) => note.includes('no baseline scorecard')), notes.join('\n'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a criterion switch that names no criterion of its prompts stops the run before anything is recorded', async () => {
  const work = await mkdtemp(join(tmpdir(), 'termaudit-switch-'));
  try {
    const text = ['name: switches', `outRoot: ${join(work, 'out')}`, 'scenarios:', '  - name: plain', '    command: [echo, hi]', '    evaluate: { profile: cli, criteria: { voting: off } }'].join('\n');
    const config = parsePipelineText(text, join(work, 'switches.yaml'), { env: {}, cwd: work });
    await assert.rejects(runPipeline(config), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /switches\.yaml: scenario plain: evaluate\.criteria: no criterion "voting" in the prompts of this evaluation/);
      return true;
    });
    assert.equal(existsSync(join(work, 'out')), false);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
