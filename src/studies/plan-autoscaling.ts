import * as path from 'node:path';
import { HOUR } from '../engine/time';
import { loadScenarioFile } from '../scenario/load';
import { Override } from '../scenario/overrides';
import { AutoscalingPlanSpec, PlanSpec } from '../scenario/plan-spec';
import { Scenario } from '../scenario/scenario';
import { SweepParameter, pointCount, pointValues } from './grid';
import { HOURS_PER_MONTH, PlanOptions, PlanResult, SloMargin, meetsConfidence, sloMargins } from './plan';
import { RunResult } from './run-job';
import { describeExpectation, formatMargin } from './slo';
import { SweepMeta, runRow, writeAtomic, writeSweepOutputs } from './sweep-files';
import { WorkerPool } from './worker-pool';

/** Parameter columns of an autoscaling plan's runs.csv and points.csv (then one `hpa_target:<hpa>` per HPA). */
const MIN_COLUMN = 'min_nodes';
const MAX_COLUMN = 'max_nodes';
const HPA_COLUMN = 'hpa_target:';

/** One point of the grid: the node group's bounds and each planned HPA's cpu utilization target. */
export interface AutoscalerSettings {
  minNodes: number;
  maxNodes: number;
  hpaTargets: { hpa: string; averageUtilization: number }[];
}

/** One seed of a candidate, as plan.json lists it. */
export interface AutoscalingRunSummary {
  seed: number;
  /** Every expectation met. */
  pass: boolean;
  /** facts.autoscaling.cost.total: the node pools' cost over the simulated period. */
  cost: number;
  nodeHours: number;
  /** Longest wait of a pod for a new node, s (0: none waited). */
  maxPendingSeconds: number;
  pendingAtEnd: number;
}

/** One evaluated setting, run over seeds 1..N. */
export interface AutoscalingCandidate {
  /** "min 1, max 4, web 70%". */
  label: string;
  settings: AutoscalerSettings;
  /** Seeds meeting every expectation / seeds run. */
  passRate: number;
  meets: boolean;
  /** Mean over the seeds of the cost over the simulated period. */
  costPerPeriod: number;
  /** costPerPeriod / period hours × 730 h. */
  costPerMonth: number;
  nodeHours: number;
  meanMaxPendingSeconds: number;
  meanPendingAtEnd: number;
  margins: SloMargin[];
  runs: AutoscalingRunSummary[];
}

/** plan.json's `autoscaling`: every candidate of the grid and the cheapest that meets the expectations. */
export interface AutoscalingPlanResult {
  nodeGroup: string;
  /** The simulated period of every run (spec.duration), hours. */
  periodHours: number;
  best?: AutoscalingCandidate;
  /** Why there is no best. */
  note?: string;
  /** In grid order: minNodes slowest, then maxNodes, then each HPA's targets (the last fastest). */
  candidates: AutoscalingCandidate[];
}

/**
 * The autoscaling mode of `kubesim plan`: every point of the grid minNodes × maxNodes × each HPA's
 * targets is run over seeds 1..N (no pruning: a tighter max can cost more when it delays scale-up
 * into a longer overload, so no order is assumed). A candidate meets the plan when at least
 * `confidence` of its seeds meet every expectation; the best is the one with the lowest mean cost
 * over the period, ties broken by higher pass rate, then shorter mean longest pending wait, then
 * grid order. Outputs as the fixed-pool plan: plan.json (with `autoscaling`), plan.md, runs.csv,
 * points.csv; bytes independent of the number of workers.
 */
