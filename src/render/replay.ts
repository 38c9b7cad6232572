/**
 * Replays a cast through the virtual terminal in virtual time and yields the distinct screen states on
 * the 1/fps frame grid. All output that falls into one frame slot is parsed together (one emulator write
 * per slot rather than per event), and a state identical to the previous frame is not yielded again.
 */
import { isCastHeader, parseResize, readCast, type CastSummary } from '../asciicast/cast-reader.js';
import { lastSeenFrame, type LastSeen, type LastSeenInput } from './last-seen-screen.js';
import { snapshotsEqual, snapshotText, type ScreenSnapshot } from './screen.js';
import { timelineOf } from './render-settings.js';
import { frameSlot, HIDE_MARKER, SHOW_MARKER, Timeline, type TimelineOptions } from './timeline.js';
import { VirtualTerminal } from './virtual-terminal.js';

/**
 * ReplayOptions sets the frame grid and the time mapping of a replay (the render's timeline settings). The
 * cast header's own idle limit applies where they set none (see timelineOf), so every replay of a cast (the
 * render's, the sample stage's, the heuristic judge's, the report timeline's) yields the same frames at the
 * same video times.
 */
export interface ReplayOptions extends TimelineOptions {
  /** Skip unreadable lines instead of failing. @default false */
  lenient?: boolean;
  /**
   * Fill the same two snapshot objects over and over instead of a new one per frame: a frame's snapshot is
   * then only valid until the next frame is requested. Spares the garbage collector tens of MB a minute
   * on busy recordings. @default false
   */
  reuseSnapshots?: boolean;
}

/** ReplayFrame is a distinct screen state and the video time from which it is shown. */
export interface ReplayFrame {
  /** Video time in seconds, a multiple of 1/fps. */
  time: number;
  /** Recording time (seconds) of the last event included in this state. */
  recordingTime: number;
  snapshot: ScreenSnapshot;
  /** Lines the alternate screen has scrolled up since the start (see VirtualTerminal.alternateScrolledLines). */
  alternateScrolledLines: number;
}

/** The largest piece of output handed to the emulator at once, so a flood never builds one huge string. */
const maxPendingOutput = 1 << 20;

/** ReplayEnd receives the video time at which the recording ends (before any hold of the last frame). */
export interface ReplayEnd {
  videoDuration: number;
  /** Recording seconds cut from the video between hide and show markers (see HIDE_MARKER). */
  hiddenSeconds?: number;
  /** Which frame (index among those yielded) is the screen the user last saw: see last-seen-screen.ts. */
  lastSeen?: LastSeen;
}


/**
 * replayFrames yields every distinct screen state of a cast with its video time, in order. When it is
 * done, `end.videoDuration` holds the video length of the whole recording (pauses compressed, speed applied).
 * Output between a HIDE_MARKER and the next SHOW_MARKER still reaches the emulator but yields no frame and
 * takes no video time: the first frame after the show holds what happened while hidden.
 */
export async function* replayFrames(
  castPath: string,
  summary: CastSummary,
  options: ReplayOptions = {},
  end: ReplayEnd = { videoDuration: 0 },
): AsyncGenerator<ReplayFrame> {
  const settings = timelineOf(options, summary.header);
  const { fps } = settings;
  const timeline = new Timeline(settings);
  const terminal = new VirtualTerminal({ cols: summary.header.width, rows: summary.header.height });
  let pending = '';
  let slot = 0;
  let recordingTime = 0;
  let previous: ScreenSnapshot | undefined;
  // With reuseSnapshots: the object to fill next (never `previous`, which the next state is compared with).
  let spare: ScreenSnapshot | undefined;
  let yielded = 0;
  let lastAlternate: LastSeenInput['lastAlternate'];

  const flush = async () => {
    if (pending === '') return;
    const data = pending;
    pending = '';
    await terminal.write(data);
  };
  const frameAt = (frameSlotIndex: number, force: boolean): ReplayFrame | undefined => {
    // A program inside a synchronized update (DEC mode 2026) has not finished drawing: show it later.
    if (!force && terminal.synchronizedOutput) return undefined;
    const snapshot = terminal.snapshot(spare);
    if (previous && snapshotsEqual(previous, snapshot)) {
      if (options.reuseSnapshots) spare = snapshot;
      return undefined;
    }
    if (options.reuseSnapshots) spare = previous;
    previous = snapshot;
    if (snapshot.alternate) lastAlternate = { frame: yielded, session: terminal.alternateSession };
    yielded++;
    return { time: frameSlotIndex / fps, recordingTime, snapshot, alternateScrolledLines: terminal.alternateScrolledLines };
  };

  try {
    for await (const item of readCast(castPath, { lenient: options.lenient })) {
      if (isCastHeader(item)) continue;
      if (item.code === 'm' && (item.data === HIDE_MARKER || item.data === SHOW_MARKER)) {
        const hide = item.data === HIDE_MARKER;
        if (hide && !timeline.hidden) {
          // Show what was drawn before the cut in its own frame, so the hidden output does not replace it.
          const hideSlot = frameSlot(timeline.videoTime(item.time), fps);
          if (hideSlot > slot) {
            await flush();
            const frame = frameAt(slot, false);
            if (frame) yield frame;
            slot = hideSlot;
          }
          await flush();
          const frame = frameAt(slot, false);
          if (frame) {
            yield frame;
            slot++;
          }
        }
        timeline.setHidden(hide, item.time);
        continue;
      }
      // Every event is mapped, shown or not: for the idle limit a pause ends at any event (a key, a marker), as in asciinema.
      const videoTime = timeline.videoTime(item.time);
      if (item.code !== 'o' && item.code !== 'r') continue;
      const eventSlot = frameSlot(videoTime, fps);
      if (eventSlot > slot) {
        await flush();
        const frame = frameAt(slot, false);
        if (frame) yield frame;
        slot = eventSlot;
      }
      recordingTime = item.time;
      if (item.code === 'o') {
        pending += item.data;
        if (pending.length >= maxPendingOutput) await flush();
      } else {
        const size = parseResize(item.data);
        if (!size) continue; // summarizeCast already reported it (lenient) or failed (strict)
        await flush();
        terminal.resize(size.cols, size.rows);
      }
    }
    await flush();
    // A recording that ends hidden ends its video at the hide, on the last frame shown before it.
    const last = timeline.hidden ? undefined : frameAt(slot, true);
    end.videoDuration = Math.max(slot / fps, timeline.videoTime(summary.duration));
    end.hiddenSeconds = timeline.hiddenSeconds;
    end.lastSeen = lastSeenFrame({
      frames: yielded,
      finalAlternate: previous?.alternate ?? false,
      finalRows: previous ? snapshotText(previous).split('\n') : [],
      lastAlternate,
      lastExit: terminal.lastAlternateExit,
    });
    if (last) yield last;
  } finally {
    terminal.dispose();
  }
}
