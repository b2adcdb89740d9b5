import { quantile } from '../metrics/cluster-gauges';
import { GaugeSource } from '../metrics/series';
import { FailureTracker } from './failure-tracker';

/** Nearest-rank percentiles in seconds (null when empty). */
export interface SecondsPercentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** summary.json `kubelet`: restarts and the start-up latency split by stage. */
export interface KubeletFacts {
  restarts: number;
  startupStagesSeconds: { scheduling: SecondsPercentiles; pull: SecondsPercentiles; start: SecondsPercentiles; ready: SecondsPercentiles };
}

/** summary.json `nodeFailures`: what node faults cost. Times in virtual seconds. */
export interface NodeFailureFacts {
  failures: number;
  notReadyTransitions: number;
  evictions: number;
  failureToNotReadySeconds: SecondsPercentiles;
  notReadyToFirstEvictionSeconds: SecondsPercentiles;
  evictionToReplacementReadySeconds: SecondsPercentiles;
  failureToRecoveredSeconds: SecondsPercentiles;
  /** The first 100 failures in order, for inspection. */
  first: { node: string; failedAt: number; notReadyAt: number | null; firstEvictionAt: number | null; evicted: number; replacementsReady: number; recoveredAt: number | null }[];
  unavailablePodSeconds: { namespace: string; name: string; podSeconds: number }[];
}

/** The kubelets' counters (kubelet/kubelet-stats.ts), structurally. */
export interface KubeletStatsView {
  restarts: number;
  scheduling: readonly number[];
  pull: readonly number[];
  start: readonly number[];
  ready: readonly number[];
}

export function percentiles(values: readonly number[]): SecondsPercentiles {
  const q = (p: number) => {
    const v = quantile(values, p);
    return v === undefined ? null : Math.round(v) / 1e6;
  };
  return { count: values.length, p50: q(0.5), p90: q(0.9), p99: q(0.99) };
}

export function kubeletFacts(s: KubeletStatsView): KubeletFacts {
  return {
    restarts: s.restarts,
    startupStagesSeconds: { scheduling: percentiles(s.scheduling), pull: percentiles(s.pull), start: percentiles(s.start), ready: percentiles(s.ready) },
  };
}

const sec = (t: number | undefined) => (t === undefined ? null : t / 1e6);

export function nodeFailureFacts(tracker: FailureTracker, notReadyTransitions: number, evictions: number): NodeFailureFacts {
  const toNotReady: number[] = [];
  const toEviction: number[] = [];
  const toRecovered: number[] = [];
  for (const f of tracker.failures) {
    if (f.notReadyAt !== undefined) toNotReady.push(f.notReadyAt - f.failedAt);
    if (f.notReadyAt !== undefined && f.firstEvictionAt !== undefined) toEviction.push(f.firstEvictionAt - f.notReadyAt);
    if (f.evicted > 0 && f.replacementsReady >= f.evicted && f.lastReplacementReadyAt !== undefined) toRecovered.push(f.lastReplacementReadyAt - f.failedAt);
  }
  return {
    failures: tracker.failures.length,
    notReadyTransitions,
    evictions,
    failureToNotReadySeconds: percentiles(toNotReady),
    notReadyToFirstEvictionSeconds: percentiles(toEviction),
    evictionToReplacementReadySeconds: percentiles(tracker.replacementLatencies),
    failureToRecoveredSeconds: percentiles(toRecovered),
    first: tracker.failures.slice(0, 100).map((f) => ({
      node: f.node,
      failedAt: f.failedAt / 1e6,
      notReadyAt: sec(f.notReadyAt),
      firstEvictionAt: sec(f.firstEvictionAt),
      evicted: f.evicted,
      replacementsReady: f.replacementsReady,
      recoveredAt: f.evicted > 0 && f.replacementsReady >= f.evicted ? sec(f.lastReplacementReadyAt) : null,
    })),
    unavailablePodSeconds: tracker.unavailablePodSeconds(),
  };
}

/** series.csv gauges: container restarts so far, pods evicted so far, node failures so far. */
export function nodeFaultGauges(kubelet: { restarts: number }, evictions: () => number, tracker: FailureTracker): GaugeSource {
  return {
    sample(emit) {
      emit('pod_restarts_total', '', '', kubelet.restarts);
      emit('pod_evictions_total', '', '', evictions());
      emit('node_failures_total', '', '', tracker.failures.length);
    },
  };
}