export async function runAutoscalingPlan(o: PlanOptions, scenario: Scenario, plan: PlanSpec, a: AutoscalingPlanSpec): Promise<{ result: PlanResult; files: string[] }> {
  const params = gridParameters(a);
  const grid = Array.from({ length: pointCount(params) }, (_, p) => settingsAt(a, pointValues(params, p)));
  loadScenarioFile(o.file, { overrides: autoscalingOverrides(plan, a, grid[0]), limits: o.limits });

  const seeds = Array.from({ length: plan.seeds }, (_, i) => i + 1);
  const failures = plan.failures && { failures: { spec: plan.failures, pool: plan.pool } };
  const periodHours = scenario.duration / HOUR;
  const pool = new WorkerPool(Math.max(1, o.workers), o.limits);
  let evaluated: { candidate: AutoscalingCandidate; results: RunResult[] }[];
  try {
    evaluated = await Promise.all(
      grid.map(async (s) => {
        const overrides = autoscalingOverrides(plan, a, s);
        const results = await Promise.all(seeds.map((seed) => pool.run({ file: o.file, overrides, seed, ...failures })));
        const candidate = summarize(s, seeds, results, plan.confidence, periodHours);
        o.onAutoscalingCandidate?.(candidate);
        return { candidate, results };
      }),
    );
  } finally {
    await pool.close();
  }
  const candidates = evaluated.map((e) => e.candidate);
  const best = cheapest(candidates);
  const auto: AutoscalingPlanResult = { nodeGroup: a.nodeGroup, periodHours, candidates };
  if (best) auto.best = best;
  else auto.note = `no candidate meets every expectation in ${pct(plan.confidence)} of ${plan.seeds} seeds`;
  const result: PlanResult = { scenario: scenario.name, pool: plan.pool, confidence: plan.confidence, seeds: plan.seeds, perType: [], evaluated: [], runsFile: 'runs.csv', autoscaling: auto };
  if (plan.failures) result.failures = plan.failures;

  const expect = scenario.expect ?? [];
  const meta: SweepMeta = {
    scenario: scenario.name,
    parameters: params,
    seeds: plan.seeds,
    expectations: expect.map((e, i) => ({ id: `slo${i + 1}`, expectation: describeExpectation(e) })),
  };
  const rows: string[][] = [];
  evaluated.forEach((e, p) => e.results.forEach((r, i) => rows.push(runRow(pointValues(params, p), seeds[i], r, meta))));
  const files = writeSweepOutputs(o.out, meta, rows);
  files.push(writeAtomic(path.join(o.out, 'plan.json'), JSON.stringify(result, null, 2) + '\n'));
  files.push(writeAtomic(path.join(o.out, 'plan.md'), autoscalingPlanMarkdown(result, auto)));
  return { result, files };
}

/** The grid as sweep parameters (the runs.csv parameter columns), first slowest. */
function gridParameters(a: AutoscalingPlanSpec): SweepParameter[] {
  return [
    { path: MIN_COLUMN, values: a.minNodes.map(String) },
    { path: MAX_COLUMN, values: a.maxNodes.map(String) },
    ...a.hpaTargets.map((t) => ({ path: `${HPA_COLUMN}${t.hpa}`, values: t.averageUtilization.map(String) })),
  ];
}

function settingsAt(a: AutoscalingPlanSpec, values: readonly string[]): AutoscalerSettings {
  return {
    minNodes: Number(values[0]),
    maxNodes: Number(values[1]),
    hpaTargets: a.hpaTargets.map((t, i) => ({ hpa: t.hpa, averageUtilization: Number(values[2 + i]) })),
  };
}

/** The overrides that give the node group bounds `s.minNodes`/`s.maxNodes` and each planned HPA its target. */
export function autoscalingOverrides(plan: PlanSpec, a: AutoscalingPlanSpec, s: AutoscalerSettings): Override[] {
  const g = `spec.cluster.nodePools[${plan.poolIndex}].autoscaling`;
  const out: Override[] = [
    { path: `${g}.min`, value: String(s.minNodes) },
    { path: `${g}.max`, value: String(s.maxNodes) },
  ];
  a.hpaTargets.forEach((t, i) => {
    const u = s.hpaTargets[i].averageUtilization;
    const metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: u } } }];
    out.push({ path: t.path, value: t.wrapInMetrics ? JSON.stringify(metrics) : String(u) });
  });
  return out;
}

function summarize(s: AutoscalerSettings, seeds: readonly number[], results: readonly RunResult[], confidence: number, periodHours: number): AutoscalingCandidate {
  const runs: AutoscalingRunSummary[] = results.map((r, i) => {
    const f = r.autoscaling;
    if (!f) throw new Error(`a run of ${label(s)} (seed ${seeds[i]}) reported no autoscaling facts`);
    return { seed: seeds[i], pass: r.verdicts.every((v) => v.pass), cost: f.cost, nodeHours: f.nodeHours, maxPendingSeconds: f.maxPendingSeconds, pendingAtEnd: f.pendingAtEnd };
  });
  const passes = runs.filter((r) => r.pass).length;
  const costPerPeriod = round(mean(runs.map((r) => r.cost)), 6);
  return {
    label: label(s),
    settings: s,
    passRate: passes / runs.length,
    meets: meetsConfidence(passes, runs.length, confidence),
    costPerPeriod,
    costPerMonth: round((costPerPeriod / periodHours) * HOURS_PER_MONTH, 2),
    nodeHours: round(mean(runs.map((r) => r.nodeHours)), 6),
    meanMaxPendingSeconds: round(mean(runs.map((r) => r.maxPendingSeconds)), 6),
    meanPendingAtEnd: round(mean(runs.map((r) => r.pendingAtEnd)), 6),
    margins: sloMargins(results),
    runs,
  };
}

/** Lowest mean cost over the period among the candidates that meet the plan; ties: pass rate, pending wait, grid order. */
function cheapest(cs: readonly AutoscalingCandidate[]): AutoscalingCandidate | undefined {
  let best: AutoscalingCandidate | undefined;
  for (const c of cs) {
    if (!c.meets) continue;
    if (!best || c.costPerPeriod < best.costPerPeriod || (c.costPerPeriod === best.costPerPeriod && (c.passRate > best.passRate || (c.passRate === best.passRate && c.meanMaxPendingSeconds < best.meanMaxPendingSeconds)))) best = c;
  }
  return best;
}

