import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadPipeline, parsePipelineText } from '../../src/pipeline/config.js';
import { pipelineNameFor, starterPipeline, writeStarterPipeline } from '../../src/pipeline/init.js';
import { makeTempDir } from '../helpers/paths.js';

test('a pipeline is named after the script an interpreter runs, or after the program', () => {
  assert.equal(pipelineNameFor(['node', 'bin/my-tool.js', '--flag']), 'my-tool');
  assert.equal(pipelineNameFor(['python3', '-u', 'scripts/RunAgents.py']), 'run-agents');
  assert.equal(pipelineNameFor(['/usr/bin/htop']), 'htop');
  assert.equal(pipelineNameFor(['./___']), 'audit');
});

test('the starter pipeline has every section, commented, a second scenario commented out, and parses as written', () => {
  const text = starterPipeline(['node', 'app.js', '--greeting', '${literal}'], { name: 'app', cwd: '..' });
  for (const section of ['defaults:', 'cwd:', 'terminal:', 'timeout:', 'pretest:', 'render:', 'sample:', 'evaluate:', 'gate:', 'scenarios:']) {
    assert.match(text, new RegExp(`^\\s*#?\\s*${section}`, 'm'), `the starter mentions ${section}`);
  }
  for (const key of ['automationArgs', 'stuckAfter', 'expect', 'formats', 'theme', 'strategy', 'judge', 'model', 'samples', 'maxCost', 'minScore', 'maxDrop', 'baseline', 'maxDiffRatio', 'secrets', 'tape']) {
    assert.match(text, new RegExp(`${key}:.*# `), `${key} is explained in a comment`);
  }
  assert.match(text, /^ {2}# - name: /m, 'a second scenario is commented out');
  const pipeline = parsePipelineText(text, '/work/pipeline/app.yaml', { env: {}, cwd: '/work', pathKind: () => 'directory' });
  assert.equal(pipeline.name, 'app');
  assert.equal(pipeline.scenarios.length, 1);
  // The argument keeps its `${` literally: init quotes it so it is not expanded.
  assert.deepEqual(pipeline.scenarios[0].command, ['node', 'app.js', '--greeting', '${literal}']);
  assert.equal(pipeline.scenarios[0].cwd, '/work');
});

test('init writes pipeline/<name>.yaml that loads and runs the command in the directory init ran in', async () => {
  const cwd = makeTempDir();
  const path = await writeStarterPipeline(['node', 'bin/tool.js'], { cwd });
  assert.equal(path, join(cwd, 'pipeline', 'tool.yaml'));
  const pipeline = await loadPipeline(path, { env: {} });
  assert.equal(pipeline.name, 'tool');
  assert.equal(pipeline.scenarios[0].cwd, cwd);
  assert.deepEqual(pipeline.scenarios[0].command, ['node', 'bin/tool.js']);
  assert.match(readFileSync(path, 'utf8'), /npx termaudit run pipeline\/tool\.yaml/);
});

test('init refuses to replace an existing file unless forced', async () => {
  const cwd = makeTempDir();
  const out = join(cwd, 'audit.yaml');
  writeFileSync(out, 'edited by hand\n');
  await assert.rejects(writeStarterPipeline(['htop'], { cwd, out: 'audit.yaml' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, 'audit.yaml already exists: pass --force to overwrite it, or --out <file> to write another');
    return true;
  });
  assert.equal(readFileSync(out, 'utf8'), 'edited by hand\n');
  await writeStarterPipeline(['htop'], { cwd, out: 'audit.yaml', force: true });
  assert.equal((await loadPipeline(out, { env: {} })).scenarios[0].command[0], 'htop');
});
