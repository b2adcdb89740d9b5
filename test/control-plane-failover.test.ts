import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { SECOND, MINUTE, Time } from '../src/engine/time';
import { constant } from '../src/engine/distribution';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { Engine } from '../src/engine/engine';
import { WorkQueue } from '../src/controllers/work-queue';
import { Store } from '../src/store/store';
import { Lease } from '../src/api/lease';
import { readLeaseRecord, renewNodeLease, writeLeaseRecord } from '../src/store/lease-client';
import { ControlPlaneAction, ControlPlaneSpec, defaultControlPlaneSpec } from '../src/scenario/control-plane-spec';
import { TimelineAction } from '../src/scenario/scenario';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const KCM = 'kube-controller-manager';

function run(timeline: TimelineAction[], cp: Partial<ControlPlaneSpec> | undefined, duration: Time = 3 * MINUTE, withApp = false) {
  const s = scenario({
    pools: [pool('w', 4)],
    apps: withApp ? [app('web:v1', 5 * SECOND), app('web:v2', 5 * SECOND)] : [],
    resources: withApp ? [deployment('web', 6, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } })] : [],
    timeline,
    duration,
  });
  if (cp) s.cluster.controlPlane = defaultControlPlaneSpec(cp);
  const sink = new MemorySink();
  const sim = new Simulation(s, { timelineSinks: [sink] });
  const facts = sim.run();
  return { sim, facts, rows: sink.rows };
}

const cpAt = (t: Time, a: ControlPlaneAction) => at(t, a);
const rowsOf = (rows: TimelineRow[], event: string, name = KCM) => rows.filter((r) => r.event === event && r.name === name);

test('without a controlPlane section nothing is elected or paused and summary.json has no controlPlane', () => {
  const { sim, facts, rows } = run([], undefined, 1 * MINUTE, true);
  assert.equal(facts.controlPlane, undefined);
  assert.equal([...sim.store.list<Lease>('Lease')].filter((l) => l.metadata.namespace === 'kube-system').length, 0);
  assert.equal(sim.ctx.gate.isPaused(KCM), false);
  assert.equal(rows.filter((r) => r.kind === 'Lease').length, 0);
  assert.ok(rows.some((r) => r.event === 'RolloutCompleted'));
});

test('the first replica creates the Lease; the components stall until its caches synced', () => {
  const { sim, facts, rows } = run([], {}, 1 * MINUTE, true);
  const lease = readLeaseRecord(sim.store, 'kube-system', KCM)!;
  assert.equal(lease.holderIdentity, 'control-plane-0_1');
  assert.equal(lease.leaseDurationSeconds, 15);
  assert.equal(lease.leaseTransitions, 0);
  const resumed = rowsOf(rows, 'ComponentResumed')[0];
  assert.equal(resumed.time, 1000 + 2 * SECOND);
  const firstCreate = rows.find((r) => r.event === 'SuccessfulCreate')!;
  assert.ok(firstCreate.time > resumed.time, 'no ReplicaSet work before the leader synced');
  const c = facts.controlPlane!.components[0];
  assert.equal(c.leaderElections, 1);
  assert.equal(c.stalledSeconds, 2.001);
});

test("a rollout stalls while kube-controller-manager is leaderless and continues after the new leader's resync", () => {
  const crash = 40 * SECOND;
  const { facts, rows } = run(
    [at(30 * SECOND, { type: 'setImage', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, image: 'web:v2' }), cpAt(crash, { type: 'controlPlaneNodeCrash', leaderOf: KCM, for: 5 * MINUTE })],
    {},
    4 * MINUTE,
    true,
  );
  const lost = rowsOf(rows, 'LeaderLost')[0];
  const resumed = rowsOf(rows, 'ComponentResumed')[1];
  assert.equal(lost.time, crash);
  const during = rows.filter((r) => r.time > crash && r.time < resumed.time && (r.event === 'SuccessfulCreate' || r.event === 'ScalingReplicaSet'));
  assert.deepEqual(during, [], 'no controller acted while leaderless');
  assert.ok(rows.some((r) => r.event === 'ScalingReplicaSet' && r.time > resumed.time), 'the rollout goes on after the resync');
  assert.ok(rows.some((r) => r.event === 'RolloutCompleted' && r.time > resumed.time));
  const c = facts.controlPlane!.components.find((x) => x.component === KCM)!;
  assert.equal(c.leaderlessIntervals.length, 2);
  const gap = c.leaderlessIntervals[1];
  assert.equal(gap.start, crash / SECOND);
  assert.ok(gap.seconds >= 13 && gap.seconds <= 24, `leaderless ${gap.seconds}s`);
  assert.equal(c.stalledIntervals[1].seconds, (resumed.time - crash) / SECOND);
  assert.ok(c.maxQueueDepthWhileLeaderless >= 1);
  assert.equal(c.leaseTransitions, 1);
  assert.equal(c.leaderChanges, 1);
});

