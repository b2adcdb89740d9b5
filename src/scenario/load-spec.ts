import { isAbsolute, join } from 'node:path';
import { FieldPath } from '../api/validation/field-error';
import { isValidQuantity, resourceAmount } from '../api/quantity';
import { DAY, MINUTE, Time } from '../engine/time';
import { ServiceLoad } from '../load/service-load';
import { RateCurve, RateTerm, aggregateArrivals, readArrivalColumn } from '../load/rate-curve';
import { readTextFile } from './manifests';
import { AppModel, SourcedObject, TimelineAction } from './scenario';
import { SpecReader, shown } from './spec-reader';

/** The load-model fields of an `applications` entry (read by readAppLoadFields). */
export const APP_LOAD_FIELDS = ['cpuPerRequest', 'memoryPerRequest', 'baseCpu', 'baseMemory', 'overload'];
const OVERLOAD = ['failReadiness', 'oomKill'];

const ENTRY_FIELDS = ['service', 'namespace', 'rate', 'spread', 'noise'];
const RATE_FIELDS = ['constant', 'steps', 'diurnal', 'bursts', 'csv', 'column', 'timeScale', 'interval', 'scale'];
const CSV_OPTIONS = ['column', 'timeScale', 'interval', 'scale'];
const DEFAULT_CSV_INTERVAL: Time = 1 * MINUTE;
const DEFAULT_PERIOD: Time = 1 * DAY;

/** cpu quantity → millicores, memory quantity → bytes; a bare number is read as a quantity. */
function quantity(r: SpecReader, v: unknown, path: FieldPath, resource: 'cpu' | 'memory'): number | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined || !isValidQuantity(text)) {
    return r.fail(path, `expected a ${resource} quantity like ${resource === 'cpu' ? '"5m" or "0.5"' : '"2Mi"'}, got ${shown(v)}`);
  }
  const n = resourceAmount(resource, text);
  if (n < 0) return r.fail(path, `must not be negative, got ${shown(v)}`);
  return n;
}

/**
 * The load-model fields of one application: cpuPerRequest (cpu per request/s, e.g. "4m"),
 * memoryPerRequest (memory per request/s), baseCpu, baseMemory (idle usage), overload
 * (failReadiness | oomKill).
 */
export function readAppLoadFields(r: SpecReader, v: Record<string, unknown>, path: FieldPath, app: AppModel): void {
  if (v.cpuPerRequest !== undefined) app.cpuPerRequest = quantity(r, v.cpuPerRequest, [...path, 'cpuPerRequest'], 'cpu');
  if (v.memoryPerRequest !== undefined) app.memoryPerRequest = quantity(r, v.memoryPerRequest, [...path, 'memoryPerRequest'], 'memory');
  if (v.baseCpu !== undefined) app.baseCpu = quantity(r, v.baseCpu, [...path, 'baseCpu'], 'cpu');
  if (v.baseMemory !== undefined) app.baseMemory = quantity(r, v.baseMemory, [...path, 'baseMemory'], 'memory');
  if (v.overload !== undefined) {
    if (typeof v.overload === 'string' && OVERLOAD.includes(v.overload)) app.overload = v.overload as AppModel['overload'];
    else r.fail([...path, 'overload'], `expected one of ${OVERLOAD.join(', ')}, got ${shown(v.overload)}`);
  }
}

/**
 * `spec.load`: a list of `{service, namespace?, rate, spread?, noise?}`. `service` is a name (in
 * `namespace`, default "default") or "namespace/name" of a Service created by spec.resources or a
 * timeline apply (`services` holds their "namespace/name" keys). `rate` is a map whose terms are
 * summed: constant, steps, diurnal, bursts, csv (with column, timeScale, interval, scale).
 */
