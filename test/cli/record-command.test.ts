import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { spawn as spawnPty } from 'node-pty';
import { runCli, startCli, termauditBin } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { mountSmallDisk } from '../helpers/small-disk.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker, waitFor } from '../helpers/process-tree.js';
import { probeVideo } from '../helpers/video-probe.js';

function envFlags(env: Record<string, string>): string[] {
  return Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
}

test('record writes the cast, an H.264 MP4, screen.txt and meta.json, and exits 0', async () => {
  const out = join(makeTempDir(), 'run');
  const script = "printf '\\033[1;32mgreen\\033[0m 😀 漢字\\n'; sleep 0.3; printf 'second line\\n'";
  const run = await runCli(['record', '--out', out, '--cols', '60', '--rows', '10', '--last-frame', '0.5', '--', 'bash', '-c', script]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /mp4: .*recording\.mp4/);
  const summary = await summarizeCast(join(out, 'session.cast'));
  assert.equal(summary.header.version, 2);
  assert.deepEqual([summary.header.width, summary.header.height], [60, 10]);
  assert.equal(summary.header.env?.TERM, 'xterm-256color');
  assert.ok(summary.header.theme, 'the theme is in the header');
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), 'green 😀 漢字\nsecond line\n');
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
  assert.deepEqual(meta.command, ['bash', '-c', script]);
  assert.equal(meta.exitCode, 0);
  assert.deepEqual(meta.terminal, { cols: 60, rows: 10 });
  assert.equal(meta.render.settings.fps, 30);
  assert.match(meta.toolVersion, /^\d+\.\d+\.\d+/);
  const video = await probeVideo(join(out, 'recording.mp4'));
  assert.equal(video.codec, 'h264');
  // Within one frame, plus the hundredth of a second to which ffmpeg prints the container's duration.
  assert.ok(Math.abs(video.durationSeconds - (summary.duration + 0.5)) <= 1 / 30 + 0.005 + 0.001, `video ${video.durationSeconds}s vs cast ${summary.duration}s + 0.5s`);
});

test("the target's own exit code goes to meta.json while record itself exits 0 (-o is --out, as in every command)", async () => {
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '-o', out, '--no-render', '--', 'sh', '-c', 'echo failing; exit 7']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).exitCode, 7);
  assert.ok(!existsSync(join(out, 'recording.mp4')), '--no-render only records');
});

test('without --out a new run directory is made under recordings/, never reusing one', async () => {
  const cwd = makeTempDir();
  const first = await runCli(['record', '--no-render', '--', 'echo', 'one'], { cwd });
  const second = await runCli(['record', '--no-render', '--', 'echo', 'two'], { cwd });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  const runs = readdirSync(join(cwd, 'recordings')).sort();
  assert.equal(runs.length, 2);
  for (const run of runs) assert.match(run, /^\d{8}-\d{6}-echo(-\d+)?$/);
});

test('--out refuses a directory that already holds a recording, and leaves it as it was', async () => {
  const out = join(makeTempDir(), 'run');
  assert.equal((await runCli(['record', '--out', out, '--no-render', '--', 'echo', 'first'])).code, 0);
  const before = readFileSync(join(out, 'session.cast'), 'utf8');
  const again = await runCli(['record', '--out', out, '--no-render', '--', 'echo', 'second']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^termaudit: --out: .* already holds a run \(session\.cast\)/);
  assert.equal(readFileSync(join(out, 'session.cast'), 'utf8'), before);
});

