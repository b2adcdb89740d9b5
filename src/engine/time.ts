/**
 * Virtual time: an integer count of microseconds since the start of the run.
 * Invariant: every Time the engine sees is a safe integer ≥ 0 (2^53 µs ≈ 285 years).
 */
export type Time = number;

export const MICROSECOND: Time = 1;
export const MILLISECOND: Time = 1_000;
export const SECOND: Time = 1_000_000;
export const MINUTE: Time = 60 * SECOND;
export const HOUR: Time = 60 * MINUTE;
export const DAY: Time = 24 * HOUR;

/** Unit suffixes of Go's time.ParseDuration, plus "d" (days) for long scenarios. */
const UNITS: Record<string, number> = {
  ns: 0.001,
  us: MICROSECOND,
  'µs': MICROSECOND,
  'μs': MICROSECOND,
  ms: MILLISECOND,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
};

const TOKEN = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;

/**
 * Parses a Kubernetes/Go-style duration ("250ms", "90s", "1h30m", "1.5h") into µs, rounded to the
 * nearest microsecond. A bare number is taken as seconds (the unit of Kubernetes' *Seconds fields).
 * Returns undefined for anything else (negative durations are not accepted).
 */
export function parseDuration(text: string | number): Time | undefined {
  if (typeof text === 'number') {
    return Number.isFinite(text) && text >= 0 ? Math.round(text * SECOND) : undefined;
  }
  const s = text.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * SECOND);
  if (s === '0') return 0;
  TOKEN.lastIndex = 0;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNITS[m[2]];
    pos = TOKEN.lastIndex;
  }
  const rounded = Math.round(total);
  return Number.isSafeInteger(rounded) ? rounded : undefined;
}

/**
 * Formats µs the way Go's Duration.String does for whole units: "1h30m0s", "90ms", "0s".
 * Sub-microsecond parts never occur (Time is integral).
 */
export function formatDuration(t: Time): string {
  if (t === 0) return '0s';
  const neg = t < 0;
  let rest = Math.abs(t);
  if (rest < SECOND) {
    const out = rest % MILLISECOND === 0 ? `${rest / MILLISECOND}ms` : `${rest}µs`;
    return neg ? `-${out}` : out;
  }
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const secs = rest / SECOND;
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${trimFraction(secs)}s`;
  return neg ? `-${out}` : out;
}

function trimFraction(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(6).replace(/0+$/, '');
}

/** Virtual seconds with 6 fixed decimals: the time_s column of every CSV output. */
export function formatSeconds(t: Time): string {
  const whole = Math.floor(t / SECOND);
  const frac = t - whole * SECOND;
  return `${whole}.${String(frac).padStart(6, '0')}`;
}

/** Converts seconds (possibly fractional) to Time, rounding to the nearest µs. */
export function seconds(s: number): Time {
  return Math.round(s * SECOND);
}
