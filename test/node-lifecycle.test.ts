import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { MILLISECOND, SECOND, MINUTE, Time } from '../src/engine/time';
import { Pod, isPodReady } from '../src/api/pod';
import { Node } from '../src/api/node';
import {
  DEFAULT_NOT_READY_TOLERATION,
  DEFAULT_UNREACHABLE_TOLERATION,
  LARGE_CLUSTER_SIZE_THRESHOLD,
  NODE_EVICTION_RATE,
  NODE_MONITOR_GRACE_PERIOD,
  NODE_MONITOR_PERIOD,
  SECONDARY_NODE_EVICTION_RATE,
} from '../src/api/defaults';
import { computeZoneState, zoneEvictionRate } from '../src/controllers/node-lifecycle/zone-state';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, withDefaultTolerationSeconds } from '../src/controllers/node-lifecycle/default-toleration-seconds';
import { NODE_LEASE_RENEW_INTERVAL } from '../src/kubelet/node-lease';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';
import { TimelineAction } from '../src/scenario/scenario';

function rowsOf(sim: Simulation): TimelineRow[] {
  const sink = new MemorySink();
  sim.recorder.addSink(sink);
  return sink.rows;
}

/** When upstream says a node whose last renewal was at `lastRenewal` is seen NotReady: the first monitor tick after renewal + watch + grace. */
function predictedNotReady(lastRenewal: Time, watch: Time): Time {
  const due = lastRenewal + watch + NODE_MONITOR_GRACE_PERIOD;
  return (Math.floor(due / NODE_MONITOR_PERIOD) + 1) * NODE_MONITOR_PERIOD;
}

test('ComputeZoneState and setLimiterInZone rates, as nodelifecycle', () => {
  assert.equal(computeZoneState(0, 3), 'FullDisruption');
  assert.equal(computeZoneState(4, 6), 'PartialDisruption');
  assert.equal(computeZoneState(1, 2), 'Normal');
  assert.equal(computeZoneState(45, 55), 'PartialDisruption');
  assert.equal(computeZoneState(46, 54), 'Normal');
  assert.equal(zoneEvictionRate('Normal', 10, false), NODE_EVICTION_RATE);
  assert.equal(zoneEvictionRate('FullDisruption', 10, false), NODE_EVICTION_RATE);
  assert.equal(zoneEvictionRate('PartialDisruption', LARGE_CLUSTER_SIZE_THRESHOLD, false), 0);
  assert.equal(zoneEvictionRate('PartialDisruption', LARGE_CLUSTER_SIZE_THRESHOLD + 1, false), SECONDARY_NODE_EVICTION_RATE);
  assert.equal(zoneEvictionRate('FullDisruption', 10, true), 0);
});

test('DefaultTolerationSeconds adds not-ready and unreachable NoExecute tolerations of 300 s unless already tolerated', () => {
  const added = withDefaultTolerationSeconds(undefined)!;
  assert.deepEqual(
    added.map((t) => [t.key, t.operator, t.effect, t.tolerationSeconds]),
    [
      [TAINT_NOT_READY, 'Exists', 'NoExecute', DEFAULT_NOT_READY_TOLERATION / SECOND],
      [TAINT_UNREACHABLE, 'Exists', 'NoExecute', DEFAULT_UNREACHABLE_TOLERATION / SECOND],
    ],
  );
  const own = [{ key: TAINT_UNREACHABLE, operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 30 }];
  assert.deepEqual(withDefaultTolerationSeconds(own)!.map((t) => [t.key, t.tolerationSeconds]), [[TAINT_UNREACHABLE, 30], [TAINT_NOT_READY, 300]]);
  const all = [{ operator: 'Exists' as const }];
  assert.equal(withDefaultTolerationSeconds(all), all);
});

