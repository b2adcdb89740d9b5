import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECOND } from '../src/engine/time';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from '../src/controllers/deployment/rolling-decisions';
import { makeDeployment, makeReplicaSet } from '../src/conformance/suites/deployment-util';

const TABLE = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../shared/conformance/deployment-rolling.json'), 'utf8'),
);

const rs = (name: string, replicas: number, available = 0, createdS = 0) =>
  makeReplicaSet({ name, replicas, availableReplicas: available, creationTimestamp: createdS * SECOND });

test('rolling.go reconcileNewReplicaSet: grow within maxSurge, shrink to replicas, else no change', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: 2, maxUnavailable: 0 });
  const fresh = rs('new', 0);
  assert.equal(reconcileNewReplicaSet([fresh, rs('old', 5)], fresh, d), 7);
  const surged = rs('new', 2);
  assert.equal(reconcileNewReplicaSet([surged, rs('old', 10)], surged, d), undefined);
  const big = rs('new', 14);
  assert.equal(reconcileNewReplicaSet([big], big, d), 10);
  const done = rs('new', 10);
  assert.equal(reconcileNewReplicaSet([done], done, d), undefined);
  for (const c of TABLE.reconcileNewReplicaSet) {
    if (c.featureGated) continue;
    const dd = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: c.maxSurge, maxUnavailable: 0 });
    const n = rs('new', c.newReplicas);
    const got = reconcileNewReplicaSet([n, rs('old', c.oldReplicas)], n, dd);
    assert.equal(got, c.scaleExpected ? c.expectedNewReplicas : undefined, c.name);
  }
});

test('cleanupUnhealthyReplicas removes unavailable old replicas, oldest RS first, up to the cap', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: 2, maxUnavailable: 2 });
  const older = rs('older', 4, 1, 1);
  const newer = rs('newer', 6, 4, 2);
  const r = cleanupUnhealthyReplicas([newer, older], d, 4);
  assert.deepEqual(r.scalings.map((s) => [s.rs.metadata.name, s.replicas]), [['older', 1], ['newer', 5]]);
  assert.equal(r.totalScaledDown, 4);
  assert.equal(cleanupUnhealthyReplicas([rs('o', 10, 10)], d, 3).totalScaledDown, 0);
  const broken = cleanupUnhealthyReplicas([rs('o', 2, 5)], d, 3);
  assert.match(broken.error ?? '', /invalid request to scale down default\/o 2 -> 5/);
  for (const c of TABLE.cleanupUnhealthyReplicas) {
    const got = cleanupUnhealthyReplicas([rs('old', c.oldReplicas, c.readyPods)], d, c.maxCleanupCount);
    assert.equal(got.totalScaledDown, c.cleanupCountExpected);
  }
});

test('scaleDownOldReplicaSetsForRollingUpdate removes available − minAvailable, oldest first', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: 0, maxUnavailable: 0 });
  const r = scaleDownOldReplicaSetsForRollingUpdate([rs('old', 10, 10)], [rs('old', 10, 10)], d);
  assert.deepEqual(r.scalings.map((s) => s.replicas), [9]);
  const d3 = makeDeployment({ replicas: 10, maxSurge: 3, maxUnavailable: 3 });
  const a = rs('a', 2, 2, 1);
  const b = rs('b', 5, 5, 2);
  const n = rs('n', 6, 6, 3);
  const r2 = scaleDownOldReplicaSetsForRollingUpdate([a, b, n], [b, a], d3);
  assert.deepEqual(r2.scalings.map((s) => [s.rs.metadata.name, s.replicas]), [['a', 0], ['b', 1]]);
  assert.equal(r2.totalScaledDown, 6);
  for (const c of TABLE.scaleDownOldReplicaSetsForRollingUpdate) {
    const dd = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: 0, maxUnavailable: c.maxUnavailable });
    const old = rs('old', c.oldReplicas, c.readyPods);
    const got = scaleDownOldReplicaSetsForRollingUpdate([old], [old], dd);
    assert.deepEqual(got.scalings.map((s) => s.replicas), c.scaleExpected ? [c.expectedOldReplicas] : []);
  }
});

test('reconcileOldReplicaSets: cleanup first, then scale down, bounded by maxScaledDown', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: 0, maxUnavailable: 2 });
  const old = rs('old', 10, 9);
  const n = rs('new', 0);
  const r = reconcileOldReplicaSets([old, n], [old], n, d);
  assert.equal(r.scaled, true);
  assert.equal(r.totalScaledDown, 2);
  assert.deepEqual(r.scalings.map((s) => [s.rs.metadata.name, s.replicas]), [['old', 8]]);

  const blocked = makeDeployment({ replicas: 10, maxSurge: 3, maxUnavailable: 0 });
  const o2 = rs('old', 10, 10);
  const unready = rs('new', 3, 0);
  assert.equal(reconcileOldReplicaSets([o2, unready], [o2], unready, blocked).scaled, false);
  const ready = rs('new', 3, 3);
  const r3 = reconcileOldReplicaSets([o2, ready], [o2], ready, blocked);
  assert.deepEqual(r3.scalings.map((s) => s.replicas), [7]);

  const empty = rs('old', 0);
  assert.equal(reconcileOldReplicaSets([empty, n], [empty], n, d).scaled, false);

  for (const c of TABLE.reconcileOldReplicaSets) {
    const dd = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: 0, maxUnavailable: c.maxUnavailable });
    const o = rs('old', c.oldReplicas, c.readyPodsFromOldRS);
    const nn = rs('new', c.newReplicas, c.readyPodsFromNewRS);
    const got = reconcileOldReplicaSets([o, nn], [o], nn, dd);
    assert.equal(got.scaled, c.scaleExpected);
    assert.equal(got.scalings.find((s) => s.rs === o)?.replicas, c.expectedOldReplicas);
  }
});

test('a rollout driven only by these decisions converges to the new RS within the fenceposts', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' });
  let oldSize = 10;
  let newSize = 0;
  let steps = 0;
  while ((oldSize > 0 || newSize < 10) && steps < 50) {
    steps++;
    const old = rs('old', oldSize, oldSize, 1);
    const fresh = rs('new', newSize, newSize, 2);
    const grow = reconcileNewReplicaSet([old, fresh], fresh, d);
    if (grow !== undefined) newSize = grow;
    const fresh2 = rs('new', newSize, newSize, 2);
    const shrink = reconcileOldReplicaSets([old, fresh2], [old], fresh2, d);
    for (const s of shrink.scalings) oldSize = s.replicas;
    assert.ok(oldSize + newSize <= 13, 'never above replicas + maxSurge (3)');
    assert.ok(oldSize + newSize >= 8, 'never below replicas − maxUnavailable (2)');
  }
  assert.deepEqual([oldSize, newSize], [0, 10]);
  assert.ok(steps <= 6, `converged in ${steps} steps`);
});
