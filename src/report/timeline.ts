/**
 * The report's timeline: what happened when in a recording, as pure data for the strip under the video
 * (timeline-svg.ts) and the lines in scorecard.md. It bins the output bytes and the screen's changes over
 * time, and marks the spans the heuristic judge counts against a program (freezes, blank flashes, floods:
 * read by the same ScreenChangeFold and ScrollFold), the cast's markers, the tape's keys, resizes and the
 * sampled frames. The cast is streamed twice (a replay, then its events) and folded into fixed-size bins,
 * so a recording of any length costs bounded memory.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isCastHeader, readCast, summarizeCast } from '../asciicast/cast-reader.js';
import type { CastEvent } from '../asciicast/types.js';
import { ScreenChangeFold, ScrollFold, type ScrollRun, type TimedLines } from '../evaluate/heuristic/cast-measures.js';
import { SUSTAINED_SCROLL_SECONDS } from '../evaluate/heuristic/measures.js';
import { FREEZE_SECONDS, SCROLL_ANCHORS } from '../evaluate/heuristic/scoring.js';
import { isTextCell } from '../evaluate/heuristic/screen-reading.js';
import { reasonOf } from '../errors.js';
import { collectGarbage } from '../render/garbage-collection.js';
import { replayFrames } from '../render/replay.js';
import type { ScreenSnapshot } from '../render/screen.js';
import { HIDE_MARKER, SHOW_MARKER } from '../render/timeline.js';
import { CAST_FILE_NAME } from '../run-files.js';
import { countDifferentCells, screenSignature } from '../sample/screen-signature.js';
import type { Scorecard } from '../score/types.js';
import { keyLabel } from '../tape/runner/key-bytes.js';

/** TIMELINE_BINS is how many bins the output and screen-change rates are counted in across a recording. */
export const TIMELINE_BINS = 120;
/** A bin is at least this long (s): a recording of a few seconds gets fewer, wider bins. */
export const MIN_BIN_SECONDS = 0.1;
/**
 * A stretch of scrolling faster than this many lines a second, lasting SUSTAINED_SCROLL_SECONDS or more, is
 * a flood: from here the heuristic's scrolling score falls below 8 and cognitive load loses points.
 */
export const FLOOD_LINES_PER_SECOND = SCROLL_ANCHORS[1][0];
/** Blank flashes closer than this (s) to the last one are one span ("12 blank flashes"), so a flickering program gets one mark, not hundreds. */
export const FLASH_MERGE_SECONDS = 1;
/** Typed characters closer than this (s) to the last are one key mark ("hello"). */
export const TYPING_MERGE_SECONDS = 0.5;
/** MAX_TIMELINE_SPANS is how many spans are kept; the rest are counted in `omitted`. */
export const MAX_TIMELINE_SPANS = 200;
/** MAX_TIMELINE_MARKS is how many marks are kept; the rest are counted in `omitted`. */
export const MAX_TIMELINE_MARKS = 400;
/** A key mark's label is cut to this many characters. */
const MAX_KEY_LABEL = 24;

/** TimelineSpanKind is a kind of problem that lasts: the screen frozen, flashing blank, or flooded with lines. */
export type TimelineSpanKind = 'freeze' | 'flash' | 'flood';

/** TimelineSpan is a problem over a stretch of the recording. */
export interface TimelineSpan {
  kind: TimelineSpanKind;
  /** Recording times (s). */
  start: number;
  end: number;
  /** A short description: "Freeze 8.0 s", "3 blank flashes", "Flood 122 lines/s". */
  label: string;
}

/** TimelineMarkKind is a kind of moment: a cast marker, a key the tape pressed (an `"i"` event), a resize. */
export type TimelineMarkKind = 'marker' | 'key' | 'resize';

/** TimelineMark is a moment of the recording. */
export interface TimelineMark {
  kind: TimelineMarkKind;
  /** Recording time (s). */
  time: number;
  /** The marker's label, the key's name or typed text (as recorded: secrets are masked in the cast), or the new size. */
  label: string;
}

