import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { builtInThemeNames, castThemeOf, loadTheme } from '../../src/render/theme.js';
import { makeTempDir } from '../helpers/paths.js';

test('every built-in theme resolves to 256 colors with the xterm cube and gray ramp', () => {
  assert.deepEqual(builtInThemeNames, ['dracula', 'github-dark', 'github-light', 'solarized-dark', 'monokai', 'vhs']);
  for (const name of builtInThemeNames) {
    const theme = loadTheme(name);
    assert.equal(theme.palette.length, 256);
    assert.equal(theme.palette[16], 0x000000);
    assert.equal(theme.palette[196], 0xff0000);
    assert.equal(theme.palette[231], 0xffffff);
    assert.equal(theme.palette[232], 0x080808);
    assert.equal(theme.palette[255], 0xeeeeee);
  }
  assert.equal(loadTheme().name, 'dracula');
  assert.equal(loadTheme('dracula').background, 0x282a36);
});

test('a theme file in the asciicast format is read, and an 8-color palette is repeated as the bright half', () => {
  const path = join(makeTempDir(), 'mine.json');
  writeFileSync(path, JSON.stringify({ fg: '#eeeeee', bg: '#101010', palette: '#000000:#aa0000:#00aa00:#aa5500:#0000aa:#aa00aa:#00aaaa:#aaaaaa' }));
  const theme = loadTheme(path);
  assert.equal(theme.background, 0x101010);
  assert.equal(theme.palette[1], 0xaa0000);
  assert.equal(theme.palette[9], 0xaa0000);
  const roundTrip = join(makeTempDir(), 'round-trip.json');
  writeFileSync(roundTrip, JSON.stringify(castThemeOf(theme)));
  assert.deepEqual(loadTheme(roundTrip).palette, theme.palette, 'castThemeOf writes what loadTheme reads');
});

test('bad themes are ConfigErrors that say what is wrong and where', () => {
  const dir = makeTempDir();
  const cases: Array<[string, string | undefined, RegExp]> = [
    ['nope', undefined, /--theme: unknown theme "nope" \(built in: dracula/],
    [join(dir, 'missing.json'), undefined, /--theme: cannot read .*missing\.json/],
    [join(dir, 'broken.json'), '{"fg": ', /--theme: cannot read .*broken\.json/],
    [join(dir, 'short.json'), '{"fg":"#ffffff","bg":"#000000","palette":"#000000:#111111"}', /short\.json: "palette" has 2 colors; it needs 8 or 16/],
    [join(dir, 'color.json'), '{"fg":"white","bg":"#000000","palette":"#000000:#111111:#000000:#111111:#000000:#111111:#000000:#111111"}', /color\.json: fg: "white" is not a #rrggbb color/],
  ];
  for (const [name, content, expected] of cases) {
    if (content !== undefined) writeFileSync(name, content);
    assert.throws(() => loadTheme(name), (error: unknown) => error instanceof ConfigError && expected.test(error.message), name);
  }
});
