/**
 * Wall-calendar arithmetic for cron schedules, in epoch milliseconds: civil dates, time-zone
 * offsets (UTC, fixed offsets, IANA zones through Intl's ICU data) and Go's time.Date
 * normalisation, which robfig/cron relies on around DST changes.
 */

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** A time zone: the offset (ms, east of UTC positive) in force at an instant. */
export interface Zone {
  readonly name: string;
  offsetMs(epochMs: number): number;
}

class FixedZone implements Zone {
  constructor(
    readonly name: string,
    private readonly offset: number,
  ) {}
  offsetMs(): number {
    return this.offset;
  }
}

/** Offsets are cached per 15-minute bucket; a bucket holding a transition is never cached. */
const BUCKET_MS = 900_000;
const MAX_CACHED_BUCKETS = 8192;

class IanaZone implements Zone {
  private readonly format: Intl.DateTimeFormat;
  private readonly buckets = new Map<number, number>();
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }
  /**
   * The offset at epochMs. Invariant: a cached bucket had the same offset at its first and last
   * millisecond, so (with transitions at least 15 minutes apart) the whole bucket shares it.
   */
  offsetMs(epochMs: number): number {
    const bucket = Math.floor(epochMs / BUCKET_MS);
    const cached = this.buckets.get(bucket);
    if (cached !== undefined) return cached;
    const first = this.lookup(bucket * BUCKET_MS);
    const last = this.lookup((bucket + 1) * BUCKET_MS - 1);
    if (first !== last) return this.lookup(epochMs);
    if (this.buckets.size >= MAX_CACHED_BUCKETS) this.buckets.clear();
    this.buckets.set(bucket, first);
    return first;
  }

  private lookup(epochMs: number): number {
    const whole = Math.floor(epochMs / MS_PER_SECOND) * MS_PER_SECOND;
    let y = 0;
    let mo = 1;
    let d = 1;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const p of this.format.formatToParts(whole)) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
        case 'era': bc = p.value === 'BC' || p.value === 'B'; break;
        default: break;
      }
    }
    if (bc) y = 1 - y;
    const wall = daysFromCivil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * MS_PER_MINUTE + s * MS_PER_SECOND;
    return wall - whole;
  }
}

export const UTC: Zone = new FixedZone('UTC', 0);

const zones = new Map<string, Zone>([['UTC', UTC], ['', UTC]]);

/** A zone with a fixed offset east of UTC, e.g. fixedZone(330) for +05:30. */
export function fixedZone(offsetMinutes: number): Zone {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const name = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new FixedZone(name, offsetMinutes * MS_PER_MINUTE);
}

/**
 * The zone named by an IANA name (as Go's time.LoadLocation; "" and "UTC" are UTC), or undefined
 * when the name is unknown.
 */
export function loadZone(name: string): Zone | undefined {
  const cached = zones.get(name);
  if (cached) return cached;
  let zone: Zone;
  try {
    zone = new IanaZone(name);
  } catch {
    return undefined;
  }
  zones.set(name, zone);
  return zone;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; month 1-12, day may overflow. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + (day - 1);
}

/** Wall-clock fields of an instant in a zone. weekday: 0 = Sunday. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** The wall-clock fields of `epochMs` in `zone` (sub-second part ignored). */
export function wallTime(epochMs: number, zone: Zone): WallTime {
  const local = epochMs + zone.offsetMs(epochMs);
  const days = Math.floor(local / MS_PER_DAY);
  let rest = local - days * MS_PER_DAY;
  const hour = Math.floor(rest / MS_PER_HOUR);
  rest -= hour * MS_PER_HOUR;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / MS_PER_SECOND);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = (((days + 4) % 7) + 7) % 7;
  return { year, month, day, hour, minute, second, weekday };
}

/**
 * Go's time.Date(year, month, day, hour, min, sec, 0, zone): fields may overflow and are
 * normalised; a wall time that does not exist (DST gap) or exists twice (DST overlap) resolves as
 * Go does: offset = the offset in force at (wall − offset in force at wall-read-as-UTC).
 */
export function zonedDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: Zone,
): number {
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const local = daysFromCivil(y, m, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND;
  const guess = zone.offsetMs(local);
  return local - zone.offsetMs(local - guess);
}
