import { LabelSelector, LabelSelectorRequirement } from '../../api/meta';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../api/node';
import { Pod, TopologySpreadConstraint } from '../../api/pod';
import { labelSelectorAsSelector, Selector } from '../../api/label-selector';
import {
  CycleState,
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
import { MISSING } from '../topology-index';
import { RequiredNodeAffinity, requiredNodeAffinity } from '../node-selector';
import { isDoNotScheduleTaint } from './taint-toleration';
import { findMatchingUntoleratedTaint } from '../toleration';

/**
 * PodTopologySpread, as kube-scheduler's podtopologyspread plugin.
 *
 * Filter (DoNotSchedule constraints): for the node's domain, matching pods + (1 if the pod matches
 * its own selector) - global minimum over eligible domains must not exceed maxSkew; the minimum
 * is 0 while fewer than minDomains domains exist. Eligible nodes carry every constraint's
 * topology key and pass the inclusion policies (nodeAffinityPolicy default Honor,
 * nodeTaintsPolicy default Ignore).
 *
 * Score (ScheduleAnyway constraints, or the system defaults when the pod has none): per
 * constraint cnt(domain) * log(domains + 2) + (maxSkew - 1), rounded; NormalizeScore maps the
 * fewest matching pods to 100; nodes lacking a topology key get 0.
 */
export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

const REJECT_SKEW = new Status('Unschedulable', [ERR_REASON_CONSTRAINTS_NOT_MATCH]);
const REJECT_LABEL = new Status('UnschedulableAndUnresolvable', [ERR_REASON_NODE_LABEL_NOT_MATCH]);
const PREFILTER_KEY = 'PreFilter' + POD_TOPOLOGY_SPREAD;
const PRESCORE_KEY = 'PreScore' + POD_TOPOLOGY_SPREAD;

/** The system default constraints (config/v1 defaults, defaultingType System). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

export interface PodTopologySpreadArgs {
  defaultingType?: 'System' | 'List';
  defaultConstraints?: TopologySpreadConstraint[];
  /**
   * The selector of the Services, ReplicaSets, StatefulSets and ReplicationControllers selecting
   * the pod (helper.DefaultSelector), used for default constraints; without it (or when it
   * returns null) default constraints are not applied.
   */
  defaultSelector?: (pod: Pod) => LabelSelector | null;
}

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

/** The selector of a constraint with matchLabelKeys folded in (key In [pod's value]). */
function constraintSelector(c: TopologySpreadConstraint, pod: Pod): Selector {
  const keys = c.matchLabelKeys;
  const labels = pod.metadata.labels;
  if (!keys || keys.length === 0 || !c.labelSelector || !labels) return labelSelectorAsSelector(c.labelSelector);
  const extra: LabelSelectorRequirement[] = [];
  for (const k of keys) if (labels[k] !== undefined) extra.push({ key: k, operator: 'In', values: [labels[k]] });
  return labelSelectorAsSelector({
    matchLabels: c.labelSelector.matchLabels,
    matchExpressions: [...(c.labelSelector.matchExpressions ?? []), ...extra],
  });
}

function toConstraint(c: TopologySpreadConstraint, selector: Selector): Constraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    minDomains: c.minDomains ?? 1,
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
  };
}

function hasAllKeys(labels: Record<string, string> | undefined, cs: readonly Constraint[]): boolean {
  if (cs.length === 0) return true;
  if (!labels) return false;
  for (const c of cs) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

/** Constraint.MatchNodeInclusionPolicies. */
function includesNode(c: Constraint, pod: Pod, ni: NodeInfo, req: RequiredNodeAffinity): boolean {
  if (c.honorAffinity && !req.matchLabels(ni.node.metadata.labels, ni.name)) return false;
  if (c.honorTaints && findMatchingUntoleratedTaint(ni.node.spec.taints, pod.spec.tolerations, isDoNotScheduleTaint) !== undefined) {
    return false;
  }
  return true;
}

/** Whether the pod restricts nodes by nodeSelector or required node affinity (nodeAffinityPolicy Honor matters). */
function hasNodeAffinity(pod: Pod): boolean {
  const ns = pod.spec.nodeSelector;
  return (ns !== undefined && Object.keys(ns).length > 0) || pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

/** countPodsMatchSelector: pods of the namespace, not being deleted, whose labels match. */
export function countPodsMatchSelector(pods: readonly Pod[], selector: Selector, namespace: string | undefined): number {
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    if (p.metadata.deletionTimestamp !== undefined || p.metadata.namespace !== namespace) continue;
    if (selector.matches(p.metadata.labels)) n++;
  }
  return n;
}

interface PreFilterState {
  constraints: Constraint[];
  /** Per constraint: domain value → matching pods, for every eligible domain (0 included). */
  counts: Map<string, number>[];
  /** Per constraint: the minimum over counts (0 when there are fewer domains than minDomains). */
  minMatch: number[];
  selfMatch: number[];
}

interface PreScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  counts: Map<string, number>[];
  weights: number[];
  /** Per constraint, the (namespace, selector) key of NodeInfo.countMatching. */
  keys?: string[];
  /** Present when PreScore had the snapshot: scoreNodes reads per-slot tables instead of labels. */
  slots?: SlotScoring;
}

