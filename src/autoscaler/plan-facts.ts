import type { RunFacts } from '../sim/simulation';

/**
 * The numbers a capacity planner compares across autoscaling settings, read from a run's facts:
 * cost of the node pools over the simulated period (costPerHour × node-hours) and node-hours.
 * Zero when the run priced no pool.
 */
export function autoscalingCost(facts: RunFacts): { cost: number; nodeHours: number } {
  const c = facts.autoscaling?.cost;
  return { cost: c?.total ?? 0, nodeHours: c?.nodeHours ?? 0 };
}

/**
 * SLO-side facts of autoscaling: the longest and median wait of pods that needed new nodes
 * (first Unschedulable → bound, seconds; null when none did), pods still pending at the end,
 * OOM kills and overload readiness failures caused by the load model.
 */
export function autoscalingSlo(facts: RunFacts): {
  maxPendingSeconds: number | null;
  p50PendingSeconds: number | null;
  pendingAtEnd: number;
  oomKills: number;
  overloadReadinessFailures: number;
} {
  const a = facts.autoscaling;
  return {
    maxPendingSeconds: a?.clusterAutoscaler?.pendingSeconds.max ?? null,
    p50PendingSeconds: a?.clusterAutoscaler?.pendingSeconds.p50 ?? null,
    pendingAtEnd: facts.pods.pendingAtEnd,
    oomKills: a?.oomKills ?? 0,
    overloadReadinessFailures: a?.overloadReadinessFailures ?? 0,
  };
}

/** What one run reports to an autoscaling plan (RunResult.autoscaling). */
export interface RunAutoscaling {
  /** Cost of the node pools over the simulated period. */
  cost: number;
  nodeHours: number;
  /** Longest wait of a pod that needed a new node (s); 0 when none did. */
  maxPendingSeconds: number;
  pendingAtEnd: number;
}

/** The autoscaling facts of a run a plan compares candidates by; undefined when the run had no autoscaling. */
export function runAutoscaling(facts: RunFacts): RunAutoscaling | undefined {
  if (!facts.autoscaling) return undefined;
  const c = autoscalingCost(facts);
  const s = autoscalingSlo(facts);
  return { cost: c.cost, nodeHours: c.nodeHours, maxPendingSeconds: s.maxPendingSeconds ?? 0, pendingAtEnd: s.pendingAtEnd };
}
