import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { loadScenarioFile } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';
import { RunOutputs } from '../src/output/run-outputs';

const SCENARIOS = path.resolve(__dirname, '..', '..', 'scenarios');
/** Scenarios too large for the unit suite; the benchmark suite runs them. */
const BENCHMARK_ONLY = /^envelope-|^rollout-1000/;

/** Runs a scenario into a fresh directory and returns the SHA-256 of each output (summary without `wall`). */
function runHashes(file: string, seed: number): Record<string, string> {
  const scenario = loadScenarioFile(file, { seed });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-det-'));
  const outputs = new RunOutputs(dir);
  const sim = new Simulation(scenario, { seed, timelineSinks: [outputs], seriesSinks: [outputs], checkInvariants: true });
  outputs.finish(sim.run(), { seconds: 0, eventsPerSecond: 0, simulatedPerWall: 0, peakRssMiB: 0 });
  const hash = (name: string) => createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex');
  const out = { timeline: hash('timeline.csv'), series: hash('series.csv'), summary: hash('summary.json') };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

const files = fs
  .readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml') && !BENCHMARK_ONLY.test(f))
  .sort();

for (const f of files) {
  test(`${f}: the same seed gives byte-identical outputs, for 3 seeds`, () => {
    for (const seed of [1, 2, 3]) {
      assert.deepEqual(runHashes(path.join(SCENARIOS, f), seed), runHashes(path.join(SCENARIOS, f), seed), `seed ${seed}`);
    }
  });
}

test('quickstart: another seed changes the start-up times', () => {
  const file = path.join(SCENARIOS, 'quickstart.yaml');
  const a = new Simulation(loadScenarioFile(file), { seed: 1, checkInvariants: true }).run();
  const b = new Simulation(loadScenarioFile(file), { seed: 2, checkInvariants: true }).run();
  assert.notEqual(a.podStartupSeconds.p50, b.podStartupSeconds.p50);
  assert.equal(a.pods.created, b.pods.created, 'the same work is done');
});
