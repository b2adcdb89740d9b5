import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Pod } from '../src/api/pod';
import { podDeletionOrder, compareForDeletion, podsToDelete } from '../src/controllers/replicaset/pod-ranking';

function pod(name: string, o: { node?: string; phase?: Pod['status']['phase']; ready?: boolean; readyAt?: number; restarts?: number; created?: number; cost?: number } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      creationTimestamp: o.created ?? 0,
      annotations: o.cost !== undefined ? { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } : undefined,
    },
    spec: { containers: [{ name: 'c', image: 'i' }], nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.readyAt ?? 0 }] : [],
      containerStatuses: [{ name: 'c', image: 'i', ready: !!o.ready, restartCount: o.restarts ?? 0, state: {} }],
    },
  };
}

const names = (ps: Pod[]) => ps.map((p) => p.metadata.name);
const noRank = () => 0;

// controller.ActivePodsWithRanks.Less, rule by rule: the first pod listed is deleted first.
test('unassigned pods go before assigned ones', () => {
  assert.deepEqual(names(podDeletionOrder([pod('a', { node: 'n' }), pod('u')], noRank)), ['u', 'a']);
});
test('Pending before Unknown before Running', () => {
  const ps = [pod('r', { node: 'n', phase: 'Running' }), pod('k', { node: 'n', phase: 'Unknown' }), pod('p', { node: 'n', phase: 'Pending' })];
  assert.deepEqual(names(podDeletionOrder(ps, noRank)), ['p', 'k', 'r']);
});
test('not ready before ready; lower pod-deletion-cost first', () => {
  assert.deepEqual(names(podDeletionOrder([pod('r', { node: 'n', ready: true }), pod('x', { node: 'n' })], noRank)), ['x', 'r']);
  assert.deepEqual(names(podDeletionOrder([pod('hi', { node: 'n', cost: 10 }), pod('lo', { node: 'n', cost: -5 })], noRank)), ['lo', 'hi']);
});
test('doubled-up pods (more of the owner on the node) first; then ready for less time; more restarts; newer', () => {
  const rank = (p: Pod) => (p.metadata.name === 'crowded' ? 3 : 1);
  assert.deepEqual(names(podDeletionOrder([pod('alone', { node: 'a' }), pod('crowded', { node: 'b' })], rank)), ['crowded', 'alone']);
  assert.deepEqual(names(podDeletionOrder([pod('old', { node: 'n', ready: true, readyAt: 5 }), pod('new', { node: 'n', ready: true, readyAt: 50 })], noRank)), ['new', 'old']);
  assert.deepEqual(names(podDeletionOrder([pod('calm', { node: 'n' }), pod('flappy', { node: 'n', restarts: 4 })], noRank)), ['flappy', 'calm']);
  assert.deepEqual(names(podDeletionOrder([pod('older', { node: 'n', created: 1 }), pod('newer', { node: 'n', created: 9 })], noRank)), ['newer', 'older']);
});

test('the precomputed-key sort agrees with the pairwise comparator on any pods', () => {
  const podArb = fc.record({
    node: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }),
    phase: fc.constantFrom('Pending', 'Running', 'Unknown') as fc.Arbitrary<Pod['status']['phase']>,
    ready: fc.boolean(),
    readyAt: fc.nat(100),
    restarts: fc.nat(3),
    created: fc.nat(100),
    cost: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(podArb, { maxLength: 30 }), (specs) => {
      const ps = specs.map((o, i) => pod(`p${i}`, o));
      const rank = (p: Pod) => (p.spec.nodeName === 'n1' ? 2 : 1);
      const expected = [...ps].sort((a, b) => compareForDeletion(a, b, rank(a), rank(b)));
      assert.deepEqual(names(podDeletionOrder(ps, rank)), names(expected));
    }),
  );
});

test('podsToDelete picks the first n of the full deletion order, in order, for every n', () => {
  const podArb = fc.record({
    node: fc.option(fc.constantFrom('n1', 'n2', 'n3'), { nil: undefined }),
    phase: fc.constantFrom('Pending', 'Running', 'Unknown') as fc.Arbitrary<Pod['status']['phase']>,
    ready: fc.boolean(),
    readyAt: fc.nat(5),
    restarts: fc.nat(2),
    created: fc.nat(5),
  });
  fc.assert(
    fc.property(fc.array(podArb, { maxLength: 40 }), fc.nat(45), (specs, n) => {
      const ps = specs.map((o, i) => pod(`p${i}`, o));
      const rank = (p: Pod) => (p.spec.nodeName === 'n1' ? 3 : p.spec.nodeName === 'n2' ? 1 : 0);
      const want = n >= ps.length ? names(ps) : names(podDeletionOrder(ps, rank).slice(0, n));
      assert.deepEqual(names(podsToDelete(ps, rank, n)), want);
    }),
  );
});
