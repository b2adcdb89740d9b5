import { RunData } from './run-data';
import { StudyData, bandAt, metricOf } from './study-data';
import { round } from './charts';

/** A table both the HTML and the Markdown renderers draw: a caption, column names, cells as text. */
export interface Table {
  caption: string;
  columns: string[];
  rows: string[][];
}

const get = (o: unknown, ...keys: string[]): unknown => {
  let v = o;
  for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
};
const text = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'number' ? String(round(v, 3)) : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Headline facts of a run, from summary.json (absent fields are left out) and the timeline. */
export function runFacts(d: RunData): Table {
  const s = d.summary;
  const rows: string[][] = [];
  const add = (label: string, v: unknown) => {
    if (v !== undefined) rows.push([label, text(v)]);
  };
  add('scenario', get(s, 'scenario'));
  add('seed', get(s, 'seed'));
  add('virtual time simulated (s)', get(s, 'simulatedSeconds') ?? d.end);
  add('pods created', get(s, 'pods', 'created'));
  add('pods that became Ready', get(s, 'pods', 'ready'));
  add('pods Pending at the end', get(s, 'pods', 'pendingAtEnd'));
  add('pod start-up p50 / p90 / p99 (s)', get(s, 'podStartupSeconds') && ['p50', 'p90', 'p99'].map((q) => text(get(s, 'podStartupSeconds', q))).join(' / '));
  add('scheduling attempts / unschedulable', get(s, 'scheduler') && `${text(get(s, 'scheduler', 'attempts'))} / ${text(get(s, 'scheduler', 'unschedulableAttempts'))}`);
  add('pods that hit FailedScheduling', d.podsUnschedulable);
  if (d.schedulingWaits.length) {
    const w = [...d.schedulingWaits].sort((a, b) => a - b);
    const q = (p: number) => w[Math.min(w.length - 1, Math.ceil(p * w.length) - 1)];
    add('creation → Scheduled p50 / p99 / max (s)', `${text(q(0.5))} / ${text(q(0.99))} / ${text(w[w.length - 1])}`);
  }
  const comps = get(s, 'controlPlane', 'components');
  if (Array.isArray(comps)) for (const c of comps) add(`leaderless seconds: ${text(get(c, 'name') ?? get(c, 'component'))}`, get(c, 'leaderlessSeconds'));
  const tr = get(s, 'traceReplay');
  if (tr && typeof tr === 'object') {
    for (const [k, v] of Object.entries(tr)) if (typeof v !== 'object' || v === null) add(`trace replay: ${k}`, v);
    const w = get(tr, 'waitSeconds');
    if (w) add('trace replay: wait for a node p50 / p90 / p99 / max (s)', ['p50', 'p90', 'p99', 'max'].map((q) => text(get(w, q))).join(' / '));
    const pk = get(tr, 'peakBound');
    const cap = get(tr, 'capacity');
    if (pk && cap) add('trace replay: peak bound / capacity (cpu, GiB, GPUs)', ['cpu', 'memoryGiB', 'gpus'].map((k) => `${text(get(pk, k))} / ${text(get(cap, k))}`).join(', '));
  }
  add('timeline rows / series rows', `${d.timelineRows} / ${d.seriesRows}`);
  return { caption: 'Run', columns: ['fact', 'value'], rows };
}

/** Trace replay node types from summary.json: nodes replayed and the most in use at once. */
export function traceNodeTypeTable(d: RunData): Table | undefined {
  const types = get(d.summary, 'traceReplay', 'nodeTypes');
  if (!Array.isArray(types) || types.length === 0) return undefined;
  return {
    caption: 'Trace replay: node types',
    columns: ['node type', 'nodes replayed', 'most nodes holding pods at once'],
    rows: types.map((t) => [text(get(t, 'type')), text(get(t, 'nodes')), text(get(t, 'peakInUse'))]),
  };
}

/** Rollouts from summary.json. */
export function rolloutTable(d: RunData): Table | undefined {
  const rs = get(d.summary, 'rollouts');
  if (!Array.isArray(rs) || rs.length === 0) return undefined;
  return {
    caption: 'Rollouts',
    columns: ['object', 'revision', 'started (s)', 'completed (s)', 'duration (s)', 'min ready', 'min available', 'max pods'],
    rows: rs.slice(0, 50).map((r) => [
      `${text(get(r, 'kind'))} ${text(get(r, 'namespace'))}/${text(get(r, 'name'))}`,
      text(get(r, 'revision')),
      text(get(r, 'startedAt')),
      text(get(r, 'completedAt')),
      text(get(r, 'durationSeconds')),
      text(get(r, 'minReady')),
      text(get(r, 'minAvailable')),
      text(get(r, 'maxTotal')),
    ]),
  };
}

