import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { StatefulSet, PersistentVolumeClaim, CONTROLLER_REVISION_HASH_LABEL } from '../src/api/statefulset';
import { rollingUpdateVictims, statefulSetMaxUnavailable, ordinalOf } from '../src/controllers/statefulset/statefulset-math';
import { scenario, pool, app, at } from './helpers/tiny-scenario';
import { template } from './helpers/workloads';

function sts(replicas: number, over: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: template('db', 'db:v1'), podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...over },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 },
  };
}

test('rollingUpdateVictims: highest outdated ordinal ≥ partition, within maxUnavailable (updateStatefulSet)', () => {
  const ok = { exists: true, terminating: false, healthy: true, updated: false };
  assert.deepEqual(rollingUpdateVictims([ok, ok, ok, ok, ok], 2, 1), [4]);
  assert.deepEqual(rollingUpdateVictims([ok, ok, ok, ok, ok], 2, 2), [4, 3]);
  assert.deepEqual(rollingUpdateVictims([ok, ok, ok, ok, { ...ok, updated: true, healthy: false }], 0, 1), []);
  assert.deepEqual(rollingUpdateVictims([ok, ok, ok, ok, { ...ok, updated: true, healthy: false }], 0, 2), [3]);
  assert.deepEqual(rollingUpdateVictims([ok, ok, ok], 3, 1), []);
  assert.equal(statefulSetMaxUnavailable(sts(5, { updateStrategy: { rollingUpdate: { maxUnavailable: '50%' } } }), 5), 2);
  assert.equal(statefulSetMaxUnavailable(sts(5, { updateStrategy: { rollingUpdate: { maxUnavailable: '10%' } } }), 5), 1);
  assert.equal(ordinalOf('db-12', 'db'), 12);
  assert.equal(ordinalOf('db-x', 'db'), -1);
});

test('OrderedReady creates db-0, db-1, db-2 one after another, each once the previous is ready', () => {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 3)], apps: [app('db:v1', 10 * SECOND)], resources: [sts(3)], duration: 2 * MINUTE });
  new Simulation(s, { timelineSinks: [sink] }).run();
  const created = sink.rows.filter((r) => r.kind === 'StatefulSet' && r.event === 'SuccessfulCreate').map((r) => [r.reason, r.time]);
  assert.deepEqual(created.map((c) => c[0]), ['create Pod db-0', 'create Pod db-1', 'create Pod db-2']);
  const ready = sink.rows.filter((r) => r.kind === 'Pod' && r.event === 'Ready');
  assert.ok((created[1][1] as number) > ready.find((r) => r.name === 'db-0')!.time);
  assert.ok((created[2][1] as number) > ready.find((r) => r.name === 'db-1')!.time);
});

test('Parallel creates every pod at once', () => {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 3)], apps: [app('db:v1', 10 * SECOND)], resources: [sts(3, { podManagementPolicy: 'Parallel' })], duration: 1 * MINUTE });
  new Simulation(s, { timelineSinks: [sink] }).run();
  const times = new Set(sink.rows.filter((r) => r.kind === 'StatefulSet' && r.event === 'SuccessfulCreate').map((r) => r.time));
  assert.equal(times.size, 1);
});

test('a partitioned rolling update replaces only ordinals ≥ partition, from the highest down, and keeps claims', () => {
  const set = sts(4, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }, volumeClaimTemplates: [{ metadata: { name: 'data' } }] });
  const sink = new MemorySink();
  const s = scenario({
    pools: [pool('p', 4)],
    apps: [app('db:v1', 5 * SECOND), app('db:v2', 5 * SECOND)],
    resources: [set],
    timeline: [at(2 * MINUTE, { type: 'setImage', target: { kind: 'StatefulSet', name: 'db', namespace: 'default' }, image: 'db:v2' })],
    duration: 5 * MINUTE,
  });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  const facts = sim.run();
  const images = new Map([...sim.store.list<Pod>('Pod')].map((p) => [p.metadata.name, p.spec.containers[0].image]));
  assert.deepEqual([...images.entries()].sort(), [['db-0', 'db:v1'], ['db-1', 'db:v1'], ['db-2', 'db:v2'], ['db-3', 'db:v2']]);
  const deletes = sink.rows.filter((r) => r.kind === 'StatefulSet' && r.event === 'SuccessfulDelete').map((r) => r.reason.split(' ')[2]);
  assert.deepEqual(deletes, ['db-3', 'db-2']);
  assert.equal(sim.store.count('PersistentVolumeClaim'), 4);
  const pod3 = sim.store.get<Pod>('Pod', 'default/db-3')!;
  assert.deepEqual(pod3.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-3' } }]);
  const r = facts.rollouts.find((x) => x.kind === 'StatefulSet' && x.revision === 2)!;
  assert.notEqual(r.completedAt, null);
  assert.ok(r.minReady >= 3, 'one pod at a time');
  const set2 = sim.store.get<StatefulSet>('StatefulSet', 'default/db')!;
  assert.equal(set2.status.updatedReplicas, 2);
  assert.notEqual(pod3.metadata.labels![CONTROLLER_REVISION_HASH_LABEL], sim.store.get<Pod>('Pod', 'default/db-0')!.metadata.labels![CONTROLLER_REVISION_HASH_LABEL]);
});

test('with zonal storage a recreated pod is pinned to its claim\'s zone', () => {
  const set = sts(2, { volumeClaimTemplates: [{ metadata: { name: 'data' } }] });
  const s = scenario({
    pools: [pool('p', 6, { zones: ['a', 'b', 'c'] })],
    apps: [app('db:v1', 5 * SECOND)],
    resources: [set],
    timeline: [at(1 * MINUTE, { type: 'delete', target: { kind: 'Pod', name: 'db-1', namespace: 'default' } })],
    duration: 3 * MINUTE,
  });
  s.storage = { zonal: true };
  const sim = new Simulation(s);
  sim.run();
  const pvc = sim.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default/data-db-1')!;
  assert.equal(pvc.status.phase, 'Bound');
  const pod = sim.store.get<Pod>('Pod', 'default/db-1')!;
  const term = pod.spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0];
  assert.deepEqual(term.matchExpressions, [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [pvc.status.zone] }]);
  const node = sim.store.get<{ kind: string; metadata: { labels: Record<string, string> } } & import('../src/api/meta').KubeObject>('Node', pod.spec.nodeName!)!;
  assert.equal(node.metadata.labels!['topology.kubernetes.io/zone'], pvc.status.zone);
});
