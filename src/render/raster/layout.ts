/**
 * Frame geometry: how big a frame is, where the character grid sits in it, how big one cell is, and how
 * many columns and rows a new recording gets for a frame size. Pure arithmetic on font metrics (no font
 * file is read), so the same options give the same layout on every machine. Two cell geometries:
 * termaudit's own (DejaVu Sans Mono's advance, a line height that multiplies the font size) and VHS's, for
 * tapes: VHS sizes its terminal in a browser (ttyd, xterm.js) from its first font, JetBrains Mono, and
 * from `Set Width`/`Height`/`Padding`/`Margin`, and termaudit follows the same arithmetic (VHS 0.10, read
 * from charmbracelet/vhs and xterm.js's fit addon) so a tape gets VHS's grid and frame size.
 */
import { ConfigError } from '../../errors.js';
import { MONO_METRICS, VHS_CELL_METRICS } from './font-metrics.js';
import { terminalSize } from '../../record/record-settings.js';
import { checkSetting } from '../../settings.js';
import { layoutOf, MAX_FRAME_SIDE, MIN_FONT_SIZE, type LayoutSettings, type RenderSettings, type WindowBarStyle } from '../render-settings.js';

/** LayoutOptions sets the text size and frame size of rendered frames (see RenderSettings for each and its default). */
export type LayoutOptions = Pick<
  RenderSettings,
  'fontSize' | 'lineHeight' | 'letterSpacing' | 'geometry' | 'padding' | 'width' | 'height' | 'fit' | 'margin' | 'marginFill' | 'windowBar' | 'windowBarSize' | 'borderRadius'
>;

/**
 * FrameWindow is the window VHS draws a terminal in, when a frame has one (a margin, a window bar or rounded
 * corners): the rectangle of the terminal and its bar inside the margin, in px.
 */
export interface FrameWindow {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The window bar across the window's top, `barSize` px high. */
  bar?: WindowBarStyle;
  barSize: number;
  /** Radius of the window's rounded corners in px (0: square). */
  radius: number;
  /** The margin's colour as 0xRRGGBB (what the corners uncover too); undefined: the theme's background. */
  marginFill?: number;
}

/** FrameLayout is the resolved geometry of every frame of a render; all lengths are whole pixels except `fontSize`. */
export interface FrameLayout {
  /** Frame width in px (even when derived from the grid; as given otherwise). */
  width: number;
  /** Frame height in px (as the width). */
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
  /** The window around the terminal, when there is one to draw. */
  window?: FrameWindow;
}

/** chromeOf tells how much room the margin and the window bar take from a frame: around it and, for the bar, above the terminal. */
function chromeOf(layout: LayoutSettings): { margin: number; bar: number } {
  return { margin: layout.margin, bar: layout.windowBar === undefined ? 0 : layout.windowBarSize };
}

