import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { Service } from '../src/api/service';
import { constant } from '../src/engine/distribution';
import { SeriesPoint } from '../src/metrics/series';
import { endpointConditions } from '../src/controllers/endpoints/endpoint-conditions';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const svc = (publish = false): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], publishNotReadyAddresses: publish } });

test('endpoint conditions as endpointslice podToEndpoint', () => {
  const pod = (ready: boolean, deleting: boolean) => ({ metadata: { name: 'x', deletionTimestamp: deleting ? 1 : undefined }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }) as unknown as Pod;
  assert.deepEqual(endpointConditions(pod(true, false), false), { ready: true, serving: true, terminating: false });
  assert.deepEqual(endpointConditions(pod(true, true), false), { ready: false, serving: true, terminating: true });
  assert.deepEqual(endpointConditions(pod(false, false), true), { ready: true, serving: false, terminating: false });
});

test('service_endpoints_ready follows a rollout and never drops below replicas − maxUnavailable', () => {
  const points: SeriesPoint[] = [];
  const s = scenario({
    pools: [pool('p', 3)],
    apps: [app('web:v1', 5 * SECOND, { shutdown: constant(3 * SECOND) }), app('web:v2', 5 * SECOND)],
    resources: [deployment('web', 4, 'web:v1'), svc()],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, image: 'web:v2' })],
    duration: 3 * MINUTE,
  });
  s.sampleInterval = 1 * SECOND;
  const sim = new Simulation(s, { seriesSinks: [{ point: (p) => points.push(p) }] });
  sim.run();
  const ready = points.filter((p) => p.metric === 'service_endpoints_ready' && p.time > 1 * MINUTE);
  assert.ok(ready.length > 100);
  assert.ok(ready.every((p) => p.value >= 3), JSON.stringify(ready.filter((p) => p.value < 3)[0]));
  assert.equal(ready[ready.length - 1].value, 4);
  assert.ok(points.some((p) => p.metric === 'service_endpoints_terminating' && p.value > 0));
});
