import { Time, SECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Node } from '../../api/node';
import { Pod, Toleration, isPodAvailable, isPodReady, readySince } from '../../api/pod';
import { DaemonSet, DaemonSetStatus } from '../../api/daemonset';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../api/statefulset';
import { RequiredNodeAffinity } from '../../scheduler/node-selector';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { podFromTemplate } from '../pod-template';
import { computeHash } from '../deployment/template-hash';
import { RolloutRecord, startRollout, trackRollout } from '../rollout-record';
import { NodePods, daemonSetFenceposts, daemonTolerations, nodeShouldRunDaemonPod, pinToNode, rollingUpdateStep } from './daemonset-math';

/** Upstream's DaemonSet burstReplicas: at most this many creations or deletions per sync. */
export const DAEMONSET_BURST_REPLICAS = 250;

interface NodeState {
  node: Node;
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  pods: Pod[];
}

/**
 * The DaemonSet controller (pkg/controller/daemon), one bounded step per sync:
 * - manage: every node that should run the pod (nodeShouldRunDaemonPod: nodeSelector, required
 *   node affinity, taints against the template's tolerations plus the daemon tolerations) gets
 *   one, created with a required node affinity on metadata.name (the default scheduler binds it);
 *   pods on nodes where they may not continue are deleted, failed ones deleted for recreation,
 *   extra ones beyond one per node (one old and one new while surging) deleted;
 * - RollingUpdate: rollingUpdateStep within maxUnavailable / maxSurge (daemonset-math.ts);
 *   OnDelete: new pods only where old ones were deleted by someone else.
 * Nodes are followed through their watch: a node added or removed re-syncs every DaemonSet.
 * A pod counts as "updated" when its controller-revision-hash label is the current template hash.
 */
