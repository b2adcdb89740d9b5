import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { SECOND, MINUTE } from '../src/engine/time';
import { KubeObject } from '../src/api/meta';
import { Pod, isPodActive, isPodReady } from '../src/api/pod';
import { resolveFenceposts } from '../src/controllers/deployment/rollout-math';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const TARGET = { kind: 'Deployment', name: 'web', namespace: 'default' };

/**
 * Rolls `replicas` pods from v1 to v2 and checks, after every pod notification during the
 * rollout, the RollingUpdate guarantees with the resolved fenceposts (deploymentutil.ResolveFenceposts):
 * ready pods ≥ replicas − maxUnavailable and active pods ≤ replicas + maxSurge.
 */
function rollAndCheck(replicas: number, maxSurge: number | string, maxUnavailable: number | string) {
  const d = deployment('web', replicas, 'web:v1', {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
  });
  const s = scenario({
    pools: [pool('p', 10)],
    apps: [app('web:v1', 5 * SECOND), app('web:v2', 5 * SECOND)],
    resources: [d],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: TARGET, image: 'web:v2' })],
    duration: 20 * MINUTE,
  });
  const sim = new Simulation(s);
  const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, replicas);
  let checked = 0;
  sim.store.watch('Pod', {
    onWatch: (_t, _o: KubeObject) => {
      if (sim.engine.now < 1 * MINUTE) return;
      let active = 0;
      let ready = 0;
      for (const p of sim.store.list<Pod>('Pod')) {
        if (!isPodActive(p)) continue;
        active++;
        if (isPodReady(p)) ready++;
      }
      assert.ok(active <= replicas + surge, `at ${sim.engine.now}: ${active} pods > ${replicas} + ${surge}`);
      assert.ok(ready >= replicas - unavailable, `at ${sim.engine.now}: ${ready} ready < ${replicas} − ${unavailable}`);
      checked++;
    },
  });
  const facts = sim.run();
  const rollout = facts.rollouts.find((r) => r.revision === 2);
  assert.ok(rollout && rollout.completedAt !== null, 'revision 2 completed');
  assert.ok(checked > 0);
  const images = [...sim.store.list<Pod>('Pod')].map((p) => p.spec.containers[0].image);
  assert.equal(images.length, replicas);
  assert.ok(images.every((i) => i === 'web:v2'));
  return rollout!;
}

for (const [n, surge, unavail] of [
  [10, '25%', '25%'],
  [10, 1, 0],
  [10, 0, 1],
  [7, '50%', '0%'],
  [3, '25%', '25%'],
] as [number, number | string, number | string][]) {
  test(`rolling update of ${n} replicas (maxSurge ${surge}, maxUnavailable ${unavail}) keeps its bounds and completes`, () => {
    rollAndCheck(n, surge, unavail);
  });
}

test('a smaller maxSurge makes the rollout take more waves', () => {
  const fast = rollAndCheck(10, '100%', 0);
  const slow = rollAndCheck(10, 1, 0);
  assert.ok(slow.durationSeconds! > 3 * fast.durationSeconds!, `${slow.durationSeconds} vs ${fast.durationSeconds}`);
});

test('a completed Deployment that loses a ready pod past its progress deadline is re-synced at the rate limiter\'s pace, not in a hot loop', () => {
  // requeueStuckDeployment → enqueueRateLimited under client-go's DefaultControllerRateLimiter:
  // 5 ms per item (reset by Forget), then the 10 qps bucket once its burst of 100 is spent.
  const s = scenario({
    pools: [pool('p', 2)],
    apps: [app('web:v1', 20 * SECOND)],
    resources: [deployment('web', 2, 'web:v1')],
    duration: 30 * MINUTE,
  });
  const sim = new Simulation(s);
  sim.runUntil(15 * MINUTE);
  let syncs = 0;
  const orig = sim.deployments.reconcile.bind(sim.deployments);
  sim.deployments.reconcile = (k: string) => {
    syncs++;
    return orig(k);
  };
  const victim = [...sim.store.list<Pod>('Pod')][0];
  sim.store.delete(victim, 0);
  sim.runUntil(16 * MINUTE);
  // ~21 s until the replacement is ready: ≤ 100 syncs at 5 ms + 10 ms latency, then ~10 per second.
  assert.ok(syncs > 50, `re-synced while stuck: ${syncs}`);
  assert.ok(syncs < 100 + 12 * 25, `paced by the rate limiter: ${syncs}`);
  assert.equal(sim.store.get<import('../src/api/workloads').Deployment>('Deployment', 'default/web')!.status.readyReplicas, 2);
});
