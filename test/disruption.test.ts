import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { PodDisruptionBudget } from '../src/api/pdb';
import { budgetCounts } from '../src/controllers/disruption/pdb-math';
import { evict } from '../src/store/eviction';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

function pdb(spec: Partial<PodDisruptionBudget['spec']>): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec }, status: undefined as unknown as PodDisruptionBudget['status'] };
}

test('budgetCounts as the disruption controller (getExpectedPodCount, updatePdbStatus)', () => {
  assert.deepEqual(budgetCounts(undefined, '25%', 10, 10, 10), { expectedPods: 10, desiredHealthy: 7, disruptionsAllowed: 3 });
  assert.deepEqual(budgetCounts(3, undefined, 4, 4, 3), { expectedPods: 4, desiredHealthy: 3, disruptionsAllowed: 0 });
  assert.deepEqual(budgetCounts('50%', undefined, 5, 5, 5), { expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 2 });
  assert.deepEqual(budgetCounts(undefined, 1, 0, 0, 0), { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0 });
});

test('the eviction API refuses with 429 when disruptionsAllowed is 0 and decrements otherwise', () => {
  const s = scenario({ pools: [pool('p', 3)], apps: [app('web:v1', 2 * SECOND)], resources: [deployment('web', 3, 'web:v1'), pdb({ minAvailable: 2 })], duration: 1 * MINUTE });
  const sim = new Simulation(s);
  sim.runUntil(30 * SECOND);
  const budget = sim.store.get<PodDisruptionBudget>('PodDisruptionBudget', 'default/web')!;
  assert.deepEqual([budget.status.currentHealthy, budget.status.desiredHealthy, budget.status.disruptionsAllowed], [3, 2, 1]);
  const pods = [...sim.store.list<Pod>('Pod')];
  assert.equal(evict(sim.store, pods[0], sim.engine.now).result, 'allowed');
  assert.equal(budget.status.disruptionsAllowed, 0);
  const second = evict(sim.store, pods[1], sim.engine.now);
  assert.equal(second.result, 'blocked');
  assert.equal(second.result === 'blocked' && second.status, 429);
});

test('drain cordons, is blocked by a PDB until the evicted pod is replaced elsewhere, and reports the blocked time', () => {
  const sink = new MemorySink();
  const d = deployment('web', 2, 'web:v1');
  const s = scenario({
    pools: [pool('p', 1)],
    apps: [app('web:v1', 20 * SECOND)],
    resources: [d, pdb({ minAvailable: 1 })],
    timeline: [at(1 * MINUTE, { type: 'addNodes', pool: 'p', count: 1 }), at(1 * MINUTE, { type: 'drain', node: 'p-0' })],
    duration: 5 * MINUTE,
  });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  const facts = sim.run();
  const dr = facts.drains[0];
  assert.equal(dr.node, 'p-0');
  assert.notEqual(dr.completedAt, null);
  assert.equal(dr.evicted, 2);
  assert.ok(dr.blockedSeconds >= 20 && dr.blockedSeconds <= 30, String(dr.blockedSeconds));
  assert.ok(dr.refusedEvictions >= 4);
  assert.ok(sink.rows.some((r) => r.event === 'EvictionBlocked' && r.reason.startsWith('429')));
  assert.ok([...sim.store.list<Pod>('Pod')].every((p) => p.spec.nodeName === 'p-1'));
});
