import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenarioFile } from '../scenario/load';
import { Limits } from '../scenario/limits';
import { SweepParameter, parseSetting, parseShard, pointCount } from '../studies/grid';
import { sweepJobManifests } from '../studies/job-manifest';
import { SweepMismatch, runSweep } from '../studies/sweep';
import { RunFailure, defaultWorkers } from '../studies/worker-pool';
import { EXIT } from './exit-codes';

export interface SweepCommandOptions {
  set?: string[];
  seeds: string;
  workers?: string;
  out?: string;
  shard?: string;
  emitJob?: boolean;
  shards?: string;
  image?: string;
  volumeClaim?: string;
  /** --limit: input limits raised or lowered from the defaults. */
  limit?: Partial<Limits>;
  quiet?: boolean;
}

/** Raised for a bad option value (printed as a usage error by main.ts). */
export class SweepUsageError extends Error {}

function positiveInt(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new SweepUsageError(`${flag} expects a positive integer, got "${v}"`);
  return Number(v);
}

/**
 * `kubesim sweep`: the grid of --set values × seeds 1..N in worker threads into --out (runs.csv,
 * points.csv, sweep.json); --shard i/N runs one slice; --emit-job writes the Kubernetes Jobs that
 * run the slices and merge them instead of running anything.
 */
export async function sweepCommand(file: string, o: SweepCommandOptions): Promise<number> {
  const parameters: SweepParameter[] = [];
  for (const s of o.set ?? []) {
    const p = parseSetting(s);
    if (typeof p === 'string') throw new SweepUsageError(p);
    if (parameters.some((x) => x.path === p.path)) throw new SweepUsageError(`--set ${p.path} is given twice`);
    parameters.push(p);
  }
  const seeds = positiveInt(o.seeds, '--seeds', 1);
  const workers = positiveInt(o.workers, '--workers', defaultWorkers());
  const limits = o.limit;
  const name = loadScenarioFile(file, { limits }).name;
  const out = o.out ?? path.join('out', `${name}-sweep`);
  if (o.emitJob) {
    const shards = positiveInt(o.shards, '--shards', 4);
    const m = sweepJobManifests({ name, image: o.image ?? 'kubesim:latest', claim: o.volumeClaim ?? 'kubesim-data', scenario: file, parameters, seeds, shards, out: o.out ?? path.posix.join('out', `${name}-sweep`), workers, limits });
    fs.mkdirSync(out, { recursive: true });
    const a = path.join(out, 'sweep-job.yaml');
    const b = path.join(out, 'merge-job.yaml');
    fs.writeFileSync(a, m.sweep);
    fs.writeFileSync(b, m.merge);
    if (!o.quiet) process.stdout.write(`wrote ${a} (Indexed Job, ${shards} shards) and ${b} (merge step)\n`);
    return EXIT.ok;
  }
  let shard: { index: number; count: number } | undefined;
  if (o.shard !== undefined) {
    const s = parseShard(o.shard);
    if (typeof s === 'string') throw new SweepUsageError(s);
    shard = s;
  }
  const tty = !o.quiet && process.stderr.isTTY === true;
  const started = process.hrtime.bigint();
  let summary;
  try {
    summary = await runSweep({ file, parameters, seeds, workers, out, shard, limits, onRun: (d, t) => tty && process.stderr.write(`\r\x1b[K  sweep: ${d}/${t} runs`) });
  } catch (e) {
    if (e instanceof SweepMismatch) throw new SweepUsageError(e.message);
    if (e instanceof RunFailure) {
      process.stderr.write(`kubesim: a run failed: ${e.message}\n`);
      return e.input ? EXIT.invalidInput : EXIT.internal;
    }
    throw e;
  } finally {
    if (tty) process.stderr.write('\r\x1b[K');
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (!o.quiet) {
    process.stdout.write(
      `sweep of "${name}": ${pointCount(parameters)} grid point(s) × ${seeds} seed(s)${shard ? `, shard ${shard.index}/${shard.count}` : ''}: ` +
        `${summary.ran} run(s) in ${wall.toFixed(2)} s wall with ${workers} worker(s)${summary.resumed > 0 ? `, ${summary.resumed} already done` : ''}\n`,
    );
    for (const f of summary.files) process.stdout.write(`  ${f}\n`);
  }
  return EXIT.ok;
}
