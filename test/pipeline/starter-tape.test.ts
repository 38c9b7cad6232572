import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTape } from '../../src/tape/parser.js';
import type { ProbeVerdict } from '../../src/pipeline/init-probe.js';
import { knownQuitKeys, QUIT_KEYS, starterTape } from '../../src/pipeline/starter-tape.js';

const fullScreen: ProbeVerdict = { profile: 'tui', fullScreen: true, waitsForInput: true, why: 'x switched to the alternate screen', firstScreenMs: 300 };
const prompt: ProbeVerdict = { profile: 'cli', fullScreen: false, waitsForInput: true, why: 'x waited for input', firstScreenMs: 20 };

/** commandsOf returns a tape's commands as kinds, for a compact comparison, after checking it has no errors or warnings. */
function commandsOf(text: string): string[] {
  const tape = parseTape(text, 'starter.tape');
  assert.deepEqual(tape.errors.map((error) => error.rendered), []);
  assert.deepEqual(tape.warnings.map((warning) => warning.rendered), []);
  return tape.commands.map((command) => command.kind);
}

test('the starter tape of a known program waits for its first screen, presses Down and Up, quits with its own key and waits for the exit', () => {
  const tape = starterTape(['/usr/bin/htop'], fullScreen, 'pipeline/htop.tape');
  assert.equal(tape.guessed, false);
  assert.deepEqual(commandsOf(tape.text), ['Wait', 'Sleep', 'Key', 'Sleep', 'Key', 'Sleep', 'Key', 'Sleep', 'Type', 'WaitExit']);
  assert.match(tape.text, /^Wait\+Screen@10s \/\\S\/$/m);
  assert.match(tape.text, /^# Quit: htop quits with q\.\nType "q"$/m);
  assert.match(tape.text, /npx termaudit tape check pipeline\/htop\.tape/);
  assert.doesNotMatch(tape.text, /guess/);
});

test('known programs quit with their own keys: vim with Escape :qa! Enter, mc with F10, nano with Ctrl+X, emacs with Ctrl+X Ctrl+C', () => {
  assert.deepEqual(knownQuitKeys(['vim', 'notes.txt'])?.lines, ['Escape', 'Type ":qa!"', 'Enter']);
  assert.deepEqual(knownQuitKeys(['mc'])?.lines, ['F10']);
  assert.deepEqual(knownQuitKeys(['nano'])?.lines, ['Ctrl+X']);
  assert.deepEqual(knownQuitKeys(['emacs', '-nw'])?.lines, ['Ctrl+X', 'Ctrl+C']);
  assert.equal(knownQuitKeys(['constructor']), undefined, 'only the table itself is looked up');
  // git and man only page their output: PAGER=cat makes them exit by themselves, so they are not full-screen.
  assert.deepEqual([knownQuitKeys(['git', 'log'])?.fullScreen, knownQuitKeys(['man'])?.fullScreen, knownQuitKeys(['top'])?.fullScreen], [false, false, undefined]);
  // Every known quit is valid tape language.
  for (const name of Object.keys(QUIT_KEYS)) commandsOf(starterTape([name], fullScreen, `${name}.tape`).text);
});

test('for a program termaudit does not know, the quit line is a guess and the comment says so', () => {
  const tape = starterTape(['./my-tui', '--fancy'], fullScreen, 'my-tui.tape');
  assert.equal(tape.guessed, true);
  assert.match(tape.text, /^# Quit\. guess: termaudit does not know the key that quits my-tui; q quits many full-screen programs\.\n# Change it to the key that quits my-tui .*\nType "q"$/m);
  commandsOf(tape.text);
  // A line-oriented program waiting for input is guessed to end at end of input.
  const line = starterTape(['./prompt.sh'], prompt, 'prompt.tape');
  assert.match(line.text, /guess: .*Ctrl\+D \(end of input\).*\n.*\nCtrl\+D$/m);
  commandsOf(line.text);
});

test('the first wait of a slow starter is three times what the probe saw', () => {
  assert.match(starterTape(['slow'], { ...fullScreen, firstScreenMs: 7000 }, 's.tape').text, /^Wait\+Screen@21s /m);
  assert.match(starterTape(['silent'], { ...fullScreen, firstScreenMs: undefined }, 's.tape').text, /^Wait\+Screen@10s /m);
});
