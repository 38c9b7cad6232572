/**
 * The window VHS draws a terminal in: the margin around it, the window bar across its top (three coloured
 * dots or three rings, at the left or the right) and its rounded corners. Drawn once into the frame, which
 * no later draw repaints (the rasterizer only repaints grid cells). The shapes follow VHS's own drawing
 * (charmbracelet/vhs draw.go and ffmpeg.go, read for the arithmetic): dot and ring sizes are fractions of
 * the bar's height, circles are antialiased over one pixel, and the corners uncover the margin's colour.
 */
import { blendColor } from './cell-colors.js';
import type { FrameWindow } from './layout.js';

/** FramePixels reads and writes a frame's pixels as 0xRRGGBB. */
export interface FramePixels {
  width: number;
  height: number;
  get(x: number, y: number): number;
  set(x: number, y: number, color: number): void;
}

/** The dots of a `Colorful` bar, from the window's edge inward: red, yellow, green. */
const DOT_COLOURS = [0xff4f4d, 0xfebb00, 0x00cc1d] as const;

/** The rings of a `Rings` bar. */
const RING_COLOUR = 0x333333;

/**
 * circleCoverage is how much of the pixel at (x, y) a circle of `radius` centred at (cx, cy) covers, 0–255:
 * full inside radius − 1, fading over the last pixel, as VHS draws its dots.
 */
function circleCoverage(x: number, y: number, cx: number, cy: number, radius: number): number {
  const distance = Math.hypot(x - cx + 0.5, y - cy + 0.5) - (radius - 1);
  if (distance < 0) return 255;
  return distance <= 1 ? Math.round((1 - distance) * 255) : 0;
}

/** fillCircle blends `color` over the frame where a circle covers it. */
function fillCircle(frame: FramePixels, cx: number, cy: number, radius: number, color: number): void {
  for (let y = Math.max(0, cy - radius); y < Math.min(frame.height, cy + radius); y++) {
    for (let x = Math.max(0, cx - radius); x < Math.min(frame.width, cx + radius); x++) {
      const alpha = circleCoverage(x, y, cx, cy, radius);
      if (alpha > 0) frame.set(x, y, blendColor(frame.get(x, y), color, alpha));
    }
  }
}

/** drawBar draws the window bar's dots or rings; the bar itself has the window's background, already there. */
function drawBar(frame: FramePixels, window: FrameWindow, background: number): void {
  const size = window.barSize;
  if (window.bar === undefined || size <= 0) return;
  const right = window.bar.endsWith('Right');
  const rings = window.bar.startsWith('Rings');
  const radius = rings ? Math.floor(size / 5) : Math.floor(size / 6);
  const gap = Math.floor((size - 2 * radius) / 2);
  const space = 2 * radius + Math.floor(size / 6);
  for (let index = 0; index < 3; index++) {
    const offset = gap + radius + index * space;
    const cx = window.x + (right ? window.width - offset : offset);
    const cy = window.y + gap + radius;
    if (rings) {
      fillCircle(frame, cx, cy, radius, RING_COLOUR);
      fillCircle(frame, cx, cy, Math.floor((4 * radius) / 5), background);
    } else {
      fillCircle(frame, cx, cy, radius, DOT_COLOURS[index]!);
    }
  }
}

/** roundCorners blends the margin's colour into the window's four corners, outside a circle of the radius. */
function roundCorners(frame: FramePixels, window: FrameWindow, marginFill: number): void {
  const radius = Math.min(window.radius, Math.floor(window.width / 2), Math.floor(window.height / 2));
  if (radius <= 0) return;
  const corners = [
    [window.x, window.y, window.x + radius, window.y + radius],
    [window.x + window.width - radius, window.y, window.x + window.width - radius, window.y + radius],
    [window.x, window.y + window.height - radius, window.x + radius, window.y + window.height - radius],
    [window.x + window.width - radius, window.y + window.height - radius, window.x + window.width - radius, window.y + window.height - radius],
  ] as const;
  for (const [left, top, cx, cy] of corners) {
    for (let y = top; y < top + radius; y++) {
      for (let x = left; x < left + radius; x++) {
        // One pixel more than the radius, as VHS's mask: the circle's antialiased rim then meets the straight edges.
        const inside = circleCoverage(x, y, cx, cy, radius + 1);
        if (inside < 255) frame.set(x, y, blendColor(marginFill, frame.get(x, y), inside));
      }
    }
  }
}

/**
 * drawWindow paints the window around the terminal into a frame filled with the theme's `background`: the
 * margin in its colour (the background when none is given), the bar's dots or rings, the rounded corners.
 */
export function drawWindow(frame: FramePixels, window: FrameWindow, background: number): void {
  const marginFill = window.marginFill ?? background;
  if (marginFill !== background) {
    for (let y = 0; y < frame.height; y++) {
      const inRows = y >= window.y && y < window.y + window.height;
      for (let x = 0; x < frame.width; x++) {
        if (!inRows || x < window.x || x >= window.x + window.width) frame.set(x, y, marginFill);
      }
    }
  }
  drawBar(frame, window, background);
  roundCorners(frame, window, marginFill);
}