export class DaemonSetController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  readonly rollouts: RolloutRecord[] = [];
  private readonly current = new Map<string, RolloutRecord>();
  private readonly progress = new Map<RolloutRecord, number>();
  private readonly hashes = new Map<string, string>();
  /** Bumped on every Node notification: cached eligibility older than this is recomputed. */
  private nodesVersion = 0;
  private readonly eligibility = new Map<string, { nodesVersion: number; hash: string; nodes: Map<string, NodeState> }>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    ctx.store.watch('DaemonSet', this);
    ctx.store.watch('Pod', this);
    ctx.store.watch('Node', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'DaemonSet') {
      this.queue.add(objectKey(obj.metadata));
      return;
    }
    if (obj.kind === 'Node') {
      this.nodesVersion++;
      for (const ds of this.ctx.store.list<DaemonSet>('DaemonSet')) this.queue.add(objectKey(ds.metadata));
      return;
    }
    const owner = controllerOf(obj.metadata);
    if (owner?.kind === 'DaemonSet') this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
    void type;
  }

  reconcile(key: string): Time | undefined {
    const { store, engine, recorder } = this.ctx;
    const ds = store.get<DaemonSet>('DaemonSet', key);
    if (!ds) {
      this.current.delete(key);
      this.eligibility.delete(key);
      return undefined;
    }
    const now = engine.now;
    const ns = ds.metadata.namespace;
    const name = ds.metadata.name;
    const hash = computeHash(ds.spec.template);
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (this.hashes.get(key) !== hash) {
      const prev = this.current.get(key);
      const st = ds.status ?? ({} as DaemonSetStatus);
      const rec = startRollout(recorder, 'DaemonSet', ns, name, (prev?.revision ?? 0) + 1, now, st.numberReady ?? 0, st.numberAvailable ?? 0, st.currentNumberScheduled ?? 0, `revision ${hash}${prev ? '' : ' (initial)'}`);
      this.current.set(key, rec);
      this.rollouts.push(rec);
      this.hashes.set(key, hash);
    }

    const tolerations = daemonTolerations(ds.spec.template.spec);
    const nodes = this.nodeStates(key, ds, hash, tolerations);
    const orphans: Pod[] = [];
    for (const p of store.ownedBy<Pod>(ds.metadata.uid!)) {
      if (p.kind !== 'Pod' || p.metadata.deletionTimestamp !== undefined) continue;
      const node = nodeOfDaemonPod(p);
      const st = node === undefined ? undefined : nodes.get(node);
      if (st) st.pods.push(p);
      else orphans.push(p);
    }
    let requeue: Time | undefined;
    const available = (p: Pod) => {
      if (isPodAvailable(p, minReady, now)) return true;
      if (isPodReady(p)) {
        const at = readySince(p)! + minReady * SECOND - now;
        requeue = requeue === undefined ? at : Math.min(requeue, at);
      }
      return false;
    };

    let budget = DAEMONSET_BURST_REPLICAS;
    const del = (p: Pod, why: string) => {
      if (budget <= 0) return;
      budget--;
      store.delete(p);
      recorder.record('DaemonSet', ns, name, 'SuccessfulDelete', p.spec.nodeName ?? '', `Deleted pod: ${p.metadata.name}${why}`);
    };
    const create = (node: string) => {
      if (budget <= 0) return;
      budget--;
      const pod = podFromTemplate(ds.spec.template, ds, `${name}-`);
      pod.metadata.labels![CONTROLLER_REVISION_HASH_LABEL] = hash;
      pod.spec.tolerations = tolerations as Toleration[];
      pod.spec.affinity = pinToNode(pod.spec.affinity, node);
      store.create(pod);
      recorder.record('DaemonSet', ns, name, 'SuccessfulCreate', node, `Created pod: ${pod.metadata.name}`);
    };
    for (const p of orphans) del(p, ' (node gone)');

    const { maxSurge, maxUnavailable } = daemonSetFenceposts(ds, countShouldRun(nodes));
    const rolling = ds.spec.updateStrategy?.type !== 'OnDelete';
    const view: NodePods[] = [];
    for (const st of nodes.values()) {
      const { node, pods } = st;
      const nodeName = node.metadata.name;
      if (!st.shouldContinueRunning) {
        for (const p of pods) del(p, '');
        continue;
      }
      let live = pods;
      if (pods.some((p) => p.status.phase === 'Failed')) {
        live = [];
        for (const p of pods) {
          if (p.status.phase === 'Failed') del(p, ' (failed)');
          else live.push(p);
        }
      }
      if (live.length === 0) {
        if (st.shouldRun) create(nodeName);
        view.push({ node: nodeName, shouldRun: st.shouldRun });
        continue;
      }
      // Keep the oldest pod of each revision class; one old and one new only while surging.
      let newPod: Pod | undefined;
      let oldPod: Pod | undefined;
      for (const p of live) {
        const isNew = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;
        if (isNew && newPod === undefined) newPod = p;
        else if (!isNew && oldPod === undefined) oldPod = p;
        else del(p, ' (duplicate)');
      }
      if (newPod && oldPod && (maxSurge === 0 || !rolling)) {
        del(oldPod, ' (duplicate)');
        oldPod = undefined;
      }
      view.push({
        node: nodeName,
        shouldRun: st.shouldRun,
        newPod: newPod ? { available: available(newPod) } : undefined,
        oldPod: oldPod ? { available: available(oldPod) } : undefined,
      });
    }
    if (rolling) {
      const step = rollingUpdateStep(view, maxSurge, maxUnavailable);
      for (const n of step.deleteOldOn) {
        const st = nodes.get(n)!;
        const old = st.pods.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash && p.metadata.deletionTimestamp === undefined);
        if (old) del(old, ' (update)');
      }
      for (const n of step.surgeOn) create(n);
    }
    if (budget <= 0) this.queue.add(key);
    this.syncStatus(ds, key, hash, nodes, now);
    return requeue;
  }

  /**
   * Every node with whether the DaemonSet should run (and continue running) there, and an empty
   * pod list to fill. Eligibility is kept per DaemonSet until a node changes or the template does
   * (nodeShouldRunDaemonPod depends on nothing else); the node order is the store's.
   */
  private nodeStates(key: string, ds: DaemonSet, hash: string, tolerations: readonly Toleration[]): Map<string, NodeState> {
    const cached = this.eligibility.get(key);
    if (cached !== undefined && cached.nodesVersion === this.nodesVersion && cached.hash === hash) {
      for (const st of cached.nodes.values()) st.pods.length = 0;
      return cached.nodes;
    }
    const spec = ds.spec.template.spec;
    const affinity = new RequiredNodeAffinity(spec.nodeSelector, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    const nodes = new Map<string, NodeState>();
    for (const n of this.ctx.store.list<Node>('Node')) {
      const v = nodeShouldRunDaemonPod(n, spec, affinity, tolerations);
      nodes.set(n.metadata.name, { node: n, shouldRun: v.shouldRun, shouldContinueRunning: v.shouldContinueRunning, pods: [] });
    }
    this.eligibility.set(key, { nodesVersion: this.nodesVersion, hash, nodes });
    return nodes;
  }

  private syncStatus(ds: DaemonSet, key: string, hash: string, nodes: Map<string, NodeState>, now: Time): void {
    const minReady = ds.spec.minReadySeconds ?? 0;
    let desired = 0;
    let scheduled = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let total = 0;
    for (const st of nodes.values()) {
      let live = 0;
      let first: Pod | undefined;
      let updatedPod: Pod | undefined;
      for (const x of st.pods) {
        if (x.metadata.deletionTimestamp !== undefined) continue;
        live++;
        first ??= x;
        if (updatedPod === undefined && x.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updatedPod = x;
      }
      total += live;
      if (st.shouldRun) desired++;
      if (first === undefined) continue;
      if (!st.shouldRun) {
        misscheduled++;
        continue;
      }
      scheduled++;
      const p = updatedPod ?? first;
      if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
    }
    const next: DaemonSetStatus = {
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      numberAvailable: available,
      numberUnavailable: Math.max(0, desired - available),
      updatedNumberScheduled: updated,
      observedGeneration: ds.metadata.generation,
    };
    const rec = this.current.get(key);
    if (rec) {
      // kubectl rollout status: every desired node runs an updated, available pod.
      const complete = updated >= desired && available >= desired;
      if (!complete && updated > (this.progress.get(rec) ?? 0)) {
        this.progress.set(rec, updated);
        if (updated % progressStride(desired) === 0) {
          this.ctx.recorder.record('DaemonSet', ds.metadata.namespace, ds.metadata.name, 'RolloutProgressed', '', `${updated} out of ${desired} new pods have been updated`);
        }
      }
      trackRollout(this.ctx.recorder, rec, ready, available, total, complete, now, `${updated} of ${desired} updated pods are available`);
    }
    const s = ds.status;
    if (
      !s ||
      s.currentNumberScheduled !== next.currentNumberScheduled ||
      s.desiredNumberScheduled !== next.desiredNumberScheduled ||
      s.numberMisscheduled !== next.numberMisscheduled ||
      s.numberReady !== next.numberReady ||
      s.numberAvailable !== next.numberAvailable ||
      s.updatedNumberScheduled !== next.updatedNumberScheduled ||
      s.observedGeneration !== next.observedGeneration
    ) {
      ds.status = next;
      this.ctx.store.update(ds);
    }
  }
}

/** RolloutProgressed rows every 1% of the nodes on big DaemonSets (every node below 100). */
function progressStride(desired: number): number {
  return desired < 100 ? 1 : Math.floor(desired / 100);
}

function countShouldRun(nodes: Map<string, NodeState>): number {
  let n = 0;
  for (const st of nodes.values()) if (st.shouldRun) n++;
  return n;
}

/** The node a daemon pod is for: its binding, else the node its metadata.name affinity names. */
function nodeOfDaemonPod(p: Pod): string | undefined {
  if (p.spec.nodeName) return p.spec.nodeName;
  const terms = p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const f = terms?.[0]?.matchFields?.find((m) => m.key === 'metadata.name');
  return f?.values?.[0];
}
