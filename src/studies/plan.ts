import * as path from 'node:path';
import { loadScenarioFile } from '../scenario/load';
import { Limits } from '../scenario/limits';
import { Override } from '../scenario/overrides';
import { InputError } from '../scenario/problems';
import { PlanNodeType, PlanSpec } from '../scenario/plan-spec';
import { RunResult } from './run-job';
import { describeExpectation, formatMargin, Verdict } from './slo';
import { SweepMeta, runRow, writeAtomic, writeSweepOutputs } from './sweep-files';
import { WorkerPool } from './worker-pool';
import { AutoscalingCandidate, AutoscalingPlanResult, runAutoscalingPlan } from './plan-autoscaling';

/** Hours in a month for monthly cost (the cloud providers' convention: 730 h). */
export const HOURS_PER_MONTH = 730;

/** Parameter columns of a plan's runs.csv and points.csv. */
const TYPE_COLUMN = 'node_type';
const COUNT_COLUMN = 'count';

export interface SloMargin {
  id: string;
  expectation: string;
  passRate: number;
  /** Worst margin over the seeds (unit: see unit). */
  minMargin: number;
  meanMargin: number;
  unit: Verdict['unit'];
}

/** One evaluated pool: `count` nodes of `nodeType`, run over seeds 1..N. */
export interface PlanCandidate {
  nodeType: string;
  count: number;
  /** Seeds meeting every expectation / seeds run. */
  passRate: number;
  meets: boolean;
  costPerHour: number;
  costPerMonth: number;
  margins: SloMargin[];
}

export interface PlanResult {
  scenario: string;
  pool: string;
  confidence: number;
  seeds: number;
  failures?: PlanSpec['failures'];
  /** The cheapest candidate meeting every expectation; absent when no type can within maxNodes. */
  best?: PlanCandidate;
  /** Per node type: its smallest count meeting the expectations, or why none does. */
  perType: { nodeType: string; best?: PlanCandidate; note?: string }[];
  /** Every candidate evaluated, by type then count. */
  evaluated: PlanCandidate[];
  runsFile: string;
  /** An autoscaling plan (spec.plan.autoscaling): its candidates and choice; perType and evaluated are then empty. */
  autoscaling?: AutoscalingPlanResult;
}

export interface PlanOptions {
  file: string;
  workers: number;
  out: string;
  /** Input limits (--limit) the scenario and every run are loaded with. */
  limits?: Partial<Limits>;
  /** Called after each evaluated candidate. */
  onCandidate?: (c: PlanCandidate) => void;
  /** Called after each evaluated candidate of an autoscaling plan. */
  onAutoscalingCandidate?: (c: AutoscalingCandidate) => void;
}

/**
 * `kubesim plan`: for each candidate node type, the smallest node count of the planned pool whose
 * runs meet every expectation in at least `confidence` of the seeds, found by bracketing (doubling
 * from minNodes until a count meets them) then bisection — assuming more nodes never hurt — and
 * the cheapest of those per month. Types are searched concurrently over one worker pool; the
 * result does not depend on the number of workers. Writes plan.json, plan.md, runs.csv, points.csv.
 */
