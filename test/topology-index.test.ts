import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Pod } from '../src/api/pod';
import { parseSelector, everything, nothing, Selector } from '../src/api/label-selector';
import { TopologyIndex, podSignature } from '../src/scheduler/topology-index';

function pod(ns: string, labels: Record<string, string>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: ns, labels }, spec: { containers: [] }, status: { phase: 'Running' } };
}

test('cached spread counts equal a fresh count after any sequence of pod adds and removes', () => {
  const selectors: Selector[] = [parseSelector('app=a'), parseSelector('app in (a,b)'), parseSelector('!tier'), everything(), nothing()];
  const opArb = fc.record({
    domain: fc.constantFrom('z1', 'z2', 'z3'),
    ns: fc.constantFrom('n1', 'n2'),
    app: fc.constantFrom('a', 'b', 'c'),
    tier: fc.boolean(),
    add: fc.boolean(),
    ask: fc.nat(selectors.length - 1),
  });
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
      const idx = new TopologyIndex('zone');
      const live: { domain: string; p: Pod }[] = [];
      for (const o of ops) {
        const p = pod(o.ns, o.tier ? { app: o.app, tier: 'web' } : { app: o.app });
        if (o.add || live.length === 0) {
          idx.bump(o.domain, podSignature(p), p, 1);
          live.push({ domain: o.domain, p });
        } else {
          const gone = live.shift()!;
          idx.bump(gone.domain, podSignature(gone.p), gone.p, -1);
        }
        const sel = selectors[o.ask];
        for (const d of ['z1', 'z2', 'z3']) {
          const fresh = live.filter((l) => l.domain === d && l.p.metadata.namespace === o.ns && sel.matches(l.p.metadata.labels)).length;
          assert.equal(idx.count(d, sel, o.ns), fresh, `${d} ${sel.toString()} ${o.ns}`);
        }
      }
    }),
  );
});

test('a node\'s cached selector counts equal a fresh count after pods are added, removed or marked for deletion', () => {
  const { NodeInfo } = require('../src/scheduler/node-info') as typeof import('../src/scheduler/node-info');
  const { countPodsMatchSelector } = require('../src/scheduler/plugins/pod-topology-spread') as typeof import('../src/scheduler/plugins/pod-topology-spread');
  const sel = parseSelector('app=a');
  fc.assert(
    fc.property(fc.array(fc.record({ op: fc.constantFrom('add', 'remove', 'delete'), app: fc.constantFrom('a', 'b') }), { maxLength: 40 }), (ops) => {
      const ni = new NodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: {}, status: { capacity: {}, allocatable: { pods: '110' }, conditions: [] } });
      for (const o of ops) {
        if (o.op === 'add') ni.addPod(pod('ns', { app: o.app }));
        else if (ni.pods.length > 0 && o.op === 'remove') ni.removePod(ni.pods[0]);
        else if (ni.pods.length > 0) {
          ni.pods[ni.pods.length - 1].metadata.deletionTimestamp = 1;
          ni.touch();
        }
        assert.equal(ni.countMatching('k', sel, 'ns'), countPodsMatchSelector(ni.pods, sel, 'ns'));
      }
    }),
  );
});

test('a snapshot index gives every listed node the id of its own domain', () => {
  const { NodeInfo } = require('../src/scheduler/node-info') as typeof import('../src/scheduler/node-info');
  const { Snapshot } = require('../src/scheduler/snapshot') as typeof import('../src/scheduler/snapshot');
  const { MISSING } = require('../src/scheduler/topology-index') as typeof import('../src/scheduler/topology-index');
  fc.assert(
    fc.property(fc.array(fc.option(fc.constantFrom('', 'z1', 'z2', 'z3'), { nil: undefined }), { minLength: 1, maxLength: 10 }), fc.nat(9), (zones, removed) => {
      const infos = zones.map(
        (z, i) =>
          new NodeInfo({
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: `n${i}`, labels: z === undefined ? {} : { zone: z } },
            spec: {},
            status: { capacity: {}, allocatable: { pods: '110' }, conditions: [] },
          }),
      );
      const s = Snapshot.of(infos);
      s.topologyIndex('zone');
      s.removeNode(`n${removed % infos.length}`);
      const idx = s.topologyIndex('zone');
      const table = s.totalsTable();
      const seen = new Map<number, string>();
      for (const ni of s.list()) {
        const domain = ni.node.metadata.labels?.zone ?? MISSING;
        const id = idx.nodeDomainIds[s.slotOf(ni, table)];
        assert.equal(id, idx.domainId(domain));
        assert.equal(seen.get(id) ?? domain, domain, 'one id per domain');
        seen.set(id, domain);
      }
      assert.deepEqual([...idx.domainIds().values()].sort(), [...idx.domains.keys()].map((_, i) => i));
    }),
  );
});

test('cached spread counts stay equal to a fresh count while more selectors are asked than are kept', () => {
  const selectors = Array.from({ length: 68 }, (_, i) => parseSelector(`app notin (a${i})`));
  fc.assert(
    fc.property(fc.array(fc.record({ ask: fc.nat(67), ns: fc.constantFrom('n1', 'n2'), app: fc.nat(67), domain: fc.constantFrom('z1', 'z2') }), { minLength: 200, maxLength: 400 }), (ops) => {
      const idx = new TopologyIndex('zone');
      const live: { domain: string; p: Pod }[] = [];
      for (const o of ops) {
        const p = pod(o.ns, { app: `a${o.app}` });
        idx.bump(o.domain, podSignature(p), p, 1);
        live.push({ domain: o.domain, p });
        const sel = selectors[o.ask];
        const fresh = live.filter((l) => l.domain === 'z1' && l.p.metadata.namespace === o.ns && sel.matches(l.p.metadata.labels)).length;
        assert.equal(idx.count('z1', sel, o.ns), fresh);
      }
    }),
    { numRuns: 30 },
  );
});
