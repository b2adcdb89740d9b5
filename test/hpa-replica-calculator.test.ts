import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MINUTE, SECOND, Time } from '../src/engine/time';
import { HPA_CPU_INITIALIZATION_PERIOD, HPA_INITIAL_READINESS_DELAY, HPA_TOLERANCE } from '../src/api/defaults';
import { CalculatorSettings, PodSample, averageValueReplicas, groupPods, utilizationReplicas } from '../src/controllers/hpa/replica-calculator';

const S: CalculatorSettings = { tolerance: HPA_TOLERANCE, cpuInitializationPeriod: HPA_CPU_INITIALIZATION_PERIOD, initialReadinessDelay: HPA_INITIAL_READINESS_DELAY };
/** Pods started long ago, Ready for long: no cpu-initialization special cases. */
const NOW: Time = 60 * MINUTE;

function pod(i: number, usage: number | undefined, request = 1000, over: Partial<PodSample> = {}): PodSample {
  const p: PodSample = { name: `p${i}`, phase: 'Running', deleting: false, ready: 'True', readyTransition: 10 * SECOND, startTime: 0, request };
  if (usage !== undefined) p.metric = { value: usage, timestamp: NOW - 5 * SECOND, window: 15 * SECOND };
  return { ...p, ...over };
}
const pods = (usages: (number | undefined)[], request = 1000) => usages.map((u, i) => pod(i, u, request));

function replicas(r: ReturnType<typeof utilizationReplicas>): number {
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return (r as { replicas: number }).replicas;
}

// Rows from replica_calculator_test.go (TestReplicaCalc*) and the kubernetes.io HPA "Algorithm details".
const UTILIZATION: { name: string; current: number; target: number; pods: PodSample[]; want: number }[] = [
  { name: 'ScaleUp: 3 pods at 30/50/70% of 1 cpu, target 30% → 5', current: 3, target: 30, pods: pods([300, 500, 700]), want: 5 },
  { name: 'ScaleDown: 5 pods at 10/30/50/25/25%, target 50% → 3', current: 5, target: 50, pods: pods([100, 300, 500, 250, 250]), want: 3 },
  {
    name: 'Tolerance: requests 0.9/1.0/1.1 cpu using 1010/1030/1020m, target 100% → 102% is within 10% → 3',
    current: 3,
    target: 100,
    pods: [pod(0, 1010, 900), pod(1, 1030, 1000), pod(2, 1020, 1100)],
    want: 3,
  },
  {
    name: 'ScaleUpUnreadyLessScale: one unready pod counts as 0% when scaling up → 4',
    current: 3,
    target: 30,
    pods: [pod(0, 300, 1000, { ready: 'False', readyTransition: 0 }), pod(1, 500), pod(2, 700)],
    want: 4,
  },
  {
    name: 'ScaleUpUnready, direction flips: ready pods at 60% of target 50%, the unready pod at 0% gives 40% → unchanged',
    current: 3,
    target: 50,
    pods: [pod(0, 600), pod(1, 400, 1000, { ready: 'False', readyTransition: 0 }), pod(2, 600)],
    want: 3,
  },
  { name: 'docs: ratio 1.5 over 4 ready pods → ceil(6.0) = 6', current: 4, target: 50, pods: pods([750, 750, 750, 750]), want: 6 },
  { name: 'ratio 0.905 is within tolerance 0.1 → unchanged', current: 4, target: 100, pods: pods([905, 905, 905, 905]), want: 4 },
  { name: 'ratio 0.89 is outside tolerance → ceil(0.89·4) = 4 (no change by rounding)', current: 4, target: 100, pods: pods([890, 890, 890, 890]), want: 4 },
  { name: 'ratio 0.7 → ceil(2.8) = 3', current: 4, target: 100, pods: pods([700, 700, 700, 700]), want: 3 },
  {
    name: 'missing metrics, scale down: the missing pod counts as 100% of its request → ratio (0+0+1000)/3000·… stays below 1',
    current: 3,
    target: 50,
    pods: pods([100, 100, undefined]),
    want: 3,
  },
  {
    name: 'missing metrics, scale up: the missing pod counts as 0 → (900+900+0)/3000 = 60% of target 50 → ceil(1.2·3) = 4',
    current: 3,
    target: 50,
    pods: pods([900, 900, undefined]),
    want: 4,
  },
  {
    name: 'MissingMetricsNoChangeEq: one of 2 pods without metrics, the other exactly at target → unchanged',
    current: 2,
    target: 100,
    pods: pods([1000, undefined]),
    want: 2,
  },
  {
    name: 'deleted and Failed pods are ignored',
    current: 3,
    target: 50,
    pods: [pod(0, 1000), pod(1, 1000, 1000, { deleting: true }), pod(2, 1000, 1000, { phase: 'Failed' })],
    want: 2,
  },
];

