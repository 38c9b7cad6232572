/**
 * Choosing frames: pure functions over compact candidate signatures, so every strategy is tested without a
 * file, a terminal or ffmpeg. The sources (`cast-source.ts`, `video-source.ts`) turn a recording into
 * candidates; `planFrames` picks which of them become frames and says why.
 *
 * Two frames are always kept, whatever the strategy: the last one (where a session ends is what a reviewer
 * needs most) and the first non-blank one (what the program showed first). The strategies then fill the
 * rest of the cap in the order they are given: `markers,changes` takes every marker first and lets
 * `changes` fill what is left.
 */

/** SampleStrategy names one way of choosing frames. */
export type SampleStrategy = 'uniform' | 'changes' | 'markers';

/** sampleStrategies lists every strategy `--strategy` accepts. */
export const sampleStrategies: readonly SampleStrategy[] = ['uniform', 'changes', 'markers'];

/** Signature is the compact form of one screen state: a hash per cell (casts) or a small grayscale thumbnail (videos). */
export type Signature = Uint32Array | Uint8Array;

/** FrameCandidate is one screen state that could become a frame. */
export interface FrameCandidate {
  /** Position of the state in its source (replay frame ordinal, or decoded video frame number), to find it again. */
  ordinal: number;
  /** Recording time in seconds (for a video: its presentation time). */
  time: number;
  /** Video time in seconds. */
  videoTime: number;
  /** Nothing is on the screen (only spaces on the default background, or a flat picture). */
  blank: boolean;
  signature: Signature;
}

/** ChangeMetric tells how different two signatures are and what counts as the same picture. */
export interface ChangeMetric {
  /** Number of units (cells, thumbnail pixels) that differ between two signatures. */
  distance(a: Signature, b: Signature): number;
  /** A candidate closer than this to every frame already picked is a near-duplicate and is not picked by `changes`. */
  nearDuplicate: number;
  /** What `distance` counts, for the reasons: `cells`, `thumbnail pixels`. */
  unit: string;
}

/** SampleMarker is an asciicast marker: a label at a recording time. */
export interface SampleMarker {
  time: number;
  label: string;
}

/** FramePlanInput is everything `planFrames` chooses from. */
export interface FramePlanInput {
  /** Candidates in time order; the last one is the final state of the recording. */
  candidates: readonly FrameCandidate[];
  /** Strategies in the order they fill the cap. */
  strategies: readonly SampleStrategy[];
  /** Most frames to pick (at least 1). */
  cap: number;
  metric: ChangeMetric;
  /** Markers for the `markers` strategy (internal markers already left out). @default [] */
  markers?: readonly SampleMarker[];
  /**
   * Index of the candidate the user last saw, when that is the last alternate-screen state of a program
   * that restored the main screen at exit (see render/last-seen-screen.ts): it is the frame kept as the
   * last one, and the candidates after it (the restored main screen, showing nothing new) are not picked.
   * @default the last candidate
   */
  lastAlternate?: number;
}

/** LAST_FRAME_REASON is the reason of the final frame. */
export const LAST_FRAME_REASON = 'last frame';
/** LAST_ALTERNATE_REASON is the reason of the final frame when it is a full-screen program's last screen, shown before the program restored the main screen at exit. */
export const LAST_ALTERNATE_REASON = 'last frame: the last alternate screen, before the program restored the main screen at exit';

/** PlannedFrame is one picked candidate and every reason it was picked for. */
export interface PlannedFrame {
  /** Index into `FramePlanInput.candidates`. */
  candidate: number;
  reasons: string[];
}

/** Selection collects picked candidates and their reasons, up to the cap. */
class Selection {
  readonly #reasons = new Map<number, string[]>();
  readonly #cap: number;

  constructor(cap: number) {
    this.#cap = cap;
  }

  get full(): boolean {
    return this.#reasons.size >= this.#cap;
  }

  get remaining(): number {
    return this.#cap - this.#reasons.size;
  }

  has(index: number): boolean {
    return this.#reasons.has(index);
  }