/** TimelineFrame is a sampled frame: its number (the report's `#frame-N`) and recording time (s). */
export interface TimelineFrame {
  number: number;
  time: number;
}

/** Timeline is what happened when in one recording, binned and marked (see the module comment). */
export interface Timeline {
  /** Recording length (s). */
  duration: number;
  /** Length of each bin (s); bin i covers [i·binSeconds, (i+1)·binSeconds). */
  binSeconds: number;
  /** Bytes of output per bin. */
  outputBytes: number[];
  /** Screen change per bin: the shares of the screen's cells each new state changed, summed (1 = a whole screen's worth). */
  screenChange: number[];
  /** Problems over time, in order of start. */
  spans: TimelineSpan[];
  /** Markers, keys and resizes, in time order. */
  marks: TimelineMark[];
  frames: TimelineFrame[];
  /** Spans and marks left out past MAX_TIMELINE_SPANS and MAX_TIMELINE_MARKS. */
  omitted: { spans: number; marks: number };
}

/** TimelineState is one distinct screen state of a replay, as the timeline needs it. */
export interface TimelineState {
  /** Recording time (s). */
  time: number;
  /** Share (0–1) of the cells that differ from the previous state (1 for the first). */
  changed: number;
  /** Share (0–1) of the cells with ink (see isTextCell): below BLANK_SCREEN_SHARE the screen is blank. */
  ink: number;
  /** Lines the alternate screen has scrolled since the start (ReplayFrame.alternateScrolledLines). @default 0 */
  alternateScrolledLines?: number;
}

/** TimelineInput is the already-read data computeTimeline folds. */
export interface TimelineInput {
  /** Recording length (s). */
  duration: number;
  /** The replay's distinct states, in time order. */
  states: Iterable<TimelineState>;
  /** The cast's events, in time order (output, input, markers, resizes). */
  events: Iterable<Pick<CastEvent, 'time' | 'code' | 'data'>>;
  /** The sampled frames. @default none */
  frames?: readonly TimelineFrame[];
  /** Bins across the recording. @default TIMELINE_BINS */
  bins?: number;
}

/** formatSeconds formats a duration or time in seconds with one decimal. */
export function formatSeconds(value: number): string {
  return `${value.toFixed(1)} s`;
}

/**
 * TimelineFold builds a Timeline as a replay and a cast stream by: first every screen state (addState),
 * then every event (addEvent: the scroll count needs the alternate screen's scrolling from the replay),
 * then finish. It keeps fixed-size bins and capped lists, whatever the recording's length.
 */
export class TimelineFold {
  readonly #duration: number;
  readonly #binSeconds: number;
  readonly #outputBytes: number[];
  readonly #screenChange: number[];
  readonly #changes = new ScreenChangeFold();
  readonly #alternateScrolls: TimedLines[] = [];
  #alternateScrolled = 0;
  #scroll: ScrollFold | undefined;
  readonly #spans: TimelineSpan[] = [];
  readonly #marks: TimelineMark[] = [];
  #flash: { start: number; end: number; count: number } | undefined;
  #typing: { time: number; last: number; text: string } | undefined;
  readonly #omitted = { spans: 0, marks: 0 };

