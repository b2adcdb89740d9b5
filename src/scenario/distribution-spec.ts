import { Distribution, constant, empirical, exponential, lognormal, normal, uniform } from '../engine/distribution';
import { FieldPath } from '../api/validation/field-error';
import { didYouMean } from './did-you-mean';
import { SpecReader, isObj, shown } from './spec-reader';

/** What a distribution's numbers are: durations (→ µs) or sizes (→ bytes). */
export type DistributionUnit = 'duration' | 'size';

export const DISTRIBUTION_KINDS = ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'empirical'] as const;

/**
 * Reads a distribution: a scalar (constant) or a map with one key:
 * `{constant: x}`, `{uniform: [a, b]}` (a ≤ b), `{exponential: {mean}}`, `{normal: {mean, stddev}}`,
 * `{lognormal: {median, p99}}` (0 < median < p99), `{empirical: {values, weights?}}`.
 */
export function readDistribution(r: SpecReader, v: unknown, path: FieldPath, unit: DistributionUnit): Distribution | undefined {
  const one = (x: unknown, p: FieldPath) => (unit === 'duration' ? r.duration(x, p) : r.size(x, p));
  if (!isObj(v)) {
    if (Array.isArray(v) || v === null || v === undefined) {
      return r.fail(path, `expected a ${unit} or a distribution like {uniform: [a, b]} or {lognormal: {median: x, p99: y}}, got ${shown(v)}`);
    }
    const c = one(v, path);
    return c === undefined ? undefined : constant(c);
  }
  const keys = Object.keys(v);
  if (keys.length !== 1 || !(DISTRIBUTION_KINDS as readonly string[]).includes(keys[0])) {
    const bad = keys.find((k) => !(DISTRIBUTION_KINDS as readonly string[]).includes(k));
    if (bad !== undefined) {
      return r.fail([...path, bad], `unknown distribution "${bad}"${didYouMean(bad, DISTRIBUTION_KINDS)}; expected one of ${DISTRIBUTION_KINDS.join(', ')}`, true);
    }
    return r.fail(path, `expected exactly one of ${DISTRIBUTION_KINDS.join(', ')}, got ${keys.length === 0 ? 'none' : keys.join(' and ')}`);
  }
  const kind = keys[0];
  const body = v[kind];
  const p = [...path, kind];
  switch (kind) {
    case 'constant': {
      const c = one(body, p);
      return c === undefined ? undefined : constant(c);
    }
    case 'uniform': {
      if (!Array.isArray(body) || body.length !== 2) return r.fail(p, `expected [min, max], got ${shown(body)}`);
      const a = one(body[0], [...p, 0]);
      const b = one(body[1], [...p, 1]);
      if (a === undefined || b === undefined) return undefined;
      if (a > b) return r.fail(p, `min must not be greater than max, got [${shown(body[0])}, ${shown(body[1])}]`);
      return uniform(a, b);
    }
    case 'exponential': {
      if (!r.fields(body, p, ['mean']) || !r.required(body, 'mean', p)) return undefined;
      const m = one(body.mean, [...p, 'mean']);
      if (m === undefined) return undefined;
      if (m <= 0) return r.fail([...p, 'mean'], `must be greater than 0, got ${shown(body.mean)}`);
      return exponential(m);
    }
    case 'normal': {
      if (!r.fields(body, p, ['mean', 'stddev'])) return undefined;
      if (!r.required(body, 'mean', p) || !r.required(body, 'stddev', p)) return undefined;
      const m = one(body.mean, [...p, 'mean']);
      const s = one(body.stddev, [...p, 'stddev']);
      return m === undefined || s === undefined ? undefined : normal(m, s);
    }
    case 'lognormal': {
      if (!r.fields(body, p, ['median', 'p99'])) return undefined;
      if (!r.required(body, 'median', p) || !r.required(body, 'p99', p)) return undefined;
      const med = one(body.median, [...p, 'median']);
      const p99 = one(body.p99, [...p, 'p99']);
      if (med === undefined || p99 === undefined) return undefined;
      if (med <= 0) return r.fail([...p, 'median'], `must be greater than 0, got ${shown(body.median)}`);
      if (p99 <= med) return r.fail([...p, 'p99'], `must be greater than median (${shown(body.median)}), got ${shown(body.p99)}`);
      return lognormal(med, p99);
    }
    default: {
      if (!r.fields(body, p, ['values', 'weights']) || !r.required(body, 'values', p)) return undefined;
      if (!Array.isArray(body.values) || body.values.length === 0) return r.fail([...p, 'values'], `expected a non-empty list, got ${shown(body.values)}`);
      const values: number[] = [];
      let ok = true;
      body.values.forEach((x, i) => {
        const n = one(x, [...p, 'values', i]);
        if (n === undefined) ok = false;
        else values.push(n);
      });
      let weights: number[] | undefined;
      if (body.weights !== undefined) {
        const w = body.weights;
        if (!Array.isArray(w) || w.length !== body.values.length) {
          return r.fail([...p, 'weights'], `expected a list of ${body.values.length} weights (one per value), got ${shown(w)}`);
        }
        weights = [];
        w.forEach((x, i) => {
          const n = r.number(x, [...p, 'weights', i], 0, Number.MAX_VALUE);
          if (n === undefined) ok = false;
          else weights!.push(n);
        });
        if (ok && weights.reduce((a, b) => a + b, 0) <= 0) return r.fail([...p, 'weights'], 'weights must not all be 0');
      }
      return ok ? empirical(values, weights) : undefined;
    }
  }
}
