import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLabel, missingGlyphList, missingGlyphWarning } from '../../src/render/missing-glyphs.js';

test('code points are labelled the Unicode way, with at least four uppercase digits', () => {
  assert.equal(codePointLabel(0xe0a0), 'U+E0A0');
  assert.equal(codePointLabel(0x41), 'U+0041');
  assert.equal(codePointLabel(0x10fffd), 'U+10FFFD');
});

test('the missing glyph list is sorted by code point with each count and first time', () => {
  const draws = new Map([[0xf8ff, 1], [0xe0a0, 12]]);
  const firstSeen = new Map([[0xe0a0, 0.5], [0xf8ff, 2.25]]);
  assert.deepEqual(missingGlyphList(draws, firstSeen), [
    { codePoint: 'U+E0A0', character: '\ue0a0', draws: 12, firstSeen: 0.5 },
    { codePoint: 'U+F8FF', character: '\uf8ff', draws: 1, firstSeen: 2.25 },
  ]);
});

test('the warning names the code points, the first eight of a long list', () => {
  assert.equal(missingGlyphWarning([]), undefined);
  const one = missingGlyphList(new Map([[0xe0a0, 1]]), new Map());
  assert.equal(missingGlyphWarning(one), 'render: 1 character has no glyph in the bundled fonts (drawn as a box): U+E0A0');
  const many = missingGlyphList(new Map(Array.from({ length: 10 }, (_, index) => [0xe000 + index, 1])), new Map());
  assert.equal(missingGlyphWarning(many), 'render: 10 characters have no glyph in the bundled fonts (drawn as a box): U+E000 U+E001 U+E002 U+E003 U+E004 U+E005 U+E006 U+E007 and 2 more');
});
