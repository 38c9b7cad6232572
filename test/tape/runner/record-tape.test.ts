import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { planLayout } from '../../../src/render/raster/layout.js';
import { SCREEN_DUMP_RULE } from '../../../src/tape/runner/text-golden.js';
import { VHS_RENDER_DEFAULTS } from '../../../src/tape/runner/tape-recording.js';
import { runCli, startCli } from '../../helpers/cli.js';
import { probeVideo } from '../../helpers/video-probe.js';
import { fixturePath, makeTempDir } from '../../helpers/paths.js';

const menuTui = fixturePath('menu-tui.mjs');


/** castMarkers returns the labels of the cast's `"m"` events, in order. */
function castMarkers(castPath: string): string[] {
  return readFileSync(castPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as [number, string, string])
    .filter(([, type]) => type === 'm')
    .map(([, , label]) => label);
}

test('a tape drives the menu TUI with the bytes xterm sends, waits on it, marks the cast and takes a screenshot', async () => {
  const dir = makeTempDir();
  const screenshot = join(dir, 'shots', 'menu.png');
  const keyLog = join(dir, 'keys.log');
  writeFileSync(
    join(dir, 'menu.tape'),
    [
      'Set TypingSpeed 20ms',
      'Wait+Screen /menu ready/',
      'Ctrl+C',
      'Wait+Screen /last: 03/',
      'Alt+x',
      'Wait+Screen /last: 1b 78/',
      'Ctrl+]',
      'Up',
      'Wait+Screen /last: 1b 5b 41/',
      'Ctrl+Left',
      'Tab',
      'Wait+Screen /cursor: application/',
      'Up',
      'Wait+Screen /last: 1b 4f 41/',
      'Marker "before-select"',
      'Down',
      'Enter',
      'Wait+Screen@5s /selected: Banana/',
      'Type "abc"',
      'Backspace',
      'Wait+Line /query: ab$/',
      'WaitIdle 300ms',
      `Screenshot ${screenshot}`,
      'Ctrl+D',
      'WaitExit',
    ].join('\n') + '\n',
  );
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', join(dir, 'menu.tape'), '--cols', '60', '--rows', '12', '--out', out, '--format', 'txt', '--', 'node', menuTui], {
    env: { MENU_TUI_LOG: keyLog },
  });
  assert.equal(run.code, 0, run.stderr);
  const received = readFileSync(keyLog, 'utf8').trim().split('\n');
  assert.deepEqual(received, [
    '03', // Ctrl+C
    '1b 78', // Alt+x
    '1d', // Ctrl+]
    '1b 5b 41', // Up, normal cursor mode
    '1b 5b 31 3b 35 44', // Ctrl+Left
    '09', // Tab: the program switches application cursor mode on
    '1b 4f 41', // Up, application cursor mode
    '1b 4f 42', // Down, application cursor mode
    '0d',
    '61',
    '62',
    '63',
    '7f',
    '04',
  ]);
  const markers = castMarkers(join(out, 'session.cast'));
  assert.ok(markers.includes('before-select'), markers.join(', '));
  assert.ok(markers.includes('Wait+Screen /selected: Banana/'));
  assert.ok(markers.includes('Wait+Line /query: ab$/'));
  assert.ok(markers.includes('WaitIdle 300ms'));
  assert.ok(markers.includes(`Screenshot ${screenshot}`));
  assert.ok(markers.includes('WaitExit'));
  // A tape's look is VHS's; with --cols/--rows given and no Width/Height in the tape, the frame follows from the grid.
  const { width: _width, height: _height, ...vhsLook } = VHS_RENDER_DEFAULTS;
  const layout = planLayout(60, 12, vhsLook);
  const image = await sharp(screenshot).metadata();
  assert.deepEqual([image.format, image.width, image.height], ['png', layout.width, layout.height]);
  assert.match(readFileSync(join(out, 'screen.txt'), 'utf8'), /bye/);
});

test('function keys reach the program through a real pty as xterm sends them, in both cursor-key modes', async () => {
  const dir = makeTempDir();
  const keyLog = join(dir, 'keys.log');
  writeFileSync(
    join(dir, 'fkeys.tape'),
    ['Wait+Screen /menu ready/', 'F1', 'F5', 'Shift+F2', 'Ctrl+F12', 'Tab', 'Wait+Screen /cursor: application/', 'F1', 'F12', 'Alt+F4', 'F10 2', 'Wait+Screen /last: 1b 5b 32 31 7e/', 'Ctrl+D', 'WaitExit'].join('\n') + '\n',
  );
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', join(dir, 'fkeys.tape'), '--cols', '60', '--rows', '12', '--out', out, '--no-render', '--', 'node', menuTui], {
    env: { MENU_TUI_LOG: keyLog },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(readFileSync(keyLog, 'utf8').trim().split('\n'), [
    '1b 4f 50', // F1
    '1b 5b 31 35 7e', // F5
    '1b 5b 31 3b 32 51', // Shift+F2
    '1b 5b 32 34 3b 35 7e', // Ctrl+F12
    '09', // Tab: application cursor mode on
    '1b 4f 50', // F1: still SS3
    '1b 5b 32 34 7e', // F12
    '1b 5b 31 3b 33 53', // Alt+F4
    '1b 5b 32 31 7e', // F10
    '1b 5b 32 31 7e', // F10 again (repeat count)
    '04',
  ]);
});

