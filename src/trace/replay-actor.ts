import { Actor, SimEvent } from '../engine/event-queue';
import { Time } from '../engine/time';
import { KubeObject } from '../api/meta';
import { Node, LABEL_HOSTNAME } from '../api/node';
import { Pod, ResourceList } from '../api/pod';
import { applyPodDefaults } from '../api/validation/defaults';
import { SimContext } from '../sim/context';
import { WatchType, Watcher } from '../store/store';
import { GPU_MILLI_RESOURCE, TraceReplay } from '../scenario/trace-replay-spec';
import { TraceNode, TracePod, nodeType } from './alibaba-trace';

/** Namespace of replayed pods. */
export const REPLAY_NAMESPACE = 'trace';
/** Image of replayed pods (behaviour: the default application model unless spec.applications names it). */
export const REPLAY_IMAGE = 'trace/openb-pod';
/** Label on replayed nodes naming their trace node type (nodeType()). */
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
/** The GPU model label of the trace's own Node objects. */
export const LABEL_GPU_MODEL = 'alibabacloud.com/gpu-card-model';
const POOL_LABEL = 'kubesim.dev/pool';
/** Max pods per node, as the trace's Node objects declare (status.capacity.pods '1001'). */
const TRACE_MAX_PODS = '1001';
const PULL_BANDWIDTH = 100 * 1024 * 1024;
/** A wait longer than this counts as "waited" in the facts. */
const WAITED_THRESHOLD: Time = 1_000_000;

const CREATE = 1;
const DELETE = 2;

/** Registers a node with the node agents (NodeAgent.addNode), passed in so actors stay apart. */
export interface NodeRegistrar {
  addNode(name: string, bandwidth: number): void;
}

/** summary.json `traceReplay`: what the replay answers. Waits in seconds. */
export interface TraceReplayFacts {
  nodesFile: string;
  podsFile: string;
  timeScale: number;
  nodeScale: number;
  nodes: number;
  podsInTrace: number;
  podsCreated: number;
  podsScheduled: number;
  /** Pods that waited more than 1 s for a node (scheduled late, deleted while pending, or still pending). */
  podsWaited: number;
  podsWaitedOver1m: number;
  podsWaitedOver1h: number;
  /** Deleted by the trace before any node took them. */
  podsNeverScheduled: number;
  podsPendingAtEnd: number;
  waitSeconds: { p50: number | null; p90: number | null; p99: number | null; max: number | null; total: number };
  /** Per node type: nodes replayed, and the most that held at least one pod at once. */
  nodeTypes: { type: string; nodes: number; peakInUse: number }[];
  /** Highest concurrent requests of replayed pods that were bound (cores, GiB, GPUs counting shares). */
  peakBound: { cpu: number; memoryGiB: number; gpus: number; pods: number };
  capacity: { cpu: number; memoryGiB: number; gpus: number };
}

interface PodState {
  createdAt: Time;
  node: string;
}

/**
 * Replays a trace (spec.traceReplay): creates the trace's nodes at time 0 (nodeScale of each node
 * type, first in file order), then each pod at its creation time as a bare Pod, and deletes it at
 * its deletion time through the API server (graceful when bound, as kubectl delete). Pod creations
 * are one chained event (a cursor over the pods sorted by creation), deletions one event each.
 * It watches its pods to measure each pod's wait for a node and the nodes in use.
 */
