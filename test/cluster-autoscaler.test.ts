import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOUR, MINUTE, SECOND } from '../src/engine/time';
import { constant } from '../src/engine/distribution';
import { KubeObject } from '../src/api/meta';
import { Pod } from '../src/api/pod';
import { PodDisruptionBudget } from '../src/api/pdb';
import { ScaleUpOption, chooseOption, score } from '../src/autoscaler/expander';
import { drainability, nodeUtilization } from '../src/autoscaler/drainability';
import { estimateNodes } from '../src/autoscaler/binpacking';
import { CostMeter } from '../src/autoscaler/cost-meter';
import { defaultProfile } from '../src/scheduler/schedule-one';
import { makePoolNodes } from '../src/sim/node-pools';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { defaultClusterAutoscaler } from '../src/scenario/autoscaling-spec';
import { autoscalingCost, autoscalingSlo } from '../src/autoscaler/plan-facts';
import { at, deployment, pool, scenario } from './helpers/tiny-scenario';

const opt = (o: Partial<ScaleUpOption>): ScaleUpOption => ({
  group: 'g',
  nodeCount: 1,
  pods: 1,
  requestedCpu: 0,
  requestedMemory: 0,
  capacityCpu: 4000,
  capacityMemory: 16,
  nodeCostPerHour: 1,
  ...o,
});

test('least-waste: 1 node of 4 cpu / 16Gi for pods requesting 3 cpu / 8Gi wastes 0.25 + 0.5 (expander.ts example)', () => {
  assert.equal(score('least-waste', opt({ requestedCpu: 3000, requestedMemory: 8 })), 0.75);
});

test('expanders choose as upstream: least-waste, most-pods, price, random', () => {
  const options = [
    opt({ group: 'small', requestedCpu: 1500, requestedMemory: 8, pods: 3, nodeCostPerHour: 1 }),
    opt({ group: 'big', nodeCount: 1, capacityCpu: 16000, capacityMemory: 64, requestedCpu: 2000, requestedMemory: 8, pods: 4, nodeCostPerHour: 3 }),
  ];
  const never = () => {
    throw new Error('no tie to break');
  };
  assert.equal(options[chooseOption('least-waste', options, never)].group, 'small');
  assert.equal(options[chooseOption('most-pods', options, never)].group, 'big');
  assert.equal(options[chooseOption('price', options, never)].group, 'small', '1/3 per pod beats 3/4 per pod');
  assert.equal(chooseOption('random', options, () => 0.99), 1);
  assert.equal(chooseOption('least-waste', [options[0], options[0]], () => 0.6), 1, 'ties are broken by the draw');
  assert.equal(chooseOption('least-waste', [], never), -1);
});

function bare(name: string, over: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }] },
    spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1500m', memory: '1Gi' } } }] },
    status: { phase: 'Running' },
    ...over,
  };
}
const pdb = (allowed: number): PodDisruptionBudget => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b' }, spec: {}, status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: allowed, expectedPods: 0 } });

test('drainability: upstream blocking reasons', () => {
  const rules = { skipNodesWithLocalStorage: true, skipNodesWithSystemPods: true };
  const p = bare('p');
  assert.equal(drainability(p, [], rules), 'move');
  assert.equal(drainability({ ...p, metadata: { name: 'x', namespace: 'default' } }, [], rules), 'NotReplicated');
  assert.equal(drainability({ ...p, metadata: { ...p.metadata, namespace: 'kube-system' } }, [], rules), 'UnmovableKubeSystemPod');
  assert.equal(drainability({ ...p, metadata: { ...p.metadata, namespace: 'kube-system' } }, [pdb(1)], rules), 'move');
  assert.equal(drainability({ ...p, spec: { ...p.spec, volumes: [{ name: 'tmp', emptyDir: {} }] } }, [], rules), 'LocalStorageRequested');
  assert.equal(drainability({ ...p, spec: { ...p.spec, volumes: [{ name: 'tmp', emptyDir: {} }] } }, [], { ...rules, skipNodesWithLocalStorage: false }), 'move');
  assert.equal(drainability(p, [pdb(0)], rules), 'NotEnoughPdb');
  assert.equal(drainability({ ...p, metadata: { ...p.metadata, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } } }, [], rules), 'NotSafeToEvictAnnotation');
  assert.equal(drainability({ ...p, metadata: { name: 'x', namespace: 'default', annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } } }, [], rules), 'move');
  assert.equal(drainability({ ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'd', uid: 'd', controller: true }] } }, [], rules), 'skip');
  assert.equal(drainability({ ...p, status: { phase: 'Succeeded' } }, [], rules), 'skip');
});

