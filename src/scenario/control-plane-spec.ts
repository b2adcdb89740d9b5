import { FieldPath } from '../api/validation/field-error';
import { labelValueErrors } from '../api/validation/names';
import { Distribution, constant } from '../engine/distribution';
import { MILLISECOND, SECOND, Time, parseDuration } from '../engine/time';
import { DEFAULT_LEADER_ELECTION_TIMINGS, LeaderElectionTimings, validateLeaderElectionTimings } from '../control-plane/lease-election';
import { ComponentName } from '../sim/component-gate';
import { didYouMean } from './did-you-mean';
import { readDistribution } from './distribution-spec';
import { MAX_DURATION, Obj, SpecReader, isObj, shown } from './spec-reader';

/** The components whose replicas elect a leader, in the order replicas are built. */
export const CONTROL_PLANE_COMPONENTS: readonly ComponentName[] = ['kube-controller-manager', 'kube-scheduler'];

/** Most control-plane nodes (and replicas of one component) a scenario may declare. */
export const MAX_CONTROL_PLANE_NODES = 9;

/** Name prefix of control-plane nodes: control-plane-0, control-plane-1, ... */
export const CONTROL_PLANE_NODE_PREFIX = 'control-plane-';

/**
 * `spec.cluster.controlPlane` after validation. Absent from the scenario: no leader election, the
 * components act from time 0 and are never paused.
 */
export interface ControlPlaneSpec {
  nodes: number;
  /** Zones the control-plane nodes are spread over round-robin. */
  zones: string[];
  /** Capacity of each control-plane node (quantity strings). */
  capacity: Record<string, string>;
  replicas: Record<ComponentName, number>;
  leaderElection: LeaderElectionTimings;
  /** A new leader's informers list and sync before its loops run (WaitForCacheSync). Default 2s. */
  cacheSyncTime: Distribution;
  /** A replica process that exited is started again after this (kubelet restarting the static pod). Default 1s. */
  restartDelay: Distribution;
  /** One leader-election request from a replica to the API server, when the API server is healthy. Default 1ms. */
  requestLatency: Time;
  /** Per replica: offset of its wall clock (signed µs). */
  clockSkew: Record<string, Time>;
  /** Per replica: rate error of its clock (0.01 = runs 1% fast; -0.01 = 1% slow). */
  clockDrift: Record<string, number>;
}

/** One replica of a component, placed on a control-plane node (one static pod per node, as kubeadm). */
export interface ReplicaPlacement {
  /** "kube-controller-manager-control-plane-0", as the static pod is named. */
  name: string;
  component: ComponentName;
  node: string;
}

export function controlPlaneNodeName(i: number): string {
  return `${CONTROL_PLANE_NODE_PREFIX}${i}`;
}

/** Replica j of a component runs on control-plane-j. */
export function replicaPlacements(spec: Pick<ControlPlaneSpec, 'replicas'>): ReplicaPlacement[] {
  const out: ReplicaPlacement[] = [];
  for (const component of CONTROL_PLANE_COMPONENTS) {
    for (let j = 0; j < spec.replicas[component]; j++) {
      const node = controlPlaneNodeName(j);
      out.push({ name: `${component}-${node}`, component, node });
    }
  }
  return out;
}

const FIELDS = ['nodes', 'zones', 'capacity', 'replicas', 'leaderElection', 'cacheSyncTime', 'restartDelay', 'requestLatency', 'clockSkew', 'clockDrift'];
const TIMING_FIELDS = ['leaseDuration', 'renewDeadline', 'retryPeriod'] as const;
const DEFAULT_NODES = 3;
const DEFAULT_CAPACITY = { cpu: '4', memory: '16Gi', pods: '110' };
const DEFAULT_CACHE_SYNC: Distribution = constant(2 * SECOND);
const DEFAULT_RESTART_DELAY: Distribution = constant(1 * SECOND);
const DEFAULT_REQUEST_LATENCY: Time = 1 * MILLISECOND;
/** |clockDrift| bound: beyond it a clock is broken, not skewed. */
const MAX_DRIFT = 0.5;

/** The spec of `controlPlane: {}`: 3 nodes, 3 replicas of each component, upstream timings. */
export function defaultControlPlaneSpec(over: Partial<ControlPlaneSpec> = {}): ControlPlaneSpec {
  return {
    nodes: DEFAULT_NODES,
    zones: ['zone-a'],
    capacity: { ...DEFAULT_CAPACITY },
    replicas: { 'kube-controller-manager': 3, 'kube-scheduler': 3 },
    leaderElection: DEFAULT_LEADER_ELECTION_TIMINGS,
    cacheSyncTime: DEFAULT_CACHE_SYNC,
    restartDelay: DEFAULT_RESTART_DELAY,
    requestLatency: DEFAULT_REQUEST_LATENCY,
    clockSkew: {},
    clockDrift: {},
    ...over,
  };
}

