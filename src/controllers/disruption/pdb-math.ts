import { IntOrString } from '../../api/meta';
import { getScaledValueFromIntOrPercent } from '../deployment/rollout-math';

/** The three numbers of a PDB's status that the eviction API reads. */
export interface BudgetCounts {
  expectedPods: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

/**
 * The disruption controller's getExpectedPodCount + updatePdbStatus (pkg/controller/disruption):
 * - maxUnavailable (int or %, % rounded up against the controllers' scale):
 *   expected = scale, desiredHealthy = expected − maxUnavailable (floored at 0);
 * - minAvailable as an int: expected = number of selected pods, desiredHealthy = minAvailable;
 * - minAvailable as a %: expected = scale, desiredHealthy = ceil(% × expected);
 * disruptionsAllowed = currentHealthy − desiredHealthy, 0 when negative or when expected ≤ 0.
 * Example: maxUnavailable "25%", scale 10, 10 healthy → unavailable ceil(2.5) = 3, desired 7, allowed 3.
 * Example: minAvailable 3, 4 pods, 3 healthy → desired 3, allowed 0.
 */
export function budgetCounts(
  minAvailable: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  selectedPods: number,
  controllerScale: number,
  currentHealthy: number,
): BudgetCounts {
  let expectedPods: number;
  let desiredHealthy: number;
  if (maxUnavailable !== undefined) {
    expectedPods = controllerScale;
    const mu = getScaledValueFromIntOrPercent(maxUnavailable, expectedPods, true);
    desiredHealthy = Math.max(0, expectedPods - mu);
  } else if (typeof minAvailable === 'number') {
    expectedPods = selectedPods;
    desiredHealthy = minAvailable;
  } else if (minAvailable !== undefined) {
    expectedPods = controllerScale;
    desiredHealthy = getScaledValueFromIntOrPercent(minAvailable, expectedPods, true);
  } else {
    // Neither set: upstream's validation forbids it; the budget then protects nothing.
    expectedPods = selectedPods;
    desiredHealthy = 0;
  }
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  return { expectedPods, desiredHealthy, disruptionsAllowed };
}
