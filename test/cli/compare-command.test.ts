import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from '../../src/compare/types.js';
import { validateScorecard } from '../../src/score/validate-scorecard.js';
import { runCli } from '../helpers/cli.js';
import { chatRequests, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { writeCast } from '../helpers/casts.js';
import { evaluateInput } from '../helpers/evaluate-input.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { BASELINE_FIXTURE, baselineScorecard, withScores, writeScorecard } from '../compare/scorecard-fixture.js';

let server: OpenAIServer;
before(async () => {
  server = await startOpenAIServer();
});
after(() => server.close());

const readComparison = (dir: string) => JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as Comparison;
const stderrLines = (stderr: string) => stderr.trim().split('\n');
/** readability is the judge's reply to the minimal prompt with one score. */
const readability = (score: number) => ({
  criteria: { readability: { applicable: true, score, rationale: `Readability ${score}.`, evidence: [{ frame: 1, quote: 'deploy' }] } },
  issues: [],
  summary: 'A deploy run.',
});

test('compare of an unchanged run prints the table, writes compare.json into the current run and exits 0', async () => {
  const current = await writeScorecard(withScores(baselineScorecard(), { wording: 7.5 }), { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n');
  assert.match(lines[0], /^criterion\s+baseline\s+current\s+delta\s+verdict$/);
  assert.match(lines[1], /^overall\s+7\.0\s+7\.0\s+±0\.0\s+unchanged$/);
  assert.match(lines[2], /^Contrast \(contrast\)\s+8\.0\s+8\.0\s+±0\.0\s+unchanged$/);
  assert.match(lines[4], /^Wording \(wording\)\s+6\.0\s+7\.5\s+\+1\.5\s+improved$/);
  assert.match(run.stdout, /\ngate: passed\ncompare: .*compare\.json\nreport: .*report\.html\n$/);
  // The current run's report is rebuilt with the comparison in it.
  assert.match(readFileSync(join(current, 'report.html'), 'utf8'), /<h2 id="comparison">Compared with the baseline<\/h2>/);
  const comparison = readComparison(current);
  assert.equal(comparison.passed, true);
  assert.equal(comparison.criteria.length, 3);
  assert.equal(comparison.criteria[2].verdict, 'improved');
  // The input scorecard is untouched and still valid.
  assert.doesNotThrow(() => validateScorecard(JSON.parse(readFileSync(join(current, 'scorecard.json'), 'utf8')), 'scorecard.json'));
});

test('a real drop exits 5 with a FAIL line and one termaudit line, and compare.json says failed', async () => {
  const current = await writeScorecard(withScores(baselineScorecard(), { feedback: 5 }), { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current]);
  assert.equal(run.code, 5, run.stderr);
  assert.match(run.stdout, /Feedback \(feedback\)\s+7\.0\s+5\.0\s+−2\.0\s+dropped ✗/);
  assert.match(run.stdout, /\nFAIL Feedback \(feedback\) dropped 7\.0 → 5\.0/);
  assert.deepEqual(stderrLines(run.stderr), [`termaudit: quality gate failed: 1 score dropped against the baseline (see ${join(current, 'compare.json')})`]);
  assert.equal(readComparison(current).passed, false);
});

test('a drop within the noise exits 0 and is reported as within noise', async () => {
  const current = await writeScorecard(withScores(baselineScorecard(), { feedback: { score: 5.5, spread: 2 } }), { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Feedback \(feedback\)\s+7\.0\s+5\.5\s+−1\.5\s+within noise \(±2\)/);
});

test('--min-score for overall and per criterion exits 5 naming what is below, and writes into -o', async () => {
  const out = join(makeTempDir(), 'gate');
  const run = await runCli(['compare', BASELINE_FIXTURE, BASELINE_FIXTURE, '--min-score', 'overall=7.5', '--min-score', 'contrast=8.5', '-o', out]);
  assert.equal(run.code, 5, run.stderr);
  assert.match(run.stdout, /FAIL overall score is 7\.0, below --min-score 7\.5\nFAIL Contrast \(contrast\) is 8\.0, below --min-score 8\.5\n/);
  const comparison = readComparison(out);
  assert.deepEqual(comparison.settings.minCriterionScores, { overall: 7.5, contrast: 8.5 });
  assert.equal(comparison.failures.length, 2);
  // Minimums need no baseline: nothing dropped, and the message does not call them regressions.
  assert.deepEqual(stderrLines(run.stderr), [`termaudit: quality gate failed: 2 scores below the minimum score (see ${join(out, 'compare.json')})`]);
});

test('a score that dropped and is below its minimum is counted as both, each kind named with its count', async () => {
  const current = await writeScorecard(withScores(baselineScorecard(), { feedback: 5 }), { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current, '--min-score', 'feedback=6', '--min-score', 'contrast=9']);
  assert.equal(run.code, 5, run.stderr);
  assert.deepEqual(stderrLines(run.stderr), [`termaudit: quality gate failed: 2 scores below the minimum score, 1 score dropped against the baseline (see ${join(current, 'compare.json')})`]);
  // The reports rebuilt beside compare.json lead with the same line.
  assert.match(readFileSync(join(current, 'junit.xml'), 'utf8'), /message="quality gate failed: 2 scores below the minimum score, 1 score dropped against the baseline"/);
  assert.match(readFileSync(join(current, 'report.html'), 'utf8'), /quality gate failed: 2 scores below the minimum score, 1 score dropped against the baseline/);
});

test('a new critical issue exits 5', async () => {
  const scorecard = baselineScorecard();
  scorecard.issues.unshift({ severity: 'critical', title: 'Hangs on Ctrl-C', recommendation: 'Handle SIGINT.', frames: [1, 2], prompts: ['clarity'], count: 1 });
  const current = await writeScorecard(scorecard, { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current]);
  assert.equal(run.code, 5, run.stderr);
  assert.match(run.stdout, /FAIL new critical issue: Hangs on Ctrl-C \(frames 1, 2\)/);
  assert.deepEqual(readComparison(current).newCriticalIssues, [{ title: 'Hangs on Ctrl-C', frames: [1, 2], recommendation: 'Handle SIGINT.' }]);
});

test('scorecards from different models pass with a warning line', async () => {
  const scorecard = baselineScorecard();
  scorecard.judge.model = 'gpt-5';
  const current = await writeScorecard(scorecard, { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^warning: the scorecards come from different judges \(baseline: openai gpt-4\.1, current: openai gpt-5\): scores are not comparable across models; re-score the baseline's frames with gpt-5 \(compare --rescore-baseline; gate\.rescoreBaseline in a pipeline\), or re-evaluate both with the same --model$/m);
  assert.equal((run.stderr.match(/different judges/g) ?? []).length, 1);
});

test('--rescore-baseline re-scores a baseline another model scored, prints what it cost, and compares with it; exit 0 where the switch alone failed', async () => {
  const run = async (model: string, score: number) => {
    const dir = makeTempDir('termaudit-rescore-cli-');
    copyFileSync(writeCast([[0.2, 'o', 'deploy v1.2\r\n'], [1.0, 'o', 'Done.\r\n']], { cols: 40, rows: 8 }), join(dir, 'session.cast'));
    server.script({ reply: readability(score) });
    await evaluateInput(dir, { judge: 'openai', apiKey: 'sk-test', baseURL: server.baseURL, model, prompts: [fixturePath('prompts', 'minimal.md')], cacheDir: makeTempDir(), sample: { frames: 2 } });
    return dir;
  };
  const baseline = await run('gpt-4.1', 9);
  const current = await run('gpt-6-luna', 5);
  const env = { OPENAI_API_KEY: 'sk-test', TERMAUDIT_CACHE_DIR: makeTempDir() };
  const plain = await runCli(['compare', baseline, current], { env });
  assert.equal(plain.code, 5, plain.stderr);
  assert.match(plain.stderr, /^warning: the scorecards come from different judges .*compare --rescore-baseline/m);

  const before = chatRequests(server).length;
  server.script({ reply: readability(5) });
  const rescored = await runCli(['compare', baseline, current, '--rescore-baseline', '--max-cost', '1'], { env });
  assert.equal(rescored.code, 0, rescored.stderr);
  assert.equal(chatRequests(server).length, before + 1);
  assert.equal(chatRequests(server).at(-1)!.body.model, 'gpt-6-luna');
  assert.match(rescored.stderr, /^rescore-baseline: estimated cost: \$\d+\.\d+ for 1 call$/m);
  assert.doesNotMatch(rescored.stderr, /different judges/);
  assert.match(rescored.stdout, /^baseline re-scored with gpt-6-luna \(it was scored by gpt-4\.1\): 1 call \(0 from cache\), cost \$\d\.\d+; .*rescored-baseline\/scorecard\.json$/m);
  assert.equal(readComparison(current).baseline.rescored?.model, 'gpt-6-luna');
  assert.match(readFileSync(join(current, 'report.html'), 'utf8'), /re-scored with gpt-6-luna/);

  // Nothing to re-score is a note; frames gone from the baseline are one line and exit 1.
  const same = await runCli(['compare', current, current, '--rescore-baseline', '-o', makeTempDir()], { env });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /^note: --rescore-baseline: both scorecards come from openai gpt-6-luna; nothing to re-score$/m);
  rmSync(join(baseline, 'sample', 'frames'), { recursive: true });
  const missing = await runCli(['compare', baseline, current, '--rescore-baseline'], { env });
  assert.equal(missing.code, 1, missing.stderr);
  assert.equal(stderrLines(missing.stderr).length, 1, missing.stderr);
  assert.match(missing.stderr, /^termaudit: --rescore-baseline: frame 1 of the baseline is missing/);
});

test('a baseline of another command and terminal size passes with a warning line each, kept in compare.json and named in the report', async () => {
  const scorecard = baselineScorecard();
  scorecard.run.command = ['node', 'other.mjs'];
  scorecard.run.cols = 120;
  scorecard.run.rows = 36;
  const current = await writeScorecard(scorecard, { r: 0, g: 0, b: 0 });
  const run = await runCli(['compare', BASELINE_FIXTURE, current]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^warning: the baseline recorded another command \(baseline: node demo\.mjs, current: node other\.mjs\)/m);
  assert.match(run.stderr, /^warning: the baseline was recorded in another terminal size \(baseline: 80×24, current: 120×36\)/m);
  assert.equal(readComparison(current).warnings?.length, 2);
  const html = readFileSync(join(current, 'report.html'), 'utf8');
  const section = html.slice(html.indexOf('id="comparison"'));
  assert.match(section, /<h3>Not like for like<\/h3>/);
  assert.match(section, /the baseline recorded another command \(baseline: node demo\.mjs, current: node other\.mjs\)/);
  assert.match(section, /another terminal size \(baseline: 80×24, current: 120×36\)/);
});

test('a missing scorecard and bad option values exit 1 with one line each', async () => {
  const empty = makeTempDir();
  const cases: [string[], RegExp][] = [
    [['compare', BASELINE_FIXTURE, empty], /^termaudit: .*scorecard\.json.*run termaudit evaluate/],
    [['compare', BASELINE_FIXTURE, BASELINE_FIXTURE, '--max-drop', '-1'], /^termaudit: --max-drop: must be a number of at least 0 \(got -1\)/],
    [['compare', BASELINE_FIXTURE, BASELINE_FIXTURE, '--min-score', 'contrast=abc'], /^termaudit: --min-score contrast=: must be a number from 0 to 10 \(got "abc"\)/],
    [['compare', BASELINE_FIXTURE, BASELINE_FIXTURE, '--min-score', 'contrats=7'], /^termaudit: --min-score: no criterion "contrats"/],
    [['compare', BASELINE_FIXTURE, BASELINE_FIXTURE, '--max-diff-ratio', '2'], /^termaudit: --max-diff-ratio: must be a number from 0 to 1/],
  ];
  for (const [args, expected] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(stderrLines(run.stderr).length, 1, run.stderr);
    assert.match(run.stderr, expected);
  }
  assert.equal(existsSync(join(empty, 'compare.json')), false);
});

test('--pairwise exits 5 when both orders prefer the baseline, and 2 with compare.json written when the call fails', async () => {
  const baseline = await writeScorecard(baselineScorecard(), { r: 200, g: 0, b: 0 });
  const current = await writeScorecard(baselineScorecard(), { r: 0, g: 0, b: 200 });
  const args = ['compare', baseline, current, '--pairwise', '--base-url', server.baseURL, '--retries', '0'];
  const env = { OPENAI_API_KEY: 'sk-test' };

  const requestsBefore = chatRequests(server).length;
  const capped = await runCli([...args, '--max-cost', '0.000001'], { env });
  assert.equal(capped.code, 1, capped.stderr);
  assert.match(capped.stderr, /^termaudit: the estimated cost \$\d+\.\d{4} of the pairwise comparison \(2 calls × \d+ frames on gpt-6-luna\) is above --max-cost \$0\.000001/);
  assert.equal(chatRequests(server).length, requestsBefore);

  server.script({ reply: { preferred: 'A', rationale: 'x' } }, { reply: { preferred: 'B', rationale: 'y' } });
  const worse = await runCli([...args, '--max-cost', '1'], { env });
  assert.equal(worse.code, 5, worse.stderr);
  assert.match(worse.stderr, /^pairwise: estimated cost \$\d+\.\d+ for 2 calls × 4 frames$/m);
  assert.match(worse.stdout, /pairwise: preferred baseline \(baseline shown first\), baseline \(current shown first\), cost \$0\.0003/);
  assert.equal(readComparison(current).pairwise?.currentWorse, true);

  server.script({ status: 500 });
  const failed = await runCli(args, { env });
  assert.equal(failed.code, 2, failed.stderr);
  assert.match(failed.stderr, /^termaudit: .*HTTP 500/m);
  const comparison = readComparison(current);
  assert.equal(comparison.pairwise, undefined);
  assert.equal(comparison.passed, false);
  assert.match(comparison.failures[0], /^pairwise comparison failed/);
});
