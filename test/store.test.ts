import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../src/engine/engine';
import { MILLISECOND } from '../src/engine/time';
import { Store, WatchType } from '../src/store/store';
import { KubeObject } from '../src/api/meta';
import { Pod, isPodActive, isPodReady } from '../src/api/pod';
import fc, { Arbitrary } from 'fast-check';

function pod(name: string, owner?: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true }] : undefined,
    },
    spec: { containers: [{ name: 'c', image: 'i' }], nodeName },
    status: { phase: 'Pending' },
  };
}

test('create fills uid, resourceVersion and creationTimestamp; update bumps resourceVersion', () => {
  const e = new Engine(1);
  const s = new Store(e, MILLISECOND);
  const p = s.create(pod('a'));
  assert.ok(p.metadata.uid);
  const rv = p.metadata.resourceVersion!;
  s.update(p);
  assert.ok(p.metadata.resourceVersion! > rv);
  assert.equal(p.metadata.creationTimestamp, 0);
  assert.throws(() => s.create(pod('a')), /already exists/);
});

test('watchers are notified after the watch latency, in write order', () => {
  const e = new Engine(1);
  const s = new Store(e, 5 * MILLISECOND);
  const seen: [number, WatchType, string][] = [];
  s.watch('Pod', { onWatch: (t: WatchType, o: KubeObject) => seen.push([e.now, t, o.metadata.name]) });
  const a = s.create(pod('a'));
  s.create(pod('b'));
  s.update(a);
  s.remove(a);
  assert.equal(seen.length, 0, 'nothing delivered synchronously');
  e.runUntilIdle();
  assert.deepEqual(seen, [
    [5000, 'ADDED', 'a'],
    [5000, 'ADDED', 'b'],
    [5000, 'MODIFIED', 'a'],
    [5000, 'DELETED', 'a'],
  ]);
});

test('pods are indexed by owner and by node, and re-indexed on update', () => {
  const e = new Engine(1);
  const s = new Store(e, 0);
  const a = s.create(pod('a', 'owner-1'));
  s.create(pod('b', 'owner-1', 'n1'));
  assert.equal(s.ownedBy('owner-1').size, 2);
  assert.equal(s.podsOn('n1').size, 1);
  a.spec.nodeName = 'n1';
  s.update(a);
  assert.equal(s.podsOn('n1').size, 2);
  s.remove(a);
  assert.equal(s.podsOn('n1').size, 1);
  assert.equal(s.ownedBy('owner-1').size, 1);
});

test('deleting a bound pod is graceful; an unbound pod goes at once; owners cascade', () => {
  const e = new Engine(1);
  const s = new Store(e, 0);
  const owner: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' } };
  s.create(owner);
  const bound = s.create(pod('bound', owner.metadata.uid, 'n1'));
  s.create(pod('unbound', owner.metadata.uid));
  s.delete(owner);
  assert.equal(s.get('ReplicaSet', 'default/rs'), undefined);
  assert.equal(s.get('Pod', 'default/unbound'), undefined, 'unbound pod removed at once');
  assert.equal(s.get('Pod', 'default/bound'), bound, 'bound pod stays until its kubelet removes it');
  assert.equal(bound.metadata.deletionTimestamp, 30_000_000, 'default grace period 30 s');
});

test('generateName draws names from a named stream, so the same seed gives the same names', () => {
  const names = (seed: number) => {
    const s = new Store(new Engine(seed), 0);
    return [1, 2, 3].map(() => s.create({ ...pod(''), metadata: { name: '', generateName: 'web-', namespace: 'default' } }).metadata.name);
  };
  assert.deepEqual(names(7), names(7));
  assert.notDeepEqual(names(7), names(8));
  for (const n of names(7)) assert.match(n, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('owned pod counts always equal a scan of the owner\'s pods, whatever the writes', () => {
  type Op = { op: 'create' | 'ready' | 'unready' | 'succeed' | 'delete' | 'remove' | 'bind'; i: number };
  const opArb = fc.record({ op: fc.constantFrom('create', 'ready', 'unready', 'succeed', 'delete', 'remove', 'bind'), i: fc.nat(9) }) as Arbitrary<Op>;
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const s = new Store(new Engine(1), 0);
      const pods: (Pod | undefined)[] = [];
      for (const { op, i } of ops) {
        const p = pods[i];
        if (op === 'create') {
          if (!p) pods[i] = s.create(pod(`p${i}`, i % 2 ? 'o1' : 'o2'));
          continue;
        }
        if (!p || s.get('Pod', `default/${p.metadata.name}`) !== p) continue;
        if (op === 'ready' || op === 'unready') p.status.conditions = [{ type: 'Ready', status: op === 'ready' ? 'True' : 'False' }];
        if (op === 'succeed') p.status.phase = 'Succeeded';
        if (op === 'bind') p.spec.nodeName = 'n1';
        if (op === 'delete') {
          s.delete(p);
          continue;
        }
        if (op === 'remove') {
          s.remove(p);
          pods[i] = undefined;
          continue;
        }
        s.update(p);
      }
      for (const owner of ['o1', 'o2']) {
        let active = 0;
        let ready = 0;
        for (const p of s.ownedBy<Pod>(owner)) {
          if (!isPodActive(p)) continue;
          active++;
          if (isPodReady(p)) ready++;
        }
        assert.deepEqual({ ...s.ownedPodCounts(owner) }, { active, ready });
      }
    }),
  );
});

test('an indexer sees every create, update and removal synchronously, in write order, as of the write', () => {
  const e = new Engine(1);
  const s = new Store(e, 5 * MILLISECOND);
  const early = s.create(pod('early', 'o1'));
  const rvEarly = early.metadata.resourceVersion;
  const calls: string[] = [];
  const nodeAt = (o: KubeObject) => (o as Pod).spec.nodeName ?? '-';
  s.watch('Pod', { onWatch: (t: WatchType, o: KubeObject) => calls.push(`watch ${t} ${o.metadata.name}`) });
  s.indexer('Pod', {
    indexed: (o) => calls.push(`indexed ${o.metadata.name} rv=${o.metadata.resourceVersion} node=${nodeAt(o)} owned=${s.ownedBy('o1').has(o)}`),
    unindexed: (o) => calls.push(`unindexed ${o.metadata.name} stored=${s.get('Pod', `default/${o.metadata.name}`) !== undefined}`),
  });
  s.indexer('Node', { indexed: (o) => calls.push(`node ${o.metadata.name}`), unindexed: () => calls.push('node gone') });
  const a = s.create(pod('a', 'o1'));
  const rvCreate = a.metadata.resourceVersion;
  a.spec.nodeName = 'n1';
  s.update(a);
  const rvUpdate = a.metadata.resourceVersion;
  s.remove(a);
  s.remove(early);
  assert.deepEqual(calls, [
    `indexed early rv=${rvEarly} node=- owned=true`,
    `indexed a rv=${rvCreate} node=- owned=true`,
    `indexed a rv=${rvUpdate} node=n1 owned=true`,
    'unindexed a stored=false',
    'unindexed early stored=false',
  ], 'objects stored before registration are replayed; the store indexes first; nothing waits for the engine');
  e.runUntilIdle();
  assert.equal(calls.filter((c) => c.startsWith('watch')).length, 4, 'watch notifications come later, through the engine');
});