test('a node crash at 10 m: NotReady after the grace period, taint at once, evictions 300 s later, replacements Ready elsewhere', () => {
  const s = scenario({
    pools: [pool('p', 3, { zones: ['a', 'b', 'c'] })],
    apps: [app('web:v1', 5 * SECOND)],
    resources: [deployment('web', 6, 'web:v1')],
    timeline: [at(10 * MINUTE, { type: 'nodeCrash', scope: { node: 'p-0' } } as Omit<TimelineAction, 'at' | 'where'>)],
    duration: 25 * MINUTE,
  });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  let onNode = 0;
  let stillRunningAt14m = -1;
  sim.runUntil(10 * MINUTE - 1);
  onNode = sim.store.podsOn('p-0').size;
  assert.ok(onNode > 0, 'the crashed node had pods');
  sim.runUntil(14 * MINUTE);
  stillRunningAt14m = [...sim.store.podsOn('p-0')].filter((p) => p.status.phase === 'Running' && p.metadata.deletionTimestamp === undefined).length;
  const facts = sim.run();

  const watch = s.latencies.watch;
  const crash = 10 * MINUTE;
  const lastRenewal = Math.floor(crash / NODE_LEASE_RENEW_INTERVAL) * NODE_LEASE_RENEW_INTERVAL;
  const notReady = rows.find((r) => r.kind === 'Node' && r.name === 'p-0' && r.event === 'NodeNotReady')!;
  assert.equal(notReady.time, predictedNotReady(lastRenewal, watch));
  assert.equal(notReady.time, 655 * SECOND);
  const tainted = rows.find((r) => r.name === 'p-0' && r.event === 'Tainted')!;
  assert.equal(tainted.time, notReady.time);
  const evictions = rows.filter((r) => r.event === 'TaintManagerEviction');
  assert.equal(evictions.length, onNode);
  for (const e of evictions) assert.equal(e.time, tainted.time + watch + DEFAULT_UNREACHABLE_TOLERATION);
  // Pods of the dead node stay Running (NotReady) in the store until evicted.
  assert.equal(stillRunningAt14m, onNode);
  const notReadyPods = rows.filter((r) => r.event === 'NotReady' && r.reason === 'NodeNotReady');
  assert.equal(notReadyPods.length, onNode);
  for (const r of notReadyPods) assert.equal(r.time, notReady.time);
  // Replacements: created after the eviction, on other nodes, Ready.
  const evictedAt = evictions[0].time;
  const replacements = [...sim.store.list<Pod>('Pod')].filter((p) => (p.metadata.creationTimestamp ?? 0) > evictedAt);
  assert.equal(replacements.length, onNode);
  for (const p of replacements) {
    assert.notEqual(p.spec.nodeName, 'p-0');
    assert.ok(isPodReady(p));
  }
  const f = facts.nodeFailures;
  assert.equal(f.failures, 1);
  assert.equal(f.evictions, onNode);
  assert.equal(f.first[0].notReadyAt, (notReady.time + watch) / 1e6);
  assert.equal(f.failureToNotReadySeconds.p50, (notReady.time + watch - crash) / 1e6);
  assert.equal(f.evictionToReplacementReadySeconds.count, onNode);
  // Replacement: controller sync + scheduling + pull + 5 s start-up; well under a minute here.
  assert.ok(f.evictionToReplacementReadySeconds.p99! >= 5 && f.evictionToReplacementReadySeconds.p99! < 30);
  const node = sim.store.get<Node>('Node', 'p-0')!;
  assert.equal(node.status.conditions.find((c) => c.type === 'Ready')!.status, 'Unknown');
  const web = f.unavailablePodSeconds.find((u) => u.name === 'web')!;
  assert.ok(web.podSeconds >= onNode * (evictedAt - notReady.time) / 1e6);
});

