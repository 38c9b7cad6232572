/**
 * Frame geometry: how big a frame is, where the character grid sits in it and how big one cell is. Pure
 * arithmetic on DejaVu Sans Mono's metrics (no font file is read), so the same options give the same
 * layout on every machine.
 */
import { ConfigError } from '../../errors.js';
import { MONO_METRICS } from './font-metrics.js';

/** LayoutOptions sets the text size and frame size of rendered frames. */
export interface LayoutOptions {
  /** Font size in px. @default 16 (ignored when width/height are given: then the largest size that fits is chosen) */
  fontSize?: number;
  /** Line height as a multiple of the font size. @default 1.2 */
  lineHeight?: number;
  /** Space around the grid in px. @default 16 */
  padding?: number;
  /** Fit the grid into this pixel width (e.g. 1920); the frame is exactly this wide. */
  width?: number;
  /** Fit the grid into this pixel height (e.g. 1080); the frame is exactly this high. */
  height?: number;
}

/** FrameLayout is the resolved geometry of every frame of a render; all lengths are whole pixels except `fontSize`. */
export interface FrameLayout {
  /** Frame width in px (even). */
  width: number;
  /** Frame height in px (even). */
  height: number;
  /** Columns of the grid. */
  cols: number;
  /** Rows of the grid. */
  rows: number;
  /** Width of one cell in px. */
  cellWidth: number;
  /** Height of one cell in px. */
  cellHeight: number;
  /** Left edge of the grid in px. */
  originX: number;
  /** Top edge of the grid in px. */
  originY: number;
  /** Font size in px (a multiple of 1/4 when fitted). */
  fontSize: number;
  /** Baseline in px from the cell top. */
  baseline: number;
}

/** LAYOUT_DEFAULTS holds the defaults of `LayoutOptions`. */
export const LAYOUT_DEFAULTS = { fontSize: 16, lineHeight: 1.2, padding: 16 } as const;

/** MIN_FONT_SIZE is the smallest font size in px a layout accepts or fits down to (smaller is unreadable). */
export const MIN_FONT_SIZE = 4;

/** MAX_FRAME_SIDE is the largest frame width or height in px (H.264 and sane memory use both stop around here). */
export const MAX_FRAME_SIDE = 8192;

/** Fitted font sizes are multiples of this step, fine enough to use nearly all of the frame. */
const FIT_STEP = 0.25;

/** cellSize returns the whole-pixel cell width and height for a font size and line height. */
export function cellSize(fontSize: number, lineHeight: number): { cellWidth: number; cellHeight: number } {
  return {
    cellWidth: Math.max(1, Math.round((fontSize * MONO_METRICS.advance) / MONO_METRICS.unitsPerEm)),
    cellHeight: Math.max(1, Math.round(fontSize * lineHeight)),
  };
}

/** lineThickness returns the thickness in px of underlines, strikethroughs and light box-drawing lines: 1 px per 14 px of font, at least 1. */
export function lineThickness(fontSize: number): number {
  return Math.max(1, Math.round(fontSize / 14));
}

/** baselineOffset returns the baseline in px from the cell top: the font's extent centered in the cell, snapped to a whole pixel. */
export function baselineOffset(fontSize: number, cellHeight: number): number {
  const ascent = (fontSize * MONO_METRICS.ascender) / MONO_METRICS.unitsPerEm;
  const descent = (-fontSize * MONO_METRICS.descender) / MONO_METRICS.unitsPerEm;
  const top = (cellHeight - (ascent + descent)) / 2;
  return Math.min(cellHeight - 1, Math.max(1, Math.round(top + ascent)));
}

function checkGridSize(name: 'cols' | 'rows', value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new ConfigError(`--${name}: ${value} is not a grid size; it must be a whole number from 1 to 10000`);
  }
}

function checkFrameSide(name: 'width' | 'height', value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 2 || value > MAX_FRAME_SIDE) {
    throw new ConfigError(`--${name}: ${value} px is not a frame size; it must be a whole number from 2 to ${MAX_FRAME_SIDE}`);
  }
  if (value % 2 !== 0) {
    throw new ConfigError(`--${name}: ${value} px is odd; video encoders (H.264 yuv420p) need an even size, e.g. ${value + 1}`);
  }
}

const roundUpToEven = (value: number) => value + (value % 2);

/**
 * planLayout sizes the frames for a `cols`×`rows` grid: from the font size, or, when `width` and/or
 * `height` are given, with the largest font size whose grid fits inside them (the grid is then centered).
 * Throws ConfigError naming the option when an option is out of range or the grid cannot fit.
 */
