/**
 * The canvas of every procedurally drawn glyph (box drawing, blocks, braille, Powerline separators and
 * symbols, legacy computing mosaics): a cell-sized 8-bit coverage buffer with painters for whole-pixel
 * rectangles and for supersampled shapes, and the one rounding rule that puts eighths of a cell on whole
 * pixels. Shapes that share an edge with a neighbouring cell put it on the pixels computed here from the
 * cell size alone, so they join with no gap at any size.
 */

/** CellGeometry is the size of one cell (or of the two cells of a wide character) and the thickness of a light line, in px. */
export interface CellGeometry {
  cellWidth: number;
  cellHeight: number;
  /** Thickness of a light line; heavy lines are twice as thick. */
  lineWidth: number;
}

/** Supersampling grid per pixel side for curved and slanted shapes (16 samples per pixel). */
const SAMPLES = 4;

/** eighthStop returns where `eighths`/8 of a length falls, in whole px: every complementary pair of shapes (▀▄, ▌▐, 🮂▆) uses it, so they tile exactly. */
export function eighthStop(length: number, eighths: number): number {
  return Math.round((length * eighths) / 8);
}

/** CoverageMask is a cell-sized coverage buffer (row-major, 0–255) with rectangle and sampled-shape painters. */
export class CoverageMask {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height);
  }

  /** fill sets the pixels of [x0, x1) × [y0, y1), clipped to the cell, to the coverage value. */
  fill(x0: number, y0: number, x1: number, y1: number, value = 255): void {
    const left = Math.max(0, x0);
    const right = Math.min(this.width, x1);
    for (let y = Math.max(0, y0); y < Math.min(this.height, y1); y++) {
      if (right > left) this.data.fill(value, y * this.width + left, y * this.width + right);
    }
  }

  /** sample adds antialiased coverage wherever `inside` holds for sub-pixel sample points, keeping the larger value. */
  sample(inside: (x: number, y: number) => boolean): void {
    for (let py = 0; py < this.height; py++) {
      for (let px = 0; px < this.width; px++) {
        let hits = 0;
        for (let sy = 0; sy < SAMPLES; sy++) {
          for (let sx = 0; sx < SAMPLES; sx++) {
            if (inside(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)) hits++;
          }
        }
        const value = Math.round((hits * 255) / (SAMPLES * SAMPLES));
        const index = py * this.width + px;
        if (value > this.data[index]) this.data[index] = value;
      }
    }
  }

  /** invert turns the shape into its complement, so a shape and its inverse add up to a full cell on every pixel. */
  invert(): this {
    for (let index = 0; index < this.data.length; index++) this.data[index] = 255 - this.data[index];
    return this;
  }

  /** mirror flips the shape left to right, so a left-pointing glyph is pixel for pixel its right-pointing twin. */
  mirror(): this {
    for (let y = 0; y < this.height; y++) this.data.subarray(y * this.width, (y + 1) * this.width).reverse();
    return this;
  }
}

/** nearLine tells whether (x, y) lies within `half` px of the infinite line through (x0, y0) and (x1, y1). */
export function nearLine(x: number, y: number, x0: number, y0: number, x1: number, y1: number, half: number): boolean {
  const dx = x1 - x0;
  const dy = y1 - y0;
  return Math.abs(dy * (x - x0) - dx * (y - y0)) <= half * Math.hypot(dx, dy);
}

/** sameSide tells whether (x, y) lies on the same side of the line through (x0, y0) and (x1, y1) as (refX, refY); points on the line count as on that side. */
export function sameSide(x: number, y: number, x0: number, y0: number, x1: number, y1: number, refX: number, refY: number): boolean {
  const side = (px: number, py: number) => (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0);
  const reference = side(refX, refY);
  const point = side(x, y);
  return point === 0 || Math.sign(point) === Math.sign(reference);
}

/** nearSegment tells whether (x, y) lies within `half` px of the segment from (x0, y0) to (x1, y1), its ends rounded. */
export function nearSegment(x: number, y: number, x0: number, y0: number, x1: number, y1: number, half: number): boolean {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy;
  const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / lengthSquared));
  return Math.hypot(x - (x0 + along * dx), y - (y0 + along * dy)) <= half;
}
