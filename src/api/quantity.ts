/**
 * Resource quantities, as apimachinery's resource.Quantity (pkg/api/resource/quantity.go).
 *
 * A Quantity is exact: its value is `mantissa × 10^exponent` with a BigInt mantissa. Floats are
 * never involved. Invariant: the mantissa has no trailing decimal zero (the exponent absorbs them)
 * and a zero quantity has exponent 0, so two quantities are equal exactly when their mantissas and
 * exponents are.
 *
 * Upstream rules kept here:
 * - ParseQuantity: optional sign, digits with an optional '.', then a suffix: DecimalSI
 *   (n u m "" k M G T P E), BinarySI (Ki Mi Gi Ti Pi Ei) or a decimal exponent (e/E followed by a
 *   signed integer). The format of the suffix is remembered.
 * - Values finer than 1n are rounded up, away from zero, to the next nano ("0.5e-9" → 1n).
 * - BinarySI values are capped at 2^63-1 in magnitude; a BinarySI value strictly between 0 and 1
 *   switches to DecimalSI.
 * - String() is the canonical form: no fractional digits, the largest suffix that loses nothing,
 *   BinarySI only for integers of magnitude ≥ 1024. When ParseQuantity's fast path sees an input
 *   that it judges canonical it keeps the input string as String() (so "+1k" prints "+1k", as
 *   upstream); any arithmetic drops the kept string.
 * - Value() and MilliValue() round up, away from zero (ScaledValue: ceil(|q| / 10^scale)).
 *
 * Deviations (values upstream cannot print correctly): a DecimalSI value whose canonical exponent
 * is above 18 prints with the "E" suffix and a longer mantissa ("1000E"), where upstream drops the
 * suffix; below 1n (only reachable through newScaledQuantity) it prints as a decimal exponent; a
 * BinarySI value of 1024^7 or more prints with "Ei" and a longer mantissa. ScaledValue returns the
 * exact BigInt where upstream's int64 would overflow, and rounds negative values away from zero on
 * every path (upstream's big-decimal path rounds them towards +∞).
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** A quantity string that ParseQuantity rejects; `message` is upstream's error text. */
export class QuantityError extends Error {
  /** The text that failed to parse, when there was one. */
  readonly input: string | undefined;
  constructor(message: string, input?: string) {
    super(message);
    this.name = 'QuantityError';
    this.input = input;
  }
}

/** Upstream's splitREString, quoted in ErrFormatWrong. */
export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** ParseQuantity's ErrFormatWrong. */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`;
/** ParseQuantity's ErrNumeric. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** ParseQuantity's ErrSuffix. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
/** Beyond this many integer digits ScaledValue refuses to build the number (upstream overflows int64). */
const MAX_INTEGER_DIGITS = 4096;

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 40; i++, p *= 10n) POW10.push(p);
function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}
function absBig(m: bigint): bigint {
  return m < 0n ? -m : m;
}
function digitCount(m: bigint): number {
  return absBig(m).toString().length;
}
function signOf(m: bigint): -1 | 0 | 1 {
  return m > 0n ? 1 : m < 0n ? -1 : 0;
}

function normalizeFormat(format: string): QuantityFormat {
  return format === 'BinarySI' || format === 'DecimalSI' ? format : 'DecimalExponent';
}

/** An exact quantity with the format it prints in. Immutable; build it with the functions below. */
export class Quantity {
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: QuantityFormat;
  /** The parsed input, kept as String() where upstream's fast path keeps it. */
  private readonly kept: string | undefined;
  /** Upstream's int64 scale behind `kept`: RoundUp to a scale at or below it keeps the string. */
  private readonly keptScale: number;
  private canonical: string | undefined;

