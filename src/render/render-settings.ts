/**
 * The render stage's settings: how frames look (theme, font, padding, frame size), how the recording's time
 * maps onto the video's (fps, speed, idle limit, hold of the last frame) and which outputs are written. One
 * rule and one default per setting, used by the `--flags`, a pipeline's `render:` section and a tape's `Set`
 * lines alike (see src/settings.ts). The render, sample and heuristic stages replay casts on the timeline
 * these settings give (`timelineOf`), so a sampled frame's time is its time in the video. A cast's header
 * can carry a setting too (asciinema's `idle_time_limit`): `castRenderSettings` makes it the layer under the
 * user's, so a flag, pipeline or tape wins over it, as `asciinema play -i` and agg's `--idle-time-limit` do.
 */
import { z } from 'zod';
import type { CastHeader } from '../asciicast/types.js';
import { durationIn, layer, listOf, nonEmptyText, numberAbove, numberBetween, oneOf, resolveSettings, ruleError, wholeNumber, type Resolved, type SettingRules } from '../settings.js';

/** OutputFormat is what `--format` accepts: the video formats plus `txt` screen dumps. */
export type OutputFormat = 'mp4' | 'webm' | 'gif' | 'frames' | 'txt';

/** outputFormats lists every format `render` can write. */
export const outputFormats: readonly OutputFormat[] = ['mp4', 'webm', 'gif', 'frames', 'txt'];

/** MIN_FONT_SIZE is the smallest font size in px (smaller is unreadable); fitted fonts stop there too. */
export const MIN_FONT_SIZE = 4;

/**
 * CellSizing says how a cell's size follows from the font size: `termaudit`'s (the font's advance, and a
 * line height that is a multiple of the font size) or `vhs`'s, which a tape renders with: cells as Chromium
 * measures VHS's first font, JetBrains Mono (the advance floored, plus the letter spacing; a line height
 * that multiplies the font's own height), so a tape gets the grid VHS gives it (see layout.ts).
 */
export type CellSizing = 'termaudit' | 'vhs';

/** cellSizings lists the ways of sizing cells (the `geometry` setting's values). */
export const cellSizings: readonly CellSizing[] = ['termaudit', 'vhs'];

/** WindowBarStyle is a window bar VHS draws above the terminal: three coloured dots, or three rings, at the left or right. */
export type WindowBarStyle = 'Colorful' | 'ColorfulRight' | 'Rings' | 'RingsRight';

/** windowBarStyles lists the window bars (the `windowBar` setting's values, named as in VHS's `Set WindowBar`). */
export const windowBarStyles: readonly WindowBarStyle[] = ['Colorful', 'ColorfulRight', 'Rings', 'RingsRight'];

/** MAX_FRAME_SIDE is the largest frame width or height in px (H.264 and sane memory use both stop around here). */
export const MAX_FRAME_SIDE = 8192;

/** RenderSettings are the settings of a render; `resolveRenderSettings` fills in the defaults. */
export interface RenderSettings {
  /** A built-in theme name or an asciicast theme JSON file. @default the cast's own theme, else 'dracula' */
  theme?: string;
  /** Font size in px. @default 16 (ignored with `fit`: then the largest size that fits is chosen) */
  fontSize?: number;
  /** Line height: a multiple of the font size (termaudit geometry) or of the font's height (vhs). @default 1.2 */
  lineHeight?: number;
  /** Pixels added to every cell's width, as VHS's `Set LetterSpacing` (rounded). @default 0 */
  letterSpacing?: number;
  /** How cell sizes follow from the font size; a tape's recording uses 'vhs'. @default 'termaudit' */
  geometry?: CellSizing;
  /** Space around the grid in px. @default 16 */
  padding?: number;
  /**
   * Frame width in px (e.g. 1920), odd or even; the frame is exactly this wide. A new recording gets as many
   * columns as fit (unless they are given); a grid is centered in it. @default derived from the grid and font size
   */
  width?: number;
  /** Frame height in px (e.g. 1080), as `width`. @default derived from the grid and font size */
  height?: number;
  /** Shrink or grow the font to the largest size whose grid fits `width`/`height`, instead of keeping the font size. @default false */
  fit?: boolean;
  /** Space around the window (the terminal and its bar) in px, filled with `marginFill`, as VHS's `Set Margin`. @default 0 */
  margin?: number;
  /** Colour of the margin and of what rounded corners uncover, `#rrggbb`. @default the theme's background */
  marginFill?: string;
  /** A window bar drawn above the terminal, as VHS's `Set WindowBar`. @default none */
  windowBar?: WindowBarStyle;
  /** Height of the window bar in px. @default 30 */
  windowBarSize?: number;
  /** Radius of the window's rounded corners in px. @default 0 */
  borderRadius?: number;
  /** Frames per second of the frame grid. @default 30 */
  fps?: number;
  /** Playback speed factor. @default 1 */
  speed?: number;
  /**
   * Longest pause kept, in seconds: every gap between two events of the cast (and before the first) that is
   * longer is cut down to it, as asciinema does. `0` keeps every pause, even under a cast's own limit.
   * @default the cast header's `idle_time_limit`, else no limit
   */
  idleTimeLimit?: number;
  /** How long the final screen is held, in seconds. @default 2 */
  lastFrame?: number;
  /** Output formats. @default ['mp4'] */
  formats?: OutputFormat[];
}

