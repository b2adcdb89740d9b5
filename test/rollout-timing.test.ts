import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE, MILLISECOND, Time } from '../src/engine/time';
import { resolveFenceposts } from '../src/controllers/deployment/rollout-math';
import { DEFAULT_CYCLE_COST, cycleDuration } from '../src/scheduler/cycle-cost';
import { Deployment } from '../src/api/workloads';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const STARTUP = 5 * SECOND;
const IMAGE = 100 * 1024 * 1024;
const BANDWIDTH = 50 * 1024 * 1024;
const LAT = { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND };

/**
 * The control-plane latency of one wave of a RollingUpdate, from the Deployment sync that scales
 * one ReplicaSet to the sync that takes the next step: the ReplicaSet controller sees its change
 * (watch + sync) and creates or deletes pods; a new pod reaches the scheduler (watch), takes one scheduling
 * cycle and is bound (binding) and reaches its kubelet (watch); its Ready condition reaches the ReplicaSet controller
 * (watch + sync), whose status reaches the Deployment controller (watch + sync), which scales the
 * other side; that change is seen by the ReplicaSet controller (watch + sync) —
 * 6 watches, 4 syncs, 1 cycle, 1 binding. The scheduler serves the k pods of a wave one per cycle (one
 * node evaluated here); the last one lags (k − 1) cycles, hidden by the ReplicaSet sync unless
 * that lag is longer. The image pull happens once (one node), in the first wave.
 */
function waveLatency(k: number): Time {
  const cycle = cycleDuration(DEFAULT_CYCLE_COST, 1);
  return 6 * LAT.watch + 4 * LAT.controllerSync + cycle + LAT.binding + Math.max(0, (k - 1) * cycle - LAT.controllerSync);
}

function rollout(n: number, surge: number | string, unavailable: number | string, strategy?: Deployment['spec']['strategy']) {
  const d = deployment('web', n, 'web:v1', { strategy: strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } });
  const s = scenario({
    pools: [pool('big', 1, { capacity: { cpu: '64', memory: '256Gi', pods: '200' }, imagePullBandwidth: BANDWIDTH })],
    apps: [app('web:v1', STARTUP, { imageSize: IMAGE }), app('web:v2', STARTUP, { imageSize: IMAGE })],
    resources: [d],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, image: 'web:v2' })],
    duration: 30 * MINUTE,
  });
  s.latencies = LAT;
  const sink = new MemorySink();
  const sim = new Simulation(s, { timelineSinks: [sink] });
  const facts = sim.run();
  const r = facts.rollouts.find((x) => x.kind === 'Deployment' && x.revision === 2)!;
  return { r, sink, sim };
}

// A wave replaces `step` pods: maxSurge when maxUnavailable is 0, maxUnavailable when maxSurge is 0.
for (const [n, surge, unavailable] of [
  [4, 1, 0],
  [8, 2, 0],
  [10, '50%', 0],
  [10, '100%', '0%'],
  [6, 0, 1],
  [10, 0, '25%'],
  [9, '0%', '34%'],
] as [number, number | string, number | string][]) {
  test(`rollout of ${n} replicas (maxSurge ${surge}, maxUnavailable ${unavailable}) takes pull + waves × (start-up + wave latency)`, () => {
    const f = resolveFenceposts(surge, unavailable, n);
    const step = f.surge > 0 ? f.surge : f.unavailable;
    const waves = Math.ceil(n / step);
    const pull = Math.round((IMAGE / BANDWIDTH) * SECOND);
    const predicted = pull + waves * (STARTUP + waveLatency(step));
    const { r } = rollout(n, surge, unavailable);
    assert.notEqual(r.completedAt, null);
    assert.equal(Math.round(r.durationSeconds! * 1e6), predicted, `${waves} waves of ${step}`);
    assert.ok(r.maxTotal <= n + f.surge && r.minReady >= n - f.unavailable, JSON.stringify(r));
  });
}

test('the default strategy (25%/25%) finishes between the surge-and-unavailable and the single-sided wave counts', () => {
  const n = 12;
  const f = resolveFenceposts('25%', '25%', n);
  const { r, sink, sim } = rollout(n, '25%', '25%');
  const pull = Math.round((IMAGE / BANDWIDTH) * SECOND);
  const fastest = pull + Math.ceil(n / (f.surge + f.unavailable)) * (STARTUP + waveLatency(f.surge));
  const slowest = pull + Math.ceil(n / Math.max(f.surge, f.unavailable)) * (STARTUP + waveLatency(f.surge));
  const d = Math.round(r.durationSeconds! * 1e6);
  assert.ok(d >= fastest && d <= slowest, `${d} not in [${fastest}, ${slowest}]`);
  assert.ok(r.minReady >= n - f.unavailable && r.maxTotal <= n + f.surge, JSON.stringify(r));
  void sink;
  void sim;
});

test('every timeline row during a rollout sees ready ≥ N − maxUnavailable and total ≤ N + maxSurge', () => {
  for (const [n, surge, unavailable] of [
    [10, '25%', '25%'],
    [7, 2, 1],
    [5, 0, 1],
  ] as [number, number | string, number | string][]) {
    const f = resolveFenceposts(surge, unavailable, n);
    const d = deployment('web', n, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } });
    const s = scenario({
      pools: [pool('p', 3)],
      apps: [app('web:v1', STARTUP), app('web:v2', STARTUP)],
      resources: [d],
      timeline: [at(1 * MINUTE, { type: 'setImage', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, image: 'web:v2' })],
    });
    let rows = 0;
    const sim = new Simulation(s, {
      timelineSinks: [
        {
          row: (row) => {
            if (row.time <= 1 * MINUTE) return;
            const dep = sim.store.get<Deployment>('Deployment', 'default/web')!;
            rows++;
            assert.ok(dep.status.readyReplicas >= n - f.unavailable, `row ${row.event} at ${row.time}: ready ${dep.status.readyReplicas}`);
            assert.ok(dep.status.replicas <= n + f.surge, `row ${row.event} at ${row.time}: total ${dep.status.replicas}`);
          },
        },
      ],
    });
    sim.run();
    assert.ok(rows > 10);
  }
});
