import { Pod } from '../../api/pod';
import { CycleState, MAX_NODE_SCORE, PreScorePlugin, ScorePlugin, SKIP, Status } from '../framework';
import { NodeInfo } from '../node-info';
import { ALLOC_MEMORY, ALLOC_MILLI_CPU, gatherRows, NodeRows, REQ_MEMORY, REQ_MILLI_CPU } from '../node-totals';
import { allocatableAndRequested, allZero, podResourceRequestList, ResourceSpec } from './resource-allocation';

/**
 * NodeResourcesBalancedAllocation, as kube-scheduler's plugin: favours nodes whose resource
 * fractions (requested/allocatable, actual requests, capped at 1) are close to each other.
 * score = trunc((1 - std) * 100); std = |f0 - f1| / 2 for two resources, the population standard
 * deviation for more, 0 for fewer. A best-effort pod (no requests) skips scoring.
 * Example: fractions 0.6 and 0.25 → std 0.175 → score 82.
 */
export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

const PRESCORE_KEY = 'PreScore' + NODE_RESOURCES_BALANCED_ALLOCATION;

/** The balanced allocation score of fractions already computed for the non-skipped resources. */
export function balancedScore(fractions: readonly number[], n: number): number {
  let std = 0;
  if (n === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (n > 2) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += fractions[i];
    mean /= n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (fractions[i] - mean) * (fractions[i] - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;
  readonly resources: ResourceSpec[];
  private readonly alloc: number[];
  private readonly req: number[];
  private readonly fractions: number[];
  private readonly cpuMemoryOnly: boolean;

  constructor(args: BalancedAllocationArgs = {}) {
    this.resources = args.resources ?? [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
    const n = this.resources.length;
    this.cpuMemoryOnly = n === 2 && this.resources[0].name === 'cpu' && this.resources[1].name === 'memory';
    this.alloc = new Array<number>(n).fill(0);
    this.req = new Array<number>(n).fill(0);
    this.fractions = new Array<number>(n).fill(0);
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    const podReq = podResourceRequestList(pod, this.resources, true);
    if (allZero(podReq)) return SKIP;
    state.write(PRESCORE_KEY, podReq);
    return null;
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[], rows?: NodeRows): void {
    const podReq = state.read<number[]>(PRESCORE_KEY) ?? podResourceRequestList(pod, this.resources, true);
    const zero = allZero(podReq);
    if (!zero && this.cpuMemoryOnly) {
      const podCpu = podReq[0];
      const podMem = podReq[1];
      const at = rows ?? gatherRows(nodes);
      const t = at.totals;
      for (let i = 0; i < nodes.length; i++) {
        const row = at.rows[i];
        const aCpu = t[row + ALLOC_MILLI_CPU];
        const aMem = t[row + ALLOC_MEMORY];
        let n = 0;
        let f0 = 0;
        let f1 = 0;
        if (aCpu !== 0) {
          const f = (t[row + REQ_MILLI_CPU] + podCpu) / aCpu;
          f0 = f > 1 ? 1 : f;
          n++;
        }
        if (aMem !== 0) {
          const f = (t[row + REQ_MEMORY] + podMem) / aMem;
          if (n === 0) f0 = f > 1 ? 1 : f;
          else f1 = f > 1 ? 1 : f;
          n++;
        }
        scores[i] = n === 2 ? Math.trunc((1 - Math.abs((f0 - f1) / 2)) * MAX_NODE_SCORE) : MAX_NODE_SCORE;
      }
      return;
    }
    for (let i = 0; i < nodes.length; i++) scores[i] = zero ? 0 : this.scoreWith(podReq, nodes[i]);
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const podReq = state.read<number[]>(PRESCORE_KEY) ?? podResourceRequestList(pod, this.resources, true);
    if (allZero(podReq)) return 0;
    return this.scoreWith(podReq, nodeInfo);
  }

  private scoreWith(podReq: readonly number[], nodeInfo: NodeInfo): number {
    let n = 0;
    for (let i = 0; i < this.resources.length; i++) {
      allocatableAndRequested(nodeInfo, this.resources[i].name, podReq[i], true, this.alloc, this.req, i);
      const a = this.alloc[i];
      if (a === 0) continue;
      const f = this.req[i] / a;
      this.fractions[n++] = f > 1 ? 1 : f;
    }
    return balancedScore(this.fractions, n);
  }
}

export function newNodeResourcesBalancedAllocation(args?: BalancedAllocationArgs): NodeResourcesBalancedAllocation {
  return new NodeResourcesBalancedAllocation(args);
}