/** renderRules is the rule of every render setting. */
export const renderRules: SettingRules<RenderSettings> = {
  theme: nonEmptyText(),
  fontSize: numberBetween(MIN_FONT_SIZE, 512),
  lineHeight: numberBetween(1, 4),
  letterSpacing: numberBetween(0, 256),
  geometry: oneOf(cellSizings),
  padding: wholeNumber(0, MAX_FRAME_SIDE / 2),
  width: wholeNumber(16, MAX_FRAME_SIDE),
  height: wholeNumber(16, MAX_FRAME_SIDE),
  fit: z.boolean({ error: ruleError('true or false') }),
  margin: wholeNumber(0, MAX_FRAME_SIDE / 2),
  marginFill: z.string({ error: ruleError('a #rrggbb colour') }).trim().regex(/^#?[0-9a-fA-F]{6}$/, { error: 'must be a #rrggbb colour' }),
  windowBar: oneOf(windowBarStyles),
  windowBarSize: wholeNumber(0, MAX_FRAME_SIDE / 2),
  borderRadius: wholeNumber(0, MAX_FRAME_SIDE / 2),
  fps: wholeNumber(1, 120),
  speed: numberAbove(0),
  idleTimeLimit: durationIn('s', { allowZero: true }),
  lastFrame: durationIn('s', { allowZero: true }),
  formats: listOf(outputFormats),
};

/** RENDER_DEFAULTS holds the default of every render setting that has one. */
export const RENDER_DEFAULTS = {
  fontSize: 16,
  lineHeight: 1.2,
  letterSpacing: 0,
  geometry: 'termaudit' as CellSizing,
  padding: 16,
  margin: 0,
  windowBarSize: 30,
  borderRadius: 0,
  fps: 30,
  speed: 1,
  lastFrame: 2,
  formats: ['mp4'] as OutputFormat[],
} satisfies RenderSettings;

/** ResolvedRenderSettings are render settings with every default applied. */
export type ResolvedRenderSettings = Resolved<RenderSettings, typeof RENDER_DEFAULTS>;

/** resolveRenderSettings checks the settings (a problem names its flag) and applies the defaults; later partials win. */
export function resolveRenderSettings(...partials: readonly (RenderSettings | undefined)[]): ResolvedRenderSettings {
  return resolveSettings(renderRules, RENDER_DEFAULTS, layer<RenderSettings>(...partials));
}

/** LayoutSettings are the settings that size a frame. */
export type LayoutSettings = Pick<
  ResolvedRenderSettings,
  'fontSize' | 'lineHeight' | 'letterSpacing' | 'geometry' | 'padding' | 'width' | 'height' | 'fit' | 'margin' | 'marginFill' | 'windowBar' | 'windowBarSize' | 'borderRadius'
>;

/** TimelineSettings are the settings that map recording time onto video time. */
export type TimelineSettings = Pick<ResolvedRenderSettings, 'fps' | 'speed' | 'idleTimeLimit'>;

/** layoutOf picks the layout settings out of render settings (partial ones are resolved first). */
export function layoutOf(settings: RenderSettings = {}): LayoutSettings {
  const { fontSize, lineHeight, letterSpacing, geometry, padding, width, height, fit, margin, marginFill, windowBar, windowBarSize, borderRadius } = resolveRenderSettings(settings);
  return { fontSize, lineHeight, letterSpacing, geometry, padding, width, height, fit, margin, marginFill, windowBar, windowBarSize, borderRadius };
}

/**
 * castRenderSettings returns the render settings a cast's header carries: its `idle_time_limit` (a header's
 * `0`, like `--idle-time-limit 0`, keeps every pause, as asciinema 2 reads it). They are the lowest layer:
 * pass them before the user's settings.
 */
export function castRenderSettings(header: Pick<CastHeader, 'idleTimeLimit'> | undefined): RenderSettings {
  return { idleTimeLimit: header?.idleTimeLimit };
}

/**
 * timelineOf picks the timeline settings out of render settings (partial ones are resolved first), over the
 * cast header's own (`castRenderSettings`) when the header is given.
 */
export function timelineOf(settings: RenderSettings = {}, header?: Pick<CastHeader, 'idleTimeLimit'>): TimelineSettings {
  const { fps, speed, idleTimeLimit } = resolveRenderSettings(castRenderSettings(header), settings);
  return { fps, speed, idleTimeLimit };
}

/** idleLimitOf returns the idle limit a timeline applies, in seconds: undefined for none (unset, or `0`, which turns it off). */
export function idleLimitOf(settings: Pick<RenderSettings, 'idleTimeLimit'>): number | undefined {
  return settings.idleTimeLimit !== undefined && settings.idleTimeLimit > 0 ? settings.idleTimeLimit : undefined;
}
