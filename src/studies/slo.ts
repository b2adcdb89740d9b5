import { MILLISECOND, SECOND, Time, formatDuration } from '../engine/time';
import { Expectation } from '../scenario/expect-spec';
import { RunFacts } from '../sim/simulation';
import { PendingWaitSummary } from '../metrics/pending-wait';
import { ServiceReadinessSummary } from '../metrics/service-readiness';

/** What the watchers of a run observed for each expectation (same index), where one was needed. */
export type Observation = ServiceReadinessSummary | PendingWaitSummary | undefined;

/** One expectation's verdict, as printed by `kubesim run` and written to summary.json. */
export interface Verdict {
  /** "slo1", "slo2"... in file order: the column prefix in sweep outputs. */
  id: string;
  type: Expectation['type'];
  /** What was expected, e.g. "rollout deployment/web completes within 10m0s". */
  expectation: string;
  pass: boolean;
  /** What was seen, e.g. "took 4m12s". */
  observed: string;
  /**
   * Distance to the limit in `unit`, positive when met: seconds for durations, percentage points
   * for "%" levels, endpoints for counts.
   */
  margin: number;
  unit: 'seconds' | 'percent' | 'endpoints';
  /** "file:line:col" of the expectation. */
  where: string;
}

/**
 * Judges every expectation over a finished run (pure: facts and observations in, verdicts out).
 * `end` is the virtual instant the run stopped at.
 */
export function evaluateExpectations(expectations: readonly Expectation[], facts: RunFacts, observations: readonly Observation[], end: Time): Verdict[] {
  return expectations.map((e, i) => {
    const id = `slo${i + 1}`;
    switch (e.type) {
      case 'rollout':
        return rolloutVerdict(id, e, facts, end);
      case 'service':
        return serviceVerdict(id, e, observations[i] as ServiceReadinessSummary);
      case 'pendingPods':
        return pendingVerdict(id, e, observations[i] as PendingWaitSummary);
      case 'leaderless':
        return leaderlessVerdict(id, e, facts);
    }
  });
}

/** "PASS rollout deployment/web completes within 10m0s: took 4m12s (margin 5m48s)". */
export function formatVerdict(v: Verdict): string {
  return `${v.pass ? 'PASS' : 'FAIL'} ${v.expectation}: ${v.observed} (margin ${formatMargin(v.margin, v.unit)})`;
}

export function formatMargin(margin: number, unit: Verdict['unit']): string {
  if (unit === 'seconds') return shown(margin * SECOND);
  if (unit === 'percent') return `${round(margin, 1)}%`;
  return `${margin} endpoint${Math.abs(margin) === 1 ? '' : 's'}`;
}

/** What an expectation asserts, in words ("rollout deployment/web completes within 10m0s"). */
export function describeExpectation(e: Expectation): string {
  switch (e.type) {
    case 'rollout':
      return `rollout ${ref(e.kind, e.namespace, e.name)} completes within ${formatDuration(e.completesWithin)}`;
    case 'service': {
      const lvl = e.readyEndpointsAtLeast;
      const levelText = 'percent' in lvl ? `${lvl.percent}%` : `${lvl.count}`;
      return `service ${e.namespace === 'default' ? '' : `${e.namespace}/`}${e.name} keeps at least ${levelText} ready endpoints${e.from !== undefined ? ` from ${formatDuration(e.from)}` : ''}`;
    }
    case 'pendingPods':
      return `no pod${e.namespace === undefined ? '' : ` in ${e.namespace}`} waits for scheduling ${formatDuration(e.longestWaitBelow)} or longer`;
    case 'leaderless': {
      const parts: string[] = [];
      if (e.totalBelow !== undefined) parts.push(`below ${formatDuration(e.totalBelow)} in total`);
      if (e.longestBelow !== undefined) parts.push(`each spell below ${formatDuration(e.longestBelow)}`);
      return `${e.component} leaderless ${parts.join(' and ')}`;
    }
  }
}

type Of<T extends Expectation['type']> = Extract<Expectation, { type: T }>;

function ref(kind: string, namespace: string, name: string): string {
  return `${kind.toLowerCase()}/${namespace === 'default' ? '' : `${namespace}/`}${name}`;
}