export async function runPlan(o: PlanOptions): Promise<{ result: PlanResult; files: string[] }> {
  const scenario = loadScenarioFile(o.file, { limits: o.limits });
  const plan = scenario.plan;
  if (!plan) {
    throw new InputError([{ file: o.file, line: 1, col: 1, path: 'spec.plan', message: 'Required value: kubesim plan needs a spec.plan section (docs/studies.md)' }]);
  }
  const expect = scenario.expect ?? [];
  if (expect.length === 0) {
    throw new InputError([{ file: o.file, line: 1, col: 1, path: 'spec.expect', message: 'Required value: kubesim plan needs expectations (spec.expect) to judge candidates by' }]);
  }
  if (plan.autoscaling) return runAutoscalingPlan(o, scenario, plan, plan.autoscaling);
  for (const t of plan.nodeTypes) loadScenarioFile(o.file, { overrides: overridesFor(plan, t, plan.minNodes), limits: o.limits });

  const pool = new WorkerPool(Math.max(1, o.workers), o.limits);
  const rows: { type: string; count: number; seed: number; result: RunResult }[] = [];
  const cache = new Map<string, Promise<PlanCandidate>>();
  const evaluate = (t: PlanNodeType, count: number): Promise<PlanCandidate> => {
    const key = `${t.name}\u0000${count}`;
    let c = cache.get(key);
    if (!c) {
      c = evaluateCandidate(pool, o.file, plan, t, count, rows).then((x) => {
        o.onCandidate?.(x);
        return x;
      });
      cache.set(key, c);
    }
    return c;
  };
  let perType: PlanResult['perType'];
  try {
    perType = await Promise.all(plan.nodeTypes.map((t) => searchType(plan, t, evaluate)));
  } finally {
    await pool.close();
  }
  const evaluated = (await Promise.all([...cache.values()])).sort((a, b) => typeIndex(plan, a.nodeType) - typeIndex(plan, b.nodeType) || a.count - b.count);
  let best: PlanCandidate | undefined;
  for (const p of perType) {
    const c = p.best;
    if (c && (!best || c.costPerMonth < best.costPerMonth || (c.costPerMonth === best.costPerMonth && c.count < best.count))) best = c;
  }
  const result: PlanResult = { scenario: scenario.name, pool: plan.pool, confidence: plan.confidence, seeds: plan.seeds, perType, evaluated, runsFile: 'runs.csv' };
  if (plan.failures) result.failures = plan.failures;
  if (best) result.best = best;

  const counts = [...new Set(rows.map((r) => r.count))].sort((a, b) => a - b).map(String);
  const meta: SweepMeta = {
    scenario: scenario.name,
    parameters: [
      { path: TYPE_COLUMN, values: plan.nodeTypes.map((t) => t.name) },
      { path: COUNT_COLUMN, values: counts },
    ],
    seeds: plan.seeds,
    expectations: expect.map((e, i) => ({ id: `slo${i + 1}`, expectation: describeExpectation(e) })),
  };
  const csvRows = rows.map((r) => runRow([r.type, String(r.count)], r.seed, r.result, meta));
  const files = writeSweepOutputs(o.out, meta, csvRows);
  files.push(writeAtomic(path.join(o.out, 'plan.json'), JSON.stringify(result, null, 2) + '\n'));
  files.push(writeAtomic(path.join(o.out, 'plan.md'), planMarkdown(result)));
  return { result, files };
}

/** Bracketing by doubling from minNodes, then bisection between the last failing and first meeting count. */
async function searchType(plan: PlanSpec, t: PlanNodeType, evaluate: (t: PlanNodeType, n: number) => Promise<PlanCandidate>): Promise<PlanResult['perType'][number]> {
  let lo = plan.minNodes - 1;
  let hi: PlanCandidate | undefined;
  let n = plan.minNodes;
  for (;;) {
    const c = await evaluate(t, n);
    if (c.meets) {
      hi = c;
      break;
    }
    lo = n;
    if (n >= plan.maxNodes) break;
    n = Math.min(n * 2, plan.maxNodes);
  }
  if (!hi) return { nodeType: t.name, note: `no count up to maxNodes (${plan.maxNodes}) meets every expectation in ${pct(plan.confidence)} of seeds` };
  while (hi.count - lo > 1) {
    const mid = Math.floor((lo + hi.count) / 2);
    const c = await evaluate(t, mid);
    if (c.meets) hi = c;
    else lo = mid;
  }
  return { nodeType: t.name, best: hi };
}

async function evaluateCandidate(pool: WorkerPool, file: string, plan: PlanSpec, t: PlanNodeType, count: number, rows: { type: string; count: number; seed: number; result: RunResult }[]): Promise<PlanCandidate> {
  const overrides = overridesFor(plan, t, count);
  const seeds = Array.from({ length: plan.seeds }, (_, i) => i + 1);
  const results = await Promise.all(
    seeds.map((seed) => pool.run({ file, overrides, seed, ...(plan.failures && { failures: { spec: plan.failures, pool: plan.pool } }) })),
  );
  results.forEach((result, i) => rows.push({ type: t.name, count, seed: seeds[i], result }));
  const passes = results.filter((r) => r.verdicts.every((v) => v.pass)).length;
  const passRate = passes / results.length;
  const margins = sloMargins(results);
  return {
    nodeType: t.name,
    count,
    passRate,
    meets: meetsConfidence(passes, results.length, plan.confidence),
    costPerHour: round(count * t.costPerHour, 6),
    costPerMonth: round(count * t.costPerHour * HOURS_PER_MONTH, 2),
    margins,
  };
}

