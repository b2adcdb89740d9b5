import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Pod, ResourceList } from '../src/api/pod';
import { CycleState, FilterPlugin } from '../src/scheduler/framework';
import { NodeInfo } from '../src/scheduler/node-info';
import {
  ALLOC_EPHEMERAL_STORAGE,
  ALLOC_MEMORY,
  ALLOC_MILLI_CPU,
  ALLOC_PODS,
  gatherRows,
  NON_ZERO_MEMORY,
  NON_ZERO_MILLI_CPU,
  POD_COUNT,
  REQ_EPHEMERAL_STORAGE,
  REQ_MEMORY,
  REQ_MILLI_CPU,
  rowHasRoom,
  TOTALS_STRIDE,
} from '../src/scheduler/node-totals';
import { NodeResourcesBalancedAllocation } from '../src/scheduler/plugins/node-resources-balanced-allocation';
import { NodeResourcesFit } from '../src/scheduler/plugins/node-resources-fit';
import { defaultProfile, Profile } from '../src/scheduler/profile';
import { scheduleOne } from '../src/scheduler/schedule-one';
import { Snapshot } from '../src/scheduler/snapshot';
import { node, pod } from './scheduler-fixtures';

/** The row of `ni` read back as the NodeInfo fields it mirrors. */
function rowOf(ni: NodeInfo): number[] {
  const t = ni.totals;
  const r = ni.row;
  return [
    t[r + ALLOC_MILLI_CPU],
    t[r + ALLOC_MEMORY],
    t[r + ALLOC_EPHEMERAL_STORAGE],
    t[r + ALLOC_PODS],
    t[r + REQ_MILLI_CPU],
    t[r + REQ_MEMORY],
    t[r + REQ_EPHEMERAL_STORAGE],
    t[r + NON_ZERO_MILLI_CPU],
    t[r + NON_ZERO_MEMORY],
    t[r + POD_COUNT],
  ];
}

function fieldsOf(ni: NodeInfo): number[] {
  const a = ni.allocatable;
  const q = ni.requested;
  return [a.milliCPU, a.memory, a.ephemeralStorage, a.allowedPodNumber, q.milliCPU, q.memory, q.ephemeralStorage, ni.nonZeroMilliCPU, ni.nonZeroMemory, ni.pods.length];
}

const requestsArb: fc.Arbitrary<ResourceList> = fc.record(
  { cpu: fc.integer({ min: 0, max: 3000 }).map((m) => `${m}m`), memory: fc.integer({ min: 0, max: 4096 }).map((m) => `${m}Mi`), 'ephemeral-storage': fc.constantFrom('0', '1Gi', '5Gi') },
  { requiredKeys: [] },
);
const allocArb: fc.Arbitrary<ResourceList> = fc.record({
  cpu: fc.constantFrom('0', '2', '4', '16'),
  memory: fc.constantFrom('0', '4Gi', '16Gi'),
  pods: fc.constantFrom('0', '3', '110'),
  'ephemeral-storage': fc.constantFrom('0', '10Gi'),
});

type Op =
  | { kind: 'addNode'; id: number; alloc: ResourceList }
  | { kind: 'removeNode'; id: number }
  | { kind: 'setNode'; id: number; alloc: ResourceList }
  | { kind: 'addPod'; id: number; req: ResourceList }
  | { kind: 'removePod'; id: number; which: number }
  | { kind: 'list' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('addNode' as const), id: fc.integer({ min: 0, max: 2 }), alloc: allocArb }),
  fc.record({ kind: fc.constant('removeNode' as const), id: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('setNode' as const), id: fc.integer({ min: 0, max: 2 }), alloc: allocArb }),
  fc.record({ kind: fc.constant('addPod' as const), id: fc.integer({ min: 0, max: 2 }), req: requestsArb }),
  fc.record({ kind: fc.constant('removePod' as const), id: fc.integer({ min: 0, max: 2 }), which: fc.nat() }),
  fc.constant({ kind: 'list' as const }),
);

