import { Time } from '../engine/time';
import { NodeInfo } from './node-info';

/** Counters the scheduler actor keeps while it runs. */
export interface SchedulerStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
  /** Successful preemptions (one per preemptor cycle) and the pods they evicted. */
  preemptions: number;
  victims: number;
  /** Per scheduled pod: first queued → the end of the cycle that placed it (queue wait + cycle), µs. */
  latencies: Time[];
}

export interface Distribution {
  mean: number;
  stddev: number;
  min: number;
  p50: number;
  p90: number;
  max: number;
}

/** Requested / allocatable per node at the end of the run (nodes with allocatable 0 skipped). */
export interface AllocationFacts {
  nodes: number;
  /** Nodes with at least one pod assigned. */
  nodesUsed: number;
  cpu: Distribution | null;
  memory: Distribution | null;
  /** The same per node pool (label kubesim.dev/pool), pools in name order. */
  byPool?: Record<string, Omit<AllocationFacts, 'byPool'>>;
}

/** The label kubesim puts on every pool node (src/sim/node-pools.ts LABEL_POOL). */
const LABEL_POOL = 'kubesim.dev/pool';

export interface SchedulerFacts {
  attempts: number;
  scheduled: number;
  unschedulableAttempts: number;
  /** schedule_attempts_total by result, as kube-scheduler's metric. */
  attemptsByResult: { scheduled: number; unschedulable: number; error: number };
  /** Scheduling latency (queue wait + cycle) in seconds, nearest-rank percentiles. */
  schedulingLatencySeconds: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  preemptions: number;
  preemptionVictims: number;
  allocation: AllocationFacts;
}

function nearestRank(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** mean, population stddev, min, nearest-rank p50/p90, max; rounded to 4 decimals. */
export function distribution(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of s) sum += v;
  const mean = sum / s.length;
  let sq = 0;
  for (const v of s) sq += (v - mean) * (v - mean);
  return {
    mean: round4(mean),
    stddev: round4(Math.sqrt(sq / s.length)),
    min: round4(s[0]),
    p50: round4(nearestRank(s, 0.5)!),
    p90: round4(nearestRank(s, 0.9)!),
    max: round4(s[s.length - 1]),
  };
}

/** Per-node cpu and memory allocation ratios (requested / allocatable), overall and per pool. */
export function allocationFacts(nodes: readonly NodeInfo[]): AllocationFacts {
  const out: AllocationFacts = ratios(nodes);
  const pools = new Map<string, NodeInfo[]>();
  for (const ni of nodes) {
    const pool = ni.node.metadata.labels?.[LABEL_POOL];
    if (pool === undefined) continue;
    let list = pools.get(pool);
    if (list === undefined) pools.set(pool, (list = []));
    list.push(ni);
  }
  if (pools.size > 0) {
    const byPool: Record<string, Omit<AllocationFacts, 'byPool'>> = {};
    for (const name of [...pools.keys()].sort()) byPool[name] = ratios(pools.get(name)!);
    out.byPool = byPool;
  }
  return out;
}

function ratios(nodes: readonly NodeInfo[]): AllocationFacts {
  const cpu: number[] = [];
  const mem: number[] = [];
  let used = 0;
  for (const ni of nodes) {
    if (ni.pods.length > 0) used++;
    if (ni.allocatable.milliCPU > 0) cpu.push(ni.requested.milliCPU / ni.allocatable.milliCPU);
    if (ni.allocatable.memory > 0) mem.push(ni.requested.memory / ni.allocatable.memory);
  }
  return { nodes: nodes.length, nodesUsed: used, cpu: distribution(cpu), memory: distribution(mem) };
}

export function schedulerFacts(stats: SchedulerStats, nodes: readonly NodeInfo[]): SchedulerFacts {
  const lat = Float64Array.from(stats.latencies).sort();
  const secs = (q: number) => {
    const v = nearestRank(lat, q);
    return v === null ? null : v / 1e6;
  };
  return {
    attempts: stats.attempts,
    scheduled: stats.scheduled,
    unschedulableAttempts: stats.unschedulable,
    attemptsByResult: { scheduled: stats.latencies.length, unschedulable: stats.unschedulable, error: stats.errors },
    schedulingLatencySeconds: { p50: secs(0.5), p90: secs(0.9), p99: secs(0.99), max: lat.length ? lat[lat.length - 1] / 1e6 : null },
    preemptions: stats.preemptions,
    preemptionVictims: stats.victims,
    allocation: allocationFacts(nodes),
  };
}
