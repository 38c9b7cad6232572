/**
 * Box drawing (U+2500–U+257F), block elements (U+2580–U+259F) and braille (U+2800–U+28FF) drawn from
 * geometry instead of a font: font outlines for these never line up exactly with an integer cell, which
 * leaves gaps and seams between cells. Here every line is placed on whole pixels computed only from the
 * cell size, so the same line sits on the same pixel rows in every cell and joins its neighbours exactly.
 * Pure: a code point and a cell size in, an 8-bit coverage mask (row-major, cellWidth × cellHeight) out.
 * `procedural-glyphs.ts` decides which code points come here.
 */
import { CoverageMask, eighthStop, type CellGeometry } from './coverage-mask.js';

/**
 * Arm weights of U+2500–U+257F as four digits in the order left, up, right, down: 0 none, 1 light,
 * 2 heavy, 3 double. A letter marks the characters drawn otherwise: `d` dashed, `a` arc, `x` diagonal.
 */
const BOX_ARMS: readonly string[] = [
  // U+2500
  '1010', '2020', '0101', '0202', 'd', 'd', 'd', 'd', 'd', 'd', 'd', 'd', '0011', '0021', '0012', '0022',
  // U+2510
  '1001', '2001', '1002', '2002', '0110', '0120', '0210', '0220', '1100', '2100', '1200', '2200', '0111', '0121', '0211', '0112',
  // U+2520
  '0212', '0221', '0122', '0222', '1101', '2101', '1201', '1102', '1202', '2201', '2102', '2202', '1011', '2011', '1021', '2021',
  // U+2530
  '1012', '2012', '1022', '2022', '1110', '2110', '1120', '2120', '1210', '2210', '1220', '2220', '1111', '2111', '1121', '2121',
  // U+2540
  '1211', '1112', '1212', '2211', '1221', '2112', '1122', '2221', '2122', '2212', '1222', '2222', 'd', 'd', 'd', 'd',
  // U+2550
  '3030', '0303', '0031', '0013', '0033', '3001', '1003', '3003', '0130', '0310', '0330', '3100', '1300', '3300', '0131', '0313',
  // U+2560
  '0333', '3101', '1303', '3303', '3031', '1013', '3033', '3130', '1310', '3330', '3131', '1313', '3333', 'a', 'a', 'a',
  // U+2570
  'a', 'x', 'x', 'x', '1000', '0100', '0010', '0001', '2000', '0200', '0020', '0002', '1020', '0102', '2010', '0201',
];

/** Dashed lines: code point → [vertical, heavy, dash count]. */
const DASHES: Readonly<Record<number, readonly [boolean, boolean, number]>> = {
  0x2504: [false, false, 3], 0x2505: [false, true, 3], 0x2506: [true, false, 3], 0x2507: [true, true, 3],
  0x2508: [false, false, 4], 0x2509: [false, true, 4], 0x250a: [true, false, 4], 0x250b: [true, true, 4],
  0x254c: [false, false, 2], 0x254d: [false, true, 2], 0x254e: [true, false, 2], 0x254f: [true, true, 2],
};

/** Rounded corners: code point → [horizontal direction, vertical direction] of the arms (+1 right/down, -1 left/up). */
const ARCS: Readonly<Record<number, readonly [number, number]>> = {
  0x256d: [1, 1], // ╭ down and right
  0x256e: [-1, 1], // ╮ down and left
  0x256f: [-1, -1], // ╯ up and left
  0x2570: [1, -1], // ╰ up and right
};

/** Start of a centered band of `thickness` pixels in `length` pixels; every cell puts its lines here. */
const bandStart = (length: number, thickness: number) => Math.floor((length - thickness) / 2);

/** DoubleBand is where the two strokes of a double line sit across one axis. */
interface DoubleBand {
  /** First stroke [start, start + line). */
  first: number;
  /** Second stroke [second, second + line). */
  second: number;
  /** End of the second stroke. */
  end: number;
}

function doubleBand(length: number, line: number): DoubleBand {
  // A gap of about a fifth of the cell width keeps double lines readable as two strokes at any size.
  const gap = Math.max(line, Math.round(length / 5));
  const first = bandStart(length, 2 * line + gap);
  return { first, second: first + line + gap, end: first + 2 * line + gap };
}

/** boxDrawingMask draws a box-drawing character (U+2500–U+257F). */
export function boxDrawingMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const { cellWidth: width, cellHeight: height, lineWidth: light } = geometry;
  const mask = new CoverageMask(width, height);
  const arms = BOX_ARMS[codePoint - 0x2500];
  if (arms === 'd') drawDashes(mask, DASHES[codePoint], light);
  else if (arms === 'a') drawArc(mask, ARCS[codePoint], light);
  else if (arms === 'x') drawDiagonals(mask, codePoint as 0x2571 | 0x2572 | 0x2573, light);
  else drawArms(mask, [...arms].map(Number) as [number, number, number, number], light);
  return mask.data;
}

