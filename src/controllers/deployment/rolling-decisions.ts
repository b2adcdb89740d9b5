import { Deployment, ReplicaSet } from '../../api/workloads';
import {
  ReplicaSetScaling,
  availableReplicaCountForReplicaSets,
  compareByCreation,
  deploymentReplicas,
  maxUnavailable,
  newRSNewReplicas,
  replicaCountForReplicaSets,
  rsReplicas,
} from './rollout-math';

/**
 * The decisions of upstream pkg/controller/deployment/rolling.go as pure functions: each returns
 * the spec.replicas writes the controller would issue in one step, never touching a store.
 * "minAvailable" here is spec.replicas − MaxUnavailable, as rolling.go computes it.
 */

/** The outcome of a scale-down decision. */
export interface ScaleDownDecision {
  /** Writes in upstream order; an RS scaled twice in one step appears once, with its final size. */
  readonly scalings: ReplicaSetScaling[];
  /** Replicas removed in total. */
  readonly totalScaledDown: number;
  /**
   * Set when upstream returns an error (an RS whose availableReplicas exceeds its spec.replicas);
   * `scalings` then holds the writes issued before it.
   */
  readonly error?: string;
}

/** The outcome of reconcileOldReplicaSets. */
export interface OldReplicaSetsDecision extends ScaleDownDecision {
  /** Upstream's `scaled` result: some replicas were removed (false whenever `error` is set). */
  readonly scaled: boolean;
}

/** An RS with the size it has after the writes decided so far in this step. */
interface Sized {
  readonly rs: ReplicaSet;
  replicas: number;
}

function sizedOldestFirst(rss: readonly ReplicaSet[]): Sized[] {
  const out: Sized[] = rss.map((rs) => ({ rs, replicas: rsReplicas(rs) }));
  out.sort((a, b) => compareByCreation(a.rs, b.rs));
  return out;
}

function scaleNamespaceName(rs: ReplicaSet): string {
  return rs.metadata.namespace ? `${rs.metadata.namespace}/${rs.metadata.name}` : rs.metadata.name;
}

/**
 * DeploymentController.reconcileNewReplicaSet: the new size of the new RS, or undefined for no
 * change. Equal to spec.replicas → no change; above it → scale down to spec.replicas; below →
 * NewRSNewReplicas (grow within maxSurge). Throws IntOrStringError for an invalid maxSurge.
 * Example: replicas 10, maxSurge 2, new 0, old 5 → 7; old 10, new 2 (12 = 10 + 2) → undefined.
 */
export function reconcileNewReplicaSet(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): number | undefined {
  const replicas = deploymentReplicas(d);
  const current = rsReplicas(newRS);
  if (current === replicas) return undefined;
  const target = current > replicas ? replicas : newRSNewReplicas(d, allRSs, newRS);
  return target === current ? undefined : target;
}

function cleanupSized(
  old: Sized[],
  maxCleanupCount: number,
  scalings: Sized[],
): { total: number; error?: string } {
  let total = 0;
  for (const target of old) {
    if (total >= maxCleanupCount) break;
    if (target.replicas === 0) continue;
    const available = target.rs.status.availableReplicas;
    if (target.replicas === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - total, target.replicas - available);
    const newCount = target.replicas - scaledDownCount;
    if (newCount > target.replicas) {
      return {
        total,
        error: `when cleaning up unhealthy replicas, got invalid request to scale down ${scaleNamespaceName(target.rs)} ${target.replicas} -> ${newCount}`,
      };
    }
    target.replicas = newCount;
    if (!scalings.includes(target)) scalings.push(target);
    total += scaledDownCount;
  }
  return { total };
}

