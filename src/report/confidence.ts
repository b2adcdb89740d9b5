/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of a binomial proportion (Wilson 1927), 95%: for `successes` out of
 * `n` trials, [lo, hi] within [0, 1]. Unlike the normal approximation it stays inside [0, 1] and
 * is not degenerate at 0 or n successes. Undefined when n is 0.
 *
 * Example: 19 of 20 → [0.7639, 0.9911].
 */
export function wilsonInterval(successes: number, n: number): [number, number] | undefined {
  if (!(n > 0)) return undefined;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