export class TraceReplayActor implements Actor, Watcher {
  private cursor = 0;
  private created = 0;
  private scheduled = 0;
  private neverScheduled = 0;
  private readonly waits: number[] = [];
  private readonly live = new Map<string, PodState>();
  private readonly byName = new Map<string, TracePod>();
  private readonly podsOnNode = new Map<string, number>();
  private readonly typeOf = new Map<string, string>();
  private readonly types = new Map<string, { nodes: number; inUse: number; peak: number }>();
  private readonly bound = { cpu: 0, mem: 0, gpuMilli: 0, pods: 0 };
  private readonly peak = { cpu: 0, mem: 0, gpuMilli: 0, pods: 0 };
  private readonly capacity = { cpu: 0, mem: 0, gpus: 0 };
  private nodeCount = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly spec: TraceReplay,
    private readonly registrar: NodeRegistrar,
  ) {
    ctx.store.watch('Pod', this);
  }

  start(): void {
    for (const n of scaledNodes(this.spec.nodes, this.spec.nodeScale)) this.addNode(n.node, n.name);
    if (this.spec.pods.length > 0) this.ctx.engine.scheduleAt(this.spec.pods[0].createAt, this, CREATE, undefined);
  }

  handle(ev: SimEvent): void {
    if (ev.kind === CREATE) this.createDue();
    else if (ev.kind === DELETE) this.deletePod(ev.arg as string);
  }

  private addNode(t: TraceNode, name: string): void {
    const type = nodeType(t);
    const capacity: Record<string, string> = { cpu: `${t.cpuMilli}m`, memory: `${t.memoryMiB}Mi`, pods: TRACE_MAX_PODS };
    if (t.gpus > 0) {
      capacity[this.spec.gpuResource] = String(t.gpus);
      capacity[GPU_MILLI_RESOURCE] = String(t.gpus * 1000);
    }
    const labels: Record<string, string> = { [LABEL_HOSTNAME]: name, [LABEL_INSTANCE_TYPE]: type, [POOL_LABEL]: 'trace' };
    if (t.model) labels[LABEL_GPU_MODEL] = t.model;
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels },
      spec: {},
      status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: this.ctx.engine.now }] },
    };
    this.registrar.addNode(name, PULL_BANDWIDTH);
    this.ctx.store.create(node);
    this.ctx.recorder.record('Node', '', name, 'RegisteredNode', '', type);
    this.typeOf.set(name, type);
    let ty = this.types.get(type);
    if (!ty) this.types.set(type, (ty = { nodes: 0, inUse: 0, peak: 0 }));
    ty.nodes++;
    this.nodeCount++;
    this.capacity.cpu += t.cpuMilli;
    this.capacity.mem += t.memoryMiB;
    this.capacity.gpus += t.gpus;
  }

  private createDue(): void {
    const { engine } = this.ctx;
    const pods = this.spec.pods;
    while (this.cursor < pods.length && pods[this.cursor].createAt <= engine.now) this.createPod(pods[this.cursor++]);
    if (this.cursor < pods.length) engine.scheduleAt(pods[this.cursor].createAt, this, CREATE, undefined);
  }

  private createPod(t: TracePod): void {
    const { store, recorder, engine } = this.ctx;
    const key = `${REPLAY_NAMESPACE}/${t.name}`;
    if (this.live.has(key) || store.get('Pod', key)) {
      recorder.record('Pod', REPLAY_NAMESPACE, t.name, 'ActionFailed', '', 'trace replay: a pod of this name exists');
      return;
    }
    const pod = tracePod(t, this.spec.gpuResource);
    this.live.set(key, { createdAt: engine.now, node: '' });
    this.byName.set(key, t);
    this.created++;
    store.create(pod);
    recorder.record('Pod', REPLAY_NAMESPACE, t.name, 'Created', '', 'trace replay');
    if (t.deleteAt !== undefined) engine.scheduleAt(t.deleteAt, this, DELETE, key);
  }

  private deletePod(key: string): void {
    const { store, engine } = this.ctx;
    const st = this.live.get(key);
    if (st && !st.node) {
      this.waits.push(engine.now - st.createdAt);
      this.neverScheduled++;
      this.live.delete(key);
      this.byName.delete(key);
    }
    const pod = store.get<Pod>('Pod', key);
    if (pod) store.delete(pod);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    const pod = obj as Pod;
    if (pod.metadata.namespace !== REPLAY_NAMESPACE) return;
    const key = `${REPLAY_NAMESPACE}/${pod.metadata.name}`;
    const st = this.live.get(key);
    if (!st) return;
    const node = pod.spec.nodeName;
    if (type !== 'DELETED' && node && !st.node) {
      st.node = node;
      this.scheduled++;
      this.waits.push(this.ctx.engine.now - st.createdAt);
      this.usage(key, node, 1);
    }
    if (type === 'DELETED') {
      if (st.node) this.usage(key, st.node, -1);
      this.live.delete(key);
      this.byName.delete(key);
    }
  }

  private usage(key: string, node: string, sign: 1 | -1): void {
    const t = this.byName.get(key);
    if (!t) return;
    const b = this.bound;
    b.cpu += sign * t.cpuMilli;
    b.mem += sign * t.memoryMiB;
    b.gpuMilli += sign * gpuMilli(t);
    b.pods += sign;
    const p = this.peak;
    if (b.cpu > p.cpu) p.cpu = b.cpu;
    if (b.mem > p.mem) p.mem = b.mem;
    if (b.gpuMilli > p.gpuMilli) p.gpuMilli = b.gpuMilli;
    if (b.pods > p.pods) p.pods = b.pods;
    const before = this.podsOnNode.get(node) ?? 0;
    const after = before + sign;
    this.podsOnNode.set(node, after);
    const ty = this.types.get(this.typeOf.get(node) ?? '');
    if (!ty) return;
    if (before === 0 && after > 0) ty.inUse++;
    else if (before > 0 && after === 0) ty.inUse--;
    if (ty.inUse > ty.peak) ty.peak = ty.inUse;
  }

  facts(): TraceReplayFacts {
    const now = this.ctx.engine.now;
    const waits = [...this.waits];
    let pendingAtEnd = 0;
    for (const st of this.live.values()) {
      if (st.node) continue;
      pendingAtEnd++;
      waits.push(now - st.createdAt);
    }
    waits.sort((a, b) => a - b);
    const q = (p: number) => (waits.length === 0 ? null : waits[Math.min(waits.length - 1, Math.ceil(p * waits.length) - 1)] / 1e6);
    const over = (t: Time) => waits.reduce((n, w) => n + (w > t ? 1 : 0), 0);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      nodesFile: this.spec.nodesFile,
      podsFile: this.spec.podsFile,
      timeScale: this.spec.timeScale,
      nodeScale: this.spec.nodeScale,
      nodes: this.nodeCount,
      podsInTrace: this.spec.podsInFile,
      podsCreated: this.created,
      podsScheduled: this.scheduled,
      podsWaited: over(WAITED_THRESHOLD),
      podsWaitedOver1m: over(60_000_000),
      podsWaitedOver1h: over(3_600_000_000),
      podsNeverScheduled: this.neverScheduled,
      podsPendingAtEnd: pendingAtEnd,
      waitSeconds: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1), total: r3(waits.reduce((a, w) => a + w, 0) / 1e6) },
      nodeTypes: [...this.types].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([type, t]) => ({ type, nodes: t.nodes, peakInUse: t.peak })),
      peakBound: { cpu: r3(this.peak.cpu / 1000), memoryGiB: r3(this.peak.mem / 1024), gpus: r3(this.peak.gpuMilli / 1000), pods: this.peak.pods },
      capacity: { cpu: r3(this.capacity.cpu / 1000), memoryGiB: r3(this.capacity.mem / 1024), gpus: this.capacity.gpus },
    };
  }
}

