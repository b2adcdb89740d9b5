import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { Deployment, ReplicaSet } from '../src/api/workloads';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const T = { kind: 'Deployment', name: 'web', namespace: 'default' };

test('a bad release stalls at maxUnavailable, hits progressDeadlineSeconds, and undo rolls back to revision 1', () => {
  const sink = new MemorySink();
  const s = scenario({
    pools: [pool('p', 3)],
    apps: [app('web:v1', 5 * SECOND), app('web:bad', 5 * SECOND, { neverReady: true })],
    resources: [deployment('web', 8, 'web:v1', { progressDeadlineSeconds: 60 })],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: T, image: 'web:bad' }), at(4 * MINUTE, { type: 'undo', target: T })],
    duration: 8 * MINUTE,
  });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  let minReady = Infinity;
  sim.store.watch('Pod', { onWatch: () => {
    if (sim.engine.now < 1 * MINUTE) return;
    let ready = 0;
    for (const p of sim.store.list<Pod>('Pod')) if (p.metadata.deletionTimestamp === undefined && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
    minReady = Math.min(minReady, ready);
  } });
  const facts = sim.run();
  assert.equal(minReady, 6, 'stalls at replicas − maxUnavailable (8 − 2)');
  const stalled = sink.rows.find((r) => r.event === 'RolloutStalled')!;
  assert.ok(stalled.time > 2 * MINUTE && stalled.time < 2 * MINUTE + 2 * SECOND, String(stalled.time));
  assert.ok(sink.rows.some((r) => r.event === 'RolledBack' && r.reason === 'to revision 1'));
  const r3 = facts.rollouts.find((r) => r.kind === 'Deployment' && r.revision === 3)!;
  assert.notEqual(r3.completedAt, null);
  const pods = [...sim.store.list<Pod>('Pod')];
  assert.equal(pods.length, 8);
  assert.ok(pods.every((p) => p.spec.containers[0].image === 'web:v1'));
});

test('pause holds a rollout, resume continues it; restart rolls out a new template; revisionHistoryLimit prunes', () => {
  const sink = new MemorySink();
  const s = scenario({
    pools: [pool('p', 3)],
    apps: [app('web:v1', 5 * SECOND), app('web:v2', 5 * SECOND)],
    resources: [deployment('web', 4, 'web:v1', { revisionHistoryLimit: 1 })],
    timeline: [
      at(1 * MINUTE, { type: 'pause', target: T }),
      at(1 * MINUTE + SECOND, { type: 'setImage', target: T, image: 'web:v2' }),
      at(3 * MINUTE, { type: 'resume', target: T }),
      at(5 * MINUTE, { type: 'restart', target: T }),
    ],
    duration: 8 * MINUTE,
  });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.runUntil(3 * MINUTE - SECOND);
  assert.ok([...sim.store.list<Pod>('Pod')].every((p) => p.spec.containers[0].image === 'web:v1'), 'paused: no new pods');
  const facts = sim.run();
  const d = sim.store.get<Deployment>('Deployment', 'default/web')!;
  assert.ok(d.spec.template.metadata!.annotations!['kubectl.kubernetes.io/restartedAt'].startsWith('2026-01-01T00:05:00'));
  assert.equal(facts.rollouts.filter((r) => r.kind === 'Deployment' && r.completedAt !== null).length, 3);
  const rss = [...sim.store.list<ReplicaSet>('ReplicaSet')];
  assert.equal(rss.length, 2, 'the new ReplicaSet and one old one (revisionHistoryLimit 1)');
  assert.ok(sink.rows.some((r) => r.event === 'Paused') && sink.rows.some((r) => r.event === 'Resumed'));
});

test('undo to an unknown revision is an ActionFailed row', () => {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 1)], apps: [app('web:v1', SECOND)], resources: [deployment('web', 1, 'web:v1')], timeline: [at(MINUTE, { type: 'undo', target: T, toRevision: 7 })], duration: 2 * MINUTE });
  new Simulation(s, { timelineSinks: [sink] }).run();
  assert.ok(sink.rows.some((r) => r.event === 'ActionFailed' && r.reason.includes('revision 7')));
});

test('Recreate deletes every old pod before creating new ones', () => {
  const sink = new MemorySink();
  const s = scenario({
    pools: [pool('p', 2)],
    apps: [app('web:v1', 5 * SECOND), app('web:v2', 5 * SECOND)],
    resources: [deployment('web', 4, 'web:v1', { strategy: { type: 'Recreate' } })],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: T, image: 'web:v2' })],
    duration: 3 * MINUTE,
  });
  new Simulation(s, { timelineSinks: [sink] }).run();
  const lastOldGone = Math.max(...sink.rows.filter((r) => r.kind === 'Pod' && r.event === 'Deleted').map((r) => r.time));
  const firstNew = Math.min(...sink.rows.filter((r) => r.kind === 'ReplicaSet' && r.event === 'SuccessfulCreate' && r.time > MINUTE).map((r) => r.time));
  assert.ok(firstNew > lastOldGone);
});

test('minReadySeconds makes available lag ready', () => {
  const s = scenario({ pools: [pool('p', 2)], apps: [app('web:v1', 5 * SECOND)], resources: [deployment('web', 2, 'web:v1', { minReadySeconds: 30 })], duration: 2 * MINUTE });
  const sim = new Simulation(s);
  sim.runUntil(20 * SECOND);
  let d = sim.store.get<Deployment>('Deployment', 'default/web')!;
  assert.equal(d.status.readyReplicas, 2);
  assert.equal(d.status.availableReplicas, 0);
  sim.runUntil(50 * SECOND);
  d = sim.store.get<Deployment>('Deployment', 'default/web')!;
  assert.equal(d.status.availableReplicas, 2);
});

test('scaling mid-rollout scales the ReplicaSets proportionally', () => {
  const s = scenario({
    pools: [pool('p', 4)],
    apps: [app('web:v1', 5 * SECOND), app('web:v2', 60 * SECOND)],
    resources: [deployment('web', 10, 'web:v1')],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: T, image: 'web:v2' }), at(1 * MINUTE + 20 * SECOND, { type: 'scale', target: T, replicas: 20 })],
    duration: 10 * MINUTE,
  });
  const sim = new Simulation(s);
  sim.runUntil(1 * MINUTE + 21 * SECOND);
  const sizes = [...sim.store.list<ReplicaSet>('ReplicaSet')].map((rs) => rs.spec.replicas!).sort((a, b) => a - b);
  // Before: old 8, new 5 (13 = 10 + 3 surge); after: 20 + 5 surge = 25 split 8:5 → old 15, new 10 (rounding as getProportion).
  assert.equal(sizes.reduce((a, b) => a + b, 0), 25);
  assert.ok(sizes[0] >= 9 && sizes[1] >= 14, JSON.stringify(sizes));
  sim.run();
  assert.equal([...sim.store.list<Pod>('Pod')].length, 20);
});
