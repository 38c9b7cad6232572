/**
 * Piecewise-linear scales: anchor points [value, score] with straight lines between them. The heuristic
 * judge's scales and the overall score's cap read them, so a measure that moves a little moves its score a
 * little (no step at a threshold).
 */

/** Anchors are the points of a scale, [value, score], in increasing order of value. */
export type Anchors = ReadonlyArray<readonly [number, number]>;

/**
 * interpolate reads a piecewise-linear scale at `value`: the score of the anchor at it, linear between the two
 * anchors around it, the first or last anchor's score beyond the ends. Exact (not rounded); pure.
 */
export function interpolate(value: number, anchors: Anchors): number {
  const first = anchors[0];
  const last = anchors[anchors.length - 1];
  if (!first || !last) throw new RangeError('interpolate: a scale needs at least one anchor');
  if (value <= first[0]) return first[1];
  for (let index = 1; index < anchors.length; index++) {
    const [to, toScore] = anchors[index];
    if (value > to) continue;
    const [from, fromScore] = anchors[index - 1];
    return to === from ? toScore : fromScore + ((value - from) / (to - from)) * (toScore - fromScore);
  }
  return last[1];
}
