import { UTC, Zone, loadZone, wallTime, zonedDate } from './time-zone';

/**
 * Cron schedules as the CronJob controller evaluates them: robfig/cron v3.0.1's ParseStandard
 * (5 fields minute hour day-of-month month day-of-week, names JAN-DEC / SUN-SAT, '?' as '*',
 * ranges, steps, lists, the @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly
 * descriptors, "@every <Go duration>", an optional "TZ=<zone> " / "CRON_TZ=<zone> " prefix) and
 * the schedule-time helpers of pkg/controller/cronjob/utils.go.
 *
 * Times are epoch milliseconds of the wall calendar: cron is calendar logic. The simulator maps its
 * virtual clock onto a configured start instant (see wall-clock.ts) before asking for schedules.
 * A schedule without a TZ prefix is evaluated in the zone passed to next() (UTC by default: the
 * simulated kube-controller-manager runs in UTC).
 */

/** An unparseable schedule. `field` names the cron field at fault when there is one. */
export class CronSyntaxError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

export interface CronSchedule {
  /** The text the schedule was parsed from. */
  readonly spec: string;
  /** The zone of a TZ= / CRON_TZ= prefix, if any. */
  readonly location: Zone | undefined;
  /**
   * robfig's Schedule.Next: the first activation strictly after `afterMs`, whole seconds (the
   * sub-second part of `afterMs` is dropped first), or null when there is none within 5 years.
   * `zone` is used when the schedule has no TZ prefix.
   */
  next(afterMs: number, zone?: Zone): number | null;
}

/** Bounds and names of a cron field (robfig's `bounds`). */
export interface FieldBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

export const MINUTE_BOUNDS: FieldBounds = { name: 'minute', min: 0, max: 59 };
export const HOUR_BOUNDS: FieldBounds = { name: 'hour', min: 0, max: 23 };
export const DOM_BOUNDS: FieldBounds = { name: 'day-of-month', min: 1, max: 31 };
export const MONTH_BOUNDS: FieldBounds = {
  name: 'month',
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
export const DOW_BOUNDS: FieldBounds = {
  name: 'day-of-week',
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** A parsed field: set[v] = 1 when value v matches; star when written as '*' or '?' (step 1). */
export interface CronField {
  readonly set: Uint8Array;
  readonly star: boolean;
}

/** robfig's error text, before the field name is added. */
class RangeSyntax extends Error {}

const GO_INT = /^[+-]?[0-9]+$/;

/** robfig mustParseInt: strconv.Atoi, then non-negative. */
function mustParseInt(expr: string): number {
  if (!GO_INT.test(expr)) {
    throw new RangeSyntax(`failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`);
  }
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) {
    throw new RangeSyntax(`failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": value out of range`);
  }
  if (n < 0) throw new RangeSyntax(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Readonly<Record<string, number>> | undefined): number {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined && Object.prototype.hasOwnProperty.call(names, expr.toLowerCase())) return v;
  }
  return mustParseInt(expr);
}

/**
 * robfig getRange: "*" | "?" | N | N-M, optionally "/step"; "N/step" means N-max/step; a step
 * above 1 clears the star flag. Throws RangeSyntax with robfig's message.
 * Example (minute): "20-35/15" → {20, 35}; "*\/61" → {0}.
 */
