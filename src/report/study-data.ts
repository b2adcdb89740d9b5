import * as path from 'node:path';
import { readCsvFile } from './csv-reader';
import { readJson } from './run-data';
import { wilsonInterval } from './confidence';

/**
 * A sweep's or plan's results as the report reads them. points.csv is read by its header, not by
 * position, so that new columns never break the report:
 * - a metric M has a mean column (`M_mean`, or plain `M`) and optionally band columns
 *   (`M_lo`/`M_hi`, `M_ci_lo`/`M_ci_hi`, `M_ci95_lo`/`M_ci95_hi`, `M_lower`/`M_upper`, `M_low`/`M_high`);
 * - the SLO pass rate is the shortest-named column whose name contains "pass" and "rate" (a fraction 0..1, or a
 *   percentage when above 1), with bands as above, or else a Wilson 95% interval from the run count
 *   column (`runs`, `n`, `seeds`, `samples`);
 * - cost is the first column whose name contains "cost";
 * - parameter columns are the others that hold no statistic (the grid's settings); the x axis is the
 *   first numeric parameter that names a size (count, nodes, size, replicas), else the first numeric one.
 */
export interface StudyPoint {
  params: Record<string, string>;
  values: Record<string, number>;
}

export interface Band {
  mean: number;
  lo?: number;
  hi?: number;
}

export interface StudyData {
  dir: string;
  header: string[];
  points: StudyPoint[];
  /** Parameter columns of points.csv, in header order. */
  params: string[];
  /** The numeric parameter on the x axis (undefined when none). */
  xParam: string | undefined;
  /** Parameters other than x: each distinct combination is one line on the charts. */
  groupParams: string[];
  passRate: string | undefined;
  cost: string | undefined;
  countColumn: string | undefined;
  /** Metric name → its mean and band column names. */
  metrics: Map<string, { mean: string; lo?: string; hi?: string }>;
  runs: number;
  runsHeader: string[];
  plan: Record<string, unknown> | undefined;
}

const BAND_SUFFIXES: [string, string][] = [
  ['_lo', '_hi'],
  ['_ci_lo', '_ci_hi'],
  ['_ci95_lo', '_ci95_hi'],
  ['_ci_low', '_ci_high'],
  ['_lower', '_upper'],
  ['_low', '_high'],
];
const STAT_SUFFIX = /(_mean|_lo|_hi|_low|_high|_lower|_upper|_ci|_ci_lo|_ci_hi|_ci95_lo|_ci95_hi|_sd|_stddev|_std|_min|_max|_p50|_p90|_p95|_p99|_median|_half_width)$/;
const COUNT_COLUMNS = ['runs', 'n', 'seeds', 'samples', 'run_count'];
const SIZE_WORDS = /count|nodes|size|replicas/i;

export function readStudyData(dir: string): StudyData {
  let header: string[] = [];
  const rows: string[][] = [];
  readCsvFile(path.join(dir, 'points.csv'), (f) => rows.push(f), (h) => (header = h));
  let runsHeader: string[] = [];
  const runs = readCsvFile(path.join(dir, 'runs.csv'), () => undefined, (h) => (runsHeader = h));
  const plan = readJson(path.join(dir, 'plan.json'));

  const has = new Set(header);
  const rates = header.filter((c) => /pass/i.test(c) && /rate/i.test(c) && !STAT_SUFFIX.test(c.replace(/_mean$/, '')));
  // The overall rate has the shortest name (slo_pass_rate beside slo1_pass_rate, slo2_pass_rate, ...).
  const passRate = rates.reduce<string | undefined>((best, c) => (best === undefined || c.length < best.length ? c : best), undefined);
  const cost = header.find((c) => /cost/i.test(c) && !/_(lo|hi|low|high|lower|upper|ci_lo|ci_hi|ci95_lo|ci95_hi|sd|stddev)$/.test(c));
  const countColumn = header.find((c) => COUNT_COLUMNS.includes(c.toLowerCase()));

  const metrics = new Map<string, { mean: string; lo?: string; hi?: string }>();
  const used = new Set<string>();
  for (const c of header) {
    const base = c.endsWith('_mean') ? c.slice(0, -5) : undefined;
    if (base === undefined) continue;
    const m: { mean: string; lo?: string; hi?: string } = { mean: c };
    used.add(c);
    for (const [lo, hi] of BAND_SUFFIXES) {
      if (has.has(base + lo) && has.has(base + hi)) {
        m.lo = base + lo;
        m.hi = base + hi;
        used.add(m.lo).add(m.hi);
        break;
      }
    }
    metrics.set(base, m);
  }
  for (const extra of [passRate, cost]) {
    if (extra && !used.has(extra)) {
      const base = extra.replace(/_mean$/, '');
      const m: { mean: string; lo?: string; hi?: string } = { mean: extra };
      for (const [lo, hi] of BAND_SUFFIXES) {
        if (has.has(base + lo) && has.has(base + hi)) {
          m.lo = base + lo;
          m.hi = base + hi;
          break;
        }
      }
      metrics.set(base, m);
      used.add(extra);
      if (m.lo) used.add(m.lo).add(m.hi!);
    }
  }

  const params = header.filter((c) => !used.has(c) && !STAT_SUFFIX.test(c) && c !== countColumn && !/pass|rate|cost/i.test(c) && !/^(seed|run|runs|status|error|dir)$/i.test(c));
  const points: StudyPoint[] = rows.map((f) => {
    const p: StudyPoint = { params: {}, values: {} };
    header.forEach((c, i) => {
      const raw = f[i] ?? '';
      if (params.includes(c)) p.params[c] = raw;
      const v = raw === '' ? NaN : Number(raw);
      if (Number.isFinite(v)) p.values[c] = v;
    });
    return p;
  });
  const numeric = params.filter((c) => points.length > 0 && points.every((p) => p.values[c] !== undefined));
  const xParam = numeric.find((c) => SIZE_WORDS.test(c)) ?? numeric[0];
  const groupParams = params.filter((c) => c !== xParam);
  return { dir, header, points, params, xParam, groupParams, passRate, cost, countColumn, metrics, runs, runsHeader, plan };
}

/** The value, band and scale of a metric at a point; pass rates are returned as fractions. */
export function bandAt(s: StudyData, metric: string, p: StudyPoint): Band | undefined {
  const m = s.metrics.get(metric);
  if (!m) return undefined;
  const mean = p.values[m.mean];
  if (mean === undefined) return undefined;
  const isRate = s.passRate !== undefined && m.mean === s.passRate;
  const scale = isRate && mean > 1 ? 0.01 : 1;
  const b: Band = { mean: mean * scale };
  if (m.lo && m.hi && p.values[m.lo] !== undefined && p.values[m.hi] !== undefined) {
    b.lo = p.values[m.lo] * scale;
    b.hi = p.values[m.hi] * scale;
  } else if (isRate && s.countColumn && p.values[s.countColumn] !== undefined) {
    const n = p.values[s.countColumn];
    const w = wilsonInterval(Math.round(b.mean * n), n);
    if (w) [b.lo, b.hi] = w;
  }
  return b;
}

/** The metric name a column belongs to ("slo_pass_rate_mean" → "slo_pass_rate"). */
export function metricOf(column: string): string {
  return column.replace(/_mean$/, '');
}
