import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { finalPathOf, removeStaleTemporaries, reserveSpace, temporaryPathOf, writeFileAtomic, writeJsonFile } from '../src/files.js';
import { makeTempDir } from './helpers/paths.js';
import { mountSmallDisk } from './helpers/small-disk.js';

test('a write that cannot be put in place leaves no temporary and the old file as it was', async () => {
  const dir = makeTempDir();
  // status.json is a directory holding a file: the rename over it fails after the temporary was written.
  mkdirSync(join(dir, 'status.json'));
  writeFileSync(join(dir, 'status.json', 'keep'), 'x');
  await assert.rejects(writeJsonFile(join(dir, 'status.json'), { state: 'running' }));
  assert.deepEqual(readdirSync(dir), ['status.json']);
  writeFileSync(join(dir, 'report.md'), 'old report');
  await writeFileAtomic(join(dir, 'report.md'), 'new report');
  assert.equal(readFileSync(join(dir, 'report.md'), 'utf8'), 'new report');
  assert.deepEqual(readdirSync(dir).sort(), ['report.md', 'status.json']);
});

test('a write on a full disk leaves no temporary', async (t) => {
  const disk = mountSmallDisk(1);
  if (!disk) return t.skip('mounting a tmpfs needs root');
  t.after(disk.unmount);
  await assert.rejects(writeFileAtomic(join(disk.path, 'status.json'), 'x'.repeat(2 << 20)), { code: 'ENOSPC' });
  assert.deepEqual(readdirSync(disk.path), []);
});

test("the temporaries of processes that died are removed; this process's and other files stay", async () => {
  const dir = makeTempDir();
  const dead = join(dir, '.status.json.termaudit-999999999-3.tmp');
  writeFileSync(dead, 'half');
  const mine = temporaryPathOf(join(dir, 'report.html'));
  writeFileSync(mine, 'in progress');
  writeFileSync(join(dir, 'notes.tmp'), 'not ours');
  await removeStaleTemporaries(dir);
  assert.deepEqual(readdirSync(dir).sort(), [mine.slice(dir.length + 1), 'notes.tmp'].sort());
  assert.equal(finalPathOf(mine), join(dir, 'report.html'));
  assert.equal(finalPathOf(join(dir, 'plain.txt')), join(dir, 'plain.txt'));
});

test('space reserved for a file is there to write it once a filled disk has no other room', async (t) => {
  const disk = mountSmallDisk(1);
  if (!disk) return t.skip('mounting a tmpfs needs root');
  t.after(disk.unmount);
  const reserve = await reserveSpace(join(disk.path, 'meta.json'), 64 * 1024);
  assert.equal(readdirSync(disk.path).filter((name) => finalPathOf(join(disk.path, name)) === join(disk.path, 'meta.json')).length, 1);
  // Fill the disk to the last byte, as a recording that ran into ENOSPC does.
  assert.throws(() => writeFileSync(join(disk.path, 'session.cast'), Buffer.alloc(2 * 1024 * 1024)), /ENOSPC/);
  await assert.rejects(writeJsonFile(join(disk.path, 'other.json'), { padding: 'x'.repeat(8192) }), /ENOSPC/);
  await reserve.release();
  await reserve.release();
  await writeJsonFile(join(disk.path, 'meta.json'), { endedBy: 'write-error', padding: 'x'.repeat(8192) });
  assert.deepEqual(readdirSync(disk.path).sort(), ['meta.json', 'session.cast']);
});