test('a command or cwd that does not exist gives one error line, exit 1 and no files', async () => {
  const parent = makeTempDir();
  const out = join(parent, 'run');
  const missing = await runCli(['record', '--out', out, '--', 'no-such-command-xyz']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  assert.match(missing.stderr, /^termaudit: command not found: no-such-command-xyz/);
  const badCwd = await runCli(['record', '--out', out, '--cwd', join(parent, 'nope'), '--', 'echo', 'x']);
  assert.equal(badCwd.code, 1);
  assert.match(badCwd.stderr, /^termaudit: --cwd: .*nope does not exist/);
  assert.equal(badCwd.stderr.trim().split('\n').length, 1, badCwd.stderr);
  assert.ok(!existsSync(out), 'nothing was created');
});

test('bad option values are usage errors naming the option, before anything runs', async () => {
  const out = join(makeTempDir(), 'run');
  for (const [args, pattern] of [
    [['--cols', 'wide'], /--cols: must be a whole number from 1 to 10000 \(got "wide"\)/],
    [['--timeout', 'soon'], /--timeout: must be a duration such as 90s, .* \(got "soon"\)/],
    [['--format', 'mp4,avi'], /--format: must be one or more of mp4, webm, gif, frames, txt, comma-separated \(got "avi"\)/],
    [['--theme', 'nope'], /--theme: unknown theme "nope"/],
    [['--width', '100', '--cols', '120'], /--width: a 120x36 grid at font size 16 px needs 1232 px with padding 16 px, more than 100 px; .*--fit/],
    [['--width', '8', '--fit'], /--width: must be a whole number from 16 to 8192 \(got 8\)/],
    [['--env', 'NOVALUE'], /--env: expected KEY=VALUE/],
  ] as Array<[string[], RegExp]>) {
    const run = await runCli(['record', '--out', out, ...args, '--', 'echo', 'x']);
    assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.ok(!existsSync(out), `${args.join(' ')} created nothing`);
  }
});

test('--timeout stops the whole process tree, keeps and renders the recording, and exits 3', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '--out', out, '--timeout', '1s', '--last-frame', '0.2', ...envFlags(env), '--', 'bash', '-c', 'sleep 100 & setsid sleep 100 & echo started; wait']);
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /stopped after 1\.0s \(timeout\)/);
  const summary = await summarizeCast(join(out, 'session.cast'));
  assert.ok(summary.duration >= 1);
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), 'started\n');
  assert.equal((await probeVideo(join(out, 'recording.mp4'))).codec, 'h264');
  assert.equal(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).endedBy, 'timeout');
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('SIGINT stops the target, keeps and renders what was recorded, and exits 4', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const out = join(makeTempDir(), 'run');
  const { child, done } = startCli(['record', '--out', out, '--last-frame', '0.2', ...envFlags(env), '--', 'bash', '-c', 'echo ready; sleep 100 & wait']);
  await waitFor(() => findProcessesByMarker(marker).length >= 2, 10_000, 'the target to start');
  await waitFor(() => existsSync(join(out, 'session.cast')) && readFileSync(join(out, 'session.cast'), 'utf8').includes('"ready\\r\\n"'), 10_000, 'output in the cast');
  child.kill('SIGINT');
  const run = await done;
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, /interrupted by SIGINT/);
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), 'ready\n');
  assert.ok(existsSync(join(out, 'recording.mp4')));
  assert.equal(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).endedBy, 'interrupt');
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('the terminal size reaches the target, the cast and the render', async () => {
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '--out', out, '--cols', '50', '--rows', '8', '--format', 'frames', '--', 'sh', '-c', 'stty size']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), '8 50\n');
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
  assert.deepEqual([meta.render.settings.cols, meta.render.settings.rows], [50, 8]);
  assert.ok(readdirSync(join(out, 'frames')).some((name) => name.endsWith('.png')));
});

