import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc, { Arbitrary } from 'fast-check';
import { Engine } from '../src/engine/engine';
import { Store } from '../src/store/store';
import { KubeObject, OwnerReference } from '../src/api/meta';
import { Pod, isPodActive } from '../src/api/pod';
import { DeletionIndex } from '../src/controllers/replicaset/deletion-index';
import { podsToDelete } from '../src/controllers/replicaset/pod-ranking';

const NODES = ['n1', 'n2', 'n3', 'n4'];

function ownerRef(rs: KubeObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true };
}

function replicaSet(name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'deployment-uid', controller: true }] },
  };
}

function newPod(rs: KubeObject): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: '', generateName: `${rs.metadata.name}-`, namespace: 'default', ownerReferences: [ownerRef(rs)] },
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'i', ready: false, restartCount: 0, state: {} }] },
  };
}

type Op =
  | { op: 'create'; rs: number }
  | { op: 'tick'; us: number }
  | { op: 'bind'; i: number; node: number }
  | { op: 'ready'; i: number; at: number }
  | { op: 'unready'; i: number }
  | { op: 'phase'; i: number; phase: 'Pending' | 'Running' | 'Unknown' | 'Succeeded' | 'Failed' }
  | { op: 'restart'; i: number }
  | { op: 'cost'; i: number; cost: string | undefined }
  | { op: 'delete'; i: number }
  | { op: 'remove'; i: number }
  | { op: 'orphan'; i: number }
  | { op: 'adopt'; i: number; rs: number };

const i = fc.nat(1000);
const opArb: Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('create' as const), rs: fc.nat(1) }) },
  fc.record({ op: fc.constant('tick' as const), us: fc.nat(3) }),
  { weight: 4, arbitrary: fc.record({ op: fc.constant('bind' as const), i, node: fc.nat(NODES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('ready' as const), i, at: fc.nat(4) }) },
  fc.record({ op: fc.constant('unready' as const), i }),
  fc.record({ op: fc.constant('phase' as const), i, phase: fc.constantFrom('Pending' as const, 'Running' as const, 'Unknown' as const, 'Succeeded' as const, 'Failed' as const) }),
  fc.record({ op: fc.constant('restart' as const), i }),
  fc.record({ op: fc.constant('cost' as const), i, cost: fc.option(fc.constantFrom('-2', '0', '3', 'x'), { nil: undefined }) }),
  fc.record({ op: fc.constant('delete' as const), i }),
  fc.record({ op: fc.constant('remove' as const), i }),
  fc.record({ op: fc.constant('orphan' as const), i }),
  fc.record({ op: fc.constant('adopt' as const), i, rs: fc.nat(1) }),
);

/** Applies one write through the store, as the actors do: mutate in place, then update. */
function apply(store: Store, engine: Engine, rss: KubeObject[], pods: Pod[], o: Op): void {
  if (o.op === 'create') {
    pods.push(store.create(newPod(rss[o.rs])));
    return;
  }
  if (o.op === 'tick') {
    engine.runUntil(engine.now + o.us);
    return;
  }
  if (pods.length === 0) return;
  const p = pods[o.i % pods.length];
  if (store.get('Pod', `default/${p.metadata.name}`) !== p) return;
  switch (o.op) {
    case 'bind':
      p.spec.nodeName = NODES[o.node];
      break;
    case 'ready':
      p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: o.at }];
      break;
    case 'unready':
      p.status.conditions = [{ type: 'Ready', status: 'False', lastTransitionTime: 0 }];
      break;
    case 'phase':
      p.status.phase = o.phase;
      break;
    case 'restart': {
      const c = p.status.containerStatuses![0];
      p.status.containerStatuses = [{ ...c, restartCount: c.restartCount + 1 }];
      break;
    }
    case 'cost':
      p.metadata.annotations = o.cost === undefined ? undefined : { 'controller.kubernetes.io/pod-deletion-cost': o.cost };
      break;
    case 'delete':
      store.delete(p);
      return;
    case 'remove':
      store.remove(p);
      return;
    case 'orphan':
      p.metadata.ownerReferences = undefined;
      break;
    case 'adopt':
      p.metadata.ownerReferences = [ownerRef(rss[o.rs])];
      break;
  }
  store.update(p);
}

/** The reference: pod-ranking.ts podsToDelete over a scan of the store. */
function expected(store: Store, rsUid: string, related: string[], n: number): Pod[] {
  const active: Pod[] = [];
  for (const p of store.ownedBy<Pod>(rsUid)) if (isPodActive(p)) active.push(p);
  const onNode = new Map<string, number>();
  for (const uid of related) {
    for (const p of store.ownedBy<Pod>(uid)) {
      if (isPodActive(p) && p.spec.nodeName) onNode.set(p.spec.nodeName, (onNode.get(p.spec.nodeName) ?? 0) + 1);
    }
  }
  return podsToDelete(active, (p) => (p.spec.nodeName ? onNode.get(p.spec.nodeName) ?? 0 : 0), n);
}

const names = (ps: Pod[]) => ps.map((p) => p.metadata.name);

// Upstream's getPodsToDelete over getPodsRankedByRelatedPodsOnSameNode, read from the index.
test('the index selects the same victims, in the same order, as podsToDelete over the store, after every write', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(opArb, fc.nat(30), fc.boolean()), { minLength: 10, maxLength: 80, size: 'large' }), (steps) => {
      const engine = new Engine(1);
      const store = new Store(engine, 0);
      const rss = [store.create(replicaSet('old')), store.create(replicaSet('new'))];
      const index = new DeletionIndex('ReplicaSet');
      store.indexer('Pod', index);
      const pods: Pod[] = [];
      const group = rss.map((r) => r.metadata.uid!);
      for (const [op, n, alone] of steps) {
        apply(store, engine, rss, pods, op);
        for (const rs of rss) {
          const uid = rs.metadata.uid!;
          const related = alone ? [uid] : group;
          let active = 0;
          for (const p of store.ownedBy<Pod>(uid)) if (isPodActive(p)) active++;
          assert.equal(index.activeCount(uid), active);
          for (const k of [n, active - 1, active]) {
            assert.deepEqual(names(index.podsToDelete(uid, related, k)), names(expected(store, uid, related, k)), `n=${k} after ${JSON.stringify(op)}`);
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('ties keep store.ownedBy order, including a pod that left its owner and came back', () => {
  const engine = new Engine(1);
  const store = new Store(engine, 0);
  const rs = store.create(replicaSet('rs'));
  const index = new DeletionIndex('ReplicaSet');
  store.indexer('Pod', index);
  const [a, b, c] = [0, 1, 2].map(() => store.create(newPod(rs)));
  a.metadata.ownerReferences = undefined;
  store.update(a);
  a.metadata.ownerReferences = [ownerRef(rs)];
  store.update(a);
  const uid = rs.metadata.uid!;
  assert.deepEqual(names(index.podsToDelete(uid, [uid], 3)), names([b, c, a]));
  assert.deepEqual(names(index.podsToDelete(uid, [uid], 2)), names([b, c]), 'equal keys: first in owner order first');
});