  /**
   * value = mantissa × 10^exponent. Unknown format names print as DecimalExponent, as upstream's
   * CanonicalizeBytes does.
   */
  constructor(mantissa: bigint, exponent: number, format: QuantityFormat | string, kept?: string, keptScale = 0) {
    if (mantissa === 0n) {
      exponent = 0;
    } else {
      while (mantissa % 10n === 0n) {
        mantissa /= 10n;
        exponent++;
      }
    }
    this.mantissa = mantissa;
    this.exponent = exponent;
    this.format = normalizeFormat(format);
    this.kept = kept;
    this.keptScale = keptScale;
    this.canonical = kept;
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }
  sign(): -1 | 0 | 1 {
    return signOf(this.mantissa);
  }
  /** String(): the kept input or the canonical form. */
  toString(): string {
    let s = this.canonical;
    if (s === undefined) {
      s = canonicalize(this);
      this.canonical = s;
    }
    return s;
  }
  toJSON(): string {
    return this.toString();
  }
  cmp(other: Quantity): -1 | 0 | 1 {
    return cmpQuantity(this, other);
  }
  add(other: Quantity): Quantity {
    return addQuantity(this, other);
  }
  sub(other: Quantity): Quantity {
    return subQuantity(this, other);
  }
  neg(): Quantity {
    return new Quantity(-this.mantissa, this.exponent, this.format);
  }
  roundUp(scale: number): { q: Quantity; exact: boolean } {
    return roundUpQuantity(this, scale);
  }
  scaledValue(scale: number): bigint {
    return scaledValue(this, scale);
  }
  value(): bigint {
    return scaledValue(this, 0);
  }
  milliValue(): bigint {
    return scaledValue(this, -3);
  }

  /** Whether RoundUp(scale) keeps the parsed string, as upstream's int64 path does. */
  keepsStringAt(scale: number): boolean {
    return this.kept !== undefined && this.keptScale >= scale;
  }
  /** The same value and format without a kept input string. */
  withoutKeptString(): Quantity {
    return this.kept === undefined ? this : new Quantity(this.mantissa, this.exponent, this.format);
  }
}

/** The pieces of a quantity string, as upstream's parseQuantityString scanner splits it. */
export interface QuantityParts {
  readonly positive: boolean;
  /** The signed number text (what the slow path hands to the big-decimal parser). */
  readonly value: string;
  /** Integer digits with leading zeros removed ("0" when none are left). */
  readonly num: string;
  /** Fraction digits. */
  readonly denom: string;
  readonly suffix: string;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSuffixChar(c: number): boolean {
  switch (c) {
    case 101: // e
    case 69: // E
    case 105: // i
    case 110: // n
    case 117: // u
    case 109: // m
    case 107: // k
    case 75: // K
    case 77: // M
    case 71: // G
    case 84: // T
    case 80: // P
      return true;
    default:
      return false;
  }
}

/** Splits a quantity string as upstream's parseQuantityString does; throws ErrFormatWrong. */
export function parseQuantityString(str: string): QuantityParts {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    const c = str.charCodeAt(0);
    if (c === 45) {
      positive = false;
      pos++;
    } else if (c === 43) {
      pos++;
    }
  }
  while (true) {
    if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str.charCodeAt(pos) === 48) pos++;
    else break;
  }
  let i = pos;
  while (i < end && isDigit(str.charCodeAt(i))) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos, end), denom: '', suffix: '' };
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = '0';

  let denom = '';
  if (str.charCodeAt(pos) === 46) {
    pos++;
    let j = pos;
    while (j < end && isDigit(str.charCodeAt(j))) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = j;
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  let k = pos;
  while (k < end && isSuffixChar(str.charCodeAt(k))) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = k;
  const sc = str.charCodeAt(pos);
  if (sc === 45 || sc === 43) pos++;
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityError(ERR_FORMAT_WRONG, str);
}

interface Suffix {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}
const SUFFIXES: ReadonlyMap<string, Suffix> = new Map<string, Suffix>([
  ['', { base: 10, exponent: 0, format: 'DecimalSI' }],
  ['n', { base: 10, exponent: -9, format: 'DecimalSI' }],
  ['u', { base: 10, exponent: -6, format: 'DecimalSI' }],
  ['m', { base: 10, exponent: -3, format: 'DecimalSI' }],
  ['k', { base: 10, exponent: 3, format: 'DecimalSI' }],
  ['M', { base: 10, exponent: 6, format: 'DecimalSI' }],
  ['G', { base: 10, exponent: 9, format: 'DecimalSI' }],
  ['T', { base: 10, exponent: 12, format: 'DecimalSI' }],
  ['P', { base: 10, exponent: 15, format: 'DecimalSI' }],
  ['E', { base: 10, exponent: 18, format: 'DecimalSI' }],
  ['Ki', { base: 2, exponent: 10, format: 'BinarySI' }],
  ['Mi', { base: 2, exponent: 20, format: 'BinarySI' }],
  ['Gi', { base: 2, exponent: 30, format: 'BinarySI' }],
  ['Ti', { base: 2, exponent: 40, format: 'BinarySI' }],
  ['Pi', { base: 2, exponent: 50, format: 'BinarySI' }],
  ['Ei', { base: 2, exponent: 60, format: 'BinarySI' }],
]);
const DECIMAL_SUFFIX_BY_EXPONENT: ReadonlyMap<number, string> = new Map(
  [...SUFFIXES].filter(([, s]) => s.base === 10).map(([text, s]) => [s.exponent, text]),
);
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const GO_INT = /^[+-]?[0-9]+$/;

