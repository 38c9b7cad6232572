import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { planLayout } from '../../../src/render/raster/layout.js';
import { runCli } from '../../helpers/cli.js';
import { fixturePath, makeTempDir, repoRoot } from '../../helpers/paths.js';

const menuTui = fixturePath('menu-tui.mjs');

before(() => {
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
});

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
  const layout = planLayout(60, 12, {});
  const image = await sharp(screenshot).metadata();
  assert.deepEqual([image.format, image.width, image.height], ['png', layout.width, layout.height]);
  assert.match(readFileSync(join(out, 'screen.txt'), 'utf8'), /bye/);
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
  assert.match(readFileSync(join(out, 'recording.txt'), 'utf8'), /menu ready/);
});

test('a tape that ends while the target still runs stops it and records normally', async () => {
  const dir = makeTempDir();
  const tape = join(dir, 'short.tape');
  writeFileSync(tape, 'Wait+Screen /menu ready/\nMarker "done"\n');
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '60', '--rows', '12', '--out', out, '--no-render', '--', 'node', menuTui]);
  assert.equal(run.code, 0, run.stderr);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { endedBy: string };
  assert.equal(meta.endedBy, 'exit');
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
    ['Wait', 'Type "echo hello"', 'Enter', 'Wait+Screen /^hello$/', 'Wait', 'Type "ls"', 'Enter', 'Wait+Screen /marker-file/', 'Type "exit"', 'Enter', 'WaitExit'].join('\n') + '\n',
  );
  const out = join(dir, 'run');
  const run = await runCli(['record', '--tape', tape, '--cols', '60', '--rows', '12', '--cwd', workDir, '--out', out, '--format', 'txt']);
  assert.equal(run.code, 0, run.stderr);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { endedBy: string; exitCode: number; command: string[] };
  assert.deepEqual([meta.endedBy, meta.exitCode, meta.command[0]], ['exit', 0, 'bash']);
  assert.equal(readFileSync(join(out, 'screen.txt'), 'utf8'), '$ echo hello\nhello\n$ ls\nmarker-file.txt\n$ exit\nexit\n');
  assert.deepEqual(readdirSync(workDir), ['marker-file.txt']);
});
