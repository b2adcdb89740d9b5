import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { Simulation } from '../src/sim/simulation';
import { MILLISECOND, SECOND, MINUTE, Time } from '../src/engine/time';
import { constant } from '../src/engine/distribution';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { TimelineAction } from '../src/scenario/scenario';
import { CONTROL_PLANE_COMPONENTS, ControlPlaneAction, defaultControlPlaneSpec, replicaPlacements } from '../src/scenario/control-plane-spec';
import { scenario, pool, at } from './helpers/tiny-scenario';

const SPEC = defaultControlPlaneSpec();
const REPLICAS = replicaPlacements(SPEC).map((p) => p.name);
const NODES = ['control-plane-0', 'control-plane-1', 'control-plane-2'];
const RUN: Time = 5 * MINUTE;

/** Random control-plane faults (no clock skew or drift): crashes, restarts, node failures, partitions, API-server trouble. */
function randomFaults(seed: number): TimelineAction[] {
  const u = seedrandom.alea(`leader-election-safety/${seed}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)];
  const secs = (lo: number, hi: number): Time => Math.round((lo + (hi - lo) * u()) * SECOND);
  const out: TimelineAction[] = [];
  const n = 4 + Math.floor(u() * 10);
  for (let i = 0; i < n; i++) {
    const when = secs(5, 270);
    let a: ControlPlaneAction;
    switch (Math.floor(u() * 7)) {
      case 0:
        a = { type: 'killLeader', component: pick(CONTROL_PLANE_COMPONENTS), restartAfter: constant(secs(0, 20)) };
        break;
      case 1:
        a = { type: 'restartReplica', replica: pick(REPLICAS), release: u() < 0.5, restartAfter: constant(secs(0, 10)) };
        break;
      case 2:
        a = { type: 'controlPlaneNodeCrash', node: pick(NODES), for: secs(1, 90) };
        break;
      case 3:
        a = { type: 'controlPlaneNodeCrash', leaderOf: pick(CONTROL_PLANE_COMPONENTS), for: secs(1, 90) };
        break;
      case 4:
        a = { type: 'apiServerPartition', replica: pick(REPLICAS), for: secs(1, 40) };
        break;
      case 5:
        a = { type: 'apiServerUnavailable', for: secs(1, 30) };
        break;
      default:
        a = { type: 'apiServerSlow', latency: secs(0.05, 14), for: secs(1, 60) };
    }
    out.push(at(when, a));
  }
  return out.sort((x, y) => x.at - y.at);
}

/** Replays LeaderElection / LeaderLost rows: who believes it leads each component after every transition. */
function maxLeadersAtAnyTransition(rows: readonly TimelineRow[]): { max: number; transitions: number; where: string } {
  const leaders = new Map<string, Set<string>>();
  let max = 0;
  let transitions = 0;
  let where = '';
  for (const r of rows) {
    if (r.kind !== 'Lease' || (r.event !== 'LeaderElection' && r.event !== 'LeaderLost')) continue;
    const identity = r.reason.split(' ')[0];
    let set = leaders.get(r.name);
    if (!set) leaders.set(r.name, (set = new Set()));
    if (r.event === 'LeaderElection') set.add(identity);
    else set.delete(identity);
    transitions++;
    if (set.size > max) {
      max = set.size;
      where = `${r.time / SECOND}s ${r.name}: ${[...set].join(', ')}`;
    }
  }
  return { max, transitions, where };
}

test('safety: over 200 seeds of random control-plane faults without clock skew, no instant has two leaders of one component', () => {
  let transitions = 0;
  let elections = 0;
  for (let seed = 0; seed < 200; seed++) {
    const s = scenario({ pools: [pool('w', 1)], duration: RUN, seed, timeline: randomFaults(seed) });
    s.cluster.controlPlane = defaultControlPlaneSpec({ requestLatency: 1 * MILLISECOND });
    const sink = new MemorySink();
    const sim = new Simulation(s, { timelineSinks: [sink] });
    const facts = sim.run();
    const seen = maxLeadersAtAnyTransition(sink.rows);
    assert.ok(seen.max <= 1, `seed ${seed}: two leaders at ${seen.where}`);
    for (const c of facts.controlPlane!.components) {
      assert.equal(c.dualLeaderSeconds, 0, `seed ${seed}: ${c.component} reports a dual-leader overlap`);
      elections += c.leaderElections;
    }
    transitions += seen.transitions;
  }
  // The faults really moved leadership around (the property is not vacuous).
  assert.ok(elections > 800, `only ${elections} elections over 200 seeds`);
  assert.ok(transitions > 1200, `only ${transitions} transitions`);
});
