import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { SECOND } from '../src/engine/time';
import { Deployment, ReplicaSet } from '../src/api/workloads';
import {
  DESIRED_REPLICAS_ANNOTATION,
  IntOrStringError,
  MAX_INT32,
  MAX_REPLICAS_ANNOTATION,
  NEW_RS_AVAILABLE_REASON,
  REVISION_ANNOTATION,
  TIMED_OUT_REASON,
  cleanupDeployment,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  getProportion,
  getReplicaSetFraction,
  getScaledValueFromIntOrPercent,
  isScalingEvent,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  replicasAnnotationValues,
  resolveFenceposts,
  revisionOf,
  scale,
} from '../src/controllers/deployment/rollout-math';
import { makeDeployment, makeReplicaSet } from '../src/conformance/suites/deployment-util';

const TABLE = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../shared/conformance/deployment-util.json'), 'utf8'),
);

test('intstr.GetScaledValueFromIntOrPercent: percent rounds up or down against total; ints pass through', () => {
  assert.equal(getScaledValueFromIntOrPercent('90%', 95, true), 86);
  assert.equal(getScaledValueFromIntOrPercent('90%', 95, false), 85);
  assert.equal(getScaledValueFromIntOrPercent('25%', 10, true), 3);
  assert.equal(getScaledValueFromIntOrPercent('25%', 10, false), 2);
  assert.equal(getScaledValueFromIntOrPercent(123, 0, false), 123);
  for (const bad of ['90', '40%%', '30%0', '#%', 'oops', '']) {
    assert.throws(() => getScaledValueFromIntOrPercent(bad, 10, true), IntOrStringError, bad);
  }
  assert.throws(() => getScaledValueFromIntOrPercent(undefined, 10, true), /nil value/);
  for (const c of TABLE.intstrScaledValueFromIntOrPercent) {
    if (c.expectError) assert.throws(() => getScaledValueFromIntOrPercent(c.input, c.total, c.roundUp));
    else assert.equal(getScaledValueFromIntOrPercent(c.input, c.total, c.roundUp), c.expectValue);
  }
});

test('ResolveFenceposts: surge rounds up, unavailable down, nil is 0, both 0 forces unavailable 1', () => {
  assert.deepEqual(resolveFenceposts('39%', '39%', 10), { surge: 4, unavailable: 3 });
  assert.deepEqual(resolveFenceposts(null, null, 10), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts('0%', '0%', 0), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(0, 0, 5), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts('1%', 0, 10), { surge: 1, unavailable: 0 });
  assert.throws(() => resolveFenceposts('oops', '39%', 10));
  for (const c of TABLE.resolveFenceposts) {
    if (c.expectError) assert.throws(() => resolveFenceposts(c.maxSurge, c.maxUnavailable, c.desiredReplicas));
    else assert.deepEqual(resolveFenceposts(c.maxSurge, c.maxUnavailable, c.desiredReplicas), { surge: c.expectSurge, unavailable: c.expectUnavailable });
  }
});

test('property: ResolveFenceposts never returns both zero, surge ≥ 0, unavailable ≤ max(desired, 1) for ≤ 100%', () => {
  const value = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
  );
  fc.assert(
    fc.property(value, value, fc.integer({ min: 0, max: 100_000 }), (s, u, desired) => {
      const r = resolveFenceposts(s, u, desired);
      assert.ok(r.surge !== 0 || r.unavailable !== 0);
      assert.ok(r.surge >= 0);
      assert.ok(Number.isInteger(r.surge) && Number.isInteger(r.unavailable));
      if (typeof u === 'string' || u === null) assert.ok(r.unavailable <= Math.max(desired, 1));
      if (typeof s === 'string') assert.ok(r.surge <= desired);
    }),
  );
});

