import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCsvFile } from '../report/csv-reader';

/**
 * Converts a run's timeline.csv into Chrome trace-event JSON (the "JSON Object Format" of the
 * Trace Event Format that chrome://tracing and Perfetto's legacy importer read), streamed: the
 * timeline is read record by record and events are written as they are known, so memory holds
 * only the live pods, the nodes and the open windows, never the whole timeline.
 *
 * Layout:
 * - pid 1 "Pending pods": one thread per pod while it waits for a node, one "Pending" slice.
 * - pid 2 "Cluster": one thread per non-pod object (Deployment, ReplicaSet, Service, Lease, ...)
 *   with its events as instants, and windows (rollout, leaderless, paused, dual leader, partition)
 *   as slices on a thread of their own, so that overlapping windows never break B/E nesting.
 * - pid 10+i: node i (in order of first appearance), with a "node" thread for its own events and
 *   one thread per pod bound to it: slices Scheduled → ContainerCreating → Running → Ready →
 *   Terminating (plus Succeeded/Failed), other pod events as instants.
 * Timestamps are microseconds of virtual time (timeline's time_s × 10^6, exact).
 */

export interface ChromeTraceStats {
  /** Trace events written (metadata included). */
  events: number;
  pods: number;
  nodes: number;
}

const PID_PENDING = 1;
const PID_CLUSTER = 2;
const PID_NODE0 = 10;
const FLUSH_CHARS = 1 << 20;

/** Pod timeline events that start a phase slice, and the slice's name. */
const POD_PHASES: Record<string, string> = {
  Scheduled: 'Scheduled',
  ContainerCreating: 'ContainerCreating',
  PhaseRunning: 'Running',
  Ready: 'Ready',
  NotReady: 'Running',
  Killing: 'Terminating',
  PhaseSucceeded: 'Succeeded',
  PhaseFailed: 'Failed',
};

/** Window events of non-pod objects: start event → [window name, end event]. */
const WINDOWS: Record<string, [string, string]> = {
  RolloutStarted: ['rollout', 'RolloutCompleted'],
  LeaderlessStart: ['leaderless', 'LeaderlessEnd'],
  ComponentPaused: ['paused', 'ComponentResumed'],
  DualLeaderStart: ['dual leader', 'DualLeaderEnd'],
  PartitionStart: ['partition', 'PartitionEnd'],
  NodeCrashed: ['crashed', 'NodeRecovered'],
  APIServerUnavailable: ['API server unavailable', 'APIServerAvailable'],
  APIServerSlow: ['API server slow', 'APIServerRecovered'],
};
const WINDOW_END = new Map<string, string>(Object.entries(WINDOWS).map(([start, [name, end]]) => [end, start + '\u0000' + name]));

interface PodTrack {
  pid: number;
  tid: number;
  /** Name of the open slice on (pid, tid); '' when none. */
  open: string;
  /** Thread ids on nodes are odd, pending-queue ids even: distinct in every viewer. */
  id: number;
}

interface OpenWindow {
  tid: number;
  open: boolean;
}

