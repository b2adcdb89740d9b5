import { ConformanceFile, CaseRunner, CaseOutcome, PASS, fail, skip, expectEqual, suitesBlock } from '../suite';
import {
  CronSyntaxError,
  fieldValues,
  mostRecentScheduleTime,
  nextScheduleTime,
  nextScheduleTimeDuration,
  parseCronSchedule,
  parseField,
  SpecSchedule,
} from '../../controllers/cronjob/cron-schedule';
import { UTC, Zone, fixedZone, loadZone } from '../../controllers/cronjob/time-zone';

/**
 * Adapter for cron.json. Times are compared as instants (epoch ms); a timestamp without an offset
 * is UTC (the table's naive_times convention). A spec without TZ is evaluated in the zone of the
 * input time: `from_location` when given, else the input's fixed offset, else UTC.
 */

function parseIso(s: string): number {
  const withZone = /(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new Error(`bad timestamp in table: ${s}`);
  return ms;
}

function zoneOfInput(c: any): Zone {
  if (c.from_location) {
    const z = loadZone(c.from_location);
    if (!z) throw new Error(`unknown zone ${c.from_location}`);
    return z;
  }
  const m = /([+-])(\d\d):(\d\d)$/.exec(c.from ?? '');
  if (!m) return UTC;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return fixedZone(m[1] === '-' ? -minutes : minutes);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function expectInstant(got: number | null, expected: string | null, what: string): CaseOutcome {
  const want = expected === null ? null : parseIso(expected);
  return got === want ? PASS : fail(`${what}: expected ${iso(want)}, got ${iso(got)}`);
}

function expectSyntaxError(f: () => unknown, contains?: string): CaseOutcome {
  try {
    f();
    return fail('expected a CronSyntaxError, the spec parsed');
  } catch (e) {
    if (!(e instanceof CronSyntaxError)) return fail(`expected a CronSyntaxError, got ${String(e)}`);
    if (contains && !e.message.includes(contains)) return fail(`error "${e.message}" does not contain "${contains}"`);
    return PASS;
  }
}

function cronJobTimes(c: any) {
  return {
    creationTimestamp: parseIso(c.creationTimestamp),
    lastScheduleTime: c.lastScheduleTime ? parseIso(c.lastScheduleTime) : null,
    startingDeadlineSeconds: c.startingDeadlineSeconds ?? null,
  };
}

const runners: Record<string, CaseRunner> = {
  robfig_next: (c) => {
    const spec: string | undefined = c.parser === 'standard' ? c.spec : c.standard_5_field_equivalent;
    if (spec === undefined) return skip('6-field seconds spec without a 5-field equivalent');
    const got = parseCronSchedule(spec).next(parseIso(c.from), zoneOfInput(c));
    return expectInstant(got, c.expected_next, 'next');
  },

  robfig_next_with_tz: (c) => {
    const got = parseCronSchedule(c.spec).next(parseIso(c.from), zoneOfInput(c));
    return expectInstant(got, c.expected_next, 'next');
  },

  robfig_activation: (c) => {
    const t = parseIso(c.time);
    const activates = parseCronSchedule(c.spec).next(t - 1000) === t;
    return expectEqual(activates, c.expected_activation, 'activation');
  },

  robfig_every: (c) => expectInstant(parseCronSchedule(c.spec).next(parseIso(c.from)), c.expected_next, 'next'),

  robfig_invalid_specs: (c) => expectSyntaxError(() => parseCronSchedule(c.spec), c.error_contains),

  robfig_valid_specs: (c) => {
    const s = parseCronSchedule(c.spec);
    if (c.expected_minutes) {
      if (!(s instanceof SpecSchedule)) return fail('expected a field schedule');
      return expectEqual(fieldValues(s.minute), c.expected_minutes, 'minutes');
    }
    return PASS;
  },

  robfig_field_ranges: (c) => {
    const bounds = { name: 'test', min: c.min, max: c.max };
    if (c.error_contains) return expectSyntaxError(() => parseField(c.expr, bounds), c.error_contains);
    const f = parseField(c.expr, bounds);
    return expectEqual({ values: fieldValues(f), star: f.star }, { values: c.values, star: c.star_bit }, 'range');
  },

  robfig_fields: (c) => {
    const f = parseField(c.expr, { name: 'test', min: c.min, max: c.max });
    return expectEqual(fieldValues(f), c.values, 'values');
  },

  k8s_most_recent_schedule_time: (c) => {
    const r = mostRecentScheduleTime(cronJobTimes(c), parseIso(c.now), parseCronSchedule(c.schedule), c.include_starting_deadline_seconds);
    if (c.expected_error) return r.error !== undefined ? PASS : fail('expected an error');
    if (r.error !== undefined) return fail(`unexpected error: ${r.error}`);
    const got = { earliest: iso(r.earliestTime), mostRecent: iso(r.mostRecentTime), missed: r.missed };
    const want = {
      earliest: iso(parseIso(c.expected_earliest)),
      mostRecent: c.expected_most_recent === null ? null : iso(parseIso(c.expected_most_recent)),
      missed: c.expected_missed,
    };
    return expectEqual(got, want, 'mostRecentScheduleTime');
  },

  k8s_next_schedule_time: (c) => {
    const r = nextScheduleTime(cronJobTimes(c), parseIso(c.now), parseCronSchedule(c.schedule));
    if (r.error !== undefined) return fail(`unexpected error: ${r.error}`);
    if (c.expected_scheduled_time_not_null) {
      if (r.scheduledTime === null) return fail('expected a scheduled time, got none');
      if (c.derived_expected_scheduled_time) return expectInstant(r.scheduledTime, c.derived_expected_scheduled_time, 'scheduled time');
      return PASS;
    }
    return expectInstant(r.scheduledTime, c.expected_scheduled_time ?? null, 'scheduled time');
  },

  k8s_next_schedule_time_duration: (c) => {
    const got = nextScheduleTimeDuration(cronJobTimes(c), parseIso(c.now), parseCronSchedule(c.schedule));
    return expectEqual(got, c.expected_requeue_after_ms, 'requeue after (ms)');
  },
};

export const cronFile: ConformanceFile = {
  file: 'cron.json',
  listSuites: (doc) => suitesBlock(doc),
  runners,
};