function label(s: AutoscalerSettings): string {
  return [`min ${s.minNodes}`, `max ${s.maxNodes}`, ...s.hpaTargets.map((t) => `${t.hpa} ${t.averageUtilization}%`)].join(', ');
}

/** What `kubesim plan` prints for an autoscaling plan: the chosen settings and their cost. */
export function autoscalingPlanLines(r: PlanResult, a: AutoscalingPlanResult): string[] {
  if (!a.best) return [`node group "${a.nodeGroup}": ${a.note ?? 'no candidate meets every expectation'}`];
  const b = a.best;
  const lines = [
    `cheapest settings for node group "${a.nodeGroup}": ${b.label}`,
    `  cost $${b.costPerPeriod.toFixed(2)} over the simulated ${hours(a.periodHours)} ($${b.costPerMonth.toFixed(2)} per month), ${b.nodeHours.toFixed(2)} node-hours; pass rate ${pct(b.passRate)} of ${r.seeds} seeds (confidence ${pct(r.confidence)}); mean longest pending wait ${b.meanMaxPendingSeconds.toFixed(1)} s`,
  ];
  for (const m of b.margins) lines.push(`  ${m.expectation}: worst margin ${formatMargin(m.minMargin, m.unit)}, mean ${formatMargin(m.meanMargin, m.unit)}`);
  return lines;
}

/** One progress line per evaluated candidate. */
export function autoscalingCandidateLine(c: AutoscalingCandidate): string {
  return `${c.label}: pass rate ${(c.passRate * 100).toFixed(0)}% ${c.meets ? 'meets' : 'misses'} the expectations, $${c.costPerPeriod.toFixed(2)} over the period`;
}

/** plan.md of an autoscaling plan: the chosen settings, then the table of every candidate. */
export function autoscalingPlanMarkdown(r: PlanResult, a: AutoscalingPlanResult): string {
  const lines: string[] = [`# Autoscaling plan: ${r.scenario}`, ''];
  lines.push(`Node group \`${a.nodeGroup}\`; every expectation must hold in at least ${pct(r.confidence)} of ${r.seeds} seeds; cost is the node group's cost over the simulated ${hours(a.periodHours)}, averaged over the seeds, and extrapolated to ${HOURS_PER_MONTH} h per month.`, '');
  if (a.best) {
    const b = a.best;
    lines.push(`**Cheapest: ${b.label}: $${b.costPerPeriod.toFixed(2)} over the period, $${b.costPerMonth.toFixed(2)} per month**, pass rate ${pct(b.passRate)}.`, '');
    lines.push('| expectation | pass rate | worst margin | mean margin |', '|---|---|---|---|');
    for (const m of b.margins) lines.push(`| ${m.expectation} | ${pct(m.passRate)} | ${formatMargin(m.minMargin, m.unit)} | ${formatMargin(m.meanMargin, m.unit)} |`);
    lines.push('');
  } else lines.push(`**${a.note ?? 'No candidate meets every expectation.'}**`, '');
  const hpas = a.candidates[0]?.settings.hpaTargets.map((t) => t.hpa) ?? [];
  lines.push('## Candidates', '');
  lines.push(`| min nodes | max nodes | ${hpas.map((h) => `${h} target |`).join(' ')} pass rate | meets | cost over period | cost per month | node-hours | mean longest pending wait | mean pending at end |`);
  lines.push(`|---|---|${hpas.map(() => '---|').join('')}---|---|---|---|---|---|---|`);
  for (const c of a.candidates) {
    const s = c.settings;
    const mark = c === a.best ? ' **(chosen)**' : '';
    lines.push(`| ${s.minNodes} | ${s.maxNodes} | ${s.hpaTargets.map((t) => `${t.averageUtilization}% |`).join(' ')} ${pct(c.passRate)} | ${c.meets ? 'yes' : 'no'}${mark} | $${c.costPerPeriod.toFixed(4)} | $${c.costPerMonth.toFixed(2)} | ${c.nodeHours.toFixed(2)} | ${c.meanMaxPendingSeconds.toFixed(1)} s | ${c.meanPendingAtEnd} |`);
  }
  lines.push('', `Every run is a row of [${r.runsFile}](${r.runsFile}) (${MIN_COLUMN}, ${MAX_COLUMN}, ${hpas.map((h) => `${HPA_COLUMN}${h}`).join(', ')}${hpas.length ? ', ' : ''}seed); each run's cost is in plan.json (autoscaling.candidates[].runs); per-candidate means and 95% intervals of the run metrics are in [points.csv](points.csv).`, '');
  return lines.join('\n');
}

function hours(h: number): string {
  return `${Math.round(h * 1000) / 1000} h`;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
