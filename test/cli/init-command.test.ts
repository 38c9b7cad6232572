import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline } from '../../src/pipeline/config.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';

test('termaudit init writes a loadable starter, then refuses to overwrite it without --force', async () => {
  const cwd = makeTempDir();
  const first = await runCli(['init', '--', 'node', 'bin/tool.js', '--flag'], { cwd });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^wrote pipeline\/tool\.yaml: .*termaudit run pipeline\/tool\.yaml\n$/);
  const path = join(cwd, 'pipeline', 'tool.yaml');
  const pipeline = await loadPipeline(path, { env: {} });
  assert.deepEqual(pipeline.scenarios[0].command, ['node', 'bin/tool.js', '--flag']);

  const again = await runCli(['init', '--', 'node', 'bin/tool.js'], { cwd });
  assert.equal(again.code, 1);
  assert.equal(again.stderr, 'termaudit: pipeline/tool.yaml already exists: pass --force to overwrite it, or --out <file> to write another\n');
  assert.match(readFileSync(path, 'utf8'), /--flag/, 'the file is left as it was');

  const forced = await runCli(['init', '--force', '--out', 'audits/other.yaml', '--', 'htop'], { cwd });
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(existsSync(join(cwd, 'audits', 'other.yaml')));
  assert.equal((await loadPipeline(join(cwd, 'audits', 'other.yaml'), { env: {} })).name, 'other');
});

test('termaudit init without a command is a usage error', async () => {
  const result = await runCli(['init'], { cwd: makeTempDir() });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^termaudit: .*command/);
});
