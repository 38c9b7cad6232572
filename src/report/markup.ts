/**
 * Escaping of text placed in HTML, XML and Markdown. On-screen text can hold anything a program prints:
 * `<`, `&`, quotes and control characters, which XML 1.0 does not allow at all.
 */

/** Characters XML 1.0 forbids even when escaped (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** escapeMarkup escapes text for HTML or XML content and attribute values, and drops characters XML forbids. */
export function escapeMarkup(text: string): string {
  return text.replace(forbiddenCharacters, '').replace(/[&<>"']/g, (character) => entities[character]!);
}

/** escapeMarkdown escapes text for Markdown inline content (and table cells): emphasis, links, HTML, pipes; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(forbiddenCharacters, '')
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~#&]/g, (character) => (character === '&' || character === '<' || character === '>' ? entities[character]! : `\\${character}`));
}

/** SafeHtml is markup that is already escaped; `html` inserts it as is. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** HtmlValue is what `html` accepts between its literal parts. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function htmlValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(htmlValue).join('');
  return escapeMarkup(String(value));
}

/** html builds markup from a template: interpolated text is escaped, SafeHtml and arrays of it are kept, null/false/true vanish. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => (out += htmlValue(value) + strings[index + 1]!));
  return new SafeHtml(out);
}
