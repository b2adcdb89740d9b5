import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenarioFile } from '../scenario/load';
import { Limits } from '../scenario/limits';
import { Scenario } from '../scenario/scenario';
import { SweepParameter, SweepRun, pointCount, pointOverrides, pointValues, runKey, runList, shardRuns } from './grid';
import { RunJob } from './run-job';
import { RUNS_FILE, SweepMeta, csvLine, readMeta, readRuns, runColumns, runRow, writeSweepOutputs } from './sweep-files';
import { WorkerPool } from './worker-pool';
import { describeExpectation } from './slo';

export interface SweepOptions {
  file: string;
  parameters: SweepParameter[];
  seeds: number;
  workers: number;
  out: string;
  shard?: { index: number; count: number };
  /** Input limits (--limit) every run is loaded with. */
  limits?: Partial<Limits>;
  /** Called after each finished run (for a progress line). */
  onRun?: (done: number, total: number) => void;
}

export interface SweepSummary {
  files: string[];
  total: number;
  ran: number;
  resumed: number;
}

/** Raised when the output directory holds a different sweep. */
export class SweepMismatch extends Error {}

/**
 * Loads the scenario once per grid point in this thread (so a bad override is reported with its
 * position before any worker starts) and returns the sweep's metadata.
 */
export function sweepMeta(file: string, parameters: SweepParameter[], seeds: number, shard?: { index: number; count: number }, limits?: Partial<Limits>): SweepMeta {
  let base: Scenario | undefined;
  for (let p = 0; p < pointCount(parameters); p++) {
    const sc = loadScenarioFile(file, { overrides: pointOverrides(parameters, pointValues(parameters, p)), limits });
    base ??= sc;
  }
  const scenario = base ?? loadScenarioFile(file, { limits });
  const expect = scenario.expect ?? [];
  const meta: SweepMeta = { scenario: scenario.name, parameters, seeds, expectations: expect.map((e, i) => ({ id: `slo${i + 1}`, expectation: describeExpectation(e) })) };
  if (shard) meta.shard = `${shard.index}/${shard.count}`;
  return meta;
}

/**
 * Runs a sweep (or one shard of it) into `out`: every grid point × seeds 1..N, in worker threads.
 * Each finished run is appended to runs.csv at once; a re-run skips the runs runs.csv already
 * holds. At the end runs.csv is rewritten sorted and points.csv and sweep.json are written.
 */
export async function runSweep(o: SweepOptions): Promise<SweepSummary> {
  const meta = sweepMeta(o.file, o.parameters, o.seeds, o.shard, o.limits);
  const cols = runColumns(meta);
  fs.mkdirSync(o.out, { recursive: true });
  const previous = readRuns(o.out);
  const oldMeta = readMeta(o.out);
  if (previous && previous.header.length > 0 && previous.header.join(',') !== cols.join(',')) {
    throw new SweepMismatch(`${path.join(o.out, RUNS_FILE)} holds a different sweep (its columns differ); choose another --out or remove it`);
  }
  if (oldMeta && oldMeta.scenario !== meta.scenario) {
    throw new SweepMismatch(`${o.out} holds a sweep of scenario "${oldMeta.scenario}", not "${meta.scenario}"; choose another --out`);
  }
  const rows = previous?.rows ?? [];
  const k = o.parameters.length;
  const done = new Set(rows.map((r) => runKey(r.slice(0, k), r[k])));
  let runs: SweepRun[] = runList(o.parameters, o.seeds);
  if (o.shard) runs = shardRuns(runs, o.shard.index, o.shard.count);
  const todo = runs.filter((r) => !done.has(runKey(r.values, r.seed)));
  const runsPath = path.join(o.out, RUNS_FILE);
  if (!previous || previous.header.length === 0) fs.writeFileSync(runsPath, csvLine(cols));
  const fd = fs.openSync(runsPath, 'a');
  let finished = runs.length - todo.length;
  const pool = todo.length > 0 ? new WorkerPool(Math.max(1, Math.min(o.workers, todo.length)), o.limits) : undefined;
  try {
    await Promise.all(
      todo.map(async (r) => {
        const job: RunJob = { file: o.file, overrides: pointOverrides(o.parameters, r.values), seed: r.seed };
        const res = await pool!.run(job);
        const row = runRow(r.values, r.seed, res, meta);
        fs.writeSync(fd, csvLine(row));
        rows.push(row);
        o.onRun?.(++finished, runs.length);
      }),
    );
  } finally {
    fs.closeSync(fd);
    await pool?.close();
  }
  const files = writeSweepOutputs(o.out, meta, rows);
  return { files, total: runs.length, ran: todo.length, resumed: runs.length - todo.length };
}
