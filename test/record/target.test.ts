import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import {
  formatCommandLine,
  prepareTarget,
  resolveExecutable,
  targetEnvironment,
} from '../../src/record/target.js';

test('formatCommandLine quotes only the words a shell would split or interpret', () => {
  assert.equal(formatCommandLine('ls', ['-la', '/tmp']), 'ls -la /tmp');
  assert.equal(formatCommandLine('sh', ['-c', "echo 'hi' $HOME"]), `sh -c 'echo '\\''hi'\\'' $HOME'`);
  assert.equal(formatCommandLine('printf', ['']), "printf ''");
});

test('the target environment drops the host terminal size, announces xterm-256color and lets --env win', () => {
  const env = targetEnvironment({ PATH: '/bin', COLUMNS: '200', LINES: '50', TERM: 'screen', KEEP: undefined }, { FOO: 'bar' });
  assert.deepEqual(env, { PATH: '/bin', TERM: 'xterm-256color', COLORTERM: 'truecolor', FOO: 'bar' });
  assert.equal(targetEnvironment({}, { TERM: 'dumb' }).TERM, 'dumb');
});

test('resolveExecutable finds commands on PATH, takes paths relative to cwd and rejects what cannot run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-target-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tool'), '#!/bin/sh\necho tool\n');
  chmodSync(join(dir, 'tool'), 0o755);
  writeFileSync(join(dir, 'data.txt'), 'not a program');

  assert.equal(await resolveExecutable('tool', `/nonexistent:${dir}`, '/'), join(dir, 'tool'));
  assert.equal(await resolveExecutable('tool', '/nonexistent::/usr/bin', dir), join(dir, 'tool'), 'an empty entry is cwd');
  assert.equal(await resolveExecutable('./tool', '', dir), join(dir, 'tool'));
  await assert.rejects(resolveExecutable('data.txt', dir, dir), /command not found: data.txt \(looked in PATH\)/);
  await assert.rejects(resolveExecutable('./data.txt', '', dir), /not an executable file: \.\/data\.txt/);
  await assert.rejects(resolveExecutable('./missing', '', dir), /command not found: \.\/missing/);
});

test('prepareTarget rejects a bad working directory or terminal size with a ConfigError naming the option', async () => {
  await assert.rejects(prepareTarget({ command: 'sh', cwd: '/nope/nowhere' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, '--cwd: /nope/nowhere does not exist');
    return true;
  });
  await assert.rejects(prepareTarget({ command: 'sh', cwd: '/etc/hostname' }), /--cwd: \/etc\/hostname is not a directory/);
  await assert.rejects(prepareTarget({ command: 'sh', cols: 0 }), /--cols: must be a whole number from 1 to 10000 \(got 0\)/);
  const target = await prepareTarget({ command: 'sh', args: ['-c', 'true'], cwd: '/tmp' });
  assert.equal(target.cwd, '/tmp');
  assert.equal(target.cols, 120);
  assert.equal(target.rows, 36);
  assert.equal(target.commandLine, 'sh -c true');
});
