import { NodeAffinity as NodeAffinitySpec, Pod, PreferredSchedulingTerm } from '../../api/pod';
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
import {
  CompiledNodeSelector,
  CompiledPreferredTerms,
  RequiredNodeAffinity,
  requiredNodeAffinity,
} from '../node-selector';

/**
 * NodeAffinity, as kube-scheduler's nodeaffinity plugin: Filter on pod.spec.nodeSelector and the
 * required node affinity (plus the profile's addedAffinity); Score = sum of the weights of the
 * matching preferred terms, normalized so the best node gets 100.
 */
export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const REJECT_POD = new Status('UnschedulableAndUnresolvable', [ERR_REASON_POD]);
const REJECT_ENFORCED = new Status('UnschedulableAndUnresolvable', [ERR_REASON_ENFORCED]);
const REJECT_CONFLICT = new Status('UnschedulableAndUnresolvable', [ERR_REASON_CONFLICT]);
const PREFILTER_KEY = 'PreFilter' + NODE_AFFINITY;
const PRESCORE_KEY = 'PreScore' + NODE_AFFINITY;

export interface NodeAffinityArgs {
  /** NodeAffinityArgs.addedAffinity: applied to every pod of the profile. */
  addedAffinity?: NodeAffinitySpec;
}

/** Whether the pod's nodeSelector and required node affinity accept the node. */
export function fitsNodeAffinity(pod: Pod, nodeInfo: NodeInfo): boolean {
  return requiredNodeAffinity(pod).matchLabels(nodeInfo.node.metadata.labels, nodeInfo.name);
}

/**
 * The node names a pod's required affinity pins it to: when every term has a metadata.name In
 * matchField, the union over terms of the intersection inside each term; null when some term
 * leaves all nodes eligible. An empty set means the terms conflict.
 */
export function requiredNodeNames(pod: Pod): Set<string> | null {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return null;
  let names: Set<string> | null = null;
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      if (termNames === null) {
        termNames = s;
      } else {
        const both = new Set<string>();
        for (const n of termNames) if (s.has(n)) both.add(n);
        termNames = both;
      }
    }
    if (termNames === null) return null;
    if (names === null) names = new Set();
    for (const n of termNames) names.add(n);
  }
  return names;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;
  private readonly addedSelector: CompiledNodeSelector | null;
  private readonly addedPreferred: readonly PreferredSchedulingTerm[];
  constructor(args: NodeAffinityArgs = {}) {
    const req = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.addedSelector = req ? new CompiledNodeSelector(req) : null;
    this.addedPreferred = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  }

  preFilter(state: CycleState, pod: Pod): { result: PreFilterResult | null; status: Status | null } {
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && this.addedSelector === null && !pod.spec.nodeSelector) return PREFILTER_SKIP;
    state.write(PREFILTER_KEY, requiredNodeAffinity(pod));
    const names = requiredNodeNames(pod);
    if (names === null) return PREFILTER_PROCEED;
    if (names.size === 0) return { result: null, status: REJECT_CONFLICT };
    return { result: { nodeNames: names }, status: null };
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const labels = nodeInfo.node.metadata.labels;
    if (this.addedSelector !== null && !this.addedSelector.matchLabels(labels, nodeInfo.name)) return REJECT_ENFORCED;
    const req = state.read<RequiredNodeAffinity>(PREFILTER_KEY) ?? requiredNodeAffinity(pod);
    return req.matchLabels(labels, nodeInfo.name) ? null : REJECT_POD;
  }

  private preferredTerms(pod: Pod): CompiledPreferredTerms {
    const own = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return new CompiledPreferredTerms(this.addedPreferred.length === 0 ? own : [...this.addedPreferred, ...own]);
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    if (this.addedPreferred.length === 0 && !pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length) return SKIP;
    const terms = this.preferredTerms(pod);
    if (terms.terms.length === 0) return SKIP;
    state.write(PRESCORE_KEY, terms);
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const terms = state.read<CompiledPreferredTerms>(PRESCORE_KEY) ?? this.preferredTerms(pod);
    return terms.score(nodeInfo.node.metadata.labels, nodeInfo.name);
  }

  normalizeScore(_state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: number[]): Status | null {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores, nodes.length);
    return null;
  }
}

export function newNodeAffinity(args?: NodeAffinityArgs): NodeAffinity {
  return new NodeAffinity(args);
}
