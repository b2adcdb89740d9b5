import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../src/scheduler/framework';
import { NodeInfo } from '../src/scheduler/node-info';
import { PodTopologySpread } from '../src/scheduler/plugins/pod-topology-spread';
import { InterPodAffinity } from '../src/scheduler/plugins/inter-pod-affinity';
import { node, pod } from './scheduler-fixtures';

const zone = 'topology.kubernetes.io/zone';

function cluster(): NodeInfo[] {
  const a1 = new NodeInfo(node('a1', {}, { [zone]: 'a' }));
  const a2 = new NodeInfo(node('a2', {}, { [zone]: 'a' }));
  const b1 = new NodeInfo(node('b1', {}, { [zone]: 'b' }));
  a1.addPod(pod({}, {}, { app: 'web' }));
  a2.addPod(pod({}, {}, { app: 'web' }));
  return [a1, a2, b1];
}

test('PodTopologySpread Filter: matching + self - global minimum must not exceed maxSkew', () => {
  const nodes = cluster();
  const p = pod({}, {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  }, { app: 'web' });
  const plugin = new PodTopologySpread();
  const s = new CycleState();
  plugin.preFilter(s, p, nodes);
  assert.equal(plugin.filter(s, p, nodes[0])?.message(), "node(s) didn't match pod topology spread constraints");
  assert.equal(plugin.filter(s, p, nodes[2]), null);
  const unlabeled = new NodeInfo(node('x', {}));
  assert.equal(plugin.filter(s, p, unlabeled)?.code, 'UnschedulableAndUnresolvable');
});

test('PodTopologySpread minDomains: fewer domains than minDomains makes the global minimum 0', () => {
  const nodes = cluster();
  nodes[2].addPod(pod({}, {}, { app: 'web' }));
  const c = { maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } };
  const plugin = new PodTopologySpread();
  const s1 = new CycleState();
  const p1 = pod({}, { topologySpreadConstraints: [c] }, { app: 'web' });
  plugin.preFilter(s1, p1, nodes);
  assert.equal(plugin.filter(s1, p1, nodes[2]), null);
  const s2 = new CycleState();
  const p2 = pod({}, { topologySpreadConstraints: [{ ...c, minDomains: 3 }] }, { app: 'web' });
  plugin.preFilter(s2, p2, nodes);
  assert.notEqual(plugin.filter(s2, p2, nodes[2]), null);
});

test('PodTopologySpread Score prefers the domain with fewer matching pods', () => {
  const nodes = cluster();
  const p = pod({}, {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
  }, { app: 'web' });
  const plugin = new PodTopologySpread();
  const s = new CycleState();
  assert.equal(plugin.preScore(s, p, nodes, nodes), null);
  const scores = nodes.map((n) => plugin.score(s, p, n));
  plugin.normalizeScore(s, p, nodes, scores);
  assert.ok(scores[2] > scores[0]);
  assert.equal(scores[2], 100);
});

test('InterPodAffinity: required anti-affinity of the pod and of existing pods reject nodes in the domain', () => {
  const nodes = cluster();
  const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: zone, labelSelector: { matchLabels: { app: 'web' } } }] } };
  const plugin = new InterPodAffinity();
  const p = pod({}, { affinity: anti }, { app: 'web' });
  const s = new CycleState();
  plugin.preFilter(s, p, nodes);
  assert.equal(plugin.filter(s, p, nodes[0])?.message(), "node(s) didn't match pod anti-affinity rules");
  assert.equal(plugin.filter(s, p, nodes[2]), null);

  nodes[2].addPod(pod({}, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: zone, labelSelector: { matchLabels: { role: 'db' } } }] } } }));
  const db = pod({}, {}, { role: 'db' });
  const s2 = new CycleState();
  plugin.preFilter(s2, db, nodes);
  assert.equal(plugin.filter(s2, db, nodes[2])?.message(), "node(s) didn't satisfy existing pods anti-affinity rules");
  assert.equal(plugin.filter(s2, db, nodes[0]), null);
});

test('InterPodAffinity: required affinity needs a matching pod in the domain, unless the pod is the first of its kind', () => {
  const nodes = cluster();
  const aff = (app: string) => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: zone, labelSelector: { matchLabels: { app } } }] } });
  const plugin = new InterPodAffinity();
  const p = pod({}, { affinity: aff('web') });
  const s = new CycleState();
  plugin.preFilter(s, p, nodes);
  assert.equal(plugin.filter(s, p, nodes[1]), null);
  assert.equal(plugin.filter(s, p, nodes[2])?.message(), "node(s) didn't match pod affinity rules");
  const first = pod({}, { affinity: aff('cache') }, { app: 'cache' });
  const s2 = new CycleState();
  plugin.preFilter(s2, first, nodes);
  assert.equal(plugin.filter(s2, first, nodes[2]), null);
});

test('InterPodAffinity Score: preferred affinity pulls towards the domain of matching pods', () => {
  const nodes = cluster();
  const p = pod({}, { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { topologyKey: zone, labelSelector: { matchLabels: { app: 'web' } } } }] } } });
  const plugin = new InterPodAffinity();
  const s = new CycleState();
  plugin.preScore(s, p, nodes, nodes);
  const scores = nodes.map((n) => plugin.score(s, p, n));
  assert.deepEqual(scores, [10, 10, 0]);
  plugin.normalizeScore(s, p, nodes, scores);
  assert.deepEqual(scores, [100, 100, 0]);
});