/** `spec.cluster` without its controlPlane field, for the node-pool reader. */
export function withoutControlPlane(cluster: unknown): unknown {
  if (!isObj(cluster) || !('controlPlane' in cluster)) return cluster;
  const rest: Obj = { ...cluster };
  delete rest.controlPlane;
  return rest;
}

/** Reads `spec.cluster.controlPlane` (`clusterPath` is the path of spec.cluster); undefined when absent or invalid. */
export function readControlPlane(r: SpecReader, cluster: unknown, clusterPath: FieldPath): ControlPlaneSpec | undefined {
  if (!isObj(cluster) || cluster.controlPlane === undefined) return undefined;
  const v = cluster.controlPlane;
  const path = [...clusterPath, 'controlPlane'];
  if (!r.fields(v, path, FIELDS)) return undefined;
  const before = r.problems.length;

  const nodes = v.nodes === undefined ? DEFAULT_NODES : r.int(v.nodes, [...path, 'nodes'], 1, MAX_CONTROL_PLANE_NODES, 'a node count');
  let zones = ['zone-a'];
  if (v.zones !== undefined) {
    const z = r.stringList(v.zones, [...path, 'zones']);
    if (z !== undefined && z.length === 0) r.fail([...path, 'zones'], 'expected at least one zone');
    else if (z !== undefined) {
      z.forEach((zone, i) => {
        for (const m of labelValueErrors(zone)) r.fail([...path, 'zones', i], `Invalid value: "${zone}": ${m}`);
      });
      zones = z;
    }
  }
  let capacity: Record<string, string> = { ...DEFAULT_CAPACITY };
  if (v.capacity !== undefined) {
    const c = r.stringMap(v.capacity, [...path, 'capacity']);
    if (c !== undefined) capacity = { ...DEFAULT_CAPACITY, ...c };
  }

  const byDefault = Math.min(3, nodes ?? DEFAULT_NODES);
  const replicas = { 'kube-controller-manager': byDefault, 'kube-scheduler': byDefault } as Record<ComponentName, number>;
  if (v.replicas !== undefined && r.fields(v.replicas, [...path, 'replicas'], CONTROL_PLANE_COMPONENTS)) {
    for (const c of CONTROL_PLANE_COMPONENTS) {
      if (v.replicas[c] === undefined) continue;
      const n = r.int(v.replicas[c], [...path, 'replicas', c], 1, MAX_CONTROL_PLANE_NODES, 'a replica count');
      if (n !== undefined && nodes !== undefined && n > nodes) {
        r.fail([...path, 'replicas', c], `must be at most nodes (${nodes}): each control-plane node runs one static pod of each component, got ${n}`);
      } else if (n !== undefined) replicas[c] = n;
    }
  }

  const leaderElection = readTimings(r, v.leaderElection, [...path, 'leaderElection']);
  const cacheSyncTime = v.cacheSyncTime === undefined ? DEFAULT_CACHE_SYNC : readDistribution(r, v.cacheSyncTime, [...path, 'cacheSyncTime'], 'duration');
  const restartDelay = v.restartDelay === undefined ? DEFAULT_RESTART_DELAY : readDistribution(r, v.restartDelay, [...path, 'restartDelay'], 'duration');
  const requestLatency = v.requestLatency === undefined ? DEFAULT_REQUEST_LATENCY : r.duration(v.requestLatency, [...path, 'requestLatency']);

  const names = replicaPlacements({ replicas }).map((p) => p.name);
  const clockSkew: Record<string, Time> = {};
  if (v.clockSkew !== undefined && replicaMap(r, v.clockSkew, [...path, 'clockSkew'], names)) {
    for (const [name, x] of Object.entries(v.clockSkew)) {
      const t = signedDuration(r, x, [...path, 'clockSkew', name]);
      if (t !== undefined) clockSkew[name] = t;
    }
  }
  const clockDrift: Record<string, number> = {};
  if (v.clockDrift !== undefined && replicaMap(r, v.clockDrift, [...path, 'clockDrift'], names)) {
    for (const [name, x] of Object.entries(v.clockDrift)) {
      const d = r.number(x, [...path, 'clockDrift', name], -MAX_DRIFT, MAX_DRIFT);
      if (d !== undefined) clockDrift[name] = d;
    }
  }

  if (r.problems.length > before || nodes === undefined || !leaderElection || !cacheSyncTime || !restartDelay || requestLatency === undefined) return undefined;
  return { nodes, zones, capacity, replicas, leaderElection, cacheSyncTime, restartDelay, requestLatency, clockSkew, clockDrift };
}

