import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTape, parseTapeFile, type TapeCommand } from '../../src/tape/index.js';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/tapes');

/** commandsOf parses source that must be valid and returns its commands without positions. */
function commandsOf(source: string): Array<Record<string, unknown>> {
  const tape = parseTape(source, 't.tape');
  assert.deepEqual(tape.errors.map((error) => error.rendered), []);
  return tape.commands.map(({ position: _position, ...rest }: TapeCommand) => rest);
}

function errorsOf(source: string) {
  return parseTape(source, 't.tape').errors.map(({ line, column, length, message }) => ({ line, column, length, message }));
}

test('parse reads Output, Require, Env, Copy, Paste, Hide, Show and Screenshot', () => {
  assert.deepEqual(commandsOf('Output out/demo.gif\nRequire git\nEnv HELLO "big world"\nCopy "x y"\nPaste\nHide\nShow\nScreenshot shots/a.png\n'), [
    { kind: 'Output', path: 'out/demo.gif' },
    { kind: 'Require', program: 'git' },
    { kind: 'Env', name: 'HELLO', value: 'big world' },
    { kind: 'Copy', text: 'x y' },
    { kind: 'Paste' },
    { kind: 'Hide' },
    { kind: 'Show' },
    { kind: 'Screenshot', path: 'shots/a.png' },
  ]);
});

test('parse keeps paths with plus signs, at signs and leading slashes whole', () => {
  assert.deepEqual(commandsOf('Output /tmp/a+b@2x.gif\nOutput "with space.mp4"\nOutput frames/\n'), [
    { kind: 'Output', path: '/tmp/a+b@2x.gif' },
    { kind: 'Output', path: 'with space.mp4' },
    { kind: 'Output', path: 'frames/' },
  ]);
});

test('parse reads Type with double, single and backtick quotes, several strings, and a per-character delay', () => {
  assert.deepEqual(commandsOf('Type "a \'b\'"\nType \'c "d"\'\nType `e`\nType "one" "two"\nType@80ms "slow"\nType@.5 "half"\n'), [
    { kind: 'Type', text: "a 'b'", delayMs: undefined },
    { kind: 'Type', text: 'c "d"', delayMs: undefined },
    { kind: 'Type', text: 'e', delayMs: undefined },
    { kind: 'Type', text: 'one two', delayMs: undefined },
    { kind: 'Type', text: 'slow', delayMs: 80 },
    { kind: 'Type', text: 'half', delayMs: 500 },
  ]);
});

test('parse turns Sleep durations into milliseconds, a bare number being seconds', () => {
  const durations = commandsOf('Sleep 500ms\nSleep 1s\nSleep 0.5\nSleep .5\nSleep 2m\nSleep 3\nSleep 1.5s\n').map((command) => command.durationMs);
  assert.deepEqual(durations, [500, 1000, 500, 500, 120_000, 3000, 1500]);
});

test('parse reads every Wait form', () => {
  assert.deepEqual(commandsOf('Wait\nWait /ready/\nWait+Line /\\$ $/\nWait+Screen@10s /Menu: (a|b)/\nWait@3s\nWait+Screen\n'), [
    { kind: 'Wait', scope: 'Line', timeoutMs: undefined, pattern: undefined },
    { kind: 'Wait', scope: 'Line', timeoutMs: undefined, pattern: 'ready' },
    { kind: 'Wait', scope: 'Line', timeoutMs: undefined, pattern: '\\$ $' },
    { kind: 'Wait', scope: 'Screen', timeoutMs: 10_000, pattern: 'Menu: (a|b)' },
    { kind: 'Wait', scope: 'Line', timeoutMs: 3000, pattern: undefined },
    { kind: 'Wait', scope: 'Screen', timeoutMs: undefined, pattern: undefined },
  ]);
});

