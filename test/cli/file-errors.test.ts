import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exitCodeOf, messageOf } from '../../src/errors.js';
import { writeBusyTuiCast } from '../bench/busy-tui-cast.js';
import { runCli } from '../helpers/cli.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { mountSmallDisk } from '../helpers/small-disk.js';

/** errorLines are the `termaudit:` lines of a run's stderr (progress lines aside). */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('termaudit:'));
}

test('a system error is worded with what failed, where and why, and exits by whose problem it is', () => {
  const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/runs/a/session.cast' });
  assert.equal(messageOf(full), 'cannot write /runs/a/session.cast: no space left on the device (ENOSPC)');
  assert.equal(exitCodeOf(full), 2);
  const denied = Object.assign(new Error("EACCES: permission denied, open 'x.cast'"), { code: 'EACCES', syscall: 'open', path: 'x.cast' });
  assert.equal(messageOf(denied), 'cannot open x.cast: permission denied (EACCES)');
  assert.equal(exitCodeOf(denied), 1);
  const inTheWay = Object.assign(new Error('EEXIST'), { code: 'EEXIST', syscall: 'mkdir', path: 'recordings' });
  assert.equal(messageOf(inTheWay), 'cannot create the directory recordings: a file of that name is in the way (EEXIST)');
  assert.equal(exitCodeOf(new Error('a defect')), 2);
});

test('files the user cannot read give one located line and exit 1 (run as a user without root)', async (t) => {
  try {
    execFileSync('runuser', ['-u', 'nobody', '--', 'true'], { stdio: 'ignore' });
  } catch {
    return t.skip('needs root and runuser to act as another user');
  }
  const work = makeTempDir();
  chmodSync(work, 0o777);
  copyFileSync(fixturePath('casts', 'v2.cast'), join(work, 'locked.cast'));
  writeFileSync(join(work, 'locked.yaml'), 'name: locked\nscenarios:\n  - { name: a, command: [echo, hi] }\n');
  writeFileSync(join(work, 'locked.tape'), 'Type "hi"\n');
  for (const name of ['locked.cast', 'locked.yaml', 'locked.tape']) chmodSync(join(work, name), 0o000);
  const cases: [string[], RegExp][] = [
    [['render', 'locked.cast', '-o', 'out'], /^termaudit: cannot open locked\.cast: permission denied \(EACCES\)$/],
    [['run', 'locked.yaml'], /^termaudit: cannot read pipeline file locked\.yaml: permission denied \(EACCES\)$/],
    [['report', 'locked.yaml'], /^termaudit: .*locked\.yaml: cannot read the scorecard \(permission denied \(EACCES\)\)$/],
  ];
  for (const [args, message] of cases) {
    const run = execFileRun(['runuser', '-u', 'nobody', '--', process.execPath, join(process.cwd(), 'bin', 'termaudit.js'), ...args], work);
    assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.deepEqual(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0]!, message);
  }
  const tape = execFileRun(['runuser', '-u', 'nobody', '--', process.execPath, join(process.cwd(), 'bin', 'termaudit.js'), 'record', '--tape', 'locked.tape'], work);
  assert.equal(tape.code, 1, tape.stderr);
  assert.match(tape.stderr, /^locked\.tape:1:1: error: cannot read the tape: permission denied \(EACCES\)$/m);
  assert.ok(!existsSync(join(work, 'out')) && !existsSync(join(work, 'recordings')), 'nothing was created');
});

function execFileRun(argv: string[], cwd: string): { code: number; stderr: string } {
  try {
    execFileSync(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    return { code: failed.status, stderr: failed.stderr };
  }
}

test('an output root that runs through a file gives one located line and exit 1, creating nothing', async () => {
  const work = makeTempDir();
  writeFileSync(join(work, 'afile'), 'not a directory');
  writeFileSync(join(work, 'p.yaml'), 'name: p\noutRoot: afile/runs\nscenarios:\n  - { name: a, command: [echo, hi] }\n');
  const pipeline = await runCli(['run', 'p.yaml'], { cwd: work });
  assert.equal(pipeline.code, 1, pipeline.stderr);
  assert.deepEqual(errorLines(pipeline.stderr), [`termaudit: cannot create the directory ${join(work, 'afile', 'runs', 'p')}: a part of the path is a file, not a directory (ENOTDIR)`]);
  writeFileSync(join(work, 'recordings'), 'a file where the runs would go');
  const record = await runCli(['record', '--no-render', '--', 'echo', 'hi'], { cwd: work });
  assert.equal(record.code, 1, record.stderr);
  assert.deepEqual(errorLines(record.stderr), ['termaudit: cannot create the directory recordings: a file of that name is in the way (EEXIST)']);
  assert.deepEqual(readdirSync(work).sort(), ['afile', 'p.yaml', 'recordings']);
});

test('a full disk during render: exit 2, one line naming ENOSPC and the output, and no temporary left', async (t) => {
  const disk = mountSmallDisk(2);
  if (!disk) return t.skip('mounting a tmpfs needs root');
  t.after(disk.unmount);
  const cast = join(makeTempDir(), 'busy.cast');
  await writeBusyTuiCast(cast, { seconds: 40 });
  const out = join(disk.path, 'out');
  const run = await runCli(['render', cast, '-o', out, '--format', 'mp4,webm,gif,frames,txt']);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(errorLines(run.stderr).length, 1, run.stderr);
  assert.match(errorLines(run.stderr)[0]!, /^termaudit: cannot write .*out\/\S+: no space left on the device \(ENOSPC\)$|^termaudit: ffmpeg .*No space left on device/);
  assert.deepEqual(readdirSync(out).filter((name) => name.startsWith('.')), [], 'no temporary is left');
  assert.ok(!existsSync(join(out, 'recording.mp4')), 'no partial video under its name');
});
