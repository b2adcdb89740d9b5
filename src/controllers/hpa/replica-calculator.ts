import { Time } from '../../engine/time';

/**
 * The HPA's replica arithmetic for resource metrics, as pkg/controller/podautoscaler's
 * replica_calculator.go (GetResourceReplicas, GetRawResourceReplicas → calcPlainMetricReplicas,
 * groupPods, GetResourceUtilizationRatio). Pure: inputs are plain records, `now` is given.
 *
 * Worked example (kubernetes.io HPA docs): 1 replica, current CPU 200m, target 100m →
 * ratio 2.0 → desired = ceil(2.0 × 1) = 2. Current 50m, target 100m → ratio 0.5 → desired =
 * ceil(0.5 × 1) = 1 (bounded by minReplicas elsewhere). A ratio within 1 ± tolerance (0.1) keeps
 * the current count.
 */

/** One pod as the calculator sees it: its state, summed container requests, and its metric sample. */
export interface PodSample {
  name: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
  /** The Ready condition's status; undefined when the pod has none. */
  ready?: 'True' | 'False' | 'Unknown';
  /** The Ready condition's lastTransitionTime. */
  readyTransition?: Time;
  /** status.startTime; undefined when unset. */
  startTime?: Time;
  /** Sum of the containers' requests of the resource (millicores or bytes); undefined when a container has none. */
  request?: number;
  /** The metrics API's sample for the pod; undefined when it has none (missing metrics). */
  metric?: { value: number; timestamp: Time; window: Time };
}

export interface CalculatorSettings {
  /** Cluster-wide tolerance (--horizontal-pod-autoscaler-tolerance, 0.1). */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period (5 min). */
  cpuInitializationPeriod: Time;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (30 s). */
  initialReadinessDelay: Time;
}

export interface ReplicaResult {
  replicas: number;
  /** currentUtilization (integer percent) for Utilization targets; undefined for AverageValue. */
  utilization?: number;
  /** The average metric value over the pods with metrics (before missing/unready adjustment). */
  rawAverage: number;
}

export interface ReplicaError {
  error: string;
}

/** groupPods' partition of the target's pods. */
export interface PodGroups {
  readyPodCount: number;
  unready: PodSample[];
  missing: PodSample[];
  ignored: PodSample[];
}

/**
 * groupPods: deleted or Failed pods are ignored; Pending pods are unready; pods without a sample
 * are missing. For cpu only, a pod is also unready when it has no Ready condition or start time,
 * or — within cpuInitializationPeriod of its start — when it is not Ready or its sample's window
 * began before it became Ready, or — after that period — when it is not Ready and it became
 * not-ready within initialReadinessDelay of its start (never yet Ready).
 */
