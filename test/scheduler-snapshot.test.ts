import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pod } from '../src/api/pod';
import { NodeInfo } from '../src/scheduler/node-info';
import { Snapshot } from '../src/scheduler/snapshot';
import { scheduleOne } from '../src/scheduler/schedule-one';
import { buildProfile, defaultProfile } from '../src/scheduler/profile';
import { CycleState } from '../src/scheduler/framework';
import { defaultSelector } from '../src/scheduler/default-selector';
import { InterPodAffinity } from '../src/scheduler/plugins/inter-pod-affinity';
import { ImageLocality } from '../src/scheduler/plugins/image-locality';
import { node, pod } from './scheduler-fixtures';

const zone = 'topology.kubernetes.io/zone';

function antiAffinityPod(app: string, name: string): Pod {
  return pod({}, {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: zone, labelSelector: { matchLabels: { app } } }] } },
  }, { app }, name);
}

test('Snapshot keeps havePodsWithAffinity / havePodsWithRequiredAntiAffinity current as pods come and go', () => {
  const a = new NodeInfo(node('a', { pods: 10 }, { [zone]: 'z1' }));
  const b = new NodeInfo(node('b', { pods: 10 }, { [zone]: 'z2' }));
  const s = Snapshot.of([a, b]);
  assert.equal(s.havePodsWithAffinity().length, 0);
  const p = antiAffinityPod('db', 'db-0');
  s.assume(p, 'b');
  assert.deepEqual(s.havePodsWithRequiredAntiAffinity().map((n) => n.name), ['b']);
  assert.deepEqual(s.havePodsWithAffinity().map((n) => n.name), ['b']);
  b.removePod(p);
  assert.equal(s.havePodsWithRequiredAntiAffinity().length, 0);
});

test("InterPodAffinity: an existing pod's required anti-affinity, found through the snapshot list, keeps a matching pod out of its zone", () => {
  const a = new NodeInfo(node('a', { cpu: '4', pods: 10 }, { [zone]: 'z1' }));
  const b = new NodeInfo(node('b', { cpu: '4', pods: 10 }, { [zone]: 'z2' }));
  const s = Snapshot.of([a, b]);
  s.assume(antiAffinityPod('db', 'db-0'), 'a');
  const r = scheduleOne(pod({ cpu: '1' }, {}, { app: 'db' }), s, defaultProfile(), { nextStartNodeIndex: 0 }, () => 0);
  assert.ok('nodeName' in r);
  assert.equal(r.nodeName, 'b');
  const other = scheduleOne(pod({ cpu: '1' }, {}, { app: 'web' }, 'w'), s, defaultProfile(), { nextStartNodeIndex: 0 }, () => 0);
  assert.ok('nodeName' in other);
});

test('InterPodAffinity namespaceSelector matches by the namespace labels it is given', () => {
  const labels: Record<string, Record<string, string>> = { prod: { env: 'prod' }, dev: { env: 'dev' } };
  const plugin = new InterPodAffinity({ namespaceLabels: (ns) => labels[ns] });
  const a = new NodeInfo(node('a', { pods: 10 }, { [zone]: 'z1' }));
  const b = new NodeInfo(node('b', { pods: 10 }, { [zone]: 'z2' }));
  const existing = pod({}, {}, { app: 'cache' }, 'cache-0');
  existing.metadata.namespace = 'prod';
  a.addPod(existing);
  const incoming = pod({}, {
    affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: zone, labelSelector: { matchLabels: { app: 'cache' } }, namespaceSelector: { matchLabels: { env: 'prod' } } }] } },
  });
  const s = Snapshot.of([a, b]);
  const state = new CycleState();
  plugin.preFilter(state, incoming, s.list(), s);
  assert.equal(plugin.filter(state, incoming, a), null);
  assert.notEqual(plugin.filter(state, incoming, b), null);
  labels.prod = { env: 'staging' };
  const state2 = new CycleState();
  plugin.preFilter(state2, incoming, s.list(), s);
  assert.notEqual(plugin.filter(state2, incoming, a), null);
});

test('ImageLocality reads node.status.images; the snapshot re-indexes when a node reports new images', () => {
  const n1 = node('a', { pods: 10 });
  const n2 = node('b', { pods: 10 });
  const a = new NodeInfo(n1);
  const b = new NodeInfo(n2);
  const s = Snapshot.of([a, b]);
  const p = pod({}, { containers: [{ name: 'c', image: 'big:1' }] });
  const plugin = new ImageLocality();
  assert.equal(plugin.preScore(new CycleState(), p, [a, b], s.list(), s)?.code, 'Skip');
  n2.status.images = [{ names: ['big:1'], sizeBytes: 500 * 1024 * 1024 }];
  b.setNode(n2);
  const state = new CycleState();
  assert.equal(plugin.preScore(state, p, [a, b], s.list(), s), null);
  assert.equal(plugin.score(state, p, a), 0);
  assert.ok(plugin.score(state, p, b) > 0);
});

