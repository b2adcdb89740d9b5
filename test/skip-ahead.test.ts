import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { loadScenarioFile } from '../src/scenario/load';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

function run(file: string, probeMode: 'tick' | 'skip-ahead'): { rows: TimelineRow[]; events: number } {
  // events: those the kubelets handle (the probe work); other actors' events are the same in both modes.
  const s = loadScenarioFile(join(SCENARIOS, file));
  s.kubelet = { ...(s.kubelet ?? { serializeImagePulls: true }), probeMode };
  const sink = new MemorySink();
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.run();
  return { rows: sink.rows, events: sim.nodeAgent.stats.events };
}

for (const file of ['probes.yaml', 'node-crash.yaml', 'zone-outage.yaml', 'quickstart.yaml']) {
  test(`skip-ahead and tick-by-tick probes give the same timeline: ${file}`, () => {
    const skip = run(file, 'skip-ahead');
    const tick = run(file, 'tick');
    assert.equal(skip.rows.length, tick.rows.length);
    for (let i = 0; i < skip.rows.length; i++) assert.deepEqual(skip.rows[i], tick.rows[i], `row ${i}`);
    if (file === 'probes.yaml') {
      assert.ok(skip.rows.some((r) => r.event === 'Unhealthy' && r.reason === 'Liveness probe failed'));
      assert.ok(skip.events * 50 <= tick.events, `skip-ahead ${skip.events} events, tick ${tick.events}`);
    }
  });
}
