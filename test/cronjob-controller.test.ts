import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE, HOUR } from '../src/engine/time';
import { constant } from '../src/engine/distribution';
import { CronJob } from '../src/api/cronjob';
import { scenario, pool, app } from './helpers/tiny-scenario';
import { template } from './helpers/workloads';

function cron(over: Partial<CronJob['spec']> = {}, runImage = 'report:v1'): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'default' },
    spec: {
      schedule: '*/10 * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { completions: 1, parallelism: 1, backoffLimit: 6, template: template('report', runImage, 'Never') } },
      ...over,
    },
    status: {},
  };
}

function run(cj: CronJob, runTime: number, duration = 1 * HOUR, startTime?: number) {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 2)], apps: [app('report:v1', SECOND, { runTime: constant(runTime) })], resources: [cj], duration });
  if (startTime !== undefined) s.startTime = startTime;
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.run();
  return { sim, created: sink.rows.filter((r) => r.kind === 'CronJob' && r.event === 'SuccessfulCreate'), sink };
}

test('"*/10 * * * *" starts a Job every 10 minutes of the wall clock, named by scheduled minute (getJobName)', () => {
  const { created } = run(cron(), 1 * MINUTE);
  assert.equal(created.length, 5); // :10 :20 :30 :40 :50 (the run starts at :00 exactly, created then)
  assert.ok(Math.abs(created[0].time - 10 * MINUTE) < SECOND);
  const startMin = Date.UTC(2026, 0, 1) / 60000;
  assert.equal(created[0].reason, `Created job report-${startMin + 10}`);
});

test('Forbid skips a start while a Job runs and starts it late when it finishes; Allow overlaps', () => {
  const forbid = run(cron({ concurrencyPolicy: 'Forbid' }), 15 * MINUTE);
  const allow = run(cron({ concurrencyPolicy: 'Allow' }), 15 * MINUTE);
  assert.ok(forbid.created.length < allow.created.length, `${forbid.created.length} vs ${allow.created.length}`);
  assert.ok(forbid.sink.rows.some((r) => r.event === 'JobAlreadyActive'));
  const second = forbid.created[1].time;
  assert.ok(second > 25 * MINUTE && second < 26 * MINUTE, String(second / MINUTE));
});

test('Replace deletes the running Job before starting the next', () => {
  const { sink } = run(cron({ concurrencyPolicy: 'Replace' }), 15 * MINUTE, 35 * MINUTE);
  assert.ok(sink.rows.some((r) => r.kind === 'CronJob' && r.event === 'SuccessfulDelete'));
});

test('startingDeadlineSeconds: a start held back by Forbid longer than the deadline is dropped, not run late', () => {
  const { created } = run(cron({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 60 }), 15 * MINUTE);
  const second = created[1].time;
  assert.ok(second > 30 * MINUTE && second < 31 * MINUTE, String(second / MINUTE));
});

test('successfulJobsHistoryLimit keeps the newest finished Jobs', () => {
  const { sim } = run(cron({ successfulJobsHistoryLimit: 2 }), 1 * MINUTE);
  assert.equal(sim.store.count('Job'), 2);
});

test('timeZone and spec.startTime place "0 9 * * *" at 09:00 local time', () => {
  const start = Date.UTC(2026, 0, 1, 0, 0, 0);
  const { created } = run(cron({ schedule: '0 9 * * *', timeZone: 'Europe/Berlin' }), 1 * MINUTE, 12 * HOUR, start);
  assert.equal(created.length, 1);
  assert.ok(Math.abs(created[0].time - 8 * HOUR) < SECOND, String(created[0].time / HOUR));
});
