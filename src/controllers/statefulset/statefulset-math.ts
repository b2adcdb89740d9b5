import { StatefulSet } from '../../api/statefulset';
import { getScaledValueFromIntOrPercent } from '../deployment/rollout-math';

/** The name of the pod with this ordinal: "<set>-<ordinal>" (statefulset getPodName). */
export function statefulPodName(set: string, ordinal: number): string {
  return `${set}-${ordinal}`;
}

/** The claim a pod of the set uses for a volumeClaimTemplate: "<template>-<set>-<ordinal>" (getPersistentVolumeClaimName). */
export function claimName(template: string, set: string, ordinal: number): string {
  return `${template}-${set}-${ordinal}`;
}

/** The ordinal of a pod named "<set>-<n>", or -1 (getParentNameAndOrdinal). */
export function ordinalOf(podName: string, set: string): number {
  if (podName.length <= set.length + 1 || !podName.startsWith(set) || podName[set.length] !== '-') return -1;
  const rest = podName.slice(set.length + 1);
  if (!/^[0-9]+$/.test(rest)) return -1;
  return Number(rest);
}

/** spec.updateStrategy.rollingUpdate.partition, 0 when unset. */
export function partitionOf(set: StatefulSet): number {
  return set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
}

/**
 * getStatefulSetMaxUnavailable: maxUnavailable (default 1) scaled against replicas rounding
 * down, and at least 1. Example: "50%" of 5 → 2; "10%" of 5 → 0 → 1.
 */
export function statefulSetMaxUnavailable(set: StatefulSet, replicas: number): number {
  const mu = getScaledValueFromIntOrPercent(set.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, replicas, false);
  return mu < 1 ? 1 : mu;
}

/** The state of one ordinal's pod as the update step sees it. */
export interface OrdinalState {
  exists: boolean;
  terminating: boolean;
  /** Running and Ready (and available for minReadySeconds). */
  healthy: boolean;
  updated: boolean;
}

/**
 * The RollingUpdate step of updateStatefulSet (with MaxUnavailableStatefulSet's rule, which
 * reduces to upstream's one-pod-at-a-time rule for the default maxUnavailable 1): count the
 * unhealthy pods among ordinals [0, replicas); when fewer than maxUnavailable, delete outdated,
 * non-terminating pods from the highest ordinal down to `partition`, at most
 * maxUnavailable − unhealthy of them. Returns the ordinals to delete.
 * Example: 5 pods all healthy, partition 2, maxUnavailable 1, none updated → [4].
 * Example: 5 pods, pod 4 updated but not yet ready, maxUnavailable 2 → budget 1 → [3].
 * Example: same with maxUnavailable 1 → budget 0 → [] (wait for pod 4).
 */
export function rollingUpdateVictims(states: readonly OrdinalState[], partition: number, maxUnavailable: number): number[] {
  let unhealthy = 0;
  for (const s of states) if (!s.exists || s.terminating || !s.healthy) unhealthy++;
  let budget = maxUnavailable - unhealthy;
  const out: number[] = [];
  for (let i = states.length - 1; i >= partition && i >= 0; i--) {
    const s = states[i];
    if (budget <= 0) break;
    if (!s.exists || s.terminating || s.updated) continue;
    out.push(i);
    budget--;
  }
  return out;
}
