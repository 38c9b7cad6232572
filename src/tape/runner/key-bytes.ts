/**
 * The bytes a terminal sends for each key a tape presses, as xterm sends them: the program under test reads
 * exactly these. Pure functions of the key, its modifiers and the cursor-key mode the program asked for.
 */
import type { KeyName, Modifier } from '../tape-types.js';

/** CursorKeyMode is DECCKM: `normal` sends `ESC [ A` for Up, `application` (after `ESC [ ? 1 h`) sends `ESC O A`. */
export type CursorKeyMode = 'normal' | 'application';

/** KeyEncoding is how one named key is sent: its plain bytes, and the xterm form that carries modifiers. */
interface KeyEncoding {
  plain(mode: CursorKeyMode): string;
  /** Bytes with the xterm modifier parameter `m` (2 = Shift, 3 = Alt, 5 = Ctrl, …); absent for keys that have none. */
  modified?(m: number): string;
}

/** A cursor key: `ESC [ x` or `ESC O x` by mode, `ESC [ 1 ; m x` with modifiers. */
const cursorKey = (final: string): KeyEncoding => ({
  plain: (mode) => (mode === 'application' ? `\x1bO${final}` : `\x1b[${final}`),
  modified: (m) => `\x1b[1;${m}${final}`,
});

/** An editing key: `ESC [ n ~`, `ESC [ n ; m ~` with modifiers. */
const tildeKey = (code: number): KeyEncoding => ({
  plain: () => `\x1b[${code}~`,
  modified: (m) => `\x1b[${code};${m}~`,
});

/**
 * A function key F1–F4: `ESC O P`…`ESC O S` in either cursor-key mode (xterm sends SS3 for them whatever DECCKM
 * says), `ESC [ 1 ; m P` with modifiers.
 */
const ss3FunctionKey = (final: string): KeyEncoding => ({
  plain: () => `\x1bO${final}`,
  modified: (m) => `\x1b[1;${m}${final}`,
});

const fixed = (bytes: string): KeyEncoding => ({ plain: () => bytes });

/**
 * keyEncodings maps every named key to its bytes. ScrollUp and ScrollDown scroll the viewer's view in VHS;
 * a pty has no viewport to scroll, so they send nothing.
 */
const keyEncodings = {
  Enter: fixed('\r'),
  Backspace: fixed('\x7f'),
  Delete: tildeKey(3),
  Insert: tildeKey(2),
  Tab: fixed('\t'),
  Space: fixed(' '),
  Up: cursorKey('A'),
  Down: cursorKey('B'),
  Right: cursorKey('C'),
  Left: cursorKey('D'),
  Home: cursorKey('H'),
  End: cursorKey('F'),
  PageUp: tildeKey(5),
  PageDown: tildeKey(6),
  ScrollUp: fixed(''),
  ScrollDown: fixed(''),
  Escape: fixed('\x1b'),
  F1: ss3FunctionKey('P'),
  F2: ss3FunctionKey('Q'),
  F3: ss3FunctionKey('R'),
  F4: ss3FunctionKey('S'),
  // F5 and up skip 16 and 22, as in xterm (and the VT220 before it).
  F5: tildeKey(15),
  F6: tildeKey(17),
  F7: tildeKey(18),
  F8: tildeKey(19),
  F9: tildeKey(20),
  F10: tildeKey(21),
  F11: tildeKey(23),
  F12: tildeKey(24),
} satisfies Record<KeyName, KeyEncoding>;

/** keyBytes returns the bytes of a named key pressed alone. */
export function keyBytes(key: KeyName, mode: CursorKeyMode = 'normal'): string {
  return keyEncodings[key].plain(mode);
}

/** Control characters of the punctuation keys that have one (`Ctrl+[` is ESC). */
const controlPunctuation: Record<string, string> = {
  '@': '\x00',
  ' ': '\x00',
  '[': '\x1b',
  '\\': '\x1c',
  ']': '\x1d',
  '^': '\x1e',
  _: '\x1f',
  '?': '\x7f',
};

/** controlCharacter returns what Ctrl+`char` sends: 0x01–0x1a for letters, the C0 code for `@ [ \ ] ^ _`, else the character. */
function controlCharacter(char: string): string {
  if (/^[a-zA-Z]$/.test(char)) return String.fromCharCode(char.toLowerCase().charCodeAt(0) - 0x60);
  return controlPunctuation[char] ?? char;
}

/** xtermModifier is xterm's modifier parameter: 1 + Shift(1) + Alt(2) + Ctrl(4). */
export function xtermModifier(modifiers: readonly Modifier[]): number {
  return 1 + (modifiers.includes('Shift') ? 1 : 0) + (modifiers.includes('Alt') ? 2 : 0) + (modifiers.includes('Ctrl') ? 4 : 0);
}

const isKeyName = (key: string): key is KeyName => Object.hasOwn(keyEncodings, key);

/**
 * comboBytes returns the bytes of a key pressed with modifiers (`Ctrl+C`, `Alt+.`, `Shift+Tab`, `Ctrl+Left`).
 * Keys with an xterm modified form (arrows, Home/End, PageUp/PageDown, Insert/Delete, F1–F12) carry the modifier
 * parameter; otherwise Shift uppercases, Ctrl makes the control character and Alt prefixes ESC.
 */
export function comboBytes(modifiers: readonly Modifier[], key: string, mode: CursorKeyMode = 'normal'): string {
  const ctrl = modifiers.includes('Ctrl');
  const alt = modifiers.includes('Alt');
  const shift = modifiers.includes('Shift');
  if (isKeyName(key)) {
    const encoding: KeyEncoding = keyEncodings[key];
    if (encoding.modified && modifiers.length > 0) return encoding.modified(xtermModifier(modifiers));
    if (key === 'Tab' && shift) return (alt ? '\x1b' : '') + '\x1b[Z';
    let bytes = encoding.plain(mode);
    if (ctrl && key === 'Backspace') bytes = '\x08';
    if (ctrl && key === 'Space') bytes = '\x00';
    return (alt ? '\x1b' : '') + bytes;
  }
  let bytes = shift ? key.toUpperCase() : key;
  if (ctrl) bytes = controlCharacter(bytes);
  return (alt ? '\x1b' : '') + bytes;
}

/** Named keys by the bytes they send, in either cursor-key mode (the first name wins: Space is ' ', not a key). */
const keysByBytes = new Map<string, KeyName>(
  (Object.keys(keyEncodings) as KeyName[]).flatMap((key) => (['normal', 'application'] as const).map((mode) => [keyBytes(key, mode), key] as [string, KeyName])).filter(([bytes]) => bytes !== '' && bytes !== ' ').reverse(),
);

/**
 * keyLabel names the key a piece of recorded input is, for people: `Enter`, `Up`, `Ctrl+C`, `Alt+x`, or the
 * typed text itself. The reverse of keyBytes and comboBytes for the keys a tape presses alone.
 */
export function keyLabel(bytes: string): string {
  const named = keysByBytes.get(bytes);
  if (named) return named;
  if (bytes === '\n') return 'Enter';
  if (bytes === '\b') return 'Ctrl+Backspace';
  if (bytes.length === 1 && bytes.charCodeAt(0) < 0x20) return `Ctrl+${String.fromCharCode(bytes.charCodeAt(0) + 0x40)}`;
  if (bytes.length === 2 && bytes[0] === '\x1b' && bytes.charCodeAt(1) >= 0x20) return `Alt+${bytes[1]}`;
  return bytes;
}
