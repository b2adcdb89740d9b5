import { Time } from '../engine/time';

/**
 * The modelled time one scheduling cycle occupies the scheduler: base + perNodeEvaluated × the
 * nodes the cycle ran Filter on (feasible + rejected). Scoring work is proportional to the same
 * count (percentageOfNodesToScore bounds both), so one per-node term covers filter and score.
 *
 * Default calibration (docs/simplifications.md): upstream's scheduler_perf SchedulingBasic at
 * 5,000 nodes has a CI floor of about 810 pods/s (≈ 1.23 ms per pod) with the adaptive 10% = 500
 * nodes evaluated per cycle; 250 µs + 2 µs × 500 = 1.25 ms → 800 pods/s. A 100-node cluster
 * (all nodes evaluated) gets 450 µs → ~2,200 pods/s.
 */
export interface CycleCost {
  base: Time;
  perNodeEvaluated: Time;
}

export const DEFAULT_CYCLE_COST: CycleCost = { base: 250, perNodeEvaluated: 2 };

export function cycleDuration(cost: CycleCost, evaluatedNodes: number): Time {
  return Math.max(0, Math.round(cost.base + cost.perNodeEvaluated * evaluatedNodes));
}
