/**
 * The heuristic judge: an offline, free, deterministic judge that answers rubric prompts in the same shape
 * as the vision judge, from measurements instead of a model. One pass over the whole recording (a cast's
 * screen states and output events, or a video's pixels) measures contrast, escape debris, missing glyphs,
 * overflow, density, scrolling, freezes, flicker, status cues and results; each criterion id maps those
 * numbers onto 1–10 by fixed, continuous scales (HEURISTIC_CRITERIA) and cites the judge frame where it shows.
 */
import { ConfigError } from '../../errors.js';
import type { Theme } from '../../render/theme.js';
import type { TimelineOptions } from '../../render/timeline.js';
import { zeroUsage, type AskResult, type Judge, type JudgeFrame, type JudgeRequest, type JudgeResult } from '../types.js';
import { heuristicAnswer, measurementReport } from './answer.js';
import { measureCast } from './cast-measures.js';
import type { HeuristicMeasures } from './measures.js';
import { measureVideo } from './video-measures.js';

export { HEURISTIC_CRITERIA } from './scoring.js';

/** HEURISTIC_MODEL is the model id the heuristic judge reports; the version changes when its scoring does. */
export const HEURISTIC_MODEL = 'heuristic-3';

/** HeuristicJudgeOptions names the recording to measure: a cast (preferred) or a video. */
export interface HeuristicJudgeOptions {
  /** The cast the frames were sampled from; all measures are available. */
  castPath?: string;
  /** A video, when there is no cast: only pixel measures (freezes, flicker, first output, density). */
  videoPath?: string;
  /** Theme the cast's cells are resolved with. @default the cast's own theme: recordingTheme(header.theme, undefined) */
  theme?: Theme;
  /** Skip unreadable cast lines. @default false */
  lenient?: boolean;
  /** The video's timeline (casts). @default the render stage's defaults */
  timeline?: TimelineOptions;
}

/** measureRecording measures a whole recording once: the cast when given, else the video. Throws ConfigError when neither is given. */
export async function measureRecording(options: HeuristicJudgeOptions): Promise<HeuristicMeasures> {
  if (options.castPath !== undefined) return measureCast(options.castPath, { theme: options.theme, lenient: options.lenient, timeline: options.timeline });
  if (options.videoPath !== undefined) return measureVideo(options.videoPath);
  throw new ConfigError('heuristic judge: give castPath or videoPath (the recording to measure)');
}

/** createHeuristicJudge returns the offline judge; the recording is measured at the first call and the measures reused for every prompt. */
export function createHeuristicJudge(options: HeuristicJudgeOptions): Judge {
  let measured: Promise<HeuristicMeasures> | undefined;
  const measures = () => (measured ??= measureRecording(options));
  return {
    name: 'heuristic',
    model: HEURISTIC_MODEL,
    async judge(request: JudgeRequest): Promise<JudgeResult> {
      return { answer: heuristicAnswer(request.prompt, await measures(), request.frames), usage: zeroUsage() };
    },
    async ask(question: string, _frames: readonly JudgeFrame[]): Promise<AskResult> {
      return { text: measurementReport(question, await measures()), usage: zeroUsage() };
    },
  };
}
