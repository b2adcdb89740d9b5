import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECOND } from '../src/engine/time';
import {
  ConstantDelaySchedule,
  CronSyntaxError,
  SpecSchedule,
  fieldValues,
  mostRecentScheduleTime,
  nextScheduleTime,
  nextScheduleTimeDuration,
  parseCronJobSchedule,
  parseCronSchedule,
} from '../src/controllers/cronjob/cron-schedule';
import { UTC, loadZone, wallTime, zonedDate } from '../src/controllers/cronjob/time-zone';
import { virtualTimeOf, wallClockMs } from '../src/controllers/cronjob/wall-clock';

const TABLE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../shared/conformance/cron.json'), 'utf8'));
const at = (s: string) => Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`);
const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const next = (spec: string, from: string) => isoOf(parseCronSchedule(spec).next(at(from)));

test('robfig ParseStandard fields: ranges, steps, lists, names, ? and the N/step rule', () => {
  const s = parseCronSchedule('20-35/15 1/2 */10 Apr-Oct mon,WED') as SpecSchedule;
  assert.deepEqual(fieldValues(s.minute), [20, 35]);
  assert.deepEqual(fieldValues(s.hour), [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]);
  assert.deepEqual(fieldValues(s.dom), [1, 11, 21, 31]);
  assert.deepEqual(fieldValues(s.month), [4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(fieldValues(s.dow), [1, 3]);
  assert.equal(s.dom.star, false, '*/10 is not a star for the DOM/DOW rule');
  const q = parseCronSchedule('0 0 ? * *') as SpecSchedule;
  assert.equal(q.dom.star, true);
  assert.deepEqual(fieldValues((parseCronSchedule('*/61 * * * *') as SpecSchedule).minute), [0]);
});

test('robfig descriptors expand to their 5-field schedules; @every is a constant delay', () => {
  assert.equal(next('@hourly', '2012-07-09T14:45:00'), '2012-07-09T15:00:00.000Z');
  assert.equal(next('@daily', '2012-07-09T14:45:00'), '2012-07-10T00:00:00.000Z');
  assert.equal(next('@midnight', '2012-07-09T14:45:00'), '2012-07-10T00:00:00.000Z');
  assert.equal(next('@weekly', '2012-07-09T14:45:00'), '2012-07-15T00:00:00.000Z');
  assert.equal(next('@monthly', '2012-07-09T14:45:00'), '2012-08-01T00:00:00.000Z');
  assert.equal(next('@yearly', '2012-07-09T14:45:00'), '2013-01-01T00:00:00.000Z');
  assert.equal(next('@annually', '2012-07-09T14:45:00'), '2013-01-01T00:00:00.000Z');
  const every = parseCronSchedule('@every 1m30.5s');
  assert.ok(every instanceof ConstantDelaySchedule);
  assert.equal((every as ConstantDelaySchedule).delayMs, 90_000);
  assert.equal(next('@every 15ms', '2012-07-09T14:45:00'), '2012-07-09T14:45:01.000Z');
  assert.equal(next('@every 15m', '2012-07-09T14:45:00.005'), '2012-07-09T15:00:00.000Z');
});

test('DOM/DOW: both restricted → either matches; one a star → both must match', () => {
  assert.equal(next('0 0 1,15 * Sun', '2012-07-09T00:00:00'), '2012-07-15T00:00:00.000Z');
  assert.equal(next('0 0 13 * Fri', '2012-07-01T00:00:00'), '2012-07-06T00:00:00.000Z');
  assert.equal(next('0 0 13 * *', '2012-07-01T00:00:00'), '2012-07-13T00:00:00.000Z');
  assert.equal(next('0 0 */31 * Fri', '2012-07-01T00:00:00'), '2012-07-06T00:00:00.000Z');
  assert.equal(next('0 0 * * Fri', '2012-07-01T00:00:00'), '2012-07-06T00:00:00.000Z');
});

test('next: strictly after, whole seconds, gives up after 5 years', () => {
  assert.equal(next('0/15 * * * *', '2012-07-09T15:00:00'), '2012-07-09T15:15:00.000Z');
  assert.equal(next('0/15 * * * *', '2012-07-09T14:59:59.999'), '2012-07-09T15:00:00.000Z');
  assert.equal(next('* * * * *', '2012-12-31T23:59:45'), '2013-01-01T00:00:00.000Z');
  assert.equal(next('0 0 29 Feb ?', '2012-07-09T23:35:00'), '2016-02-29T00:00:00.000Z');
  assert.equal(next('0 0 30 Feb ?', '2012-07-09T23:35:00'), null);
});

test('robfig TestNext / TestActivation rows (5-field equivalents, UTC and IANA zones)', () => {
  let checked = 0;
  for (const c of TABLE.suites.robfig_next.cases) {
    const spec = c.parser === 'standard' ? c.spec : c.standard_5_field_equivalent;
    if (!spec) continue;
    const zone = c.from_location ? loadZone(c.from_location) : UTC;
    const got = parseCronSchedule(spec).next(at(c.from), zone);
    assert.equal(got, c.expected_next === null ? null : at(c.expected_next), `${spec} after ${c.from}`);
    checked++;
  }
  assert.ok(checked >= 30);
  for (const c of TABLE.suites.robfig_activation.cases) {
    const t = at(c.time);
    assert.equal(parseCronSchedule(c.spec).next(t - 1000) === t, c.expected_activation, `${c.spec} at ${c.time}`);
  }
});

test('time zones: TZ= prefix, spec.timeZone, DST gap skipped and overlap fired twice (New York)', () => {
  const ny = parseCronJobSchedule('30 2 * * *', 'America/New_York');
  assert.equal(isoOf(ny.next(at('2012-03-10T12:00:00Z'))), '2012-03-12T06:30:00.000Z', '02:30 does not exist on 11 March');
  const hourly = parseCronSchedule('CRON_TZ=America/New_York 0 * * * *');
  assert.equal(hourly.next(at('2012-11-04T01:00:00-04:00')), at('2012-11-04T01:00:00-05:00'), '01:00 repeats on 4 November');
  assert.equal(parseCronJobSchedule('TZ=UTC 0 * * * *', 'Asia/Tokyo').location?.name, 'UTC');
  const nyZone = loadZone('America/New_York');
  assert.ok(nyZone);
  assert.equal(nyZone.offsetMs(at('2012-07-01T00:00:00Z')), -4 * 3600_000);
  assert.equal(nyZone.offsetMs(at('2012-01-01T00:00:00Z')), -5 * 3600_000);
  assert.equal(loadZone('Mars/Olympus_Mons'), undefined);
  const w = wallTime(zonedDate(2012, 14, 32, 25, 0, 0, UTC), UTC);
  assert.deepEqual([w.year, w.month, w.day, w.hour, w.weekday], [2013, 3, 5, 1, 2]);
});

test('invalid specs throw CronSyntaxError naming the field and robfig reason', () => {
  const cases: [string, RegExp][] = [
    ['', /empty spec string/],
    ['xyz', /expected exactly 5 fields, found 1/],
    ['0 60 * * *', /hour field "60": end of range \(60\) above maximum \(23\)/],
    ['61 * * * *', /minute field "61": end of range \(61\) above maximum \(59\): 61/],
    ['0 0 * * XYZ', /day-of-week field "XYZ": failed to parse int from XYZ/],
    ['0 0 0 * *', /day-of-month field "0": beginning of range \(0\) below minimum \(1\)/],
    ['0 0 * * 7', /day-of-week field "7": end of range \(7\) above maximum \(6\)/],
    ['15/0 * * * *', /minute field "15\/0": step of range should be a positive number/],
    ['1-2-3 * * * *', /too many hyphens/],
    ['*/2/3 * * * *', /too many slashes/],
    ['@unrecognized', /unrecognized descriptor: @unrecognized/],
    ['@every Xm', /failed to parse duration @every Xm/],
    ['TZ=Nowhere/Special 0 * * * *', /provided bad location Nowhere\/Special/],
  ];
  for (const [spec, re] of cases) {
    assert.throws(() => parseCronSchedule(spec), (e: unknown) => e instanceof CronSyntaxError && re.test(e.message), spec);
  }
  try {
    parseCronSchedule('0 25 * * *');
    assert.fail('parsed');
  } catch (e) {
    assert.equal((e as CronSyntaxError).field, 'hour');
  }
});

test('CronJob mostRecentScheduleTime / nextScheduleTime as utils.go (TestMostRecentScheduleTime rows)', () => {
  for (const c of TABLE.suites.k8s_most_recent_schedule_time.cases) {
    const cj = {
      creationTimestamp: at(c.creationTimestamp),
      lastScheduleTime: c.lastScheduleTime ? at(c.lastScheduleTime) : null,
      startingDeadlineSeconds: c.startingDeadlineSeconds,
    };
    const r = mostRecentScheduleTime(cj, at(c.now), parseCronSchedule(c.schedule), c.include_starting_deadline_seconds);
    if (c.expected_error) {
      assert.match(r.error ?? '', /less than 1 second/, c.name);
      continue;
    }
    assert.equal(r.error, undefined, c.name);
    assert.equal(r.earliestTime, at(c.expected_earliest), c.name);
    assert.equal(r.mostRecentTime, c.expected_most_recent ? at(c.expected_most_recent) : null, c.name);
    assert.equal(r.missed, c.expected_missed, c.name);
  }
  const hourly = parseCronSchedule('0 * * * *');
  const missed5 = mostRecentScheduleTime({ creationTimestamp: at('2016-05-19T10:00:10Z') }, at('2016-05-19T15:01:00Z'), hourly, false);
  assert.equal(missed5.missedCount, 5);
});

test('more than 100 missed starts: TooManyMissedTimes, the job still starts for the latest time', () => {
  const hourly = parseCronSchedule('0 * * * ?');
  const cj = { creationTimestamp: at('2016-05-19T08:00:00Z'), lastScheduleTime: at('2016-05-19T09:00:00Z') };
  const r = nextScheduleTime(cj, at('2016-05-29T11:00:00Z'), hourly);
  assert.equal(r.scheduledTime, at('2016-05-29T11:00:00Z'));
  assert.equal(r.tooManyMissed, true);
  const withDeadline = nextScheduleTime({ ...cj, startingDeadlineSeconds: 7200 }, at('2016-05-29T11:00:00Z'), hourly);
  assert.equal(withDeadline.scheduledTime, at('2016-05-29T11:00:00Z'));
  assert.equal(withDeadline.tooManyMissed, false);
  const early = nextScheduleTime({ creationTimestamp: at('2016-05-19T09:50:00Z') }, at('2016-05-19T09:53:00Z'), hourly);
  assert.equal(early.scheduledTime, null);
});

test('nextScheduleTimeDuration adds the 100 ms delta (TestNextScheduleTimeDuration rows)', () => {
  for (const c of TABLE.suites.k8s_next_schedule_time_duration.cases) {
    const cj = { creationTimestamp: at(c.creationTimestamp), lastScheduleTime: c.lastScheduleTime ? at(c.lastScheduleTime) : null };
    assert.equal(nextScheduleTimeDuration(cj, at(c.now), parseCronSchedule(c.schedule)), c.expected_requeue_after_ms, c.name);
  }
});

test('virtual time maps onto the configured start instant', () => {
  const start = at('2016-05-19T10:00:00Z');
  assert.equal(isoOf(wallClockMs(90 * SECOND + 999, start)), '2016-05-19T10:01:30.000Z');
  assert.equal(virtualTimeOf(at('2016-05-19T11:00:00Z'), start), 3600 * SECOND);
});
