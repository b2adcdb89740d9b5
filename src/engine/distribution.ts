import { Uniform } from './rng';

/**
 * A compiled probability distribution over non-negative numbers (durations in µs, sizes, counts).
 * One record shape; `sample` switches on the kind tag.
 */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly stddev: number }
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly kind: 'empirical'; readonly values: readonly number[]; readonly cumulative: readonly number[] };

/** z of the standard normal's 99th percentile. */
export const Z99 = 2.3263478740408408;

export const constant = (value: number): Distribution => ({ kind: 'constant', value });
export const uniform = (min: number, max: number): Distribution => ({ kind: 'uniform', min, max });
export const exponential = (mean: number): Distribution => ({ kind: 'exponential', mean });
export const normal = (mean: number, stddev: number): Distribution => ({ kind: 'normal', mean, stddev });

/**
 * Lognormal given its median and 99th percentile: mu = ln(median), sigma = (ln(p99) − mu) / z99.
 * Example: median 8 s, p99 40 s → sigma = ln(5) / 2.326 ≈ 0.692.
 */
export function lognormal(median: number, p99: number): Distribution {
  const mu = Math.log(median);
  const sigma = (Math.log(p99) - mu) / Z99;
  return { kind: 'lognormal', mu, sigma };
}

/** An empirical table: `values[i]` drawn with probability weights[i] / Σweights. */
export function empirical(values: readonly number[], weights?: readonly number[]): Distribution {
  const w = weights ?? values.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cumulative = w.map((x) => (acc += x / total));
  return { kind: 'empirical', values: [...values], cumulative };
}

/** Box–Muller with one uniform pair per draw (the second normal is discarded for simplicity). */
function standardNormal(u: Uniform): number {
  let a = u();
  while (a <= Number.MIN_VALUE) a = u();
  const b = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
}

/** One draw, clamped at 0 (durations and sizes are never negative). */
export function sample(d: Distribution, u: Uniform): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * u();
    case 'exponential':
      return -d.mean * Math.log(1 - u());
    case 'normal':
      return Math.max(0, d.mean + d.stddev * standardNormal(u));
    case 'lognormal':
      return Math.exp(d.mu + d.sigma * standardNormal(u));
    case 'empirical': {
      const x = u();
      const c = d.cumulative;
      let lo = 0;
      let hi = c.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      return d.values[lo];
    }
  }
}

/** A draw rounded to an integer (virtual time is integral). */
export function sampleInt(d: Distribution, u: Uniform): number {
  return Math.round(sample(d, u));
}

/** The distribution's mean, used by docs and checks. */
export function mean(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean;
    case 'normal':
      return d.mean;
    case 'lognormal':
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'empirical': {
      let m = 0;
      let prev = 0;
      d.values.forEach((v, i) => {
        m += v * (d.cumulative[i] - prev);
        prev = d.cumulative[i];
      });
      return m;
    }
  }
}
