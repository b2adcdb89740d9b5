import { Time, SECOND, MILLISECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Pod } from '../../api/pod';
import { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/workloads';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  ReplicaSetScaling,
  availableReplicaCountForReplicaSets,
  cleanupDeployment,
  compareByCreation,
  deploymentComplete,
  deploymentProgressing,
  deploymentReplicas,
  deploymentTimedOut,
  equalIgnoreHash,
  filterActiveReplicaSets,
  isScalingEvent,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  replicaCountForReplicaSets,
  revisionOf,
  rsReplicas,
  scale,
  TIMED_OUT_REASON,
  NEW_RS_AVAILABLE_REASON,
} from './rollout-math';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling-decisions';
import { computeHash } from './template-hash';
import { RolloutRecord, startRollout, trackRollout } from '../rollout-record';

export type { RolloutRecord };

/**
 * client-go's DefaultControllerRateLimiter as enqueueRateLimited meets it here: the per-item
 * exponential limiter starts at 5 ms (and is reset by Forget after every successful sync), while
 * the shared 10 qps token bucket (burst 100) paces a key that keeps re-enqueueing once the burst
 * is spent.
 */
const RATE_LIMIT_BASE: Time = 5 * MILLISECOND;
const RATE_LIMIT_BUCKET_PACE: Time = 100 * MILLISECOND;
const RATE_LIMIT_BURST = 100;

/** Progressing condition reasons of deploymentutil. */
const RS_UPDATED_REASON = 'ReplicaSetUpdated';
const PAUSED_REASON = 'DeploymentPaused';
const RESUMED_REASON = 'DeploymentResumed';

/**
 * The Deployment controller (pkg/controller/deployment): level-triggered, one bounded step per
 * sync, as upstream's syncDeployment: a resize mid-rollout is handled by proportional scaling;
 * otherwise RollingUpdate scales the new ReplicaSet up within maxSurge, or the old ones down within
 * maxUnavailable, one of the two per sync; Recreate scales the old ones to zero, waits for their
 * pods to be gone, then scales the new one up. Status and the Progressing/Available conditions
 * follow deploymentutil, with progressDeadlineSeconds checked by a requeue.
 */