/** As upstream's suffixer.interpret: a table suffix, or e/E and an int64 exponent (kept as int32). */
function interpretSuffix(s: string): Suffix | undefined {
  const known = SUFFIXES.get(s);
  if (known) return known;
  const c = s.charCodeAt(0);
  if (s.length > 1 && (c === 101 || c === 69)) {
    const rest = s.slice(1);
    if (!GO_INT.test(rest)) return undefined;
    const big = BigInt(rest);
    if (big > MAX_INT64 || big < MIN_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, big)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** ceil(m / 10^k) for m > 0. */
function ceilDivPow10(m: bigint, k: number): bigint {
  if (k > digitCount(m)) return 1n;
  const p = pow10(k);
  const q = m / p;
  return m % p === 0n ? q : q + 1n;
}

/** ParseQuantity: the quantity `str` denotes, or a QuantityError with upstream's message. */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG, str);
  if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0', 0);

  const parts = parseQuantityString(str);
  const suffix = interpretSuffix(parts.suffix);
  if (!suffix) throw new QuantityError(ERR_SUFFIX, str);
  const { num, denom } = parts;
  let format = suffix.format;

  // Upstream's int64 fast path: decides whether the input string is kept as String().
  let precision: number;
  let scale = 0;
  if (format === 'BinarySI') {
    precision = denom.length === 0 ? 14 - num.length - Math.trunc((suffix.exponent * 3) / 10) : -1;
  } else {
    scale = suffix.exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      let m = format === 'BinarySI' ? digits << BigInt(suffix.exponent) : digits;
      if (!parts.positive) m = -m;
      let keep: boolean;
      if (format === 'BinarySI') {
        keep = suffix.exponent % 10 === 0 && digits % 8n !== 0n;
      } else {
        keep = scale % 3 === 0 && !shifted.endsWith('000') && shifted.charCodeAt(0) !== 48;
      }
      return keep ? new Quantity(m, scale, format, str, scale) : new Quantity(m, scale, format);
    }
  }

  if (!/[0-9]/.test(parts.value)) throw new QuantityError(ERR_NUMERIC, str);
  let m = BigInt(num + denom);
  let e: number;
  if (suffix.base === 10) {
    e = suffix.exponent - denom.length;
  } else {
    m <<= BigInt(suffix.exponent);
    e = -denom.length;
  }
  if (m !== 0n && e < -9) {
    m = ceilDivPow10(m, -9 - e);
    e = -9;
  }
  if (format === 'BinarySI' && cmpParts(m, e, MAX_INT64, 0) > 0) {
    m = MAX_INT64;
    e = 0;
  }
  if (format === 'BinarySI' && m !== 0n && cmpParts(m, e, 1n, 0) < 0) format = 'DecimalSI';
  return new Quantity(parts.positive ? m : -m, e, format);
}

/** Whether ParseQuantity accepts `s`. */
export function isValidQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch (e) {
    if (e instanceof QuantityError) return false;
    throw e;
  }
}

/** As upstream's Quantity.UnmarshalJSON: "null" is zero; quotes and surrounding blanks are dropped. */
export function parseQuantityJSON(raw: string): Quantity {
  if (raw === 'null') return new Quantity(0n, 0, 'DecimalSI');
  let text = raw;
  if (text.length >= 2 && text.charCodeAt(0) === 34 && text.charCodeAt(text.length - 1) === 34) {
    text = text.slice(1, -1);
  }
  return parseQuantity(text.trim());
}

