import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../src/errors.js';
import { checkOutputPath, outputPathProblem, systemDirectoryOf } from '../src/output-path.js';
import { makeTempDir } from './helpers/paths.js';

test('systemDirectoryOf names the kernel directory a path is in, and leaves /dev/shm and look-alikes alone', () => {
  assert.equal(systemDirectoryOf('/proc'), '/proc');
  assert.equal(systemDirectoryOf('/proc/nope/x'), '/proc');
  assert.equal(systemDirectoryOf('/sys/fs/cgroup/x'), '/sys');
  assert.equal(systemDirectoryOf('/dev/pts/x'), '/dev');
  assert.equal(systemDirectoryOf('/dev/shm/run'), undefined);
  assert.equal(systemDirectoryOf('/devices/x'), undefined);
  assert.equal(systemDirectoryOf('/processes'), undefined);
  assert.equal(systemDirectoryOf('/home/me/proc/x'), undefined);
  assert.match(outputPathProblem('/proc/x') ?? '', /^is under \/proc, /);
});

test('checkOutputPath follows symbolic links of the part that exists, and creates nothing', async () => {
  const dir = makeTempDir();
  symlinkSync('/sys', join(dir, 'sys-link'));
  mkdirSync(join(dir, 'real'));
  await assert.rejects(checkOutputPath('--out', join(dir, 'sys-link', 'a', 'b')), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, `--out: ${join(dir, 'sys-link', 'a', 'b')} is under /sys, where the kernel keeps its own files and no output can go; choose a directory elsewhere`);
    return true;
  });
  await checkOutputPath('--out', join(dir, 'real', 'new', 'deeper'));
  await checkOutputPath('--out', 'relative/run');
  assert.ok(!existsSync(join(dir, 'real', 'new')));
});