function readTimings(r: SpecReader, v: unknown, path: FieldPath): LeaderElectionTimings | undefined {
  if (v === undefined) return DEFAULT_LEADER_ELECTION_TIMINGS;
  if (!r.fields(v, path, TIMING_FIELDS)) return undefined;
  const t = { ...DEFAULT_LEADER_ELECTION_TIMINGS } as { -readonly [K in keyof LeaderElectionTimings]: Time };
  let ok = true;
  for (const k of TIMING_FIELDS) {
    if (v[k] === undefined) continue;
    const d = r.duration(v[k], [...path, k], true);
    if (d === undefined) ok = false;
    else t[k] = d;
  }
  if (!ok) return undefined;
  const err = validateLeaderElectionTimings(t);
  if (err !== undefined) return r.fail(path, `${err} (leaseDuration ${shown(v.leaseDuration ?? '15s')}, renewDeadline ${shown(v.renewDeadline ?? '10s')}, retryPeriod ${shown(v.retryPeriod ?? '2s')})`);
  return t;
}

/** A map keyed by replica names. */
function replicaMap(r: SpecReader, v: unknown, path: FieldPath, names: readonly string[]): v is Obj {
  if (!isObj(v)) {
    r.fail(path, `expected a map of replica name to value, like {${names[0]}: ...}, got ${shown(v)}`);
    return false;
  }
  let ok = true;
  for (const k of Object.keys(v)) {
    if (!names.includes(k)) {
      r.fail([...path, k], `no replica named "${k}"${didYouMean(k, names)}; replicas: ${names.join(', ')}`, true);
      ok = false;
    }
  }
  return ok;
}

/** A duration with an optional leading "-" ("-500ms"). */
function signedDuration(r: SpecReader, v: unknown, path: FieldPath): Time | undefined {
  const neg = typeof v === 'string' && v.trim().startsWith('-');
  const body = neg ? (v as string).trim().slice(1) : v;
  const t = typeof body === 'string' || typeof body === 'number' ? parseDuration(body) : undefined;
  if (typeof v === 'number' && v < 0) return -parseDuration(-v)!;
  if (t === undefined) return r.fail(path, `expected a duration like "500ms" or "-2s", got ${shown(v)}`);
  if (t > MAX_DURATION) return r.fail(path, `must be at most 366d, got ${shown(v)}`);
  return neg ? -t : t;
}

// ---- timeline actions ------------------------------------------------------------------------

export const CONTROL_PLANE_ACTIONS = [
  'killLeader',
  'restartReplica',
  'controlPlaneNodeCrash',
  'apiServerPartition',
  'apiServerUnavailable',
  'apiServerSlow',
] as const;
export type ControlPlaneActionType = (typeof CONTROL_PLANE_ACTIONS)[number];

/** Control-plane faults, executed by src/control-plane/control-plane.ts. */
export type ControlPlaneAction =
  /** The process of the replica that leads `component` crashes; it is started again after restartAfter. */
  | { type: 'killLeader'; component: ComponentName; restartAfter?: Distribution }
  /** A replica is stopped (releasing its lease first when `release`) and started again after restartAfter. */
  | { type: 'restartReplica'; replica: string; restartAfter?: Distribution; release: boolean }
  /**
   * A control-plane node goes down for `for`: its replicas die and start again when it is back.
   * The node is named, or chosen when the action runs as the node of the replica leading `leaderOf`.
   */
  | { type: 'controlPlaneNodeCrash'; node?: string; leaderOf?: ComponentName; for: Time }
  /** The replica cannot reach the API server for `for`: its requests time out. */
  | { type: 'apiServerPartition'; replica: string; for: Time }
  /** The API server refuses every leader-election request for `for`. */
  | { type: 'apiServerUnavailable'; for: Time }
  /** Leader-election requests reach the API server `latency` late for `for`. */
  | { type: 'apiServerSlow'; latency: Time; for: Time };

export function isControlPlaneAction(type: string): type is ControlPlaneActionType {
  return (CONTROL_PLANE_ACTIONS as readonly string[]).includes(type);
}

