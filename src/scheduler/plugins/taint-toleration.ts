import { Taint } from '../../api/node';
import { Pod, Toleration } from '../../api/pod';
import {
  CycleState,
  defaultNormalizeScore,
  FilterPlugin,
  MAX_NODE_SCORE,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  ScorePlugin,
  SKIP,
  Status,
  PREFILTER_PROCEED,
  PREFILTER_SKIP,
} from '../framework';
import { NodeInfo } from '../node-info';
import { Snapshot } from '../snapshot';
import { findMatchingUntoleratedTaint, toleratesTaint, tolerationsTolerateTaint } from '../toleration';

export { toleratesTaint } from '../toleration';

/**
 * TaintToleration, as kube-scheduler's tainttoleration plugin: Filter rejects nodes with an
 * untolerated NoSchedule or NoExecute taint; Score counts untolerated PreferNoSchedule taints and
 * NormalizeScore reverses the count (fewest intolerable taints → 100).
 */
export const TAINT_TOLERATION = 'TaintToleration';
/** The reason text of current kube-scheduler (older releases printed the taint key and value). */
export const ERR_REASON_UNTOLERATED_TAINT = 'node(s) had untolerated taint(s)';

const REJECT = new Status('UnschedulableAndUnresolvable', [ERR_REASON_UNTOLERATED_TAINT]);
const PRESCORE_KEY = 'PreScore' + TAINT_TOLERATION;

export interface TaintTolerationArgs {
  /** The TaintTolerationComparisonOperators feature gate (alpha, off by default). */
  enableComparisonOperators?: boolean;
}

/** helper.DoNotScheduleTaintsFilterFunc: the taints the Filter considers. */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/** The first NoSchedule/NoExecute taint of the node that the tolerations do not tolerate. */
export function getMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  enableComparisonOperators = false,
): Taint | undefined {
  return findMatchingUntoleratedTaint(taints, tolerations, isDoNotScheduleTaint, enableComparisonOperators);
}

/** The tolerations that can tolerate a PreferNoSchedule taint (effect empty or PreferNoSchedule). */
export function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const out: Toleration[] = [];
  if (tolerations) for (const t of tolerations) if (!t.effect || t.effect === 'PreferNoSchedule') out.push(t);
  return out;
}

/** countIntolerableTaintsPreferNoSchedule: the raw score, before reverse normalization. */
export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
  enableComparisonOperators = false,
): number {
  if (!taints) return 0;
  let n = 0;
  for (const t of taints) {
    if (t.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, t, enableComparisonOperators)) n++;
  }
  return n;
}

export class TaintToleration implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;
  private readonly cmp: boolean;
  constructor(args: TaintTolerationArgs = {}) {
    this.cmp = args.enableComparisonOperators ?? false;
  }

  /** Skip (the Filter would accept every node) when no node of the snapshot has a taint. */
  preFilter(_state: CycleState, _pod: Pod, _allNodes: readonly NodeInfo[], snapshot?: Snapshot): { result: PreFilterResult | null; status: Status | null } {
    return snapshot !== undefined && snapshot.taintedNodes === 0 ? PREFILTER_SKIP : PREFILTER_PROCEED;
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const taints = nodeInfo.node.spec.taints;
    if (!taints || taints.length === 0) return null;
    return getMatchingUntoleratedTaint(taints, pod.spec.tolerations, this.cmp) === undefined ? null : REJECT;
  }

  /**
   * Skip when no node of the snapshot has a taint: every node would score 0 and normalize to 100,
   * a constant that cannot change which node wins.
   */
  preScore(state: CycleState, pod: Pod, _nodes?: readonly NodeInfo[], _allNodes?: readonly NodeInfo[], snapshot?: Snapshot): Status | null {
    if (snapshot !== undefined && snapshot.taintedNodes === 0) return SKIP;
    state.write(PRESCORE_KEY, preferNoScheduleTolerations(pod.spec.tolerations));
    return null;
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[]): void {
    const tolerations = state.read<Toleration[]>(PRESCORE_KEY) ?? preferNoScheduleTolerations(pod.spec.tolerations);
    for (let i = 0; i < nodes.length; i++) {
      const taints = nodes[i].node.spec.taints;
      scores[i] = taints === undefined || taints.length === 0 ? 0 : countIntolerableTaintsPreferNoSchedule(taints, tolerations, this.cmp);
    }
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const tolerations = state.read<Toleration[]>(PRESCORE_KEY) ?? preferNoScheduleTolerations(pod.spec.tolerations);
    return countIntolerableTaintsPreferNoSchedule(nodeInfo.node.spec.taints, tolerations, this.cmp);
  }

  normalizeScore(_state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: number[]): Status | null {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores, nodes.length);
    return null;
  }
}

export function newTaintToleration(args?: TaintTolerationArgs): TaintToleration {
  return new TaintToleration(args);
}

/** Re-exported for callers that match one toleration list against one taint. */
export { tolerationsTolerateTaint };