test('a Wait that times out exits 3 naming its line and the last screen, and what was recorded is still rendered', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'stuck.tape');
  writeFileSync(tape, 'Wait+Screen /menu ready/\nWait+Screen@1s /never shown/\nType "x"\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '60', '--rows', '12', '--out', out, '--format', 'txt', '--', 'node', menuTui]);
  assert.equal(run.code, 3, run.stderr);
  assert.ok(run.stderr.includes(`${tape}:2: Wait+Screen /never shown/ timed out after 1s`), run.stderr);
  assert.match(run.stderr, /\| menu ready/);
  assert.ok(existsSync(join(out, 'session.cast')));
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.stoppedWith], ['tape-error', null, 'SIGHUP'], 'termaudit hung up its terminal at the failed step');
  assert.match(readFileSync(join(out, 'recording.txt'), 'utf8'), /menu ready/);
});

test('a tape that ends while the target still runs stops it and records normally, meta.json saying so', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'short.tape');
  writeFileSync(tape, 'Wait+Screen /menu ready/\nMarker "done"\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '60', '--rows', '12', '--out', out, '--no-render', '--', 'node', menuTui]);
  assert.equal(run.code, 0, run.stderr);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Record<string, unknown>;
  // The program did not exit by itself: it has no exit code of its own, and the signal termaudit sent is named.
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.stoppedWith], ['tape-end', null, 'SIGHUP']);
  assert.match(run.stderr, /ended by tape-end: stopped by termaudit with SIGHUP when the tape ended/);
  assert.deepEqual(castMarkers(join(out, 'session.cast')), ['Wait+Screen /menu ready/', 'done']);
});

test('a tape with errors records nothing and reports every error', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'broken.tape');
  writeFileSync(tape, 'Tpye "x"\nSleep soon\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--out', out, '--', 'node', menuTui]);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stderr.includes(`${tape}:1:`), run.stderr);
  assert.ok(run.stderr.includes(`${tape}:2:`), run.stderr);
  assert.equal(existsSync(out), false);
});

test('without a command a tape types into a plain bash: echo, ls and exit', async () => {
  const dir = makeTempDir();
  const workDir = join(dir, 'work');
  mkdirSync(workDir);
  writeFileSync(join(workDir, 'marker-file.txt'), '');
  const tape = join(dir, 'bash.tape');
  writeFileSync(
    tape,
    ['Wait', 'Type "echo hello"', 'Enter', 'Wait+Screen /^hello$/', 'Wait', 'Type "ls"', 'Enter', 'Wait+Screen /marker-file/', 'Wait', 'Type "exit"', 'Enter', 'WaitExit'].join('\n') + '\n',
  );
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '60', '--rows', '12', '--cwd', workDir, '--out', out, '--format', 'txt']);
  assert.equal(run.code, 0, run.stderr);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { endedBy: string; exitCode: number; stoppedWith: unknown; command: string[] };
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.stoppedWith, meta.command[0]], ['exit', 0, null, 'bash']);
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), '> echo hello\nhello\n> ls\nmarker-file.txt\n> exit\nexit\n');
  assert.deepEqual(readdirSync(workDir), ['marker-file.txt']);
});

test('Hide and Show cut the hidden part out of the video but not out of the cast', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'hidden.tape');
  writeFileSync(tape, ['Wait+Screen /menu ready/', 'Hide', 'Sleep 1.5s', 'Show', 'Ctrl+D', 'WaitExit'].join('\n') + '\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '40', '--rows', '10', '--fps', '10', '--last-frame', '0.5', '--out', out, '--', 'node', menuTui]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(castMarkers(join(out, 'session.cast')), ['Wait+Screen /menu ready/', 'termaudit:hide', 'termaudit:show', 'WaitExit']);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { render: { castDuration: number; hiddenSeconds: number } };
  const { castDuration, hiddenSeconds } = meta.render;
  assert.ok(hiddenSeconds >= 1.5 && hiddenSeconds < 2, `hidden ${hiddenSeconds}s`);
  const video = await probeVideo(join(out, 'recording.mp4'));
  const expected = castDuration - hiddenSeconds + 0.5;
  // Within two frames: the hold ends on the 1/fps grid, and the frame before the cut takes a slot of its own.
  assert.ok(Math.abs(video.durationSeconds - expected) <= 0.25, `video ${video.durationSeconds}s, cast ${castDuration}s, hidden ${hiddenSeconds}s`);
  assert.ok(castDuration - video.durationSeconds + 0.5 >= 1.3, `video ${video.durationSeconds}s is not about 1.5 s shorter than the cast ${castDuration}s`);
});

