import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FontSet, fontStyleOf } from '../../../src/render/raster/fonts.js';

test('the fallback chain picks DejaVu Sans Mono, then DejaVu Sans, then the CJK font', async () => {
  const fonts = await FontSet.load();
  const face = async (character: string, style = fontStyleOf(false, false)) => (await fonts.faceFor(character.codePointAt(0)!, style))?.name;
  assert.equal(await face('A'), 'DejaVuSansMono.ttf');
  assert.equal(await face('A', fontStyleOf(true, true)), 'DejaVuSansMono-BoldOblique.ttf');
  assert.equal(await face('⠿'), 'DejaVuSans.ttf');
  assert.equal(await face('⠿', fontStyleOf(true, false)), 'DejaVuSans-Bold.ttf');
  assert.equal(await face('中'), 'NotoSansHans-Regular.otf');
  assert.equal(await face('\u{10fffd}'), undefined);
});

test('the CJK font imitates bold and italic, which it lacks', async () => {
  const fonts = await FontSet.load();
  const face = await fonts.faceFor('字'.codePointAt(0)!, fontStyleOf(true, true));
  assert.ok(face?.syntheticBold && face.syntheticItalic);
  const mono = await fonts.faceFor('x'.codePointAt(0)!, fontStyleOf(true, true));
  assert.ok(mono && !mono.syntheticBold && !mono.syntheticItalic);
});