/** Writes trace-event JSON to `outPath` from the timeline.csv at `timelinePath`. */
export function writeChromeTrace(timelinePath: string, outPath: string): ChromeTraceStats {
  const w = new TraceWriter(outPath);
  const pods = new Map<string, PodTrack>();
  const nodes = new Map<string, number>();
  const objects = new Map<string, number>();
  const windows = new Map<string, OpenWindow>();
  let nextPodId = 1;
  let nodeCount = 0;
  let nextTid = 1;
  let podCount = 0;
  let last = 0;

  w.meta(PID_PENDING, 0, 'process_name', 'Pending pods');
  w.meta(PID_PENDING, 0, 'process_sort_index', 0);
  w.meta(PID_CLUSTER, 0, 'process_name', 'Cluster objects');
  w.meta(PID_CLUSTER, 0, 'process_sort_index', 1);

  const nodePid = (name: string): number => {
    let pid = nodes.get(name);
    if (pid === undefined) {
      pid = PID_NODE0 + nodeCount++;
      nodes.set(name, pid);
      w.meta(pid, 0, 'process_name', `Node ${name}`);
      w.meta(pid, 0, 'process_sort_index', pid);
      w.meta(pid, 0, 'thread_name', 'node');
      w.meta(pid, 0, 'thread_sort_index', -1);
    }
    return pid;
  };
  const objectTid = (kind: string, key: string): number => {
    const k = `${kind} ${key}`;
    let tid = objects.get(k);
    if (tid === undefined) {
      tid = nextTid++ * 2;
      objects.set(k, tid);
      w.meta(PID_CLUSTER, tid, 'thread_name', k);
    }
    return tid;
  };
  const podTrack = (key: string, ts: number): PodTrack => {
    let p = pods.get(key);
    if (!p) {
      const id = nextPodId++;
      p = { pid: PID_PENDING, tid: id * 2, open: '', id };
      pods.set(key, p);
      podCount++;
      w.meta(PID_PENDING, p.tid, 'thread_name', key);
      w.begin(PID_PENDING, p.tid, ts, 'Pending');
      p.open = 'Pending';
    }
    return p;
  };
  const endPod = (key: string, p: PodTrack, ts: number) => {
    if (p.open) w.end(p.pid, p.tid, ts);
    pods.delete(key);
  };

  readCsvFile(timelinePath, (f) => {
    const ts = parseMicros(f[0]);
    if (ts > last) last = ts;
    const kind = f[1];
    const ns = f[2];
    const name = f[3];
    const event = f[4];
    const node = f[5];
    const reason = f[6] ?? '';
    const key = ns ? `${ns}/${name}` : name;
    if (kind === 'Pod' && !(ns === 'kube-system' && (event.startsWith('Replica') || event.startsWith('Partition')))) {
      if (event === 'Deleted' && !pods.has(key)) return;
      const p = podTrack(key, ts);
      if (event === 'Deleted') {
        if (p.pid !== PID_PENDING || p.open === 'Pending') w.instant(p.pid, p.tid, ts, event, reason);
        endPod(key, p, ts);
        return;
      }
      if (event === 'Scheduled' && p.pid === PID_PENDING && node) {
        if (p.open) w.end(p.pid, p.tid, ts);
        const pid = nodePid(node);
        p.pid = pid;
        p.tid = p.id * 2 + 1;
        p.open = '';
        w.meta(pid, p.tid, 'thread_name', key);
      }
      const phase = event === 'NotReady' && p.open !== 'Ready' ? undefined : POD_PHASES[event];
      if (phase !== undefined) {
        if (p.open) w.end(p.pid, p.tid, ts);
        w.begin(p.pid, p.tid, ts, phase, node, reason);
        p.open = phase;
      } else w.instant(p.pid, p.tid, ts, event, reason);
      return;
    }
    if (kind === 'Node') {
      const pid = nodePid(name);
      const win = WINDOWS[event];
      if (win || WINDOW_END.has(event)) windowEvent(pid, `${kind} ${key}`, event, ts, reason, node);
      else w.instant(pid, 0, ts, event, reason);
      if (event === 'RemovingNode') nodes.delete(name);
      return;
    }
    if (kind === 'ReplicaSet' && event === 'SuccessfulCreate' && reason) podTrack(ns ? `${ns}/${reason}` : reason, ts);
    const tid = objectTid(kind, key);
    if (WINDOWS[event] || WINDOW_END.has(event)) windowEvent(PID_CLUSTER, `${kind} ${key}`, event, ts, reason, node);
    else w.instant(PID_CLUSTER, tid, ts, event, reason, node);
  });

  function windowEvent(pid: number, owner: string, event: string, ts: number, reason: string, node: string): void {
    const start = WINDOWS[event];
    const name = start ? start[0] : WINDOW_END.get(event)!.split('\u0000')[1];
    const k = `${pid} ${owner} ${name}`;
    let win = windows.get(k);
    if (!win) {
      win = { tid: nextTid++ * 2, open: false };
      windows.set(k, win);
      w.meta(pid, win.tid, 'thread_name', `${owner}: ${name}`);
    }
    if (start) {
      if (win.open) w.end(pid, win.tid, ts);
      w.begin(pid, win.tid, ts, name, node, reason);
      win.open = true;
    } else {
      if (!win.open) w.begin(pid, win.tid, 0, name, node, '');
      w.end(pid, win.tid, ts, reason);
      win.open = false;
    }
  }

  for (const [key, p] of pods) endPod(key, p, last);
  for (const [k, win] of windows) if (win.open) w.end(Number(k.slice(0, k.indexOf(' '))), win.tid, last);
  const events = w.close();
  return { events, pods: podCount, nodes: nodeCount };
}

