/**
 * Evidence drawn on the frame: cell ranges (ScorecardEvidence.cells) become pixel boxes on the frame's
 * picture (ScorecardFrame.grid says where the grid sits), crops show the part of a frame where an issue is,
 * and marked-up crops (boxes burnt in) serve reports that cannot overlay an SVG (Markdown). The HTML report
 * draws the same boxes as an SVG over the embedded image, so they stay crisp and carry a title.
 */
import sharp from 'sharp';
import { pixelDifference } from '../compare/screen-diff.js';
import type { CellRange } from '../evaluate/types.js';
import type { FrameGrid } from '../render/raster/layout.js';
import type { ScorecardFrame } from '../score/types.js';
import type { IssueFocus } from './report-plan.js';

/** PixelBox is a rectangle in a picture's pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** cellBoxes turns cell ranges into pixel boxes on a frame drawn with `grid`. */
export function cellBoxes(cells: readonly CellRange[], grid: FrameGrid): PixelBox[] {
  return cells.map((cell) => ({
    x: grid.originX + cell.col * grid.cellWidth,
    y: grid.originY + cell.row * grid.cellHeight,
    width: cell.width * grid.cellWidth,
    height: cell.height * grid.cellHeight,
  }));
}

/** CropOptions sets the smallest crop, in cells, and the margin kept around the boxes. */
export interface CropOptions {
  /** @default 56 */
  minCols?: number;
  /** @default 9 */
  minRows?: number;
  /** Cells of context around the boxes. @default 2 */
  margin?: number;
  /** The largest crop, in cells: boxes spread wider (low contrast all over the screen) are shown from the first of them in reading order. @default 72 */
  maxCols?: number;
  /** @default 14 */
  maxRows?: number;
}

/**
 * cropAround returns the part of a frame to show for some boxes: their bounding box with a margin, grown
 * to at least minCols × minRows cells around its centre and cut to at most maxCols × maxRows from the first
 * box, kept inside the frame. Without boxes (or without a grid) it is the whole frame.
 */
export function cropAround(boxes: readonly PixelBox[], frame: { width: number; height: number }, grid: FrameGrid | undefined, options: CropOptions = {}): PixelBox {
  if (boxes.length === 0 || !grid) return { x: 0, y: 0, width: frame.width, height: frame.height };
  const margin = options.margin ?? 2;
  let left = Math.min(...boxes.map((box) => box.x)) - margin * grid.cellWidth;
  let top = Math.min(...boxes.map((box) => box.y)) - margin * grid.cellHeight;
  let right = Math.max(...boxes.map((box) => box.x + box.width)) + margin * grid.cellWidth;
  let bottom = Math.max(...boxes.map((box) => box.y + box.height)) + margin * grid.cellHeight;
  // Boxes spread over more than the largest crop are shown from the first of them, read top to bottom.
  const first = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x)[0]!;
  const maxWidth = (options.maxCols ?? 72) * grid.cellWidth;
  const maxHeight = (options.maxRows ?? 14) * grid.cellHeight;
  if (right - left > maxWidth) {
    left = Math.max(0, Math.min(first.x - margin * grid.cellWidth, frame.width - maxWidth));
    right = left + maxWidth;
  }
  if (bottom - top > maxHeight) {
    top = Math.max(0, Math.min(first.y - margin * grid.cellHeight, frame.height - maxHeight));
    bottom = top + maxHeight;
  }
  const grow = (low: number, high: number, least: number, limit: number): [number, number] => {
    const size = Math.min(limit, Math.max(high - low, least));
    const centre = (low + high) / 2;
    const start = Math.round(Math.min(Math.max(0, centre - size / 2), limit - size));
    return [start, start + size];
  };
  [left, right] = grow(left, right, (options.minCols ?? 56) * grid.cellWidth, frame.width);
  [top, bottom] = grow(top, bottom, (options.minRows ?? 9) * grid.cellHeight, frame.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** boxesIn moves boxes into a crop's coordinates, clipped to it; boxes wholly outside are dropped. */
export function boxesIn(boxes: readonly PixelBox[], crop: PixelBox): PixelBox[] {
  const inside: PixelBox[] = [];
  for (const box of boxes) {
    const x = Math.max(box.x, crop.x);
    const y = Math.max(box.y, crop.y);
    const right = Math.min(box.x + box.width, crop.x + crop.width);
    const bottom = Math.min(box.y + box.height, crop.y + crop.height);
    if (right > x && bottom > y) inside.push({ x: x - crop.x, y: y - crop.y, width: right - x, height: bottom - y });
  }
  return inside;
}

/** Figure is a crop of one frame with the boxes to draw on it (in the crop's pixels). */
export interface Figure {
  frame: number;
  /** The crop as a PNG. */
  png: Buffer;
  width: number;
  height: number;
  /** Where the crop is in the frame. */
  crop: PixelBox;
  /** The crop is the whole frame. */
  whole: boolean;
  boxes: PixelBox[];
  mark?: string;
}

/** cropPng cuts a crop out of a PNG. */
async function cropPng(png: Buffer, crop: PixelBox): Promise<Buffer> {
  return sharp(png).extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height }).png({ compressionLevel: 9 }).toBuffer();
}

