import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE, MILLISECOND, Time } from '../src/engine/time';
import { resolveFenceposts } from '../src/controllers/deployment/rollout-math';
import { DEFAULT_CYCLE_COST, cycleDuration } from '../src/scheduler/cycle-cost';
import { Deployment } from '../src/api/workloads';
import { Pod, isPodActive, isPodReady } from '../src/api/pod';
import { DEPLOYMENT_MAX_SURGE, DEPLOYMENT_MAX_UNAVAILABLE } from '../src/api/defaults';
import { Scaling, WaveLatencies, rolloutWaves } from './helpers/rollout-waves';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const STARTUP = 5 * SECOND;
const IMAGE = 100 * 1024 * 1024;
const BANDWIDTH = 50 * 1024 * 1024;
/**
 * controllerSync is 20 ms so that a wave of up to 84 pods, Ready one scheduling cycle apart, is
 * counted by one ReplicaSet sync (the wave model's regime: (k − 1)·cycle < watch + sync).
 */
const LAT = { watch: 1 * MILLISECOND, controllerSync: 20 * MILLISECOND, binding: 5 * MILLISECOND };
const PULL = Math.round((IMAGE / BANDWIDTH) * SECOND);
const WAVE_LATENCIES: WaveLatencies = {
  watch: LAT.watch,
  sync: LAT.controllerSync,
  cycle: cycleDuration(DEFAULT_CYCLE_COST, 1),
  binding: LAT.binding,
  startup: STARTUP,
  pull: PULL,
};

type Row = [number, number | string, number | string];

function strategyOf(surge: number | string, unavailable: number | string): Deployment['spec']['strategy'] {
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } };
}

function rollout(n: number, surge: number | string, unavailable: number | string) {
  const d = deployment('web', n, 'web:v1', { strategy: strategyOf(surge, unavailable) });
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
  return { r, sink };
}

const SCALED = /^Scaled (up|down) replica set (\S+) from \d+ to (\d+)$/;

/**
 * The Deployment's ScalingReplicaSet rows of revision 2, timed from the rollout's start; the new
 * RS is the one scaled up.
 */
function scalingRows(sink: MemorySink, startedAtSeconds: number): Scaling[] {
  const start = Math.round(startedAtSeconds * 1e6);
  const rows: RegExpExecArray[] = [];
  const times: Time[] = [];
  for (const row of sink.rows) {
    if (row.kind !== 'Deployment' || row.event !== 'ScalingReplicaSet' || row.time < start) continue;
    rows.push(SCALED.exec(row.reason)!);
    times.push(row.time - start);
  }
  const newName = rows.find((m) => m[1] === 'up')?.[2];
  return rows.map((m, i) => ({ at: times[i], rs: m[2] === newName ? 'new' : 'old', replicas: Number(m[3]) }));
}

/**
 * The closed form for single-sided waves (maxSurge or maxUnavailable 0), each replacing `step`
 * pods: one Deployment sync scales the old RS down, the next (watch + sync) scales the new one up;
 * ReplicaSet (watch + sync), scheduler (watch, cycle, binding), kubelet (watch), start-up, Ready →
 * ReplicaSet (watch + sync) → Deployment (watch + sync): 6 watches, 4 syncs, 1 cycle, 1 binding per
 * wave, the image pulled once. With maxUnavailable 0 the first wave is one watch + sync shorter
 * (the new RS is created scaled up) and the rollout ends with one more scale-down (watch + sync),
 * so ceil(N / step) full waves still add up exactly.
 */
function singleSidedWaveLatency(): Time {
  const l = WAVE_LATENCIES;
  return 6 * l.watch + 4 * l.sync + l.cycle + l.binding;
}

const SINGLE_SIDED: Row[] = [
  [4, 1, 0],
  [8, 2, 0],
  [10, '50%', 0],
  [10, '100%', '0%'],
  [6, 0, 1],
  [10, 0, '25%'],
  [9, '0%', '34%'],
];

/** Both maxSurge and maxUnavailable non-zero: uneven waves, the first one surging and removing. */
const BOTH_SIDED: Row[] = [
  [12, DEPLOYMENT_MAX_SURGE, DEPLOYMENT_MAX_UNAVAILABLE],
  [10, '25%', '25%'],
  [7, 2, 1],
  [10, 3, 2],
  [20, '10%', '20%'],
  [5, 1, 1],
  [100, '25%', '25%'],
];