/** Converts `<dir>/timeline.csv` to `<dir>/trace.json`; returns its path and the stats. */
export function writeRunTrace(dir: string): { path: string; stats: ChromeTraceStats } {
  const out = path.join(dir, 'trace.json');
  return { path: out, stats: writeChromeTrace(path.join(dir, 'timeline.csv'), out) };
}

/** "12.345678" seconds → 12345678 µs, exactly (no floating-point rounding). */
export function parseMicros(s: string): number {
  const dot = s.indexOf('.');
  if (dot < 0) return Number(s) * 1e6;
  const frac = (s.slice(dot + 1) + '000000').slice(0, 6);
  const whole = s.slice(0, dot);
  const neg = whole.startsWith('-');
  const v = Math.abs(Number(whole)) * 1e6 + Number(frac);
  return neg ? -v : v;
}

/** Buffered writer of the JSON object format: {"traceEvents":[...],"displayTimeUnit":"ms"}. */
class TraceWriter {
  private readonly fd: number;
  private readonly partial: string;
  private buf: string[] = [];
  private chars = 0;
  private count = 0;

  constructor(private readonly outPath: string) {
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    this.partial = `${outPath}.partial`;
    this.fd = fs.openSync(this.partial, 'w');
    fs.writeSync(this.fd, '{"displayTimeUnit":"ms","otherData":{"source":"kubesim timeline.csv"},"traceEvents":[\n');
  }

  private push(s: string): void {
    this.buf.push(this.count === 0 ? s : ',\n' + s);
    this.count++;
    this.chars += s.length + 2;
    if (this.chars >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    fs.writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.chars = 0;
  }

  meta(pid: number, tid: number, name: string, value: string | number): void {
    const arg = name.endsWith('sort_index') ? `{"sort_index":${value}}` : `{"name":${JSON.stringify(value)}}`;
    this.push(`{"name":"${name}","ph":"M","pid":${pid},"tid":${tid},"args":${arg}}`);
  }

  begin(pid: number, tid: number, ts: number, name: string, node = '', reason = ''): void {
    this.push(`{"name":${JSON.stringify(name)},"ph":"B","ts":${ts},"pid":${pid},"tid":${tid}${args(node, reason)}}`);
  }

  end(pid: number, tid: number, ts: number, reason = ''): void {
    this.push(`{"ph":"E","ts":${ts},"pid":${pid},"tid":${tid}${args('', reason)}}`);
  }

  instant(pid: number, tid: number, ts: number, name: string, reason = '', node = ''): void {
    this.push(`{"name":${JSON.stringify(name)},"ph":"i","s":"t","ts":${ts},"pid":${pid},"tid":${tid}${args(node, reason)}}`);
  }

  /** Finishes the JSON, renames it to its final name; returns the number of events. */
  close(): number {
    this.flush();
    fs.writeSync(this.fd, '\n]}\n');
    fs.closeSync(this.fd);
    fs.renameSync(this.partial, this.outPath);
    return this.count;
  }
}

function args(node: string, reason: string): string {
  if (!node && !reason) return '';
  const parts: string[] = [];
  if (node) parts.push(`"node":${JSON.stringify(node)}`);
  if (reason) parts.push(`"reason":${JSON.stringify(reason)}`);
  return `,"args":{${parts.join(',')}}`;
}
