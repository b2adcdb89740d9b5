import { Time, MILLISECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { CRONJOB_SCHEDULED_TIMESTAMP, CronJob } from '../../api/cronjob';
import { Job } from '../../api/job';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { finishedCondition } from '../job/job-controller';
import { CronSchedule, CronSyntaxError, nextScheduleTime, nextScheduleTimeDuration, parseCronJobSchedule } from './cron-schedule';
import { virtualTimeOf, wallClockMs } from './wall-clock';
import { DEFAULT_START_TIME } from '../../scenario/run-settings-spec';

/** The default scenario start instant (spec.startTime): 2026-01-01T00:00:00Z. */
export const DEFAULT_START_EPOCH_MS = DEFAULT_START_TIME;

export interface CronJobOptions {
  /** The wall-clock instant (epoch ms) of virtual time 0. */
  startEpochMs: number;
}

/** An epoch-ms instant as RFC 3339 in UTC with whole seconds ("2026-01-01T00:00:00Z"). */
export function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The CronJob controller (pkg/controller/cronjob, cronjob_controllerv2.go syncCronJob):
 * - finished Jobs leave status.active (lastSuccessfulTime set for Complete ones); the oldest
 *   finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit are deleted;
 * - the schedule time to run is nextScheduleTime (cron-schedule.ts: startingDeadlineSeconds
 *   applied, more than 100 missed → a TooManyMissedTimes row); a time older than
 *   startingDeadlineSeconds → MissSchedule; Forbid with an active Job → skipped without moving
 *   lastScheduleTime (so it starts late when the active one finishes, if still within the
 *   deadline); Replace deletes the active Jobs first; Allow just creates;
 * - the Job is named "<cronjob>-<scheduled time in minutes since the epoch>" (getJobName);
 * - the key is requeued for the next schedule time + 100 ms (nextScheduleTimeDuration).
 * Virtual time maps to the wall calendar through the scenario's start instant (wall-clock.ts);
 * schedules without a timeZone run in UTC.
 */
export class CronJobController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  private readonly schedules = new Map<string, { text: string; tz: string | undefined; schedule: CronSchedule | string }>();

  constructor(
    private readonly ctx: SimContext,
    private readonly options: CronJobOptions = { startEpochMs: DEFAULT_START_EPOCH_MS },
  ) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    ctx.store.watch('CronJob', this);
    ctx.store.watch('Job', this);
  }

  onWatch(_type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'CronJob') {
      this.queue.add(objectKey(obj.metadata));
      return;
    }
    const owner = controllerOf(obj.metadata);
    if (owner?.kind === 'CronJob') this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
  }

  private scheduleOf(key: string, cj: CronJob): CronSchedule | string {
    const c = this.schedules.get(key);
    if (c && c.text === cj.spec.schedule && c.tz === cj.spec.timeZone) return c.schedule;
    let schedule: CronSchedule | string;
    try {
      schedule = parseCronJobSchedule(cj.spec.schedule, cj.spec.timeZone);
    } catch (e) {
      if (!(e instanceof CronSyntaxError) && !(e instanceof Error)) throw e;
      schedule = (e as Error).message;
    }
    this.schedules.set(key, { text: cj.spec.schedule, tz: cj.spec.timeZone, schedule });
    return schedule;
  }

  reconcile(key: string): Time | undefined {
    const { store, engine, recorder } = this.ctx;
    const cj = store.get<CronJob>('CronJob', key);
    if (!cj) {
      this.schedules.delete(key);
      return undefined;
    }
    const ns = cj.metadata.namespace;
    const name = cj.metadata.name;
    const st = (cj.status ??= {});
    let written = false;
    const active: Job[] = [];
    const succeeded: Job[] = [];
    const failed: Job[] = [];
    for (const j of store.ownedBy<Job>(cj.metadata.uid!)) {
      if (j.kind !== 'Job') continue;
      const fin = finishedCondition(j);
      if (!fin) {
        active.push(j);
        continue;
      }
      (fin.type === 'Complete' ? succeeded : failed).push(j);
      if (st.active?.includes(j.metadata.name)) {
        recorder.record('CronJob', ns, name, 'SawCompletedJob', '', `Saw completed job: ${j.metadata.name}, condition: ${fin.type}`);
        if (fin.type === 'Complete' && j.status.completionTime !== undefined && (st.lastSuccessfulTime ?? -1) < j.status.completionTime) {
          st.lastSuccessfulTime = j.status.completionTime;
        }
      }
    }
    const activeNames = active.map((j) => j.metadata.name);
    if (JSON.stringify(activeNames) !== JSON.stringify(st.active ?? [])) {
      st.active = activeNames;
      written = true;
    }
    // cleanupFinishedJobs: the oldest finished Jobs beyond the history limits.
    this.trimHistory(cj, succeeded, cj.spec.successfulJobsHistoryLimit);
    this.trimHistory(cj, failed, cj.spec.failedJobsHistoryLimit);

    const schedule = this.scheduleOf(key, cj);
    if (typeof schedule === 'string') {
      if (written) store.update(cj);
      recorder.record('CronJob', ns, name, 'UnparseableSchedule', '', schedule);
      return undefined;
    }
    if (cj.spec.suspend) {
      if (written) store.update(cj);
      return undefined;
    }
    const start = this.options.startEpochMs;
    const nowMs = wallClockMs(engine.now, start);
    const times = {
      creationTimestamp: wallClockMs(cj.metadata.creationTimestamp ?? 0, start),
      lastScheduleTime: st.lastScheduleTime === undefined ? null : wallClockMs(st.lastScheduleTime, start),
      startingDeadlineSeconds: cj.spec.startingDeadlineSeconds ?? null,
    };
    const requeue = (): Time | undefined => {
      if (written) store.update(cj);
      const ms = nextScheduleTimeDuration({ ...times, lastScheduleTime: st.lastScheduleTime === undefined ? null : wallClockMs(st.lastScheduleTime, start) }, nowMs, schedule);
      return ms === null ? undefined : Math.max(0, ms) * MILLISECOND;
    };
    const next = nextScheduleTime(times, nowMs, schedule);
    if (next.error !== undefined) {
      recorder.record('CronJob', ns, name, 'InvalidSchedule', '', next.error);
      if (written) store.update(cj);
      return undefined;
    }
    if (next.tooManyMissed) {
      recorder.record('CronJob', ns, name, 'TooManyMissedTimes', '', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const scheduledMs = next.scheduledTime;
    if (scheduledMs === null) return requeue();
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline !== undefined && scheduledMs + deadline * 1000 < nowMs) {
      recorder.record('CronJob', ns, name, 'MissSchedule', '', `Missed scheduled time to start a job: ${rfc3339(scheduledMs)}`);
      return requeue();
    }
    const jobName = `${name}-${Math.floor(scheduledMs / 60000)}`;
    if (store.get('Job', `${ns}/${jobName}`)) return requeue();
    const policy = cj.spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      recorder.record('CronJob', ns, name, 'JobAlreadyActive', '', `Not starting job for ${rfc3339(scheduledMs)}: concurrencyPolicy Forbid and ${active.length} active`);
      return requeue();
    }
    if (policy === 'Replace') {
      for (const j of active) {
        store.delete(j);
        recorder.record('CronJob', ns, name, 'SuccessfulDelete', '', `Deleted job ${j.metadata.name}`);
      }
      st.active = [];
    }
    const tm = cj.spec.jobTemplate.metadata ?? {};
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: ns,
        labels: { ...(tm.labels ?? {}) },
        annotations: { ...(tm.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: rfc3339(scheduledMs) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid: cj.metadata.uid!, controller: true }],
      },
      spec: { ...cj.spec.jobTemplate.spec },
      status: { active: 0, succeeded: 0, failed: 0 },
    };
    store.create(job);
    recorder.record('CronJob', ns, name, 'SuccessfulCreate', '', `Created job ${jobName}`);
    st.active = [...(st.active ?? []), jobName];
    st.lastScheduleTime = virtualTimeOf(scheduledMs, start);
    written = true;
    return requeue();
  }

  private trimHistory(cj: CronJob, jobs: Job[], limit: number | undefined): void {
    if (limit === undefined || jobs.length <= limit) return;
    jobs.sort((a, b) => (a.status.startTime ?? a.metadata.creationTimestamp ?? 0) - (b.status.startTime ?? b.metadata.creationTimestamp ?? 0));
    for (let i = 0; i < jobs.length - limit; i++) {
      this.ctx.store.delete(jobs[i]);
      this.ctx.recorder.record('CronJob', cj.metadata.namespace, cj.metadata.name, 'SuccessfulDelete', '', `Deleted job ${jobs[i].metadata.name}`);
    }
  }
}