/** Reads the body of one control-plane timeline action (names are checked by checkControlPlaneTimeline). */
export function readControlPlaneAction(r: SpecReader, type: ControlPlaneActionType, v: unknown, path: FieldPath): ControlPlaneAction | undefined {
  const window = (o: Obj): Time | undefined => (r.required(o, 'for', path) ? r.duration(o.for, [...path, 'for'], true) : undefined);
  const restartAfter = (o: Obj): Distribution | undefined | null =>
    o.restartAfter === undefined ? undefined : (readDistribution(r, o.restartAfter, [...path, 'restartAfter'], 'duration') ?? null);
  switch (type) {
    case 'killLeader': {
      if (!r.fields(v, path, ['component', 'restartAfter'])) return undefined;
      const component = r.required(v, 'component', path) ? readComponent(r, v.component, [...path, 'component']) : undefined;
      const after = restartAfter(v);
      if (component === undefined || after === null) return undefined;
      return after === undefined ? { type, component } : { type, component, restartAfter: after };
    }
    case 'restartReplica': {
      if (!r.fields(v, path, ['replica', 'restartAfter', 'release'])) return undefined;
      const replica = r.required(v, 'replica', path) ? r.string(v.replica, [...path, 'replica'], 'a replica name') : undefined;
      const release = v.release === undefined ? false : r.bool(v.release, [...path, 'release']);
      const after = restartAfter(v);
      if (replica === undefined || release === undefined || after === null) return undefined;
      return after === undefined ? { type, replica, release } : { type, replica, release, restartAfter: after };
    }
    case 'controlPlaneNodeCrash': {
      if (!r.fields(v, path, ['node', 'leaderOf', 'for'])) return undefined;
      if ((v.node === undefined) === (v.leaderOf === undefined)) {
        return r.fail(path, 'expected exactly one of node (a control-plane node name) or leaderOf (kube-controller-manager or kube-scheduler)');
      }
      const node = v.node === undefined ? undefined : r.string(v.node, [...path, 'node'], 'a control-plane node name');
      const leaderOf = v.leaderOf === undefined ? undefined : readComponent(r, v.leaderOf, [...path, 'leaderOf']);
      const d = window(v);
      if (d === undefined || (node === undefined && leaderOf === undefined)) return undefined;
      return node !== undefined ? { type, node, for: d } : { type, leaderOf, for: d };
    }
    case 'apiServerPartition': {
      if (!r.fields(v, path, ['replica', 'for'])) return undefined;
      const replica = r.required(v, 'replica', path) ? r.string(v.replica, [...path, 'replica'], 'a replica name') : undefined;
      const d = window(v);
      return replica !== undefined && d !== undefined ? { type, replica, for: d } : undefined;
    }
    case 'apiServerUnavailable': {
      if (!r.fields(v, path, ['for'])) return undefined;
      const d = window(v);
      return d !== undefined ? { type, for: d } : undefined;
    }
    case 'apiServerSlow': {
      if (!r.fields(v, path, ['latency', 'for'])) return undefined;
      const latency = r.required(v, 'latency', path) ? r.duration(v.latency, [...path, 'latency'], true) : undefined;
      const d = window(v);
      return latency !== undefined && d !== undefined ? { type, latency, for: d } : undefined;
    }
  }
}

function readComponent(r: SpecReader, v: unknown, path: FieldPath): ComponentName | undefined {
  const c = r.string(v, path, 'a component name');
  if (c === undefined) return undefined;
  if (!(CONTROL_PLANE_COMPONENTS as readonly string[]).includes(c)) {
    return r.fail(path, `unknown component "${c}"${didYouMean(c, CONTROL_PLANE_COMPONENTS)}; expected one of ${CONTROL_PLANE_COMPONENTS.join(', ')}`);
  }
  return c as ComponentName;
}

/**
 * Checks the control-plane actions of the raw `spec.timeline` against the control plane: they need
 * a controlPlane section, and the replicas and nodes they name must exist.
 */
export function checkControlPlaneTimeline(r: SpecReader, cp: ControlPlaneSpec | undefined, cluster: unknown, timeline: unknown, path: FieldPath): void {
  if (!Array.isArray(timeline)) return;
  const hasControlPlaneSection = isObj(cluster) && cluster.controlPlane !== undefined;
  const replicas = cp ? replicaPlacements(cp).map((p) => p.name) : [];
  const nodes = cp ? Array.from({ length: cp.nodes }, (_, i) => controlPlaneNodeName(i)) : [];
  timeline.forEach((entry, i) => {
    if (!isObj(entry)) return;
    for (const type of CONTROL_PLANE_ACTIONS) {
      const body = entry[type];
      if (body === undefined) continue;
      const p = [...path, i, type];
      if (!hasControlPlaneSection) {
        r.fail(p, `${type} needs a control plane: add spec.cluster.controlPlane (nodes, replicas, leaderElection)`, true);
        continue;
      }
      if (!cp || !isObj(body)) continue;
      const name = (field: string, known: string[], what: string) => {
        const x = body[field];
        if (typeof x === 'string' && x !== '' && !known.includes(x)) {
          r.fail([...p, field], `no ${what} named "${x}"${didYouMean(x, known)}; ${what}s: ${known.join(', ')}`);
        }
      };
      if (type === 'restartReplica' || type === 'apiServerPartition') name('replica', replicas, 'replica');
      if (type === 'controlPlaneNodeCrash') name('node', nodes, 'control-plane node');
    }
  });
}