export function readLoad(r: SpecReader, v: unknown, path: FieldPath, baseDir: string, services: ReadonlySet<string>): ServiceLoad[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return r.fail(path, `expected a list of {service, rate} entries, got ${shown(v)}`);
  const out: ServiceLoad[] = [];
  const seen = new Set<string>();
  v.forEach((e, i) => {
    const p = [...path, i];
    if (!r.fields(e, p, ENTRY_FIELDS)) return;
    const before = r.problems.length;
    let namespace = 'default';
    if (e.namespace !== undefined) namespace = r.string(e.namespace, [...p, 'namespace'], 'a namespace') ?? namespace;
    let service: string | undefined;
    if (r.required(e, 'service', p)) {
      const s = r.string(e.service, [...p, 'service'], 'a Service name');
      if (s !== undefined) {
        const slash = s.indexOf('/');
        if (slash >= 0) {
          namespace = s.slice(0, slash);
          service = s.slice(slash + 1);
        } else service = s;
        const key = `${namespace}/${service}`;
        if (!services.has(key)) r.fail([...p, 'service'], `no Service "${key}" in spec.resources or a timeline apply action`);
        else if (seen.has(key)) r.fail([...p, 'service'], `Duplicate value: "${key}": one load entry per Service (sum curves inside one rate map)`);
        seen.add(key);
      }
    }
    const rate = r.required(e, 'rate', p) ? readRate(r, e.rate, [...p, 'rate'], baseDir) : undefined;
    let spread: ServiceLoad['spread'] = 'even';
    if (e.spread !== undefined) {
      if (e.spread === 'even' || e.spread === 'weighted') spread = e.spread;
      else r.fail([...p, 'spread'], `expected even or weighted, got ${shown(e.spread)}`);
    }
    const noise = e.noise === undefined ? 0 : r.number(e.noise, [...p, 'noise'], 0, 10);
    if (r.problems.length > before || service === undefined || rate === undefined || noise === undefined) return;
    const { line, col } = r.src.position(r.doc, p);
    out.push({ namespace, service, rate, spread, noise, where: `${r.src.file}:${line}:${col}` });
  });
  return out;
}

function readRate(r: SpecReader, v: unknown, path: FieldPath, baseDir: string): RateCurve | undefined {
  if (typeof v === 'number') {
    const c = r.number(v, path, 0, Number.MAX_VALUE);
    return c === undefined ? undefined : { terms: [{ kind: 'constant', rate: c }] };
  }
  if (!r.fields(v, path, RATE_FIELDS)) return undefined;
  const before = r.problems.length;
  const terms: RateTerm[] = [];
  if (Object.keys(v).filter((k) => !CSV_OPTIONS.includes(k)).length === 0) {
    r.fail(path, 'expected at least one of constant, steps, diurnal, bursts, csv');
    return undefined;
  }
  if (v.csv === undefined) {
    for (const k of CSV_OPTIONS) if (v[k] !== undefined) r.fail([...path, k], `${k} applies to a csv rate only`, true);
  }
  const rateNumber = (x: unknown, p: FieldPath) => r.number(x, p, 0, Number.MAX_VALUE);
  if (v.constant !== undefined) {
    const c = rateNumber(v.constant, [...path, 'constant']);
    if (c !== undefined) terms.push({ kind: 'constant', rate: c });
  }
  if (v.steps !== undefined) {
    const sp = [...path, 'steps'];
    if (!Array.isArray(v.steps) || v.steps.length === 0) r.fail(sp, `expected a non-empty list of {at, rate}, got ${shown(v.steps)}`);
    else {
      const steps: { at: Time; rate: number }[] = [];
      v.steps.forEach((s, i) => {
        const p = [...sp, i];
        if (!r.fields(s, p, ['at', 'rate']) || !r.required(s, 'at', p) || !r.required(s, 'rate', p)) return;
        const at = r.duration(s.at, [...p, 'at']);
        const rate = rateNumber(s.rate, [...p, 'rate']);
        if (at === undefined || rate === undefined) return;
        if (steps.length > 0 && at <= steps[steps.length - 1].at) r.fail([...p, 'at'], 'steps must be in increasing order of at');
        steps.push({ at, rate });
      });
      terms.push({ kind: 'steps', steps });
    }
  }
  if (v.diurnal !== undefined) {
    const dp = [...path, 'diurnal'];
    const d = v.diurnal;
    if (r.fields(d, dp, ['mean', 'amplitude', 'peakAt', 'period']) && r.required(d, 'mean', dp) && r.required(d, 'amplitude', dp)) {
      const mean = rateNumber(d.mean, [...dp, 'mean']);
      const amplitude = rateNumber(d.amplitude, [...dp, 'amplitude']);
      const peakAt = d.peakAt === undefined ? 0 : r.duration(d.peakAt, [...dp, 'peakAt']);
      const period = d.period === undefined ? DEFAULT_PERIOD : r.duration(d.period, [...dp, 'period'], true);
      if (mean !== undefined && amplitude !== undefined && peakAt !== undefined && period !== undefined) {
        terms.push({ kind: 'diurnal', mean, amplitude, peakAt, period });
      }
    }
  }
  if (v.bursts !== undefined) {
    const bp = [...path, 'bursts'];
    if (!Array.isArray(v.bursts)) r.fail(bp, `expected a list of {at, duration, rate}, got ${shown(v.bursts)}`);
    else
      v.bursts.forEach((b, i) => {
        const p = [...bp, i];
        if (!r.fields(b, p, ['at', 'duration', 'rate'])) return;
        if (!r.required(b, 'at', p) || !r.required(b, 'duration', p) || !r.required(b, 'rate', p)) return;
        const at = r.duration(b.at, [...p, 'at']);
        const duration = r.duration(b.duration, [...p, 'duration'], true);
        const rate = rateNumber(b.rate, [...p, 'rate']);
        if (at !== undefined && duration !== undefined && rate !== undefined) terms.push({ kind: 'burst', at, duration, rate });
      });
  }
  if (v.csv !== undefined) {
    const t = readCsvRate(r, v, path, baseDir);
    if (t) terms.push(t);
  }
  return r.problems.length > before ? undefined : { terms };
}