function canonicalize(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    if (cmpParts(q.mantissa, q.exponent, -1024n, 0) > 0 && cmpParts(q.mantissa, q.exponent, 1024n, 0) < 0) {
      format = 'DecimalSI';
    } else if (q.exponent < 0) {
      format = 'DecimalSI';
    }
  }
  if (format === 'BinarySI') {
    let v = q.mantissa * pow10(q.exponent);
    let k = 0;
    while (k < BINARY_SUFFIXES.length - 1 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return v.toString() + BINARY_SUFFIXES[k];
  }
  let m = q.mantissa;
  let e = q.exponent;
  const r = ((e % 3) + 3) % 3;
  if (r !== 0) {
    m *= pow10(r);
    e -= r;
  }
  if (format === 'DecimalExponent') return e === 0 ? m.toString() : `${m}e${e}`;
  if (e > 18) {
    m *= pow10(e - 18);
    e = 18;
  }
  const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(e);
  return suffix === undefined ? `${m}e${e}` : m.toString() + suffix;
}

/** String(): the canonical form (or the kept parsed input, as upstream). */
export function quantityToString(q: Quantity): string {
  return q.toString();
}

/** The exact value as a plain decimal ("-9.01", "53687091.2", "6442450944"). */
export function quantityToDecimalString(q: Quantity): string {
  const m = q.mantissa;
  const e = q.exponent;
  if (m === 0n) return '0';
  if (e >= 0) return m.toString() + '0'.repeat(e);
  const neg = m < 0n;
  let digits = absBig(m).toString();
  if (digits.length <= -e) digits = '0'.repeat(-e - digits.length + 1) + digits;
  const cut = digits.length + e;
  return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
}

const PLAIN_DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/;

/**
 * A quantity holding exactly the plain decimal `text` ("10", "-0.005") in `format`, as upstream's
 * NewDecimalQuantity of an inf.Dec: no rounding, no cap.
 */
export function quantityFromDecimal(text: string, format: QuantityFormat | string): Quantity {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match || (match[2] + (match[3] ?? '')).length === 0) throw new QuantityError(ERR_NUMERIC, text);
  const frac = match[3] ?? '';
  const m = BigInt(match[2] + frac);
  return new Quantity(match[1] === '-' ? -m : m, -frac.length, format);
}

/** NewQuantity(value, format). */
export function newQuantity(value: bigint | number, format: QuantityFormat | string): Quantity {
  return new Quantity(BigInt(value), 0, format);
}
/** NewMilliQuantity(value, format): value/1000. */
export function newMilliQuantity(value: bigint | number, format: QuantityFormat | string): Quantity {
  return new Quantity(BigInt(value), -3, format);
}
/** NewScaledQuantity(value, scale): value × 10^scale in DecimalSI. */
export function newScaledQuantity(value: bigint | number, scale: number): Quantity {
  return new Quantity(BigInt(value), scale, 'DecimalSI');
}

/** Compares m1×10^e1 with m2×10^e2 without expanding far-apart exponents. */
function cmpParts(m1: bigint, e1: number, m2: bigint, e2: number): -1 | 0 | 1 {
  const s1 = signOf(m1);
  const s2 = signOf(m2);
  if (s1 !== s2) return s1 < s2 ? -1 : 1;
  if (s1 === 0) return 0;
  if (e1 !== e2) {
    const d1 = digitCount(m1) + e1;
    const d2 = digitCount(m2) + e2;
    if (d1 !== d2) return d1 > d2 ? s1 : s1 === 1 ? -1 : 1;
    const emin = Math.min(e1, e2);
    m1 *= pow10(e1 - emin);
    m2 *= pow10(e2 - emin);
  }
  return m1 < m2 ? -1 : m1 > m2 ? 1 : 0;
}

/** Quantity.Cmp: -1, 0 or 1 as a is less than, equal to or greater than b. */
export function cmpQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return cmpParts(a.mantissa, a.exponent, b.mantissa, b.exponent);
}

function sumParts(m1: bigint, e1: number, m2: bigint, e2: number, format: QuantityFormat): Quantity {
  if (m2 === 0n) return new Quantity(m1, e1, format);
  if (m1 === 0n) return new Quantity(m2, e2, format);
  const emin = Math.min(e1, e2);
  return new Quantity(m1 * pow10(e1 - emin) + m2 * pow10(e2 - emin), emin, format);
}

