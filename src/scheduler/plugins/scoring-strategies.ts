import { MAX_NODE_SCORE } from '../framework';
import { ResourceSpec } from './resource-allocation';

/**
 * NodeResourcesFit scoring strategies (noderesources least_allocated.go, most_allocated.go,
 * requested_to_capacity_ratio.go) and helper.BuildBrokenLinearFunction. Arrays are parallel to
 * the configured resources; a resource with allocatable 0 contributes neither score nor weight.
 * All arithmetic is Go int64 integer division (truncation).
 */

/** LeastAllocated: per resource (alloc-req)*100/alloc (0 when req > alloc), weighted mean. */
export function leastAllocatedScore(requested: readonly number[], allocatable: readonly number[], resources: readonly ResourceSpec[]): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i];
    if (a === 0) continue;
    const r = requested[i];
    const s = r > a ? 0 : Math.trunc(((a - r) * MAX_NODE_SCORE) / a);
    nodeScore += s * resources[i].weight;
    weightSum += resources[i].weight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** MostAllocated: per resource min(req,alloc)*100/alloc, weighted mean. */
export function mostAllocatedScore(requested: readonly number[], allocatable: readonly number[], resources: readonly ResourceSpec[]): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i];
    if (a === 0) continue;
    const r = Math.min(requested[i], a);
    nodeScore += Math.trunc((r * MAX_NODE_SCORE) / a) * resources[i].weight;
    weightSum += resources[i].weight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

export interface FunctionShapePoint {
  utilization: number;
  score: number;
}

/**
 * helper.BuildBrokenLinearFunction: piecewise linear through the points (ascending utilization),
 * constant before the first and after the last. Example: [(10,1),(90,9)] at 19 → 1, at 20 → 2.
 */
export function brokenLinear(shape: readonly FunctionShapePoint[], p: number): number {
  for (let i = 0; i < shape.length; i++) {
    if (p <= shape[i].utilization) {
      if (i === 0) return shape[0].score;
      const a = shape[i - 1];
      const b = shape[i];
      return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
    }
  }
  return shape[shape.length - 1].score;
}

/** MaxCustomPriorityScore: the top of the user-facing shape score scale. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

/** The shape scaled from the 0..10 user scale to 0..MAX_NODE_SCORE, as the plugin builds it. */
export function scaleShape(shape: readonly FunctionShapePoint[]): FunctionShapePoint[] {
  return shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
}

/**
 * RequestedToCapacityRatio over a scaled shape: per resource util = req*100/alloc (100 when over),
 * s = shape(util); only s > 0 enters the numerator and weight sum; math.Round of the mean.
 */
export function requestedToCapacityRatioScore(
  scaledShape: readonly FunctionShapePoint[],
  requested: readonly number[],
  allocatable: readonly number[],
  resources: readonly ResourceSpec[],
): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i];
    if (a === 0) continue;
    const r = requested[i];
    const util = r > a ? MAX_UTILIZATION : Math.trunc((r * MAX_UTILIZATION) / a);
    const s = brokenLinear(scaledShape, util);
    if (s > 0) {
      nodeScore += s * resources[i].weight;
      weightSum += resources[i].weight;
    }
  }
  if (weightSum === 0) return 0;
  return goRound(nodeScore / weightSum);
}

/** math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
