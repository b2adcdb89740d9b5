import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { KubeObject } from '../src/api/meta';
import { Pod } from '../src/api/pod';
import { PodDisruptionBudget } from '../src/api/pdb';
import { admitPodPriority, PriorityClass } from '../src/api/admission/priority';
import { NodeInfo } from '../src/scheduler/node-info';
import { buildProfile } from '../src/scheduler/profile';
import { CycleState } from '../src/scheduler/framework';
import { pickOneNodeForPreemption, selectVictimsOnNode, PreemptionCandidate } from '../src/scheduler/preemption';
import { app, at, pool, scenario } from './helpers/tiny-scenario';
import { node as mkNode, pod as mkPod } from './scheduler-fixtures';

function priorityClass(name: string, value: number, extra: Partial<PriorityClass> = {}): PriorityClass {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra };
}

function pod(name: string, cpu: string, spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { containers: [{ name: 'c', image: 'app:1', resources: { requests: { cpu } } }], terminationGracePeriodSeconds: 10, ...spec },
    status: { phase: 'Pending' },
  };
}

function lister(objs: KubeObject[]) {
  return {
    get: <T extends KubeObject>(_kind: string, key: string) => objs.find((o) => o.metadata.name === key) as T | undefined,
    list: <T extends KubeObject>(_kind: string) => (objs as T[])[Symbol.iterator]() as IterableIterator<T>,
  };
}

test('Priority admission: a named class sets priority and preemptionPolicy; no name takes the highest globalDefault; system classes resolve', () => {
  const classes = [priorityClass('low', 10, { globalDefault: true }), priorityClass('lower', 5, { globalDefault: true }), priorityClass('batch', 100, { preemptionPolicy: 'Never' })];
  const named = pod('a', '1', { priorityClassName: 'batch' });
  assert.equal(admitPodPriority(lister(classes), named), null);
  assert.equal(named.spec.priority, 100);
  assert.equal(named.spec.preemptionPolicy, 'Never');
  const unnamed = pod('b', '1');
  admitPodPriority(lister(classes), unnamed);
  assert.equal(unnamed.spec.priority, 10);
  assert.equal(unnamed.spec.priorityClassName, 'low');
  const system = pod('c', '1', { priorityClassName: 'system-node-critical' });
  admitPodPriority(lister([]), system);
  assert.equal(system.spec.priority, 2_000_001_000);
  assert.equal(admitPodPriority(lister([]), pod('d', '1', { priorityClassName: 'nope' })), 'no PriorityClass with name nope was found');
  const none = pod('e', '1');
  admitPodPriority(lister([]), none);
  assert.equal(none.spec.priority, 0);
});

test('preemption story: a high-priority pod evicts the lowest-priority pods gracefully, is nominated, then scheduled', () => {
  const sink = new MemorySink();
  const s = scenario({
    pools: [pool('p', 1, { capacity: { cpu: '2', memory: '8Gi', pods: '110' } })],
    apps: [app('app:1', 1 * SECOND)],
    resources: [priorityClass('low', 1), priorityClass('mid', 5), priorityClass('high', 1000), pod('low-1', '1', { priorityClassName: 'low' }), pod('mid-1', '1', { priorityClassName: 'mid' })],
    timeline: [at(1 * MINUTE, { type: 'apply', objects: [{ object: pod('urgent', '1', { priorityClassName: 'high' }), at: '<test>' }] })],
    duration: 3 * MINUTE,
  });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  const facts = sim.run();
  const rows = sink.rows;
  const preempted = rows.filter((r) => r.event === 'Preempted');
  assert.deepEqual(preempted.map((r) => r.name), ['low-1']);
  assert.equal(preempted[0].reason, 'Preempted by pod default/urgent on node p-0');
  const scheduled = rows.find((r) => r.name === 'urgent' && r.event === 'Scheduled')!;
  assert.equal(scheduled.node, 'p-0');
  assert.ok(scheduled.time > preempted[0].time, 'scheduled only after the victim is gone');
  assert.ok(rows.some((r) => r.name === 'mid-1' && r.event === 'Scheduled'));
  assert.ok(!rows.some((r) => r.name === 'mid-1' && r.event === 'Preempted'));
  assert.equal(facts.scheduler.preemptions, 1);
  assert.equal(facts.scheduler.preemptionVictims, 1);
});

test('preemptionPolicy Never: the pod stays Pending and the message says why preemption did not run', () => {
  const sink = new MemorySink();
  const s = scenario({
    pools: [pool('p', 1, { capacity: { cpu: '1', memory: '8Gi', pods: '110' } })],
    apps: [app('app:1', 1 * SECOND)],
    resources: [priorityClass('low', 1), priorityClass('polite', 1000, { preemptionPolicy: 'Never' }), pod('low-1', '1', { priorityClassName: 'low' })],
    timeline: [at(30 * SECOND, { type: 'apply', objects: [{ object: pod('waits', '1', { priorityClassName: 'polite' }), at: '<test>' }] })],
    duration: 2 * MINUTE,
  });
  new Simulation(s, { timelineSinks: [sink] }).run();
  assert.ok(!sink.rows.some((r) => r.event === 'Preempted'));
  const failed = sink.rows.find((r) => r.name === 'waits' && r.event === 'FailedScheduling')!;
  assert.equal(failed.reason, '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
});

test('pickOneNodeForPreemption: fewest PDB violations first, then the lowest highest-victim priority, then fewest victims', () => {
  const p = (prio: number) => mkPod({}, { priority: prio });
  const c = (node: string, prios: number[], pdb = 0): PreemptionCandidate => ({ node, victims: prios.map(p), numPDBViolations: pdb });
  assert.equal(pickOneNodeForPreemption([c('a', [1], 1), c('b', [50, 50, 50])])!.node, 'b');
  assert.equal(pickOneNodeForPreemption([c('a', [20]), c('b', [10, 10])])!.node, 'b');
  assert.equal(pickOneNodeForPreemption([c('a', [10, 10]), c('b', [10, 5])])!.node, 'b');
  assert.equal(pickOneNodeForPreemption([c('a', [10, 0, 0]), c('b', [10, 0])])!.node, 'b');
  assert.equal(pickOneNodeForPreemption([]), undefined);
});

test('selectVictimsOnNode reprieves PDB-protected pods first and keeps pods that need not go', () => {
  const ni = new NodeInfo(mkNode('n', { cpu: '3', pods: 10 }));
  const protectedPod = mkPod({ cpu: '1' }, { priority: 1 }, { app: 'db' }, 'db-0');
  const a = mkPod({ cpu: '1' }, { priority: 1 }, { app: 'web' }, 'web-0');
  const b = mkPod({ cpu: '1' }, { priority: 2 }, { app: 'web' }, 'web-1');
  for (const x of [protectedPod, a, b]) ni.addPod(x);
  const pdb: PodDisruptionBudget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'db', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'db' } } },
    status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1 },
  };
  const incoming = mkPod({ cpu: '1' }, { priority: 10 });
  const sel = selectVictimsOnNode(incoming, ni, new CycleState(), buildProfile(), [pdb])!;
  assert.deepEqual(sel.victims.map((v) => v.metadata.name), ['web-0']);
  assert.equal(sel.numPDBViolations, 0);
  assert.equal(selectVictimsOnNode(mkPod({ cpu: '4' }, { priority: 10 }), ni, new CycleState(), buildProfile(), [pdb]), null);
});
