import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HOUR, MINUTE, SECOND } from '../src/engine/time';
import { RateCurve, aggregateArrivals, parseTimestamp, rateAt, readArrivalColumn } from '../src/load/rate-curve';
import { isOverloaded, usageFor } from '../src/load/usage-model';
import { AppModel } from '../src/scenario/scenario';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SeriesPoint } from '../src/metrics/series';
import { constant } from '../src/engine/distribution';
import { KubeObject } from '../src/api/meta';
import { app, deployment, pool, scenario as tinyScenario } from './helpers/tiny-scenario';
import { defaultClusterAutoscaler } from '../src/scenario/autoscaling-spec';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('rate curve: diurnal peak, trough and a burst on top (the rate-curve.ts example)', () => {
  const c: RateCurve = {
    terms: [
      { kind: 'diurnal', mean: 100, amplitude: 80, peakAt: 14 * HOUR, period: 24 * HOUR },
      { kind: 'burst', at: 15 * HOUR, duration: HOUR, rate: 200 },
    ],
  };
  close(rateAt(c, 14 * HOUR), 180);
  close(rateAt(c, 2 * HOUR), 20);
  close(rateAt(c, 15 * HOUR), 100 + 80 * Math.cos((2 * Math.PI) / 24) + 200);
  close(rateAt(c, 16 * HOUR), 100 + 80 * Math.cos((4 * Math.PI) / 24), 1e-9);
  assert.equal(rateAt({ terms: [{ kind: 'diurnal', mean: 10, amplitude: 50, peakAt: 0, period: HOUR }] }, HOUR / 2), 0, 'never negative');
});

test('rate curve: steps hold the last step reached; constant adds', () => {
  const c: RateCurve = {
    terms: [
      { kind: 'steps', steps: [{ at: MINUTE, rate: 10 }, { at: 5 * MINUTE, rate: 40 }] },
      { kind: 'constant', rate: 5 },
    ],
  };
  assert.deepEqual([0, MINUTE, 4 * MINUTE, 5 * MINUTE, HOUR].map((t) => rateAt(c, t)), [5, 15, 15, 45, 45]);
});

test('trace replay: arrivals aggregated per interval, rate = count / interval seconds × scale', () => {
  const rates = aggregateArrivals([0, 10, 59.9, 60, 130], MINUTE, 2);
  assert.deepEqual([...rates].map((r) => Math.round(r * 6000) / 6000), [(3 / 60) * 2, (1 / 60) * 2, (1 / 60) * 2]);
  assert.equal(rateAt({ terms: [{ kind: 'table', start: 0, interval: MINUTE, rates }] }, 90 * SECOND), rates[1]);
  assert.equal(rateAt({ terms: [{ kind: 'table', start: 0, interval: MINUTE, rates }] }, 10 * MINUTE), 0);
});

test('trace timestamps: seconds or "YYYY-MM-DD HH:MM:SS.fffffff" (UTC)', () => {
  assert.equal(parseTimestamp('12.5'), 12.5);
  close(parseTimestamp('2023-11-16 18:15:46.6805900')! - parseTimestamp('2023-11-16 18:15:40')!, 6.68059, 1e-6);
  assert.equal(parseTimestamp('soon'), undefined);
});

test('the Azure LLM 2023 trace reads as about an hour of arrivals', () => {
  const text = readFileSync('/work/shared/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv', 'utf8');
  const r = readArrivalColumn(text, 'TIMESTAMP', 1);
  assert.ok('offsets' in r);
  assert.equal(r.offsets.length, 19366);
  const last = Math.max(...r.offsets);
  assert.ok(last > 55 * 60 && last < 60 * 60, `span ${last}s`);
  const rates = aggregateArrivals(r.offsets, MINUTE, 1);
  const total = [...rates].reduce((a, b) => a + b * 60, 0);
  close(total, 19366, 1e-6);
  const bad = readArrivalColumn(text, 'WHEN', 1);
  assert.ok('missingColumn' in bad && bad.missingColumn.includes('TIMESTAMP'));
});

test('usage model: base + per-request cost, noise factor, overload rules', () => {
  const m: AppModel = { image: 'x', imageSize: 0, startup: constant(0), baseCpu: 50, cpuPerRequest: 4, baseMemory: 100, memoryPerRequest: 10 };
  const u = usageFor(m, 25, 1, { cpu: 0, memory: 0 });
  assert.deepEqual(u, { cpu: 150, memory: 350 });
  assert.deepEqual(usageFor(m, 25, 1.1, { cpu: 0, memory: 0 }).cpu, 150 * 1.1);
  assert.deepEqual(usageFor(m, 25, -0.5, { cpu: 0, memory: 0 }), { cpu: 0, memory: 0 });
  const limits = { cpu: 100, memory: 1000 };
  assert.equal(isOverloaded({ ...m, overload: 'failReadiness' }, u, limits), true, 'cpu above limit fails readiness');
  assert.equal(isOverloaded({ ...m, overload: 'oomKill' }, u, limits), false, 'cpu above limit is throttled, not OOM-killed');
  assert.equal(isOverloaded({ ...m, overload: 'oomKill' }, { cpu: 0, memory: 1001 }, limits), true);
  assert.equal(isOverloaded(m, { cpu: 1e9, memory: 1e12 }, limits), false, 'no overload behaviour: nothing happens');
});