/** GPU thousandths a pod takes: num_gpu × 1000 for whole GPUs, gpu_milli for a share of one. */
export function gpuMilli(t: TracePod): number {
  if (t.gpus === 0) return 0;
  return t.gpus > 1 || t.gpuMilli === 0 ? t.gpus * 1000 : t.gpuMilli;
}

/**
 * The bare Pod of a trace row, as upstream's pod_csv_to_yaml.py writes it: requests == limits
 * (cpu, memory), plus GPUs — whole GPUs (num_gpu > 1, or one GPU at gpu_milli 1000) request
 * `gpuResource`; every GPU pod requests its thousandths as kubesim.dev/gpu-milli, so shares
 * of one GPU pack onto a node's GPUs together (docs/simplifications.md). gpu_spec becomes a
 * required node affinity on the GPU model label. API-server defaults are applied.
 */
export function tracePod(t: TracePod, gpuResource: string): Pod {
  const requests: ResourceList = { cpu: `${t.cpuMilli}m`, memory: `${t.memoryMiB}Mi` };
  const milli = gpuMilli(t);
  if (milli > 0) {
    requests[GPU_MILLI_RESOURCE] = String(milli);
    if (milli % 1000 === 0) requests[gpuResource] = String(milli / 1000);
  }
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: t.name, namespace: REPLAY_NAMESPACE, labels: { app: 'trace-replay' }, annotations: t.qos ? { 'kubesim.dev/trace-qos': t.qos } : undefined },
    spec: {
      containers: [{ name: 'main', image: REPLAY_IMAGE, resources: { requests, limits: { ...requests } } }],
      ...(t.gpuSpec.length > 0 && {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_GPU_MODEL, operator: 'In', values: [...t.gpuSpec] }] }] } } },
      }),
    },
    status: { phase: 'Pending' },
  };
  if (!pod.metadata.annotations) delete pod.metadata.annotations;
  applyPodDefaults(pod as unknown as Record<string, unknown>);
  return pod;
}

/**
 * The nodes kept at a nodeScale: for each node type, the first ceil(count × scale) nodes in file
 * order when scale ≤ 1; above 1, every node plus copies named "<sn>-copy<k>" until
 * round(count × scale) nodes of the type exist.
 */
export function scaledNodes(nodes: TraceNode[], scale: number): { node: TraceNode; name: string }[] {
  const byType = new Map<string, TraceNode[]>();
  for (const n of nodes) {
    const t = nodeType(n);
    let list = byType.get(t);
    if (!list) byType.set(t, (list = []));
    list.push(n);
  }
  const keep = new Set<TraceNode>();
  const copies: { node: TraceNode; name: string }[] = [];
  for (const list of byType.values()) {
    if (scale <= 1) {
      for (const n of list.slice(0, Math.ceil(list.length * scale))) keep.add(n);
      continue;
    }
    for (const n of list) keep.add(n);
    const want = Math.round(list.length * scale);
    for (let i = list.length; i < want; i++) copies.push({ node: list[i % list.length], name: `${list[i % list.length].name}-copy${Math.floor(i / list.length)}` });
  }
  return [...nodes.filter((n) => keep.has(n)).map((node) => ({ node, name: node.name })), ...copies];
}