/** csv: a trace of arrival timestamps, aggregated per `interval` (default 1m) into rates. */
function readCsvRate(r: SpecReader, v: Record<string, unknown>, path: FieldPath, baseDir: string): RateTerm | undefined {
  const file = r.string(v.csv, [...path, 'csv'], 'the path of a CSV file of arrival timestamps');
  const column = v.column === undefined ? 'TIMESTAMP' : r.string(v.column, [...path, 'column'], 'a column name');
  const timeScale = v.timeScale === undefined ? 1 : r.number(v.timeScale, [...path, 'timeScale'], Number.MIN_VALUE, 1e6);
  const interval = v.interval === undefined ? DEFAULT_CSV_INTERVAL : r.duration(v.interval, [...path, 'interval'], true);
  const scale = v.scale === undefined ? 1 : r.number(v.scale, [...path, 'scale'], 0, 1e9);
  if (file === undefined || column === undefined || timeScale === undefined || interval === undefined || scale === undefined) return undefined;
  const resolved = isAbsolute(file) ? file : join(baseDir, file);
  const { line, col } = r.src.position(r.doc, [...path, 'csv']);
  const text = readTextFile(resolved, r.problems, { file: r.src.file, line, col, path: r.pathText([...path, 'csv']) }, r.limits.maxFileBytes);
  if (text === undefined) return undefined;
  const res = readArrivalColumn(text, column, timeScale);
  if ('missingColumn' in res) return r.fail([...path, 'column'], `${resolved} has no column "${column}"; its columns are ${res.missingColumn.join(', ')}`);
  if ('badRow' in res) return r.fail([...path, 'csv'], `${resolved}:${res.badRow}: expected a timestamp (seconds, or "YYYY-MM-DD HH:MM:SS"), got ${JSON.stringify(res.value)}`);
  if (res.offsets.length === 0) return r.fail([...path, 'csv'], `${resolved} has no arrivals`);
  return { kind: 'table', start: 0, interval, rates: aggregateArrivals(res.offsets, interval, scale) };
}

/** "namespace/name" of every Service the scenario creates (resources and timeline apply actions). */
export function serviceKeys(resources: readonly SourcedObject[], actions: readonly TimelineAction[]): Set<string> {
  const out = new Set<string>();
  const add = (o: SourcedObject) => {
    if (o.object.kind === 'Service') out.add(`${o.object.metadata.namespace ?? 'default'}/${o.object.metadata.name}`);
  };
  for (const o of resources) add(o);
  for (const a of actions) if (a.type === 'apply') for (const o of a.objects) add(o);
  return out;
}
