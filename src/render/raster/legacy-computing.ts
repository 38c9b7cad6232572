/**
 * Symbols for Legacy Computing U+1FB00–U+1FB8B drawn from geometry, as box drawing is: the block sextants
 * (a 2×3 grid, used by terminal image and chart tools), the smooth mosaic wedges that cut those cells
 * diagonally, the triangles to the cell's center and the eighth blocks. Every edge lies on the grid of
 * the half blocks and sextants (half the width, thirds and eighths of the height, all rounded the same way
 * from the cell size), so mosaics tile with no gap. The bundled fonts have none of these characters.
 */
import { CoverageMask, eighthStop, sameSide, type CellGeometry } from './coverage-mask.js';

/** legacyComputingMask draws a character of U+1FB00–U+1FB8B into a cell-sized coverage mask. */
export function legacyComputingMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const mask = new CoverageMask(geometry.cellWidth, geometry.cellHeight);
  if (codePoint <= 0x1fb3b) drawSextants(mask, sextantBits(codePoint - 0x1fb00));
  else if (codePoint <= 0x1fb67) drawWedge(mask, codePoint);
  else if (codePoint <= 0x1fb6f) drawCenterTriangle(mask, codePoint);
  else drawEighths(mask, EIGHTHS[codePoint - 0x1fb70]);
  return mask.data;
}

/** The pixel grid of a cell: the middle column and the thirds of the height, as sextants and wedges use them. */
function gridOf(mask: CoverageMask) {
  const { width, height } = mask;
  return { middle: eighthStop(width, 4), thirds: [0, Math.round(height / 3), Math.round((2 * height) / 3), height] };
}

/**
 * sextantBits returns the cells a sextant fills, bit 0 upper left to bit 5 lower right (row by row). The
 * block numbers the 64 patterns in order but leaves out the four other blocks have already (empty, full
 * and the left and right halves ▌▐, patterns 0, 63, 21 and 42).
 */
export function sextantBits(index: number): number {
  let bits = index + 1;
  if (bits >= 21) bits++;
  if (bits >= 42) bits++;
  return bits;
}

function drawSextants(mask: CoverageMask, bits: number): void {
  const { middle, thirds } = gridOf(mask);
  for (let cell = 0; cell < 6; cell++) {
    if (!(bits & (1 << cell))) continue;
    const row = cell >> 1;
    const right = cell & 1;
    mask.fill(right ? middle : 0, thirds[row], right ? mask.width : middle, thirds[row + 1]);
  }
}

/** Points of the sextant grid a wedge's diagonal runs between: corners, the middles of the top and bottom edges, the thirds of the side edges. */
type GridPoint = 'UL' | 'UC' | 'UR' | 'UML' | 'UMR' | 'LML' | 'LMR' | 'LL' | 'LC' | 'LR';

/**
 * The smooth mosaics U+1FB3C–U+1FB51 as [from, to, filled corner]: the part of the cell on the corner's
 * side of the diagonal is filled. U+1FB52–U+1FB67 are the same diagonals with the other side filled.
 * The names follow the Unicode character names (U upper, L lower or left, M middle, C centre, R right).
 */
const WEDGES: ReadonlyArray<readonly [GridPoint, GridPoint, 'LL' | 'LR']> = [
  ['LML', 'LC', 'LL'], ['LML', 'LR', 'LL'], ['UML', 'LC', 'LL'], ['UML', 'LR', 'LL'], ['UL', 'LC', 'LL'],
  ['UML', 'UC', 'LR'], ['UML', 'UR', 'LR'], ['LML', 'UC', 'LR'], ['LML', 'UR', 'LR'], ['LL', 'UC', 'LR'], ['LML', 'UMR', 'LR'],
  ['LC', 'LMR', 'LR'], ['LL', 'LMR', 'LR'], ['LC', 'UMR', 'LR'], ['LL', 'UMR', 'LR'], ['LC', 'UR', 'LR'],
  ['UC', 'UMR', 'LL'], ['UL', 'UMR', 'LL'], ['UC', 'LMR', 'LL'], ['UL', 'LMR', 'LL'], ['UC', 'LR', 'LL'], ['UML', 'LMR', 'LL'],
];

