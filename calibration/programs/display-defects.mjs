// What the calibration programs share: reading `--defect <name>`, and the defects that are a rewrite of the
// bytes a program writes (leaked escape sequences, no colours, glyphs no font draws). Each program injects
// exactly one defect at a time, or none for its healthy recording.

/** defectOf returns the `--defect` value of argv (undefined for none), failing on one the program does not know. */
export function defectOf(argv, known) {
  const index = argv.indexOf('--defect');
  if (index === -1) return undefined;
  const defect = argv[index + 1];
  if (!known.includes(defect)) {
    process.stderr.write(`--defect: unknown defect ${JSON.stringify(defect)} (choose from ${known.join(', ')})\n`);
    process.exit(1);
  }
  return defect;
}

/** leakEscapes drops the ESC byte of every SGR sequence, so that `[0;38;2;…m` shows as text, as from a program writing escapes to a dumb channel. */
export function leakEscapes(text) {
  return text.replace(/\x1b(\[[0-9;]*m)/g, '$1');
}

/** stripColours keeps bold and dim but drops every colour of the SGR sequences (the display in the terminal's one default colour). */
export function stripColours(text) {
  return text.replace(/\x1b\[([0-9;]*)m/g, (_sequence, parameters) => {
    const kept = [];
    const parts = parameters.split(';');
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index];
      if (part === '38' || part === '48') {
        index += parts[index + 1] === '2' ? 4 : 2;
        continue;
      }
      const code = Number(part);
      if ((code >= 30 && code <= 37) || (code >= 40 && code <= 47) || (code >= 90 && code <= 97) || (code >= 100 && code <= 107)) continue;
      kept.push(part);
    }
    return `\x1b[${kept.join(';')}m`;
  });
}

/**
 * MISSING_GLYPHS replaces the symbols a program draws with private-use code points (Nerd Font icons), which no
 * bundled font draws: what a user without the program's font sees as boxes.
 */
const MISSING_GLYPHS = { '✔': '\u{f00c}', '✓': '\u{f00c}', '✖': '\u{f00d}', '✗': '\u{f00d}', '★': '\u{f005}', '●': '\u{f111}', '◆': '\u{f219}', '◐': '\u{f110}', '▶': '\u{f04b}', '⚠': '\u{f071}' };

/** withMissingGlyphs swaps every symbol of MISSING_GLYPHS for its private-use stand-in. */
export function withMissingGlyphs(text) {
  return text.replace(/[✔✓✖✗★●◆◐▶⚠]/gu, (glyph) => MISSING_GLYPHS[glyph]);
}

/** rewriteBytes applies the defect that is a rewrite of the bytes a program writes (leaked escapes, missing glyphs, monochrome), if it is one; other defects leave the text as it is. */
export function rewriteBytes(text, defect) {
  if (defect === 'leaked-escapes') return leakEscapes(text);
  if (defect === 'missing-glyphs') return withMissingGlyphs(text);
  if (defect === 'monochrome') return stripColours(text);
  return text;
}