const goldenTape = ['Wait+Screen /menu ready/', 'Down', 'Enter', 'Wait+Screen /selected: Banana/', 'Type@10ms "hi"', 'Ctrl+D', 'WaitExit'].join('\n') + '\n';

test('a tape\'s text golden is the visible screen after each command that changed it, identical over 5 runs', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'golden.tape');
  writeFileSync(tape, goldenTape);
  const goldens: string[] = [];
  for (let index = 0; index < 5; index++) {
    const golden = join(dir, `golden-${index}.txt`);
    const run = await runCli(['record', '--tape', tape, '--cols', '40', '--rows', '10', '--out', join(dir, `run-${index}`), '--no-render', '--golden', golden, '--update-golden', '--', 'node', menuTui]);
    assert.equal(run.code, 0, run.stderr);
    goldens.push(readFileSync(golden, 'utf8'));
  }
  for (const golden of goldens.slice(1)) assert.equal(golden, goldens[0]);
  const screens = goldens[0].split(`${SCREEN_DUMP_RULE}\n`);
  assert.equal(screens.length, 6, goldens[0]);
  assert.match(screens[0], /^menu ready\n> Apple\n {2}Banana/);
  assert.match(screens[1], /^> Banana$/m);
  assert.match(screens[2], /^selected:$/m);
  assert.match(screens[3], /^selected: Banana$/m);
  assert.match(screens[4], /^query: hi$/m);
  assert.match(screens[5], /^bye$/m);
});

test('a golden that differs fails with exit 5 and a diff, --update-golden rewrites it, and a missing one asks for it', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'golden.tape');
  writeFileSync(tape, goldenTape);
  const golden = join(dir, 'golden.txt');
  const args = ['record', '--tape', tape, '--cols', '40', '--rows', '10', '--no-render', '--golden', golden];
  const missing = await runCli([...args, '--out', join(dir, 'run-missing'), '--', 'node', menuTui]);
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /--update-golden/);

  const update = await runCli([...args, '--update-golden', '--out', join(dir, 'run-update'), '--', 'node', menuTui]);
  assert.equal(update.code, 0, update.stderr);
  const written = readFileSync(golden, 'utf8');
  writeFileSync(golden, written.replace('selected: Banana', 'selected: Cherry'));

  const changed = await runCli([...args, '--out', join(dir, 'run-changed'), '--', 'node', menuTui]);
  assert.equal(changed.code, 5, changed.stderr);
  assert.match(changed.stderr, /^-selected: Cherry$/m);
  assert.match(changed.stderr, /^\+selected: Banana$/m);
  assert.ok(existsSync(join(dir, 'run-changed', 'session.cast')), 'the recording is kept');
});

/** castEvents returns the cast's events after its header. */
function castEvents(castPath: string): [number, string, string][] {
  return readFileSync(castPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as [number, string, string]);
}

test('a Require whose program is not in PATH fails with exit 1 naming its line, and creates nothing', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'demo.tape');
  writeFileSync(tape, 'Require node\nOutput demo.txt\nRequire termaudit-no-such-program\nType "x"\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--out', out, '--', 'node', menuTui], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stderr.includes(`${tape}:3: Require: program "termaudit-no-such-program" not found in PATH`), run.stderr);
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir), ['demo.tape']);
});

test('an inline JSON theme in the tape colors the rendered frames', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'theme.tape');
  writeFileSync(tape, ['Set Theme {"background": "#123456", "foreground": "#fedcba"}', 'Wait+Screen /menu ready/', 'Ctrl+D', 'WaitExit'].join('\n') + '\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '30', '--rows', '10', '--fps', '5', '--out', out, '--format', 'frames', '--', 'node', menuTui]);
  assert.equal(run.code, 0, run.stderr);
  const frames = readdirSync(join(out, 'frames')).filter((name) => name.endsWith('.png')).sort();
  assert.ok(frames.length > 0);
  const { data, info } = await sharp(join(out, 'frames', frames.at(-1)!)).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([...data.subarray(0, 3)], [0x12, 0x34, 0x56], `corner of ${info.width}x${info.height} frame`);
  const header = JSON.parse(readFileSync(join(out, 'session.cast'), 'utf8').split('\n')[0]) as { theme?: { bg: string } };
  assert.equal(header.theme?.bg, '#123456');
});

