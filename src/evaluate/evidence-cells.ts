/**
 * Evidence on the screen: where a judge's quote is on its frame, in cells. A model is asked to quote the
 * on-screen text exactly; this checks that it did, and finds the cells so a report can draw a box around
 * them. The cast gives every cell's character, so the search runs on the frame's screen state: wide
 * characters take two columns, and a line the terminal wrapped is searched as the one line it was written as.
 * A quote that does not occur on its frame is marked unverified and gets no cells.
 */
import type { ScreenSnapshot } from '../render/screen.js';
import type { CellRange, Evidence, JudgeAnswer, JudgeFrame, JudgeIssue } from './types.js';

/** LogicalLine is a run of rows the terminal's autowrap joined, as text, with each UTF-16 unit's cell. */
interface LogicalLine {
  text: string;
  /** `cells[i]` is the row and column of `text[i]`, and how many columns its character takes. */
  cells: { row: number; col: number; width: number }[];
}

/** logicalLines reads a screen as lines: rows carried on by autowrap are joined to the row above. */
function logicalLines(snapshot: ScreenSnapshot): LogicalLine[] {
  const lines: LogicalLine[] = [];
  for (let row = 0; row < snapshot.rows; row++) {
    const continues = row > 0 && snapshot.wrapped[row] === 1;
    const line = continues ? lines[lines.length - 1]! : { text: '', cells: [] };
    if (!continues) lines.push(line);
    for (let col = 0; col < snapshot.cols; col++) {
      const index = row * snapshot.cols + col;
      const char = snapshot.chars[index]!;
      if (char === '') continue;
      line.text += char;
      const width = Math.max(1, snapshot.widths[index] ?? 1);
      for (let unit = 0; unit < char.length; unit++) line.cells.push({ row, col, width });
    }
  }
  return lines;
}

/** Normalized is text with each run of white space made one space, and the original index of each unit. */
interface Normalized {
  text: string;
  origin: number[];
}

function normalize(text: string, fold: boolean): Normalized {
  let out = '';
  const origin: number[] = [];
  let space = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      if (!space && out !== '') {
        out += ' ';
        origin.push(index);
      }
      space = true;
      continue;
    }
    space = false;
    out += fold ? char.toLowerCase() : char;
    origin.push(index);
  }
  return { text: out, origin };
}

/** rangesOf turns the matched units of a line into one cell range per row they cover. */
function rangesOf(line: LogicalLine, start: number, end: number): CellRange[] {
  const byRow = new Map<number, { first: number; last: number }>();
  for (let index = start; index < end; index++) {
    const cell = line.cells[index]!;
    const span = byRow.get(cell.row);
    const last = cell.col + cell.width - 1;
    if (!span) byRow.set(cell.row, { first: cell.col, last });
    else {
      span.first = Math.min(span.first, cell.col);
      span.last = Math.max(span.last, last);
    }
  }
  return [...byRow].map(([row, span]) => ({ row, col: span.first, width: span.last - span.first + 1, height: 1 }));
}

/** findInLines finds one quoted line in the screen's lines: exactly up to white space, else ignoring case. */
function findInLines(lines: readonly LogicalLine[], quote: string, from: number): { line: number; cells: CellRange[] } | undefined {
  for (const fold of [false, true]) {
    const wanted = normalize(quote, fold).text;
    if (wanted === '') return undefined;
    for (let offset = 0; offset < lines.length; offset++) {
      const lineIndex = (from + offset) % lines.length;
      const line = lines[lineIndex]!;
      const haystack = normalize(line.text, fold);
      const at = haystack.text.indexOf(wanted);
      if (at < 0) continue;
      const start = haystack.origin[at]!;
      const end = haystack.origin[at + wanted.length - 1]! + 1;
      return { line: lineIndex, cells: rangesOf(line, start, end) };
    }
  }
  return undefined;
}

/**
 * locateQuote finds a quote on a screen: the cells it covers, one range per row, or undefined when it
 * does not occur there. A quote of several lines is found line by line (each where it first occurs after
 * the previous one, else anywhere); every line must occur. White space runs compare as one space, and case
 * is ignored only when the exact text is not found.
 */
export function locateQuote(snapshot: ScreenSnapshot, quote: string): CellRange[] | undefined {
  const parts = quote.split(/\r?\n/).map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  const lines = logicalLines(snapshot);
  const cells: CellRange[] = [];
  let from = 0;
  for (const part of parts) {
    const found = findInLines(lines, part, from);
    if (!found) return undefined;
    cells.push(...found.cells);
    from = found.line + 1;
  }
  return mergeRanges(cells);
}

/** mergeRanges joins ranges on the same row that touch or overlap, sorted by row then column. */
export function mergeRanges(ranges: readonly CellRange[]): CellRange[] {
  const sorted = [...ranges].sort((a, b) => a.row - b.row || a.col - b.col);
  const merged: CellRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.height === 1 && range.height === 1 && last.row === range.row && range.col <= last.col + last.width) {
      last.width = Math.max(last.col + last.width, range.col + range.width) - last.col;
    } else merged.push({ ...range });
  }
  return merged;
}

/** placed returns one evidence item or issue with its cells and whether its quote is on its frame. */
function placed<T extends { quote?: string; cells?: CellRange[]; verified?: boolean }>(item: T, frame: JudgeFrame | undefined): T {
  if (!frame?.snapshot) return item;
  // Cells the judge measured itself (the heuristic's low-contrast cells) are on the screen by construction.
  if (item.cells && item.cells.length > 0) return { ...item, verified: true };
  const quote = item.quote ?? '';
  const cells = quote.trim() === '' ? undefined : locateQuote(frame.snapshot, quote);
  const { cells: _none, ...rest } = item;
  return (cells ? { ...rest, cells, verified: true } : { ...rest, verified: false }) as T;
}

/**
 * placeEvidence checks every evidence quote and issue quote of an answer against the screen of the frame it
 * cites: found quotes get their cells and `verified: true`, quotes not on that frame `verified: false`.
 * Frames without a screen state (a video's) leave items as they are. An issue that quotes nothing is left
 * as it is (it points at a frame, not at text). Pure.
 */
export function placeEvidence(answer: JudgeAnswer, frames: readonly JudgeFrame[]): JudgeAnswer {
  const byNumber = new Map(frames.map((frame) => [frame.number, frame]));
  const criteria: JudgeAnswer['criteria'] = {};
  for (const [id, criterion] of Object.entries(answer.criteria)) {
    criteria[id] = { ...criterion, evidence: criterion.evidence.map((item: Evidence) => placed(item, byNumber.get(item.frame))) };
  }
  const issues = answer.issues.map((issue: JudgeIssue) =>
    issue.frame === null || ((issue.quote ?? '').trim() === '' && !issue.cells?.length) ? issue : placed(issue, byNumber.get(issue.frame)),
  );
  return { ...answer, criteria, issues };
}
