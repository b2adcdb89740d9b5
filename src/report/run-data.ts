import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCsvFile } from './csv-reader';
import { schedulingReasons } from './scheduling-reasons';
import { parseMicros } from '../trace/chrome-trace';

/** A time series for a chart: x in virtual seconds. */
export type Points = [number, number][];

/** Per-object series kept for charts; objects beyond this many (in order of appearance) are counted, not kept. */
export const MAX_OBJECTS = 8;
/** Points kept per series after thinning (every k-th sample, the last always kept). */
export const MAX_POINTS = 720;

export const CLUSTER_METRICS = ['pods_pending', 'pods_running', 'pods_ready', 'pods_succeeded', 'pods_failed', 'pods_terminating', 'nodes', 'nodes_ready'];
export const SERVICE_METRICS = ['service_endpoints_ready', 'service_endpoints_total'];
export const DEPLOYMENT_METRICS = ['deployment_desired', 'deployment_updated', 'deployment_ready', 'deployment_available'];

export interface LeaderlessWindow {
  component: string;
  start: number;
  /** null: still leaderless at the end. */
  end: number | null;
}

/** What a run report shows, read from a run's output directory in one streamed pass per file. */
export interface RunData {
  dir: string;
  summary: Record<string, unknown> | undefined;
  /** Cluster-wide gauges by metric. */
  cluster: Map<string, Points>;
  /** Per-object gauges: "ns/name" → metric → points. */
  services: Map<string, Map<string, Points>>;
  deployments: Map<string, Map<string, Points>>;
  omittedServices: number;
  omittedDeployments: number;
  /** Per-node gauges (metrics starting with node_ and naming a node): metric → node → last value. */
  nodeGauges: Map<string, Map<string, number>>;
  /** Pods bound to each node at the end of the timeline (nodes present at the end, zero included). */
  podsPerNode: Map<string, number>;
  /** FailedScheduling rows by reason (a row counts once for each reason its message names). */
  pendingReasons: Map<string, number>;
  failedSchedulingRows: number;
  /** Distinct pods that had at least one FailedScheduling row. */
  podsUnschedulable: number;
  /** Seconds from a pod's creation (its SuccessfulCreate / Created row, else its first row) to its Scheduled row. */
  schedulingWaits: number[];
  leaderless: LeaderlessWindow[];
  timelineRows: number;
  seriesRows: number;
  /** Last virtual second seen in the outputs. */
  end: number;
}

interface PendingPod {
  since: number;
  failed: boolean;
}

/** Reads summary.json, series.csv and timeline.csv of a run directory (each optional). */
export function readRunData(dir: string): RunData {
  const d: RunData = {
    dir,
    summary: readJson(path.join(dir, 'summary.json')),
    cluster: new Map(),
    services: new Map(),
    deployments: new Map(),
    omittedServices: 0,
    omittedDeployments: 0,
    nodeGauges: new Map(),
    podsPerNode: new Map(),
    pendingReasons: new Map(),
    failedSchedulingRows: 0,
    podsUnschedulable: 0,
    schedulingWaits: [],
    leaderless: [],
    timelineRows: 0,
    seriesRows: 0,
    end: 0,
  };
  readSeries(d);
  readTimeline(d);
  const simulated = d.summary?.simulatedSeconds;
  if (typeof simulated === 'number' && simulated > d.end) d.end = simulated;
  for (const m of d.cluster.values()) thin(m);
  for (const group of [d.services, d.deployments]) for (const ms of group.values()) for (const p of ms.values()) thin(p);
  return d;
}

function readSeries(d: RunData): void {
  let iT = 0, iM = 1, iNs = 2, iN = 3, iV = 4;
  const svcOmitted = new Set<string>();
  const depOmitted = new Set<string>();
  d.seriesRows = readCsvFile(
    path.join(d.dir, 'series.csv'),
    (f) => {
      const metric = f[iM];
      const t = Number(f[iT]);
      const v = Number(f[iV]);
      if (t > d.end) d.end = t;
      if (CLUSTER_METRICS.includes(metric) && !f[iN]) return push(d.cluster, metric, t, v);
      const key = f[iNs] ? `${f[iNs]}/${f[iN]}` : f[iN];
      if (SERVICE_METRICS.includes(metric)) return objectPoint(d.services, svcOmitted, key, metric, t, v);
      if (DEPLOYMENT_METRICS.includes(metric)) return objectPoint(d.deployments, depOmitted, key, metric, t, v);
      if (metric.startsWith('node_') && f[iN]) {
        let m = d.nodeGauges.get(metric);
        if (!m) d.nodeGauges.set(metric, (m = new Map()));
        m.set(f[iN], v);
      }
    },
    (h) => {
      const at = (name: string, dflt: number) => (h.indexOf(name) >= 0 ? h.indexOf(name) : dflt);
      iT = at('time_s', 0);
      iM = at('metric', 1);
      iNs = at('namespace', 2);
      iN = at('name', 3);
      iV = at('value', 4);
    },
  );
  d.omittedServices = svcOmitted.size;
  d.omittedDeployments = depOmitted.size;
}

