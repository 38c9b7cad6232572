/**
 * How frames are named to people and to judges: `Frame 3 · 00:12.4` (1-based number, recording time).
 */

/** formatTimestamp formats seconds as `mm:ss.s` (e.g. 72.44 → `01:12.4`). */
export function formatTimestamp(seconds: number): string {
  const tenths = Math.max(0, Math.round(seconds * 10));
  const minutes = Math.floor(tenths / 600);
  const rest = (tenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** frameLabel is the text placed before a frame's image: `Frame 3 · 00:12.4`. */
export function frameLabel(number: number, seconds: number): string {
  return `Frame ${number} · ${formatTimestamp(seconds)}`;
}