/** Every rollout of the workload, RolloutStarted → RolloutCompleted, within the limit; unfinished ones fail. */
function rolloutVerdict(id: string, e: Of<'rollout'>, facts: RunFacts, end: Time): Verdict {
  const limit = e.completesWithin / SECOND;
  const expectation = describeExpectation(e);
  const base = { id, type: e.type, expectation, unit: 'seconds' as const, where: e.where };
  const mine = facts.rollouts.filter((r) => r.kind === e.kind && r.namespace === e.namespace && r.name === e.name);
  if (mine.length === 0) return { ...base, pass: true, observed: 'no rollout in the run', margin: limit };
  const unfinished = mine.find((r) => r.durationSeconds === null);
  if (unfinished) {
    const t = end / SECOND - unfinished.startedAt;
    return { ...base, pass: false, observed: `revision ${unfinished.revision} not complete after ${shown(t * SECOND)} when the run ended`, margin: Math.min(0, round(limit - t, 6)) };
  }
  let worst = mine[0];
  for (const r of mine) if (r.durationSeconds! > worst.durationSeconds!) worst = r;
  const took = worst.durationSeconds!;
  const of = mine.length > 1 ? ` (slowest of ${mine.length}: revision ${worst.revision})` : '';
  const margin = round(limit - took, 6);
  return { ...base, pass: margin >= 0, observed: `took ${shown(took * SECOND)}${of}`, margin };
}

function serviceVerdict(id: string, e: Of<'service'>, s: ServiceReadinessSummary): Verdict {
  const lvl = e.readyEndpointsAtLeast;
  const expectation = describeExpectation(e);
  const unit = 'percent' in lvl ? ('percent' as const) : ('endpoints' as const);
  const base = { id, type: e.type, expectation, unit, where: e.where };
  const limit = 'percent' in lvl ? lvl.percent : lvl.count;
  if (s.armedAt === null || s.lowest === null) {
    return { ...base, pass: false, observed: e.from !== undefined ? `the run ended before ${formatDuration(e.from)}` : 'never had all desired endpoints ready', margin: -limit };
  }
  const margin = round(s.lowest - limit, 6);
  const lowText = 'percent' in lvl ? `${round(s.lowest, 1)}% (${s.lowestReady} of ${s.lowestDesired})` : `${s.lowestReady}`;
  const below = s.belowFor > 0 ? `, below for ${shown(s.belowFor)}` : '';
  return { ...base, pass: margin >= 0, observed: `lowest ${lowText} at ${shown(s.lowestAt)}${below}`, margin };
}

function pendingVerdict(id: string, e: Of<'pendingPods'>, s: PendingWaitSummary): Verdict {
  const expectation = describeExpectation(e);
  const base = { id, type: e.type, expectation, unit: 'seconds' as const, where: e.where };
  const margin = round((e.longestWaitBelow - s.longest) / SECOND, 6);
  const still = s.unscheduledAtEnd > 0 ? `, ${s.unscheduledAtEnd} still unscheduled at the end` : '';
  const observed = s.longestPod === '' ? 'no pod waited' : `longest wait ${shown(s.longest)} (${s.longestPod})${still}`;
  return { ...base, pass: s.longest < e.longestWaitBelow, observed, margin };
}

/** Leaderless time from RunFacts.controlPlane; a scenario without leader election passes with margin = limit. */
function leaderlessVerdict(id: string, e: Of<'leaderless'>, facts: RunFacts): Verdict {
  const expectation = describeExpectation(e);
  const base = { id, type: e.type, expectation, unit: 'seconds' as const, where: e.where };
  const limits = [e.totalBelow, e.longestBelow].filter((x): x is Time => x !== undefined).map((x) => x / SECOND);
  const c = facts.controlPlane?.components.find((x) => x.component === e.component);
  if (!c) return { ...base, pass: true, observed: 'no leader election configured', margin: Math.min(...limits) };
  let margin = Infinity;
  let pass = true;
  const seen: string[] = [];
  if (e.totalBelow !== undefined) {
    const m = e.totalBelow / SECOND - c.leaderlessSeconds;
    margin = Math.min(margin, m);
    pass &&= m > 0;
    seen.push(`${shown(c.leaderlessSeconds * SECOND)} in total`);
  }
  if (e.longestBelow !== undefined) {
    const m = e.longestBelow / SECOND - c.longestLeaderlessSeconds;
    margin = Math.min(margin, m);
    pass &&= m > 0;
    seen.push(`longest ${shown(c.longestLeaderlessSeconds * SECOND)}`);
  }
  return { ...base, pass, observed: `leaderless ${seen.join(', ')}`, margin: round(margin, 6) };
}

/** A duration for messages, to the millisecond ("4m12.345s"). */
function shown(t: Time): string {
  return formatDuration(Math.round(t / MILLISECOND) * MILLISECOND);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
