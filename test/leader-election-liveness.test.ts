import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MILLISECOND, SECOND, MINUTE, Time } from '../src/engine/time';
import { uniform } from '../src/engine/distribution';
import { MemorySink } from '../src/metrics/recorder';
import { JITTER_FACTOR } from '../src/control-plane/lease-election';
import { CONTROL_PLANE_COMPONENTS, defaultControlPlaneSpec } from '../src/scenario/control-plane-spec';
import { scenario, pool, at } from './helpers/tiny-scenario';

const LATENCY: Time = 3 * MILLISECOND;

test("liveness: after the leader's node crashes, a new leader holds the lease within leaseDuration plus two jittered retry periods and the request latencies", () => {
  const spec = defaultControlPlaneSpec({ requestLatency: LATENCY, cacheSyncTime: uniform(1 * SECOND, 3 * SECOND) });
  const { leaseDuration, retryPeriod } = spec.leaderElection;
  // A follower sees the leader's last renewal at its next poll (≤ one jittered retryPeriod + latency
  // after it), waits leaseDuration on its own clock from that observation, and takes over at the
  // first poll after that (≤ one more jittered retryPeriod + latency): client-go's observed-time rule.
  const poll = retryPeriod + Math.ceil(JITTER_FACTOR * retryPeriod) + LATENCY;
  const upper = leaseDuration + 2 * poll;
  // The leader renewed at most retryPeriod + latency before the crash, and no follower may take over
  // before leaseDuration has passed since it saw that renewal.
  const lower = leaseDuration - retryPeriod - LATENCY;
  let worst = 0;
  let best = Infinity;
  for (let seed = 0; seed < 200; seed++) {
    const component = CONTROL_PLANE_COMPONENTS[seed % 2];
    const crashAt = (30 + ((seed * 7919) % 170)) * SECOND + (seed % 13) * 77 * MILLISECOND;
    const s = scenario({
      pools: [pool('w', 1)],
      duration: crashAt + 2 * MINUTE,
      seed,
      timeline: [at(crashAt, { type: 'controlPlaneNodeCrash', leaderOf: component, for: 10 * MINUTE })],
    });
    s.cluster.controlPlane = spec;
    const sink = new MemorySink();
    const sim = new Simulation(s, { timelineSinks: [sink] });
    const facts = sim.run();
    const next = sink.rows.find((r) => r.kind === 'Lease' && r.name === component && r.event === 'LeaderElection' && r.time > crashAt);
    assert.ok(next, `seed ${seed}: no new ${component} leader after the crash at ${crashAt / SECOND}s`);
    const took = next.time - crashAt;
    assert.ok(took <= upper, `seed ${seed}: new leader after ${took / SECOND}s > ${upper / SECOND}s`);
    assert.ok(took >= lower, `seed ${seed}: new leader after only ${took / SECOND}s < ${lower / SECOND}s`);
    const identity = next.reason.split(' ')[0];
    const c = facts.controlPlane!.components.find((x) => x.component === component)!;
    assert.equal(c.leaseHolderAtEnd, identity, `seed ${seed}: the Lease is held by ${c.leaseHolderAtEnd}, not the new leader ${identity}`);
    const crashed = sink.rows.find((r) => r.event === 'NodeCrashed')!.name;
    assert.notEqual(next.node, crashed, `seed ${seed}: the new leader runs on the crashed node`);
    worst = Math.max(worst, took);
    best = Math.min(best, took);
  }
  // The jitter spreads the failover over the window (not a constant).
  assert.ok(worst - best > 2 * SECOND, `failover always took ${best / SECOND}–${worst / SECOND}s`);
});