test('parse reads every named key with its repeat count and @delay', () => {
  const names = ['Enter', 'Backspace', 'Delete', 'Insert', 'Tab', 'Space', 'Up', 'Down', 'Left', 'Right', 'PageUp', 'PageDown', 'ScrollUp', 'ScrollDown', 'Escape', 'Home', 'End'];
  names.push('F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12');
  assert.deepEqual(
    commandsOf(names.join('\n')),
    names.map((key) => ({ kind: 'Key', key, delayMs: undefined, repeat: 1 })),
  );
  assert.deepEqual(commandsOf('Down 3\nBackspace@100ms 5\nEnter@1 3\nUp@.2\n'), [
    { kind: 'Key', key: 'Down', delayMs: undefined, repeat: 3 },
    { kind: 'Key', key: 'Backspace', delayMs: 100, repeat: 5 },
    { kind: 'Key', key: 'Enter', delayMs: 1000, repeat: 3 },
    { kind: 'Key', key: 'Up', delayMs: 200, repeat: 1 },
  ]);
});

test('parse reads function keys with repeat counts, @delays and modifiers', () => {
  assert.deepEqual(commandsOf('F10\nF2 3\nF5@200ms 2\nShift+F3\nCtrl+Alt+F12@1s 2\nCtrl+f1\n'), [
    { kind: 'Key', key: 'F10', delayMs: undefined, repeat: 1 },
    { kind: 'Key', key: 'F2', delayMs: undefined, repeat: 3 },
    { kind: 'Key', key: 'F5', delayMs: 200, repeat: 2 },
    { kind: 'KeyCombo', modifiers: ['Shift'], key: 'F3', delayMs: undefined, repeat: 1 },
    { kind: 'KeyCombo', modifiers: ['Ctrl', 'Alt'], key: 'F12', delayMs: 1000, repeat: 2 },
    { kind: 'KeyCombo', modifiers: ['Ctrl'], key: 'F1', delayMs: undefined, repeat: 1 },
  ]);
});

test('an unknown function key is an error that suggests the nearest key', () => {
  const tape = parseTape('F13\nCtrl+F13\n', 'keys.tape');
  assert.equal(tape.errors.length, 2, tape.errors.map((error) => error.rendered).join('\n'));
  assert.match(tape.errors[0].message, /F13/);
  assert.match(tape.errors[1].message, /unknown key F13/);
});

test('parse reads Ctrl, Alt and Shift combinations with characters and named keys', () => {
  const combos = commandsOf('Ctrl+C\nCtrl+c\nCtrl+Alt+Delete\nCtrl+Shift+A\nAlt+Enter\nShift+Tab\nCtrl+[\nAlt+.\nCtrl+Alt+Shift+x 2\n').map((command) => [
    (command.modifiers as string[]).join('+'),
    command.key,
    command.repeat,
  ]);
  assert.deepEqual(combos, [
    ['Ctrl', 'C', 1],
    ['Ctrl', 'c', 1],
    ['Ctrl+Alt', 'Delete', 1],
    ['Ctrl+Shift', 'A', 1],
    ['Alt', 'Enter', 1],
    ['Shift', 'Tab', 1],
    ['Ctrl', '[', 1],
    ['Alt', '.', 1],
    ['Ctrl+Alt+Shift', 'x', 2],
  ]);
});

test('parse reads the termaudit extensions WaitIdle, WaitExit, Marker and Resize', () => {
  assert.deepEqual(commandsOf('WaitIdle\nWaitIdle@5s 750ms\nWaitIdle 2s\nWaitExit\nWaitExit@20s\nMarker "menu open"\nResize 100x30\n'), [
    { kind: 'WaitIdle', timeoutMs: undefined, quietMs: 500 },
    { kind: 'WaitIdle', timeoutMs: 5000, quietMs: 750 },
    { kind: 'WaitIdle', timeoutMs: undefined, quietMs: 2000 },
    { kind: 'WaitExit', timeoutMs: undefined },
    { kind: 'WaitExit', timeoutMs: 20_000 },
    { kind: 'Marker', label: 'menu open' },
    { kind: 'Resize', cols: 100, rows: 30 },
  ]);
});

