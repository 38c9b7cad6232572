/**
 * The asciicast data model shared by the recorder (which writes v2) and the renderer (which reads v1, v2
 * and v3). Times are seconds from the start of the recording, as in the asciicast formats themselves.
 */

/** CastTheme is the asciicast theme: foreground, background and an 8- or 16-color palette, as `#rrggbb`. */
export interface CastTheme {
  fg: string;
  bg: string;
  /** Colon-separated `#rrggbb` colors, 8 or 16 of them (asciicast v2 `theme.palette`). */
  palette: string;
}

/** CastHeader is what the renderer needs from any asciicast version's header, normalised to v2 names. */
export interface CastHeader {
  /** The format version the file was written in: 1, 2 or 3. */
  version: 1 | 2 | 3;
  /** Terminal columns. */
  width: number;
  /** Terminal rows. */
  height: number;
  /** Unix time (seconds) when recording started, when known. */
  timestamp?: number;
  /** Length of the recording in seconds, when known. */
  duration?: number;
  /** asciinema's `idle_time_limit` in seconds: longer pauses are cut to it when played or rendered (0 keeps them). */
  idleTimeLimit?: number;
  command?: string;
  title?: string;
  env?: Record<string, string>;
  theme?: CastTheme;
}

/** CastEventCode is the type of an asciicast event: output, input, resize, marker (and v3's exit). */
export type CastEventCode = 'o' | 'i' | 'r' | 'm' | 'x';

/** CastEvent is one event with its absolute time in seconds (v3's relative intervals are summed up). */
export interface CastEvent {
  time: number;
  code: CastEventCode;
  data: string;
  /** The 1-based line of the file this event came from, for error messages. */
  line: number;
}
