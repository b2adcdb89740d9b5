import { Time, SECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Pod, isPodReady } from '../../api/pod';
import { JOB_COMPLETION_INDEX, Job, JobCondition } from '../../api/job';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { podFromTemplate } from '../pod-template';
import { jobBackoffRemaining } from './job-backoff';
import { firstPendingIndexes, formatIndexes, wantActive } from './job-math';

/** Upstream's Job controller burst: at most this many pod creations per sync (MaxPodCreateDeletePerSync). */
export const JOB_MAX_CREATE_PER_SYNC = 500;

/** What the controller tracks per Job between syncs (upstream keeps it in status and finalizers). */
interface JobTracking {
  counted: Set<string>;
  succeededIndexes: Set<number>;
  /** Pod failures since the last success, and when the last one was observed (for the back-off). */
  consecutiveFailures: number;
  lastFailureAt: Time;
}

/**
 * The Job controller (pkg/controller/job) and the TTL-after-finished controller, one step per sync:
 * - a pod is finished when its phase is Succeeded or Failed (the kubelet's verdict, from the
 *   containers' exit codes); each is counted once into status.succeeded / status.failed; with
 *   restartPolicy OnFailure, container restarts count as failures too (pastBackoffLimitOnFailure);
 * - NonIndexed: keeps min(parallelism, completions − succeeded) pods active; Indexed: one pod per
 *   pending index in [0, completions), lowest first, up to parallelism; complete when every
 *   index succeeded (status.completedIndexes);
 * - after n consecutive failures a replacement waits the job back-off (job-backoff.ts);
 * - failed > backoffLimit → Failed/BackoffLimitExceeded; running longer than
 *   activeDeadlineSeconds → Failed/DeadlineExceeded; active pods are then deleted;
 * - ttlSecondsAfterFinished: the finished Job is deleted (with its pods) that long after it finished.
 * Simplification: a failure's finish time is when the controller observes it (one watch + sync
 * latency after the kubelet's write), which shifts back-offs by milliseconds.
 */