test('parse accepts several commands on one line and ignores comments', () => {
  assert.deepEqual(commandsOf('# a comment\nType "ls" Enter Sleep 0.5 Enter # trailing\n  # indented comment\n'), [
    { kind: 'Type', text: 'ls', delayMs: undefined },
    { kind: 'Key', key: 'Enter', delayMs: undefined, repeat: 1 },
    { kind: 'Sleep', durationMs: 500 },
    { kind: 'Key', key: 'Enter', delayMs: undefined, repeat: 1 },
  ]);
});

test('parse reads every setting with its typed value', () => {
  const source = [
    'Set Shell zsh',
    'Set FontFamily "DejaVu Sans Mono"',
    'Set FontSize 22',
    'Set Width 1200',
    'Set Height 600',
    'Set LetterSpacing 1',
    'Set LineHeight 1.2',
    'Set Theme "Dracula"',
    'Set Theme { "background": "#101010",',
    '  "foreground": "#eeeeee" }',
    'Set TypingSpeed .1',
    'Set Framerate 60',
    'Set PlaybackSpeed 2',
    'Set Padding 50',
    'Set Margin 10',
    'Set MarginFill "#674EFF"',
    'Set WindowBar Colorful',
    'Set WindowBarSize 40',
    'Set BorderRadius 8',
    'Set CursorBlink false',
    'Set WaitPattern /\\$ $/',
    'Set WaitTimeout 15s',
    'Set LoopOffset 20.99%',
    'Set LoopOffset 60',
    'Type "after the JSON"',
  ].join('\n');
  const tape = parseTape(source, 't.tape');
  assert.deepEqual(tape.errors, []);
  const values = tape.commands.map((command) => (command.kind === 'Set' ? [command.setting, command.value] : [command.kind, command.position.line]));
  assert.deepEqual(values, [
    ['Shell', 'zsh'],
    ['FontFamily', 'DejaVu Sans Mono'],
    ['FontSize', 22],
    ['Width', 1200],
    ['Height', 600],
    ['LetterSpacing', 1],
    ['LineHeight', 1.2],
    ['Theme', { kind: 'name', name: 'Dracula' }],
    ['Theme', { kind: 'json', value: { background: '#101010', foreground: '#eeeeee' } }],
    ['TypingSpeed', 100],
    ['Framerate', 60],
    ['PlaybackSpeed', 2],
    ['Padding', 50],
    ['Margin', 10],
    ['MarginFill', '#674EFF'],
    ['WindowBar', 'Colorful'],
    ['WindowBarSize', 40],
    ['BorderRadius', 8],
    ['CursorBlink', false],
    ['WaitPattern', '\\$ $'],
    ['WaitTimeout', 15_000],
    ['LoopOffset', { value: 20.99, percent: true }],
    ['LoopOffset', { value: 60, percent: false }],
    ['Type', 25],
  ]);
});

test('parse records where each command was written', () => {
  const tape = parseTape('Sleep 1s\n  Type "x" Enter\n', 'where.tape');
  assert.deepEqual(
    tape.commands.map((command) => command.position),
    [
      { file: 'where.tape', line: 1, column: 1, length: 5 },
      { file: 'where.tape', line: 2, column: 3, length: 4 },
      { file: 'where.tape', line: 2, column: 12, length: 5 },
    ],
  );
});

