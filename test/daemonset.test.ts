import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { DaemonSet } from '../src/api/daemonset';
import { Node } from '../src/api/node';
import { daemonSetFenceposts, nodeShouldRunDaemonPod, rollingUpdateStep, daemonTolerations } from '../src/controllers/daemonset/daemonset-math';
import { RequiredNodeAffinity } from '../src/scheduler/node-selector';
import { scenario, pool, app, at } from './helpers/tiny-scenario';
import { template } from './helpers/workloads';

function ds(over: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent', 'agent:v1'), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, ...over },
    status: {} as DaemonSet['status'],
  };
}

const node = (name: string, labels: Record<string, string>, taints: Node['spec']['taints'] = undefined): Node => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints }, status: { capacity: {}, allocatable: {}, conditions: [] },
});

test('nodeShouldRunDaemonPod: node selector, NoSchedule vs NoExecute taints (daemon_controller)', () => {
  const spec = { ...template('a', 'a').spec, nodeSelector: { role: 'edge' } };
  const aff = new RequiredNodeAffinity(spec.nodeSelector, undefined);
  const tol = daemonTolerations(spec);
  assert.deepEqual(nodeShouldRunDaemonPod(node('n', { role: 'edge' }), spec, aff, tol), { shouldRun: true, shouldContinueRunning: true });
  assert.deepEqual(nodeShouldRunDaemonPod(node('n', { role: 'core' }), spec, aff, tol), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(nodeShouldRunDaemonPod(node('n', { role: 'edge' }, [{ key: 'gpu', effect: 'NoSchedule' }]), spec, aff, tol), { shouldRun: false, shouldContinueRunning: true });
  assert.deepEqual(nodeShouldRunDaemonPod(node('n', { role: 'edge' }, [{ key: 'gpu', effect: 'NoExecute' }]), spec, aff, tol), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(nodeShouldRunDaemonPod(node('n', { role: 'edge' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), spec, aff, tol).shouldRun, true);
});

test('daemonSetFenceposts round up against desired nodes; both zero → maxUnavailable 1', () => {
  assert.deepEqual(daemonSetFenceposts(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } } }), 1000), { maxSurge: 0, maxUnavailable: 100 });
  assert.deepEqual(daemonSetFenceposts(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } } }), 15), { maxSurge: 0, maxUnavailable: 2 });
  assert.deepEqual(daemonSetFenceposts(ds({ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }), 5), { maxSurge: 0, maxUnavailable: 1 });
});

test('rollingUpdateStep: old unavailable pods go at once, available ones within the budget; surge creates first', () => {
  const av = { available: true };
  const un = { available: false };
  const nodes = [
    { node: 'a', shouldRun: true, oldPod: av },
    { node: 'b', shouldRun: true, oldPod: un },
    { node: 'c', shouldRun: true, oldPod: av },
    { node: 'd', shouldRun: true, newPod: un },
  ];
  assert.deepEqual(rollingUpdateStep(nodes, 0, 2), { deleteOldOn: ['b', 'a'], surgeOn: [] });
  assert.deepEqual(rollingUpdateStep(nodes, 0, 1), { deleteOldOn: ['b'], surgeOn: [] });
  assert.deepEqual(rollingUpdateStep([{ node: 'a', shouldRun: true, oldPod: av, newPod: av }, ...nodes.slice(1)], 1, 0), { deleteOldOn: ['a'], surgeOn: ['b', 'c'] });
});

test('one pod per eligible node, bound by the scheduler through a metadata.name affinity; follows nodes; rolls within maxUnavailable', () => {
  const s = scenario({
    pools: [pool('p', 4), pool('gpu', 2, { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })],
    apps: [app('agent:v1', 2 * SECOND), app('agent:v2', 2 * SECOND)],
    resources: [ds()],
    timeline: [
      at(1 * MINUTE, { type: 'addNodes', pool: 'p', count: 2 }),
      at(2 * MINUTE, { type: 'removeNodes', pool: 'p', count: 1 }),
      at(3 * MINUTE, { type: 'setImage', target: { kind: 'DaemonSet', name: 'agent', namespace: 'default' }, image: 'agent:v2' }),
    ],
    duration: 6 * MINUTE,
  });
  const sim = new Simulation(s);
  let maxUnavailable = 0;
  sim.store.watch('Pod', {
    onWatch: () => {
      if (sim.engine.now < 3 * MINUTE) return;
      let ready = 0;
      for (const p of sim.store.list<Pod>('Pod')) if (p.metadata.deletionTimestamp === undefined && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
      maxUnavailable = Math.max(maxUnavailable, 5 - ready);
    },
  });
  const facts = sim.run();
  const pods = [...sim.store.list<Pod>('Pod')];
  assert.equal(pods.length, 5);
  assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['p-0', 'p-1', 'p-2', 'p-3', 'p-4']);
  assert.ok(pods.every((p) => p.spec.containers[0].image === 'agent:v2'));
  assert.deepEqual(pods[0].spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0].matchFields![0].key, 'metadata.name');
  assert.ok(maxUnavailable <= 1, `unavailable ${maxUnavailable}`);
  const r = facts.rollouts.find((x) => x.kind === 'DaemonSet' && x.revision === 2)!;
  assert.notEqual(r.completedAt, null);
});
