import { Time } from '../../src/engine/time';
import { Deployment, ReplicaSet } from '../../src/api/workloads';
import {
  filterActiveReplicaSets,
  newRSNewReplicas,
  rsReplicas,
} from '../../src/controllers/deployment/rollout-math';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from '../../src/controllers/deployment/rolling-decisions';

/** The modelled latencies a RollingUpdate's waves are made of. */
export interface WaveLatencies {
  /** Store write → watcher notified. */
  readonly watch: Time;
  /** Work-queue add → reconcile (controllerSync). */
  readonly sync: Time;
  /** One scheduling cycle (the scheduler serves a wave's pods one per cycle). */
  readonly cycle: Time;
  /** Scheduler decision → pod bound. */
  readonly binding: Time;
  /** Container start → Ready (no probe: Ready at start-up end). */
  readonly startup: Time;
  /** The one image pull of the new image (a single node), overlapped by the whole first wave. */
  readonly pull: Time;
}

/** One wave: the new pods created by one Deployment scale-up, Ready together. */
export interface Wave {
  /** New pods in the wave. */
  readonly k: number;
  /**
   * Deployment syncs of the step before the one whose scale-up creates the wave's (first) pods:
   * 0 when the step's first sync scales the new RS up (the first wave: the new RS is created
   * scaled), 1 when it first scales the old RSs down.
   */
  readonly syncsBefore: number;
  /** From the step's first Deployment sync to the one that sees the wave available (the first wave's: less the image pull). */
  readonly latency: Time;
}

/** One spec.replicas write of the Deployment controller (a ScalingReplicaSet row). */
export interface Scaling {
  /** From the rollout's first sync. */
  readonly at: Time;
  readonly rs: 'old' | 'new';
  readonly replicas: number;
}

export interface RolloutWaves {
  readonly waves: Wave[];
  /** Every scale of the old and new RS, in order. */
  readonly scalings: Scaling[];
  /** Deployment syncs after the last wave is seen available that still scale the old RS down. */
  readonly tailSyncs: number;
  /** From the rollout's first sync (RolloutStarted) to the one that sees it complete. */
  readonly duration: Time;
}

/**
 * The Deployment syncs of one step, appended to `syncs` (true: it scaled the new RS up), the RS
 * sizes after every sync decided by the project's own pure functions in rolloutRolling's order (reconcileNewReplicaSet, and only
 * when it does not scale, reconcileOldReplicaSets). A step ends at the first sync that writes
 * nothing. Every write makes the next Deployment sync (its own watch, watch + sync later); the old
 * RS's pods are deleted and its status written by the ReplicaSet sync at the same instant, queued
 * first (its ReplicaSet watch was registered first), so each sync sees the previous one's deletions.
 */
function step(d: Deployment, oldRS: ReplicaSet, newRS: ReplicaSet, syncs: boolean[], t0: Time, hop: Time, log: Scaling[]): void {
  for (;;) {
    const at = t0 + syncs.length * hop;
    const all = [oldRS, newRS];
    const up = reconcileNewReplicaSet(all, newRS, d);
    if (up !== undefined) {
      if (up < rsReplicas(newRS)) throw new Error('the wave model covers scale-ups of the new ReplicaSet only');
      newRS.spec.replicas = up;
      log.push({ at, rs: 'new', replicas: up });
      syncs.push(true);
      continue;
    }
    if (!scaleDown(d, oldRS, newRS, at, log)) return;
    syncs.push(false);
  }
}

/** reconcileOldReplicaSets applied; true when it scaled the old RS down. */
function scaleDown(d: Deployment, oldRS: ReplicaSet, newRS: ReplicaSet, at: Time, log: Scaling[]): boolean {
  const down = reconcileOldReplicaSets([oldRS, newRS], filterActiveReplicaSets([oldRS]), newRS, d);
  if (down.error !== undefined) throw new Error(down.error);
  if (!down.scaled) return false;
  for (const s of down.scalings) s.rs.spec.replicas = s.replicas;
  log.push({ at, rs: 'old', replicas: rsReplicas(oldRS) });
  settle(oldRS);
  return true;
}

/** The RS's status once its ReplicaSet sync has run: every pod it keeps is available. */
function settle(rs: ReplicaSet): void {
  const n = rsReplicas(rs);
  rs.status = { replicas: n, readyReplicas: n, availableReplicas: n };
}

function replicaSet(name: string, d: Deployment, createdAt: Time, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace, creationTimestamp: createdAt },
    spec: { replicas, selector: d.spec.selector, template: d.spec.template },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

