import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { constant } from '../src/engine/distribution';
import { pullPolicyOf } from '../src/kubelet/image-puller';
import { TimelineAction } from '../src/scenario/scenario';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

function rowsOf(sim: Simulation): TimelineRow[] {
  const sink = new MemorySink();
  sim.recorder.addSink(sink);
  return sink.rows;
}

test('default imagePullPolicy as upstream: Always for :latest or untagged, IfNotPresent otherwise', () => {
  assert.equal(pullPolicyOf('nginx', undefined), 'Always');
  assert.equal(pullPolicyOf('nginx:latest', undefined), 'Always');
  assert.equal(pullPolicyOf('reg:5000/nginx', undefined), 'Always');
  assert.equal(pullPolicyOf('nginx:1.25', undefined), 'IfNotPresent');
  assert.equal(pullPolicyOf('nginx:1.25', 'Never'), 'Never');
});

function pullScenario(serialize: boolean) {
  const a = deployment('a', 1, 'a:v1');
  const b = deployment('b', 1, 'b:v1');
  const s = scenario({ pools: [pool('p', 1)], apps: [app('a:v1', SECOND), app('b:v1', SECOND)], resources: [a, b], duration: 2 * MINUTE });
  s.kubelet = { probeMode: 'skip-ahead', serializeImagePulls: serialize };
  return s;
}

test('serialized pulls wait for each other (2 × 1 s at 100Mi/s); parallel pulls do not; a cached image is not pulled again', () => {
  for (const serialize of [true, false]) {
    const sim = new Simulation(pullScenario(serialize));
    const rows = rowsOf(sim);
    sim.run();
    const pulled = rows.filter((r) => r.event === 'Pulled').map((r) => r.time);
    const pulling = rows.filter((r) => r.event === 'Pulling').map((r) => r.time);
    assert.equal(pulled.length, 2);
    const spread = pulled[1] - pulled[0];
    if (serialize) assert.equal(pulled[1] - pulling[0], 2 * SECOND + (pulling[1] - pulling[0]) - (pulling[1] - pulling[0]));
    else assert.ok(spread < SECOND, `parallel pulls finish together, got ${spread}`);
  }
});

test('pod conditions and phases in order; a deletion drops readiness at once and removes the pod after min(shutdown, grace)', () => {
  const d = deployment('web', 1, 'web:v1');
  d.spec.template.spec.terminationGracePeriodSeconds = 5;
  const s = scenario({
    pools: [pool('p', 1)],
    apps: [app('web:v1', 3 * SECOND, { shutdown: constant(20 * SECOND) })],
    resources: [d],
    timeline: [at(1 * MINUTE, { type: 'scale', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, replicas: 0 } as Omit<TimelineAction, 'at' | 'where'>)],
    duration: 3 * MINUTE,
  });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  let pod: Pod | undefined;
  sim.runUntil(30 * SECOND);
  pod = [...sim.store.list<Pod>('Pod')][0];
  const types = pod.status.conditions!.map((c) => `${c.type}=${c.status}`);
  assert.deepEqual(types.sort(), ['ContainersReady=True', 'Initialized=True', 'PodScheduled=True', 'Ready=True']);
  sim.run();
  const p = rows.filter((r) => r.kind === 'Pod');
  const started = p.find((r) => r.event === 'Started')!.time;
  assert.equal(p.find((r) => r.event === 'Ready')!.time - started, 3 * SECOND);
  const killing = p.find((r) => r.event === 'Killing')!.time;
  assert.equal(p.find((r) => r.event === 'NotReady')!.time, killing);
  assert.equal(p.find((r) => r.event === 'Deleted')!.time - killing, 5 * SECOND);
});

test('init containers run in order before the app containers; imagePullPolicy Never without the image blocks the pod', () => {
  const d = deployment('web', 1, 'web:v1');
  d.spec.template.spec.initContainers = [
    { name: 'i1', image: 'init:v1' },
    { name: 'i2', image: 'init:v2' },
  ];
  const never = deployment('nv', 1, 'nv:v1');
  never.spec.template.spec.containers = [{ ...never.spec.template.spec.containers[0], imagePullPolicy: 'Never' }];
  const s = scenario({
    pools: [pool('p', 1)],
    apps: [app('web:v1', SECOND), app('init:v1', SECOND, { runTime: constant(4 * SECOND) }), app('init:v2', SECOND, { runTime: constant(6 * SECOND) })],
    resources: [d, never],
    duration: 2 * MINUTE,
  });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  sim.run();
  const web = rows.filter((r) => r.kind === 'Pod' && r.name.startsWith('web-'));
  assert.deepEqual(web.filter((r) => r.event === 'Pulling').map((r) => r.reason), ['init:v1', 'init:v2', 'web:v1']);
  const pulled = web.filter((r) => r.event === 'Pulled').map((r) => r.time);
  // init:v1 pulled (1 s) → runs 4 s → init:v2 pulled (1 s) → runs 6 s → web pulled (1 s) → started.
  assert.equal(pulled[1] - pulled[0], 4 * SECOND + SECOND);
  assert.equal(pulled[2] - pulled[1], 6 * SECOND + SECOND);
  assert.equal(web.find((r) => r.event === 'Started')!.time, pulled[2]);
  const nv = [...sim.store.list<Pod>('Pod')].find((x) => x.metadata.name.startsWith('nv-'))!;
  assert.equal(nv.status.phase, 'Pending');
  assert.equal(nv.status.containerStatuses![0].state.waiting!.reason, 'ErrImageNeverPull');
});
