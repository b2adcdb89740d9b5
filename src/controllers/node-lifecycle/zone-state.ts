import {
  LARGE_CLUSTER_SIZE_THRESHOLD,
  NODE_EVICTION_RATE,
  SECONDARY_NODE_EVICTION_RATE,
  UNHEALTHY_ZONE_THRESHOLD,
} from '../../api/defaults';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * nodelifecycle ComputeZoneState: a zone with no Ready node and at least one not-ready node is in
 * FullDisruption; more than 2 not-ready nodes making ≥ unhealthyZoneThreshold (0.55) of the zone
 * is PartialDisruption; otherwise Normal. Example: 10 nodes, 6 not ready → 0.6 ≥ 0.55 → Partial.
 */
export function computeZoneState(readyNodes: number, notReadyNodes: number): ZoneState {
  if (readyNodes === 0 && notReadyNodes > 0) return 'FullDisruption';
  if (notReadyNodes > 2 && notReadyNodes / (notReadyNodes + readyNodes) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/**
 * The eviction (NoExecute tainting) rate of a zone, nodes per second, as nodelifecycle
 * setLimiterInZone: Normal → nodeEvictionRate (0.1/s); PartialDisruption → ReducedQPSFunc:
 * secondaryNodeEvictionRate (0.01/s) when the zone has more than largeClusterSizeThreshold (50)
 * nodes, else 0; FullDisruption → HealthyQPSFunc: nodeEvictionRate — unless every zone is fully
 * disrupted, when handleDisruption stops all evictions (0).
 */
export function zoneEvictionRate(state: ZoneState, zoneSize: number, allZonesFullyDisrupted: boolean): number {
  if (allZonesFullyDisrupted) return 0;
  switch (state) {
    case 'Normal':
    case 'FullDisruption':
      return NODE_EVICTION_RATE;
    case 'PartialDisruption':
      return zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0;
  }
}
