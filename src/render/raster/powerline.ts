/**
 * The Powerline separators (U+E0B0–U+E0B3) and the common Powerline Extra shapes (U+E0B4–U+E0BF: half
 * circles, corner triangles, slashes) drawn from geometry, as box drawing is. Shell prompts (starship,
 * powerlevel10k, agnoster) put them between colored segments, where the glyph carries one segment's color
 * into the next cell: it has to span the whole cell height and meet the cell edges with no seam, which a
 * font glyph (from a patched font the viewer may not even have) rarely does. agg and asciinema-player draw
 * these shapes themselves for the same reason. Left-pointing shapes are their right-pointing twins mirrored,
 * pixel for pixel. Powerline's own symbols (the branch U+E0A0, the padlock, "LN", "CN") are drawn by
 * powerline-symbols.ts; other Private Use code points (Nerd Font icons) have no shape anyone agrees on and
 * stay missing glyphs.
 */
import { drawDiagonals } from './box-drawing.js';
import { CoverageMask, nearLine, type CellGeometry } from './coverage-mask.js';

/** How each shape is drawn: solid or thin right-pointing shapes, corner triangles, the slashes of box drawing, mirrored twins. */
type Shape =
  | { kind: 'arrow' | 'half-circle'; thin: boolean }
  | { kind: 'lower-left' | 'upper-left' }
  | { kind: 'slash'; diagonal: 0x2571 | 0x2572 }
  | { kind: 'mirror'; of: number };

const SHAPES: Readonly<Record<number, Shape>> = {
  0xe0b0: { kind: 'arrow', thin: false }, // solid right-pointing arrow
  0xe0b1: { kind: 'arrow', thin: true }, // thin right-pointing arrow
  0xe0b2: { kind: 'mirror', of: 0xe0b0 }, // solid left-pointing arrow
  0xe0b3: { kind: 'mirror', of: 0xe0b1 }, // thin left-pointing arrow
  0xe0b4: { kind: 'half-circle', thin: false }, // right half circle
  0xe0b5: { kind: 'half-circle', thin: true }, // thin right half circle
  0xe0b6: { kind: 'mirror', of: 0xe0b4 }, // left half circle
  0xe0b7: { kind: 'mirror', of: 0xe0b5 }, // thin left half circle
  0xe0b8: { kind: 'lower-left' }, // lower left triangle ◣
  0xe0b9: { kind: 'slash', diagonal: 0x2572 }, // backslash separator ╲
  0xe0ba: { kind: 'mirror', of: 0xe0b8 }, // lower right triangle ◢
  0xe0bb: { kind: 'slash', diagonal: 0x2571 }, // forward slash separator ╱
  0xe0bc: { kind: 'upper-left' }, // upper left triangle ◤
  0xe0bd: { kind: 'slash', diagonal: 0x2571 }, // forward slash separator (the "redundant" twin of U+E0BB)
  0xe0be: { kind: 'mirror', of: 0xe0bc }, // upper right triangle ◥
  0xe0bf: { kind: 'slash', diagonal: 0x2572 }, // backslash separator (the twin of U+E0B9)
};

/** powerlineMask draws a Powerline separator (U+E0B0–U+E0BF) into a cell-sized coverage mask. */
export function powerlineMask(codePoint: number, geometry: CellGeometry): Uint8Array {
  const mask = new CoverageMask(geometry.cellWidth, geometry.cellHeight);
  drawShape(mask, SHAPES[codePoint], geometry.lineWidth);
  return mask.data;
}

function drawShape(mask: CoverageMask, shape: Shape, light: number): void {
  const { width, height } = mask;
  const middle = height / 2;
  // Thin strokes are a little wider than a light line, as box drawing's diagonals are: slanted lines look lighter.
  const half = light / 2 + 0.25;
  switch (shape.kind) {
    case 'mirror':
      drawShape(mask, SHAPES[shape.of], light);
      mask.mirror();
      return;
    case 'slash':
      drawDiagonals(mask, shape.diagonal, light);
      return;
    case 'arrow':
      if (shape.thin) {
        // Two strokes from the left corners to the middle of the right edge, each kept to its half so the tip is pointed.
        mask.sample((x, y) => (y <= middle ? nearLine(x, y, 0, 0, width, middle, half) : nearLine(x, y, 0, height, width, middle, half)));
      } else {
        mask.sample((x, y) => x <= width * (1 - Math.abs(y - middle) / middle));
        solidBase(mask);
      }
      return;
    case 'half-circle':
      // Half an ellipse on the left edge, as tall as the cell and as wide as the cell.
      if (shape.thin) {
        mask.sample((x, y) => {
          const dy = y - middle;
          const implicit = (x / width) ** 2 + (dy / middle) ** 2 - 1;
          const gradient = 2 * Math.hypot(x / width ** 2, dy / middle ** 2);
          return gradient > 0 && Math.abs(implicit) / gradient <= half;
        });
      } else {
        mask.sample((x, y) => (x / width) ** 2 + ((y - middle) / middle) ** 2 <= 1);
        solidBase(mask);
      }
      return;
    case 'lower-left':
      mask.sample((x, y) => x * height <= y * width);
      return;
    case 'upper-left':
      mask.sample((x, y) => x * height + y * width <= width * height);
      return;
  }
}

/**
 * solidBase makes the left column of a solid arrow or half circle fully covered: that edge continues the
 * segment before it, and the antialiased corners would otherwise leave a notch at the top and bottom.
 */
function solidBase(mask: CoverageMask): void {
  mask.fill(0, 0, 1, mask.height);
}
