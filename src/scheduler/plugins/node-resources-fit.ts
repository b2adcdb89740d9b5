import { Pod } from '../../api/pod';
import { CycleState, FilterPlugin, MAX_NODE_SCORE, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin, Status, StatusError, PREFILTER_PROCEED, PREFILTER_SKIP } from '../framework';
import { NodeInfo } from '../node-info';
import {
  ALLOC_EPHEMERAL_STORAGE,
  ALLOC_MEMORY,
  ALLOC_MILLI_CPU,
  ALLOC_PODS,
  NON_ZERO_MEMORY,
  NON_ZERO_MILLI_CPU,
  gatherRows,
  NodeRows,
  POD_COUNT,
  RowNeed,
  REQ_EPHEMERAL_STORAGE,
  REQ_MEMORY,
  REQ_MILLI_CPU,
} from '../node-totals';
import { isScalarResourceName, PodRequests, podRequests } from '../resources';
import { allocatableAndRequested, podResourceRequestList, ResourceSpec } from './resource-allocation';
import {
  FunctionShapePoint,
  leastAllocatedScore,
  mostAllocatedScore,
  requestedToCapacityRatioScore,
  scaleShape,
} from './scoring-strategies';

/**
 * NodeResourcesFit, as kube-scheduler's noderesources Fit plugin. Filter: the node has room for
 * one more pod and for the pod's actual requests (cpu, memory, ephemeral-storage, then each
 * requested scalar resource; equality fits). Score: the configured strategy (LeastAllocated by
 * default, over cpu and memory with weight 1) on the non-zero requests.
 */
export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface ScoringStrategy {
  type: ScoringStrategyType;
  resources: ResourceSpec[];
  /** Shape points on the user scale (utilization 0..100, score 0..10), for RequestedToCapacityRatio. */
  requestedToCapacityRatio?: { shape: FunctionShapePoint[] };
}

export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: ScoringStrategy;
}

/** The defaulted scoring strategy (config/v1 defaults: LeastAllocated, cpu 1, memory 1). */
export function defaultScoringStrategy(): ScoringStrategy {
  return { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] };
}

/** One shortfall found by fitsRequest (noderesources.InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The request exceeds the node's allocatable: no preemption can make it fit. */
  unresolvable: boolean;
}

const NONE: InsufficientResource[] = [];

function isIgnored(name: string, ignored: ReadonlySet<string>, groups: readonly string[]): boolean {
  if (ignored.has(name)) return true;
  if (groups.length > 0) {
    const slash = name.indexOf('/');
    if (slash > 0 && groups.includes(name.slice(0, slash))) return true;
  }
  return false;
}

/**
 * noderesources.fitsRequest: every shortfall of the node for the pod, in the upstream order (pods,
 * cpu, memory, ephemeral-storage, scalars). Returns a shared empty array when the pod fits.
 */
export function fitsRequest(
  podRequest: PodRequests,
  nodeInfo: NodeInfo,
  ignoredResources: ReadonlySet<string> = EMPTY_SET,
  ignoredResourceGroups: readonly string[] = [],
): InsufficientResource[] {
  let out: InsufficientResource[] = NONE;
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const podCount = nodeInfo.pods.length;
  if (podCount + 1 > alloc.allowedPodNumber) {
    out = [{ resourceName: 'pods', reason: ERR_REASON_TOO_MANY_PODS, requested: 1, used: podCount, capacity: alloc.allowedPodNumber, unresolvable: false }];
  }
  const scalar = podRequest.scalar;
  if (podRequest.milliCPU === 0 && podRequest.memory === 0 && podRequest.ephemeralStorage === 0 && (scalar === null || scalar.size === 0)) {
    return out;
  }
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > alloc.milliCPU - used.milliCPU) {
    if (out === NONE) out = [];
    out.push(shortfall('cpu', podRequest.milliCPU, used.milliCPU, alloc.milliCPU));
  }
  if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory) {
    if (out === NONE) out = [];
    out.push(shortfall('memory', podRequest.memory, used.memory, alloc.memory));
  }
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    if (out === NONE) out = [];
    out.push(shortfall('ephemeral-storage', podRequest.ephemeralStorage, used.ephemeralStorage, alloc.ephemeralStorage));
  }
  if (scalar !== null) {
    for (const [name, q] of scalar) {
      if (q === 0) continue;
      if (isIgnored(name, ignoredResources, ignoredResourceGroups)) continue;
      const a = alloc.scalar?.get(name) ?? 0;
      const u = used.scalar?.get(name) ?? 0;
      if (q > a - u) {
        if (out === NONE) out = [];
        out.push(shortfall(name, q, u, a));
      }
    }
  }
  return out;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/**
 * The common case of fitsRequest for a pod without scalar requests, from the node's totals row:
 * true only when fitsRequest finds no shortfall (false may still fit: a zero request always fits
 * an overcommitted node, so callers fall back to fitsRequest).
 */