/** Quantity.Add: a + b, in a's format unless a is zero (then b's), as upstream. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const format = a.mantissa === 0n ? b.format : a.format;
  return sumParts(a.mantissa, a.exponent, b.mantissa, b.exponent, format);
}

/** Quantity.Sub: a − b, in a's format unless a is zero (then b's), as upstream. */
export function subQuantity(a: Quantity, b: Quantity): Quantity {
  const format = a.mantissa === 0n ? b.format : a.format;
  return sumParts(a.mantissa, a.exponent, -b.mantissa, b.exponent, format);
}

/**
 * Quantity.RoundUp(scale): the value rounded away from zero to a multiple of 10^scale (scale is a
 * decimal exponent: -3 = milli, 0 = units); `exact` is false when precision was lost.
 * "9.01" at -1 → "9.1" (inexact); "-9.01" at 0 → "-10".
 */
export function roundUpQuantity(q: Quantity, scale: number): { q: Quantity; exact: boolean } {
  if (q.keepsStringAt(scale)) return { q, exact: true };
  if (q.exponent >= scale) return { q: q.withoutKeptString(), exact: true };
  const mag = absBig(q.mantissa);
  const rounded = ceilDivPow10(mag, scale - q.exponent);
  const exact = cmpParts(rounded, scale, mag, q.exponent) === 0;
  return { q: new Quantity(q.mantissa < 0n ? -rounded : rounded, scale, q.format), exact };
}

/**
 * Quantity.ScaledValue(scale): ceil(|q| / 10^scale) with q's sign, as an exact BigInt.
 * Throws QuantityError when the result would have more than 4096 digits.
 */
export function scaledValue(q: Quantity, scale: number): bigint {
  const m = q.mantissa;
  if (m === 0n) return 0n;
  const shift = q.exponent - scale;
  if (shift >= 0) {
    if (digitCount(m) + shift > MAX_INTEGER_DIGITS) {
      throw new QuantityError(`quantity ${q.toString()} is too large to express as an integer`);
    }
    return m * pow10(shift);
  }
  const rounded = ceilDivPow10(absBig(m), -shift);
  return m < 0n ? -rounded : rounded;
}

/** Quantity.MilliValue: ceil(q × 1000), rounding away from zero. */
export function milliValue(q: Quantity): bigint {
  return scaledValue(q, -3);
}

/** Quantity.Value: q rounded up away from zero to an integer. */
export function value(q: Quantity): bigint {
  return scaledValue(q, 0);
}

const MEMO_LIMIT = 1 << 16;
const milliByText = new Map<string, number>();
const valueByText = new Map<string, number>();
const milliByNumber = new Map<number, number>();
const valueByNumber = new Map<number, number>();

function remember<K>(memo: Map<K, number>, key: K, amount: number): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, amount);
}

/**
 * The amount the simulator accounts in for a resource: millicores for "cpu" (MilliValue, rounded
 * up, so "0.1m" is 1), and Value() (rounded up away from zero) for every other resource (memory,
 * ephemeral-storage, pods, extended resources, hugepages-*). A JS number is read as its decimal
 * string (String(q)). Results are memoised by input; invalid input throws QuantityError. Amounts
 * beyond 2^53 lose precision in the returned number.
 */
export function resourceAmount(resourceName: string, q: string | number): number {
  const cpu = resourceName === 'cpu';
  if (typeof q === 'number') {
    const memo = cpu ? milliByNumber : valueByNumber;
    let amount = memo.get(q);
    if (amount === undefined) {
      const parsed = parseQuantity(String(q));
      amount = Number(cpu ? scaledValue(parsed, -3) : scaledValue(parsed, 0));
      remember(memo, q, amount);
    }
    return amount;
  }
  const memo = cpu ? milliByText : valueByText;
  let amount = memo.get(q);
  if (amount === undefined) {
    if (typeof q !== 'string') throw new QuantityError(ERR_FORMAT_WRONG, String(q));
    const parsed = parseQuantity(q);
    amount = Number(cpu ? scaledValue(parsed, -3) : scaledValue(parsed, 0));
    remember(memo, q, amount);
  }
  return amount;
}
