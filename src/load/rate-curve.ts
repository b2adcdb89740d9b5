import { Time, SECOND } from '../engine/time';

/**
 * A request-rate curve over virtual time, in requests per second: the sum of its terms. Terms:
 * - constant: `rate` at every instant;
 * - steps: the rate of the last step whose `at` ≤ t (0 before the first step);
 * - diurnal: mean + amplitude·cos(2π(t − peakAt)/period), never below 0 (peak at peakAt,
 *   trough half a period later);
 * - burst: `rate` added during [at, at + duration);
 * - table: per-interval rates replayed from a trace (rates[i] over [start + i·interval, …)), 0
 *   outside the table.
 *
 * Example: diurnal {mean 100, amplitude 80, peakAt 14h, period 24h} gives 180 rps at 14:00 and
 * 20 rps at 02:00; adding a burst {at 15h, duration 1h, rate 200} gives 380 rps at 15:00.
 */
export type RateTerm =
  | { kind: 'constant'; rate: number }
  | { kind: 'steps'; steps: { at: Time; rate: number }[] }
  | { kind: 'diurnal'; mean: number; amplitude: number; peakAt: Time; period: Time }
  | { kind: 'burst'; at: Time; duration: Time; rate: number }
  | { kind: 'table'; start: Time; interval: Time; rates: Float64Array };

export interface RateCurve {
  terms: RateTerm[];
}

/** Requests per second at virtual time t (≥ 0). */
export function rateAt(curve: RateCurve, t: Time): number {
  let r = 0;
  for (const term of curve.terms) r += termAt(term, t);
  return r > 0 ? r : 0;
}

function termAt(term: RateTerm, t: Time): number {
  switch (term.kind) {
    case 'constant':
      return term.rate;
    case 'steps': {
      let r = 0;
      for (const s of term.steps) {
        if (s.at > t) break;
        r = s.rate;
      }
      return r;
    }
    case 'diurnal': {
      const v = term.mean + term.amplitude * Math.cos((2 * Math.PI * (t - term.peakAt)) / term.period);
      return v > 0 ? v : 0;
    }
    case 'burst':
      return t >= term.at && t < term.at + term.duration ? term.rate : 0;
    case 'table': {
      if (t < term.start) return 0;
      const i = Math.floor((t - term.start) / term.interval);
      return i < term.rates.length ? term.rates[i] : 0;
    }
  }
}

/**
 * Aggregates arrival instants (seconds from the trace's first arrival, already multiplied by the
 * time scale) into per-interval rates: rates[i] = arrivals in [i·interval, (i+1)·interval) /
 * interval seconds, times `scale`.
 */
export function aggregateArrivals(offsetsSeconds: readonly number[], interval: Time, scale: number): Float64Array {
  let last = 0;
  for (const s of offsetsSeconds) if (s > last) last = s;
  const intervalSeconds = interval / SECOND;
  const n = Math.floor(last / intervalSeconds) + 1;
  const rates = new Float64Array(n);
  for (const s of offsetsSeconds) {
    if (s < 0) continue;
    rates[Math.floor(s / intervalSeconds)] += 1;
  }
  for (let i = 0; i < n; i++) rates[i] = (rates[i] / intervalSeconds) * scale;
  return rates;
}

/**
 * A trace timestamp in seconds: a plain number, or a date-time "YYYY-MM-DD HH:MM:SS[.fraction]"
 * (optionally with "T" and "Z"), read as UTC. Undefined when neither.
 */
export function parseTimestamp(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?Z?$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(ms)) return undefined;
  return ms / 1000 + (m[7] ? Number(m[7]) : 0);
}

/**
 * Reads the arrival column of a CSV text (first line: header) into offsets from the earliest
 * arrival, in seconds, multiplied by `timeScale`. Returns the row number (1-based, header = 1) of
 * the first unreadable value instead, or the header names when `column` is absent.
 */
export function readArrivalColumn(
  text: string,
  column: string,
  timeScale: number,
): { offsets: number[] } | { badRow: number; value: string } | { missingColumn: string[] } {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const col = header.indexOf(column);
  if (col < 0) return { missingColumn: header };
  const raw: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cell = splitCsvLine(lines[i])[col] ?? '';
    const ts = parseTimestamp(cell);
    if (ts === undefined) return { badRow: i + 1, value: cell };
    raw.push(ts);
  }
  let first = Infinity;
  for (const t of raw) if (t < first) first = t;
  return { offsets: raw.map((t) => (t - first) * timeScale) };
}

/** Splits one CSV line on commas, honouring double-quoted cells ("" is a quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