function fitsWithoutScalars(req: PodRequests, t: Float64Array, row: number): boolean {
  return (
    t[row + POD_COUNT] + 1 <= t[row + ALLOC_PODS] &&
    req.milliCPU <= t[row + ALLOC_MILLI_CPU] - t[row + REQ_MILLI_CPU] &&
    req.memory <= t[row + ALLOC_MEMORY] - t[row + REQ_MEMORY] &&
    req.ephemeralStorage <= t[row + ALLOC_EPHEMERAL_STORAGE] - t[row + REQ_EPHEMERAL_STORAGE]
  );
}

function shortfall(name: string, requested: number, used: number, capacity: number): InsufficientResource {
  return { resourceName: name, reason: 'Insufficient ' + name, requested, used, capacity, unresolvable: requested > capacity };
}

const singleReasonStatus = new Map<string, Status>();

/** The Filter status for the shortfalls: UnschedulableAndUnresolvable when any can never fit. */
export function insufficientStatus(insufficient: readonly InsufficientResource[]): Status {
  let unresolvable = false;
  for (const r of insufficient) if (r.unresolvable) unresolvable = true;
  const code = unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
  if (insufficient.length === 1) {
    const key = unresolvable ? 'U' + insufficient[0].reason : insufficient[0].reason;
    let s = singleReasonStatus.get(key);
    if (s === undefined) {
      s = new Status(code, [insufficient[0].reason]);
      singleReasonStatus.set(key, s);
    }
    return s;
  }
  return new Status(code, insufficient.map((r) => r.reason));
}

const PRESCORE_KEY = 'PreScore' + NODE_RESOURCES_FIT;

export interface ArgsError {
  type: 'FieldValueInvalid' | 'FieldValueNotSupported';
  field: string;
  detail: string;
}

/**
 * validation.ValidateNodeResourcesFitArgs for the scoring strategy: a known type, and every
 * resource weight within [1, 100] (MaxNodeScore).
 */
