import { Override } from '../scenario/overrides';

/** One swept parameter: a scenario field path and the values it takes, in the order given. */
export interface SweepParameter {
  path: string;
  values: string[];
}

/** One run of a sweep: a grid point (one value per parameter) and a seed. */
export interface SweepRun {
  /** Index of the grid point: the first parameter varies slowest. */
  point: number;
  values: string[];
  seed: number;
}

/**
 * Parses `--set path=v1,v2,...`. Commas inside brackets, braces or quotes do not split, so a value
 * may be a YAML flow collection: `spec.cluster.nodePools[0].capacity={cpu: "4", memory: 16Gi}`.
 * Returns a message for a malformed setting.
 */
export function parseSetting(text: string): SweepParameter | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--set expects <path>=<v1,v2,...>, got "${text}"`;
  const path = text.slice(0, eq).trim();
  const values = splitValues(text.slice(eq + 1));
  if (values.length === 0 || values.some((v) => v === '')) return `--set ${path}: expected a comma-separated list of values, got "${text.slice(eq + 1)}"`;
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) return `--set ${path}: the value "${dup}" is listed twice`;
  return { path, values };
}

function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Number of grid points: the product of the parameters' value counts (1 with no parameters). */
export function pointCount(params: readonly SweepParameter[]): number {
  return params.reduce((n, p) => n * p.values.length, 1);
}

/** The values of grid point `index` (first parameter slowest, last fastest). */
export function pointValues(params: readonly SweepParameter[], index: number): string[] {
  const out = new Array<string>(params.length);
  let rest = index;
  for (let i = params.length - 1; i >= 0; i--) {
    const n = params[i].values.length;
    out[i] = params[i].values[rest % n];
    rest = Math.floor(rest / n);
  }
  return out;
}

/** The overrides of one grid point. */
export function pointOverrides(params: readonly SweepParameter[], values: readonly string[]): Override[] {
  return params.map((p, i) => ({ path: p.path, value: values[i] }));
}

/** Every run of the sweep in canonical order: by grid point, then by seed 1..seeds. */
export function runList(params: readonly SweepParameter[], seeds: number): SweepRun[] {
  const out: SweepRun[] = [];
  const points = pointCount(params);
  for (let p = 0; p < points; p++) {
    const values = pointValues(params, p);
    for (let s = 1; s <= seeds; s++) out.push({ point: p, values, seed: s });
  }
  return out;
}

/** The runs of shard `index` of `count`: every count-th run of the canonical order, from `index`. */
export function shardRuns(runs: readonly SweepRun[], index: number, count: number): SweepRun[] {
  return runs.filter((_, k) => k % count === index);
}

/** "i/N" → {index, count} with 0 ≤ i < N (JOB_COMPLETION_INDEX is 0-based); a message when malformed. */
export function parseShard(text: string): { index: number; count: number } | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard expects i/N like 0/4, got "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) return `--shard ${text}: expected 0 ≤ i < N`;
  return { index, count };
}

/** The identity of a run in runs.csv: its grid values and seed. */
export function runKey(values: readonly string[], seed: number | string): string {
  return JSON.stringify([...values, String(seed)]);
}
