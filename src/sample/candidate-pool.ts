/**
 * A bounded set of frame candidates, filled while a recording streams by. A busy recording has tens of
 * thousands of screen states; keeping a signature of each would grow without end, so the pool coarsens its
 * time grid instead: it keeps the last state of each time bucket (the settled screen, not one half drawn)
 * and doubles the bucket width whenever it holds more than its limit. States marked as kept (the first
 * non-blank screen, the screen at a marker) are never dropped, and the latest state always stays: the
 * final screen is always a candidate.
 */
import type { FrameCandidate } from './frame-planner.js';

/** DEFAULT_CANDIDATE_LIMIT is how many candidates a pool holds at most (besides the ones marked as kept). */
export const DEFAULT_CANDIDATE_LIMIT = 600;

interface PoolEntry {
  candidate: FrameCandidate;
  kept: boolean;
}

/** CandidatePool keeps at most `limit` candidates (plus kept ones) spread over the recording. */
export class CandidatePool {
  readonly #limit: number;
  #bucketWidth: number;
  #entries: PoolEntry[] = [];
  #unkept = 0;

  /** `initialBucket` is the finest time grid in seconds (one video frame, say). */
  constructor(limit = DEFAULT_CANDIDATE_LIMIT, initialBucket = 1 / 30) {
    if (!Number.isInteger(limit) || limit < 2) throw new TypeError(`CandidatePool: limit must be a whole number ≥ 2, got ${limit}`);
    this.#limit = limit;
    this.#bucketWidth = initialBucket;
  }

  /** size is the number of candidates held. */
  get size(): number {
    return this.#entries.length;
  }

  /** add takes the next state (times must not decrease); it replaces the previous one when both fall into the same bucket. */
  add(candidate: FrameCandidate): void {
    const previous = this.#entries.at(-1);
    if (previous && !previous.kept && this.#bucketOf(previous.candidate.time) === this.#bucketOf(candidate.time)) {
      this.#entries[this.#entries.length - 1] = { candidate, kept: false };
      return;
    }
    this.#entries.push({ candidate, kept: false });
    this.#unkept++;
    while (this.#unkept > this.#limit) this.#coarsen();
  }

  /** keepLatest marks the latest state as one that must stay a candidate. */
  keepLatest(): void {
    const latest = this.#entries.at(-1);
    if (latest && !latest.kept) {
      latest.kept = true;
      this.#unkept--;
    }
  }

  /** latest returns the most recent state added, if any. */
  latest(): FrameCandidate | undefined {
    return this.#entries.at(-1)?.candidate;
  }

  /** candidates returns what the pool holds, in time order. */
  candidates(): FrameCandidate[] {
    return this.#entries.map((entry) => entry.candidate);
  }

  #bucketOf(time: number): number {
    return Math.floor(time / this.#bucketWidth + 1e-9);
  }

  /** Doubles the bucket width and keeps, per bucket, the last state (plus every kept one and the latest). */
  #coarsen(): void {
    this.#bucketWidth *= 2;
    const entries = this.#entries;
    const compact: PoolEntry[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const next = entries[i + 1];
      const lastOfBucket = !next || this.#bucketOf(next.candidate.time) !== this.#bucketOf(entry.candidate.time);
      if (entry.kept || lastOfBucket) compact.push(entry);
    }
    this.#entries = compact;
    this.#unkept = compact.filter((entry) => !entry.kept).length;
  }
}
