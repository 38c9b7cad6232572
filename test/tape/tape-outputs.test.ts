import { test } from 'node:test';
import assert from 'node:assert/strict';
import { castThemeFromVhs, outputFormatOfPath, outputsFromTape, parseTape, renderOptionsFromTape } from '../../src/tape/index.js';

test('outputsFromTape maps each Output path to its format in order', () => {
  const tape = parseTape('Output a.gif\nOutput b.MP4\nOutput c.webm\nOutput d.txt\nOutput e.ascii\nOutput frames/\n', 't.tape');
  assert.deepEqual(
    outputsFromTape(tape).map(({ path, format, position }) => [path, format, position.line]),
    [
      ['a.gif', 'gif', 1],
      ['b.MP4', 'mp4', 2],
      ['c.webm', 'webm', 3],
      ['d.txt', 'txt', 4],
      ['e.ascii', 'txt', 5],
      ['frames/', 'frames', 6],
    ],
  );
  assert.equal(outputFormatOfPath('clip.mov'), undefined);
  assert.equal(outputFormatOfPath('noextension'), undefined);
});

test('renderOptionsFromTape maps the rendering settings, the last Set of each winning', () => {
  const tape = parseTape(
    'Set FontSize 20\nSet FontSize 24\nSet LineHeight 1.4\nSet Padding 12\nSet Width 1280\nSet Height 720\nSet Framerate 24\nSet PlaybackSpeed 2\nSet Theme "GitHub Dark"\nSet TypingSpeed 10ms\n',
    't.tape',
  );
  assert.deepEqual(renderOptionsFromTape(tape), { fontSize: 24, lineHeight: 1.4, padding: 12, width: 1280, height: 720, fps: 24, speed: 2, theme: 'github-dark' });
});

test('renderOptionsFromTape leaves options unset when the tape does not set them', () => {
  assert.deepEqual(renderOptionsFromTape(parseTape('Type "x"\nSet CursorBlink false\n', 't.tape')), {});
});

test('renderOptionsFromTape passes theme files through and converts an inline JSON theme', () => {
  assert.deepEqual(renderOptionsFromTape(parseTape('Set Theme themes/mine.json', 't.tape')), { theme: 'themes/mine.json' });
  const options = renderOptionsFromTape(parseTape('Set Theme { "background": "#101010", "foreground": "#EEEEEE", "red": "#cc0000", "brightPurple": "#aa7ff0" }', 't.tape'));
  assert.equal(options.theme, undefined);
  assert.equal(options.castTheme?.bg, '#101010');
  assert.equal(options.castTheme?.fg, '#eeeeee');
  const palette = options.castTheme!.palette.split(':');
  assert.equal(palette.length, 16);
  assert.equal(palette[1], '#cc0000');
  assert.equal(palette[13], '#aa7ff0');
  // Colors the theme leaves out fall back to xterm's.
  assert.equal(palette[0], '#000000');
});

test('castThemeFromVhs ignores values that are not #rrggbb colors', () => {
  assert.equal(castThemeFromVhs({ background: 'black', foreground: 42 }).bg, '#000000');
});