export function planLayout(cols: number, rows: number, options: LayoutOptions = {}): FrameLayout {
  checkGridSize('cols', cols);
  checkGridSize('rows', rows);
  const lineHeight = options.lineHeight ?? LAYOUT_DEFAULTS.lineHeight;
  if (!Number.isFinite(lineHeight) || lineHeight < 1 || lineHeight > 4) {
    throw new ConfigError(`--line-height: ${lineHeight} is out of range; it is a multiple of the font size from 1 to 4 (e.g. 1.2)`);
  }
  const padding = options.padding ?? LAYOUT_DEFAULTS.padding;
  if (!Number.isInteger(padding) || padding < 0 || padding > MAX_FRAME_SIDE / 2) {
    throw new ConfigError(`--padding: ${padding} px is out of range; it must be a whole number of px from 0 to ${MAX_FRAME_SIDE / 2}`);
  }
  checkFrameSide('width', options.width);
  checkFrameSide('height', options.height);

  const fitted = options.width !== undefined || options.height !== undefined;
  const fontSize = fitted ? fitFontSize(cols, rows, lineHeight, padding, options.width, options.height) : options.fontSize ?? LAYOUT_DEFAULTS.fontSize;
  if (!fitted && (!Number.isFinite(fontSize) || fontSize < MIN_FONT_SIZE || fontSize > 512)) {
    throw new ConfigError(`--font-size: ${fontSize} px is out of range; it must be from ${MIN_FONT_SIZE} to 512`);
  }
  const { cellWidth, cellHeight } = cellSize(fontSize, lineHeight);
  const gridWidth = cols * cellWidth;
  const gridHeight = rows * cellHeight;
  const width = options.width ?? roundUpToEven(gridWidth + 2 * padding);
  const height = options.height ?? roundUpToEven(gridHeight + 2 * padding);
  if (width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE) {
    throw new ConfigError(
      `--font-size: a ${cols}x${rows} grid at ${fontSize} px makes a ${width}x${height} frame, larger than ${MAX_FRAME_SIDE} px; use a smaller --font-size or give --width/--height`,
    );
  }
  return {
    width,
    height,
    cols,
    rows,
    cellWidth,
    cellHeight,
    // Fitted sides center the grid; derived sides keep the padding (the odd pixel, if any, goes right/bottom).
    originX: options.width !== undefined ? Math.floor((width - gridWidth) / 2) : padding,
    originY: options.height !== undefined ? Math.floor((height - gridHeight) / 2) : padding,
    fontSize,
    baseline: baselineOffset(fontSize, cellHeight),
  };
}

/** fitFontSize finds the largest font size (a multiple of FIT_STEP) whose grid fits the given sides. */
function fitFontSize(cols: number, rows: number, lineHeight: number, padding: number, width?: number, height?: number): number {
  const fits = (fontSize: number) => {
    const { cellWidth, cellHeight } = cellSize(fontSize, lineHeight);
    return (width === undefined || cols * cellWidth + 2 * padding <= width) && (height === undefined || rows * cellHeight + 2 * padding <= height);
  };
  // Cell sizes only grow with the font size, so counting down from an upper bound finds the largest fit.
  const bounds: number[] = [];
  if (width !== undefined) bounds.push(((Math.floor((width - 2 * padding) / cols) + 0.5) * MONO_METRICS.unitsPerEm) / MONO_METRICS.advance);
  if (height !== undefined) bounds.push((Math.floor((height - 2 * padding) / rows) + 0.5) / lineHeight);
  for (let steps = Math.ceil(Math.min(...bounds) / FIT_STEP); steps * FIT_STEP >= MIN_FONT_SIZE; steps--) {
    if (fits(steps * FIT_STEP)) return steps * FIT_STEP;
  }
  const name = width !== undefined && !columnsFitAtMinimum(cols, lineHeight, padding, width) ? 'width' : 'height';
  const size = name === 'width' ? width : height;
  throw new ConfigError(
    `--${name}: a ${cols}x${rows} grid does not fit in ${size} px with padding ${padding} px even at font size ${MIN_FONT_SIZE} px; use a larger --${name} or a smaller --padding`,
  );
}

/** columnsFitAtMinimum tells whether the columns fit the width at the smallest font size (to name the side that is too small). */
function columnsFitAtMinimum(cols: number, lineHeight: number, padding: number, width: number): boolean {
  return cols * cellSize(MIN_FONT_SIZE, lineHeight).cellWidth + 2 * padding <= width;
}