test('a node that recovers before tolerationSeconds loses its taints and keeps its pods', () => {
  const s = scenario({
    pools: [pool('p', 3, { zones: ['a', 'b', 'c'] })],
    apps: [app('web:v1', 5 * SECOND)],
    resources: [deployment('web', 6, 'web:v1')],
    timeline: [at(5 * MINUTE, { type: 'nodeCrash', scope: { node: 'p-1' }, for: 2 * MINUTE } as Omit<TimelineAction, 'at' | 'where'>)],
    duration: 15 * MINUTE,
  });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  sim.run();
  assert.equal(rows.filter((r) => r.event === 'TaintManagerEviction').length, 0);
  assert.ok(rows.some((r) => r.name === 'p-1' && r.event === 'NodeReady' && r.time === 7 * MINUTE));
  const node = sim.store.get<Node>('Node', 'p-1')!;
  assert.equal((node.spec.taints ?? []).length, 0);
  const pods = [...sim.store.podsOn('p-1')];
  assert.ok(pods.length > 0 && pods.every((p) => isPodReady(p) && p.status.containerStatuses![0].restartCount === 1));
});

test('a zone outage taints the zone\'s nodes at the normal eviction rate, 10 s apart, and evicts 300 s after each taint', () => {
  const s = scenario({
    pools: [pool('p', 30, { zones: ['a', 'b', 'c'] })],
    apps: [app('web:v1', 5 * SECOND)],
    resources: [deployment('web', 30, 'web:v1')],
    timeline: [at(10 * MINUTE, { type: 'zoneOutage', scope: { zone: 'a' }, for: 20 * MINUTE } as Omit<TimelineAction, 'at' | 'where'>)],
    duration: 20 * MINUTE,
  });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  sim.run();
  const tainted = rows.filter((r) => r.event === 'Tainted').map((r) => r.time);
  assert.equal(tainted.length, 10);
  assert.equal(tainted[0], 655 * SECOND);
  for (let i = 1; i < tainted.length; i++) assert.equal(tainted[i] - tainted[i - 1], SECOND / NODE_EVICTION_RATE);
  assert.ok(rows.some((r) => r.kind === 'Zone' && r.name === 'a' && r.event === 'FullDisruption'));
  const evictions = rows.filter((r) => r.event === 'TaintManagerEviction');
  const byNode = new Map<string, number>();
  for (const e of evictions) byNode.set(e.node, e.time);
  for (const r of rows.filter((x) => x.event === 'Tainted')) {
    if (byNode.has(r.name)) assert.equal(byNode.get(r.name), r.time + s.latencies.watch + DEFAULT_UNREACHABLE_TOLERATION);
  }
});

test('partial disruption of a small zone stops evictions; every zone down stops them everywhere', () => {
  const crash = (zone: string) => at(2 * MINUTE, { type: 'zoneOutage', scope: { zone } } as Omit<TimelineAction, 'at' | 'where'>);
  // 4 of 6 nodes of zone a down (4 > 2 and 4/6 ≥ 0.55; 6 ≤ 50 nodes → rate 0).
  const partial = scenario({
    pools: [pool('p', 12, { zones: ['a', 'b'] })],
    apps: [app('web:v1', 5 * SECOND)],
    resources: [deployment('web', 12, 'web:v1')],
    timeline: ['p-0', 'p-2', 'p-4', 'p-6'].map((n) => at(2 * MINUTE, { type: 'nodeCrash', scope: { node: n } } as Omit<TimelineAction, 'at' | 'where'>)),
    duration: 12 * MINUTE,
  });
  const a = new Simulation(partial);
  const ra = rowsOf(a);
  a.run();
  assert.equal(ra.filter((r) => r.event === 'NodeNotReady').length, 4);
  assert.ok(ra.some((r) => r.kind === 'Zone' && r.name === 'a' && r.event === 'PartialDisruption'));
  assert.equal(ra.filter((r) => r.event === 'TaintManagerEviction').length, 0);

  const single = scenario({ pools: [pool('p', 3, { zones: ['a'] })], apps: [app('web:v1', 5 * SECOND)], resources: [deployment('web', 3, 'web:v1')], timeline: [crash('a')], duration: 12 * MINUTE });
  const b = new Simulation(single);
  const rb = rowsOf(b);
  b.run();
  assert.equal(rb.filter((r) => r.event === 'NodeNotReady').length, 3);
  assert.equal(rb.filter((r) => r.event === 'TaintManagerEviction').length, 0);
  void MILLISECOND;
});
