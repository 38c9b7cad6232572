/**
 * The tape lexer: turns tape source into tokens with positions. Newlines are not tokens; the parser uses each
 * token's line to keep a command's arguments on its own line, which lets several commands share a line as
 * VHS allows (`Type "ls" Enter`).
 */

/** TokenType names the kinds of token a tape is made of. */
export type TokenType = 'word' | 'string' | 'regex' | 'json' | 'at' | 'plus' | 'invalid';

/** Token is one lexeme: `value` is its meaning (a string without quotes), `raw` what was written. */
export interface Token {
  type: TokenType;
  value: string;
  raw: string;
  line: number;
  column: number;
  /** Offsets into the source, end exclusive; adjacent tokens (no space between) share an end and a start. */
  start: number;
  end: number;
  /** Why an `invalid` token could not be read. */
  problem?: string;
}

const quotes = new Set(['"', "'", '`']);
const wordStop = /[\s"'`@+#]/;

/** lexTape splits tape source into tokens; unreadable pieces (an unterminated string) become `invalid` tokens. */
export function lexTape(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  // A slash starts a regex only after Wait or WaitPattern (on the same line), so paths like
  // `Output /tmp/out.gif` stay words.
  let regexAllowed = false;

  const push = (type: TokenType, start: number, end: number, value: string, problem?: string) => {
    tokens.push({ type, value, raw: source.slice(start, end), line, column: start - lineStart + 1, start, end, problem });
  };
  const lineEnd = (from: number) => {
    const newline = source.indexOf('\n', from);
    return newline === -1 ? source.length : newline;
  };

  while (offset < source.length) {
    const char = source[offset];
    if (char === '\n') {
      offset++;
      line++;
      lineStart = offset;
      regexAllowed = false;
      continue;
    }
    if (/\s/.test(char)) {
      offset++;
      continue;
    }
    if (char === '#') {
      offset = lineEnd(offset);
      continue;
    }
    const start = offset;
    if (char === '@' || char === '+') {
      push(char === '@' ? 'at' : 'plus', start, start + 1, char);
      offset++;
      continue;
    }
    if (quotes.has(char)) {
      const close = source.indexOf(char, start + 1);
      const end = lineEnd(start);
      if (close === -1 || close > end) {
        push('invalid', start, end, source.slice(start + 1, end), `unterminated string: add the closing ${char}`);
        offset = end;
      } else {
        push('string', start, close + 1, source.slice(start + 1, close));
        offset = close + 1;
      }
      regexAllowed = false;
      continue;
    }
    if (char === '/' && regexAllowed) {
      const end = lineEnd(start);
      let index = start + 1;
      while (index < end && source[index] !== '/') index += source[index] === '\\' ? 2 : 1;
      if (index >= end) {
        push('invalid', start, end, source.slice(start + 1, end), 'unterminated regex: add the closing /');
        offset = end;
      } else {
        push('regex', start, index + 1, source.slice(start + 1, index));
        offset = index + 1;
      }
      regexAllowed = false;
      continue;
    }
    if (char === '{') {
      const end = matchingBrace(source, start);
      if (end === -1) {
        const stop = lineEnd(start);
        push('invalid', start, stop, source.slice(start, stop), 'unterminated JSON object: add the closing }');
        offset = stop;
      } else {
        push('json', start, end, source.slice(start, end));
        // A JSON theme may span lines; keep line numbers right for what follows.
        for (let index = start; index < end; index++) {
          if (source[index] === '\n') {
            line++;
            lineStart = index + 1;
          }
        }
        offset = end;
      }
      continue;
    }
    let end = start;
    while (end < source.length && !wordStop.test(source[end])) end++;
    const word = source.slice(start, end);
    push('word', start, end, word);
    if (word === 'Wait' || word === 'WaitPattern') regexAllowed = true;
    offset = end;
  }
  return tokens;
}

/** matchingBrace returns the offset just past the `}` closing the `{` at `start`, or -1; braces in strings do not count. */
function matchingBrace(source: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < source.length; index++) {
    const char = source[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index + 1;
  }
  return -1;
}
