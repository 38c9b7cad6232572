import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emojiFragment, isRegionalIndicator, twemojiName, wantsEmoji } from '../../../src/render/raster/emoji.js';

test('twemojiName finds Twemoji files with or without the emoji variation selector', () => {
  assert.equal(twemojiName('😀'), '1f600');
  assert.equal(twemojiName('❤️'), '2764');
  assert.equal(twemojiName('👍🏽'), '1f44d-1f3fd');
  assert.equal(twemojiName('🏳️‍🌈'), '1f3f3-fe0f-200d-1f308');
  assert.equal(twemojiName('1️⃣'), '31-20e3');
  assert.equal(twemojiName('🇫🇷'), '1f1eb-1f1f7');
});

test('twemojiName finds nothing for plain text or the text presentation selector', () => {
  assert.equal(twemojiName('a'), undefined);
  assert.equal(twemojiName('❤\ufe0e'), undefined);
  assert.equal(twemojiName(''), undefined);
});

test('narrow symbols stay text unless they ask for emoji presentation', () => {
  assert.equal(wantsEmoji('❤', 1), false);
  assert.equal(wantsEmoji('❤️', 1), true);
  assert.equal(wantsEmoji('😀', 2), true);
  assert.equal(wantsEmoji('中', 2), false);
});

test('emojiFragment positions the SVG and keeps its ids unique', () => {
  const fragment = emojiFragment('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><clipPath id="a"/><path clip-path="url(#a)"/></svg>', 'e7-', 3, 4, 30);
  assert.match(fragment, /^<svg x="3" y="4" width="30" height="30" xmlns/);
  assert.match(fragment, /id="e7-a"/);
  assert.match(fragment, /url\(#e7-a\)/);
});

test('the first part of a ZWJ sequence split over cells draws without its dangling joiner', () => {
  assert.equal(twemojiName('👩\u200d'), '1f469');
  assert.equal(twemojiName('🏳️\u200d'), '1f3f3');
  assert.equal(twemojiName('👩\u200d💻'), '1f469-200d-1f4bb', 'the whole sequence in one cell is one picture');
});

test('a regional indicator is an emoji even in one narrow cell, and two make a flag', () => {
  assert.ok(isRegionalIndicator('🇫') && !isRegionalIndicator('🇫🇷') && !isRegionalIndicator('F'));
  assert.equal(wantsEmoji('🇫', 1), true);
  assert.equal(wantsEmoji('🇫🇷', 2), true);
});
