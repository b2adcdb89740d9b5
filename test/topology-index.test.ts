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
