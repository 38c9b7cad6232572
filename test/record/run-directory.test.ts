import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { commandSlug, createRunDirectory, runDirectoryName } from '../../src/record/run-directory.js';

test('run directory names carry the local start time, the slug and a suffix from the second attempt on', () => {
  const date = new Date(2025, 0, 2, 3, 4, 5);
  assert.equal(runDirectoryName(date, 'htop'), '20250102-030405-htop');
  assert.equal(runDirectoryName(date, 'htop', 3), '20250102-030405-htop-3');
});

test('commandSlug keeps a short, safe word of the command', () => {
  assert.equal(commandSlug('/usr/bin/htop'), 'htop');
  assert.equal(commandSlug('./My Tool.sh'), 'my-tool-sh');
  assert.equal(commandSlug('漢字'), 'run');
  assert.ok(commandSlug('x'.repeat(100)).length <= 40);
});

test('createRunDirectory never reuses an existing directory', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'termaudit-runs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const outRoot = join(root, 'nested', 'recordings');
  const date = new Date(2025, 5, 6, 7, 8, 9);

  const first = await createRunDirectory(outRoot, 'demo', date);
  const second = await createRunDirectory(outRoot, 'demo', date);
  const third = await createRunDirectory(outRoot, 'demo', date);

  assert.deepEqual([first, second, third].map((dir) => basename(dir)), [
    '20250606-070809-demo',
    '20250606-070809-demo-2',
    '20250606-070809-demo-3',
  ]);
  assert.ok(existsSync(third));
  assert.equal(readdirSync(outRoot).length, 3);
});

test('commandSlug names a run after the script an interpreter runs', () => {
  assert.equal(commandSlug('node', ['examples/showcase.mjs']), 'showcase');
  assert.equal(commandSlug('python3', ['-u', 'tools/my_app.py', '--flag']), 'my-app');
  assert.equal(commandSlug('bash', ['-c', 'echo hi']), 'bash');
  assert.equal(commandSlug('htop', ['-d', '10']), 'htop');
});
