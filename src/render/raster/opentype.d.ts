/**
 * Type declarations for the small part of opentype.js 1.3 the rasterizer uses (the package ships no types,
 * and one local declaration is lighter than a dev dependency on @types/opentype.js).
 */
declare module 'opentype.js' {
  /** PathCommand is one drawing command of a glyph outline, in pixels with y pointing down. */
  export interface PathCommand {
    type: 'M' | 'L' | 'C' | 'Q' | 'Z';
    x?: number;
    y?: number;
    x1?: number;
    y1?: number;
    x2?: number;
    y2?: number;
  }

  /** Path is a glyph outline scaled to a font size. */
  export interface Path {
    commands: PathCommand[];
  }

  /** Glyph is one outline of a font. */
  export interface Glyph {
    index: number;
    advanceWidth?: number;
    getPath(x: number, y: number, fontSize: number): Path;
  }

  /** Font is a parsed TrueType or OpenType (CFF) font. */
  export interface Font {
    unitsPerEm: number;
    ascender: number;
    descender: number;
    charToGlyphIndex(character: string): number;
    charToGlyph(character: string): Glyph;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    tables: Record<string, any>;
  }

  /** parse reads a font file's bytes. */
  export function parse(buffer: ArrayBuffer): Font;

  const opentype: { parse: typeof parse };
  export default opentype;
}