test('MaxUnavailable is capped at replicas and 0 for Recreate / 0 replicas; MinAvailable = replicas − it', () => {
  assert.equal(maxUnavailable(makeDeployment({ replicas: 5, maxSurge: 1, maxUnavailable: 10 })), 5);
  assert.equal(maxUnavailable(makeDeployment({ replicas: 0, maxSurge: 1, maxUnavailable: 10 })), 0);
  assert.equal(maxUnavailable(makeDeployment({ replicas: 10, strategyType: 'Recreate', noRollingUpdate: true })), 0);
  assert.equal(minAvailable(makeDeployment({ replicas: 10, maxSurge: 1, maxUnavailable: '60%' })), 4);
  assert.equal(minAvailable(makeDeployment({ replicas: 10, strategyType: 'Recreate', noRollingUpdate: true })), 0);
  assert.equal(maxSurge(makeDeployment({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' })), 3);
  for (const c of TABLE.maxUnavailable) {
    const d = makeDeployment({ replicas: c.replicas, maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable });
    assert.equal(maxUnavailable(d), c.expected, c.name);
  }
  for (const c of TABLE.minAvailable) {
    const d = makeDeployment({ replicas: c.replicas, maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable });
    assert.equal(minAvailable(d), c.expected, c.name);
  }
});

test('NewRSNewReplicas grows the new RS within replicas + maxSurge, never beyond replicas; Recreate jumps', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: 2, maxUnavailable: 0 });
  const newRS = makeReplicaSet({ name: 'new', replicas: 0 });
  assert.equal(newRSNewReplicas(d, [newRS, makeReplicaSet({ name: 'old', replicas: 5 })], newRS), 7);
  assert.equal(newRSNewReplicas(d, [newRS, makeReplicaSet({ name: 'old', replicas: 12 })], newRS), 0);
  const grown = makeReplicaSet({ name: 'new', replicas: 8 });
  assert.equal(newRSNewReplicas(d, [grown], grown), 10);
  const recreate = makeDeployment({ replicas: 3, strategyType: 'Recreate', maxSurge: 1, maxUnavailable: 1 });
  assert.equal(newRSNewReplicas(recreate, [makeReplicaSet({ name: 'o', replicas: 5 })], newRS), 3);
});

test('getReplicaSetFraction / GetProportion: proportional share, falling back to status.replicas', () => {
  const d = makeDeployment({ replicas: 120, maxSurge: 10, maxUnavailable: 1 });
  const rs = makeReplicaSet({ name: 'rs', replicas: 50, annotations: { [MAX_REPLICAS_ANNOTATION]: '110' } });
  assert.equal(getReplicaSetFraction(rs, d), 9);
  const noAnnotation = makeDeployment({ replicas: 120, statusReplicas: 100, maxSurge: 0, maxUnavailable: 1 });
  assert.equal(getReplicaSetFraction(makeReplicaSet({ name: 'x', replicas: 50 }), noAnnotation), 10);
  assert.equal(getReplicaSetFraction(rs, makeDeployment({ replicas: 0 })), -50);
  assert.equal(getProportion(rs, d, 3, 0), 3);
  assert.equal(getProportion(rs, d, 3, 3), 0);
  assert.equal(getProportion(null, d, 3, 0), 0);
  for (const c of TABLE.getReplicaSetFraction) {
    const dd = makeDeployment({ replicas: c.deploymentReplicas, statusReplicas: c.deploymentStatusReplicas, maxSurge: c.deploymentMaxSurge, maxUnavailable: 1 });
    const r = makeReplicaSet({
      name: 'r',
      replicas: c.rsReplicas,
      ...(c.rsMaxReplicasAnnotation !== null ? { annotations: { [MAX_REPLICAS_ANNOTATION]: c.rsMaxReplicasAnnotation } } : {}),
    });
    assert.equal(getReplicaSetFraction(r, dd), c.expectedFraction, c.name);
  }
});

function stamped(name: string, replicas: number, createdMin: number, desired: number, max: number, available = 0): ReplicaSet {
  return makeReplicaSet({
    name,
    replicas,
    availableReplicas: available,
    creationTimestamp: createdMin * 60 * SECOND,
    annotations: { [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) },
  });
}

test('sync.go scale: proportional scaling mid-rollout, leftovers to the largest RS', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: 0, maxUnavailable: 0 });
  const newRS = stamped('v2', 2, 2, 5, 5);
  const old = stamped('v1', 3, 1, 5, 5);
  const sizes = scale(d, newRS, [old]).map((s) => [s.rs.metadata.name, s.replicas]);
  assert.deepEqual(sizes, [['v1', 6], ['v2', 4]]);

  const down = makeDeployment({ replicas: 2, maxSurge: 0, maxUnavailable: 0 });
  const r = scale(down, stamped('v3', 1, 3, 3, 3), [stamped('v2', 1, 2, 3, 3), stamped('v1', 1, 1, 3, 3)]);
  assert.deepEqual(Object.fromEntries(r.map((s) => [s.rs.metadata.name, s.replicas])), { v3: 1, v2: 1, v1: 0 });

  const single = scale(makeDeployment({ replicas: 12, maxSurge: 0, maxUnavailable: 0 }), stamped('v1', 10, 0, 10, 10), []);
  assert.deepEqual(single.map((s) => s.replicas), [12]);
  assert.deepEqual(scale(makeDeployment({ replicas: 10 }), stamped('v1', 10, 0, 10, 10), []), []);

  const saturated = stamped('v2', 5, 2, 5, 5, 5);
  const adopt = scale(makeDeployment({ replicas: 5, maxSurge: 1, maxUnavailable: 0 }), saturated, [stamped('v1', 2, 1, 5, 6)]);
  assert.deepEqual(adopt.map((s) => [s.rs.metadata.name, s.replicas]), [['v1', 0]]);

  for (const c of TABLE.scale) {
    const oldD = makeDeployment({ replicas: c.oldDeployment.replicas, maxSurge: c.oldDeployment.maxSurge, maxUnavailable: c.oldDeployment.maxUnavailable });
    const dd = makeDeployment({ replicas: c.deployment.replicas, maxSurge: c.deployment.maxSurge, maxUnavailable: c.deployment.maxUnavailable });
    const mk = (x: any) => {
      const desired = c.desiredReplicasAnnotationOverrides[x.name] ?? c.oldDeployment.replicas;
      return makeReplicaSet({
        name: x.name,
        replicas: x.specReplicas,
        creationTimestamp: Date.parse(x.createdAt) * 1000,
        annotations: { [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(desired + maxSurge(oldD)) },
      });
    };
    const n = c.newRS ? mk(c.newRS) : null;
    const o = (c.oldRSs as any[]).map(mk);
    const got = new Map(scale(dd, n, o).map((s) => [s.rs.metadata.name, s.replicas]));
    const size = (rs: ReplicaSet) => (c.wasntUpdated.includes(rs.metadata.name) ? rs.spec.replicas : got.get(rs.metadata.name) ?? rs.spec.replicas);
    assert.deepEqual(o.map(size), c.expectedOldReplicas, c.name);
    if (n) assert.equal(size(n), c.expectedNewReplicas, c.name);
  }
});

