import * as path from 'node:path';
import { loadScenarioFile } from '../scenario/load';
import { Limits } from '../scenario/limits';
import { formatMargin } from '../studies/slo';
import { runPlan } from '../studies/plan';
import { autoscalingCandidateLine, autoscalingPlanLines } from '../studies/plan-autoscaling';
import { RunFailure, defaultWorkers } from '../studies/worker-pool';
import { EXIT } from './exit-codes';

/**
 * `kubesim plan <scenario>`: sizes spec.plan's pool and prints the cheapest pool meeting every
 * expectation; writes plan.json, plan.md, runs.csv and points.csv to --out. Exit code 1 when no
 * candidate meets the expectations. `o.limit` (--limit) raises or lowers the input limits of the
 * scenario and of every run.
 */
export async function planCommand(file: string, o: { workers?: string; out?: string; quiet?: boolean; limit?: Partial<Limits> }): Promise<number> {
  if (o.workers !== undefined && (!/^\d+$/.test(o.workers) || Number(o.workers) < 1)) {
    process.stderr.write(`kubesim: --workers expects a positive integer, got "${o.workers}"\n`);
    return EXIT.usage;
  }
  const workers = o.workers === undefined ? defaultWorkers() : Number(o.workers);
  const name = loadScenarioFile(file, { limits: o.limit }).name;
  const out = o.out ?? path.join('out', `${name}-plan`);
  const started = process.hrtime.bigint();
  let res;
  try {
    res = await runPlan({
      file,
      workers,
      out,
      limits: o.limit,
      onAutoscalingCandidate: (c) => {
        if (!o.quiet) process.stdout.write(`  ${autoscalingCandidateLine(c)}\n`);
      },
      onCandidate: (c) => {
        if (!o.quiet) process.stdout.write(`  ${c.nodeType} × ${c.count}: pass rate ${(c.passRate * 100).toFixed(0)}% ${c.meets ? 'meets' : 'misses'} the expectations\n`);
      },
    });
  } catch (e) {
    if (e instanceof RunFailure) {
      process.stderr.write(`kubesim: a run failed: ${e.message}\n`);
      return e.input ? EXIT.invalidInput : EXIT.internal;
    }
    throw e;
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const r = res.result;
  if (r.autoscaling) {
    if (!o.quiet) {
      for (const line of autoscalingPlanLines(r, r.autoscaling)) process.stdout.write(`${line}\n`);
      process.stdout.write(`planned in ${wall.toFixed(2)} s wall with ${workers} worker(s), ${r.autoscaling.candidates.length} candidates × ${r.seeds} seeds; outputs:\n`);
      for (const f of res.files) process.stdout.write(`  ${f}\n`);
    }
    return r.autoscaling.best ? EXIT.ok : EXIT.expectationFailed;
  }
  if (!o.quiet) {
    for (const p of r.perType) {
      process.stdout.write(p.best ? `${p.nodeType}: ${p.best.count} nodes, $${p.best.costPerMonth.toFixed(2)}/month\n` : `${p.nodeType}: ${p.note}\n`);
    }
    if (r.best) {
      const b = r.best;
      process.stdout.write(`cheapest pool "${r.pool}": ${b.count} × ${b.nodeType} at $${b.costPerMonth.toFixed(2)} per month (pass rate ${(b.passRate * 100).toFixed(0)}% of ${r.seeds} seeds, confidence ${(r.confidence * 100).toFixed(0)}%)\n`);
      for (const m of b.margins) process.stdout.write(`  ${m.expectation}: worst margin ${formatMargin(m.minMargin, m.unit)}, mean ${formatMargin(m.meanMargin, m.unit)}\n`);
    } else process.stdout.write(`no candidate pool meets every expectation\n`);
    process.stdout.write(`planned in ${wall.toFixed(2)} s wall with ${workers} worker(s), ${r.evaluated.length} candidates × ${r.seeds} seeds; outputs:\n`);
    for (const f of res.files) process.stdout.write(`  ${f}\n`);
  }
  return r.best ? EXIT.ok : EXIT.expectationFailed;
}
