import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { SECOND, MINUTE, HOUR } from '../src/engine/time';
import { isPodReady } from '../src/api/pod';
import { InputError, loadScenarioText } from '../src/scenario/load';
import { TimelineAction } from '../src/scenario/scenario';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';
import { exponential } from '../src/engine/distribution';

const HEAD = `apiVersion: kubesim.dev/v1
kind: Scenario
spec:
  duration: 1h
  cluster:
    nodePools:
      - { name: general, count: 3, capacity: { cpu: "4", memory: 16Gi, pods: 110 } }
`;

function problems(text: string): string[] {
  try {
    loadScenarioText(text, 's.yaml', '.');
    return [];
  } catch (e) {
    return (e as InputError).problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
}

test('spec.faults, spec.kubelet and fault actions are read and validated with positions', () => {
  const ok = loadScenarioText(
    HEAD +
      `  kubelet: { probeMode: tick }
  faults:
    - nodeCrash: { pool: general, mtbf: 24h, recovery: { uniform: [5m, 10m] } }
  timeline:
    - at: 10m
      nodeCrash: { pool: general, count: 2, for: 5m }
    - at: 20m
      partition: { zone: z1, for: 1m }
`,
    's.yaml',
    '.',
  );
  assert.equal(ok.kubelet!.probeMode, 'tick');
  assert.equal(ok.faults![0].mtbf, 24 * HOUR);
  assert.deepEqual(ok.timeline.map((a) => a.type), ['nodeCrash', 'partition']);
  const bad = problems(
    HEAD +
      `  kubelet: { probeMode: ticks, maxParallelImagePulls: 2 }
  faults:
    - nodeCrash: { pool: genral, mtbf: 0s }
  timeline:
    - at: 10m
      nodeCrash: { node: a, zone: b }
`,
  );
  assert.ok(bad.some((p) => /^8:\d+ spec\.kubelet\.probeMode: expected tick or skip-ahead/.test(p)), bad.join('\n'));
  assert.ok(bad.some((p) => /spec\.kubelet\.maxParallelImagePulls: is only allowed with serializeImagePulls: false/.test(p)));
  assert.ok(bad.some((p) => /^10:\d+ spec\.faults\[0\]\.nodeCrash\.pool: no node pool named "genral"/.test(p)), bad.join('\n'));
  assert.ok(bad.some((p) => /spec\.faults\[0\]\.nodeCrash\.mtbf: must be longer than 0s/.test(p)));
  assert.ok(bad.some((p) => /spec\.timeline\[0\]\.nodeCrash: expected one of node, pool or zone, got node and zone/.test(p)));
});

function rowsOf(sim: Simulation): TimelineRow[] {
  const sink = new MemorySink();
  sim.recorder.addSink(sink);
  return sink.rows;
}

test('a partitioned node goes NotReady, its pods are marked NotReady; when it heals it reports Ready and its pods are Ready again', () => {
  const s = scenario({
    pools: [pool('p', 3, { zones: ['a', 'b', 'c'] })],
    apps: [app('web:v1', 5 * SECOND)],
    resources: [deployment('web', 6, 'web:v1')],
    timeline: [at(2 * MINUTE, { type: 'partition', scope: { node: 'p-2' }, for: 2 * MINUTE } as Omit<TimelineAction, 'at' | 'where'>)],
    duration: 6 * MINUTE,
  });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  sim.run();
  const nr = rows.find((r) => r.name === 'p-2' && r.event === 'NodeNotReady')!;
  assert.equal(nr.time, 175 * SECOND);
  assert.ok(rows.some((r) => r.name === 'p-2' && r.event === 'NodeReady' && r.time === 4 * MINUTE));
  assert.equal(rows.filter((r) => r.event === 'TaintManagerEviction').length, 0);
  const pods = [...sim.store.podsOn('p-2')];
  assert.ok(pods.length > 0);
  for (const p of pods) assert.ok(isPodReady(p));
});

test('random node crashes come from their own stream: same seed same crashes, and they do not move other draws', () => {
  const mk = (withFaults: boolean) => {
    const s = scenario({ pools: [pool('p', 10)], apps: [app('web:v1', 5 * SECOND)], resources: [deployment('web', 10, 'web:v1')], duration: 2 * HOUR, seed: 5 });
    if (withFaults) s.faults = [{ type: 'nodeCrash', pool: 'p', mtbf: 5 * HOUR, recovery: exponential(10 * MINUTE) }];
    const sim = new Simulation(s);
    const rows = rowsOf(sim);
    sim.run();
    return rows;
  };
  const a = mk(true).filter((r) => r.event === 'NodeCrash' || r.event === 'NodeRecovered');
  const b = mk(true).filter((r) => r.event === 'NodeCrash' || r.event === 'NodeRecovered');
  assert.ok(a.filter((r) => r.event === 'NodeCrash').length >= 1);
  assert.deepEqual(a, b);
  // Pod names come from the apiserver:names stream: the first pods are named alike with or without faults.
  const first = (rows: TimelineRow[]) => rows.filter((r) => r.event === 'SuccessfulCreate').slice(0, 10).map((r) => r.reason);
  assert.deepEqual(first(mk(true)), first(mk(false)));
});
