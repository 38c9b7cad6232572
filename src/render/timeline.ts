/**
 * Virtual time: maps the times of a recording onto the times of the video. Pauses longer than the idle
 * limit are shortened to it, then everything is divided by the speed factor, as asciinema's player, `asciinema
 * play` and agg do: a pause is the gap between two consecutive events of any kind (output, input, resize,
 * marker, exit), or from the start to the first, so the caller maps the time of every event. Frames
 * sit on a fixed grid of 1/fps, so a frame's time never depends on how fast this machine renders.
 * Between a hide and a show (a tape's `Hide`/`Show`) video time stands still: the part is cut from the video.
 */
import { idleLimitOf, timelineOf, type RenderSettings } from './render-settings.js';

/** HIDE_MARKER is the cast marker label a tape's `Hide` writes: from it on, the recording is cut from the video. */
export const HIDE_MARKER = 'termaudit:hide';
/** SHOW_MARKER is the cast marker label a tape's `Show` writes: from it on, the recording is shown again. */
export const SHOW_MARKER = 'termaudit:show';

/** TimelineOptions sets how recording time becomes video time (see RenderSettings for each and its default). */
export type TimelineOptions = Pick<RenderSettings, 'fps' | 'speed' | 'idleTimeLimit'>;

/** Timeline maps increasing recording times to video times (the settings are taken as given: layer a cast's own under them first, see timelineOf). */
export class Timeline {
  readonly #speed: number;
  readonly #idleTimeLimit: number;
  #lastRecordingTime = 0;
  #lastVideoTime = 0;
  #hidden = false;
  #hiddenSeconds = 0;

  constructor(options: TimelineOptions = {}) {
    const timeline = timelineOf(options);
    this.#speed = timeline.speed;
    this.#idleTimeLimit = idleLimitOf(timeline) ?? Number.POSITIVE_INFINITY;
  }

  /** videoTime returns the video time of a recording time; call it with non-decreasing times. */
  videoTime(recordingTime: number): number {
    const gap = Math.max(0, recordingTime - this.#lastRecordingTime);
    this.#lastRecordingTime = Math.max(this.#lastRecordingTime, recordingTime);
    if (this.#hidden) this.#hiddenSeconds += gap;
    else this.#lastVideoTime += Math.min(gap, this.#idleTimeLimit) / this.#speed;
    return this.#lastVideoTime;
  }

  /**
   * setHidden starts (true) or ends (false) a hidden part at a recording time: while hidden, time passes
   * in the recording but not in the video.
   */
  setHidden(hidden: boolean, recordingTime: number): void {
    this.videoTime(recordingTime);
    this.#hidden = hidden;
  }

  /** hidden tells whether the timeline is inside a hidden part. */
  get hidden(): boolean {
    return this.#hidden;
  }

  /** hiddenSeconds is the recording time cut from the video so far (up to the last time mapped). */
  get hiddenSeconds(): number {
    return this.#hiddenSeconds;
  }
}

/** frameSlot returns the index of the first frame on the 1/fps grid that shows a moment of video time. */
export function frameSlot(videoTime: number, fps: number): number {
  // The epsilon keeps an event at exactly k/fps (after float error) in frame k rather than k+1.
  return Math.max(0, Math.ceil(videoTime * fps - 1e-6));
}
