/**
 * Frame geometry: how big a frame is, where the character grid sits in it and how big one cell is. Pure
 * arithmetic on DejaVu Sans Mono's metrics (no font file is read), so the same options give the same
 * layout on every machine.
 */
import { ConfigError } from '../../errors.js';
import { MONO_METRICS } from './font-metrics.js';
import { terminalSize } from '../../record/record-settings.js';
import { checkSetting } from '../../settings.js';
import { layoutOf, MAX_FRAME_SIDE, MIN_FONT_SIZE, type RenderSettings } from '../render-settings.js';

/** LayoutOptions sets the text size and frame size of rendered frames (see RenderSettings for each and its default). */
export type LayoutOptions = Pick<RenderSettings, 'fontSize' | 'lineHeight' | 'padding' | 'width' | 'height'>;

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

/**
 * FrameGrid is where the character grid sits in a frame's picture: what a report needs to draw a box
 * around cells (cell (row, col) spans x = originX + col × cellWidth, y = originY + row × cellHeight).
 */
export type FrameGrid = Pick<FrameLayout, 'cols' | 'rows' | 'cellWidth' | 'cellHeight' | 'originX' | 'originY'>;

/** frameGrid returns a layout's grid placement. */
export function frameGrid(layout: FrameLayout): FrameGrid {
  const { cols, rows, cellWidth, cellHeight, originX, originY } = layout;
  return { cols, rows, cellWidth, cellHeight, originX, originY };
}

/** FIT_STEP is the step of fitted font sizes (they are multiples of it), fine enough to use nearly all of the frame. */
export const FIT_STEP = 0.25;

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

/** checkEvenSide refuses an odd frame side: the video encoders (H.264 yuv420p) need even sizes. */
function checkEvenSide(name: 'width' | 'height', value: number | undefined): void {
  if (value !== undefined && value % 2 !== 0) {
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
  checkSetting(terminalSize, cols, '--cols');
  checkSetting(terminalSize, rows, '--rows');
  const layout = layoutOf(options);
  const { lineHeight, padding } = layout;
  checkEvenSide('width', layout.width);
  checkEvenSide('height', layout.height);

  const fitted = layout.width !== undefined || layout.height !== undefined;
  const fontSize = fitted ? fitFontSize(cols, rows, lineHeight, padding, layout.width, layout.height) : layout.fontSize;
  const { cellWidth, cellHeight } = cellSize(fontSize, lineHeight);
  const gridWidth = cols * cellWidth;
  const gridHeight = rows * cellHeight;
  const width = layout.width ?? roundUpToEven(gridWidth + 2 * padding);
  const height = layout.height ?? roundUpToEven(gridHeight + 2 * padding);
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
    originX: layout.width !== undefined ? Math.floor((width - gridWidth) / 2) : padding,
    originY: layout.height !== undefined ? Math.floor((height - gridHeight) / 2) : padding,
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