export function validateNodeResourcesFitArgs(args: NodeResourcesFitArgs): ArgsError[] {
  const errs: ArgsError[] = [];
  const st = args.scoringStrategy;
  if (!st) return errs;
  if (st.type !== 'LeastAllocated' && st.type !== 'MostAllocated' && st.type !== 'RequestedToCapacityRatio') {
    errs.push({ type: 'FieldValueNotSupported', field: 'scoringStrategy.type', detail: `unsupported scoring strategy "${st.type}"` });
  }
  (st.resources ?? []).forEach((r, i) => {
    if (!(r.weight >= 1 && r.weight <= 100)) {
      errs.push({
        type: 'FieldValueInvalid',
        field: `scoringStrategy.resources[${i}].weight`,
        detail: `resource weight of ${r.name} not in valid range [1, 100]`,
      });
    }
  });
  return errs;
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_FIT;
  readonly strategy: ScoringStrategy;
  private readonly ignored: ReadonlySet<string>;
  private readonly ignoredGroups: readonly string[];
  private readonly scaledShape: FunctionShapePoint[];
  private readonly alloc: number[];
  private readonly req: number[];
  private readonly cpuMemoryOnly: boolean;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.strategy = args.scoringStrategy ?? defaultScoringStrategy();
    this.ignored = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = args.ignoredResourceGroups ?? [];
    this.scaledShape = scaleShape(this.strategy.requestedToCapacityRatio?.shape ?? []);
    const n = this.strategy.resources?.length ?? 0;
    const rs = this.strategy.resources ?? [];
    this.cpuMemoryOnly = rs.length === 2 && rs[0].name === 'cpu' && rs[1].name === 'memory';
    this.alloc = new Array<number>(n).fill(0);
    this.req = new Array<number>(n).fill(0);
  }

  /** The cycle whose pod requests are in cycleRequests (set by PreFilter; plugins serve one scheduler). */
  private cycle: CycleState | null = null;
  private cycleRequests: PodRequests | null = null;

  preFilter(state: CycleState, pod: Pod): { result: PreFilterResult | null; status: Status | null } {
    this.cycle = state;
    this.cycleRequests = podRequests(pod);
    return PREFILTER_PROCEED;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const req = state === this.cycle ? this.cycleRequests! : podRequests(pod);
    if (req.scalar === null && fitsWithoutScalars(req, nodeInfo.totals, nodeInfo.row)) return null;
    const insufficient = fitsRequest(req, nodeInfo, this.ignored, this.ignoredGroups);
    return insufficient.length === 0 ? null : insufficientStatus(insufficient);
  }

  private readonly need: RowNeed = { pods: 1, milliCPU: 0, memory: 0, ephemeralStorage: 0 };

  /** Room for one more pod and its cpu, memory and ephemeral-storage requests (as fitsWithoutScalars). */
  rowNeed(state: CycleState, pod: Pod): RowNeed | null {
    const req = state === this.cycle ? this.cycleRequests! : podRequests(pod);
    if (req.scalar !== null) return null;
    this.need.milliCPU = req.milliCPU;
    this.need.memory = req.memory;
    this.need.ephemeralStorage = req.ephemeralStorage;
    return this.need;
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    state.write(PRESCORE_KEY, podResourceRequestList(pod, this.strategy.resources ?? [], false));
    return null;
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[], rows?: NodeRows): void {
    const resources = this.strategy.resources;
    if (!resources || resources.length === 0) throw new StatusError(new Status('Error', ['resources not found']));
    const podReq = state.read<number[]>(PRESCORE_KEY) ?? podResourceRequestList(pod, resources, false);
    if (this.cpuMemoryOnly && this.strategy.type !== 'RequestedToCapacityRatio') {
      const at = rows ?? gatherRows(nodes);
      this.scoreCpuMemory(podReq[0], podReq[1], resources[0].weight, resources[1].weight, this.strategy.type === 'MostAllocated', nodes.length, at, scores);
      return;
    }
    for (let i = 0; i < nodes.length; i++) scores[i] = this.scoreWith(podReq, resources, nodes[i]);
  }

  /**
   * LeastAllocated / MostAllocated over exactly [cpu, memory] (the default resources), with the
   * same int64 arithmetic as leastAllocatedScore / mostAllocatedScore.
   */
  private scoreCpuMemory(
    podCpu: number,
    podMem: number,
    wCpu: number,
    wMem: number,
    most: boolean,
    n: number,
    at: NodeRows,
    scores: number[],
  ): void {
    const t = at.totals;
    const rows = at.rows;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      const aCpu = t[row + ALLOC_MILLI_CPU];
      const aMem = t[row + ALLOC_MEMORY];
      const rCpu = t[row + NON_ZERO_MILLI_CPU] + podCpu;
      const rMem = t[row + NON_ZERO_MEMORY] + podMem;
      let sum = 0;
      let weights = 0;
      if (aCpu !== 0) {
        const sc = most ? Math.trunc(((rCpu > aCpu ? aCpu : rCpu) * MAX_NODE_SCORE) / aCpu) : rCpu > aCpu ? 0 : Math.trunc(((aCpu - rCpu) * MAX_NODE_SCORE) / aCpu);
        sum += sc * wCpu;
        weights += wCpu;
      }
      if (aMem !== 0) {
        const sm = most ? Math.trunc(((rMem > aMem ? aMem : rMem) * MAX_NODE_SCORE) / aMem) : rMem > aMem ? 0 : Math.trunc(((aMem - rMem) * MAX_NODE_SCORE) / aMem);
        sum += sm * wMem;
        weights += wMem;
      }
      scores[i] = weights === 0 ? 0 : Math.trunc(sum / weights);
    }
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const resources = this.strategy.resources;
    if (!resources || resources.length === 0) throw new StatusError(new Status('Error', ['resources not found']));
    return this.scoreWith(state.read<number[]>(PRESCORE_KEY) ?? podResourceRequestList(pod, resources, false), resources, nodeInfo);
  }

  private scoreWith(podReq: readonly number[], resources: readonly ResourceSpec[], nodeInfo: NodeInfo): number {
    const alloc = this.alloc;
    const req = this.req;
    for (let i = 0; i < resources.length; i++) allocatableAndRequested(nodeInfo, resources[i].name, podReq[i], false, alloc, req, i);
    switch (this.strategy.type) {
      case 'MostAllocated':
        return mostAllocatedScore(req, alloc, resources);
      case 'RequestedToCapacityRatio':
        return requestedToCapacityRatioScore(this.scaledShape, req, alloc, resources);
      default:
        return leastAllocatedScore(req, alloc, resources);
    }
  }
}

/** The registry factory: rejects invalid args as the scheduler does at start-up. */
export function newNodeResourcesFit(args?: NodeResourcesFitArgs): NodeResourcesFit {
  const errs = args ? validateNodeResourcesFitArgs(args) : [];
  if (errs.length > 0) throw new Error(`invalid NodeResourcesFit args: ${errs.map((e) => `${e.field}: ${e.detail}`).join('; ')}`);
  return new NodeResourcesFit(args);
}

export { isScalarResourceName };
