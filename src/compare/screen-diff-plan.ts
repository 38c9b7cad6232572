/**
 * The pure half of the screen diff: which screens of two runs are compared with which (by marker name, then
 * the final screen), what their image files are called, how a screen state is grown to a larger grid so both
 * sides are drawn on one layout, and whether a difference fails the gate. No files, no replays.
 */
import { createBlankSnapshot, type ScreenSnapshot } from '../render/screen.js';
import type { SampleMarker } from '../sample/frame-planner.js';

/** FINAL_SCREEN_NAME is the name of the pair of final screens, compared for every two runs. */
export const FINAL_SCREEN_NAME = 'final screen';

/** MarkerScreen is one screen of a run to compare: its name and the recording time it is shown at. */
export interface MarkerScreen {
  /** Marker label; a label repeated in one run gets ` (2)`, ` (3)`… from its second use on. */
  name: string;
  /** Recording time in seconds (the marker's); absent for the final screen. */
  time?: number;
}

/** ScreenPair is one comparison to make: the screen of each run, or none where a run lacks the marker. */
export interface ScreenPair {
  name: string;
  /** File-name stem of the pair's images, unique among the pairs (`01-menu`). */
  slug: string;
  baseline?: MarkerScreen;
  current?: MarkerScreen;
}

/** nameMarkers turns a run's markers (internal ones already left out, in time order) into uniquely named screens. */
export function nameMarkers(markers: readonly SampleMarker[]): MarkerScreen[] {
  const uses = new Map<string, number>();
  return markers.map(({ label, time }) => {
    const use = (uses.get(label) ?? 0) + 1;
    uses.set(label, use);
    return { name: use === 1 ? label : `${label} (${use})`, time };
  });
}

/** screenSlug makes a file-name stem from a screen name: lowercase letters, digits and dashes, at most 48 characters. */
export function screenSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'screen';
}

/**
 * planScreenPairs matches the marker screens of two runs by name — in the baseline's order, then the
 * current run's extra ones — and ends with the final screens. Each pair gets a numbered slug, so two names
 * that slug alike (`Menu!`, `menu?`) still get their own files.
 */
export function planScreenPairs(baseline: readonly SampleMarker[], current: readonly SampleMarker[]): ScreenPair[] {
  const baselineScreens = nameMarkers(baseline);
  const currentByName = new Map(nameMarkers(current).map((screen) => [screen.name, screen]));
  const pairs: Omit<ScreenPair, 'slug'>[] = baselineScreens.map((screen) => ({ name: screen.name, baseline: screen, current: currentByName.get(screen.name) }));
  const matched = new Set(baselineScreens.map((screen) => screen.name));
  for (const screen of currentByName.values()) if (!matched.has(screen.name)) pairs.push({ name: screen.name, current: screen });
  pairs.push({ name: FINAL_SCREEN_NAME, baseline: { name: FINAL_SCREEN_NAME }, current: { name: FINAL_SCREEN_NAME } });
  const digits = Math.max(2, String(pairs.length).length);
  return pairs.map((pair, index) => ({ ...pair, slug: `${String(index + 1).padStart(digits, '0')}-${screenSlug(pair.name)}` }));
}

/** ScreenGate holds the limits a changed screen is held to; a limit not set is not checked. */
export interface ScreenGate {
  maxDiffPixels?: number;
  maxDiffRatio?: number;
}

/** screenFails tells whether a screen's difference exceeds the gate: more pixels than maxDiffPixels, or a larger ratio than maxDiffRatio. */
export function screenFails(diffPixels: number, diffRatio: number, gate: ScreenGate): boolean {
  return (gate.maxDiffPixels !== undefined && diffPixels > gate.maxDiffPixels) || (gate.maxDiffRatio !== undefined && diffRatio > gate.maxDiffRatio);
}

/**
 * padSnapshot returns the screen state on a grid of at least `cols`×`rows`, the new cells blank: two runs
 * whose terminals differ in size are then drawn on the same, larger layout, so their pixels line up.
 */
export function padSnapshot(snapshot: ScreenSnapshot, cols: number, rows: number): ScreenSnapshot {
  if (snapshot.cols >= cols && snapshot.rows >= rows) return snapshot;
  const grown = createBlankSnapshot(Math.max(cols, snapshot.cols), Math.max(rows, snapshot.rows));
  for (let row = 0; row < snapshot.rows; row++) {
    for (let col = 0; col < snapshot.cols; col++) {
      const from = row * snapshot.cols + col;
      const to = row * grown.cols + col;
      grown.chars[to] = snapshot.chars[from];
      grown.widths[to] = snapshot.widths[from];
      grown.fg[to] = snapshot.fg[from];
      grown.bg[to] = snapshot.bg[from];
      grown.flags[to] = snapshot.flags[from];
    }
  }
  return { ...grown, cursorX: snapshot.cursorX, cursorY: snapshot.cursorY, cursorVisible: snapshot.cursorVisible };
}