test('scaling-event helpers: replica annotations and isScalingEvent', () => {
  const d = makeDeployment({ replicas: 10, maxSurge: '25%', maxUnavailable: '25%' });
  assert.deepEqual(replicasAnnotationValues(d), { desired: 10, max: 13 });
  assert.equal(isScalingEvent(d, [stamped('a', 3, 0, 10, 13)]), false);
  assert.equal(isScalingEvent(d, [stamped('a', 3, 0, 8, 10)]), true);
  assert.equal(isScalingEvent(d, [stamped('a', 0, 0, 8, 10)]), false);
});

test('DeploymentComplete and DeploymentProgressing compare status counts as upstream', () => {
  const d = makeDeployment({ replicas: 5, maxSurge: 0, maxUnavailable: 1 });
  const st = { replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5, unavailableReplicas: 0 };
  assert.equal(deploymentComplete(d, st), true);
  assert.equal(deploymentComplete(d, { ...st, availableReplicas: 4 }), false);
  assert.equal(deploymentComplete({ ...d, metadata: { ...d.metadata, generation: 2 } }, { ...st, observedGeneration: 1 }), false);
  const p: Deployment = { ...d, status: { replicas: 10, updatedReplicas: 7, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 } };
  assert.equal(deploymentProgressing(p, { ...p.status, updatedReplicas: 6 }), false);
  assert.equal(deploymentProgressing(p, { ...p.status, replicas: 9 }), true);
  assert.equal(deploymentProgressing(p, { ...p.status, availableReplicas: 4 }), true);
});

