import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comboBytes, keyBytes, xtermModifier } from '../../../src/tape/runner/key-bytes.js';

test('named keys send the bytes xterm sends', () => {
  assert.equal(keyBytes('Enter'), '\r');
  assert.equal(keyBytes('Backspace'), '\x7f');
  assert.equal(keyBytes('Delete'), '\x1b[3~');
  assert.equal(keyBytes('Insert'), '\x1b[2~');
  assert.equal(keyBytes('Tab'), '\t');
  assert.equal(keyBytes('Space'), ' ');
  assert.equal(keyBytes('Escape'), '\x1b');
  assert.equal(keyBytes('PageUp'), '\x1b[5~');
  assert.equal(keyBytes('PageDown'), '\x1b[6~');
});

test('cursor keys follow the cursor-key mode', () => {
  const normal = ['Up', 'Down', 'Right', 'Left', 'Home', 'End'] as const;
  assert.deepEqual(normal.map((key) => keyBytes(key, 'normal')), ['\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[H', '\x1b[F']);
  assert.deepEqual(normal.map((key) => keyBytes(key, 'application')), ['\x1bOA', '\x1bOB', '\x1bOC', '\x1bOD', '\x1bOH', '\x1bOF']);
});

test('Ctrl with a letter sends 0x01 to 0x1a whatever its case', () => {
  assert.equal(comboBytes(['Ctrl'], 'a'), '\x01');
  assert.equal(comboBytes(['Ctrl'], 'C'), '\x03');
  assert.equal(comboBytes(['Ctrl'], 'z'), '\x1a');
});

test('Ctrl with punctuation sends the C0 control codes', () => {
  assert.deepEqual(['[', '\\', ']', '^', '_', '@'].map((key) => comboBytes(['Ctrl'], key)), ['\x1b', '\x1c', '\x1d', '\x1e', '\x1f', '\x00']);
});

test('Alt prefixes ESC, also to a Ctrl combination', () => {
  assert.equal(comboBytes(['Alt'], 'x'), '\x1bx');
  assert.equal(comboBytes(['Alt'], '.'), '\x1b.');
  assert.equal(comboBytes(['Alt'], 'Enter'), '\x1b\r');
  assert.equal(comboBytes(['Ctrl', 'Alt'], 'c'), '\x1b\x03');
});

test('Shift uppercases a letter and makes Shift+Tab a back-tab', () => {
  assert.equal(comboBytes(['Shift'], 'a'), 'A');
  assert.equal(comboBytes(['Shift'], 'Tab'), '\x1b[Z');
});

test('modified cursor and editing keys carry the xterm modifier parameter in both modes', () => {
  assert.equal(xtermModifier(['Shift']), 2);
  assert.equal(xtermModifier(['Alt']), 3);
  assert.equal(xtermModifier(['Ctrl']), 5);
  assert.equal(xtermModifier(['Ctrl', 'Alt', 'Shift']), 8);
  assert.equal(comboBytes(['Ctrl'], 'Up'), '\x1b[1;5A');
  assert.equal(comboBytes(['Ctrl'], 'Left', 'application'), '\x1b[1;5D');
  assert.equal(comboBytes(['Alt'], 'Right'), '\x1b[1;3C');
  assert.equal(comboBytes(['Shift'], 'Down'), '\x1b[1;2B');
  assert.equal(comboBytes(['Shift'], 'End'), '\x1b[1;2F');
  assert.equal(comboBytes(['Ctrl'], 'Delete'), '\x1b[3;5~');
  assert.equal(comboBytes(['Ctrl'], 'PageDown'), '\x1b[6;5~');
});

test('F1 to F4 send SS3 in both cursor-key modes and F5 to F12 send the tilde codes xterm sends', () => {
  const keys = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'] as const;
  const expected = ['\x1bOP', '\x1bOQ', '\x1bOR', '\x1bOS', '\x1b[15~', '\x1b[17~', '\x1b[18~', '\x1b[19~', '\x1b[20~', '\x1b[21~', '\x1b[23~', '\x1b[24~'];
  assert.deepEqual(keys.map((key) => keyBytes(key, 'normal')), expected);
  assert.deepEqual(keys.map((key) => keyBytes(key, 'application')), expected);
});

test('modified function keys carry the xterm modifier parameter', () => {
  assert.equal(comboBytes(['Shift'], 'F1'), '\x1b[1;2P');
  assert.equal(comboBytes(['Ctrl'], 'F4', 'application'), '\x1b[1;5S');
  assert.equal(comboBytes(['Alt'], 'F5'), '\x1b[15;3~');
  assert.equal(comboBytes(['Ctrl', 'Shift'], 'F12'), '\x1b[24;6~');
  assert.equal(comboBytes(['Ctrl', 'Alt', 'Shift'], 'F10', 'application'), '\x1b[21;8~');
});
