import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { buildRunFixture } from '../report/report-fixture.js';

test('termaudit report <run dir> writes report.html, scorecard.md and junit.xml beside the scorecard and exits 0', async () => {
  const fixture = await buildRunFixture();
  const run = await runCli(['report', fixture.dir]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  for (const name of ['report.html', 'scorecard.md', 'junit.xml']) {
    assert.ok(existsSync(join(fixture.dir, name)), name);
    assert.match(run.stdout, new RegExp(`: ${join(fixture.dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  }
});

test('termaudit report --format md -o <dir> writes only scorecard.md there', async () => {
  const fixture = await buildRunFixture();
  const out = join(makeTempDir('termaudit-report-cli-'), 'out');
  const run = await runCli(['report', join(fixture.dir, 'scorecard.json'), '--format', 'md', '-o', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(existsSync(join(out, 'scorecard.md')));
  assert.equal(existsSync(join(out, 'report.html')), false);
});

test('termaudit report exits 1 with one line for a missing scorecard, an invalid one, an unknown format or no input', async () => {
  const empty = makeTempDir('termaudit-report-cli-');
  const invalid = makeTempDir('termaudit-report-cli-');
  writeFileSync(join(invalid, 'scorecard.json'), '{ not json');
  for (const args of [['report', empty], ['report', invalid], ['report', empty, '--format', 'html,pdf'], ['report'], ['report', '--min-score', 'x', empty]]) {
    const run = await runCli(args);
    assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^termaudit: /);
  }
  const unknown = await runCli(['report', empty, '--format', 'pdf']);
  assert.match(unknown.stderr, /unknown report format "pdf"/);
});

test('termaudit report --history writes history.html, and exits 1 when the directory holds no scorecard', async () => {
  const root = makeTempDir('termaudit-report-history-');
  const empty = await runCli(['report', '--history', root]);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /^termaudit: --history: no readable scorecard\.json under .+\n$/);
  const fixture = await buildRunFixture();
  mkdirSync(join(root, 'run-1'));
  writeFileSync(join(root, 'run-1', 'scorecard.json'), JSON.stringify(fixture.scorecard));
  const run = await runCli(['report', '--history', root]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `history: ${join(root, 'history.html')} (1 run)\n`);
});