function scaleDownSized(
  allAvailable: number,
  d: Deployment,
  old: Sized[],
  scalings: Sized[],
): { total: number; error?: string } {
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  if (allAvailable <= minAvailable) return { total: 0 };
  const totalScaleDownCount = allAvailable - minAvailable;
  let total = 0;
  for (const target of old) {
    if (total >= totalScaleDownCount) break;
    if (target.replicas === 0) continue;
    const scaleDownCount = Math.min(target.replicas, totalScaleDownCount - total);
    const newCount = target.replicas - scaleDownCount;
    if (newCount > target.replicas) {
      return {
        total,
        error: `when scaling down old RS, got invalid request to scale down ${scaleNamespaceName(target.rs)} ${target.replicas} -> ${newCount}`,
      };
    }
    target.replicas = newCount;
    if (!scalings.includes(target)) scalings.push(target);
    total += scaleDownCount;
  }
  return { total };
}

function toScalings(sized: readonly Sized[]): ReplicaSetScaling[] {
  return sized.map((s) => ({ rs: s.rs, replicas: s.replicas }));
}

/**
 * DeploymentController.cleanupUnhealthyReplicas: oldest first, remove up to maxCleanupCount
 * replicas that are not available (spec.replicas − availableReplicas per RS); removing them cannot
 * lower availability. Example: old 10 with 8 available, maxCleanupCount 1 → old 9, total 1.
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
  maxCleanupCount: number,
): ScaleDownDecision {
  const scalings: Sized[] = [];
  const r = cleanupSized(sizedOldestFirst(oldRSs), maxCleanupCount, scalings);
  return { scalings: toScalings(scalings), totalScaledDown: r.total, error: r.error };
}

/**
 * DeploymentController.scaleDownOldReplicaSetsForRollingUpdate: with A = Σ availableReplicas over
 * allRSs and minAvailable = replicas − MaxUnavailable, remove A − minAvailable replicas from the old
 * RSs, oldest first; nothing when A ≤ minAvailable.
 * Example: replicas 10, maxUnavailable 0/maxSurge 0 (→ unavailable 1), old 10 all available
 * → minAvailable 9, old 10 → 9.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): ScaleDownDecision {
  const scalings: Sized[] = [];
  const r = scaleDownSized(availableReplicaCountForReplicaSets(allRSs), d, sizedOldestFirst(oldRSs), scalings);
  return { scalings: toScalings(scalings), totalScaledDown: r.total, error: r.error };
}

/**
 * DeploymentController.reconcileOldReplicaSets: maxScaledDown = Σ spec.replicas(allRSs) −
 * minAvailable − (newRS.spec.replicas − newRS.availableReplicas); if positive, first
 * cleanupUnhealthyReplicas(maxScaledDown), then scaleDownOldReplicaSetsForRollingUpdate over the
 * old RSs (at their cleaned-up sizes) and the new RS. Nothing when the old RSs hold no replicas.
 * On an error the step reports scaled=false, keeping the writes already issued.
 * Example: replicas 10, maxUnavailable 2, old 10 (9 available), new 0 → maxScaledDown 2;
 * cleanup 1 unhealthy (10 → 9), then available 9 − minAvailable 8 = 1 more (9 → 8).
 */
export function reconcileOldReplicaSets(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): OldReplicaSetsDecision {
  if (replicaCountForReplicaSets(oldRSs) === 0) return { scalings: [], totalScaledDown: 0, scaled: false };
  const allPodsCount = replicaCountForReplicaSets(allRSs);
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - newRS.status.availableReplicas;
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return { scalings: [], totalScaledDown: 0, scaled: false };

  const scalings: Sized[] = [];
  const old = sizedOldestFirst(oldRSs);
  const cleanup = cleanupSized(old, maxScaledDown, scalings);
  if (cleanup.error !== undefined) {
    return { scalings: toScalings(scalings), totalScaledDown: cleanup.total, scaled: false, error: cleanup.error };
  }
  const available = availableReplicaCountForReplicaSets(oldRSs) + newRS.status.availableReplicas;
  const down = scaleDownSized(available, d, old, scalings);
  const total = cleanup.total + down.total;
  if (down.error !== undefined) {
    return { scalings: toScalings(scalings), totalScaledDown: total, scaled: false, error: down.error };
  }
  return { scalings: toScalings(scalings), totalScaledDown: total, scaled: total > 0 };
}
