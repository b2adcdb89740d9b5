import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenarioFile } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';
import { TimelineRow } from '../src/metrics/recorder';
import { parseSetting, runList, shardRuns } from '../src/studies/grid';
import { meanInterval, studentTQuantile } from '../src/studies/stats';
import { runSweep } from '../src/studies/sweep';
import { parseCsv } from '../src/studies/sweep-files';

const ROOT = path.resolve(__dirname, '..', '..');
const SCENARIO = path.join(ROOT, 'scenarios', 'capacity-plan.yaml');
const COUNT = 'spec.cluster.nodePools[0].count';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-sweep-'));
}

function read(dir: string, f: string): string {
  return fs.readFileSync(path.join(dir, f), 'utf8');
}

test("Student's t quantiles match the published table (two-sided 95%)", () => {
  for (const [df, t] of [[1, 12.7062], [2, 4.3027], [3, 3.1824], [10, 2.2281], [30, 2.0423], [120, 1.9799]]) {
    assert.ok(Math.abs(studentTQuantile(0.975, df) - t) < 1e-4, `df ${df}: ${studentTQuantile(0.975, df)}`);
  }
  const ci = meanInterval([1, 2, 3, 4])!;
  assert.equal(ci.mean, 2.5);
  assert.ok(Math.abs(ci.low! - 0.4457) < 1e-4 && Math.abs(ci.high! - 4.5543) < 1e-4);
  assert.equal(meanInterval([7])!.low, undefined);
});

test('--set values split on top-level commas only; runs are ordered by point then seed', () => {
  assert.deepEqual(parseSetting('spec.x={cpu: "4", memory: 16Gi},[a, b],7'), { path: 'spec.x', values: ['{cpu: "4", memory: 16Gi}', '[a, b]', '7'] });
  assert.equal(typeof parseSetting('spec.x'), 'string');
  assert.equal(typeof parseSetting('spec.x=1,1'), 'string');
  const runs = runList([{ path: 'a', values: ['1', '2'] }, { path: 'b', values: ['x', 'y', 'z'] }], 2);
  assert.deepEqual(runs.slice(0, 3).map((r) => [r.values.join(''), r.seed]), [['1x', 1], ['1x', 2], ['1y', 1]]);
  assert.equal(runs.length, 12);
  const shards = [0, 1, 2].map((i) => shardRuns(runs, i, 3));
  assert.deepEqual(shards.flat().map((r) => `${r.point}:${r.seed}`).sort(), runs.map((r) => `${r.point}:${r.seed}`).sort());
});

/** Per pod name: Started → Ready (the app model's start-up draw), over the first minute. */
function startupsOf(count: number, seed: number): Map<string, number> {
  const startups = (count: number, seed: number) => {
    const rows: TimelineRow[] = [];
    const sc = loadScenarioFile(SCENARIO, { seed, overrides: [{ path: COUNT, value: String(count) }] });
    new Simulation(sc, { until: 60_000_000, timelineSinks: [{ row: (r) => rows.push({ ...r }) }] }).run();
    const started = new Map<string, number>();
    const out = new Map<string, number>();
    for (const r of rows) {
      if (r.kind !== 'Pod') continue;
      if (r.event === 'Started') started.set(r.name, r.time);
      if (r.event === 'Ready' && started.has(r.name) && !out.has(r.name)) out.set(r.name, r.time - started.get(r.name)!);
    }
    return out;
  };
  return startups(count, seed);
}

test('common random numbers: the same seed gives the same pods (names from apiserver:names) at different pool sizes', () => {
  const a = startupsOf(6, 1);
  const b = startupsOf(10, 1);
  assert.ok(a.size >= 10);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  assert.notDeepEqual([...startupsOf(6, 2).keys()].sort(), [...a.keys()].sort());
});

test('common random numbers: the same seed draws the same start-up times at different pool sizes', () => {
  const a = startupsOf(6, 1);
  const b = startupsOf(10, 1);
  for (const [pod, d] of a) assert.equal(b.get(pod), d, pod);
});

test('runs.csv and points.csv do not depend on the worker count; a re-run resumes', async () => {
  const parameters = [parseSetting(`${COUNT}=5,6`) as { path: string; values: string[] }];
  const one = tmp();
  const two = tmp();
  await runSweep({ file: SCENARIO, parameters, seeds: 3, workers: 1, out: one });
  await runSweep({ file: SCENARIO, parameters, seeds: 3, workers: 2, out: two });
  for (const f of ['runs.csv', 'points.csv', 'sweep.json']) assert.equal(read(one, f), read(two, f), f);
  const rows = parseCsv(read(one, 'runs.csv'));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows.slice(1).map((r) => `${r[0]}/${r[1]}`), ['5/1', '5/2', '5/3', '6/1', '6/2', '6/3']);
  const points = parseCsv(read(one, 'points.csv'));
  const h = points[0];
  const rate = points[2][h.indexOf('slo_pass_rate')];
  const passes = rows.slice(4).filter((r) => r[rows[0].indexOf('slo_pass')] === '1').length;
  assert.equal(Number(rate), Math.round((passes / 3) * 1e6) / 1e6);

  const part = tmp();
  await runSweep({ file: SCENARIO, parameters, seeds: 2, workers: 2, out: part });
  const resumed = await runSweep({ file: SCENARIO, parameters, seeds: 3, workers: 2, out: part });
  assert.equal(resumed.ran, 2);
  assert.equal(resumed.resumed, 4);
  for (const f of ['runs.csv', 'points.csv']) assert.equal(read(part, f), read(one, f), f);
  const again = await runSweep({ file: SCENARIO, parameters, seeds: 3, workers: 2, out: part });
  assert.equal(again.ran, 0);
});
