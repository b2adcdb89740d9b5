import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CycleState } from '../src/scheduler/framework';
import { NodeInfo } from '../src/scheduler/node-info';
import { Snapshot } from '../src/scheduler/snapshot';
import { PodTopologySpread } from '../src/scheduler/plugins/pod-topology-spread';
import { node, pod } from './scheduler-fixtures';

/** Normalized PodTopologySpread scores of `incoming` over the first `feasible` nodes. */
function scores(spread: PodTopologySpread, infos: NodeInfo[], feasible: number, incoming: ReturnType<typeof pod>, snapshot?: Snapshot): number[] {
  const state = new CycleState();
  const nodes = infos.slice(0, feasible);
  const st = spread.preScore(state, incoming, nodes, infos, snapshot);
  if (st !== null) return st.code === 'Skip' ? [] : [-1];
  const out = nodes.map(() => 0);
  spread.scoreNodes(state, incoming, nodes, out);
  spread.normalizeScore(state, incoming, nodes, out);
  return out;
}

// The snapshot path (topology index, early stop once every domain is seen) must score exactly as
// the per-node walk over every node does, for pod-set and system-default constraints alike.
test('PodTopologySpread scores through the snapshot equal the per-node walk', () => {
  const clusterArb = fc.record({
    zones: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }),
    pods: fc.array(fc.record({ node: fc.nat(11), app: fc.constantFrom('a', 'b') }), { maxLength: 40 }),
    feasible: fc.integer({ min: 1, max: 12 }),
    own: fc.boolean(),
    skew: fc.integer({ min: 1, max: 3 }),
  });
  fc.assert(
    fc.property(clusterArb, (c) => {
      const infos = c.zones.map((z, i) => new NodeInfo(node(`n${i}`, { cpu: '8', memory: '8Gi', pods: '110' }, { 'topology.kubernetes.io/zone': `z${z}` })));
      for (const p of c.pods) infos[p.node % infos.length].addPod(pod({}, { nodeName: `n${p.node % infos.length}` }, { app: p.app }));
      const incoming = pod(
        {},
        c.own
          ? { topologySpreadConstraints: [{ maxSkew: c.skew, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'a' } } }] }
          : {},
        { app: 'a' },
      );
      const spread = new PodTopologySpread({ defaultSelector: () => ({ matchLabels: { app: 'a' } }) });
      const feasible = Math.min(c.feasible, infos.length);
      const viaSnapshot = scores(spread, infos, feasible, incoming, Snapshot.of(infos));
      const walked = scores(spread, infos, feasible, incoming);
      assert.deepEqual(viaSnapshot, walked);
    }),
    { numRuns: 300 },
  );
});

// scoreNodes reads per-slot domain ids and per-domain terms (SlotScoring); Score reads the node's
// labels (scoreNode). Both must give the same raw scores, with nodes lacking the zone or hostname
// label, own constraints on either key, and node affinity sending PreScore off the index path.
test('PodTopologySpread raw scores by slot equal the per-node label reads', () => {
  const clusterArb = fc.record({
    zones: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 12 }),
    noHostname: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    pods: fc.array(fc.record({ node: fc.nat(11), app: fc.constantFrom('a', 'b'), ns: fc.constantFrom('default', 'other') }), { maxLength: 40 }),
    feasible: fc.integer({ min: 1, max: 12 }),
    keys: fc.subarray(['topology.kubernetes.io/zone', 'kubernetes.io/hostname'], { minLength: 0 }),
    skews: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 2 }),
    affinity: fc.boolean(),
  });
  fc.assert(
    fc.property(clusterArb, (c) => {
      const infos = c.zones.map((z, i) => {
        const n = node(`n${i}`, { cpu: '8', memory: '8Gi', pods: '110' }, z >= 0 ? { 'topology.kubernetes.io/zone': `z${z}` } : {});
        if (c.noHostname[i]) delete n.metadata.labels!['kubernetes.io/hostname'];
        return new NodeInfo(n);
      });
      for (const p of c.pods) {
        const at = p.node % infos.length;
        const q = pod({}, { nodeName: `n${at}` }, { app: p.app });
        q.metadata.namespace = p.ns;
        infos[at].addPod(q);
      }
      const incoming = pod(
        {},
        {
          topologySpreadConstraints: c.keys.map((k, i) => ({ maxSkew: c.skews[i], topologyKey: k, whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: { matchLabels: { app: 'a' } } })),
          nodeSelector: c.affinity ? { 'kubernetes.io/hostname': 'n0' } : undefined,
        },
        { app: 'a' },
      );
      const spread = new PodTopologySpread({ defaultSelector: () => ({ matchLabels: { app: 'a' } }) });
      const nodes = infos.slice(0, Math.min(c.feasible, infos.length));
      const snapshot = Snapshot.of(infos);
      const state = new CycleState();
      if (spread.preScore(state, incoming, nodes, infos, snapshot) !== null) return;
      const bySlot = nodes.map(() => -1);
      spread.scoreNodes(state, incoming, nodes, bySlot);
      assert.deepEqual(bySlot, nodes.map((ni) => spread.score(state, incoming, ni)));
    }),
    { numRuns: 300 },
  );
});