export function groupPods(pods: readonly PodSample[], resource: string, s: CalculatorSettings, now: Time): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unready: [], missing: [], ignored: [] };
  for (const p of pods) {
    if (p.deleting || p.phase === 'Failed') {
      g.ignored.push(p);
      continue;
    }
    if (p.phase === 'Pending') {
      g.unready.push(p);
      continue;
    }
    if (p.metric === undefined) {
      g.missing.push(p);
      continue;
    }
    if (resource === 'cpu') {
      let unready: boolean;
      if (p.ready === undefined || p.startTime === undefined) unready = true;
      else {
        const transition = p.readyTransition ?? 0;
        if (p.startTime + s.cpuInitializationPeriod > now) {
          unready = p.ready === 'False' || p.metric.timestamp < transition + p.metric.window;
        } else {
          unready = p.ready === 'False' && p.startTime + s.initialReadinessDelay > transition;
        }
      }
      if (unready) {
        g.unready.push(p);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

function withinTolerance(ratio: number, tolerance: number): boolean {
  return Math.abs(1 - ratio) <= tolerance;
}

/**
 * GetResourceReplicas for a Utilization target (percent of request). Missing pods count as
 * max(100, target)% of their request when scaling down and 0 when scaling up; unready pods count
 * as 0 when scaling up; a recomputed ratio that flips direction or falls within tolerance keeps the
 * current count.
 */
export function utilizationReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  pods: readonly PodSample[],
  s: CalculatorSettings,
  now: Time,
): ReplicaResult | ReplicaError {
  if (pods.length === 0) return { error: 'no pods returned by selector while calculating replica count' };
  const g = groupPods(pods, resource, s, now);
  const counted = new Map<PodSample, number>();
  for (const p of pods) {
    if (p.request === undefined && !p.deleting && p.phase !== 'Failed') return { error: `missing request for ${resource} in Pod ${p.name}` };
  }
  countedMetrics(pods, g, counted);
  if (counted.size === 0) return { error: 'did not receive metrics for targeted pods (pods might be unready)' };

  const first = utilizationRatio(counted, targetUtilization);
  if (first === undefined) return { error: `no ${resource} requests on the targeted pods` };
  const usageRatio = first.ratio;
  const scaleUpWithUnready = g.unready.length > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && g.missing.length === 0) {
    if (withinTolerance(usageRatio, s.tolerance)) return { replicas: currentReplicas, utilization: first.utilization, rawAverage: first.average };
    return { replicas: Math.ceil(usageRatio * g.readyPodCount), utilization: first.utilization, rawAverage: first.average };
  }
  if (g.missing.length > 0) {
    if (usageRatio < 1) {
      const fallback = Math.max(100, targetUtilization);
      for (const p of g.missing) counted.set(p, Math.floor((p.request! * fallback) / 100));
    } else if (usageRatio > 1) {
      for (const p of g.missing) counted.set(p, 0);
    }
  }
  if (scaleUpWithUnready) for (const p of g.unready) counted.set(p, 0);
  const second = utilizationRatio(counted, targetUtilization)!;
  return settle(currentReplicas, usageRatio, second.ratio, counted.size, s.tolerance, first.utilization, first.average);
}

/**
 * GetRawResourceReplicas → calcPlainMetricReplicas for an AverageValue target: the ratio is the
 * mean sample (GetMetricUsageRatio: integer division of the total by the pod count) over the target; missing pods count as the target when scaling down and 0 when
 * scaling up; unready pods as 0 when scaling up.
 */
export function averageValueReplicas(
  currentReplicas: number,
  targetAverage: number,
  resource: string,
  pods: readonly PodSample[],
  s: CalculatorSettings,
  now: Time,
): ReplicaResult | ReplicaError {
  if (pods.length === 0) return { error: 'no pods returned by selector while calculating replica count' };
  if (!(targetAverage > 0)) return { error: 'target average value must be positive' };
  const g = groupPods(pods, resource, s, now);
  const counted = new Map<PodSample, number>();
  countedMetrics(pods, g, counted);
  if (counted.size === 0) return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const average = Math.trunc(meanOf(counted));
  const usageRatio = average / targetAverage;
  const scaleUpWithUnready = g.unready.length > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && g.missing.length === 0) {
    if (withinTolerance(usageRatio, s.tolerance)) return { replicas: currentReplicas, rawAverage: average };
    return { replicas: Math.ceil(usageRatio * g.readyPodCount), rawAverage: average };
  }
  if (g.missing.length > 0) {
    if (usageRatio < 1) for (const p of g.missing) counted.set(p, targetAverage);
    else for (const p of g.missing) counted.set(p, 0);
  }
  if (scaleUpWithUnready) for (const p of g.unready) counted.set(p, 0);
  const newRatio = Math.trunc(meanOf(counted)) / targetAverage;
  return settle(currentReplicas, usageRatio, newRatio, counted.size, s.tolerance, undefined, average);
}

/** removeMetricsForPods(ignored), removeMetricsForPods(unready): the samples that count at first. */
function countedMetrics(pods: readonly PodSample[], g: PodGroups, out: Map<PodSample, number>): void {
  const skip = g.ignored.length + g.unready.length > 0 ? new Set<PodSample>(g.ignored) : undefined;
  if (skip) for (const p of g.unready) skip.add(p);
  for (const p of pods) if (p.metric !== undefined && (skip === undefined || !skip.has(p))) out.set(p, p.metric.value);
}

/** The shared tail of both calculations: no change within tolerance or when the adjustment flips direction. */
function settle(
  currentReplicas: number,
  usageRatio: number,
  newRatio: number,
  count: number,
  tolerance: number,
  utilization: number | undefined,
  rawAverage: number,
): ReplicaResult {
  const keep = { replicas: currentReplicas, utilization, rawAverage };
  if (withinTolerance(newRatio, tolerance) || (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1)) return keep;
  const replicas = Math.ceil(newRatio * count);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return keep;
  return { replicas, utilization, rawAverage };
}

/**
 * GetResourceUtilizationRatio: currentUtilization = int(Σmetrics × 100 / Σrequests) (integer
 * percent, truncated), ratio = currentUtilization / target. Undefined when Σrequests is 0.
 */
export function utilizationRatio(metrics: ReadonlyMap<PodSample, number>, targetUtilization: number): { ratio: number; utilization: number; average: number } | undefined {
  let used = 0;
  let requested = 0;
  for (const [p, v] of metrics) {
    if (p.request === undefined) continue;
    used += v;
    requested += p.request;
  }
  if (requested === 0) return undefined;
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / targetUtilization, utilization, average: Math.trunc(used / metrics.size) };
}

function meanOf(m: ReadonlyMap<PodSample, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t / m.size;
}
