import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeCast } from '../../src/asciicast/cast-reader.js';
import { ConfigError } from '../../src/errors.js';
import { record } from '../../src/record/index.js';
import { findProcessesByMarker, killProcessesByMarker, testMarker, waitFor } from '../helpers/process-tree.js';

function temporaryRoot(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-record-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface ParsedCast {
  header: Record<string, unknown>;
  events: Array<[number, string, string]>;
  /** All output events joined. */
  output: string;
}

/** Parses a cast strictly: every line must be JSON, the last one complete. */
function readCastFile(path: string): ParsedCast {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'the cast ends with a complete line');
  const [headerLine, ...eventLines] = text.slice(0, -1).split('\n');
  const events = eventLines.map((line) => JSON.parse(line) as [number, string, string]);
  const output = events
    .filter(([, code]) => code === 'o')
    .map(([, , data]) => data)
    .join('');
  return { header: JSON.parse(headerLine), events, output };
}

test('record writes colors, emoji and CJK text to an asciicast v2 file with the requested size', async (t) => {
  const outRoot = temporaryRoot(t);
  const result = await record({
    command: 'printf',
    args: ['\\033[1;31mred\\033[0m 😀 漢字\\n'],
    cols: 90,
    rows: 20,
    outRoot,
  });

  assert.equal(result.endedBy, 'exit');
  assert.equal(result.exitCode, 0);
  assert.equal(result.signal, null);
  assert.equal(result.castPath, join(result.dir, 'session.cast'));
  assert.ok(result.dir.startsWith(join(outRoot, '')) && /\d{8}-\d{6}-printf$/.test(result.dir), result.dir);
  const cast = readCastFile(result.castPath);
  assert.equal(cast.header.version, 2);
  assert.equal(cast.header.width, 90);
  assert.equal(cast.header.height, 20);
  assert.deepEqual((cast.header.env as Record<string, string>).TERM, 'xterm-256color');
  assert.equal(cast.header.duration, result.durationSeconds);
  assert.equal(cast.output, '\u001b[1;31mred\u001b[0m 😀 漢字\r\n');
  assert.equal(result.bytesRecorded, Buffer.byteLength(cast.output));
  assert.equal(result.events, cast.events.length);
  assert.ok(!Number.isNaN(Date.parse(result.startedAt)));

  // The renderer's reader takes what the recorder writes.
  const summary = await summarizeCast(result.castPath);
  assert.equal(summary.header.width, 90);
  assert.equal(summary.events, result.events);
});

test('a failing command is a normal recording that carries its exit code', async (t) => {
  const result = await record({ command: 'sh', args: ['-c', 'echo failing; exit 7'], outRoot: temporaryRoot(t) });
  assert.equal(result.endedBy, 'exit');
  assert.equal(result.exitCode, 7);
  assert.match(readCastFile(result.castPath).output, /failing/);
});

test('the target sees the terminal size, TERM, COLORTERM, --env variables and its working directory', async (t) => {
  const outRoot = temporaryRoot(t);
  const result = await record({
    command: 'sh',
    args: ['-c', 'stty size; tput cols; tput lines; echo "$TERM|$COLORTERM|$EXTRA_VARIABLE|${COLUMNS:-none}"; pwd'],
    cols: 101,
    rows: 33,
    cwd: '/usr/share',
    env: { EXTRA_VARIABLE: 'from --env' },
    outRoot,
  });
  assert.deepEqual(readCastFile(result.castPath).output.split('\r\n'), [
    '33 101',
    '101',
    '33',
    'xterm-256color|truecolor|from --env|none',
    '/usr/share',
    '',
  ]);
});

test('the last output of a command that exits right after printing it is not lost', async (t) => {
  const outRoot = temporaryRoot(t);
  const expected = Array.from({ length: 20_000 }, (_, index) => `${index + 1}\r\n`).join('');
  // Three runs: before pty.ts read the tail itself, most runs lost the last few KiB.
  for (let run = 0; run < 3; run += 1) {
    const result = await record({ command: 'seq', args: ['1', '20000'], outRoot });
    assert.equal(readCastFile(result.castPath).output, expected, `run ${run + 1}`);
  }
});

test('multi-byte characters split across reads arrive whole', async (t) => {
  const result = await record({
    command: 'sh',
    // No newlines, so the pty passes the bytes through unchanged in reads of whatever size; 270 KB do not fit
    // one read however late the recorder reads (3,000 repeats arrived whole in one read on a loaded machine).
    args: ['-c', "i=0; while [ $i -lt 30000 ]; do printf '😀漢é'; i=$((i+1)); done"],
    outRoot: temporaryRoot(t),
  });
  const cast = readCastFile(result.castPath);
  assert.equal(cast.output, '😀漢é'.repeat(30000));
  assert.ok(cast.events.length > 1, 'the output came in several chunks');
});

