/**
 * Characters no bundled font draws, as a render reports them: the list `meta.json` keeps under
 * `render.missingGlyphs` and the warning line a render gives. Pure: the rasterizer's counts and the time
 * each code point was first shown in, the list and the message out.
 */

/** MissingGlyph is one code point no bundled font draws, as `meta.json` lists it. */
export interface MissingGlyph {
  /** The code point as `U+F126`. */
  codePoint: string;
  /** The character itself. */
  character: string;
  /** Cell units painted with it: a unit counts when it appears or changes, so a character that stays on screen counts once. */
  draws: number;
  /** Video time (s) of the first frame that shows it. */
  firstSeen: number;
}

/** How many code points the warning names before it says how many more there are. */
const NAMED_IN_WARNING = 8;

/** codePointLabel writes a code point the way Unicode does: `U+` and at least four uppercase hex digits. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** missingGlyphList turns the rasterizer's counts and first-seen times into the list of `meta.json`, sorted by code point. */
export function missingGlyphList(draws: ReadonlyMap<number, number>, firstSeen: ReadonlyMap<number, number>): MissingGlyph[] {
  return [...draws]
    .sort(([first], [second]) => first - second)
    .map(([codePoint, count]) => ({ codePoint: codePointLabel(codePoint), character: String.fromCodePoint(codePoint), draws: count, firstSeen: firstSeen.get(codePoint) ?? 0 }));
}

/** missingGlyphWarning names the missing code points in one line, or returns undefined when there are none. */
export function missingGlyphWarning(missing: readonly MissingGlyph[]): string | undefined {
  if (missing.length === 0) return undefined;
  const named = missing.slice(0, NAMED_IN_WARNING).map((glyph) => glyph.codePoint);
  const more = missing.length > NAMED_IN_WARNING ? ` and ${missing.length - NAMED_IN_WARNING} more` : '';
  const count = missing.length === 1 ? '1 character has' : `${missing.length} characters have`;
  return `render: ${count} no glyph in the bundled fonts (drawn as a box): ${named.join(' ')}${more}`;
}
