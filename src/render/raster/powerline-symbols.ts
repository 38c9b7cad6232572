/**
 * The four symbols of the original Powerline font (U+E0A0–U+E0A3) drawn from geometry: the version-control
 * branch, "LN" (line number), the padlock (read-only) and "CN" (column number). Git prompts (starship's
 * git_branch, powerlevel10k, agnoster, bash-git-prompt) put the branch symbol before the branch name, and no
 * bundled font has these Private Use characters, so without this they were missing-glyph boxes. Unlike the
 * separators (powerline.ts) they are icons about the size of a capital letter, centered in their one cell
 * and never reaching past it. Straight strokes sit on whole pixels to stay crisp at small sizes; curves and
 * dots are antialiased like the other procedural shapes. The shapes are the familiar ones (a stem with a
 * branch curving into it and dots at the ends, a shackle over a body with a keyhole, Powerline's two small
 * stacked letters), drawn here from geometry rather than traced from a font.
 */
import { CoverageMask, nearLine, nearSegment, type CellGeometry } from './coverage-mask.js';

/** The box an icon is drawn in (whole px, right and bottom excluded) and the width of its strokes. */
interface IconBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
  stroke: number;
}

/** How each symbol is drawn. */
type SymbolShape = { kind: 'branch' } | { kind: 'padlock' } | { kind: 'letters'; first: 'L' | 'C' };

const SYMBOLS: Readonly<Record<number, SymbolShape>> = {
  0xe0a0: { kind: 'branch' }, // version-control branch
  0xe0a1: { kind: 'letters', first: 'L' }, // "LN", line number
  0xe0a2: { kind: 'padlock' }, // read-only
  0xe0a3: { kind: 'letters', first: 'C' }, // "CN", column number
};

/** powerlineSymbolMask draws a Powerline symbol (U+E0A0–U+E0A3) into a cell-sized coverage mask. */
export function powerlineSymbolMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const mask = new CoverageMask(geometry.cellWidth, geometry.cellHeight);
  const box = iconBox(mask, geometry.lineWidth);
  const symbol = SYMBOLS[codePoint];
  if (symbol.kind === 'branch') drawBranch(mask, box);
  else if (symbol.kind === 'padlock') drawPadlock(mask, box);
  else drawLetters(mask, box, symbol.first);
  return mask.data;
}

/**
 * iconBox places an icon in its cell: a little taller than a capital letter (1.4 cell widths against the
 * capitals' 1.2), centered on the capitals, which sit about half a pixel above the cell's middle, and a
 * fourteenth of the width in from each side, rounded down: below 14 px the icon takes the whole width, which
 * the branch's two dots side by side need. A box wider than a cell (a terminal that gives the symbol two
 * cells) keeps the icon's shape and centers it. Strokes are at least a light line thick and about as thick
 * as the font's stems.
 */
function iconBox(mask: CoverageMask, lineWidth: number): IconBox {
  const { width, height } = mask;
  const size = Math.max(1, Math.min(width, Math.round(height / 1.6)));
  const margin = Math.floor(size / 14);
  const left = Math.floor((width - size) / 2) + margin;
  const iconHeight = Math.max(1, Math.min(height - 2, Math.round(size * 1.4)));
  const top = Math.max(0, Math.floor((height - iconHeight - 1) / 2));
  return { left, right: left + size - 2 * margin, top, bottom: top + iconHeight, stroke: Math.max(1, lineWidth, Math.round(size * 0.14)) };
}

/** narrowed takes about a twelfth off each side of an icon box: the padlock and the letters need less room than the branch and keep clear of their neighbours. */
function narrowed(icon: IconBox): IconBox {
  const side = Math.round((icon.right - icon.left) / 12);
  return { ...icon, left: icon.left + side, right: icon.right - side };
}

/**
 * drawBranch draws the branch symbol: a stem on the left between two dots, and a branch that leaves a third
 * dot at the top right, runs down and curves into the stem nearly three quarters of the way down. The stem sits on
 * whole pixels; the dots are as big as the room between them allows.
 */
function drawBranch(mask: CoverageMask, { left, right, top, bottom, stroke }: IconBox): void {
  const width = right - left;
  // How far a dot reaches past the stem on each side: dots half the width across, but 2 px apart at the
  // top; in whole pixels with a 1 px stem, so that small dots stay crisp squares with soft corners.
  const room = Math.max(1, Math.min(width / 4 - stroke / 2, (width - 2 - 2 * stroke) / 4));
  const rim = stroke === 1 ? Math.floor(room) : room;
  const radius = stroke / 2 + rim;
  const stemLeft = left + Math.ceil(rim);
  const stemX = stemLeft + stroke / 2;
  const branchX = right - radius;
  const upperY = top + radius;
  const lowerY = bottom - radius;
  const joinY = top + (bottom - top) * 0.72;
  mask.fill(stemLeft, Math.round(upperY), stemLeft + stroke, Math.round(lowerY));
  // A cubic Bézier whose ends are vertical: straight down out of the dot, then into the stem along it.
  const drop = joinY - upperY;
  const curve = bezierPolyline([branchX, upperY], [branchX, upperY + drop * 0.7], [stemX, joinY - drop * 0.5], [stemX, joinY], 24);
  const half = stroke / 2 + 0.25; // a little wider than the stem: slanted strokes look lighter than straight ones
  mask.sample((x, y) => curve.some(([x0, y0], index) => index > 0 && nearSegment(x, y, curve[index - 1][0], curve[index - 1][1], x0, y0, half)));
  const dots: ReadonlyArray<readonly [number, number]> = [[stemX, upperY], [stemX, lowerY], [branchX, upperY]];
  mask.sample((x, y) => dots.some(([dotX, dotY]) => Math.hypot(x - dotX, y - dotY) <= radius));
}