test('parse reports every bad line at once with its line, column and token width', () => {
  const source = [
    'Output demo.gif', // 1: fine
    'Slep 500ms', // 2
    'Sleep', // 3
    'Type "unterminated', // 4
    'Wait /a(b/', // 5
    'Resize 80by24', // 6
    'Down -3', // 7
    'Ctrl+Foo', // 8
    'Set Framerate fast', // 9
    'Screenshot shot.jpg', // 10
    'Sleep 1s', // 11: fine
    'Set Colour red', // 12
    'Output demo.avi', // 13
    'Type Enter', // 14
    'Marker', // 15
    'Wait+Middle /x/', // 16
    'Sleep soon', // 17
    'Enter@ 2', // 18
    'Env 1BAD "x"', // 19
    'Type "ok" 42', // 20
  ].join('\n');
  assert.deepEqual(errorsOf(source), [
    { line: 2, column: 1, length: 4, message: 'unknown command Slep (did you mean Sleep?)' },
    { line: 3, column: 1, length: 5, message: 'Sleep needs a duration, e.g. Sleep 500ms, Sleep 2s or Sleep 0.5' },
    { line: 4, column: 6, length: 13, message: 'unterminated string: add the closing "' },
    { line: 5, column: 6, length: 5, message: 'invalid regex /a(b/: Unterminated group' },
    { line: 6, column: 8, length: 6, message: 'Resize needs <cols>x<rows> with whole numbers from 1 to 10000, e.g. Resize 80x24; got 80by24' },
    { line: 7, column: 6, length: 2, message: 'the repeat count of Down must be a whole number of at least 1 (e.g. Down 3); got -3' },
    { line: 8, column: 6, length: 3, message: 'unknown key Foo in Ctrl+ (use one character or a key name such as Enter, Tab, Delete)' },
    { line: 9, column: 15, length: 4, message: 'Set Framerate must be a whole number from 1 to 120 (got "fast")' },
    { line: 10, column: 12, length: 8, message: 'Screenshot writes PNG images; name a .png file, not shot.jpg' },
    { line: 12, column: 5, length: 6, message: 'unknown setting Colour' },
    { line: 13, column: 8, length: 8, message: 'Output demo.avi: name a .gif, .mp4, .webm, .txt or .ascii file, or a folder ending in / for frames' },
    { line: 14, column: 6, length: 5, message: 'Type needs a quoted string, e.g. Type "ls -la"' },
    { line: 15, column: 1, length: 6, message: 'Marker needs one quoted label, e.g. Marker "menu open"' },
    { line: 16, column: 6, length: 6, message: 'Wait+ needs Line or Screen, e.g. Wait+Screen /ready/' },
    { line: 17, column: 7, length: 4, message: '"soon" is not a duration (write e.g. 500ms, 2s, 1m or 0.5)' },
    { line: 18, column: 6, length: 1, message: 'Enter@ needs a duration right after the @, e.g. Enter@500ms' },
    { line: 19, column: 5, length: 4, message: 'Env needs a variable name and a value, e.g. Env HELLO "world"' },
    { line: 20, column: 11, length: 2, message: 'unexpected 42 after Type' },
  ]);
});

test('parse renders each error with its source line and a caret under the whole token', () => {
  const tape = parseTape('Sleep 1s\nSleep 1s\nSleep 1s\nSleep 1s\nSleep 1s\nSleep 1s\nSleep 1s\nSleep 1s\nSleep 1s\n\tResize 80by24\n', 'demo.tape');
  assert.equal(
    tape.errors[0].rendered,
    [
      'demo.tape:10:9: error: Resize needs <cols>x<rows> with whole numbers from 1 to 10000, e.g. Resize 80x24; got 80by24',
      '   |',
      '10 | \tResize 80by24',
      '   | \t       ^^^^^^',
    ].join('\n'),
  );
  assert.equal(parseTape('Slep 1s', 'a.tape').errors[0].rendered, ['a.tape:1:1: error: unknown command Slep (did you mean Sleep?)', '  |', '1 | Slep 1s', '  | ^^^^'].join('\n'));
});

