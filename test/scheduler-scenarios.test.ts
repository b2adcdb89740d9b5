import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenarioFile } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { SECOND } from '../src/engine/time';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

function run(file: string): { rows: TimelineRow[]; sim: Simulation; facts: ReturnType<Simulation['run']> } {
  const sink = new MemorySink();
  const sim = new Simulation(loadScenarioFile(join(SCENARIOS, file)), { timelineSinks: [sink] });
  const facts = sim.run();
  return { rows: sink.rows, sim, facts };
}

test('pending-until-node-added: FailedScheduling with the upstream FitError text, then Scheduled once the large node joins at 2m', () => {
  const { rows } = run('pending-until-node-added.yaml');
  const mine = rows.filter((r) => r.name === 'trainer');
  const failed = mine.find((r) => r.event === 'FailedScheduling');
  assert.ok(failed);
  assert.equal(
    failed.reason,
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
  );
  assert.ok(failed.time < 1 * SECOND);
  const scheduled = mine.find((r) => r.event === 'Scheduled');
  assert.ok(scheduled);
  assert.equal(scheduled.node, 'large-0');
  assert.ok(scheduled.time > 120 * SECOND && scheduled.time < 121 * SECOND, `scheduled at ${scheduled.time}`);
});

test('packing-least-vs-most: MostAllocated uses fewer nodes and a wider allocation spread than LeastAllocated', () => {
  const { facts } = run('packing-least-vs-most.yaml');
  const pools = facts.scheduler.allocation.byPool!;
  assert.equal(pools.spread.nodesUsed, 12);
  assert.ok(pools.packed.nodesUsed <= 6, `packed used ${pools.packed.nodesUsed}`);
  assert.ok(pools.packed.cpu!.stddev > 4 * pools.spread.cpu!.stddev);
  assert.equal(pools.packed.cpu!.mean, pools.spread.cpu!.mean);
  assert.equal(facts.scheduler.attemptsByResult.scheduled, 80);
});

test('topology-spread-zones: with zone-c full, zones stay within maxSkew 1 and the extra pod waits on the spread constraint', () => {
  const { rows, sim } = run('topology-spread-zones.yaml');
  const byZone = new Map<string, number>();
  for (const r of rows) if (r.event === 'Scheduled') byZone.set(r.node.replace(/-\d+$/, ''), (byZone.get(r.node.replace(/-\d+$/, '')) ?? 0) + 1);
  const counts = ['zone-a', 'zone-b', 'zone-c'].map((z) => byZone.get(z) ?? 0);
  assert.equal(counts[2], 2, 'zone-c holds as many 500m pods as its 1 cpu allows');
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `skew of ${counts}`);
  assert.equal(counts.reduce((a, b) => a + b, 0), 8);
  const failed = rows.filter((r) => r.event === 'FailedScheduling').at(-1)!;
  assert.match(failed.reason, /^0\/7 nodes are available: 1 Insufficient cpu, 6 node\(s\) didn't match pod topology spread constraints\./);
  assert.equal(sim.facts().pods.pendingAtEnd, 1);
});