test('node utilization: max of cpu and memory (1.5 of 4 cpu, 4Gi of 16Gi → 0.375)', () => {
  assert.equal(nodeUtilization(1500, 4, 4000, 16), 0.375);
  assert.equal(nodeUtilization(1000, 12, 4000, 16), 0.75);
});

test('binpacking estimator: five 1.5-cpu pods on 4-cpu template nodes need 3 nodes; maxNodes caps it', () => {
  const template = makePoolNodes(pool('g', 1), 0, 1)[0];
  const pods = [1, 2, 3, 4, 5].map((i) => bare(`p${i}`));
  const e = estimateNodes(pods, template, defaultProfile(), 10);
  assert.deepEqual(e.nodes.map((n) => n.pods.length), [2, 2, 1]);
  assert.equal(e.placed.length, 5);
  const capped = estimateNodes(pods, template, defaultProfile(), 1);
  assert.equal(capped.placed.length, 2);
  const huge = bare('huge', { spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '5' } } }] } });
  assert.equal(estimateNodes([huge], template, defaultProfile(), 10).nodes.length, 0, 'a pod larger than the template fits no new node');
  const selective = bare('sel', { spec: { ...bare('x').spec, nodeSelector: { disk: 'ssd' } } });
  assert.equal(estimateNodes([selective], template, defaultProfile(), 10).nodes.length, 0, "the scheduler's NodeAffinity filter rejects the template");
});

test('cost meter: 3 nodes at 0.5/h for 2 h, then 5 for 1 h → 5.5', () => {
  let now = 0;
  const m = new CostMeter(() => now, [pool('g', 0, { costPerHour: 0.5 })]);
  const nodes = makePoolNodes(pool('g', 0), 0, 5);
  for (const n of nodes.slice(0, 3)) m.onWatch('ADDED', n);
  now = 2 * HOUR;
  for (const n of nodes.slice(3)) m.onWatch('ADDED', n);
  now = 3 * HOUR;
  assert.deepEqual(m.totals(), { total: 5.5, nodeHours: 11, byPool: [{ pool: 'g', cost: 5.5, nodeHours: 11 }] });
});

/** One 4-cpu node of an autoscaled pool (min 1, max 5, 90 s provisioning), a Deployment of 1.5-cpu pods. */
function caScenario(replicas: number, extra: KubeObject[] = []) {
  const d = deployment('web', replicas, 'shop/web:v1');
  d.spec.template.spec.containers[0].resources = { requests: { cpu: '1500m', memory: '1Gi' } };
  const s = scenario({
    pools: [pool('g', 1, { costPerHour: 1, autoscaling: { min: 1, max: 5, provisioningDelay: constant(90 * SECOND) } })],
    resources: [d, ...extra],
    duration: 2 * HOUR,
  });
  s.autoscaling = { metricsServer: { resolution: 15 * SECOND, delay: 0 }, clusterAutoscaler: defaultClusterAutoscaler() };
  return s;
}

