import { Override } from '../scenario/overrides';
import { Limits } from '../scenario/limits';
import { loadScenarioFile } from '../scenario/load';
import { Scenario, TimelineAction } from '../scenario/scenario';
import { Simulation, RunFacts } from '../sim/simulation';
import { ExpectationWatchers } from './expectations';
import { PlanFailures } from '../scenario/plan-spec';
import { Verdict } from './slo';
import { RunAutoscaling, runAutoscaling } from '../autoscaler/plan-facts';

/** One run for a worker: the scenario file, its overrides and seed, and failures a plan adds. */
export interface RunJob {
  file: string;
  overrides: Override[];
  seed: number;
  /** Failures of a capacity plan, added to the timeline of `pool`. */
  failures?: { spec: PlanFailures; pool: string };
  /** Input limits (--limit) the scenario is loaded with; defaults when absent. */
  limits?: Partial<Limits>;
}

/** The key metrics of a run, in RUN_METRICS order (null: not measured, e.g. no rollout). */
export interface RunResult {
  metrics: (number | null)[];
  verdicts: Verdict[];
  /** Autoscaling cost and pending waits, for autoscaling plans; absent when the run had no autoscaling. */
  autoscaling?: RunAutoscaling;
}

/** The metric columns of runs.csv, before the SLO columns. */
export const RUN_METRICS = [
  'simulated_s',
  'events',
  'pods_created',
  'pods_ready',
  'pending_at_end',
  'startup_p50_s',
  'startup_p99_s',
  'rollouts',
  'rollouts_unfinished',
  'rollout_mean_s',
  'rollout_max_s',
  'cost_per_month',
] as const;

/** Hours in a month for costs (365 × 24 / 12), as cloud price lists use. */
const HOURS_PER_MONTH = 730;

/** Loads, runs and judges one run. Deterministic: the same job gives the same result in any thread. */
export function runJob(job: RunJob): RunResult {
  const scenario = loadScenarioFile(job.file, { seed: job.seed, overrides: job.overrides, limits: job.limits });
  if (job.failures) addFailures(scenario, job.failures.spec, job.failures.pool);
  const sim = new Simulation(scenario);
  const watchers = new ExpectationWatchers(sim, scenario.expect ?? []);
  const facts = sim.run();
  const autoscaling = runAutoscaling(facts);
  return { metrics: runMetrics(facts, scenario), verdicts: watchers.evaluate(facts), ...(autoscaling && { autoscaling }) };
}

/**
 * The run's key metrics. cost_per_month is the node pools' hourly cost (count × costPerHour, as
 * configured for the run) × 730 h; null when no pool states a cost.
 */
export function runMetrics(f: RunFacts, scenario?: Scenario): (number | null)[] {
  const pools = scenario?.cluster.nodePools ?? [];
  const priced = pools.filter((p) => p.costPerHour !== undefined);
  const cost = priced.length === 0 ? null : Math.round(priced.reduce((a, p) => a + p.count * p.costPerHour!, 0) * HOURS_PER_MONTH * 100) / 100;
  const done = f.rollouts.filter((r) => r.durationSeconds !== null).map((r) => r.durationSeconds!);
  const mean = done.length === 0 ? null : done.reduce((a, b) => a + b, 0) / done.length;
  const max = done.length === 0 ? null : Math.max(...done);
  return [
    f.simulatedSeconds,
    f.eventsProcessed,
    f.pods.created,
    f.pods.ready,
    f.pods.pendingAtEnd,
    f.podStartupSeconds.p50,
    f.podStartupSeconds.p99,
    f.rollouts.length,
    f.rollouts.length - done.length,
    mean,
    max,
    cost,
  ];
}

/**
 * Adds a plan's failures as timeline actions (nodeCrash of `nodeFailures` nodes of the pool, or a
 * zoneOutage) at their instant, after the scenario's own actions of that instant.
 */
export function addFailures(scenario: Scenario, f: PlanFailures, pool: string): void {
  const where = 'spec.plan.failures';
  const added: TimelineAction[] = [];
  if (f.nodeFailures !== undefined) {
    const a: TimelineAction = { type: 'nodeCrash', scope: { pool, count: f.nodeFailures }, at: f.at, where };
    if (f.for !== undefined) a.for = f.for;
    added.push(a);
  }
  if (f.zoneOutage !== undefined) {
    const a: TimelineAction = { type: 'zoneOutage', scope: { zone: f.zoneOutage }, at: f.at, where };
    if (f.for !== undefined) a.for = f.for;
    added.push(a);
  }
  const t = scenario.timeline;
  let i = t.findIndex((x) => x.at > f.at);
  if (i < 0) i = t.length;
  t.splice(i, 0, ...added);
}