test('parse suggests the closest command for a misspelt key or extension', () => {
  assert.deepEqual(
    ['Entr', 'Bakspace', 'WaitIdel', 'Markr', 'Screnshot'].map((word) => errorsOf(word)[0].message),
    [
      'unknown command Entr (did you mean Enter?)',
      'unknown command Bakspace (did you mean Backspace?)',
      'unknown command WaitIdel (did you mean WaitIdle?)',
      'unknown command Markr (did you mean Marker?)',
      'unknown command Screnshot (did you mean Screenshot?)',
    ],
  );
  assert.equal(errorsOf('Set FontSiz 20')[0].message, 'unknown setting FontSiz (did you mean FontSize?)');
});

test('Set Shell takes the shells termaudit starts clean and refuses any other at its line', () => {
  assert.deepEqual(
    commandsOf('Set Shell bash\nSet Shell zsh\nSet Shell "fish"\nSet Shell sh\n').map((command) => command.value),
    ['bash', 'zsh', 'fish', 'sh'],
  );
  const another = '; another program is recorded by giving it after --';
  assert.deepEqual(errorsOf('Type "x"\nSet Shell ksh\nSet Shell /bin/zsh\nSet Shell pwsh\n'), [
    { line: 2, column: 11, length: 3, message: `Set Shell needs bash, zsh, fish or sh; got ksh${another}` },
    { line: 3, column: 11, length: 8, message: `Set Shell needs bash, zsh, fish or sh; got /bin/zsh${another}` },
    { line: 4, column: 11, length: 4, message: `Set Shell needs bash, zsh, fish or sh; got pwsh${another}` },
  ]);
});