test('story: pending pods trigger a scale-up and wait for the provisioning delay, no longer', () => {
  const sink = new MemorySink();
  const sim = new Simulation(caScenario(5), { timelineSinks: [sink] });
  sim.runUntil(10 * MINUTE);
  const up = sink.rows.filter((r) => r.event === 'ScaledUpGroup');
  assert.equal(up.length, 1, up.map((r) => r.reason).join('\n'));
  assert.equal(up[0].reason, 'Scale-up: setting group g size to 3 instead of 1 (max: 5)');
  assert.ok(up[0].time <= 10 * SECOND + 1, 'the first scan (10 s) sees the pending pods');
  const triggered = sink.rows.filter((r) => r.event === 'TriggeredScaleUp');
  assert.equal(triggered.length, 3);
  assert.equal(triggered[0].reason, 'pod triggered scale-up: [{g 1->3 (max: 5)}]');
  const registered = sink.rows.filter((r) => r.event === 'RegisteredNode' && r.time > 0);
  assert.deepEqual(registered.map((r) => r.time), [up[0].time + 90 * SECOND, up[0].time + 90 * SECOND]);
  const f = sim.facts().autoscaling!.clusterAutoscaler!;
  assert.equal(f.pendingSeconds.count, 3);
  assert.ok(f.pendingSeconds.max! >= 90 && f.pendingSeconds.max! <= 90 + 10 + 1, `waited ${f.pendingSeconds.max}s`);
  assert.equal(sim.facts().pods.pendingAtEnd, 0);
  // The planner's view of the same run: 1 node from 0 s and 2 from ~100 s, at 1/h, over 10 minutes.
  const c = autoscalingCost(sim.facts());
  assert.ok(Math.abs(c.cost - c.nodeHours) < 1e-6 && c.nodeHours > 0.4 && c.nodeHours < 0.5, JSON.stringify(c));
  const slo = autoscalingSlo(sim.facts());
  assert.equal(slo.maxPendingSeconds, f.pendingSeconds.max);
  assert.equal(slo.pendingAtEnd, 0);
});

test('story: after load falls the emptied nodes are removed after scale-down-unneeded-time, never below min', () => {
  const sink = new MemorySink();
  const s = caScenario(5);
  s.timeline = [at(5 * MINUTE, { type: 'scale', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, replicas: 1 })];
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.run();
  const removed = sink.rows.filter((r) => r.event === 'RemovingNode');
  assert.equal(removed.length, 2);
  const lastUp = sink.rows.filter((r) => r.event === 'ScaledUpGroup').pop()!.time;
  for (const r of removed) assert.ok(r.time >= 5 * MINUTE + 10 * MINUTE && r.time >= lastUp + 10 * MINUTE, `removed at ${r.time / 1e6}s`);
  const f = sim.facts().autoscaling!;
  assert.equal(f.clusterAutoscaler!.groups[0].nodesAtEnd, 1);
  assert.ok(f.cost.total > 1 && f.cost.total < 3 * 2, `cost ${f.cost.total}`);
});

test('story: scale-down drains a node through the Eviction API, unless a PDB allows no disruption', () => {
  const scaleTo2 = [at(5 * MINUTE, { type: 'scale' as const, target: { kind: 'Deployment', name: 'web', namespace: 'default' }, replicas: 2 })];
  const free = caScenario(5);
  free.timeline = scaleTo2;
  const freeSink = new MemorySink();
  const freeSim = new Simulation(free, { timelineSinks: [freeSink] });
  freeSim.run();
  assert.ok(freeSim.facts().pods.created > 5, 'without a PDB a non-empty node is drained and its pod recreated elsewhere');
  assert.equal(freeSim.facts().autoscaling!.clusterAutoscaler!.groups[0].nodesAtEnd, 1);

  const guarded = caScenario(5, [
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'default' },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } },
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
    } as KubeObject,
  ]);
  guarded.timeline = scaleTo2;
  const sink = new MemorySink();
  const sim = new Simulation(guarded, { timelineSinks: [sink] });
  sim.run();
  assert.equal(sim.facts().pods.created, 5, 'no web pod was evicted');
  const holders = new Set(sink.rows.filter((r) => r.event === 'Scheduled' && r.kind === 'Pod').map((r) => r.node));
  const removed = new Set(sink.rows.filter((r) => r.event === 'RemovingNode').map((r) => r.name));
  assert.ok(sim.facts().autoscaling!.clusterAutoscaler!.groups[0].nodesAtEnd >= 2);
  assert.ok(holders.size > removed.size);
});