test('DefaultSelector: Services selecting the pod and its controlling ReplicaSet form the default spread selector', () => {
  const objs: Record<string, any[]> = {
    Service: [
      { kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } },
      { kind: 'Service', metadata: { name: 'other', namespace: 'default' }, spec: { selector: { app: 'db' } } },
    ],
    ReplicaSet: [{ kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web', hash: '1' } } } }],
  };
  const store = {
    list: (kind: string) => (objs[kind] ?? [])[Symbol.iterator](),
    get: (kind: string, key: string) => (objs[kind] ?? []).find((o) => `${o.metadata.namespace}/${o.metadata.name}` === key),
  } as any;
  const p = pod({}, {}, { app: 'web', hash: '1' });
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true }];
  assert.deepEqual(defaultSelector(p, store), { matchLabels: { app: 'web', hash: '1' } });
  assert.equal(defaultSelector(pod({}, {}, { app: 'lonely' }), store), null);
});

test('with a default selector, system default spread (ScheduleAnyway by hostname and zone) outweighs LeastAllocated', () => {
  const place = (withSelector: boolean): string => {
    const nodes = ['a', 'b'].map((n, i) => new NodeInfo(node(n, { cpu: '8', memory: '8Gi', pods: 20 }, { [zone]: `z${i}` })));
    const s = Snapshot.of(nodes);
    for (let i = 0; i < 3; i++) s.assume(pod({ cpu: '100m', memory: '100Mi' }, {}, { app: 'web' }, `old-${i}`), 'a');
    s.assume(pod({ cpu: '2', memory: '2Gi' }, {}, { app: 'batch' }, 'batch-0'), 'b');
    const args = withSelector ? { PodTopologySpread: { defaultSelector: () => ({ matchLabels: { app: 'web' } }) } } : {};
    const r = scheduleOne(pod({ cpu: '100m', memory: '100Mi' }, {}, { app: 'web' }), s, buildProfile({ pluginArgs: args }), { nextStartNodeIndex: 0 }, () => 0);
    assert.ok('nodeName' in r);
    return r.nodeName;
  };
  assert.equal(place(false), 'a');
  assert.equal(place(true), 'b');
});

test('PodTopologySpread counts through the snapshot topology index equal the per-node walk (terminating pods excluded)', () => {
  const { PodTopologySpread } = require('../src/scheduler/plugins/pod-topology-spread');
  const nodes = Array.from({ length: 9 }, (_, i) => new NodeInfo(node(`n${i}`, { cpu: '8', pods: 50 }, i === 8 ? {} : { [zone]: `z${i % 3}` })));
  const s = Snapshot.of(nodes);
  const own = [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } }];
  s.topologyIndex(zone);
  for (let i = 0; i < 40; i++) {
    const p = pod({}, {}, { app: i % 3 === 0 ? 'web' : 'db', tier: `t${i % 2}` }, `p${i}`);
    s.assume(p, `n${(i * 7) % 9}`);
    if (i % 5 === 0) {
      p.metadata.deletionTimestamp = 1;
      s.podUncounted(p);
    }
  }
  const incoming = pod({}, { topologySpreadConstraints: own }, { app: 'web' });
  const plugin = new PodTopologySpread({ defaultSelector: () => ({ matchLabels: { app: 'web' } }) });
  const fast = new CycleState();
  const slow = new CycleState();
  plugin.preFilter(fast, incoming, s.list(), s);
  plugin.preFilter(slow, incoming, s.list());
  assert.deepEqual(fast.read('PreFilterPodTopologySpread'), slow.read('PreFilterPodTopologySpread'));
  const defaulted = pod({}, {}, { app: 'web' });
  const f2 = new CycleState();
  const s2 = new CycleState();
  plugin.preScore(f2, defaulted, nodes.slice(0, 5), s.list(), s);
  plugin.preScore(s2, defaulted, nodes.slice(0, 5), s.list());
  assert.deepEqual((f2.read('PreScorePodTopologySpread') as any).counts, (s2.read('PreScorePodTopologySpread') as any).counts);
  assert.ok([...(f2.read('PreScorePodTopologySpread') as any).counts[1].values()].some((v: number) => v > 0));
});

test('PodTopologySpread ScheduleAnyway constraints of the pod use the index when every node carries the key, with the same counts', () => {
  const { PodTopologySpread } = require('../src/scheduler/plugins/pod-topology-spread');
  const nodes = Array.from({ length: 6 }, (_, i) => new NodeInfo(node(`n${i}`, { cpu: '8', pods: 50 }, { [zone]: `z${i % 3}` })));
  const s = Snapshot.of(nodes);
  for (let i = 0; i < 20; i++) s.assume(pod({}, {}, { app: i % 2 === 0 ? 'web' : 'db' }, `q${i}`), `n${(i * 5) % 6}`);
  const own = [{ maxSkew: 2, topologyKey: zone, whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: { matchLabels: { app: 'web' } } }];
  const incoming = pod({}, { topologySpreadConstraints: own }, { app: 'web' });
  const plugin = new PodTopologySpread();
  const fast = new CycleState();
  const slow = new CycleState();
  plugin.preScore(fast, incoming, nodes.slice(0, 4), s.list(), s);
  plugin.preScore(slow, incoming, nodes.slice(0, 4), s.list());
  const counts = (fast.read('PreScorePodTopologySpread') as any).counts;
  assert.deepEqual(counts, (slow.read('PreScorePodTopologySpread') as any).counts);
  assert.equal([...counts[0].values()].reduce((a: number, b: number) => a + b, 0), 10);
});