test('a NodeInfo totals row equals its allocatable, requested, non-zero and pod-count totals after any add/remove/setNode sequence', () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
      const snapshot = new Snapshot();
      const known = new Map<number, NodeInfo>();
      for (const op of ops) {
        const name = `n${op.kind === 'list' ? 0 : op.id}`;
        const ni = op.kind === 'list' ? undefined : known.get(op.id);
        switch (op.kind) {
          case 'addNode': {
            const fresh = new NodeInfo(node(name, op.alloc), ni?.pods ?? []);
            known.set(op.id, fresh);
            snapshot.addNode(fresh);
            break;
          }
          case 'removeNode':
            snapshot.removeNode(name);
            break;
          case 'setNode':
            ni?.setNode(node(name, op.alloc));
            break;
          case 'addPod':
            ni?.addPod(pod(op.req));
            break;
          case 'removePod':
            if (ni !== undefined && ni.pods.length > 0) ni.removePod(ni.pods[op.which % ni.pods.length]);
            break;
          case 'list':
            snapshot.list();
            break;
        }
        for (const k of known.values()) assert.deepEqual(rowOf(k), fieldsOf(k));
      }
      const listed = snapshot.list();
      const table = snapshot.totalsTable();
      listed.forEach((ni, i) => {
        assert.equal(ni.totals, table);
        assert.equal(ni.row, i * TOTALS_STRIDE);
      });
      for (const k of known.values()) assert.deepEqual(rowOf(k), fieldsOf(k));
    }),
  );
});

test('NodeResourcesFit: a node with the room rowNeed asks for passes Filter, and row scores equal per-node scores', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(allocArb, fc.array(requestsArb, { maxLength: 4 })), { minLength: 1, maxLength: 6 }), requestsArb, (nodes, req) => {
      const infos = nodes.map(([alloc, pods], i) => new NodeInfo(node(`n${i}`, alloc), pods.map((r) => pod(r))));
      const snapshot = Snapshot.of(infos);
      const list = snapshot.list();
      const fit = new NodeResourcesFit();
      const state = new CycleState();
      const p = pod(req);
      fit.preFilter(state, p);
      const need = fit.rowNeed(state, p);
      assert.notEqual(need, null);
      for (const ni of list) {
        if (rowHasRoom(ni.totals, ni.row, need!)) assert.equal(fit.filter(state, p, ni), null);
      }
      fit.preScore(state, p);
      const balanced = new NodeResourcesBalancedAllocation();
      const skipBalanced = balanced.preScore(state, p) !== null;
      const rows = gatherRows(list);
      const batch: number[] = [];
      fit.scoreNodes(state, p, list, batch, rows);
      assert.deepEqual(batch, list.map((ni) => fit.score(state, p, ni)));
      if (!skipBalanced) {
        balanced.scoreNodes(state, p, list, batch, rows);
        assert.deepEqual(batch.slice(0, list.length), list.map((ni) => balanced.score(state, p, ni)));
      }
    }),
  );
});

/** The same profile with every Filter plugin's rowNeed hidden: every node goes through filter(). */
function withoutRowNeeds(profile: Profile): Profile {
  const filter: FilterPlugin[] = profile.filter.map((f) => ({ name: f.name, filter: f.filter.bind(f) }));
  return { ...profile, filter };
}

test('scheduleOne: accepting nodes by their totals row gives the same decisions as calling every Filter, also when the NodeInfos are listed by two snapshots', () => {
  fc.assert(
    fc.property(
      fc.array(allocArb, { minLength: 1, maxLength: 120 }),
      fc.array(fc.tuple(requestsArb, fc.nat()), { minLength: 1, maxLength: 40 }),
      (allocs, pods) => {
        const run = (profile: Profile): string[] => {
          const s = Snapshot.of(allocs.map((a, i) => new NodeInfo(node(`n${i}`, a))));
          const state = { nextStartNodeIndex: 0 };
          const out: string[] = [];
          pods.forEach(([req, r], i) => {
            const p: Pod = pod(req, {}, undefined, `p${i}`);
            // Every third cycle runs over an array of the same NodeInfos (a second snapshot).
            const res = scheduleOne(p, i % 3 === 2 ? s.list().slice() : s, profile, state, (n) => r % n);
            if ('nodeName' in res) {
              s.assume(p, res.nodeName);
              out.push(`${res.nodeName} ${res.score} ${res.evaluatedNodes}`);
            } else out.push(`${res.message} ${res.evaluatedNodes} ${res.unschedulablePlugins.join()}`);
          });
          return out;
        };
        assert.deepEqual(run(defaultProfile({ percentageOfNodesToScore: 30 })), run(withoutRowNeeds(defaultProfile({ percentageOfNodesToScore: 30 }))));
      },
    ),
    { numRuns: 60 },
  );
});
