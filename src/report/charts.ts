import { Points, RunData } from './run-data';
import { StudyData, StudyPoint, bandAt, metricOf } from './study-data';

/**
 * One chart of a report: a Chart.js configuration (plain JSON, no functions, so it can be embedded
 * in the page as data), or `skipped` saying why the outputs cannot draw it.
 */
export interface ChartSpec {
  id: string;
  title: string;
  note?: string;
  skipped?: string;
  config?: Record<string, unknown>;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const color = (i: number) => PALETTE[i % PALETTE.length];
/** The colour with an alpha, for confidence bands. */
const faded = (i: number) => color(i) + '33';

const PHASE_LABELS: Record<string, string> = {
  pods_pending: 'Pending',
  pods_running: 'Running',
  pods_ready: 'Ready',
  pods_succeeded: 'Succeeded',
  pods_failed: 'Failed',
  pods_terminating: 'Terminating',
};

function xy(p: Points): { x: number; y: number }[] {
  return p.map(([x, y]) => ({ x, y }));
}

function timeChart(datasets: Record<string, unknown>[], yTitle: string, step = false): Record<string, unknown> {
  for (const d of datasets) {
    d.pointRadius ??= 0;
    d.borderWidth ??= 2;
    if (step) d.stepped = true;
  }
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'virtual time (s)' } },
        y: { beginAtZero: true, title: { display: true, text: yTitle } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

function barChart(labels: string[], data: number[], label: string, xTitle: string, yTitle: string, horizontal = false): Record<string, unknown> {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label, data, backgroundColor: color(0) }] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      scales: {
        x: { title: { display: true, text: horizontal ? yTitle : xTitle }, ...(horizontal ? { beginAtZero: true } : {}) },
        y: { title: { display: true, text: horizontal ? xTitle : yTitle }, ...(horizontal ? {} : { beginAtZero: true }) },
      },
      plugins: { legend: { display: false } },
    },
  };
}

