/**
 * The text output of a tape run and its golden check: the visible screen after each command that changed
 * it, separated by rule lines (VHS's `.txt`/`.ascii`, but never with scrolled-off lines), and a line diff
 * against a committed golden for CI.
 */

/** SCREEN_DUMP_RULE separates two screens in a tape's text output. */
export const SCREEN_DUMP_RULE = '─'.repeat(80);

/** formatScreenDumps joins screen dumps (each ending in a newline) into the tape's text output. */
export function formatScreenDumps(dumps: readonly string[]): string {
  return dumps.map((dump) => (dump.endsWith('\n') ? dump : `${dump}\n`)).join(`${SCREEN_DUMP_RULE}\n`);
}

/** Lines shown around each change in a golden diff. */
const contextLines = 3;

type DiffLine = { mark: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

/** lineEdits aligns two texts line by line on their longest common subsequence. */
function lineEdits(oldLines: readonly string[], newLines: readonly string[]): DiffLine[] {
  // Goldens are a few hundred lines, so the quadratic table is small.
  const common: number[][] = Array.from({ length: oldLines.length + 1 }, () => new Array<number>(newLines.length + 1).fill(0));
  for (let i = oldLines.length - 1; i >= 0; i--) {
    for (let j = newLines.length - 1; j >= 0; j--) {
      common[i][j] = oldLines[i] === newLines[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const edits: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < oldLines.length || j < newLines.length) {
    if (i < oldLines.length && j < newLines.length && oldLines[i] === newLines[j]) edits.push({ mark: ' ', text: oldLines[i++], oldLine: i, newLine: ++j });
    else if (j < newLines.length && (i === oldLines.length || common[i][j + 1] > common[i + 1][j])) edits.push({ mark: '+', text: newLines[j++], oldLine: i, newLine: j });
    else edits.push({ mark: '-', text: oldLines[i++], oldLine: i, newLine: j });
  }
  return edits;
}

/**
 * goldenDiff returns a unified-style diff from `expected` (the golden) to `actual` (this run), with
 * `@@ -line +line @@` hunks and three lines of context, or '' when they are equal.
 */
export function goldenDiff(expected: string, actual: string, labels = { expected: 'golden', actual: 'this run' }): string {
  if (expected === actual) return '';
  const edits = lineEdits(expected.split('\n'), actual.split('\n'));
  const shown = new Set<number>();
  edits.forEach((edit, index) => {
    if (edit.mark === ' ') return;
    for (let near = Math.max(0, index - contextLines); near <= Math.min(edits.length - 1, index + contextLines); near++) shown.add(near);
  });
  const out = [`--- ${labels.expected}`, `+++ ${labels.actual}`];
  let previous = -2;
  for (const index of [...shown].sort((a, b) => a - b)) {
    const edit = edits[index];
    if (index !== previous + 1) out.push(`@@ -${edit.mark === '+' ? edit.oldLine + 1 : edit.oldLine} +${edit.mark === '-' ? edit.newLine + 1 : edit.newLine} @@`);
    out.push(`${edit.mark}${edit.text}`);
    previous = index;
  }
  // Equal lines but a different ending (e.g. a missing final newline) still deserve a word.
  return out.length > 2 ? out.join('\n') : `${out.join('\n')}\n(the texts differ only in line endings)`;
}