/** bezierPolyline returns `segments` + 1 points along the cubic Bézier curve with control points p0–p3. */
function bezierPolyline(p0: readonly [number, number], p1: readonly [number, number], p2: readonly [number, number], p3: readonly [number, number], segments: number): Array<[number, number]> {
  return Array.from({ length: segments + 1 }, (_, step) => {
    const t = step / segments;
    const [a, b, c, d] = [(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3];
    return [a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]];
  });
}

/**
 * drawPadlock draws the padlock: a solid body over the lower 55% of the icon with a keyhole slot cut out of
 * its middle, and a shackle (an arch of the stroke's width) standing on it, narrower than the body.
 */
function drawPadlock(mask: CoverageMask, icon: IconBox): void {
  const { left, right, top, bottom, stroke } = narrowed(icon);
  const bodyWidth = right - left;
  const bodyTop = top + Math.round((bottom - top) * 0.45);
  const inset = Math.max(1, Math.round(bodyWidth * 0.15));
  const shackleLeft = left + inset;
  const shackleRight = right - inset;
  const centerX = (left + right) / 2;
  const radius = (shackleRight - shackleLeft - stroke) / 2;
  const archY = top + radius + stroke / 2;
  mask.fill(shackleLeft, Math.floor(archY), shackleLeft + stroke, bodyTop);
  mask.fill(shackleRight - stroke, Math.floor(archY), shackleRight, bodyTop);
  mask.sample((x, y) => y <= archY && Math.abs(Math.hypot(x - centerX, y - archY) - radius) <= stroke / 2);
  mask.fill(left, bodyTop, right, bottom);
  // The keyhole has the body's parity, so it sits exactly in the middle on whole pixels.
  let slotWidth = Math.max(1, Math.round(bodyWidth / 5));
  if ((bodyWidth - slotWidth) % 2 !== 0) slotWidth++;
  const slotLeft = left + (bodyWidth - slotWidth) / 2;
  const bodyHeight = bottom - bodyTop;
  mask.fill(slotLeft, bodyTop + Math.round(bodyHeight * 0.3), slotLeft + slotWidth, bodyTop + Math.round(bodyHeight * 0.72), 0);
}

/** drawLetters draws "LN" or "CN" as Powerline does: the first letter small in the upper left, N in the lower right. */
function drawLetters(mask: CoverageMask, icon: IconBox, first: 'L' | 'C'): void {
  const { left, right, top, bottom, stroke } = narrowed(icon);
  const letterWidth = Math.min(right - left, Math.max(4, Math.round((right - left) * 0.62)));
  const letterHeight = Math.round((bottom - top) * 0.46);
  drawLetter(mask, first, left, top, letterWidth, letterHeight, stroke);
  drawLetter(mask, 'N', right - letterWidth, bottom - letterHeight, letterWidth, letterHeight, stroke);
}

/** drawLetter draws L, C or N from whole-pixel bars (and N's antialiased diagonal) in the box at (x, y). */
function drawLetter(mask: CoverageMask, letter: 'L' | 'C' | 'N', x: number, y: number, width: number, height: number, stroke: number): void {
  const right = x + width;
  const bottom = y + height;
  if (letter === 'L') {
    mask.fill(x, y, x + stroke, bottom);
    mask.fill(x, bottom - stroke, right, bottom);
  } else if (letter === 'C') {
    // Three bars joined by quarter-circle corners, as box drawing's rounded corners are.
    const radius = Math.min(Math.round(stroke * 1.5), Math.floor(height / 2));
    const centerX = x + radius;
    mask.fill(x, y + radius, x + stroke, bottom - radius);
    mask.fill(centerX, y, right, y + stroke);
    mask.fill(centerX, bottom - stroke, right, bottom);
    for (const [centerY, below] of [[y + radius, false], [bottom - radius, true]] as const) {
      mask.sample((px, py) => {
        if (px > centerX || py > centerY !== below) return false;
        const distance = Math.hypot(px - centerX, py - centerY);
        return distance <= radius && distance >= radius - stroke;
      });
    }
  } else {
    mask.fill(x, y, x + stroke, bottom);
    mask.fill(right - stroke, y, right, bottom);
    const half = stroke / 2 + 0.25;
    mask.sample((px, py) => px >= x + stroke && px <= right - stroke && py >= y && py <= bottom && nearLine(px, py, x, y, right, bottom, half));
  }
}