/** Whether `passes` of `runs` seeds reach the fraction `confidence` (e.g. 0.95 of 10 seeds needs 10). */
export function meetsConfidence(passes: number, runs: number, confidence: number): boolean {
  return passes >= Math.ceil(confidence * runs - 1e-9);
}

/** Per expectation, over the seeds of one candidate: pass rate, worst and mean margin. */
export function sloMargins(results: readonly RunResult[]): SloMargin[] {
  return results[0].verdicts.map((v0, i) => {
    const vs = results.map((r) => r.verdicts[i]);
    return {
      id: v0.id,
      expectation: v0.expectation,
      passRate: vs.filter((v) => v.pass).length / vs.length,
      minMargin: Math.min(...vs.map((v) => v.margin)),
      meanMargin: Math.round((vs.reduce((a, v) => a + v.margin, 0) / vs.length) * 1e6) / 1e6,
      unit: v0.unit,
    };
  });
}

/** The overrides that make the planned pool `count` nodes of type `t`. */
export function overridesFor(plan: PlanSpec, t: PlanNodeType, count: number): Override[] {
  const p = `spec.cluster.nodePools[${plan.poolIndex}]`;
  return [
    { path: `${p}.count`, value: String(count) },
    { path: `${p}.capacity`, value: JSON.stringify(t.capacity) },
    { path: `${p}.allocatable`, value: JSON.stringify(t.allocatable ?? t.capacity) },
    { path: `${p}.costPerHour`, value: String(t.costPerHour) },
    { path: `${p}.labels[node.kubernetes.io/instance-type]`, value: JSON.stringify(t.name) },
  ];
}

/** The plan as Markdown for a pull request. */
export function planMarkdown(r: PlanResult): string {
  const lines: string[] = [`# Capacity plan: ${r.scenario}`, ''];
  const failures = r.failures ? ` with ${[r.failures.nodeFailures !== undefined ? `${r.failures.nodeFailures} node failure(s)` : '', r.failures.zoneOutage !== undefined ? `an outage of zone ${r.failures.zoneOutage}` : ''].filter(Boolean).join(' and ')}` : '';
  lines.push(`Pool \`${r.pool}\`; every expectation must hold in at least ${pct(r.confidence)} of ${r.seeds} seeds${failures}.`, '');
  if (r.best) {
    const b = r.best;
    lines.push(`**Cheapest: ${b.count} × ${b.nodeType}, $${b.costPerMonth.toFixed(2)} per month** (${HOURS_PER_MONTH} h at $${b.costPerHour.toFixed(4)}/h), pass rate ${pct(b.passRate)}.`, '');
    lines.push('| expectation | pass rate | worst margin | mean margin |', '|---|---|---|---|');
    for (const m of b.margins) lines.push(`| ${m.expectation} | ${pct(m.passRate)} | ${formatMargin(m.minMargin, m.unit)} | ${formatMargin(m.meanMargin, m.unit)} |`);
    lines.push('');
  } else lines.push('**No candidate meets every expectation.**', '');
  lines.push('## Per node type', '', '| node type | nodes | cost per month | pass rate |', '|---|---|---|---|');
  for (const p of r.perType) {
    if (p.best) lines.push(`| ${p.nodeType} | ${p.best.count} | $${p.best.costPerMonth.toFixed(2)} | ${pct(p.best.passRate)} |`);
    else lines.push(`| ${p.nodeType} | — | — | ${p.note ?? ''} |`);
  }
  lines.push('', '## Candidates evaluated', '', '| node type | nodes | pass rate | meets |', '|---|---|---|---|');
  for (const c of r.evaluated) lines.push(`| ${c.nodeType} | ${c.count} | ${pct(c.passRate)} | ${c.meets ? 'yes' : 'no'} |`);
  lines.push('', `Every run is a row of [${r.runsFile}](${r.runsFile}) (node_type, count, seed); per-candidate means and 95% intervals are in [points.csv](points.csv).`, '');
  return lines.join('\n');
}

function typeIndex(plan: PlanSpec, name: string): number {
  return plan.nodeTypes.findIndex((t) => t.name === name);
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