export class DeploymentController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  /** Rollouts by Deployment key, the current one last. */
  readonly rollouts: RolloutRecord[] = [];
  private readonly current = new Map<string, RolloutRecord>();
  /** Highest available count of the new ReplicaSet reported per running rollout. */
  private readonly progress = new Map<RolloutRecord, number>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    ctx.store.watch('Deployment', this);
    ctx.store.watch('ReplicaSet', this);
    ctx.store.watch('Pod', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Deployment') {
      this.queue.add(objectKey(obj.metadata));
      return;
    }
    if (obj.kind === 'ReplicaSet') {
      const owner = controllerOf(obj.metadata);
      if (owner?.kind === 'Deployment') this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
      return;
    }
    // A deleted pod matters to Recreate, which waits for the old pods to be gone (upstream deletePod).
    if (type !== 'DELETED') return;
    const rsRef = controllerOf((obj as Pod).metadata);
    if (rsRef?.kind !== 'ReplicaSet') return;
    const rs = this.ctx.store.get<ReplicaSet>('ReplicaSet', `${obj.metadata.namespace}/${rsRef.name}`);
    const owner = rs && controllerOf(rs.metadata);
    if (owner?.kind === 'Deployment') this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
  }

  /** A full resync lists every Deployment (informer relist). */
  *resyncKeys(): Iterable<string> {
    for (const o of this.ctx.store.list<KubeObject>('Deployment')) yield objectKey(o.metadata);
  }

  reconcile(key: string): Time | undefined {
    const d = this.ctx.store.get<Deployment>('Deployment', key);
    if (!d) {
      this.current.delete(key);
      return undefined;
    }
    const rsList = this.replicaSetsOf(d);
    if (d.metadata.deletionTimestamp !== undefined) return this.syncStatusOnly(d, rsList);
    if (d.spec.paused || isScalingEvent(d, rsList)) return this.sync(d, rsList);
    return d.spec.strategy?.type === 'Recreate' ? this.rolloutRecreate(d, rsList) : this.rolloutRolling(d, rsList);
  }

  private replicaSetsOf(d: Deployment): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const o of this.ctx.store.ownedBy<ReplicaSet>(d.metadata.uid!)) if (o.kind === 'ReplicaSet') out.push(o);
    return out;
  }

  /** FindNewReplicaSet: the oldest RS whose template equals the Deployment's, ignoring the hash label. */
  private findNewRS(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
    const sorted = [...rsList].sort(compareByCreation);
    const hash = computeHash(d.spec.template);
    for (const rs of sorted) if (rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash) return rs;
    for (const rs of sorted) if (equalIgnoreHash(rs.spec.template, d.spec.template)) return rs;
    return undefined;
  }

  /**
   * getAllReplicaSetsAndSyncRevision: the new RS (created when asked and missing) and the old ones;
   * the new RS's revision annotation becomes max(old revisions) + 1, which is also how a rollback
   * to an old template turns that old RS into the new one.
   */
  private newAndOld(d: Deployment, rsList: ReplicaSet[], create: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const existing = this.findNewRS(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRevision = maxRevision(oldRSs) + 1;
    const { store, recorder } = this.ctx;
    if (existing) {
      if ((revisionOf(existing) ?? 0) < newRevision) {
        existing.metadata.annotations = { ...existing.metadata.annotations, [REVISION_ANNOTATION]: String(newRevision) };
        store.update(existing);
        this.rolloutStarted(d, newRevision);
      }
      this.setRevision(d, String(Math.max(newRevision, revisionOf(existing) ?? 0)));
      return { newRS: existing, oldRSs };
    }
    if (!create) return { oldRSs };
    const hash = computeHash(d.spec.template);
    const tm = d.spec.template.metadata ?? {};
    const template = {
      metadata: { ...tm, labels: { ...(tm.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
      spec: d.spec.template.spec,
    };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: {
          [REVISION_ANNOTATION]: String(newRevision),
          [DESIRED_REPLICAS_ANNOTATION]: String(deploymentReplicas(d)),
          [MAX_REPLICAS_ANNOTATION]: String(deploymentReplicas(d) + maxSurge(d)),
        },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true }],
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec.minReadySeconds,
        selector: {
          matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
          matchExpressions: d.spec.selector.matchExpressions,
        },
        template,
      },
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
    };
    // The RS is created at the size NewRSNewReplicas allows (upstream creates it scaled).
    rs.spec.replicas = d.spec.strategy?.type === 'Recreate' ? 0 : newRSNewReplicas(d, [...oldRSs, rs], rs);
    store.create(rs);
    // getNewReplicaSet records the event only for a ReplicaSet created with replicas > 0.
    if (rs.spec.replicas > 0) {
      recorder.record('Deployment', d.metadata.namespace, d.metadata.name, 'ScalingReplicaSet', '', `Scaled up replica set ${rs.metadata.name} from 0 to ${rs.spec.replicas}`);
    }
    this.setRevision(d, String(newRevision));
    this.rolloutStarted(d, newRevision);
    return { newRS: rs, oldRSs };
  }

  private setRevision(d: Deployment, rev: string): void {
    if (d.metadata.annotations?.[REVISION_ANNOTATION] !== rev) {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION_ANNOTATION]: rev };
    }
  }

  /** Writes one decided size, with the replica annotations upstream's scaleReplicaSet sets. */
  private scaleRS(d: Deployment, s: ReplicaSetScaling): boolean {
    const rs = s.rs;
    const from = rsReplicas(rs);
    const desired = String(deploymentReplicas(d));
    const max = String(deploymentReplicas(d) + maxSurge(d));
    const ann = rs.metadata.annotations ?? {};
    if (from === s.replicas && ann[DESIRED_REPLICAS_ANNOTATION] === desired && ann[MAX_REPLICAS_ANNOTATION] === max) return false;
    rs.spec.replicas = s.replicas;
    rs.metadata.annotations = { ...ann, [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max };
    this.ctx.store.update(rs);
    if (from !== s.replicas) {
      const dir = s.replicas > from ? 'up' : 'down';
      this.ctx.recorder.record('Deployment', d.metadata.namespace, d.metadata.name, 'ScalingReplicaSet', '', `Scaled ${dir} replica set ${rs.metadata.name} from ${from} to ${s.replicas}`);
    }
    return from !== s.replicas;
  }

  /** sync(): scaling events and paused Deployments — proportional scaling, cleanup, status. */
  private sync(d: Deployment, rsList: ReplicaSet[]): Time | undefined {
    const { newRS, oldRSs } = this.newAndOld(d, rsList, false);
    for (const s of scale(d, newRS, oldRSs)) this.scaleRS(d, s);
    if (d.spec.paused && newRS) this.cleanup(d, oldRSs);
    return this.syncRolloutStatus(d, newRS, oldRSs);
  }

  private rolloutRolling(d: Deployment, rsList: ReplicaSet[]): Time | undefined {
    const { newRS, oldRSs } = this.newAndOld(d, rsList, true);
    const all = [...oldRSs, newRS!];
    const up = reconcileNewReplicaSet(all, newRS!, d);
    if (up !== undefined) {
      this.scaleRS(d, { rs: newRS!, replicas: up });
      return this.syncRolloutStatus(d, newRS, oldRSs);
    }
    const down = reconcileOldReplicaSets(all, filterActiveReplicaSets(oldRSs), newRS!, d);
    let scaled = false;
    for (const s of down.scalings) scaled = this.scaleRS(d, s) || scaled;
    if (scaled) return this.syncRolloutStatus(d, newRS, oldRSs);
    if (deploymentComplete(d, this.calculateStatus(d, newRS, oldRSs))) this.cleanup(d, oldRSs);
    return this.syncRolloutStatus(d, newRS, oldRSs);
  }

  private rolloutRecreate(d: Deployment, rsList: ReplicaSet[]): Time | undefined {
    let { newRS, oldRSs } = this.newAndOld(d, rsList, false);
    let scaled = false;
    for (const rs of filterActiveReplicaSets(oldRSs)) scaled = this.scaleRS(d, { rs, replicas: 0 }) || scaled;
    if (scaled) return this.syncRolloutStatus(d, newRS, oldRSs);
    // oldPodsRunning: wait until no pod of an old RS is left (terminating pods included).
    for (const rs of oldRSs) {
      for (const p of this.ctx.store.ownedBy<Pod>(rs.metadata.uid!)) {
        if (p.kind === 'Pod' && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') return this.syncRolloutStatus(d, newRS, oldRSs);
      }
    }
    if (!newRS) ({ newRS, oldRSs } = this.newAndOld(d, rsList, true));
    this.scaleRS(d, { rs: newRS!, replicas: deploymentReplicas(d) });
    if (deploymentComplete(d, this.calculateStatus(d, newRS, oldRSs))) this.cleanup(d, oldRSs);
    return this.syncRolloutStatus(d, newRS, oldRSs);
  }

  private cleanup(d: Deployment, oldRSs: ReplicaSet[]): void {
    for (const rs of cleanupDeployment(oldRSs, d)) this.ctx.store.delete(rs);
  }

  /** calculateStatus (sync.go): counts over all ReplicaSets of the Deployment. */
  private calculateStatus(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): DeploymentStatus {
    const all = newRS ? [...oldRSs, newRS] : [...oldRSs];
    let replicas = 0;
    let ready = 0;
    for (const rs of all) {
      replicas += rs.status.replicas;
      ready += rs.status.readyReplicas;
    }
    const available = availableReplicaCountForReplicaSets(all);
    return {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: newRS ? newRS.status.replicas : 0,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicaCountForReplicaSets(all) - available),
      conditions: d.status.conditions,
    };
  }

  private syncStatusOnly(d: Deployment, rsList: ReplicaSet[]): Time | undefined {
    const { newRS, oldRSs } = this.newAndOld(d, rsList, false);
    return this.syncRolloutStatus(d, newRS, oldRSs);
  }

  /**
   * syncRolloutStatus: writes status and the Progressing/Available conditions; returns when to
   * look again for the progress deadline (requeueStuckDeployment).
   */
  private syncRolloutStatus(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): Time | undefined {
    const now = this.ctx.engine.now;
    const status = this.calculateStatus(d, newRS, oldRSs);
    const minAvail = deploymentReplicas(d) - maxUnavailable(d);
    this.setCondition(status, 'Available', status.availableReplicas >= minAvail ? 'True' : 'False', status.availableReplicas >= minAvail ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', now);
    let requeue: Time | undefined;
    const key = objectKey(d.metadata);
    const rec = this.current.get(key);
    if (d.spec.paused) {
      this.setCondition(status, 'Progressing', 'Unknown', PAUSED_REASON, now);
    } else if (newRS) {
      // checkPausedConditions: a resumed Deployment restarts its progress deadline from now.
      if (status.conditions?.find((c) => c.type === 'Progressing')?.reason === PAUSED_REASON) {
        this.setCondition(status, 'Progressing', 'Unknown', RESUMED_REASON, now);
      }
      const complete = deploymentComplete(d, status);
      if (complete) {
        this.setCondition(status, 'Progressing', 'True', NEW_RS_AVAILABLE_REASON, now);
      } else if (deploymentProgressing(d, status)) {
        this.setCondition(status, 'Progressing', 'True', RS_UPDATED_REASON, now, true);
      } else if (deploymentTimedOut(d, status, now)) {
        if (this.setCondition(status, 'Progressing', 'False', TIMED_OUT_REASON, now) && rec && rec.stalledAt === undefined) {
          rec.stalledAt = now;
          this.ctx.recorder.record('Deployment', d.metadata.namespace, d.metadata.name, 'RolloutStalled', '', TIMED_OUT_REASON);
        }
      } else if (status.conditions?.find((c) => c.type === 'Progressing')?.reason === RESUMED_REASON) {
        this.setCondition(status, 'Progressing', 'True', RS_UPDATED_REASON, now, true);
      }
      if (!complete && d.spec.progressDeadlineSeconds !== undefined) {
        const cond = status.conditions?.find((c) => c.type === 'Progressing');
        if (cond && cond.reason !== TIMED_OUT_REASON && cond.lastUpdateTime !== undefined) {
          // requeueStuckDeployment: AddAfter the time left to the deadline; under a second left
          // (or past it without a timeout, e.g. a completed rollout that lost a ready pod),
          // upstream calls enqueueRateLimited: 5 ms, then the 10 qps bucket's pace once its
          // burst is spent (rateLimitedDelay).
          const after = cond.lastUpdateTime + d.spec.progressDeadlineSeconds * SECOND - now;
          requeue = after < SECOND ? this.rateLimitedDelay(key) : after;
        }
      }
      if (requeue === undefined || requeue >= SECOND) this.rateLimited.delete(key);
      if (rec) this.trackRollout(d, rec, newRS, status, complete, now);
    }
    const s = d.status;
    if (
      s.replicas !== status.replicas ||
      s.updatedReplicas !== status.updatedReplicas ||
      s.readyReplicas !== status.readyReplicas ||
      s.availableReplicas !== status.availableReplicas ||
      s.unavailableReplicas !== status.unavailableReplicas ||
      s.observedGeneration !== status.observedGeneration ||
      this.conditionsDirty
    ) {
      d.status = status;
      this.conditionsDirty = false;
      this.ctx.store.update(d);
    }
    return requeue;
  }

  private conditionsDirty = false;
  /** Consecutive rate-limited requeues per Deployment key (for the token bucket's burst). */
  private readonly rateLimited = new Map<string, number>();

  private rateLimitedDelay(key: string): Time {
    const n = (this.rateLimited.get(key) ?? 0) + 1;
    this.rateLimited.set(key, n);
    return n > RATE_LIMIT_BURST ? RATE_LIMIT_BUCKET_PACE : RATE_LIMIT_BASE;
  }

  /** Sets a condition on the status being built; lastUpdateTime moves when `touch` or on change. */
  private setCondition(
    status: DeploymentStatus,
    type: DeploymentCondition['type'],
    value: DeploymentCondition['status'],
    reason: string,
    now: Time,
    touch = false,
  ): boolean {
    const conds = (status.conditions = [...(status.conditions ?? [])]);
    const i = conds.findIndex((c) => c.type === type);
    const old = i >= 0 ? conds[i] : undefined;
    if (old && old.status === value && old.reason === reason) {
      if (touch && old.lastUpdateTime !== now) {
        conds[i] = { ...old, lastUpdateTime: now };
        this.conditionsDirty = true;
      }
      return false;
    }
    const lastTransitionTime = old && old.status === value ? old.lastTransitionTime : now;
    const c: DeploymentCondition = { type, status: value, reason, lastUpdateTime: now, lastTransitionTime };
    if (i >= 0) conds[i] = c;
    else conds.push(c);
    this.conditionsDirty = true;
    return true;
  }

  private rolloutStarted(d: Deployment, revision: number): void {
    const key = objectKey(d.metadata);
    const prev = this.current.get(key);
    if (prev && prev.revision === revision) return;
    const isFirst = prev === undefined && d.status.replicas === 0 && (d.metadata.annotations?.[REVISION_ANNOTATION] ?? '1') === '1' && revision === 1;
    const st = d.status;
    const rec = startRollout(this.ctx.recorder, 'Deployment', d.metadata.namespace, d.metadata.name, revision, this.ctx.engine.now, st.readyReplicas, st.availableReplicas, st.replicas, `revision ${revision}${isFirst ? ' (initial)' : ''}`);
    this.current.set(key, rec);
    this.rollouts.push(rec);
    this.progress.set(rec, 0);
  }

  /**
   * Folds a status into the rollout record; a RolloutProgressed row each time the new
   * ReplicaSet's available count rises, worded as kubectl rollout status
   * ("N of M updated replicas are available").
   */
  private trackRollout(d: Deployment, rec: RolloutRecord, newRS: ReplicaSet, status: DeploymentStatus, complete: boolean, now: Time): void {
    if (rec.completedAt !== undefined) return;
    const updatedAvailable = newRS.status.availableReplicas;
    if (!complete && updatedAvailable > (this.progress.get(rec) ?? 0)) {
      this.progress.set(rec, updatedAvailable);
      this.ctx.recorder.record('Deployment', d.metadata.namespace, d.metadata.name, 'RolloutProgressed', '', `${updatedAvailable} of ${deploymentReplicas(d)} updated replicas are available`);
    }
    trackRollout(this.ctx.recorder, rec, status.readyReplicas, status.availableReplicas, status.replicas, complete, now, `revision ${rec.revision}`);
    if (complete) this.progress.delete(rec);
  }
}