/**
 * A node's Score as array reads: for a node of the snapshot at slot k (Snapshot.slotOf), the
 * domain of constraint i is nodeDomainIds[i][k]. Invariants: for a non-hostname constraint,
 * contrib[i][d] === (counts[i].get(domain d) ?? 0) * weights[i] + (maxSkew - 1), the very term
 * scoreNode adds, so summing in constraint order gives the same double; missing[i] is the id of
 * the index's MISSING domain (-1 when every node has the key), whose nodes add nothing.
 */
interface SlotScoring {
  snapshot: Snapshot;
  /** The snapshot's totals table at PreScore; nodes whose row is elsewhere are scored by scoreNode. */
  table: Float64Array;
  nodeDomainIds: Int32Array[];
  missing: number[];
  /** Per constraint, by domain id; empty for kubernetes.io/hostname (NodeInfo.countMatching instead). */
  contrib: Float64Array[];
}

/** The per-slot tables of PreScore's result (see SlotScoring). */
function slotScoring(snapshot: Snapshot, constraints: readonly Constraint[], counts: readonly Map<string, number>[], weights: readonly number[]): SlotScoring {
  const nodeDomainIds: Int32Array[] = [];
  const missing: number[] = [];
  const contrib: Float64Array[] = [];
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i];
    const idx = snapshot.topologyIndex(c.topologyKey);
    nodeDomainIds.push(idx.nodeDomainIds);
    missing.push(idx.domainId(MISSING));
    const ids = idx.domainIds();
    const t = new Float64Array(c.topologyKey === LABEL_HOSTNAME ? 0 : ids.size);
    if (t.length > 0) for (const [domain, id] of ids) t[id] = (counts[i].get(domain) ?? 0) * weights[i] + (c.maxSkew - 1);
    contrib.push(t);
  }
  return { snapshot, table: snapshot.totalsTable(), nodeDomainIds, missing, contrib };
}