test('Sleep, repeated keys with a delay, Resize, Copy and Paste reach the program as written', async () => {
  const dir = makeTempDir();
  const keyLog = join(dir, 'keys.log');
  const tape = join(dir, 'more.tape');
  writeFileSync(
    tape,
    [
      'Set TypingSpeed 10ms',
      'Wait+Screen /menu ready/',
      'Marker "before-sleep"',
      'Sleep 500ms',
      'Marker "after-sleep"',
      'Down@50ms 2',
      'Wait+Screen /> Cherry/',
      'Resize 70x14',
      'Wait+Screen /size: 70x14/',
      'Copy "pasted"',
      'Paste',
      'Wait+Line /query: pasted$/',
      'Ctrl+D',
      'WaitExit',
    ].join('\n') + '\n',
  );
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '60', '--rows', '12', '--out', out, '--no-render', '--', 'node', menuTui], {
    env: { MENU_TUI_LOG: keyLog },
  });
  assert.equal(run.code, 0, run.stderr);
  const received = readFileSync(keyLog, 'utf8').trim().split('\n');
  assert.deepEqual(received, ['1b 5b 42', '1b 5b 42', ...[...'pasted'].map((char) => char.charCodeAt(0).toString(16)), '04']);
  const events = castEvents(join(out, 'session.cast'));
  const markerTime = (label: string) => events.find(([, type, data]) => type === 'm' && data === label)![0];
  assert.ok(markerTime('after-sleep') - markerTime('before-sleep') >= 0.5, 'Sleep 500ms waited at least 500 ms');
  assert.deepEqual(
    events.filter(([, type]) => type === 'r').map(([, , data]) => data),
    ['70x14'],
  );
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { terminal: { cols: number; rows: number } };
  assert.deepEqual(meta.terminal, { cols: 60, rows: 12 }, 'meta keeps the size the recording started at');
});

test('a tape\'s Env line is in the environment of the program it runs', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'env.tape');
  writeFileSync(tape, 'Env TAPE_GREETING "hello from the tape"\nWait+Screen /hello from the tape/\nWaitExit\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '40', '--rows', '6', '--out', out, '--format', 'txt', '--', 'bash', '-c', 'echo "$TAPE_GREETING"; sleep 0.5']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(readFileSync(join(out, 'screen.txt'), 'utf8'), /^hello from the tape$/m);
});

test('huge repeat counts do not hang the live screen of a tape: the time limit still stops the run', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'huge-counts.tape');
  writeFileSync(tape, `Type "printf '\\033[999999999S\\033[999999999L\\033[Hx\\033[999999999b'; sleep 30"\nEnter\nWait+Screen@30s /never shown/\n`);
  const out = join(dir, 'run');
  const { child, done } = startCli(['record', '--tape', tape, '--timeout', '5s', '--cols', '40', '--rows', '6', '--out', out, '--format', 'txt', '--', 'bash', '--norc', '--noprofile']);
  // The live screen used to block the event loop for minutes, so the time limit could not fire.
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const run = await done;
  clearTimeout(watchdog);
  assert.equal(run.code, 3, run.stderr);
  assert.match(readFileSync(join(out, 'screen.txt'), 'utf8'), /^x{40}$/m);
});

test('a tape\'s keys are recorded as input events: hidden typing as stars, a secret masked', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'input.tape');
  writeFileSync(
    tape,
    ['Wait+Screen /menu ready/', 'Down', 'Type@5ms "x"', 'Hide', 'Type@5ms "pw12"', 'Show', 'Type@5ms "s3cr3t-input-value"', 'Ctrl+D', 'WaitExit'].join('\n') + '\n',
  );
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '40', '--rows', '10', '--no-render', '--out', out, '--', 'node', menuTui], {
    env: { ...process.env, INPUT_TOKEN: 's3cr3t-input-value' },
  });
  assert.equal(run.code, 0, run.stderr);
  const text = readFileSync(join(out, 'session.cast'), 'utf8');
  assert.ok(!text.includes('s3cr3t-input-value'), 'the secret typed is in the cast');
  const inputs = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as [number, string, string])
    .filter(([, type]) => type === 'i')
    .map(([, , data]) => data)
    .join('');
  assert.equal(inputs, `\x1b[Bx****${'*'.repeat('s3cr3t-input-value'.length)}\x04`);
});