/**
 * The waves of a RollingUpdate of `d` (all N old pods available, one node, image cached only for
 * the old revision) and the time it takes, as the simulator's control loops compose:
 *
 * - A step starts with the Deployment sync that sees the previous wave available (the first step:
 *   the sync that creates the new RS, at the size NewRSNewReplicas allows, and may also scale the
 *   old RS down in that same sync, as upstream's rolloutRolling). Its writing syncs follow one
 *   another at watch + sync.
 * - The scale-up in sync j of the step: ReplicaSet sync (watch + sync) creates k pods; the
 *   scheduler (watch) binds pod m after (m + 1) cycles + binding; its kubelet (watch) starts it
 *   and it is Ready start-up later. The first Ready reaches the ReplicaSet controller (watch +
 *   sync), whose status reaches the Deployment (watch + sync):
 *   latency = (j + 1)·(watch + sync) + 2·watch + cycle + binding + startup + 2·(watch + sync).
 * - The first wave waits for the image pull that its first pod's kubelet starts; every pod of the
 *   wave is bound before the pull ends, so all start together when it does (+ pull, no lag).
 * - A later wave's pods are Ready (k − 1) cycles apart. The ReplicaSet sync triggered by the first
 *   Ready counts those Ready by then, so the wave is seen whole when (k − 1)·cycle < watch + sync;
 *   the model throws outside that regime (the Deployment would see the wave in parts).
 * - When a step creates no pod, the rollout is complete once the Deployment sees the old RS empty:
 *   one watch + sync per scale-down left (the ReplicaSet sync at that instant runs first).
 *
 * The step decisions are the project's pure functions (rolling-decisions.ts, rollout-math.ts);
 * only the timing is modelled here.
 */
export function rolloutWaves(d: Deployment, lat: WaveLatencies): RolloutWaves {
  const n = d.spec.replicas ?? 1;
  const oldRS = replicaSet('old', d, 0, n);
  const newRS = replicaSet('new', d, 1, 0);
  newRS.status = { replicas: 0, readyReplicas: 0, availableReplicas: 0 };
  const hop = lat.watch + lat.sync;

  const waves: Wave[] = [];
  const scalings: Scaling[] = [];
  let duration: Time = 0;
  let tailSyncs = 0;
  for (let first = true; ; first = false) {
    const before = rsReplicas(newRS);
    /** One entry per writing Deployment sync of the step: whether it scaled the new RS up. */
    const syncs: boolean[] = [];
    if (first) {
      newRS.spec.replicas = newRSNewReplicas(d, [oldRS, newRS], newRS);
      if (rsReplicas(newRS) > 0) scalings.push({ at: 0, rs: 'new', replicas: rsReplicas(newRS) });
      scaleDown(d, oldRS, newRS, 0, scalings);
      syncs.push(rsReplicas(newRS) > 0);
    }
    step(d, oldRS, newRS, syncs, duration, hop, scalings);
    const k = rsReplicas(newRS) - before;
    if (k === 0) {
      tailSyncs = syncs.length;
      duration += tailSyncs * hop;
      break;
    }
    const j = syncs.indexOf(true);
    const kubelet = (j + 1) * hop + 2 * lat.watch + lat.cycle + lat.binding;
    let ready: Time;
    if (first) {
      const lastBound = (syncs.lastIndexOf(true) + 1) * hop + lat.watch + k * lat.cycle + lat.binding;
      if (lastBound + lat.watch >= kubelet + lat.pull) throw new Error(`the first wave (${k} pods) is not all bound before the image pull ends`);
      ready = kubelet + lat.pull + lat.startup;
    } else {
      if (syncs.lastIndexOf(true) !== j) throw new Error('a step scaled the new ReplicaSet up twice; the model covers once');
      if ((k - 1) * lat.cycle >= hop) throw new Error(`a wave of ${k} pods is Ready over ${(k - 1) * lat.cycle} µs, not within one ReplicaSet sync`);
      ready = kubelet + lat.startup;
    }
    const latency = ready + 2 * hop;
    waves.push({ k, syncsBefore: j, latency: first ? latency - lat.pull : latency });
    duration += latency;
    settle(newRS);
  }
  if (rsReplicas(oldRS) !== 0 || rsReplicas(newRS) !== n) {
    throw new Error(`the modelled rollout stopped at old ${rsReplicas(oldRS)}, new ${rsReplicas(newRS)} of ${n}`);
  }
  return { waves, scalings, tailSyncs, duration };
}
