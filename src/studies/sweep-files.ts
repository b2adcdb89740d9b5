import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { SweepParameter, pointCount, pointValues, runKey } from './grid';
import { RUN_METRICS, RunResult } from './run-job';
import { meanInterval } from './stats';

/** sweep.json: what a sweep directory holds, so that a re-run can resume it and merge can join shards. */
export interface SweepMeta {
  scenario: string;
  parameters: SweepParameter[];
  seeds: number;
  /** The expectations' ids and texts ("slo1": "rollout deployment/web completes within 10m0s"). */
  expectations: { id: string; expectation: string }[];
  /** "i/N" when the directory holds one shard. */
  shard?: string;
}

export const RUNS_FILE = 'runs.csv';
export const POINTS_FILE = 'points.csv';
export const META_FILE = 'sweep.json';

/** runs.csv columns: the parameter paths, seed, RUN_METRICS, then <id>_pass and <id>_margin per expectation and slo_pass. */
export function runColumns(meta: SweepMeta): string[] {
  const cols = [...meta.parameters.map((p) => p.path), 'seed', ...RUN_METRICS];
  for (const e of meta.expectations) cols.push(`${e.id}_pass`, `${e.id}_margin`);
  if (meta.expectations.length > 0) cols.push('slo_pass');
  return cols;
}

/** One runs.csv row (all fields as text) for a finished run. */
export function runRow(values: readonly string[], seed: number, r: RunResult, meta: SweepMeta): string[] {
  const row = [...values, String(seed), ...r.metrics.map(num)];
  meta.expectations.forEach((_, i) => {
    const v = r.verdicts[i];
    row.push(v ? (v.pass ? '1' : '0') : '', v ? num(v.margin) : '');
  });
  if (meta.expectations.length > 0) row.push(r.verdicts.every((v) => v.pass) ? '1' : '0');
  return row;
}

export function csvLine(fields: readonly string[]): string {
  return stringify([fields as string[]]);
}

/** A number as written to the CSVs: rounded to 6 decimals, no "-0"; empty for null. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r);
}

/** Parses RFC 4180 CSV text (quoted fields with doubled quotes); a last line without newline is dropped as torn. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
    i++;
  }
  return rows;
}

/** Reads a sweep directory's runs.csv: header and rows; undefined when absent. */
export function readRuns(dir: string): { header: string[]; rows: string[][] } | undefined {
  const file = path.join(dir, RUNS_FILE);
  if (!fs.existsSync(file)) return undefined;
  const all = parseCsv(fs.readFileSync(file, 'utf8'));
  if (all.length === 0) return { header: [], rows: [] };
  const header = all[0];
  return { header, rows: all.slice(1).filter((r) => r.length === header.length) };
}

export function readMeta(dir: string): SweepMeta | undefined {
  const file = path.join(dir, META_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SweepMeta;
}

/**
 * Writes runs.csv (rows sorted by grid point, then seed; rows of values outside the grid last, by
 * key), points.csv and sweep.json, each under a temporary name then renamed. The bytes depend only
 * on the set of rows, never on the order runs finished in or on how many workers ran them.
 */
export function writeSweepOutputs(dir: string, meta: SweepMeta, rows: readonly string[][]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const k = meta.parameters.length;
  const pointOf = new Map<string, number>();
  const points = pointCount(meta.parameters);
  for (let p = 0; p < points; p++) pointOf.set(JSON.stringify(pointValues(meta.parameters, p)), p);
  const keyed = rows.map((r) => ({ r, point: pointOf.get(JSON.stringify(r.slice(0, k))) ?? -1, seed: Number(r[k]), key: runKey(r.slice(0, k), r[k]) }));
  keyed.sort((a, b) => {
    if (a.point !== b.point) return a.point < 0 ? 1 : b.point < 0 ? -1 : a.point - b.point;
    return a.seed - b.seed || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
  const cols = runColumns(meta);
  const runsText = csvLine(cols) + keyed.map((x) => csvLine(x.r)).join('');
  const byPoint: string[][][] = Array.from({ length: points }, () => []);
  for (const x of keyed) if (x.point >= 0) byPoint[x.point].push(x.r);
  const pointsText = pointsCsv(meta, cols, byPoint);
  const { shard: _shard, ...unsharded } = meta;
  const metaOut = meta.shard === undefined ? unsharded : meta;
  return [
    writeAtomic(path.join(dir, RUNS_FILE), runsText),
    writeAtomic(path.join(dir, POINTS_FILE), pointsText),
    writeAtomic(path.join(dir, META_FILE), JSON.stringify(metaOut, null, 2) + '\n'),
  ];
}

/** points.csv: per grid point with runs, the number of runs, mean and 95% CI of every metric and margin, and pass rates. */
function pointsCsv(meta: SweepMeta, cols: readonly string[], byPoint: readonly string[][][]): string {
  const measured = [...RUN_METRICS, ...meta.expectations.map((e) => `${e.id}_margin`)];
  const rates = [...meta.expectations.map((e) => `${e.id}_pass`), ...(meta.expectations.length > 0 ? ['slo_pass'] : [])];
  const header = [...meta.parameters.map((p) => p.path), 'runs'];
  for (const m of measured) header.push(`${m}_mean`, `${m}_ci_low`, `${m}_ci_high`);
  for (const r of rates) header.push(`${r}_rate`);
  let text = csvLine(header);
  byPoint.forEach((rows, p) => {
    if (rows.length === 0) return;
    const line = [...pointValues(meta.parameters, p), String(rows.length)];
    for (const m of measured) {
      const c = cols.indexOf(m);
      const vals = rows.map((r) => r[c]).filter((v) => v !== '').map(Number);
      const ci = meanInterval(vals);
      line.push(num(ci?.mean), num(ci?.low), num(ci?.high));
    }
    for (const r of rates) {
      const c = cols.indexOf(r);
      const vals = rows.map((x) => x[c]).filter((v) => v !== '');
      line.push(vals.length === 0 ? '' : num(vals.filter((v) => v === '1').length / vals.length));
    }
    text += csvLine(line);
  });
  return text;
}

export function writeAtomic(file: string, text: string): string {
  fs.writeFileSync(`${file}.partial`, text);
  fs.renameSync(`${file}.partial`, file);
  return file;
}