  /** `duration` is the recording's length (s); `bins` how many bins span it (fewer when they would be shorter than MIN_BIN_SECONDS). */
  constructor(duration: number, bins = TIMELINE_BINS) {
    this.#duration = Math.max(0, duration);
    const count = Math.max(1, Math.min(Math.floor(bins), Math.ceil(this.#duration / MIN_BIN_SECONDS)));
    this.#binSeconds = Math.max(this.#duration, MIN_BIN_SECONDS) / count;
    this.#outputBytes = new Array<number>(count).fill(0);
    this.#screenChange = new Array<number>(count).fill(0);
  }

  /** addState folds the next screen state of the replay. */
  addState(state: TimelineState): void {
    this.#screenChange[this.#bin(state.time)] += state.changed;
    const lines = state.alternateScrolledLines ?? 0;
    if (lines > this.#alternateScrolled) this.#alternateScrolls.push({ time: state.time, lines: lines - this.#alternateScrolled });
    this.#alternateScrolled = lines;
    const change = this.#changes.add(state.time, state.ink);
    if (change.unchanged && change.unchanged.seconds > FREEZE_SECONDS) {
      const { start, seconds } = change.unchanged;
      this.#addSpan({ kind: 'freeze', start, end: start + seconds, label: `Freeze ${formatSeconds(seconds)}` });
    }
    if (change.flash) {
      const flash = this.#flash;
      if (flash && change.flash.start - flash.end <= FLASH_MERGE_SECONDS) {
        flash.end = change.flash.end;
        flash.count++;
      } else {
        this.#endFlash();
        this.#flash = { ...change.flash, count: 1 };
      }
    }
  }

  /** addEvent folds the next event of the cast (after every state). */
  addEvent(event: Pick<CastEvent, 'time' | 'code' | 'data'>): void {
    switch (event.code) {
      case 'o':
        this.#outputBytes[this.#bin(event.time)] += Buffer.byteLength(event.data);
        this.#scroll ??= new ScrollFold(this.#alternateScrolls, (run) => this.#scrollRun(run));
        this.#scroll.add(event);
        return;
      case 'i':
        this.#key(event.time, event.data);
        return;
      case 'm':
        if (event.data === HIDE_MARKER || event.data === SHOW_MARKER) return;
        this.#endTyping();
        this.#addMark({ kind: 'marker', time: event.time, label: event.data.trim() || 'marker' });
        return;
      case 'r':
        this.#endTyping();
        this.#addMark({ kind: 'resize', time: event.time, label: `Resize to ${event.data.trim().replace('x', '×')}` });
        return;
      default:
    }
  }

  /** finish returns the timeline, with the sampled frames. */
  finish(frames: readonly TimelineFrame[] = []): Timeline {
    this.#endFlash();
    this.#endTyping();
    (this.#scroll ?? new ScrollFold(this.#alternateScrolls, (run) => this.#scrollRun(run))).result();
    return {
      duration: this.#duration,
      binSeconds: this.#binSeconds,
      outputBytes: this.#outputBytes,
      screenChange: this.#screenChange,
      spans: [...this.#spans].sort((a, b) => a.start - b.start || a.end - b.end),
      marks: [...this.#marks].sort((a, b) => a.time - b.time),
      frames: frames.map(({ number, time }) => ({ number, time })).sort((a, b) => a.time - b.time || a.number - b.number),
      omitted: { ...this.#omitted },
    };
  }

  #bin(time: number): number {
    return Math.min(this.#outputBytes.length - 1, Math.max(0, Math.floor(time / this.#binSeconds)));
  }

  #scrollRun(run: ScrollRun): void {
    if (run.end - run.start >= SUSTAINED_SCROLL_SECONDS && run.linesPerSecond > FLOOD_LINES_PER_SECOND) {
      this.#addSpan({ kind: 'flood', start: run.start, end: run.end, label: `Flood ${run.linesPerSecond} lines/s` });
    }
  }

  #endFlash(): void {
    const flash = this.#flash;
    if (!flash) return;
    const label = flash.count === 1 ? 'Blank flash' : `${flash.count} blank flashes`;
    this.#addSpan({ kind: 'flash', start: flash.start, end: flash.end, label });
    this.#flash = undefined;
  }

  /** #key marks a key press; characters typed in a row make one mark with their text. */
  #key(time: number, data: string): void {
    const label = keyLabel(data);
    const typed = label === data && !/[\x00-\x1f\x7f]/.test(data);
    if (typed && this.#typing && time - this.#typing.last <= TYPING_MERGE_SECONDS) {
      this.#typing.text += data;
      this.#typing.last = time;
      return;
    }
    this.#endTyping();
    if (typed) this.#typing = { time, last: time, text: data };
    else this.#addMark({ kind: 'key', time, label });
  }

  #endTyping(): void {
    const typing = this.#typing;
    if (!typing) return;
    const text = typing.text.length > MAX_KEY_LABEL ? `${typing.text.slice(0, MAX_KEY_LABEL - 1)}…` : typing.text;
    this.#addMark({ kind: 'key', time: typing.time, label: text.trim() === '' ? 'Space' : text });
    this.#typing = undefined;
  }

  #addSpan(span: TimelineSpan): void {
    if (this.#spans.length < MAX_TIMELINE_SPANS) this.#spans.push(span);
    else this.#omitted.spans++;
  }

  #addMark(mark: TimelineMark): void {
    if (this.#marks.length < MAX_TIMELINE_MARKS) this.#marks.push(mark);
    else this.#omitted.marks++;
  }
}

/** computeTimeline folds already-read screen states and events into a Timeline; pure. */
export function computeTimeline(input: TimelineInput): Timeline {
  const fold = new TimelineFold(input.duration, input.bins);
  for (const state of input.states) fold.addState(state);
  for (const event of input.events) fold.addEvent(event);
  return fold.finish(input.frames);
}

/** inkShare is the share (0–1) of a screen's cells with ink, as the heuristic judge counts them (isTextCell). */
export function inkShare(snapshot: ScreenSnapshot): number {
  const cells = snapshot.cols * snapshot.rows;
  let ink = 0;
  for (let cell = 0; cell < cells; cell++) if (isTextCell(snapshot, cell)) ink++;
  return cells > 0 ? ink / cells : 0;
}

/** How often the replay collects its garbage, as the render and sample stages do (see garbage-collection.ts). */
const statesBetweenCollections = 600;

/**
 * timelineOfCast reads a cast into a Timeline: one replay (through the emulator the heuristic judge and the
 * renderer use, at the render stage's default frame grid) for the screen, one stream of its events.
 * Throws as readCast does for a cast it cannot read.
 */
export async function timelineOfCast(castPath: string, frames: readonly TimelineFrame[] = [], bins = TIMELINE_BINS): Promise<Timeline> {
  const summary = await summarizeCast(castPath, { lenient: true });
  const fold = new TimelineFold(summary.duration, bins);
  // Two signatures in turn: the previous state's and the current one's.
  let previous: Uint32Array | undefined;
  let spare: Uint32Array | undefined;
  let states = 0;
  for await (const frame of replayFrames(castPath, summary, { reuseSnapshots: true, lenient: true })) {
    const { signature } = screenSignature(frame.snapshot, spare);
    const changed = previous ? countDifferentCells(previous, signature) / Math.max(1, signature.length) : 1;
    spare = previous;
    previous = signature;
    fold.addState({ time: frame.recordingTime, changed, ink: inkShare(frame.snapshot), alternateScrolledLines: frame.alternateScrolledLines });
    if (++states % statesBetweenCollections === 0) collectGarbage();
  }
  for await (const item of readCast(castPath, { lenient: true })) if (!isCastHeader(item)) fold.addEvent(item);
  return fold.finish(frames);
}

/** LoadTimelineOptions receives why a timeline could not be made. */
export interface LoadTimelineOptions {
  /** Receives a warning when the cast exists but cannot be read. */
  onWarning?: (message: string) => void;
}

/**
 * loadTimeline reads the cast a scorecard was made from (its run.input.path, relative to `scorecardDir`
 * when not absolute, else the session.cast beside the scorecard) into a Timeline with the scorecard's
 * frames. Undefined, without throwing, for a video, a missing cast or one that cannot be read (warned).
 */
export async function loadTimeline(scorecard: Scorecard, scorecardDir: string, options: LoadTimelineOptions = {}): Promise<Timeline | undefined> {
  const input = scorecard.run.input;
  if (input.kind !== 'cast') return undefined;
  const castPath = [resolve(scorecardDir, input.path), join(scorecardDir, CAST_FILE_NAME)].find((path) => existsSync(path));
  if (castPath === undefined) return undefined;
  try {
    return await timelineOfCast(castPath, scorecard.frames);
  } catch (error) {
    options.onWarning?.(`timeline: ${castPath} could not be read: ${reasonOf(error)}`);
    return undefined;
  }
}