test('clock drift: a slow-clocked partitioned leader and a fast-clocked follower both believe they lead, and the overlap is measured', () => {
  const { facts, rows } = run([cpAt(60 * SECOND, { type: 'apiServerPartition', replica: 'kube-controller-manager-control-plane-0', for: 1 * MINUTE })], {
    clockDrift: { 'kube-controller-manager-control-plane-0': -0.3, 'kube-controller-manager-control-plane-1': 0.3, 'kube-controller-manager-control-plane-2': 0.3 },
  });
  const start = rowsOf(rows, 'DualLeaderStart');
  const end = rowsOf(rows, 'DualLeaderEnd');
  assert.equal(start.length, 1);
  assert.equal(end.length, 1);
  const c = facts.controlPlane!.components.find((x) => x.component === KCM)!;
  assert.equal(c.dualLeaderIntervals.length, 1);
  assert.equal(c.dualLeaderSeconds, (end[0].time - start[0].time) / SECOND);
  assert.ok(c.dualLeaderSeconds > 0);
  // Without drift the same partition never gives two leaders.
  const calm = run([cpAt(60 * SECOND, { type: 'apiServerPartition', replica: 'kube-controller-manager-control-plane-0', for: 1 * MINUTE })], {});
  assert.equal(calm.facts.controlPlane!.components[0].dualLeaderSeconds, 0);
  assert.equal(rowsOf(calm.rows, 'LeaderLost')[0].reason.includes('within renewDeadline 10s'), true);
});

test('a constant clock offset changes the Lease timestamps but not who leads or when (observed-time semantics)', () => {
  const t = [cpAt(60 * SECOND, { type: 'controlPlaneNodeCrash', leaderOf: KCM, for: 5 * MINUTE })];
  const plain = run(t, {});
  const skewed = run(t, { clockSkew: { 'kube-controller-manager-control-plane-1': 30 * SECOND, 'kube-controller-manager-control-plane-2': -20 * SECOND } });
  const elections = (r: TimelineRow[]) => rowsOf(r, 'LeaderElection').map((x) => [x.time, x.reason]);
  assert.deepEqual(elections(skewed.rows), elections(plain.rows));
  const lease = (sim: Simulation) => readLeaseRecord(sim.store, 'kube-system', KCM)!;
  assert.notEqual(lease(skewed.sim).renewTime, lease(plain.sim).renewTime);
});

test('API-server unavailability longer than renewDeadline makes the leader give up; a shorter one does not', () => {
  const short = run([cpAt(60 * SECOND, { type: 'apiServerUnavailable', for: 7 * SECOND })], {});
  assert.equal(rowsOf(short.rows, 'LeaderLost').length, 0);
  const long = run([cpAt(60 * SECOND, { type: 'apiServerUnavailable', for: 25 * SECOND })], {});
  const lost = rowsOf(long.rows, 'LeaderLost');
  assert.equal(lost.length, 1);
  assert.ok(lost[0].time > 60 * SECOND && lost[0].time <= 72 * SECOND, `lost at ${lost[0].time}`);
  const next = rowsOf(long.rows, 'LeaderElection').find((r) => r.time > lost[0].time)!;
  assert.ok(next.time >= 85 * SECOND, 'nobody acquires while the API server refuses requests');
});

test('a slow API server: renewals arriving after renewDeadline lose the lease, late-but-in-time ones keep it', () => {
  const late = run([cpAt(60 * SECOND, { type: 'apiServerSlow', latency: 12 * SECOND, for: 30 * SECOND })], {});
  const lost = rowsOf(late.rows, 'LeaderLost');
  assert.ok(lost.length >= 1);
  assert.match(lost[0].reason, /^control-plane-0_1 stopped leading: failed to renew lease kube-system\/kube-controller-manager within renewDeadline 10s/);
  assert.ok(lost[0].time <= 72 * SECOND);
  const slowish = run([cpAt(60 * SECOND, { type: 'apiServerSlow', latency: 3 * SECOND, for: 30 * SECOND })], {});
  assert.equal(rowsOf(slowish.rows, 'LeaderLost').length, 0);
});