test('output that is not valid UTF-8 is recorded with U+FFFD in its place', async (t) => {
  const result = await record({ command: 'printf', args: ['a\\377b\\342\\202c\\n'], outRoot: temporaryRoot(t) });
  assert.equal(readCastFile(result.castPath).output, 'a\uFFFDb\uFFFDc\r\n');
  assert.equal(result.bytesRecorded, Buffer.byteLength('a\uFFFDb\uFFFDc\r\n'));
});

test('the terminal keeps its UTF-8 mode (IUTF8) although the recorder reads raw bytes', async (t) => {
  // Without IUTF8 the kernel's line editing would erase half a character on backspace.
  const result = await record({ command: 'stty', args: ['-a'], outRoot: temporaryRoot(t) });
  assert.match(readCastFile(result.castPath).output, /(^|\s)iutf8(\s|$)/);
});

test('a time limit stops the target and every process it started, and the cast stays complete', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const result = await record({
    command: 'bash',
    args: ['-c', 'sleep 100 & setsid sleep 100 & echo started; wait'],
    env,
    timeoutMs: 1500,
    outRoot: temporaryRoot(t),
  });

  assert.equal(result.endedBy, 'timeout');
  assert.equal(result.signal, 'SIGTERM');
  assert.equal(result.exitCode, null);
  const cast = readCastFile(result.castPath);
  assert.match(cast.output, /started/);
  assert.ok(typeof cast.header.duration === 'number' && cast.header.duration >= 1.5);
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('a program stopped at the time limit has no exit code of its own, even when it exits 0 on SIGTERM (as htop does)', async (t) => {
  const dir = temporaryRoot(t);
  const result = await record({
    command: 'bash',
    args: ['-c', 'trap "exit 0" TERM; echo waiting; while :; do sleep 0.1; done'],
    timeoutMs: 1000,
    out: join(dir, 'run'),
  });
  assert.deepEqual([result.endedBy, result.exitCode, result.signal, result.stoppedWith], ['timeout', null, null, 'SIGTERM']);
  const meta = JSON.parse(readFileSync(join(dir, 'run', 'meta.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.signal, meta.stoppedWith], ['timeout', null, null, 'SIGTERM']);
});

test('a program that exits by itself keeps its exit code, and meta.json names no stop signal', async (t) => {
  const dir = temporaryRoot(t);
  const result = await record({ command: 'bash', args: ['-c', 'exit 7'], out: join(dir, 'run') });
  assert.deepEqual([result.endedBy, result.exitCode, result.signal, result.stoppedWith], ['exit', 7, null, undefined]);
  const meta = JSON.parse(readFileSync(join(dir, 'run', 'meta.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.stoppedWith], ['exit', 7, null]);
});

test('background jobs a target leaves behind when it exits are stopped too', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const result = await record({
    command: 'bash',
    // The job ignores the SIGHUP the kernel sends when the session leader exits, as daemons do.
    args: ['-c', '(trap "" HUP; exec sleep 100) </dev/null >/dev/null 2>&1 & echo left a job behind'],
    env,
    outRoot: temporaryRoot(t),
  });
  assert.equal(result.endedBy, 'exit');
  assert.equal(result.exitCode, 0);
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('aborting the signal stops the target and its tree, ending with endedBy interrupt', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const controller = new AbortController();
  const recording = record({
    command: 'bash',
    args: ['-c', 'sleep 100 & setsid sleep 100 & echo started; wait'],
    env,
    signal: controller.signal,
    outRoot: temporaryRoot(t),
  });
  // Abort once the whole tree runs, so that the test checks it is stopped, not that it never started.
  await waitFor(() => findProcessesByMarker(marker).length === 3, 5000, 'bash and its two sleeps');
  controller.abort();
  const result = await recording;

  assert.equal(result.endedBy, 'interrupt');
  assert.match(readCastFile(result.castPath).output, /started/);
  assert.deepEqual(findProcessesByMarker(marker), []);
});

test('a termaudit process that exits mid-recording, without a terminal on stdin, takes the target tree with it', async (t) => {
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const outRoot = temporaryRoot(t);
  const script = `
    import { record } from ${JSON.stringify(new URL('../../src/record/index.ts', import.meta.url).href)};
    void record({
      command: 'bash',
      args: ['-c', 'sleep 100 & setsid sleep 100 & setsid -f sleep 100; echo started; wait'],
      env: ${JSON.stringify(env)},
      outRoot: ${JSON.stringify(outRoot)},
    });
    setTimeout(() => process.exit(0), 1000);
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);

  const [dir] = readdirSync(outRoot);
  const lines = readFileSync(join(outRoot, dir, 'session.cast'), 'utf8').split('\n');
  assert.equal(JSON.parse(lines[0]).version, 2);
  assert.match(lines.slice(1, -1).map((line) => JSON.parse(line)[2]).join(''), /started/);
  await waitFor(() => findProcessesByMarker(marker).length === 0, 2000, 'the SIGKILLed tree to disappear');
});

test('a missing command or working directory is a ConfigError and creates nothing', async (t) => {
  const outRoot = join(temporaryRoot(t), 'recordings');
  await assert.rejects(record({ command: 'no-such-command-termaudit', outRoot }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, 'command not found: no-such-command-termaudit (looked in PATH)');
    return true;
  });
  await assert.rejects(record({ command: 'sh', cwd: '/nope/missing', outRoot }), /--cwd: \/nope\/missing does not exist/);
  await assert.rejects(record({ command: 'sh', out: join(outRoot, 'explicit'), cwd: '/nope' }), ConfigError);
  assert.equal(existsSync(outRoot), false);
});

test('two recordings into one --out started together: one records, the other is refused and overwrites nothing', async (t) => {
  const out = join(temporaryRoot(t), 'same');
  const results = await Promise.allSettled(
    ['first', 'second'].map((tag) => record({ command: 'sh', args: ['-c', `echo tag-${tag}; sleep 0.3`], out, cols: 30, rows: 5 })),
  );
  const won = results.filter((result) => result.status === 'fulfilled');
  const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  assert.equal(won.length, 1, 'one recording wins');
  assert.equal(lost.length, 1, 'one is refused');
  assert.ok(lost[0].reason instanceof ConfigError, String(lost[0].reason));
  const tag = results[0].status === 'fulfilled' ? 'first' : 'second';
  const cast = readCastFile(join(out, 'session.cast'));
  assert.match(cast.output, new RegExp(`tag-${tag}`));
  assert.doesNotMatch(cast.output, new RegExp(`tag-${tag === 'first' ? 'second' : 'first'}`));
});

test('a flood of output is recorded into a complete cast', async (t) => {
  const result = await record({ command: 'yes', timeoutMs: 2000, outRoot: temporaryRoot(t) });
  assert.equal(result.endedBy, 'timeout');
  const cast = readCastFile(result.castPath);
  assert.ok(result.bytesRecorded > 1_000_000, `${result.bytesRecorded} bytes`);
  assert.equal(Buffer.byteLength(cast.output), result.bytesRecorded);
  assert.match(cast.output.replaceAll('y\r\n', ''), /^(y\r?)?$/, 'nothing but whole lines of y, the last one maybe cut');
});

/**
 * A target that daemonizes the way servers do: `setsid -f` forks a child that leaves the target's session
 * and process group and is re-parented to init, so no ppid, group or session link leads to it any more.
 * The second daemon also ignores SIGHUP and SIGTERM, so only SIGKILL ends it.
 */
const daemonizingScript =
  'setsid -f sleep 300; setsid -f bash -c \'trap "" HUP TERM; exec sleep 300\' </dev/null >/dev/null 2>&1; echo started';

for (const end of ['exit', 'timeout', 'interrupt'] as const) {
  test(`daemons the target started with setsid -f are stopped when the recording ends by ${end}`, async (t) => {
    const { marker, env } = testMarker();
    t.after(() => killProcessesByMarker(marker));
    const controller = new AbortController();
    const root = temporaryRoot(t);
    // The interrupt must come after `started` was printed, not merely once both daemons exist: the file
    // is written after the echo, so waiting for it leaves no race.
    const printed = join(root, 'printed');
    const script = end === 'exit' ? daemonizingScript : `${daemonizingScript}; : > ${printed}; sleep 300`;
    const recording = record({
      command: 'bash',
      args: ['-c', script],
      env,
      outRoot: root,
      stopGraceMs: 300,
      ...(end === 'timeout' && { timeoutMs: 1500 }),
      signal: controller.signal,
    });
    if (end === 'interrupt') {
      await waitFor(() => existsSync(printed) && findProcessesByMarker(marker).length >= 3, 5000, 'the target and both daemons, after the echo');
      controller.abort();
    }
    const result = await recording;
    assert.equal(result.endedBy, end);
    assert.match(readCastFile(result.castPath).output, /started/);
    assert.deepEqual(findProcessesByMarker(marker), [], 'no daemon survives the recording');
  });
}