function drawWedge(mask: CoverageMask, codePoint: number): void {
  const { width, height } = mask;
  const { middle, thirds } = gridOf(mask);
  const points: Record<GridPoint, readonly [number, number]> = {
    UL: [0, 0], UC: [middle, 0], UR: [width, 0],
    UML: [0, thirds[1]], UMR: [width, thirds[1]],
    LML: [0, thirds[2]], LMR: [width, thirds[2]],
    LL: [0, height], LC: [middle, height], LR: [width, height],
  };
  const complement = codePoint >= 0x1fb52;
  const [from, to, corner] = WEDGES[codePoint - (complement ? 0x1fb52 : 0x1fb3c)];
  const [x0, y0] = points[from];
  const [x1, y1] = points[to];
  const [cornerX, cornerY] = points[corner];
  mask.sample((x, y) => sameSide(x, y, x0, y0, x1, y1, cornerX, cornerY));
  // The complement is the exact inverse, so a wedge and its complement in adjacent layers add up to a full cell.
  if (complement) mask.invert();
}

/** U+1FB6C–U+1FB6F are the triangles from the left, top, right and bottom edge to the center; U+1FB68–U+1FB6B their complements. */
function drawCenterTriangle(mask: CoverageMask, codePoint: number): void {
  const { width, height } = mask;
  const center = [eighthStop(width, 4), eighthStop(height, 4)] as const;
  const edges: ReadonlyArray<readonly [number, number, number, number]> = [
    [0, 0, 0, height], // left
    [0, 0, width, 0], // upper
    [width, 0, width, height], // right
    [0, height, width, height], // lower
  ];
  const [ax, ay, bx, by] = edges[(codePoint - 0x1fb68) % 4];
  const [cx, cy] = center;
  mask.sample((x, y) => sameSide(x, y, ax, ay, bx, by, cx, cy) && sameSide(x, y, bx, by, cx, cy, ax, ay) && sameSide(x, y, cx, cy, ax, ay, bx, by));
  if (codePoint < 0x1fb6c) mask.invert();
}

/** Rectangles in eighths of the cell [left, top, right, bottom] of U+1FB70–U+1FB8B. */
const EIGHTHS: ReadonlyArray<ReadonlyArray<readonly [number, number, number, number]>> = [
  // U+1FB70–U+1FB75 vertical one eighth blocks 2–7, U+1FB76–U+1FB7B horizontal one eighth blocks 2–7
  ...[2, 3, 4, 5, 6, 7].map((column) => [[column - 1, 0, column, 8] as const]),
  ...[2, 3, 4, 5, 6, 7].map((row) => [[0, row - 1, 8, row] as const]),
  [[0, 0, 1, 8], [0, 7, 8, 8]], // U+1FB7C left and lower one eighth
  [[0, 0, 1, 8], [0, 0, 8, 1]], // U+1FB7D left and upper
  [[7, 0, 8, 8], [0, 0, 8, 1]], // U+1FB7E right and upper
  [[7, 0, 8, 8], [0, 7, 8, 8]], // U+1FB7F right and lower
  [[0, 0, 8, 1], [0, 7, 8, 8]], // U+1FB80 upper and lower
  [[0, 0, 8, 1], [0, 2, 8, 3], [0, 4, 8, 5], [0, 7, 8, 8]], // U+1FB81 horizontal one eighth blocks 1, 3, 5 and 8
  // U+1FB82–U+1FB86 upper 2, 3, 5, 6 and 7 eighths, U+1FB87–U+1FB8B right 2, 3, 5, 6 and 7 eighths
  ...[2, 3, 5, 6, 7].map((eighths) => [[0, 0, 8, eighths] as const]),
  ...[2, 3, 5, 6, 7].map((eighths) => [[8 - eighths, 0, 8, 8] as const]),
];

function drawEighths(mask: CoverageMask, rectangles: ReadonlyArray<readonly [number, number, number, number]>): void {
  const { width, height } = mask;
  for (const [left, top, right, bottom] of rectangles) {
    mask.fill(eighthStop(width, left), eighthStop(height, top), eighthStop(width, right), eighthStop(height, bottom));
  }
}
