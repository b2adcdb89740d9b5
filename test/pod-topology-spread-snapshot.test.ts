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