for (const [n, surge, unavailable] of [...SINGLE_SIDED, ...BOTH_SIDED]) {
  test(`rollout of ${n} replicas (maxSurge ${surge}, maxUnavailable ${unavailable}) takes pull + Σ waves (start-up + wave latency) + tail`, () => {
    const f = resolveFenceposts(surge, unavailable, n);
    const model = rolloutWaves(deployment('web', n, 'web:v1', { strategy: strategyOf(surge, unavailable) }), WAVE_LATENCIES);
    const waveSum = model.waves.reduce((t, w) => t + w.latency, 0);
    assert.equal(model.duration, PULL + waveSum + model.tailSyncs * (LAT.watch + LAT.controllerSync));
    if (f.surge === 0 || f.unavailable === 0) {
      const step = f.surge > 0 ? f.surge : f.unavailable;
      const waves = Math.ceil(n / step);
      assert.equal(model.waves.length, waves);
      assert.equal(model.duration, PULL + waves * (STARTUP + singleSidedWaveLatency()), `${waves} waves of ${step}`);
    }
    const { r, sink } = rollout(n, surge, unavailable);
    assert.notEqual(r.completedAt, null);
    const shape = model.waves.map((w) => `${w.k} after ${w.syncsBefore} sync(s)`).join(', ') + `, tail ${model.tailSyncs}`;
    assert.equal(Math.round(r.durationSeconds! * 1e6), model.duration, shape);
    assert.deepEqual(scalingRows(sink, r.startedAt), model.scalings, shape);
    // One RolloutProgressed row per wave seen whole, but for the wave whose sync completes the rollout.
    const start = Math.round(r.startedAt * 1e6);
    const progressed = sink.rows.filter((row) => row.time >= start && row.kind === 'Deployment' && row.event === 'RolloutProgressed').length;
    assert.equal(progressed, model.waves.length - (model.tailSyncs === 0 ? 1 : 0), `RolloutProgressed rows vs waves (${shape})`);
    assert.ok(r.maxTotal <= n + f.surge && r.minReady >= n - f.unavailable, JSON.stringify(r));
  });
}

test('the both-sided waves are uneven: the first surges and removes, the default 12 replicas take 2 waves and a scale-down', () => {
  const m = rolloutWaves(deployment('web', 12, 'web:v1', { strategy: strategyOf(DEPLOYMENT_MAX_SURGE, DEPLOYMENT_MAX_UNAVAILABLE) }), WAVE_LATENCIES);
  assert.deepEqual(
    m.waves.map((w) => [w.k, w.syncsBefore]),
    [
      [6, 0],
      [6, 1],
    ],
  );
  assert.equal(m.tailSyncs, 1);
  const m7 = rolloutWaves(deployment('web', 7, 'web:v1', { strategy: strategyOf(2, 1) }), WAVE_LATENCIES);
  assert.deepEqual(
    m7.waves.map((w) => w.k),
    [3, 3, 1],
  );
  assert.equal(m7.tailSyncs, 0);
});

test('every timeline row during a rollout sees ready ≥ N − maxUnavailable and total ≤ N + maxSurge, in status and in pods', () => {
  for (const [n, surge, unavailable] of [...SINGLE_SIDED, ...BOTH_SIDED]) {
    const f = resolveFenceposts(surge, unavailable, n);
    const d = deployment('web', n, 'web:v1', { strategy: strategyOf(surge, unavailable) });
    const s = scenario({
      pools: [pool('p', 3, { capacity: { cpu: '16', memory: '64Gi', pods: '110' } })],
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
            let ready = 0;
            let active = 0;
            for (const p of sim.store.list<Pod>('Pod')) {
              if (!isPodActive(p)) continue;
              active++;
              if (isPodReady(p)) ready++;
            }
            rows++;
            const where = `${n} ${surge} ${unavailable}: row ${row.event} at ${row.time}`;
            assert.ok(dep.status.readyReplicas >= n - f.unavailable, `${where}: status ready ${dep.status.readyReplicas}`);
            assert.ok(dep.status.replicas <= n + f.surge, `${where}: status total ${dep.status.replicas}`);
            assert.ok(ready >= n - f.unavailable, `${where}: ${ready} pods ready`);
            assert.ok(active <= n + f.surge, `${where}: ${active} pods`);
          },
        },
      ],
    });
    const facts = sim.run();
    assert.notEqual(facts.rollouts.find((x) => x.kind === 'Deployment' && x.revision === 2)?.completedAt, null);
    assert.ok(rows > 10);
  }
});