  indices(): number[] {
    return [...this.#reasons.keys()];
  }

  /** add picks a candidate (or adds a reason to one already picked); returns false when the cap is reached. */
  add(index: number, reason: string): boolean {
    const reasons = this.#reasons.get(index);
    if (reasons) {
      if (!reasons.includes(reason)) reasons.push(reason);
      return true;
    }
    if (this.full) return false;
    this.#reasons.set(index, [reason]);
    return true;
  }

  planned(): PlannedFrame[] {
    return [...this.#reasons.entries()].sort(([a], [b]) => a - b).map(([candidate, reasons]) => ({ candidate, reasons }));
  }
}

/**
 * pickEvenly returns `count` of `items` spread evenly by position, always with the first and the last
 * (all of them when there are no more than `count`).
 */
export function pickEvenly<T>(items: readonly T[], count: number): T[] {
  if (count <= 0) return [];
  if (items.length <= count) return [...items];
  if (count === 1) return [items[items.length - 1]];
  const picked: T[] = [];
  for (let i = 0; i < count; i++) picked.push(items[Math.round((i * (items.length - 1)) / (count - 1))]);
  return picked;
}

/** candidateShownAt returns the index of the candidate on screen at `time`: the last one at or before it, else the first. */
export function candidateShownAt(candidates: readonly FrameCandidate[], time: number): number {
  let low = 0;
  let high = candidates.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (candidates[middle].time <= time + 1e-9) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

type StrategyPlanner = (input: FramePlanInput, selection: Selection, firstShown: number) => void;

/** planMarkers picks the screen shown at each marker; when there are more markers than room, an even spread of them. */
function planMarkers(input: FramePlanInput, selection: Selection): void {
  const byCandidate = new Map<number, string[]>();
  for (const marker of input.markers ?? []) {
    const index = candidateShownAt(input.candidates, marker.time);
    const labels = byCandidate.get(index) ?? [];
    labels.push(marker.label);
    byCandidate.set(index, labels);
  }
  const fresh = [...byCandidate.keys()].filter((index) => !selection.has(index));
  const kept = new Set([...byCandidate.keys()].filter((index) => selection.has(index)));
  for (const index of pickEvenly(fresh, selection.remaining)) kept.add(index);
  for (const index of [...kept].sort((a, b) => a - b)) {
    for (const label of byCandidate.get(index)!) selection.add(index, `marker ${JSON.stringify(label)}`);
  }
}

/** planUniform picks the screens shown at `cap` evenly spaced times from the first non-blank screen to the end. */
function planUniform(input: FramePlanInput, selection: Selection, firstShown: number): void {
  const { candidates, cap } = input;
  const start = candidates[firstShown].time;
  const end = candidates[candidates.length - 1].time;
  const points: number[] = [];
  for (let i = 0; i < cap; i++) {
    const index = candidateShownAt(candidates, cap === 1 ? end : start + ((end - start) * i) / (cap - 1));
    if (index >= firstShown && !points.includes(index) && !selection.has(index)) points.push(index);
  }
  const chosen = pickEvenly(points, selection.remaining);
  for (const index of chosen) selection.add(index, `evenly spaced (${points.indexOf(index) + 1} of ${points.length})`);
}

/**
 * planChanges picks, again and again, the candidate farthest from every frame already picked (greedy
 * farthest-point selection), until the cap is reached or what is left are near-duplicates. The blank
 * screens before the first non-blank one are not considered.
 */
function planChanges(input: FramePlanInput, selection: Selection, firstShown: number): void {
  const { candidates, metric } = input;
  const nearest = new Float64Array(candidates.length).fill(Number.POSITIVE_INFINITY);
  const update = (picked: number) => {
    for (let i = 0; i < candidates.length; i++) {
      if (nearest[i] === 0) continue;
      nearest[i] = Math.min(nearest[i], metric.distance(candidates[i].signature, candidates[picked].signature));
    }
  };
  for (const index of selection.indices()) update(index);
  while (!selection.full) {
    let best = -1;
    // The blank screens before the program first drew anything are not changes worth a frame.
    for (let i = firstShown; i < candidates.length; i++) {
      if (selection.has(i)) continue;
      // Ties go to the later candidate: a settled screen rather than one still being drawn.
      if (best === -1 || nearest[i] >= nearest[best]) best = i;
    }
    if (best === -1 || nearest[best] < Math.max(1, metric.nearDuplicate)) return;
    const changed = nearest[best];
    const what = Number.isFinite(changed) ? `${changed} ${metric.unit} differ from the frames already picked` : 'the first frame picked';
    selection.add(best, `changes: ${what}`);
    update(best);
  }
}

const strategyPlanners = {
  uniform: planUniform,
  changes: planChanges,
  markers: planMarkers,
} satisfies Record<SampleStrategy, StrategyPlanner>;

/**
 * planFrames picks at most `cap` candidates: the last one the user saw (the last candidate, or
 * `lastAlternate`), the first non-blank one, then what each strategy adds in order. Returns the picks in time order with their reasons.
 */
export function planFrames(input: FramePlanInput): PlannedFrame[] {
  const alternate = input.lastAlternate !== undefined && input.lastAlternate >= 0 && input.lastAlternate < input.candidates.length - 1;
  // After a full-screen program's last screen, only the restored main screen is left to see: not a frame.
  const candidates = alternate ? input.candidates.slice(0, input.lastAlternate! + 1) : input.candidates;
  if (candidates.length === 0) return [];
  const cap = Math.max(1, Math.floor(input.cap));
  const selection = new Selection(cap);
  const last = candidates.length - 1;
  selection.add(last, alternate ? LAST_ALTERNATE_REASON : LAST_FRAME_REASON);
  const firstNonBlank = candidates.findIndex((candidate) => !candidate.blank);
  if (firstNonBlank !== -1) selection.add(firstNonBlank, 'first non-blank screen');
  for (const strategy of new Set(input.strategies)) {
    if (selection.full) break;
    strategyPlanners[strategy]({ ...input, candidates, cap }, selection, firstNonBlank === -1 ? 0 : firstNonBlank);
  }
  return selection.planned();
}
