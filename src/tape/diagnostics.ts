/**
 * Located diagnostics rendered like VHS and rustc: a `file:line:column` header, the source line, and a caret
 * underline beneath the bad token.
 */
import type { Severity, SourcePosition, TapeDiagnostic } from './tape-types.js';

/** renderDiagnostic formats one problem as a header, the source line and `^^^` under the token. */
export function renderDiagnostic(severity: Severity, message: string, position: SourcePosition, sourceLine: string): string {
  const lineLabel = String(position.line);
  const gutter = ' '.repeat(lineLabel.length);
  // Tabs keep their width in the underline so the caret lines up under the token whatever the tab stop.
  const lead = sourceLine.slice(0, position.column - 1).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(position.length, Math.max(1, sourceLine.length - position.column + 1)));
  return [
    `${position.file}:${position.line}:${position.column}: ${severity}: ${message}`,
    `${gutter} |`,
    `${lineLabel} | ${sourceLine}`,
    `${gutter} | ${lead}${'^'.repeat(width)}`,
  ].join('\n');
}

/** makeDiagnostic builds a TapeDiagnostic from a position, looking up its source line in `lines` (none: the message alone). */
export function makeDiagnostic(severity: Severity, message: string, position: SourcePosition, lines: readonly string[]): TapeDiagnostic {
  const sourceLine = lines[position.line - 1];
  // Without the source (a tape that cannot be read) there is no line to point at: the message says it all.
  const rendered =
    sourceLine === undefined && lines.length === 0
      ? `${position.file}:${position.line}:${position.column}: ${severity}: ${message}`
      : renderDiagnostic(severity, message, position, sourceLine ?? '');
  return { ...position, severity, message, rendered };
}

/** closestName returns the candidate nearest to `word` by edit distance (case-insensitive), or undefined when none is close. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  // Suggest only names that look like a slip of the keyboard, not any name at all: not one that would have to be
  // rewritten almost whole (`Foo` is two edits from `F1`, which keeps only the F).
  if (best === undefined || bestDistance >= best.length) return undefined;
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
