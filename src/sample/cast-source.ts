/**
 * Frames from a cast, in two passes over the recording so that a long, busy session never sits in memory:
 * `scanCast` replays it and keeps only a bounded pool of per-cell signatures; after the planner has chosen,
 * `captureCastStates` replays it again and copies just the chosen screen states. Replays are deterministic,
 * so a state's ordinal (its position among the distinct states) finds it again.
 */
import type { CastSummary } from '../asciicast/cast-reader.js';
import { abortSignalName, InterruptedError } from '../errors.js';
import { collectGarbage } from '../render/garbage-collection.js';
import { replayFrames, type ReplayEnd } from '../render/replay.js';
import type { ScreenSnapshot } from '../render/screen.js';
import { HIDE_MARKER, SHOW_MARKER, type TimelineOptions } from '../render/timeline.js';
import { CandidatePool, DEFAULT_CANDIDATE_LIMIT } from './candidate-pool.js';
import type { ChangeMetric, FrameCandidate, SampleMarker } from './frame-planner.js';
import { cellChangeMetric, screenSignature } from './screen-signature.js';

/** CastScanOptions controls a scan of a cast. */
export interface CastScanOptions {
  /** Skip unreadable lines. @default false */
  lenient?: boolean;
  /** The video's timeline, so candidates carry their times in the video. @default the render stage's defaults, with the cast's own idle limit */
  timeline?: TimelineOptions;
  signal?: AbortSignal;
  /** Called as the replay advances: recording seconds done out of the cast's duration. */
  onProgress?: (done: number, total: number) => void;
  /** Most candidates kept (besides the first non-blank screen and the screens at markers). @default 600 */
  candidateLimit?: number;
}

/** CastScan is what the planner chooses from. */
export interface CastScan {
  candidates: FrameCandidate[];
  markers: SampleMarker[];
  metric: ChangeMetric;
  /** Index in `candidates` of the full-screen program's last screen, when that is the screen the user last saw (see FramePlanInput.lastAlternate). */
  lastAlternate?: number;
}

/** CapturedState is a chosen screen state, copied out of the replay. */
export interface CapturedState {
  ordinal: number;
  /** Recording time in seconds. */
  time: number;
  /** Video time in seconds. */
  videoTime: number;
  snapshot: ScreenSnapshot;
}

/** userMarkers returns a cast's markers without the internal hide/show markers, in time order. */
export function userMarkers(summary: CastSummary): SampleMarker[] {
  return summary.markers
    .filter((marker) => marker.label !== HIDE_MARKER && marker.label !== SHOW_MARKER)
    .sort((a, b) => a.time - b.time);
}

/** How often a replay collects its garbage, as the render stage does, so a long cast keeps memory flat (see garbage-collection.ts). */
const framesBetweenCollections = 600;

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(abortSignalName(signal), 'sampling interrupted');
}

/**
 * scanCast replays a cast and returns a bounded set of candidates with their cell signatures. The first
 * non-blank screen, the screen shown at each marker and the final screen are always among them.
 */
export async function scanCast(castPath: string, summary: CastSummary, options: CastScanOptions = {}): Promise<CastScan> {
  const markers = userMarkers(summary);
  const pool = new CandidatePool(options.candidateLimit ?? DEFAULT_CANDIDATE_LIMIT);
  let nextMarker = 0;
  let ordinal = 0;
  let seenNonBlank = false;
  let onAlternate = false;
  const end: ReplayEnd = { videoDuration: 0 };
  for await (const frame of replayFrames(castPath, summary, { ...options.timeline, lenient: options.lenient, reuseSnapshots: true }, end)) {
    throwIfAborted(options.signal);
    // The last state before the main screen is back may be the screen the user last saw: keep it.
    if (onAlternate && !frame.snapshot.alternate) pool.keepLatest();
    onAlternate = frame.snapshot.alternate;
    // The state before the first one past a marker is what was on screen when the marker was set.
    while (nextMarker < markers.length && frame.recordingTime > markers[nextMarker].time) {
      pool.keepLatest();
      nextMarker++;
    }
    const { signature, blank } = screenSignature(frame.snapshot);
    pool.add({ ordinal, time: frame.recordingTime, videoTime: frame.time, blank, signature });
    if (!blank && !seenNonBlank) {
      seenNonBlank = true;
      pool.keepLatest();
    }
    ordinal++;
    if (ordinal % framesBetweenCollections === 0) collectGarbage();
    options.onProgress?.(frame.recordingTime, summary.duration);
  }
  throwIfAborted(options.signal);
  const candidates = pool.candidates();
  const lastSeen = end.lastSeen;
  const lastAlternate = lastSeen?.kind === 'alternate' ? candidates.findIndex((candidate) => candidate.ordinal === lastSeen.frame) : -1;
  return {
    candidates,
    markers,
    metric: cellChangeMetric(summary.maxCols, summary.maxRows),
    ...(lastAlternate === -1 ? {} : { lastAlternate }),
  };
}

function copySnapshot(snapshot: ScreenSnapshot): ScreenSnapshot {
  return {
    ...snapshot,
    chars: [...snapshot.chars],
    widths: snapshot.widths.slice(),
    fg: snapshot.fg.slice(),
    bg: snapshot.bg.slice(),
    flags: snapshot.flags.slice(),
    wrapped: snapshot.wrapped.slice(),
  };
}

/** captureCastStates replays a cast again and yields copies of the states at the given ordinals, in order. */
export async function* captureCastStates(
  castPath: string,
  summary: CastSummary,
  ordinals: ReadonlySet<number>,
  options: Pick<CastScanOptions, 'lenient' | 'timeline' | 'signal'> = {},
): AsyncGenerator<CapturedState> {
  const last = Math.max(-1, ...ordinals);
  let ordinal = 0;
  for await (const frame of replayFrames(castPath, summary, { ...options.timeline, lenient: options.lenient, reuseSnapshots: true })) {
    throwIfAborted(options.signal);
    if (ordinals.has(ordinal)) yield { ordinal, time: frame.recordingTime, videoTime: frame.time, snapshot: copySnapshot(frame.snapshot) };
    if (ordinal >= last) return;
    ordinal++;
    if (ordinal % framesBetweenCollections === 0) collectGarbage();
  }
}