test('parse warns, naming the setting, for settings termaudit does not honour, or honours in part', () => {
  const tape = parseTapeFile(join(fixtures, 'unsupported-settings.tape'));
  assert.deepEqual(tape.errors, []);
  assert.deepEqual(
    tape.warnings.map((warning) => [warning.line, warning.message.split(':')[0]]),
    [
      [1, 'Set FontFamily is ignored'],
      [4, 'Set MarginFill wallpaper.png'],
      [8, 'Set CursorBlink is ignored'],
      [9, 'Set LoopOffset is ignored'],
    ],
  );
  assert.match(tape.warnings[1].message, /an image margin is not drawn; the margin keeps VHS's default colour/);
  // The window (margin, bar, corners) is drawn: a colour margin, a bar style and a radius are settings like any other.
  const window = parseTape('Set Margin 20\nSet MarginFill "#674EFF"\nSet WindowBar RingsRight\nSet WindowBarSize 40\nSet BorderRadius 8', 't.tape');
  assert.deepEqual([window.errors, window.warnings], [[], []]);
  const bad = parseTape('Set WindowBar Fancy\nSet Margin -3', 't.tape');
  assert.deepEqual(bad.errors.map((error) => [error.line, error.message]), [
    [1, 'Set WindowBar must be one of Colorful, ColorfulRight, Rings, RingsRight (got "Fancy")'],
    [2, 'Set Margin must be a whole number from 0 to 4096 (got -3)'],
  ]);
  assert.match(tape.warnings[0].rendered, /unsupported-settings\.tape:1:5: warning: Set FontFamily is ignored: termaudit renders with its bundled fonts/);
  assert.equal(parseTape('Set Theme "Catppuccin Mocha"', 't.tape').warnings.length, 1);
  assert.equal(parseTape('Set Theme "Dracula"\nSet Theme themes/mine.json', 't.tape').warnings.length, 0);
});

test('Source inlines a tape named relative to the sourcing tape, recursively, without its Output', () => {
  const tape = parseTapeFile(join(fixtures, 'with-source.tape'));
  assert.deepEqual(tape.errors, []);
  assert.deepEqual(
    tape.commands.map((command) => `${command.position.file.replace(fixtures + '/', '')}:${command.position.line} ${command.kind}`),
    [
      'with-source.tape:1 Output',
      'lib/setup.tape:3 Env',
      'lib/setup.tape:4 Type',
      'lib/setup.tape:4 Key',
      'lib/more/teardown.tape:1 Type',
      'lib/more/teardown.tape:1 Key',
      'with-source.tape:3 Type',
      'with-source.tape:4 Key',
    ],
  );
});

test('Source reports a cycle at the Source line that closes it', () => {
  const tape = parseTapeFile(join(fixtures, 'cycle-a.tape'));
  assert.equal(tape.errors.length, 1);
  const [error] = tape.errors;
  assert.equal(error.file, join(fixtures, 'cycle-b.tape'));
  assert.deepEqual([error.line, error.column], [2, 8]);
  assert.match(error.message, /^Source cycle: .*cycle-a\.tape -> .*cycle-b\.tape -> .*cycle-a\.tape$/);
  assert.deepEqual(tape.commands.map((command) => command.kind === 'Type' && command.text), ['a', 'b']);
});

test('Source names the sourced file in its errors and reports a missing file at the path', () => {
  const tape = parseTapeFile(join(fixtures, 'sources-broken.tape'));
  assert.deepEqual(
    tape.errors.map((error) => [error.file.replace(fixtures + '/', ''), error.line, error.column, error.message]),
    [['lib/broken.tape', 2, 1, 'unknown command Slep (did you mean Sleep?)']],
  );
  const missing = parseTape('Source nowhere/none.tape', join(fixtures, 'x.tape'));
  assert.equal(missing.errors.length, 1);
  assert.deepEqual([missing.errors[0].line, missing.errors[0].column, missing.errors[0].length], [1, 8, 17]);
  assert.match(missing.errors[0].message, /^cannot read nowhere\/none\.tape/);
});

test('parseTapeFile accepts the fixture that uses every command form', () => {
  const tape = parseTapeFile(join(fixtures, 'every-command.tape'));
  assert.deepEqual(tape.errors.map((error) => error.rendered), []);
  assert.deepEqual(tape.warnings, []);
  const kinds = new Set(tape.commands.map((command) => command.kind));
  assert.deepEqual(
    [...kinds].sort(),
    ['Copy', 'Env', 'Hide', 'Key', 'KeyCombo', 'Marker', 'Output', 'Paste', 'Require', 'Resize', 'Screenshot', 'Set', 'Show', 'Sleep', 'Type', 'Wait', 'WaitExit', 'WaitIdle'],
  );
});

test('parseTapeFile accepts VHS-style tapes: several commands per line, bare-word Type, bare-second delays, multi-line JSON theme', () => {
  const tape = parseTapeFile(join(fixtures, 'vhs-style.tape'));
  assert.deepEqual(tape.errors.map((error) => error.rendered), []);
  const enter = tape.commands.find((command) => command.kind === 'Key' && command.repeat === 3);
  assert.deepEqual(enter && { delayMs: enter.kind === 'Key' && enter.delayMs, line: enter.position.line }, { delayMs: 1000, line: 14 });
});

test('parseTapeFile reports an unreadable tape as one error', () => {
  const tape = parseTapeFile(join(fixtures, 'does-not-exist.tape'));
  assert.equal(tape.errors.length, 1);
  assert.equal(tape.errors[0].message, 'cannot read the tape: no such file or directory (ENOENT)');
  assert.equal(tape.errors[0].rendered, `${join(fixtures, 'does-not-exist.tape')}:1:1: error: cannot read the tape: no such file or directory (ENOENT)`, 'no source line to point at');
});

test('the newer VHS commands Pause and Resume are accepted with a warning and skipped', () => {
  const tape = parseTape('Type "a"\nPause\nType "b"\nResume\nEnter\n', 'pause.tape');
  assert.deepEqual(tape.errors, []);
  assert.deepEqual(tape.commands.map((command) => command.kind), ['Type', 'Type', 'Key']);
  assert.deepEqual(tape.warnings.map((warning) => [warning.line, warning.message]), [
    [2, 'Pause is not supported by termaudit and is ignored'],
    [4, 'Resume is not supported by termaudit and is ignored'],
  ]);
});