for (const row of UTILIZATION) {
  test(`HPA utilization: ${row.name}`, () => {
    assert.equal(replicas(utilizationReplicas(row.current, row.target, 'cpu', row.pods, S, NOW)), row.want);
  });
}

test('HPA utilization: currentUtilization is the truncated integer percent of Σusage/Σrequests', () => {
  const r = utilizationReplicas(3, 30, 'cpu', pods([300, 500, 700]), S, NOW);
  assert.ok(!('error' in r));
  assert.equal(r.utilization, 50);
  const t = utilizationReplicas(3, 100, 'cpu', [pod(0, 1010, 900), pod(1, 1030, 1000), pod(2, 1020, 1100)], S, NOW);
  assert.ok(!('error' in t));
  assert.equal(t.utilization, 102);
});

test('HPA utilization: errors as upstream (no pods, missing request, no metrics)', () => {
  assert.match((utilizationReplicas(1, 50, 'cpu', [], S, NOW) as { error: string }).error, /no pods returned/);
  assert.match((utilizationReplicas(1, 50, 'cpu', [pod(0, 100, undefined as unknown as number, { request: undefined })], S, NOW) as { error: string }).error, /missing request for cpu/);
  assert.match((utilizationReplicas(2, 50, 'cpu', pods([undefined, undefined]), S, NOW) as { error: string }).error, /did not receive metrics/);
});

test('HPA AverageValue (docs: 200m against a 100m target doubles the replicas; 50m halves them)', () => {
  assert.equal(replicas(averageValueReplicas(1, 100, 'cpu', pods([200]), S, NOW)), 2);
  assert.equal(replicas(averageValueReplicas(4, 100, 'cpu', pods([50, 50, 50, 50]), S, NOW)), 2);
  assert.equal(replicas(averageValueReplicas(3, 100, 'cpu', pods([105, 105, 105]), S, NOW)), 3, 'within tolerance');
  // Missing pods count as the target when scaling down: (50+50+100)/3 = 66.7 → ceil(0.667·3) = 2.
  assert.equal(replicas(averageValueReplicas(3, 100, 'cpu', pods([50, 50, undefined]), S, NOW)), 2);
});

test('groupPods: cpu readiness rules within and after the initialization period', () => {
  const start = NOW - 2 * MINUTE;
  // Within cpuInitializationPeriod: Ready but the sample window began before it became Ready → unready.
  const early = pod(0, 500, 1000, { startTime: start, readyTransition: NOW - 10 * SECOND });
  // Within it, Ready long enough before the window → ready.
  const settled = pod(1, 500, 1000, { startTime: start, readyTransition: start + 10 * SECOND });
  // After the period: not Ready and it went unready within initialReadinessDelay of start → unready (never ready).
  const never = pod(2, 500, 1000, { startTime: 0, ready: 'False', readyTransition: 20 * SECOND });
  // After the period: not Ready but it was Ready later than the readiness delay → counted (it turned unready).
  const turned = pod(3, 500, 1000, { startTime: 0, ready: 'False', readyTransition: 40 * MINUTE });
  const pending = pod(4, undefined, 1000, { phase: 'Pending' });
  const g = groupPods([early, settled, never, turned, pending], 'cpu', S, NOW);
  assert.deepEqual(g.unready.map((p) => p.name), ['p0', 'p2', 'p4']);
  assert.equal(g.readyPodCount, 2);
  const mem = groupPods([early, settled, never, turned], 'memory', S, NOW);
  assert.equal(mem.readyPodCount, 4, 'readiness rules apply to cpu only');
});
