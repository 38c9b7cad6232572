/**
 * WCAG 2.x contrast between two sRGB colors: the relative luminance of each, then
 * (lighter + 0.05) / (darker + 0.05), from 1:1 (identical) to 21:1 (black on white).
 */

/** channelLuminance linearizes one 0–255 sRGB channel as WCAG 2.x defines it. */
function channelLuminance(value: number): number {
  const channel = value / 255;
  return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

/** relativeLuminance returns the WCAG relative luminance (0–1) of a 0xRRGGBB color. */
export function relativeLuminance(color: number): number {
  return 0.2126 * channelLuminance((color >> 16) & 0xff) + 0.7152 * channelLuminance((color >> 8) & 0xff) + 0.0722 * channelLuminance(color & 0xff);
}

/** contrastRatio returns the WCAG contrast ratio (1–21) of two 0xRRGGBB colors. */
export function contrastRatio(first: number, second: number): number {
  const a = relativeLuminance(first);
  const b = relativeLuminance(second);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