/** The NodeInfo.countMatching key of a selector in a namespace (Everything and Nothing both print as ""). */
function matchKey(selector: Selector, namespace: string | undefined): string {
  return `${namespace ?? ''}\u0000${selector.isEmpty() ? '*' : ''}${selector.toString()}`;
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = POD_TOPOLOGY_SPREAD;
  private readonly defaults: readonly TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;
  private readonly defaultSelector: ((pod: Pod) => LabelSelector | null) | undefined;

  constructor(args: PodTopologySpreadArgs = {}) {
    this.systemDefaulted = (args.defaultingType ?? 'System') === 'System';
    this.defaults = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints ?? [];
    this.defaultSelector = args.defaultSelector;
  }

  /** The pod's constraints with the given action, or the default ones when the pod sets none. */
  private constraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
    const own = pod.spec.topologySpreadConstraints;
    const out: Constraint[] = [];
    if (own && own.length > 0) {
      for (const c of own) if (c.whenUnsatisfiable === action) out.push(toConstraint(c, constraintSelector(c, pod)));
      return out;
    }
    if (this.defaults.length === 0 || this.defaultSelector === undefined) return out;
    const ls = this.defaultSelector(pod);
    if (!ls || ((!ls.matchLabels || Object.keys(ls.matchLabels).length === 0) && !ls.matchExpressions?.length)) return out;
    const selector = labelSelectorAsSelector(ls);
    for (const c of this.defaults) if (c.whenUnsatisfiable === action) out.push(toConstraint(c, selector));
    return out;
  }

  preFilter(
    state: CycleState,
    pod: Pod,
    allNodes: readonly NodeInfo[],
    snapshot?: Snapshot,
  ): { result: PreFilterResult | null; status: Status | null } {
    const constraints = this.constraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return PREFILTER_SKIP;
    const req = requiredNodeAffinity(pod);
    const counts = constraints.map(() => new Map<string, number>());
    if (snapshot !== undefined && constraints.length === 1 && !constraints[0].honorTaints && !hasNodeAffinity(pod)) {
      // Every node carrying the key is eligible: count per domain through the snapshot's index.
      const c = constraints[0];
      const idx = snapshot.topologyIndex(c.topologyKey);
      const matching = idx.countsById(c.selector, pod.metadata.namespace);
      for (const [domain, id] of idx.domainIds()) {
        if (domain !== MISSING) counts[0].set(domain, matching[id]);
      }
    } else for (const ni of allNodes) {
      const labels = ni.node.metadata.labels;
      if (!hasAllKeys(labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (!includesNode(c, pod, ni, req)) continue;
        const v = labels![c.topologyKey];
        counts[i].set(v, (counts[i].get(v) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, pod.metadata.namespace));
      }
    }
    const minMatch = constraints.map((c, i) => {
      if (counts[i].size < c.minDomains) return 0;
      let m = Infinity;
      for (const n of counts[i].values()) if (n < m) m = n;
      return m === Infinity ? 0 : m;
    });
    const selfMatch = constraints.map((c) => (c.selector.matches(pod.metadata.labels) ? 1 : 0));
    state.write(PREFILTER_KEY, { constraints, counts, minMatch, selfMatch } satisfies PreFilterState);
    return PREFILTER_PROCEED;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_KEY);
    if (s === undefined) return null;
    const labels = nodeInfo.node.metadata.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!labels || !Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return REJECT_LABEL;
      const matchNum = s.counts[i].get(labels[c.topologyKey]) ?? 0;
      if (matchNum + s.selfMatch[i] - s.minMatch[i] > c.maxSkew) return REJECT_SKEW;
    }
    return null;
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], snapshot?: Snapshot): Status | null {
    if (nodes.length === 0) return null;
    const constraints = this.constraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return SKIP;
    const requireAll = (pod.spec.topologySpreadConstraints?.length ?? 0) > 0 || !this.systemDefaulted;
    const ignored = new Set<string>();
    const counts = constraints.map(() => new Map<string, number>());
    const sizes = constraints.map(() => 0);
    // With every node carrying every key, no node is ignored, and once a constraint has seen every
    // domain of the snapshot the rest of the feasible nodes cannot add one: stop scanning then.
    let open = 0;
    let canStop = snapshot !== undefined;
    const allDomains = constraints.map((c) => {
      if (snapshot === undefined) return Infinity;
      const idx = snapshot.topologyIndex(c.topologyKey);
      if (idx.missingNodes !== 0) canStop = false;
      if (c.topologyKey === LABEL_HOSTNAME) return Infinity;
      open++;
      return idx.domains.size;
    });
    for (let j = 0; j < nodes.length; j++) {
      const ni = nodes[j];
      const labels = ni.node.metadata.labels;
      if (requireAll && !hasAllKeys(labels, constraints)) {
        ignored.add(ni.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (c.topologyKey === LABEL_HOSTNAME) continue;
        const v = labels?.[c.topologyKey] ?? '';
        if (!counts[i].has(v)) {
          counts[i].set(v, 0);
          if (++sizes[i] === allDomains[i]) open--;
        }
      }
      if (canStop && open === 0) break;
    }
    const weights = constraints.map((c, i) =>
      Math.log((c.topologyKey === LABEL_HOSTNAME ? nodes.length - ignored.size : sizes[i]) + 2),
    );
    const req = requiredNodeAffinity(pod);
    if (
      snapshot !== undefined &&
      !hasNodeAffinity(pod) &&
      constraints.every((c) => !c.honorTaints) &&
      (!requireAll || constraints.every((c) => snapshot.topologyIndex(c.topologyKey).missingNodes === 0))
    ) {
      // Every node is included (no node lacks a key that requireAll would skip it for), and a node
      // without the key counts under "": sum through the index.
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (c.topologyKey === LABEL_HOSTNAME) continue;
        const idx = snapshot.topologyIndex(c.topologyKey);
        const matching = idx.countsById(c.selector, pod.metadata.namespace);
        const missing = idx.domainId(MISSING);
        for (const v of counts[i].keys()) {
          const id = idx.domainId(v);
          let n = id >= 0 ? matching[id] : 0;
          if (v === '' && missing >= 0) n += matching[missing];
          counts[i].set(v, n);
        }
      }
      const keys = constraints.map((c) => matchKey(c.selector, pod.metadata.namespace));
      const slots = slotScoring(snapshot, constraints, counts, weights);
      state.write(PRESCORE_KEY, { constraints, ignored, counts, weights, keys, slots } satisfies PreScoreState);
      return null;
    }
    for (const ni of allNodes) {
      const labels = ni.node.metadata.labels;
      if (requireAll && !hasAllKeys(labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (c.topologyKey === LABEL_HOSTNAME) continue;
        if (!includesNode(c, pod, ni, req)) continue;
        const v = labels?.[c.topologyKey] ?? '';
        const cur = counts[i].get(v);
        if (cur === undefined) continue;
        counts[i].set(v, cur + countPodsMatchSelector(ni.pods, c.selector, pod.metadata.namespace));
      }
    }
    const slots = snapshot !== undefined ? slotScoring(snapshot, constraints, counts, weights) : undefined;
    state.write(PRESCORE_KEY, { constraints, ignored, counts, weights, slots } satisfies PreScoreState);
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRESCORE_KEY);
    if (s === undefined || s.ignored.has(nodeInfo.name)) return 0;
    return scoreNode(s, pod, nodeInfo);
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[]): void {
    const s = state.read<PreScoreState>(PRESCORE_KEY);
    const ignored = s !== undefined && s.ignored.size > 0 ? s.ignored : null;
    const slots = s?.slots;
    for (let i = 0; i < nodes.length; i++) {
      const ni = nodes[i];
      if (s === undefined || (ignored !== null && ignored.has(ni.name))) scores[i] = 0;
      else {
        const slot = slots !== undefined ? slots.snapshot.slotOf(ni, slots.table) : -1;
        scores[i] = slot >= 0 ? scoreSlot(s, slots!, slot, pod, ni) : scoreNode(s, pod, ni);
      }
    }
  }

  normalizeScore(state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: number[]): Status | null {
    const s = state.read<PreScoreState>(PRESCORE_KEY);
    if (s === undefined) return null;
    const ignored = s.ignored.size > 0 ? s.ignored : null;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < nodes.length; i++) {
      if (ignored !== null && ignored.has(nodes[i].name)) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < nodes.length; i++) {
      if (ignored !== null && ignored.has(nodes[i].name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
    return null;
  }
}

/** The raw Score of one node that PreScore did not ignore. */
function scoreNode(s: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  const labels = nodeInfo.node.metadata.labels;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    if (!labels || !Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) continue;
    const cnt =
      c.topologyKey === LABEL_HOSTNAME
        ? s.keys !== undefined
          ? nodeInfo.countMatching(s.keys[i], c.selector, pod.metadata.namespace)
          : countPodsMatchSelector(nodeInfo.pods, c.selector, pod.metadata.namespace)
        : s.counts[i].get(labels[c.topologyKey]) ?? 0;
    score += cnt * s.weights[i] + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** scoreNode for a node at `slot` of the PreScore snapshot: same terms, same order of additions. */
function scoreSlot(s: PreScoreState, t: SlotScoring, slot: number, pod: Pod, nodeInfo: NodeInfo): number {
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const d = t.nodeDomainIds[i][slot];
    if (d === t.missing[i]) continue;
    const c = s.constraints[i];
    if (c.topologyKey !== LABEL_HOSTNAME) score += t.contrib[i][d];
    else {
      const cnt =
        s.keys !== undefined
          ? nodeInfo.countMatching(s.keys[i], c.selector, pod.metadata.namespace)
          : countPodsMatchSelector(nodeInfo.pods, c.selector, pod.metadata.namespace);
      score += cnt * s.weights[i] + (c.maxSkew - 1);
    }
  }
  return Math.round(score);
}

export function newPodTopologySpread(args?: PodTopologySpreadArgs): PodTopologySpread {
  return new PodTopologySpread(args);
}