export class JobController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  private readonly tracking = new Map<string, JobTracking>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    ctx.store.watch('Job', this);
    ctx.store.watch('Pod', this);
  }

  onWatch(_type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Job') {
      this.queue.add(objectKey(obj.metadata));
      return;
    }
    const owner = controllerOf(obj.metadata);
    if (owner?.kind === 'Job') this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
  }

  reconcile(key: string): Time | undefined {
    const { store, engine, recorder } = this.ctx;
    const job = store.get<Job>('Job', key);
    if (!job) {
      this.tracking.delete(key);
      return undefined;
    }
    const now = engine.now;
    const ns = job.metadata.namespace;
    const name = job.metadata.name;
    const st = (job.status ??= { active: 0, succeeded: 0, failed: 0 });
    st.active ??= 0;
    st.succeeded ??= 0;
    st.failed ??= 0;
    let tr = this.tracking.get(key);
    if (!tr) this.tracking.set(key, (tr = { counted: new Set(), succeededIndexes: new Set(), consecutiveFailures: 0, lastFailureAt: 0 }));

    const finished = finishedCondition(job);
    if (finished) {
      if (job.spec.ttlSecondsAfterFinished === undefined || st.completionTime === undefined) return undefined;
      const expireAt = st.completionTime + job.spec.ttlSecondsAfterFinished * SECOND;
      if (now < expireAt) return this.at(expireAt - now);
      store.delete(job);
      recorder.record('Job', ns, name, 'Deleted', '', 'ttlSecondsAfterFinished');
      this.tracking.delete(key);
      return undefined;
    }
    if (job.spec.suspend) return undefined;
    let written = false;
    if (st.startTime === undefined) {
      st.startTime = now;
      written = true;
    }
    const indexed = job.spec.completionMode === 'Indexed';
    const onFailure = job.spec.template.spec.restartPolicy === 'OnFailure';
    const active: Pod[] = [];
    const activeIndexes = new Set<number>();
    let restarts = 0;
    let ready = 0;
    for (const p of store.ownedBy<Pod>(job.metadata.uid!)) {
      if (p.kind !== 'Pod') continue;
      const uid = p.metadata.uid!;
      const phase = p.status.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        if (tr.counted.has(uid)) continue;
        tr.counted.add(uid);
        written = true;
        if (phase === 'Succeeded') {
          st.succeeded++;
          tr.consecutiveFailures = 0;
          if (indexed) tr.succeededIndexes.add(indexOf(p));
        } else {
          st.failed++;
          tr.consecutiveFailures++;
          tr.lastFailureAt = now;
        }
        continue;
      }
      if (p.metadata.deletionTimestamp !== undefined) continue;
      active.push(p);
      if (indexed) activeIndexes.add(indexOf(p));
      if (isPodReady(p)) ready++;
      if (onFailure) for (const cs of p.status.containerStatuses ?? []) restarts += cs.restartCount;
    }
    const completions = job.spec.completions;
    const parallelism = job.spec.parallelism ?? 1;
    const backoffLimit = job.spec.backoffLimit ?? 6;

    let failReason: string | undefined;
    let failMessage = '';
    if (st.failed + restarts > backoffLimit) {
      failReason = 'BackoffLimitExceeded';
      failMessage = 'Job has reached the specified backoff limit';
    } else if (job.spec.activeDeadlineSeconds !== undefined && now - st.startTime >= job.spec.activeDeadlineSeconds * SECOND) {
      failReason = 'DeadlineExceeded';
      failMessage = 'Job was active longer than specified deadline';
    }
    const succeededCount = indexed ? tr.succeededIndexes.size : st.succeeded;
    const complete =
      failReason === undefined &&
      (indexed || completions !== undefined ? succeededCount >= (completions ?? 1) : st.succeeded > 0 && active.length === 0);
    let requeue: Time | undefined;
    if (failReason !== undefined || complete) {
      for (const p of active) store.delete(p);
      st.active = 0;
      st.ready = 0;
      st.completionTime = now;
      const cond: JobCondition = failReason
        ? { type: 'Failed', status: 'True', reason: failReason, lastTransitionTime: now }
        : { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: now };
      st.conditions = [...(st.conditions ?? []), cond];
      if (indexed) st.completedIndexes = formatIndexes(tr.succeededIndexes);
      store.update(job);
      recorder.record('Job', ns, name, failReason ?? 'Completed', '', failReason ? failMessage : 'Job completed');
      if (job.spec.ttlSecondsAfterFinished !== undefined) return this.at(job.spec.ttlSecondsAfterFinished * SECOND);
      return undefined;
    }
    if (job.spec.activeDeadlineSeconds !== undefined) {
      requeue = st.startTime + job.spec.activeDeadlineSeconds * SECOND - now;
    }
    // manageJob: create the missing pods once the failure back-off has passed.
    const wait = jobBackoffRemaining(tr.consecutiveFailures, tr.lastFailureAt, now);
    let toCreate: number[] | number;
    if (indexed) toCreate = firstPendingIndexes(completions ?? 1, tr.succeededIndexes, activeIndexes, Math.max(0, parallelism - active.length));
    else toCreate = wantActive(parallelism, completions, st.succeeded) - active.length;
    const count = Math.min(typeof toCreate === 'number' ? toCreate : toCreate.length, JOB_MAX_CREATE_PER_SYNC);
    if (count > 0 && wait > 0) {
      requeue = requeue === undefined ? wait : Math.min(requeue, wait);
    } else if (count > 0) {
      for (let i = 0; i < count; i++) {
        const index = typeof toCreate === 'number' ? undefined : toCreate[i];
        const pod = podFromTemplate(job.spec.template, job, index === undefined ? `${name}-` : `${name}-${index}-`);
        pod.metadata.labels!['batch.kubernetes.io/job-name'] = name;
        if (index !== undefined) {
          pod.metadata.labels![JOB_COMPLETION_INDEX] = String(index);
          pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
          pod.spec.hostname = `${name}-${index}`;
        }
        store.create(pod);
        recorder.record('Job', ns, name, 'SuccessfulCreate', '', `Created pod: ${pod.metadata.name}`);
      }
      if (count < (typeof toCreate === 'number' ? toCreate : toCreate.length)) this.queue.add(key);
    }
    const activeNow = active.length + (count > 0 && wait === 0 ? count : 0);
    if (st.active !== activeNow || st.ready !== ready) {
      st.active = activeNow;
      st.ready = ready;
      written = true;
    }
    if (indexed) {
      const ci = formatIndexes(tr.succeededIndexes);
      if (st.completedIndexes !== ci) {
        st.completedIndexes = ci;
        written = true;
      }
    }
    if (written) store.update(job);
    return requeue === undefined ? undefined : this.at(requeue);
  }

  /** A requeue delay such that the sync (which follows the queue's sync latency) runs `delay` from now. */
  private at(delay: Time): Time {
    return Math.max(0, delay - this.ctx.latencies.controllerSync);
  }
}

/** The Complete or Failed condition when the Job has finished. */
export function finishedCondition(job: Job): JobCondition | undefined {
  for (const c of job.status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c;
  return undefined;
}

function indexOf(p: Pod): number {
  return Number(p.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? -1);
}
