import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SECOND, MINUTE, Time } from '../src/engine/time';
import { IntOrString } from '../src/api/meta';
import { TimelineAction } from '../src/scenario/scenario';
import { Simulation } from '../src/sim/simulation';
import { InvariantViolation } from '../src/invariants/invariant-violation';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

/**
 * Property: over random small clusters, workloads and fault timelines, every invariant of
 * docs/invariants.md holds and the run ends without an exception. fast-check shrinks a failing
 * case to a small one and prints its seed and path for replay.
 */

const IMAGES = ['app:v1', 'app:v2', 'app:v3'];

const intOrPercent = (max: number): fc.Arbitrary<IntOrString> =>
  fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

const workloadArb = fc.record({
  replicas: fc.integer({ min: 0, max: 8 }),
  maxSurge: intOrPercent(3),
  maxUnavailable: intOrPercent(3),
  cpuMilli: fc.integer({ min: 10, max: 1500 }),
  memMi: fc.integer({ min: 16, max: 2048 }),
  minReadySeconds: fc.constantFrom(0, 0, 5),
  strategy: fc.constantFrom('RollingUpdate', 'RollingUpdate', 'RollingUpdate', 'Recreate'),
});

const clusterArb = fc.record({
  nodes: fc.integer({ min: 1, max: 4 }),
  cpu: fc.integer({ min: 1, max: 8 }),
  memGi: fc.integer({ min: 1, max: 16 }),
  pods: fc.integer({ min: 2, max: 30 }),
});

type Step =
  | { op: 'scale'; w: number; replicas: number }
  | { op: 'setImage'; w: number; image: number }
  | { op: 'removeNodes'; count: number }
  | { op: 'addNodes'; count: number }
  | { op: 'cordon' | 'uncordon' | 'drain'; node: number }
  | { op: 'delete'; w: number }
  | { op: 'pause' | 'resume' | 'restart' | 'undo'; w: number }
  | { op: 'nodeCrash' | 'partition' | 'kubeletStop'; node: number; forSec: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('scale' as const), w: fc.nat(2), replicas: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ op: fc.constant('setImage' as const), w: fc.nat(2), image: fc.nat(2) }),
  fc.record({ op: fc.constant('removeNodes' as const), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant('addNodes' as const), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constantFrom('cordon' as const, 'uncordon' as const, 'drain' as const), node: fc.nat(3) }),
  fc.record({ op: fc.constant('delete' as const), w: fc.nat(2) }),
  fc.record({ op: fc.constantFrom('pause' as const, 'resume' as const, 'restart' as const, 'undo' as const), w: fc.nat(2) }),
  fc.record({ op: fc.constantFrom('nodeCrash' as const, 'partition' as const, 'kubeletStop' as const), node: fc.nat(3), forSec: fc.integer({ min: 5, max: 120 }) }),
);

const timelineArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 170 }), stepArb), { maxLength: 6 });

function toAction(t: Time, s: Step, workloads: number): TimelineAction {
  const target = (w: number) => ({ kind: 'Deployment', namespace: 'default', name: `w${w % workloads}` });
  switch (s.op) {
    case 'scale':
      return at(t, { type: 'scale', target: target(s.w), replicas: s.replicas });
    case 'setImage':
      return at(t, { type: 'setImage', target: target(s.w), image: IMAGES[s.image] });
    case 'removeNodes':
    case 'addNodes':
      return at(t, { type: s.op, pool: 'p', count: s.count });
    case 'cordon':
    case 'uncordon':
    case 'drain':
      return at(t, { type: s.op, node: `p-${s.node}` });
    case 'delete':
      return at(t, { type: 'delete', target: target(s.w) });
    case 'nodeCrash':
    case 'partition':
    case 'kubeletStop':
      return at(t, { type: s.op, scope: { node: `p-${s.node}` }, for: s.forSec * SECOND });
    default:
      return at(t, { type: s.op, target: target(s.w) });
  }
}

test('random clusters, rollouts and fault timelines keep every invariant', () => {
  let runs = 0;
  let withPods = 0;
  fc.assert(
    fc.property(clusterArb, fc.array(workloadArb, { minLength: 1, maxLength: 3 }), timelineArb, fc.integer({ min: 1, max: 1000 }), (cluster, workloads, steps, seed) => {
      const resources = workloads.map((w, i) => {
        const bothZero = (w.maxSurge === 0 || w.maxSurge === '0%') && (w.maxUnavailable === 0 || w.maxUnavailable === '0%');
        const d = deployment(`w${i}`, w.replicas, IMAGES[0], {
          minReadySeconds: w.minReadySeconds,
          strategy:
            w.strategy === 'Recreate'
              ? { type: 'Recreate' }
              : { type: 'RollingUpdate', rollingUpdate: { maxSurge: w.maxSurge, maxUnavailable: bothZero ? 1 : w.maxUnavailable } },
        });
        d.spec.template.spec.containers[0].resources = { requests: { cpu: `${w.cpuMilli}m`, memory: `${w.memMi}Mi` } };
        return d;
      });
      const s = scenario({
        pools: [pool('p', cluster.nodes, { capacity: { cpu: String(cluster.cpu), memory: `${cluster.memGi}Gi`, pods: String(cluster.pods) } })],
        apps: IMAGES.map((im) => app(im, 3 * SECOND)),
        resources,
        timeline: steps.map(([sec, st]) => toAction(sec * SECOND, st, workloads.length)),
        duration: 3 * MINUTE,
        seed,
      });
      const sim = new Simulation(s);
      try {
        sim.run();
      } catch (e) {
        if (e instanceof InvariantViolation) throw new Error(e.format());
        throw e;
      }
      runs++;
      if (sim.podsCreated > 0) withPods++;
    }),
    { numRuns: Number(process.env.KUBESIM_PROPERTY_RUNS ?? 80), seed: Number(process.env.KUBESIM_PROPERTY_SEED ?? 20260101) },
  );
  assert.ok(withPods > runs / 2, `${withPods} of ${runs} runs created pods`);
});