/** The charts of a single run's report, in reading order. */
export function runCharts(d: RunData): ChartSpec[] {
  const out: ChartSpec[] = [];

  const phases = Object.keys(PHASE_LABELS).filter((m) => d.cluster.has(m));
  out.push(
    phases.length
      ? { id: 'pods-by-phase', title: 'Pods by phase', note: 'Sampled gauges (series.csv): pods by status.phase, Ready pods, and pods being deleted.', config: timeChart(phases.map((m, i) => ({ label: PHASE_LABELS[m], data: xy(d.cluster.get(m)!), borderColor: color(i), backgroundColor: color(i) })), 'pods') }
      : { id: 'pods-by-phase', title: 'Pods by phase', skipped: 'series.csv holds no pods_* gauges.' },
  );

  if (d.services.size === 0) {
    out.push({ id: 'service-endpoints', title: 'Ready endpoints per Service', skipped: 'series.csv holds no service_endpoints_* gauges (the run has no Service, or its outputs predate these gauges).' });
  } else {
    const ds: Record<string, unknown>[] = [];
    let i = 0;
    for (const [svc, ms] of d.services) {
      const ready = ms.get('service_endpoints_ready');
      const total = ms.get('service_endpoints_total');
      if (ready) ds.push({ label: `${svc} ready`, data: xy(ready), borderColor: color(i), backgroundColor: color(i) });
      if (total) ds.push({ label: `${svc} total`, data: xy(total), borderColor: color(i), backgroundColor: color(i), borderDash: [6, 4], borderWidth: 1 });
      i++;
    }
    const omitted = d.omittedServices ? ` ${d.omittedServices} more Service(s) not drawn.` : '';
    out.push({ id: 'service-endpoints', title: 'Ready endpoints per Service', note: `Solid: ready endpoints; dashed: all endpoints (ready, serving or terminating).${omitted}`, config: timeChart(ds, 'endpoints', true) });
  }

  if (d.deployments.size === 0) {
    out.push({ id: 'rollout-0', title: 'Rollout progress', skipped: 'series.csv holds no deployment_* gauges (the run has no Deployment).' });
  } else {
    let k = 0;
    const names: Record<string, string> = { deployment_desired: 'desired', deployment_updated: 'updated', deployment_ready: 'ready', deployment_available: 'available' };
    for (const [dep, ms] of d.deployments) {
      const ds = Object.keys(names)
        .filter((m) => ms.has(m))
        .map((m, i) => ({ label: names[m], data: xy(ms.get(m)!), borderColor: color(i), backgroundColor: color(i), ...(m === 'deployment_desired' ? { borderDash: [6, 4], borderWidth: 1 } : {}) }));
      const omitted = k === d.deployments.size - 1 && d.omittedDeployments ? ` ${d.omittedDeployments} more Deployment(s) not drawn.` : '';
      out.push({ id: `rollout-${k}`, title: `Rollout progress: Deployment ${dep}`, note: `status.updatedReplicas, readyReplicas and availableReplicas against spec.replicas (dashed).${omitted}`, config: timeChart(ds, 'replicas', true) });
      k++;
    }
  }

  out.push(nodeAllocationChart(d));

  if (d.pendingReasons.size === 0) {
    out.push({ id: 'pending-reasons', title: 'Why pods were pending', skipped: 'timeline.csv has no FailedScheduling rows: every pod found a node at its first attempt.' });
  } else {
    const top = [...d.pendingReasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12);
    out.push({
      id: 'pending-reasons',
      title: 'Why pods were pending',
      note: `FailedScheduling rows naming each reason (a row names every reason in its message): ${d.failedSchedulingRows} rows, ${d.podsUnschedulable} distinct pods.`,
      config: barChart(top.map((t) => t[0]), top.map((t) => t[1]), 'FailedScheduling rows', 'reason', 'rows', true),
    });
  }

  if (d.schedulingWaits.length === 0) {
    out.push({ id: 'scheduling-waits', title: 'Time from creation to scheduling', skipped: 'timeline.csv has no Scheduled rows.' });
  } else {
    const h = waitHistogram(d.schedulingWaits);
    out.push({ id: 'scheduling-waits', title: 'Time from creation to scheduling', note: `${d.schedulingWaits.length} pods bound; creation is the ReplicaSet's SuccessfulCreate (or the pod's first timeline row).`, config: barChart(h.labels, h.counts, 'pods', 'wait', 'pods') });
  }

  if (d.leaderless.length === 0) {
    out.push({ id: 'leaderless', title: 'Leaderless windows', skipped: 'timeline.csv has no LeaderlessStart rows (no control-plane leader election in the scenario, or no component was ever without a leader).' });
  } else {
    const comps = [...new Set(d.leaderless.map((w) => w.component))];
    const perComp = comps.map((c) => d.leaderless.filter((w) => w.component === c));
    const maxWin = Math.max(...perComp.map((w) => w.length));
    const datasets: Record<string, unknown>[] = [];
    for (let i = 0; i < Math.min(maxWin, 50); i++) {
      datasets.push({ label: `window ${i + 1}`, data: perComp.map((ws) => (ws[i] ? [ws[i].start, ws[i].end ?? d.end] : null)), backgroundColor: color(3), borderColor: color(3), borderWidth: 1 });
    }
    const total = d.leaderless.reduce((a, w) => a + ((w.end ?? d.end) - w.start), 0);
    out.push({
      id: 'leaderless',
      title: 'Leaderless windows',
      note: `${d.leaderless.length} window(s), ${round(total, 3)} s in all (LeaderlessStart → LeaderlessEnd; an open window runs to the end).`,
      config: {
        type: 'bar',
        data: { labels: comps, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: 'y',
          grouped: false,
          scales: { x: { type: 'linear', min: 0, max: d.end, title: { display: true, text: 'virtual time (s)' } }, y: { stacked: true } },
          plugins: { legend: { display: false } },
        },
      },
    });
  }
  return out;
}

function nodeAllocationChart(d: RunData): ChartSpec {
  const title = 'Node allocation distribution';
  const gauge = [...d.nodeGauges.keys()].sort()[0];
  if (gauge !== undefined) {
    const values = [...d.nodeGauges.get(gauge)!.values()];
    const h = histogram(values, 10);
    return { id: 'node-allocation', title, note: `Last sample of ${gauge} per node (series.csv), ${values.length} nodes.`, config: barChart(h.labels, h.counts, 'nodes', gauge, 'nodes') };
  }
  if (d.podsPerNode.size === 0) return { id: 'node-allocation', title, skipped: 'timeline.csv has no RegisteredNode rows.' };
  const values = [...d.podsPerNode.values()];
  const h = histogram(values, 12, true);
  return {
    id: 'node-allocation',
    title,
    note: `Pods bound to each node at the end of the run (timeline.csv Scheduled rows minus Deleted/terminal ones), ${values.length} nodes. The outputs hold no per-node resource requests, so allocation is shown as pods per node.`,
    config: barChart(h.labels, h.counts, 'nodes', 'pods on the node', 'nodes'),
  };
}

const WAIT_BINS: [number, string][] = [
  [0.1, '< 0.1 s'],
  [1, '0.1–1 s'],
  [10, '1–10 s'],
  [60, '10 s–1 m'],
  [600, '1–10 m'],
  [3600, '10 m–1 h'],
  [86400, '1 h–1 d'],
  [Infinity, '≥ 1 d'],
];

