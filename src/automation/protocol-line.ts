/**
 * The lines of the automation protocol (`LOG_DIR: <dir>`, `STAGE: <name>`, `EXIT_CODE: <n>`, …): a key, a
 * colon, a space and a value, one a line. Every value a command prints in that protocol is written by
 * `protocolValue`, so no value (a path, a message, a question) can break its line and pass for another
 * line: a backslash becomes `\\`; line breaks, tabs and every other control character become escapes as in
 * a JSON string (`\n`, `\r`, `\t`, `\u001b`), and so do NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR
 * (U+0085, U+2028, U+2029), which some line readers split on. Everything else, quotes and non-ASCII text
 * included, is written as it is: a value without these characters reads the same, and any value decodes as
 * the body of a JSON string (once its `"` are escaped).
 */

/** ESCAPED matches what protocolValue escapes: the backslash, C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** shortEscapes are the escapes JSON writes with a letter. */
const shortEscapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** protocolValue writes a value so it stays on its protocol line and reads back exactly (see the file comment). */
export function protocolValue(text: string): string {
  return text.replace(ESCAPED, (character) => shortEscapes[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** protocolLine writes one protocol line, `KEY: value`, its value escaped by protocolValue. */
export function protocolLine(key: string, value: string | number): string {
  return `${key}: ${protocolValue(String(value))}`;
}
