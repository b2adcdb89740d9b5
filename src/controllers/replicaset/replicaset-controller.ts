import { Time, SECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Pod, isPodActive, isPodAvailable, isPodReady, readySince } from '../../api/pod';
import { ReplicaSet } from '../../api/workloads';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { podsToDelete } from './pod-ranking';
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
  /** Per owning ReplicaSet uid: node → its active pods there, as last seen through the watch. */
  private readonly activeOnNode = new Map<string, Map<string, number>>();
  /** Pod uid → the node it is counted on in activeOnNode (active, bound pods only). */
  private readonly placed = new Map<string, string>();

  constructor(
    private readonly ctx: SimContext,
    readonly kind: 'ReplicaSet' | 'ReplicationController' = 'ReplicaSet',
  ) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
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
      this.indexPod(type, obj as Pod, owner.uid);
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
      const active: Pod[] = [];
      for (const p of store.ownedBy<Pod>(rs.metadata.uid!)) if (p.kind === 'Pod' && isPodActive(p)) active.push(p);
      const victims = podsToDelete(active, this.relatedOnNode(rs), n);
      for (const v of victims) {
        store.delete(v);
        recorder.record(this.kind, ns, rs.metadata.name, 'SuccessfulDelete', v.spec.nodeName ?? '', v.metadata.name);
      }
      if (n < diff) this.queue.add(key);
    }
    return this.syncStatus(rs, engine.now);
  }

  /**
   * The deletion rank of a pod: the active pods on its node owned by any ReplicaSet with the same
   * controller as `rs` (upstream's getIndirectlyRelatedPods + getPodsRankedByRelatedPodsOnSameNode:
   * during a rollout, an old pod doubled up with new ones goes first); only `rs`'s own pods when
   * it has no controller. Counts come from the informer-side index kept by onWatch.
   */
  private relatedOnNode(rs: ReplicaSet): (p: Pod) => number {
    const maps: Map<string, number>[] = [];
    const owner = controllerOf(rs.metadata);
    if (owner?.uid === undefined) {
      const m = this.activeOnNode.get(rs.metadata.uid!);
      if (m) maps.push(m);
    } else
      for (const o of this.ctx.store.ownedBy<KubeObject>(owner.uid)) {
        if (o.kind !== this.kind || o.metadata.uid === undefined) continue;
        const m = this.activeOnNode.get(o.metadata.uid);
        if (m) maps.push(m);
      }
    return (p) => {
      const node = p.spec.nodeName;
      if (!node) return 0;
      let n = 0;
      for (let i = 0; i < maps.length; i++) n += maps[i].get(node) ?? 0;
      return n;
    };
  }

  /** Keeps activeOnNode in step with one pod's latest state (an informer index). */
  private indexPod(type: WatchType, pod: Pod, ownerUid: string): void {
    const uid = pod.metadata.uid!;
    const node = type !== 'DELETED' && isPodActive(pod) ? pod.spec.nodeName : undefined;
    const before = this.placed.get(uid);
    if (before === node) return;
    if (before !== undefined) {
      const m = this.activeOnNode.get(ownerUid)!;
      const left = m.get(before)! - 1;
      if (left === 0) {
        m.delete(before);
        if (m.size === 0) this.activeOnNode.delete(ownerUid);
      } else m.set(before, left);
    }
    if (node === undefined || node === '') {
      this.placed.delete(uid);
      return;
    }
    this.placed.set(uid, node);
    let m = this.activeOnNode.get(ownerUid);
    if (!m) this.activeOnNode.set(ownerUid, (m = new Map()));
    m.set(node, (m.get(node) ?? 0) + 1);
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
