/**
 * The colors a cell is painted with, from its `fg`/`bg` numbers and flags (see `screen.ts` for the
 * encoding), following xterm: bold brightens the 8 basic colors, inverse swaps, dim halves the way to
 * the background, and the block cursor paints the theme's cursor color behind the background color.
 * Pure integer arithmetic, so every machine computes the same pixels.
 */
import { CellFlag, DEFAULT_COLOR, TRUECOLOR_BIT } from '../screen.js';
import type { Theme } from '../theme.js';

/** CellColors are the resolved 0xRRGGBB colors of one cell. */
export interface CellColors {
  foreground: number;
  background: number;
}

/** resolveColor turns a cell color number into 0xRRGGBB; `fallback` is used for DEFAULT_COLOR. */
export function resolveColor(color: number, theme: Theme, fallback: number): number {
  if (color === DEFAULT_COLOR || color < 0) return fallback;
  if (color & TRUECOLOR_BIT) return color & 0xffffff;
  return theme.palette[color & 0xff];
}

/** blendColor mixes `from` toward `to` by alpha/255 per channel, rounding to nearest: from + (to - from) * alpha / 255. */
export function blendColor(from: number, to: number, alpha: number): number {
  const inverse = 255 - alpha;
  const red = (((from >> 16) & 0xff) * inverse + ((to >> 16) & 0xff) * alpha + 127) / 255;
  const green = (((from >> 8) & 0xff) * inverse + ((to >> 8) & 0xff) * alpha + 127) / 255;
  const blue = ((from & 0xff) * inverse + (to & 0xff) * alpha + 127) / 255;
  return ((red << 16) | (green << 8) | blue) >>> 0; // `<<` truncates the quotients to integers
}

/** cellColors resolves a cell's foreground and background; `cursor` paints it as the block cursor. */
export function cellColors(fg: number, bg: number, flags: number, theme: Theme, cursor: boolean): CellColors {
  if (cursor) return { foreground: theme.background, background: theme.cursor };
  // xterm's drawBoldTextInBrightColors: bold text in one of the 8 basic colors uses its bright twin.
  const brightened = flags & CellFlag.bold && fg >= 0 && fg < 8 ? fg + 8 : fg;
  let foreground = resolveColor(brightened, theme, theme.foreground);
  let background = resolveColor(bg, theme, theme.background);
  if (flags & CellFlag.inverse) [foreground, background] = [background, foreground];
  if (flags & CellFlag.dim) foreground = blendColor(foreground, background, 128);
  return { foreground, background };
}