test('DeploymentTimedOut: strictly after lastUpdateTime + progressDeadlineSeconds; reasons short-circuit', () => {
  const d = makeDeployment({ replicas: 1, progressDeadlineSeconds: 10 });
  const withCond = (reason: string, lastUpdateTime: number) => ({
    ...d.status,
    conditions: [{ type: 'Progressing' as const, status: 'True' as const, reason, lastUpdateTime }],
  });
  assert.equal(deploymentTimedOut(d, withCond('', 69 * SECOND), 80 * SECOND), true);
  assert.equal(deploymentTimedOut(d, withCond('', 70 * SECOND), 80 * SECOND), false);
  assert.equal(deploymentTimedOut(d, withCond('', 71 * SECOND), 80 * SECOND), false);
  assert.equal(deploymentTimedOut(d, withCond(NEW_RS_AVAILABLE_REASON, 0), 80 * SECOND), false);
  assert.equal(deploymentTimedOut(d, withCond(TIMED_OUT_REASON, 80 * SECOND), 80 * SECOND), true);
  assert.equal(deploymentTimedOut(d, d.status, 80 * SECOND), false);
  const none = makeDeployment({ replicas: 1, progressDeadlineSeconds: MAX_INT32 });
  assert.equal(deploymentTimedOut(none, withCond('', 0), 1e12), false);
});

test('revisions and cleanupDeployment: oldest revisions go first, RSs with replicas are skipped', () => {
  const rev = (name: string, r: string | null, replicas = 0, createdMin = 0) =>
    makeReplicaSet({
      name,
      replicas,
      statusReplicas: replicas,
      creationTimestamp: createdMin * 60 * SECOND,
      ...(r !== null ? { annotations: { [REVISION_ANNOTATION]: r } } : {}),
    });
  assert.equal(revisionOf(rev('a', '7')), 7);
  assert.equal(revisionOf(rev('a', null)), 0);
  assert.equal(revisionOf(rev('a', 'x')), undefined);
  assert.equal(maxRevision([rev('a', '1'), rev('b', '3'), rev('c', 'x')]), 3);

  const d = (limit?: number) => makeDeployment({ replicas: 1, revisionHistoryLimit: limit });
  const four = [rev('foo-1', '3', 0, 1), rev('foo-2', '1', 0, 2), rev('foo-3', '4', 0, 3), rev('foo-4', '2', 0, 4)];
  assert.deepEqual(cleanupDeployment(four, d(2)).map((r) => r.metadata.name), ['foo-2', 'foo-4']);
  assert.deepEqual(cleanupDeployment(four, d(MAX_INT32)), []);
  assert.deepEqual(cleanupDeployment(four, d(undefined)), []);
  const busy = [rev('foo-1', '1', 1, 1), rev('foo-2', '2', 1, 2), rev('foo-3', '3', 0, 3)];
  assert.deepEqual(cleanupDeployment(busy, d(1)), []);
});

test('EqualIgnoreHash ignores only the pod-template-hash label', () => {
  const t = (labels: Record<string, string>, nodeName = 'n') => ({ metadata: { name: 'foo', labels }, spec: { containers: [], nodeName } });
  assert.equal(equalIgnoreHash(t({ a: '1', 'pod-template-hash': 'x' }), t({ a: '1', 'pod-template-hash': 'y' })), true);
  assert.equal(equalIgnoreHash(t({ a: '1' }), t({ a: '1', 'pod-template-hash': 'y' })), true);
  assert.equal(equalIgnoreHash(t({ a: '1' }), t({ a: '2' })), false);
  assert.equal(equalIgnoreHash(t({ a: '1' }), t({ 'pod-template-hash': 'y' })), false, 'hash removed from both, then compared');
  assert.equal(equalIgnoreHash(t({ a: '' }), t({})), false);
  assert.equal(equalIgnoreHash(t({ a: '1' }, 'n1'), t({ a: '1' }, 'n2')), false);
  assert.equal(equalIgnoreHash(withAnnotationsTemplate(t({ a: '1' })), t({ a: '1' })), false);
});

function withAnnotationsTemplate<T extends { metadata: object }>(x: T): T {
  return { ...x, metadata: { ...x.metadata, annotations: { k: 'v' } } };
}