function addRange(expr: string, b: FieldBounds, set: Uint8Array): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], b.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b.names);
    else throw new RangeSyntax(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) {
    step = 1;
  } else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (singleDigit) end = b.max;
    if (step > 1) star = false;
  } else {
    throw new RangeSyntax(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new RangeSyntax(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new RangeSyntax(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new RangeSyntax(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new RangeSyntax(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) set[v] = 1;
  return star;
}

/**
 * robfig getField: a comma list of ranges (empty items ignored). Throws CronSyntaxError naming
 * the field. Example (day-of-week): "1,5-7/2,3" over 1..7 → {1, 3, 5, 7}.
 */
export function parseField(text: string, bounds: FieldBounds): CronField {
  const set = new Uint8Array(bounds.max + 1);
  let star = false;
  for (const expr of text.split(',')) {
    if (expr === '') continue;
    try {
      if (addRange(expr, bounds, set)) star = true;
    } catch (e) {
      if (e instanceof RangeSyntax) throw new CronSyntaxError(`${bounds.name} field "${text}": ${e.message}`, bounds.name);
      throw e;
    }
  }
  return { set, star };
}

/** The values a field matches, ascending. */
export function fieldValues(f: CronField): number[] {
  const out: number[] = [];
  for (let v = 0; v < f.set.length; v++) if (f.set[v]) out.push(v);
  return out;
}

/** robfig SpecSchedule over the standard fields; the second is always 0. */
export class SpecSchedule implements CronSchedule {
  constructor(
    readonly spec: string,
    readonly minute: CronField,
    readonly hour: CronField,
    readonly dom: CronField,
    readonly month: CronField,
    readonly dow: CronField,
    readonly location: Zone | undefined,
  ) {}

  /**
   * robfig dayMatches: when either day field is a star both must match, otherwise (both
   * restricted) either may. Example: "* * 1,15 * Sun" fires on the 1st, the 15th and Sundays.
   */
  private dayMatches(day: number, weekday: number): boolean {
    const domMatch = this.dom.set[day] === 1;
    const dowMatch = this.dow.set[weekday] === 1;
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  /**
   * robfig SpecSchedule.Next, field by field in the schedule's zone (month, day, hour, minute,
   * second); an increment that wraps a field restarts from the month; gives up after year + 5.
   * DST: a day step that lands off midnight is pulled back to midnight (robfig's Sao Paulo rule);
   * missing wall times are skipped and repeated ones can fire twice, as robfig does.
   * Example: "0/15 * * * *" after 14:59:59 → 15:00:00; "0 0 29 Feb ?" after 2012-07-09 → 2016-02-29.
   */
  next(afterMs: number, zone: Zone = UTC): number | null {
    const loc = this.location ?? zone;
    let t = Math.floor(afterMs / 1000) * 1000 + 1000;
    let added = false;
    let w = wallTime(t, loc);
    const yearLimit = w.year + 5;
    wrap: for (;;) {
      if (w.year > yearLimit) return null;

      while (this.month.set[w.month] !== 1) {
        if (!added) {
          added = true;
          t = zonedDate(w.year, w.month, 1, 0, 0, 0, loc);
          w = wallTime(t, loc);
        }
        t = zonedDate(w.year, w.month + 1, w.day, w.hour, w.minute, w.second, loc);
        w = wallTime(t, loc);
        if (w.month === 1) continue wrap;
      }

      while (!this.dayMatches(w.day, w.weekday)) {
        if (!added) {
          added = true;
          t = zonedDate(w.year, w.month, w.day, 0, 0, 0, loc);
          w = wallTime(t, loc);
        }
        t = zonedDate(w.year, w.month, w.day + 1, w.hour, w.minute, w.second, loc);
        w = wallTime(t, loc);
        if (w.hour !== 0) {
          t += w.hour > 12 ? (24 - w.hour) * 3_600_000 : -w.hour * 3_600_000;
          w = wallTime(t, loc);
        }
        if (w.day === 1) continue wrap;
      }

      while (this.hour.set[w.hour] !== 1) {
        if (!added) {
          added = true;
          t = zonedDate(w.year, w.month, w.day, w.hour, 0, 0, loc);
        }
        t += 3_600_000;
        w = wallTime(t, loc);
        if (w.hour === 0) continue wrap;
      }

      while (this.minute.set[w.minute] !== 1) {
        if (!added) {
          added = true;
          t -= mod(t, 60_000);
        }
        t += 60_000;
        w = wallTime(t, loc);
        if (w.minute === 0) continue wrap;
      }

      while (w.second !== 0) {
        if (!added) {
          added = true;
          t -= mod(t, 1000);
        }
        t += 1000;
        w = wallTime(t, loc);
        if (w.second === 0) continue wrap;
      }
      return t;
    }
  }
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * robfig ConstantDelaySchedule ("@every d"): d below 1s becomes 1s, then d is truncated to whole
 * seconds; next(t) = t + d − (sub-second part of t). Not aligned to the clock, zone-independent.
 * Example: "@every 15m" after 14:59:59 → 15:14:59; "@every 15ms" → every second.
 */
export class ConstantDelaySchedule implements CronSchedule {
  readonly location: Zone | undefined = undefined;
  constructor(
    readonly spec: string,
    readonly delayMs: number,
  ) {}
  next(afterMs: number): number | null {
    return afterMs + this.delayMs - mod(afterMs, 1000);
  }
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const GO_DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const GO_DURATION_PART = /^([0-9]*(?:\.[0-9]*)?)([^0-9.]+)/;

/** Go's time.ParseDuration, in milliseconds (may be fractional). Throws with Go's message. */
export function parseGoDurationMs(text: string): number {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  while (s !== '') {
    const m = GO_DURATION_PART.exec(s);
    if (!m || m[1] === '' || m[1] === '.') {
      if (/^[0-9.]+$/.test(s) && s !== '.') throw new Error(`time: missing unit in duration "${text}"`);
      throw new Error(`time: invalid duration "${text}"`);
    }
    const unitMatch = /^(ns|us|µs|μs|ms|s|m|h)/.exec(m[2]);
    const unit = unitMatch ? unitMatch[1] : undefined;
    if (unit === undefined) throw new Error(`time: unknown unit "${m[2]}" in duration "${text}"`);
    total += Number(m[1]) * GO_DURATION_UNITS_MS[unit];
    s = s.slice(m[1].length + unit.length);
  }
  return sign * total;
}

function parseDescriptor(spec: string, descriptor: string, loc: Zone | undefined): CronSchedule {
  const fields = DESCRIPTORS[descriptor];
  if (fields !== undefined && Object.prototype.hasOwnProperty.call(DESCRIPTORS, descriptor)) {
    return parseFields(spec, fields.split(' '), loc);
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    let d: number;
    try {
      d = parseGoDurationMs(descriptor.slice(every.length));
    } catch (e) {
      throw new CronSyntaxError(`failed to parse duration ${descriptor}: ${(e as Error).message}`);
    }
    if (d < 1000) d = 1000;
    return new ConstantDelaySchedule(spec, Math.floor(d / 1000) * 1000);
  }
  throw new CronSyntaxError(`unrecognized descriptor: ${descriptor}`);
}

function parseFields(spec: string, fields: readonly string[], loc: Zone | undefined): SpecSchedule {
  if (fields.length !== 5) {
    throw new CronSyntaxError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  return new SpecSchedule(
    spec,
    parseField(fields[0], MINUTE_BOUNDS),
    parseField(fields[1], HOUR_BOUNDS),
    parseField(fields[2], DOM_BOUNDS),
    parseField(fields[3], MONTH_BOUNDS),
    parseField(fields[4], DOW_BOUNDS),
    loc,
  );
}

/**
 * robfig cron.ParseStandard. Throws CronSyntaxError, with robfig's wording (e.g. "empty spec
 * string", "expected exactly 5 fields, found 1: [xyz]", "minute field \"60\": end of range (60)
 * above maximum (59): 60", "unrecognized descriptor: @x", "provided bad location X: ...").
 */
export function parseCronSchedule(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronSyntaxError('empty spec string');
  let rest = spec;
  let loc: Zone | undefined;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    if (space < 0) throw new CronSyntaxError(`missing schedule after time zone: ${spec}`);
    const name = rest.slice(eq + 1, space);
    loc = loadZone(name);
    if (!loc) throw new CronSyntaxError(`provided bad location ${name}: unknown time zone ${name}`);
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) return parseDescriptor(spec, rest, loc);
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  return parseFields(spec, fields, loc);
}

/**
 * The schedule a CronJob runs on (the controller's formatSchedule + ParseStandard): with
 * spec.timeZone set and no TZ in the schedule, "TZ=<timeZone> <schedule>".
 */
export function parseCronJobSchedule(schedule: string, timeZone?: string | null): CronSchedule {
  if (timeZone && !schedule.includes('TZ')) return parseCronSchedule(`TZ=${timeZone} ${schedule}`);
  return parseCronSchedule(schedule);
}

// ---- pkg/controller/cronjob/utils.go ----

/** More missed schedules than this raise the TooManyMissedTimes warning (upstream's 100). */
export const MISSED_SCHEDULES_LIMIT = 100;
/** nextScheduleDelta: the padding added to every requeue, against clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** The CronJob fields the schedule-time helpers read, as epoch ms. */
export interface CronJobTimes {
  readonly creationTimestamp: number;
  readonly lastScheduleTime?: number | null;
  readonly startingDeadlineSeconds?: number | null;
}

export type MissedSchedules = 'none' | 'few' | 'many';

export interface MostRecentSchedule {
  /** lastScheduleTime, else creationTimestamp, raised to now − startingDeadlineSeconds if asked. */
  readonly earliestTime: number;
  /** The most recent schedule time ≤ now after earliestTime, or null. */
  readonly mostRecentTime: number | null;
  /** Upstream's rough count of missed schedules (0 when fewer than two schedules have passed). */
  readonly missedCount: number;
  /** 'many' above MISSED_SCHEDULES_LIMIT: the TooManyMissedTimes warning. */
  readonly missed: MissedSchedules;
  /** Upstream's error: a schedule whose next two activations are less than 1s apart or absent. */
  readonly error?: string;
}

/**
 * mostRecentScheduleTime (utils.go). t1 = next(earliest), t2 = next(t1): now < t1 → none;
 * now < t2 → t1. Otherwise interval = round(t2 − t1) in s (< 1 → error, e.g. "59 23 31 2 *" that
 * never fires), missedCount = trunc((now − t1) s / interval) + 1, and the most recent time is found
 * by walking next() from t1 + (missedCount − 2) × interval up to now. This is upstream's
 * approximation: for irregular schedules it can miss the true latest time.
 * Example: "0 * * * *", created 10:00:10, now 15:01 → t1 11:00, interval 3600, missed 5,
 * most recent 15:00.
 */
export function mostRecentScheduleTime(
  cj: CronJobTimes,
  nowMs: number,
  schedule: CronSchedule,
  includeStartingDeadlineSeconds: boolean,
): MostRecentSchedule {
  let earliestTime = cj.lastScheduleTime ?? cj.creationTimestamp;
  const deadline = cj.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && deadline !== undefined && deadline !== null) {
    const schedulingDeadline = nowMs - deadline * 1000;
    if (schedulingDeadline > earliestTime) earliestTime = schedulingDeadline;
  }
  const t1 = schedule.next(earliestTime);
  const t2 = t1 === null ? null : schedule.next(t1);
  if (t1 !== null && nowMs < t1) return { earliestTime, mostRecentTime: null, missedCount: 0, missed: 'none' };
  if (t1 !== null && t2 !== null && nowMs < t2) {
    return { earliestTime, mostRecentTime: t1, missedCount: 0, missed: 'none' };
  }
  const interval = t1 === null || t2 === null ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === null || interval < 1) {
    return {
      earliestTime,
      mostRecentTime: null,
      missedCount: 0,
      missed: 'none',
      error: 'time difference between two schedules is less than 1 second',
    };
  }
  const elapsed = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.trunc(elapsed / interval) + 1;
  let mostRecentTime: number | null = null;
  const potentialEarliest = t1 + (missedCount - 2) * interval * 1000;
  for (let t = schedule.next(potentialEarliest); t !== null && t <= nowMs; t = schedule.next(t)) {
    mostRecentTime = t;
  }
  const missed: MissedSchedules = missedCount > MISSED_SCHEDULES_LIMIT ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliestTime, mostRecentTime, missedCount, missed };
}

export interface NextScheduleTime {
  /** The schedule time to start a Job for now, or null when none is due. */
  readonly scheduledTime: number | null;
  /** Upstream emits the TooManyMissedTimes warning event. */
  readonly tooManyMissed: boolean;
  /** Upstream's error (the controller emits InvalidSchedule and stops). */
  readonly error?: string;
}

/**
 * nextScheduleTime (utils.go): mostRecentScheduleTime with startingDeadlineSeconds applied; the
 * result is the time to start a Job for (null when none is due), with the >100-missed warning.
 * Example: "0 * * * ?", last 10:00, now 11:05 → 11:00.
 */
export function nextScheduleTime(cj: CronJobTimes, nowMs: number, schedule: CronSchedule): NextScheduleTime {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, true);
  if (r.mostRecentTime === null || r.mostRecentTime > nowMs) {
    return { scheduledTime: null, tooManyMissed: false, error: r.error };
  }
  return { scheduledTime: r.mostRecentTime, tooManyMissed: r.missed === 'many', error: r.error };
}

/**
 * nextScheduleTimeDuration (utils.go): how long (ms) until the controller should look again:
 * next(mostRecent) + 100ms − now, where mostRecent ignores startingDeadlineSeconds and falls back
 * to earliestTime when nothing was missed, to now when something was or on error.
 * Example: "0 12 * * 5", created Thu 10:00, now Thu 16:00 → Fri 12:00 + 0.1s − now = 20h0m0.1s.
 * Null when the schedule never fires again.
 */
export function nextScheduleTimeDuration(cj: CronJobTimes, nowMs: number, schedule: CronSchedule): number | null {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, false);
  let from: number;
  if (r.error !== undefined) from = nowMs;
  else if (r.mostRecentTime !== null) from = r.mostRecentTime;
  else from = r.missed === 'none' ? r.earliestTime : nowMs;
  const next = schedule.next(from);
  return next === null ? null : next + NEXT_SCHEDULE_DELTA_MS - nowMs;
}