/** A web Deployment with requests/limits behind a Service, an HPA on 50% cpu, and a load entry. */
function webScenario(rate: RateCurve, appOver: Partial<AppModel>, hpa = true, replicas = 2) {
  const d = deployment('web', replicas, 'shop/web:v1');
  d.spec.template.spec.containers[0].resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } };
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } } as KubeObject;
  const objects: KubeObject[] = [d, svc];
  if (hpa) {
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 20,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: {},
    } as KubeObject);
  }
  const s = tinyScenario({ pools: [pool('general', 10, { capacity: { cpu: '8', memory: '32Gi', pods: '110' } })], resources: objects, duration: 20 * MINUTE });
  s.applications.set('shop/web:v1', app('shop/web:v1', SECOND, { baseCpu: 0, cpuPerRequest: 10, ...appOver }));
  s.load = [{ namespace: 'default', service: 'web', rate, spread: 'even', noise: 0, where: 'test' }];
  return s;
}

test('story: a constant 400 rps at 10m cpu per request drives the HPA to 8 pods at 50% of 1 cpu', () => {
  const sink = new MemorySink();
  const points: SeriesPoint[] = [];
  const sim = new Simulation(webScenario({ terms: [{ kind: 'constant', rate: 400 }] }, {}), { timelineSinks: [sink], seriesSinks: [{ point: (p) => points.push(p) }] });
  sim.run();
  const rescales = sink.rows.filter((r) => r.event === 'SuccessfulRescale');
  assert.ok(rescales.length >= 1);
  // 2 pods × 200 rps = 2000m each = 200% of request → ratio 4 → ceil(4·2) = 8, limited by the default max(+4 pods, +100%) per 15 s to 6 first.
  assert.equal(rescales[0].reason, 'New size: 6; reason: cpu resource utilization (percentage of request) above target');
  const last = points.filter((p) => p.metric === 'hpa_desired_replicas').pop()!;
  assert.equal(last.value, 8);
  const rate = points.filter((p) => p.metric === 'load_request_rate').pop()!;
  assert.equal(rate.value, 400);
  assert.equal(sim.facts().autoscaling?.hpaRescales, rescales.length);
});

test('story: oomKill replaces a pod whose memory use exceeds its limit; failReadiness marks it NotReady', () => {
  const oom = webScenario({ terms: [{ kind: 'constant', rate: 100 }] }, { memoryPerRequest: 64 * 1024 * 1024, overload: 'oomKill' }, false, 2);
  const sink = new MemorySink();
  const sim = new Simulation(oom, { timelineSinks: [sink] });
  sim.runUntil(2 * MINUTE);
  assert.ok(sink.rows.some((r) => r.event === 'OOMKilled'), 'a pod at 50 rps × 64Mi = 3.2Gi > 2Gi is OOM-killed');
  assert.ok(sim.facts().autoscaling!.oomKills >= 1);

  const slow = webScenario({ terms: [{ kind: 'constant', rate: 500 }] }, { overload: 'failReadiness' }, false, 2);
  const sink2 = new MemorySink();
  new Simulation(slow, { timelineSinks: [sink2] }).runUntil(2 * MINUTE);
  assert.ok(sink2.rows.some((r) => r.event === 'NotReady' && r.reason === 'Overloaded'), '250 rps × 10m = 2.5 cpu > 2 cpu limit');
});

test('story: metrics-server delay makes the HPA react later (stale data)', () => {
  const firstRescale = (delay: number) => {
    const s = webScenario({ terms: [{ kind: 'steps', steps: [{ at: 0, rate: 50 }, { at: 5 * MINUTE, rate: 400 }] }] }, {});
    s.autoscaling = { metricsServer: { resolution: 15 * SECOND, delay }, clusterAutoscaler: defaultClusterAutoscaler() };
    const sink = new MemorySink();
    new Simulation(s, { timelineSinks: [sink] }).runUntil(10 * MINUTE);
    return sink.rows.find((r) => r.event === 'SuccessfulRescale' && r.time > 5 * MINUTE && r.reason.includes('above target'))!.time;
  };
  const fresh = firstRescale(0);
  const stale = firstRescale(30 * SECOND);
  assert.ok(fresh <= 5 * MINUTE + 31 * SECOND, `fresh ${fresh / SECOND}`);
  assert.ok(stale >= fresh + 15 * SECOND, `stale ${stale / SECOND} vs fresh ${fresh / SECOND}`);
});

test('story: an HPA scales a StatefulSet through spec.replicas', () => {
  const s = webScenario({ terms: [{ kind: 'constant', rate: 300 }] }, {});
  const d = s.resources[0].object as unknown as { kind: string; apiVersion: string; spec: Record<string, unknown> };
  d.kind = 'StatefulSet';
  d.spec = { replicas: 2, selector: d.spec.selector, template: d.spec.template, serviceName: 'web', podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate' } };
  (s.resources[2].object as unknown as { spec: { scaleTargetRef: { kind: string } } }).spec.scaleTargetRef.kind = 'StatefulSet';
  const sink = new MemorySink();
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.runUntil(5 * MINUTE);
  const sts = sim.store.get<KubeObject & { spec: { replicas: number } }>('StatefulSet', 'default/web')!;
  // 300 rps × 10m = 3 cpu over 1-cpu requests at a 50% target → 6 replicas.
  assert.equal(sts.spec.replicas, 6);
  assert.ok(sink.rows.some((r) => r.kind === 'HorizontalPodAutoscaler' && r.event === 'SuccessfulRescale'));
});