/**
 * drawArms draws straight lines from the cell's center to its edges. Each arm runs to the far side of the
 * perpendicular lines at the center so that corners and tees close; double lines follow the usual
 * typographic rules (an outer stroke turns the corner, an inner stroke stops at the other arm's inner stroke).
 */
function drawArms(mask: CoverageMask, [left, up, right, down]: [number, number, number, number], light: number): void {
  const { width, height } = mask;
  const heavy = 2 * light;
  const thickness = (weight: number) => (weight === 2 ? heavy : light);
  const single = (weight: number) => weight === 1 || weight === 2;
  const vDouble = doubleBand(width, light); // columns of a double vertical line
  const hDouble = doubleBand(height, light); // rows of a double horizontal line
  const hasVertical = up !== 0 || down !== 0;
  const hasHorizontal = left !== 0 || right !== 0;
  const verticalIsDouble = up === 3 || down === 3;
  const horizontalIsDouble = left === 3 || right === 3;
  // The single-weight vertical (horizontal) band at the center, as thick as its thickest arm.
  const vThickness = Math.max(single(up) ? thickness(up) : 0, single(down) ? thickness(down) : 0);
  const hThickness = Math.max(single(left) ? thickness(left) : 0, single(right) ? thickness(right) : 0);
  const vStart = bandStart(width, vThickness);
  const hStart = bandStart(height, hThickness);

  // Where horizontal arms stop (left arm) and start (right arm), for each of their strokes.
  const horizontalReach = (weight: number, stroke: 'upper' | 'lower' | 'single'): [number, number] => {
    if (!hasVertical) {
      if (weight === 3) return [vDouble.end, vDouble.first];
      const start = bandStart(width, thickness(weight));
      return [start + thickness(weight), start];
    }
    if (verticalIsDouble) {
      const through = up !== 0 && down !== 0;
      const meets = stroke === 'upper' ? up !== 0 : stroke === 'lower' ? down !== 0 : through;
      return meets ? [vDouble.first + light, vDouble.second] : [vDouble.end, vDouble.first];
    }
    return [vStart + vThickness, vStart];
  };
  const verticalReach = (weight: number, stroke: 'left' | 'right' | 'single'): [number, number] => {
    if (!hasHorizontal) {
      if (weight === 3) return [hDouble.end, hDouble.first];
      const start = bandStart(height, thickness(weight));
      return [start + thickness(weight), start];
    }
    if (horizontalIsDouble) {
      const through = left !== 0 && right !== 0;
      const meets = stroke === 'left' ? left !== 0 : stroke === 'right' ? right !== 0 : through;
      return meets ? [hDouble.first + light, hDouble.second] : [hDouble.end, hDouble.first];
    }
    return [hStart + hThickness, hStart];
  };

  if (left !== 0 || right !== 0) {
    for (const [weight, isLeft] of [[left, true], [right, false]] as const) {
      if (weight === 0) continue;
      const strokes: Array<[number, number, 'upper' | 'lower' | 'single']> =
        weight === 3
          ? [[hDouble.first, light, 'upper'], [hDouble.second, light, 'lower']]
          : [[bandStart(height, thickness(weight)), thickness(weight), 'single']];
      for (const [row, size, stroke] of strokes) {
        const [leftEnd, rightStart] = horizontalReach(weight, stroke);
        if (isLeft) mask.fill(0, row, leftEnd, row + size);
        else mask.fill(rightStart, row, width, row + size);
      }
    }
  }
  for (const [weight, isUp] of [[up, true], [down, false]] as const) {
    if (weight === 0) continue;
    const strokes: Array<[number, number, 'left' | 'right' | 'single']> =
      weight === 3
        ? [[vDouble.first, light, 'left'], [vDouble.second, light, 'right']]
        : [[bandStart(width, thickness(weight)), thickness(weight), 'single']];
    for (const [col, size, stroke] of strokes) {
      const [upEnd, downStart] = verticalReach(weight, stroke);
      if (isUp) mask.fill(col, 0, col + size, upEnd);
      else mask.fill(col, downStart, col + size, height);
    }
  }
}

/** drawDashes draws n dashes per cell with half a gap at each cell edge, so dashes stay evenly spaced across cells. */
function drawDashes(mask: CoverageMask, [vertical, heavy, count]: readonly [boolean, boolean, number], light: number): void {
  const size = heavy ? 2 * light : light;
  const length = vertical ? mask.height : mask.width;
  const across = bandStart(vertical ? mask.width : mask.height, size);
  const gap = Math.max(1, Math.round(length / count / 3));
  for (let dash = 0; dash < count; dash++) {
    const from = Math.round((dash * length) / count + gap / 2);
    const to = Math.round(((dash + 1) * length) / count - gap / 2);
    if (vertical) mask.fill(across, from, across + size, to);
    else mask.fill(from, across, to, across + size);
  }
}