test('a second SIGINT while rendering stops the render, keeps the recording and says how to render it', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const out = join(makeTempDir(), 'run');
  const script = 'for i in $(seq 1 300); do printf "\\033[3%dmline %d\\033[0m\\n" $((i % 7)) $i; sleep 0.01; done; echo ready; sleep 100';
  const { child, done } = startCli(['record', '--out', out, '--width', '1920', '--height', '1080', ...envFlags(env), '--', 'bash', '-c', script]);
  await waitFor(() => existsSync(join(out, 'session.cast')) && /ready\\r\\n"\]$/m.test(readFileSync(join(out, 'session.cast'), 'utf8')), 60_000, 'the target to finish printing');
  let stderr = '';
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  child.kill('SIGINT');
  await waitFor(() => stderr.includes('recorded '), 30_000, 'the recording to be complete');
  child.kill('SIGINT');
  const run = await done;
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, /the recording is kept: render it again with `termaudit render .*session\.cast`/);
  assert.match(readFileSync(join(out, 'session.cast'), 'utf8'), /line 300[^]*ready/, 'the cast is complete');
  assert.ok(!existsSync(join(out, 'recording.mp4')), 'no half-written video is left');
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('a full disk ends the recording with exit 2 and one line naming ENOSPC; the cast stays valid and meta.json is written', async (t) => {
  const disk = mountSmallDisk(5);
  if (!disk) return t.skip('mounting a tmpfs needs root');
  t.after(disk.unmount);
  const out = join(disk.path, 'run');
  const run = await runCli(['record', '--no-render', '--out', out, '--', 'bash', '-c', 'yes x | head -n 3000000']);
  assert.equal(run.code, 2, run.stderr);
  const message = run.stderr.trim().split('\n').filter((line) => line.startsWith('termaudit:'));
  assert.equal(message.length, 1, run.stderr);
  assert.match(message[0]!, /cannot write .*session\.cast: no space left on the device \(ENOSPC\)/);
  const lines = readFileSync(join(out, 'session.cast'), 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'the cast ends after a whole line');
  for (const line of lines) JSON.parse(line);
  assert.ok(lines.length > 2, 'events up to the full disk are kept');
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
  assert.equal(meta.endedBy, 'write-error');
  assert.deepEqual(readdirSync(out).filter((name) => name.endsWith('.tmp')), []);
});

test('when its terminal hangs up, record concludes the run as interrupted and stops a target that ignores SIGHUP', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const out = join(makeTempDir(), 'run');
  // termaudit in a terminal of its own (so the live display draws on it), which then goes away.
  const terminal = spawnPty(process.execPath, [termauditBin, 'record', '--out', out, '--last-frame', '0.2', ...envFlags(env), '--', 'bash', '-c', 'trap "" HUP; echo ready; sleep 30'], {
    cols: 80,
    rows: 24,
    env: process.env as Record<string, string>,
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => terminal.onExit(resolve));
  await waitFor(() => existsSync(join(out, 'session.cast')) && readFileSync(join(out, 'session.cast'), 'utf8').includes('"ready\\r\\n"'), 10_000, 'output in the cast');
  // Closes the terminal (node-pty's UnixTerminal.destroy, untyped): the kernel hangs it up, termaudit gets
  // SIGHUP, and its display can no longer write.
  (terminal as typeof terminal & { destroy(): void }).destroy();
  // Not killed by a signal: Node's teardown used to abort (SIGABRT) on the hung-up terminal.
  assert.deepEqual(await exited, { exitCode: 4, signal: 0 });
  const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8'));
  assert.deepEqual([status.result?.status, status.result?.exit_code], ['interrupted', 4]);
  assert.equal(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).endedBy, 'interrupt');
  assert.ok(existsSync(join(out, 'recording.mp4')), 'what was recorded is rendered: a repeated SIGHUP is not a second interrupt');
  assert.deepEqual(findProcessesByMarker(marker), []);
});

/** Every command with a repeat count xterm.js obeys step by step, each with a count of a billion. */
const hugeRepeatCounts = ['S', 'T', 'L', 'M', '@', 'P', 'X', 'I', 'Z', 'E', 'F'].map((final) => `\\033[999999999${final}`).join('');

test('a program that prints huge repeat counts is recorded and rendered in seconds', async () => {
  const out = join(makeTempDir(), 'run');
  const { child, done } = startCli(['record', '--out', out, '--cols', '20', '--rows', '4', '--last-frame', '0.2', '--', 'printf', `top${hugeRepeatCounts}\\033[Hx\\033[999999999b\\033[4;1Hend`]);
  // Each of those sequences used to keep the emulator busy for over a minute.
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const run = await done;
  clearTimeout(watchdog);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), `${'x'.repeat(20)}\n`.repeat(3) + `end${'x'.repeat(17)}\n`);
  assert.ok(existsSync(join(out, 'recording.mp4')));
});
