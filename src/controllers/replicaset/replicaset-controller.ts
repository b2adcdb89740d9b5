import { Time, SECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Pod, isPodActive, isPodAvailable, isPodReady, readySince } from '../../api/pod';
import { ReplicaSet } from '../../api/workloads';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { DeletionIndex } from './deletion-index';
import { podFromTemplate } from '../pod-template';

/** Upstream's burstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps the number of active pods owned
 * by each ReplicaSet equal to spec.replicas, and writes status (replicas, ready, available).
 *
 * The same logic runs the older ReplicationController (pkg/controller/replication wraps the
 * ReplicaSet controller the same way): construct it with kind 'ReplicationController'. Its
 * equality-based selector needs no separate handling because pods are found by owner reference.
 *
 * Simplification (docs/simplifications.md): the controller reads the store directly instead of
 * an informer cache, so upstream's creation/deletion "expectations" are not needed; it is still
 * triggered only by watch notifications, which arrive after the modelled watch latency.
 */
export class ReplicaSetController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  /** Each owned pod's deletion-key fields, kept current by the store (see DeletionIndex). */
  private readonly deletion: DeletionIndex;

  constructor(
    private readonly ctx: SimContext,
    readonly kind: 'ReplicaSet' | 'ReplicationController' = 'ReplicaSet',
  ) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    this.deletion = new DeletionIndex(kind);
    ctx.store.indexer('Pod', this.deletion);
    ctx.store.watch(kind, this);
    ctx.store.watch('Pod', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === this.kind) {
      this.queue.add(objectKey(obj.metadata));
      return;
    }
    const owner = controllerOf(obj.metadata);
    if (owner && owner.kind === this.kind) {
      this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
    }
  }

  /** A full resync lists every ReplicaSet (informer relist). */
  *resyncKeys(): Iterable<string> {
    for (const o of this.ctx.store.list<KubeObject>('ReplicaSet')) yield objectKey(o.metadata);
  }

  reconcile(key: string): Time | undefined {
    const { store, recorder, engine } = this.ctx;
    const rs = store.get<ReplicaSet>(this.kind, key);
    if (!rs) return undefined;
    const want = rs.spec.replicas ?? 1;
    const diff = store.ownedPodCounts(rs.metadata.uid!).active - want;
    const ns = rs.metadata.namespace;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n; i++) {
        const pod = store.create(podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`));
        recorder.record(this.kind, ns, rs.metadata.name, 'SuccessfulCreate', '', pod.metadata.name);
      }
      if (n < -diff) this.queue.add(key);
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const victims = this.deletion.podsToDelete(rs.metadata.uid!, this.relatedOwners(rs), n);
      for (const v of victims) {
        store.delete(v);
        recorder.record(this.kind, ns, rs.metadata.name, 'SuccessfulDelete', v.spec.nodeName ?? '', v.metadata.name);
      }
      if (n < diff) this.queue.add(key);
    }
    return this.syncStatus(rs, engine.now);
  }

  /**
   * The owners whose active pods on a pod's node make its deletion rank: every ReplicaSet with the
   * same controller as `rs` (upstream's getIndirectlyRelatedPods + getPodsRankedByRelatedPodsOnSameNode:
   * during a rollout, an old pod doubled up with new ones goes first); only `rs` when it has no
   * controller.
   */
  private relatedOwners(rs: ReplicaSet): string[] {
    const owner = controllerOf(rs.metadata);
    if (owner?.uid === undefined) return [rs.metadata.uid!];
    const uids: string[] = [];
    for (const o of this.ctx.store.ownedBy<KubeObject>(owner.uid)) {
      if (o.kind === this.kind && o.metadata.uid !== undefined) uids.push(o.metadata.uid);
    }
    return uids;
  }

  /**
   * Writes status when it changed; returns when to look again for a pod becoming available.
   * Counts come from the store's owner index; only minReadySeconds > 0 needs a walk over the pods.
   */
  private syncStatus(rs: ReplicaSet, now: Time): Time | undefined {
    const minReady = rs.spec.minReadySeconds ?? 0;
    const counts = this.ctx.store.ownedPodCounts(rs.metadata.uid!);
    const replicas = counts.active;
    const ready = counts.ready;
    let available = ready;
    let nextAvailable: Time | undefined;
    if (minReady > 0 && ready > 0) {
      available = 0;
      for (const p of this.ctx.store.ownedBy<Pod>(rs.metadata.uid!)) {
        if (p.kind !== 'Pod' || !isPodActive(p) || !isPodReady(p)) continue;
        if (isPodAvailable(p, minReady, now)) available++;
        else {
          const at = readySince(p)! + minReady * SECOND - now;
          nextAvailable = nextAvailable === undefined ? at : Math.min(nextAvailable, at);
        }
      }
    }
    const st = (rs.status ??= { replicas: 0, readyReplicas: 0, availableReplicas: 0 });
    const gen = rs.metadata.generation;
    if (st.replicas !== replicas || st.readyReplicas !== ready || st.availableReplicas !== available || st.observedGeneration !== gen) {
      st.replicas = replicas;
      st.fullyLabeledReplicas = replicas;
      st.readyReplicas = ready;
      st.availableReplicas = available;
      st.observedGeneration = gen;
      this.ctx.store.update(rs);
    }
    return nextAvailable;
  }
}
