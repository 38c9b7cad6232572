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

test('Hangul comes from Nanum Gothic Coding, bold from its bold face, and Chinese characters still from the CJK font', async () => {
  const fonts = await FontSet.load();
  const face = async (character: string, style = fontStyleOf(false, false)) => await fonts.faceFor(character.codePointAt(0)!, style);
  assert.equal((await face('한'))?.name, 'nanum-gothic-coding-korean-400-normal.woff');
  assert.equal((await face('ㄱ'))?.name, 'nanum-gothic-coding-korean-400-normal.woff', 'compatibility jamo');
  const bold = await face('국', fontStyleOf(true, true));
  assert.equal(bold?.name, 'nanum-gothic-coding-korean-700-normal.woff');
  assert.ok(bold && !bold.syntheticBold && bold.syntheticItalic, 'a real bold face, a synthetic slant');
  assert.equal((await face('中'))?.name, 'NotoSansHans-Regular.otf');
});
