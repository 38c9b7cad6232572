/**
 * Signatures of screen states for choosing frames: one 32-bit hash per cell of its character, colors and
 * attributes, so two states are compared by counting the cells whose hashes differ, without keeping the
 * states themselves (a signature is 4 bytes a cell instead of a full snapshot).
 */
import { CellFlag, DEFAULT_COLOR, type ScreenSnapshot } from '../render/screen.js';
import type { ChangeMetric, Signature } from './frame-planner.js';

/** hashText returns a 32-bit FNV-1a hash of a cell's grapheme. */
function hashText(text: string): number {
  if (text.length === 1) return text.charCodeAt(0);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * screenSignature fills `into` (or a new array) with one hash per cell of `snapshot` and tells whether the
 * screen is blank: only spaces on the default background, nothing inverse.
 */
export function screenSignature(snapshot: ScreenSnapshot, into?: Uint32Array): { signature: Uint32Array; blank: boolean } {
  const size = snapshot.cols * snapshot.rows;
  const signature = into && into.length === size ? into : new Uint32Array(size);
  let blank = true;
  for (let i = 0; i < size; i++) {
    const char = snapshot.chars[i];
    const fg = snapshot.fg[i];
    const bg = snapshot.bg[i];
    const flags = snapshot.flags[i];
    let hash = Math.imul(hashText(char) ^ 0x9e3779b9, 0x85ebca6b);
    hash = Math.imul(hash ^ fg, 0xc2b2ae35);
    hash = Math.imul(hash ^ bg, 0x27d4eb2f);
    hash = Math.imul(hash ^ flags, 0x165667b1);
    signature[i] = (hash ^ (hash >>> 15)) >>> 0;
    if (blank && ((char !== ' ' && char !== '') || bg !== DEFAULT_COLOR || (flags & CellFlag.inverse) !== 0)) blank = false;
  }
  return { signature, blank };
}

/** countDifferentCells counts the cells whose hashes differ; states of different sizes differ in every cell. */
export function countDifferentCells(a: Signature, b: Signature): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let different = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) different++;
  return different;
}

/**
 * cellChangeMetric compares screen signatures by changed cells. Changes smaller than 1% of the screen
 * (at least 2 cells: a clock ticking, a spinner turning, a cursor blinking) are near-duplicates.
 */
export function cellChangeMetric(cols: number, rows: number): ChangeMetric {
  return { distance: countDifferentCells, nearDuplicate: Math.max(2, Math.round(cols * rows * 0.01)), unit: 'cells' };
}