/** aroundText names what takes room around a grid besides itself: `padding 60 px` and, when there, the margin and window bar. */
function aroundText(layout: LayoutSettings, side: 'width' | 'height'): string {
  const { margin, bar } = chromeOf(layout);
  const onEachSide = [`padding ${layout.padding} px`, ...(margin > 0 ? [`margin ${margin} px`] : [])].join(' and ');
  return `${onEachSide}${margin > 0 ? ' on each side' : ''}${side === 'height' && bar > 0 ? ` and a window bar of ${bar} px` : ''}`;
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

/** CellOptions are what a cell's size depends on besides the font size and line height. */
export type CellOptions = Pick<LayoutSettings, 'geometry' | 'letterSpacing'>;

/**
 * cellSize returns the whole-pixel cell width and height for a font size and line height. termaudit's
 * geometry: the font's advance rounded, the font size times the line height rounded. VHS's (xterm.js's
 * canvas renderer, measuring JetBrains Mono as Chromium does): the advance floored plus the rounded
 * letter spacing; the ascent and descent each rounded, their sum times the line height floored.
 */
export function cellSize(fontSize: number, lineHeight: number, options: Partial<CellOptions> = {}): { cellWidth: number; cellHeight: number } {
  const letterSpacing = Math.round(options.letterSpacing ?? 0);
  if ((options.geometry ?? 'termaudit') === 'vhs') {
    const { unitsPerEm, advance, ascender, descent } = VHS_CELL_METRICS;
    // The tiny epsilon keeps products that are whole numbers in exact arithmetic (0.6 × 20) from flooring one lower.
    const fontHeight = Math.round((fontSize * ascender) / unitsPerEm) + Math.round((fontSize * descent) / unitsPerEm);
    return {
      cellWidth: Math.max(1, Math.floor((fontSize * advance) / unitsPerEm + 1e-9) + letterSpacing),
      cellHeight: Math.max(1, Math.floor(fontHeight * lineHeight + 1e-9)),
    };
  }
  return {
    cellWidth: Math.max(1, Math.round((fontSize * MONO_METRICS.advance) / MONO_METRICS.unitsPerEm) + letterSpacing),
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

const roundUpToEven = (value: number) => value + (value % 2);

/**
 * The browser terminal VHS records pads its grid by 5 px on each side (ttyd's page) and keeps 15 px for
 * the scroll bar (xterm.js's fit addon counts it whenever there is scrollback).
 */
const VHS_TERMINAL_PADDING = 5;
const VHS_SCROLLBAR_WIDTH = 15;

/**
 * terminalSizeFor returns the columns and rows a new recording gets so that its grid fills a frame of the
 * settings' width and height, or, for a side not given, nothing (the recording's own default applies).
 * VHS's geometry: cols = max(2, ⌊(W − 2·padding − 2·margin − 10 − 15) / cell width⌋),
 * rows = max(1, ⌊(H − 2·padding − 2·margin − bar − 10) / cell height⌋), as VHS's browser fits its
 * terminal. termaudit's: as many cells as fit inside the padding, margin and bar. With `fit`, the font
 * follows the grid instead, so nothing is derived.
 */
export function terminalSizeFor(settings: RenderSettings): { cols?: number; rows?: number } {
  const layout = layoutOf(settings);
  if (layout.fit) return {};
  const { cellWidth, cellHeight } = cellSize(layout.fontSize, layout.lineHeight, layout);
  const { margin, bar } = chromeOf(layout);
  const vhs = layout.geometry === 'vhs';
  const size: { cols?: number; rows?: number } = {};
  if (layout.width !== undefined) {
    const room = layout.width - 2 * layout.padding - 2 * margin - (vhs ? 2 * VHS_TERMINAL_PADDING + VHS_SCROLLBAR_WIDTH : 0);
    size.cols = cellsIn(room, cellWidth, vhs ? 2 : 1, 'width', layout);
  }
  if (layout.height !== undefined) {
    const room = layout.height - 2 * layout.padding - 2 * margin - bar - (vhs ? 2 * VHS_TERMINAL_PADDING : 0);
    size.rows = cellsIn(room, cellHeight, 1, 'height', layout);
  }
  return size;
}

/**
 * cellsIn counts the cells of `cell` px that fit in `room` px, at least `least` (VHS's minimum: 2 columns,
 * 1 row). Where even those do not fit in the frame beside its padding, margin and window bar, the terminal
 * would be larger than its frame (VHS draws it so): throws ConfigError naming the side and what took its
 * space instead.
 */
function cellsIn(room: number, cell: number, least: number, side: 'width' | 'height', layout: LayoutSettings): number {
  const cells = Math.max(least, Math.floor(room / cell));
  const size = layout[side]!;
  const { margin, bar } = chromeOf(layout);
  const needed = cells * cell + 2 * (layout.padding + margin) + (side === 'height' ? bar : 0);
  if (needed <= size) return cells;
  const grid = side === 'width' ? `${cells} column${cells === 1 ? '' : 's'} at font size ${layout.fontSize} px need${cells === 1 ? 's' : ''}` : `${cells === 1 ? 'a row' : `${cells} rows`} at font size ${layout.fontSize} px need${cells === 1 ? 's' : ''}`;
  throw new ConfigError(`--${side}: ${grid} ${needed} px with ${aroundText(layout, side)}, more than ${size} px; give ${largerAdvice(layout, side)}`);
}

/** largerAdvice says how to make room on a side: `a larger --height, a smaller --font-size, --padding or --margin, or --fit to shrink the font`. */
function largerAdvice(layout: LayoutSettings, side: 'width' | 'height'): string {
  const { margin, bar } = chromeOf(layout);
  const smaller = ['--font-size', '--padding', ...(margin > 0 ? ['--margin'] : []), ...(side === 'height' && bar > 0 ? ['--window-bar-size'] : [])];
  const smallerText = smaller.length === 2 ? smaller.join(' or ') : `${smaller.slice(0, -1).join(', ')} or ${smaller.at(-1)}`;
  return `a larger --${side}, a smaller ${smallerText}, or --fit to shrink the font`;
}

/**
 * planLayout sizes the frames for a `cols`×`rows` grid. A side not given is derived from the grid at the
 * font size, plus the padding (rounded up to even). A side given is the frame's exact size, odd or even
 * (the video encoders pad an odd side by one pixel of background), and the grid is centered in it at the
 * font size; with `fit`, at the largest font size (a multiple of FIT_STEP) whose grid fits. Throws
 * ConfigError naming the option when an option is out of range or the grid does not fit.
 */
export function planLayout(cols: number, rows: number, options: LayoutOptions = {}): FrameLayout {
  checkSetting(terminalSize, cols, '--cols');
  checkSetting(terminalSize, rows, '--rows');
  const layout = layoutOf(options);
  const { lineHeight, padding } = layout;
  const { margin, bar } = chromeOf(layout);

  const fitted = layout.fit === true && (layout.width !== undefined || layout.height !== undefined);
  const fontSize = fitted ? fitFontSize(cols, rows, layout) : layout.fontSize;
  const { cellWidth, cellHeight } = cellSize(fontSize, lineHeight, layout);
  const gridWidth = cols * cellWidth;
  const gridHeight = rows * cellHeight;
  if (!fitted) checkGridFits(cols, rows, gridWidth, gridHeight, layout);
  const width = layout.width ?? roundUpToEven(gridWidth + 2 * (padding + margin));
  const height = layout.height ?? roundUpToEven(gridHeight + 2 * (padding + margin) + bar);
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
    // Given sides center the grid in the terminal's room (inside the margin, below the bar); derived sides
    // keep the padding (the odd pixel, if any, goes right/bottom).
    originX: margin + (layout.width !== undefined ? Math.floor((width - 2 * margin - gridWidth) / 2) : padding),
    originY: margin + bar + (layout.height !== undefined ? Math.floor((height - 2 * margin - bar - gridHeight) / 2) : padding),
    fontSize,
    baseline: baselineOffset(fontSize, cellHeight),
    ...(windowOf(layout, width, height) && { window: windowOf(layout, width, height) }),
  };
}

/** windowOf places the window inside the margin, when the layout has one to draw (a margin, a window bar or rounded corners). */
function windowOf(layout: LayoutSettings, width: number, height: number): FrameWindow | undefined {
  const { margin } = chromeOf(layout);
  if (margin === 0 && layout.windowBar === undefined && layout.borderRadius === 0) return undefined;
  return {
    x: margin,
    y: margin,
    width: width - 2 * margin,
    height: height - 2 * margin,
    ...(layout.windowBar !== undefined && { bar: layout.windowBar }),
    barSize: layout.windowBar === undefined ? 0 : layout.windowBarSize,
    radius: layout.borderRadius,
    ...(layout.marginFill !== undefined && { marginFill: Number.parseInt(layout.marginFill.replace('#', ''), 16) }),
  };
}

/** checkGridFits throws ConfigError, naming the side, when a grid at its font size is larger than a given frame side less the padding. */
function checkGridFits(cols: number, rows: number, gridWidth: number, gridHeight: number, layout: LayoutSettings): void {
  const sides = [
    ['width', layout.width, gridWidth],
    ['height', layout.height, gridHeight],
  ] as const;
  const { margin, bar } = chromeOf(layout);
  for (const [name, size, grid] of sides) {
    const needed = grid + 2 * (layout.padding + margin) + (name === 'height' ? bar : 0);
    if (size === undefined || needed <= size) continue;
    throw new ConfigError(
      `--${name}: a ${cols}x${rows} grid at font size ${layout.fontSize} px needs ${needed} px with ${aroundText(layout, name)}, more than ${size} px; give ${largerAdvice(layout, name)}`,
    );
  }
}

/** fitFontSize finds the largest font size (a multiple of FIT_STEP) whose grid fits the given sides. */
function fitFontSize(cols: number, rows: number, layout: LayoutSettings): number {
  const { lineHeight, width, height } = layout;
  const { margin, bar } = chromeOf(layout);
  // The padding, margin and bar take this much of each side, whatever the font size.
  const padding = layout.padding + margin;
  const fits = (fontSize: number) => {
    const { cellWidth, cellHeight } = cellSize(fontSize, lineHeight, layout);
    return (width === undefined || cols * cellWidth + 2 * padding <= width) && (height === undefined || rows * cellHeight + 2 * padding + bar <= height);
  };
  // Cell sizes only grow with the font size, so counting down from an upper bound finds the largest fit.
  // The bound: a cell is at least 1/2 em wide and 1 line-height high in both geometries.
  const bounds: number[] = [MAX_FRAME_SIDE];
  if (width !== undefined) bounds.push((2 * (width - 2 * padding)) / cols + 1);
  if (height !== undefined) bounds.push((height - 2 * padding - bar) / rows / lineHeight + 1);
  for (let steps = Math.ceil(Math.min(...bounds) / FIT_STEP); steps * FIT_STEP >= MIN_FONT_SIZE; steps--) {
    if (fits(steps * FIT_STEP)) return steps * FIT_STEP;
  }
  const columnsFit = width === undefined || cols * cellSize(MIN_FONT_SIZE, lineHeight, layout).cellWidth + 2 * padding <= width;
  const name = columnsFit ? 'height' : 'width';
  const size = name === 'width' ? width : height;
  throw new ConfigError(
    `--${name}: a ${cols}x${rows} grid does not fit in ${size} px with ${aroundText(layout, name)} even at font size ${MIN_FONT_SIZE} px; use a larger --${name} or a smaller --padding${margin > 0 ? ' or --margin' : ''}`,
  );
}