/** Scenario expectations (SLO verdicts) when summary.json carries them as a list of objects. */
export function expectationTable(summary: Record<string, unknown> | undefined): Table | undefined {
  const e = get(summary, 'expectations');
  const list = Array.isArray(e) ? e : Array.isArray(get(e, 'results')) ? (get(e, 'results') as unknown[]) : undefined;
  if (!list || list.length === 0 || typeof list[0] !== 'object') return undefined;
  const columns = [...new Set(list.flatMap((x) => (x && typeof x === 'object' ? Object.keys(x) : [])))].slice(0, 8);
  return { caption: 'Expectations', columns, rows: list.map((x) => columns.map((c) => text(get(x, c)))) };
}

/** Pending reasons, most frequent first. */
export function reasonTable(d: RunData, limit = 10): Table | undefined {
  if (d.pendingReasons.size === 0) return undefined;
  const top = [...d.pendingReasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  return { caption: 'Why pods were pending', columns: ['reason', 'FailedScheduling rows'], rows: top.map(([r, n]) => [r, String(n)]) };
}

/** The grid points of a study: parameters, pass rate (with its band), cost. */
export function pointsTable(s: StudyData, limit = 40): Table | undefined {
  if (s.points.length === 0) return undefined;
  const rate = s.passRate ? metricOf(s.passRate) : undefined;
  const cost = s.cost ? metricOf(s.cost) : undefined;
  const columns = [...s.params, ...(s.countColumn ? [s.countColumn] : []), ...(rate ? ['pass rate (95% CI)'] : []), ...(cost ? [cost] : [])];
  const rows = s.points.slice(0, limit).map((p) => {
    const r = [...s.params.map((c) => p.params[c] ?? ''), ...(s.countColumn ? [text(p.values[s.countColumn])] : [])];
    if (rate) {
      const b = bandAt(s, rate, p);
      r.push(b ? `${pct(b.mean)}${b.lo !== undefined ? ` (${pct(b.lo)}–${pct(b.hi!)})` : ''}` : '—');
    }
    if (cost) {
      const b = bandAt(s, cost, p);
      r.push(b ? text(b.mean) : '—');
    }
    return r;
  });
  return { caption: s.points.length > limit ? `Grid points (first ${limit} of ${s.points.length})` : 'Grid points', columns, rows };
}

/**
 * plan.json as a table: for an autoscaling plan (spec.plan.autoscaling) its candidates, the chosen
 * one marked; otherwise its top-level scalar fields, nested objects as JSON.
 */
export function planTable(plan: Record<string, unknown> | undefined, limit = 40): Table | undefined {
  if (!plan) return undefined;
  const auto = get(plan, 'autoscaling');
  if (auto && typeof auto === 'object' && Array.isArray(get(auto, 'candidates'))) return autoscalingPlanTable(plan, auto, limit);
  const rows = Object.entries(plan)
    .filter(([, v]) => !Array.isArray(v) || v.length <= 10)
    .slice(0, 30)
    .map(([k, v]) => [k, clip(text(v), 300)]);
  return { caption: 'Plan', columns: ['field', 'value'], rows };
}

/** The candidates of an autoscaling plan: settings, pass rate, cost over the period and per month, mean longest wait. */
function autoscalingPlanTable(plan: Record<string, unknown>, auto: object, limit: number): Table {
  const candidates = get(auto, 'candidates') as unknown[];
  const bestLabel = get(auto, 'best', 'label');
  const hours = get(auto, 'periodHours');
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const rows = candidates.slice(0, limit).map((c) => {
    const label = text(get(c, 'label'));
    const rate = num(get(c, 'passRate'));
    return [
      bestLabel !== undefined && get(c, 'label') === bestLabel ? `${label} (chosen)` : label,
      rate === undefined ? '—' : `${pct(rate)}${get(c, 'meets') === true ? ' (meets)' : ''}`,
      text(get(c, 'costPerPeriod')),
      text(get(c, 'costPerMonth')),
      text(get(c, 'meanMaxPendingSeconds')),
    ];
  });
  const conf = num(get(plan, 'confidence'));
  const head = [`node group ${text(get(auto, 'nodeGroup'))}`, `${text(get(plan, 'seeds'))} seed(s)`, ...(conf === undefined ? [] : [`needs ${pct(conf)} of seeds`])].join(', ');
  const verdict = bestLabel !== undefined ? `chosen: ${text(bestLabel)}` : text(get(auto, 'note') ?? 'no candidate chosen');
  const shown = candidates.length > limit ? ` (first ${limit} of ${candidates.length})` : '';
  return {
    caption: `Autoscaling plan candidates${shown}: ${head}; ${verdict}`,
    columns: ['settings', 'pass rate', `cost over the period${hours === undefined ? '' : ` (${text(hours)} h)`}`, 'cost per month', 'mean longest pending wait (s)'],
    rows,
  };
}

const pct = (x: number) => `${round(x * 100, 1)}%`;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
