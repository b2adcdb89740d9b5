import { Time } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Pod, isPodReady } from '../../api/pod';
import { PodDisruptionBudget } from '../../api/pdb';
import { Deployment, ReplicaSet } from '../../api/workloads';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { DISRUPTED_POD_TIMEOUT, PdbStatusWithDisrupted, pdbSelector } from '../../store/eviction';
import { IntOrStringError } from '../deployment/rollout-math';
import { Reconciler, WorkQueue } from '../work-queue';
import { SelectorIndex } from '../selector-index';
import { budgetCounts } from './pdb-math';

/**
 * The disruption controller (pkg/controller/disruption): for each PodDisruptionBudget, counts the
 * healthy pods it selects and writes status.currentHealthy, desiredHealthy, expectedPods and
 * disruptionsAllowed (pdb-math.ts), which the eviction API (src/store/eviction.ts) reads.
 * Healthy (countHealthyPods): Ready, not being deleted, and not evicted within the last 2 minutes
 * (status.disruptedPods). The controllers' scale (getExpectedScale) is the replicas of each
 * distinct controller of the selected pods, a ReplicaSet owned by a Deployment counting as the
 * Deployment; a selected pod without a controller makes a percentage or maxUnavailable budget
 * fail safe (disruptionsAllowed 0), as upstream's failSafe.
 */
export class DisruptionController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  private readonly index: SelectorIndex;
  private readonly enqueue = (key: string) => this.queue.add(key);

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    this.index = new SelectorIndex(ctx.store);
    ctx.store.watch('PodDisruptionBudget', this);
    ctx.store.watch('Pod', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Pod') {
      this.index.onPod(type, obj as Pod, this.enqueue);
      return;
    }
    const key = objectKey(obj.metadata);
    if (type === 'DELETED') this.index.remove(key);
    else this.index.set(key, obj.metadata.namespace ?? '', pdbSelector(obj as PodDisruptionBudget));
    this.queue.add(key);
  }

  reconcile(key: string): Time | undefined {
    const { store, engine } = this.ctx;
    const pdb = store.get<PodDisruptionBudget>('PodDisruptionBudget', key);
    if (!pdb) return undefined;
    const now = engine.now;
    const members = this.index.members(key);
    const st = (pdb.status ??= { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 }) as PodDisruptionBudget['status'] & PdbStatusWithDisrupted;
    // buildDisruptedPodMap: drop entries whose pod is gone, being deleted, or older than the timeout.
    let disrupted: Record<string, Time> | undefined;
    let recheck: Time | undefined;
    if (st.disruptedPods) {
      disrupted = {};
      const names = new Map<string, Pod>();
      for (const p of members) names.set(p.metadata.name, p);
      for (const [name, at] of Object.entries(st.disruptedPods)) {
        const p = names.get(name);
        if (!p || p.metadata.deletionTimestamp !== undefined || at + DISRUPTED_POD_TIMEOUT <= now) continue;
        disrupted[name] = at;
        const left = at + DISRUPTED_POD_TIMEOUT - now;
        recheck = recheck === undefined ? left : Math.min(recheck, left);
      }
    }
    let healthy = 0;
    let scale = 0;
    let orphan = false;
    const seen = new Set<string>();
    for (const p of members) {
      if (p.metadata.deletionTimestamp === undefined && isPodReady(p) && !(disrupted && disrupted[p.metadata.name] !== undefined)) healthy++;
      const ref = controllerOf(p.metadata);
      if (!ref) {
        orphan = true;
        continue;
      }
      if (seen.has(ref.uid)) continue;
      seen.add(ref.uid);
      const s = this.controllerScale(p.metadata.namespace ?? '', ref.kind, ref.name, seen);
      if (s === undefined) orphan = true;
      else scale += s;
    }
    const spec = pdb.spec;
    let counts;
    try {
      counts = budgetCounts(spec.minAvailable, spec.maxUnavailable, members.size, scale, healthy);
      if (orphan && (spec.maxUnavailable !== undefined || typeof spec.minAvailable === 'string')) counts.disruptionsAllowed = 0;
    } catch (e) {
      if (!(e instanceof IntOrStringError)) throw e;
      counts = { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0 };
    }
    const allowed = counts.disruptionsAllowed > 0;
    const changed =
      st.currentHealthy !== healthy ||
      st.desiredHealthy !== counts.desiredHealthy ||
      st.expectedPods !== counts.expectedPods ||
      st.disruptionsAllowed !== counts.disruptionsAllowed ||
      st.observedGeneration !== pdb.metadata.generation ||
      JSON.stringify(st.disruptedPods ?? {}) !== JSON.stringify(disrupted ?? {});
    if (changed) {
      const wasAllowed = st.disruptionsAllowed > 0;
      const first = st.observedGeneration === undefined;
      st.currentHealthy = healthy;
      st.desiredHealthy = counts.desiredHealthy;
      st.expectedPods = counts.expectedPods;
      st.disruptionsAllowed = counts.disruptionsAllowed;
      st.observedGeneration = pdb.metadata.generation;
      st.disruptedPods = disrupted && Object.keys(disrupted).length > 0 ? disrupted : undefined;
      st.conditions = [{ type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods' }];
      store.update(pdb);
      if (wasAllowed !== allowed || first) {
        this.ctx.recorder.record('PodDisruptionBudget', pdb.metadata.namespace, pdb.metadata.name, allowed ? 'DisruptionAllowed' : 'DisruptionBlocked', '', `${healthy} healthy, ${counts.desiredHealthy} desired`);
      }
    }
    return recheck === undefined ? undefined : recheck + 1;
  }

  /** getPodReplicaSet / getPodDeployment / getPodReplicationController / getPodStatefulSet: the controller's spec.replicas. */
  private controllerScale(ns: string, kind: string, name: string, seen: Set<string>): number | undefined {
    const obj = this.ctx.store.get<KubeObject & { spec: { replicas?: number } }>(kind, `${ns}/${name}`);
    if (!obj) return undefined;
    if (kind === 'ReplicaSet') {
      const dref = controllerOf((obj as ReplicaSet).metadata);
      if (dref?.kind === 'Deployment') {
        if (seen.has(dref.uid)) return 0;
        seen.add(dref.uid);
        const d = this.ctx.store.get<Deployment>('Deployment', `${ns}/${dref.name}`);
        return d ? (d.spec.replicas ?? 1) : undefined;
      }
    }
    if (kind === 'ReplicaSet' || kind === 'ReplicationController' || kind === 'StatefulSet' || kind === 'Deployment') return obj.spec.replicas ?? 1;
    return undefined;
  }

  /** Series: per PDB, its status counts. */
  sample(emit: (metric: string, ns: string, name: string, value: number) => void): void {
    for (const pdb of this.ctx.store.list<PodDisruptionBudget>('PodDisruptionBudget')) {
      if (!pdb.status) continue;
      const ns = pdb.metadata.namespace ?? '';
      emit('pdb_current_healthy', ns, pdb.metadata.name, pdb.status.currentHealthy);
      emit('pdb_desired_healthy', ns, pdb.metadata.name, pdb.status.desiredHealthy);
      emit('pdb_disruptions_allowed', ns, pdb.metadata.name, pdb.status.disruptionsAllowed);
    }
  }
}