function readTimeline(d: RunData): void {
  const pending = new Map<string, PendingPod>();
  const bound = new Map<string, string>();
  const nodes = new Set<string>();
  const open = new Map<string, LeaderlessWindow>();
  d.timelineRows = readCsvFile(path.join(d.dir, 'timeline.csv'), (f) => {
    const t = parseMicros(f[0]) / 1e6;
    if (t > d.end) d.end = t;
    const kind = f[1], ns = f[2], name = f[3], event = f[4], node = f[5], reason = f[6] ?? '';
    const key = ns ? `${ns}/${name}` : name;
    switch (kind) {
      case 'Node':
        if (event === 'RegisteredNode') nodes.add(name);
        else if (event === 'RemovingNode') nodes.delete(name);
        return;
      case 'ReplicaSet':
        if (event === 'SuccessfulCreate' && reason) {
          const pk = ns ? `${ns}/${reason}` : reason;
          if (!pending.has(pk) && !bound.has(pk)) pending.set(pk, { since: t, failed: false });
        }
        return;
      case 'Lease':
        if (event === 'LeaderlessStart') {
          const w: LeaderlessWindow = { component: name, start: t, end: null };
          open.set(name, w);
          d.leaderless.push(w);
        } else if (event === 'LeaderlessEnd') {
          const w = open.get(name);
          if (w) w.end = t;
          open.delete(name);
        }
        return;
      case 'Pod':
        break;
      default:
        return;
    }
    if (ns === 'kube-system' && (event.startsWith('Replica') || event.startsWith('Partition'))) return;
    let p = pending.get(key);
    if (!p && !bound.has(key) && event !== 'Deleted') pending.set(key, (p = { since: t, failed: false }));
    switch (event) {
      case 'FailedScheduling':
        d.failedSchedulingRows++;
        if (p && !p.failed) {
          p.failed = true;
          d.podsUnschedulable++;
        }
        for (const r of schedulingReasons(reason)) d.pendingReasons.set(r.reason, (d.pendingReasons.get(r.reason) ?? 0) + 1);
        return;
      case 'Scheduled':
        if (p) d.schedulingWaits.push(t - p.since);
        pending.delete(key);
        bound.set(key, node);
        return;
      case 'Deleted':
      case 'PhaseSucceeded':
      case 'PhaseFailed':
        pending.delete(key);
        bound.delete(key);
        return;
    }
  });
  for (const n of nodes) d.podsPerNode.set(n, 0);
  for (const n of bound.values()) if (nodes.has(n)) d.podsPerNode.set(n, (d.podsPerNode.get(n) ?? 0) + 1);
}

function push(m: Map<string, Points>, metric: string, t: number, v: number): void {
  let p = m.get(metric);
  if (!p) m.set(metric, (p = []));
  p.push([t, v]);
}

function objectPoint(group: Map<string, Map<string, Points>>, omitted: Set<string>, key: string, metric: string, t: number, v: number): void {
  let m = group.get(key);
  if (!m) {
    if (group.size >= MAX_OBJECTS) {
      omitted.add(key);
      return;
    }
    group.set(key, (m = new Map()));
  }
  push(m, metric, t, v);
}

/** Keeps every k-th point (and the last) so that at most about MAX_POINTS remain; in place. */
function thin(p: Points): void {
  if (p.length <= MAX_POINTS) return;
  const k = Math.ceil(p.length / MAX_POINTS);
  const last = p[p.length - 1];
  let j = 0;
  for (let i = 0; i < p.length; i += k) p[j++] = p[i];
  p.length = j;
  if (p[j - 1] !== last) p.push(last);
}

export function readJson(file: string): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