/** Counts of waits in fixed, roughly logarithmic bins; trailing empty bins dropped. */
export function waitHistogram(waits: number[]): { labels: string[]; counts: number[] } {
  const counts = WAIT_BINS.map(() => 0);
  for (const w of waits) {
    let i = 0;
    while (w >= WAIT_BINS[i][0]) i++;
    counts[i]++;
  }
  let n = counts.length;
  while (n > 1 && counts[n - 1] === 0) n--;
  return { labels: WAIT_BINS.slice(0, n).map((b) => b[1]), counts: counts.slice(0, n) };
}

/** Equal-width histogram of values in at most `bins` bins (integer-width bins when `integer`). */
export function histogram(values: number[], bins: number, integer = false): { labels: string[]; counts: number[] } {
  if (values.length === 0) return { labels: [], counts: [] };
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let width = (hi - lo) / bins || 1;
  if (integer) width = Math.max(1, Math.ceil((hi - lo + 1) / bins));
  const n = integer ? Math.ceil((hi - lo + 1) / width) : bins;
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  const labels = counts.map((_, i) => {
    const a = lo + i * width;
    if (integer) return width === 1 ? String(a) : `${a}–${a + width - 1}`;
    return `${round(a, 3)}–${round(a + width, 3)}`;
  });
  return { labels, counts };
}

/** The charts of a sweep's or plan's report. */
export function studyCharts(s: StudyData): ChartSpec[] {
  const out: ChartSpec[] = [];
  if (s.points.length === 0) {
    out.push({ id: 'pass-rate', title: 'SLO pass rate against cluster size', skipped: 'points.csv is missing or has no rows.' });
    return out;
  }
  const xLabel = s.xParam ?? 'grid point';
  const groups = groupPoints(s);
  const rate = s.passRate ? metricOf(s.passRate) : undefined;
  out.push(
    rate
      ? bandChart(s, groups, rate, 'pass-rate', 'SLO pass rate against cluster size', xLabel, 'share of seeds meeting every SLO', 'Mean over seeds with its 95% confidence band (shaded).')
      : { id: 'pass-rate', title: 'SLO pass rate against cluster size', skipped: `points.csv has no pass-rate column (columns: ${s.header.join(', ')}).` },
  );
  const cost = s.cost ? metricOf(s.cost) : undefined;
  out.push(
    cost
      ? bandChart(s, groups, cost, 'cost', 'Cost against cluster size', xLabel, s.cost!, 'Cost of the pool at each grid point.')
      : { id: 'cost', title: 'Cost against cluster size', skipped: 'points.csv has no cost column.' },
  );
  let k = 0;
  for (const m of s.metrics.keys()) {
    if (m === rate || m === cost || k >= 6) continue;
    out.push(bandChart(s, groups, m, `metric-${k++}`, `${m} against ${xLabel}`, xLabel, m, 'Mean over seeds with its 95% confidence band (shaded) where points.csv gives one.'));
  }
  return out;
}

function groupPoints(s: StudyData): Map<string, StudyPoint[]> {
  const groups = new Map<string, StudyPoint[]>();
  for (const p of s.points) {
    const key = s.groupParams.map((g) => `${g}=${p.params[g]}`).join(' ');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(p);
  }
  for (const list of groups.values()) if (s.xParam) list.sort((a, b) => a.values[s.xParam!] - b.values[s.xParam!]);
  return groups;
}

function bandChart(s: StudyData, groups: Map<string, StudyPoint[]>, metric: string, id: string, title: string, xLabel: string, yLabel: string, note: string): ChartSpec {
  const datasets: Record<string, unknown>[] = [];
  let gi = 0;
  let index = 0;
  for (const [key, pts] of groups) {
    const mean: { x: number; y: number }[] = [];
    const lo: { x: number; y: number }[] = [];
    const hi: { x: number; y: number }[] = [];
    for (const p of pts) {
      const x = s.xParam ? p.values[s.xParam] : index;
      index++;
      const b = bandAt(s, metric, p);
      if (!b) continue;
      mean.push({ x, y: b.mean });
      if (b.lo !== undefined && b.hi !== undefined) {
        lo.push({ x, y: b.lo });
        hi.push({ x, y: b.hi });
      }
    }
    const name = key || metric;
    if (lo.length === mean.length && lo.length > 0) {
      datasets.push({ label: `${name} 95% low`, data: lo, borderColor: faded(gi), backgroundColor: faded(gi), pointRadius: 0, borderWidth: 1, fill: false });
      datasets.push({ label: `${name} 95% high`, data: hi, borderColor: faded(gi), backgroundColor: faded(gi), pointRadius: 0, borderWidth: 1, fill: '-1' });
    }
    datasets.push({ label: name, data: mean, borderColor: color(gi), backgroundColor: color(gi), pointRadius: 3, borderWidth: 2, fill: false });
    gi++;
  }
  return {
    id,
    title,
    note,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: xLabel } }, y: { beginAtZero: true, title: { display: true, text: yLabel } } },
        plugins: { legend: { position: 'bottom', hideBands: true } },
      },
    },
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