/**
 * makeFigure crops a frame's PNG where a focus is (its cells' boxes, with context), or at `crop` when given
 * (so a baseline's view shows the same part of the screen as the current one).
 */
export async function makeFigure(png: Buffer, frame: ScorecardFrame, focus: IssueFocus, options: CropOptions & { crop?: PixelBox } = {}): Promise<Figure> {
  const boxes = frame.grid ? cellBoxes(focus.cells, frame.grid) : [];
  const crop = options.crop ?? cropAround(boxes, frame, frame.grid, options);
  const whole = crop.x === 0 && crop.y === 0 && crop.width === frame.width && crop.height === frame.height;
  return { frame: frame.number, png: await cropPng(png, crop), width: crop.width, height: crop.height, crop, whole, boxes: boxesIn(boxes, crop), ...(focus.mark ? { mark: focus.mark } : {}) };
}

/** boxStroke is the width in px of the lines drawn around evidence: thick enough to see on a scaled-down crop. */
export function boxStroke(width: number): number {
  return Math.max(2, Math.round(width / 400));
}

/**
 * overlaySvgShapes draws boxes as SVG: a dark halo under a bright outline, so they show on light and dark
 * screens alike (the same shapes the HTML report puts over its images).
 */
export function overlaySvgShapes(boxes: readonly PixelBox[], stroke: number): string {
  return boxes
    .map(
      (box) =>
        `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="none" stroke="#000" stroke-opacity="0.75" stroke-width="${stroke * 2}"/>` +
        `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="#ff2fd1" fill-opacity="0.12" stroke="#ff2fd1" stroke-width="${stroke}"/>`,
    )
    .join('');
}

/** markedUpPng burns a figure's boxes into its crop: the Markdown report's picture of where the evidence is. */
export async function markedUpPng(figure: Figure): Promise<Buffer> {
  if (figure.boxes.length === 0) return figure.png;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${figure.width}" height="${figure.height}">${overlaySvgShapes(figure.boxes, boxStroke(figure.width))}</svg>`;
  return sharp(figure.png).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).png({ compressionLevel: 9 }).toBuffer();
}

/** differenceFigure compares two crops of the same size pixel by pixel: the changed pixels' count and picture, or undefined when the sizes differ. */
export async function differenceFigure(before: Figure, after: Figure): Promise<{ png: Buffer; count: number; ratio: number } | undefined> {
  if (before.width !== after.width || before.height !== after.height) return undefined;
  const raw = async (png: Buffer) => sharp(png).ensureAlpha().raw().toBuffer();
  const [a, b] = await Promise.all([raw(before.png), raw(after.png)]);
  const { count, pixels } = pixelDifference(a, b, before.width, before.height);
  const png = await sharp(pixels, { raw: { width: before.width, height: before.height, channels: 4 } }).png({ compressionLevel: 9 }).toBuffer();
  return { png, count, ratio: count / (before.width * before.height) };
}