/** drawArc draws a rounded corner: a quarter circle joining the centered vertical and horizontal light lines. */
function drawArc(mask: CoverageMask, [horizontal, vertical]: readonly [number, number], light: number): void {
  const { width, height } = mask;
  const columnStart = bandStart(width, light);
  const rowStart = bandStart(height, light);
  const centerX = columnStart + light / 2;
  const centerY = rowStart + light / 2;
  const radius = Math.min(centerX, width - centerX, centerY, height - centerY);
  const circleX = centerX + horizontal * radius;
  const circleY = centerY + vertical * radius;
  // Straight parts from where the arc ends to the cell edges.
  if (vertical > 0) mask.fill(columnStart, Math.floor(circleY), columnStart + light, height);
  else mask.fill(columnStart, 0, columnStart + light, Math.ceil(circleY));
  if (horizontal > 0) mask.fill(Math.floor(circleX), rowStart, width, rowStart + light);
  else mask.fill(0, rowStart, Math.ceil(circleX), rowStart + light);
  mask.sample((x, y) => {
    if ((x - circleX) * horizontal > 0 || (y - circleY) * vertical > 0) return false;
    return Math.abs(Math.hypot(x - circleX, y - circleY) - radius) <= light / 2;
  });
}

/** drawDiagonals draws ╱ (U+2571), ╲ (U+2572) or ╳ (U+2573) from corner to corner, so diagonals continue into the neighbouring cells. */
export function drawDiagonals(mask: CoverageMask, codePoint: 0x2571 | 0x2572 | 0x2573, light: number): void {
  const { width, height } = mask;
  const length = Math.hypot(width, height);
  const half = light / 2 + 0.25; // a little wider than a light line: thin diagonals look lighter than straight lines
  const rising = (x: number, y: number) => Math.abs(height * x + width * y - width * height) / length <= half; // ╱
  const falling = (x: number, y: number) => Math.abs(height * x - width * y) / length <= half; // ╲
  if (codePoint === 0x2571) mask.sample(rising);
  else if (codePoint === 0x2572) mask.sample(falling);
  else mask.sample((x, y) => rising(x, y) || falling(x, y));
}

/** blockElementMask draws a block element (U+2580–U+259F): eighths, halves, quadrants and shades. */
export function blockElementMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const { cellWidth: width, cellHeight: height } = geometry;
  const mask = new CoverageMask(width, height);
  const row = (eighths: number) => eighthStop(height, eighths);
  const col = (eighths: number) => eighthStop(width, eighths);
  const midX = col(4);
  const midY = row(4);
  if (codePoint === 0x2580) mask.fill(0, 0, width, midY);
  else if (codePoint >= 0x2581 && codePoint <= 0x2588) mask.fill(0, row(8 - (codePoint - 0x2580)), width, height);
  else if (codePoint >= 0x2589 && codePoint <= 0x258f) mask.fill(0, 0, col(8 - (codePoint - 0x2588)), height);
  else if (codePoint === 0x2590) mask.fill(midX, 0, width, height);
  else if (codePoint >= 0x2591 && codePoint <= 0x2593) mask.fill(0, 0, width, height, [64, 128, 191][codePoint - 0x2591]);
  else if (codePoint === 0x2594) mask.fill(0, 0, width, row(1));
  else if (codePoint === 0x2595) mask.fill(col(7), 0, width, height);
  else {
    // Quadrants U+2596–U+259F as bits: 1 upper left, 2 upper right, 4 lower left, 8 lower right.
    const quadrants = [4, 8, 1, 1 | 4 | 8, 1 | 8, 1 | 2 | 4, 1 | 2 | 8, 2, 2 | 4, 2 | 4 | 8][codePoint - 0x2596];
    if (quadrants & 1) mask.fill(0, 0, midX, midY);
    if (quadrants & 2) mask.fill(midX, 0, width, midY);
    if (quadrants & 4) mask.fill(0, midY, midX, height);
    if (quadrants & 8) mask.fill(midX, midY, width, height);
  }
  return mask.data;
}

/** Braille dot bits in (column, row) order: dots 1–3 and 7 on the left, 4–6 and 8 on the right. */
const BRAILLE_DOTS: ReadonlyArray<readonly [number, number]> = [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [0, 3], [1, 3]];

/** brailleMask draws a braille pattern (U+2800–U+28FF), one dot per set bit. */
export function brailleMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const { cellWidth: width, cellHeight: height } = geometry;
  const mask = new CoverageMask(width, height);
  const pattern = codePoint - 0x2800;
  const dot = Math.max(1, Math.round(Math.min(width / 4, height / 8)));
  for (let bit = 0; bit < 8; bit++) {
    if (!(pattern & (1 << bit))) continue;
    const [column, row] = BRAILLE_DOTS[bit];
    const centerX = (width * (2 * column + 1)) / 4;
    const centerY = (height * (2 * row + 1)) / 8;
    const x = Math.round(centerX - dot / 2);
    const y = Math.round(centerY - dot / 2);
    if (dot < 3) mask.fill(x, y, x + dot, y + dot);
    else mask.sample((sx, sy) => Math.hypot(sx - (x + dot / 2), sy - (y + dot / 2)) <= dot / 2);
  }
  return mask.data;
}