test('killLeader: the crashed leader restarts as a new identity and a follower takes over after the lease expires', () => {
  const { rows, facts } = run([cpAt(60 * SECOND, { type: 'killLeader', component: KCM, restartAfter: constant(1 * SECOND) })], {});
  const started = rows.filter((r) => r.event === 'ReplicaStarted' && r.name === 'kube-controller-manager-control-plane-0');
  assert.deepEqual(started.map((r) => r.reason), ['control-plane-0_1', 'control-plane-0_2']);
  assert.equal(started[1].time, 61 * SECOND);
  const next = rowsOf(rows, 'LeaderElection')[1];
  assert.ok(next.time - 60 * SECOND >= 13 * SECOND);
  assert.equal(facts.controlPlane!.components[0].leaderChanges, 1);
});

test('restartReplica with release lets a follower take over at its next try; without release it waits out the lease', () => {
  const released = run([cpAt(60 * SECOND, { type: 'restartReplica', replica: 'kube-controller-manager-control-plane-0', release: true, restartAfter: constant(30 * SECOND) })], {});
  const r1 = rowsOf(released.rows, 'LeaderElection')[1];
  assert.ok(r1.time - 60 * SECOND <= 4.4 * SECOND + 2000, `took ${r1.time - 60 * SECOND}`);
  assert.match(r1.reason, /acquired the released lease/);
  const kept = run([cpAt(60 * SECOND, { type: 'restartReplica', replica: 'kube-controller-manager-control-plane-0', release: false, restartAfter: constant(30 * SECOND) })], {});
  const r2 = rowsOf(kept.rows, 'LeaderElection')[1];
  assert.ok(r2.time - 60 * SECOND >= 13 * SECOND);
});

test('leaderless and work-queue depth series are sampled per component', () => {
  const s = scenario({ pools: [pool('w', 1)], duration: 30 * SECOND, timeline: [] });
  s.cluster.controlPlane = defaultControlPlaneSpec();
  const points: { metric: string; name: string; value: number; time: number }[] = [];
  new Simulation(s, { seriesSinks: [{ point: (p) => void points.push(p) }] }).run();
  const at0 = points.filter((p) => p.time === 0 && p.metric === 'leaderless').map((p) => [p.name, p.value]);
  assert.deepEqual(at0, [[KCM, 1], ['kube-scheduler', 1]]);
  assert.ok(points.some((p) => p.metric === 'leaderless' && p.time === 5 * SECOND && p.value === 0));
  assert.ok(points.some((p) => p.metric === 'work_queue_depth' && p.name === 'kube-scheduler'));
});

test("resyncAll re-queues every key a controller has seen, or the reconciler's own resync keys", () => {
  const engine = new Engine(1);
  const synced: string[] = [];
  const q = new WorkQueue(engine, { reconcile: (k) => void synced.push(k) }, 10);
  q.add('a');
  q.add('b');
  engine.runUntilIdle();
  q.pause();
  q.resyncAll();
  assert.equal(q.depth, 2);
  q.resume();
  engine.runUntilIdle();
  assert.deepEqual(synced, ['a', 'b', 'a', 'b']);
  const own = new WorkQueue(engine, { reconcile: (k) => void synced.push(k), resyncKeys: () => ['x'] }, 10);
  own.resyncAll();
  assert.equal(own.depth, 1);
});

test('one Lease mechanism: node heartbeats renew kube-node-lease/<node> through the same helpers', () => {
  const engine = new Engine(1);
  const store = new Store(engine, 0);
  renewNodeLease(store, 'n1', 5 * SECOND, 40);
  renewNodeLease(store, 'n1', 15 * SECOND, 40);
  const r = readLeaseRecord(store, 'kube-node-lease', 'n1')!;
  assert.deepEqual(r, { holderIdentity: 'n1', leaseDurationSeconds: 40, acquireTime: 5 * SECOND, renewTime: 15 * SECOND, leaseTransitions: 0 });
  writeLeaseRecord(store, 'kube-system', 'x', { ...r, holderIdentity: 'a' });
  assert.equal(store.count('Lease'), 2);
});
