import { Time } from '../engine/time';
import { Pod, isPodActive, isPodAvailable } from '../api/pod';
import { Deployment, ReplicaSet } from '../api/workloads';
import { Store } from '../store/store';
import { deploymentReplicas, isRollingUpdate, maxSurge, minAvailable } from '../controllers/deployment/rollout-math';

/**
 * The bounds a RollingUpdate Deployment promises, resolved as the controller resolves them
 * (deploymentutil.MaxSurge / MinAvailable via ResolveFenceposts: surge rounds up, unavailable
 * down, both-zero → unavailable 1): at most replicas + maxSurge active pods over its ReplicaSets,
 * and the controller never scales availability below replicas − maxUnavailable.
 */
export interface RolloutBounds {
  replicas: number;
  maxTotal: number;
  minAvailable: number;
}

/** The resolved bounds; undefined for Recreate or an unresolvable int-or-percent. */
export function rolloutBounds(d: Deployment): RolloutBounds | undefined {
  if (!isRollingUpdate(d)) return undefined;
  try {
    const replicas = deploymentReplicas(d);
    return { replicas, maxTotal: replicas + maxSurge(d), minAvailable: minAvailable(d) };
  } catch {
    return undefined;
  }
}

/** What the pods of a Deployment's ReplicaSets look like now, and what the controller last read. */
export interface RolloutCounts {
  /** Active pods (controller.IsPodActive) over every ReplicaSet the Deployment controls. */
  active: number;
  /** Active pods available now (Ready for minReadySeconds). */
  available: number;
  /** Σ status.availableReplicas of those ReplicaSets: the controller's view. */
  statusAvailable: number;
  /** Per ReplicaSet: name, spec.replicas, active pods. */
  replicaSets: { name: string; replicas: number; active: number; statusAvailable: number }[];
}

/**
 * Counts from the store's owner index; walks the pods only when minReadySeconds > 0 (an
 * availability that depends on time). O(ReplicaSets) otherwise.
 */
export function rolloutCounts(store: Store, d: Deployment, now: Time, withReplicaSets: boolean): RolloutCounts {
  const minReady = d.spec.minReadySeconds ?? 0;
  const out: RolloutCounts = { active: 0, available: 0, statusAvailable: 0, replicaSets: [] };
  for (const o of store.ownedBy(d.metadata.uid!)) {
    if (o.kind !== 'ReplicaSet') continue;
    const rs = o as ReplicaSet;
    const counts = store.ownedPodCounts(rs.metadata.uid!);
    let available = counts.ready;
    if (minReady > 0 && counts.ready > 0) {
      available = 0;
      for (const p of store.ownedBy<Pod>(rs.metadata.uid!)) {
        if (p.kind === 'Pod' && isPodActive(p) && isPodAvailable(p, minReady, now)) available++;
      }
    }
    out.active += counts.active;
    out.available += available;
    out.statusAvailable += rs.status?.availableReplicas ?? 0;
    if (withReplicaSets) {
      out.replicaSets.push({ name: rs.metadata.name, replicas: rs.spec.replicas ?? 1, active: counts.active, statusAvailable: rs.status?.availableReplicas ?? 0 });
    }
  }
  return out;
}
