/** The options of `record()` and what it returns. */
import type { CastTheme } from '../asciicast/types.js';
import type { RenderSettings } from '../render/render-settings.js';
import type { RecordSession, RecordSessionResult } from './record-session.js';
import type { RecordSettings } from './record-settings.js';
import type { TargetOptions } from './target.js';

/** RecordOptions describes one recording: the target, its terminal (RecordSettings), where the cast goes and when to stop. */
export interface RecordOptions extends TargetOptions, RecordSettings {
  /**
   * Output directory, used as is (created if missing). When absent a new
   * `<outRoot>/<yyyymmdd-hhmmss>-<slug>/` is created, never reusing an existing one.
   */
  out?: string;
  /** Aborting (e.g. on SIGINT) stops the target like a timeout does, with `endedBy: 'interrupt'`. */
  signal?: AbortSignal;
  /** Theme written in the cast header (asciicast theme object). */
  theme?: CastTheme;
  /** Title written in the cast header. */
  title?: string;
  /**
   * The render settings the recording is made for (its tape's and flags'), kept in meta.json as
   * `renderSettings` (see recorded-look.ts) so that a later render draws it the same way.
   */
  render?: RenderSettings;
  /**
   * Milliseconds a stopped target gets between SIGTERM and SIGKILL.
   * @default 2000
   */
  stopGraceMs?: number;
  /** Called with the run directory once the recording has claimed it (its cast is created and the target started). */
  onDirectory?: (dir: string) => void;
  /**
   * Drives the target once it has started (a tape typing into it). When it resolves and the target still
   * runs, the target is stopped and the recording ends normally (`endedBy: 'tape-end'`); when it throws, the
   * target is stopped (`endedBy: 'tape-error'` if it still ran), the cast finished, and the error returned
   * as `driveError`.
   */
  drive?: (session: RecordSession) => Promise<void>;
}

/** RecordResult describes a finished recording and where it is. */
export interface RecordResult extends RecordSessionResult {
  /** The run directory holding the cast. */
  dir: string;
  /** What `drive` threw (e.g. a tape's Wait that timed out); the cast is complete nevertheless. */
  driveError?: unknown;
}
