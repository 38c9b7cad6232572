import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline } from '../../src/pipeline/config.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';

test('termaudit init writes a loadable starter, then refuses to overwrite it without --force', async () => {
  const cwd = makeTempDir();
  const first = await runCli(['init', '--no-probe', '--', 'node', 'bin/tool.js', '--flag'], { cwd });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stdout,
    'wrote pipeline/tool.yaml (not probed: set its profile, and add a tape if the program waits for input)\nnext: edit it (each key is explained in its comments), then run: termaudit run pipeline/tool.yaml\n',
  );
  const path = join(cwd, 'pipeline', 'tool.yaml');
  const pipeline = await loadPipeline(path, { env: {} });
  assert.deepEqual(pipeline.scenarios[0].command, ['node', 'bin/tool.js', '--flag']);

  const again = await runCli(['init', '--no-probe', '--', 'node', 'bin/tool.js'], { cwd });
  assert.equal(again.code, 1);
  assert.equal(again.stderr, 'termaudit: pipeline/tool.yaml already exists: pass --force to overwrite it, or --out <file> to write another\n');
  assert.match(readFileSync(path, 'utf8'), /--flag/, 'the file is left as it was');

  const forced = await runCli(['init', '--force', '--no-probe', '--out', 'audits/other.yaml', '--', 'bash'], { cwd });
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(existsSync(join(cwd, 'audits', 'other.yaml')));
  assert.equal((await loadPipeline(join(cwd, 'audits', 'other.yaml'), { env: {} })).name, 'other');
});

test('termaudit init without a command is a usage error', async () => {
  const result = await runCli(['init'], { cwd: makeTempDir() });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^termaudit: .*command/);
});

test('termaudit init probes the program and says what it found and what to do next', async () => {
  const cwd = makeTempDir();
  const fullScreen = join(repoRoot, 'test', 'fixtures', 'init', 'full-screen.sh');
  const result = await runCli(['init', '--out', 'fs.yaml', '--', fullScreen], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], 'wrote fs.yaml and fs.tape (full-screen program waiting for input: the tape quits it with q, a guess)');
  assert.match(lines[1]!, /^ {2}full-screen\.sh switched to the alternate screen within \d+ms and waited for input \(still running after \d\.\ds\)$/);
  assert.equal(lines[2], 'next: if q does not quit full-screen.sh, change the quit line in fs.tape to the key that does, then run: termaudit run fs.yaml');
  assert.ok(existsSync(join(cwd, 'fs.tape')));
});

test('termaudit init of a command that is not found exits 1 with one line and writes nothing', async () => {
  const cwd = makeTempDir();
  const result = await runCli(['init', '--', 'termaudit-no-such-program'], { cwd });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'termaudit: init: command not found: termaudit-no-such-program (looked in PATH); nothing was written (install it, or give its path)\n');
  assert.equal(result.stdout, '');
  assert.ok(!existsSync(join(cwd, 'pipeline')));
});
