import { LabelSelector, LabelSelectorRequirement } from '../../api/meta';
import { Pod, PodAffinityTerm } from '../../api/pod';
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

/**
 * InterPodAffinity, as kube-scheduler's interpodaffinity plugin.
 *
 * Filter: (1) every required affinity term's topology domain on the node holds a pod matching
 * all the terms (or, when no pod in the cluster matches and the pod matches its own terms, any
 * node carrying the topology keys); (2) no required anti-affinity term's domain holds a matching
 * pod; (3) no existing pod's required anti-affinity term matching this pod covers the node.
 * Score: per topology domain, + weight for matching preferred affinity terms (both directions,
 * existing pods' required affinity with hardPodAffinityWeight), - weight for preferred
 * anti-affinity; normalized min..max onto 0..100.
 */
export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

const REJECT_AFFINITY = new Status('UnschedulableAndUnresolvable', [ERR_REASON_AFFINITY]);
const REJECT_ANTI = new Status('Unschedulable', [ERR_REASON_ANTI_AFFINITY]);
const REJECT_EXISTING = new Status('Unschedulable', [ERR_REASON_EXISTING_ANTI_AFFINITY]);
const PREFILTER_KEY = 'PreFilter' + INTER_POD_AFFINITY;
const PRESCORE_KEY = 'PreScore' + INTER_POD_AFFINITY;

export interface InterPodAffinityArgs {
  /** InterPodAffinityArgs.hardPodAffinityWeight (default 1). */
  hardPodAffinityWeight?: number;
  /** Labels of a namespace, for namespaceSelector; without it namespaces have no labels. */
  namespaceLabels?: (namespace: string) => Record<string, string> | undefined;
}

/** A parsed PodAffinityTerm (framework.AffinityTerm). */
export interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  namespaceSelector: Selector | null;
  selector: Selector;
  topologyKey: string;
  weight: number;
}

interface ParsedAffinity {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

function mergeLabelKeys(term: PodAffinityTerm, pod: Pod): LabelSelector | undefined {
  const labels = pod.metadata.labels;
  const match = term.matchLabelKeys ?? [];
  const mismatch = term.mismatchLabelKeys ?? [];
  if (!term.labelSelector || !labels || (match.length === 0 && mismatch.length === 0)) return term.labelSelector;
  const extra: LabelSelectorRequirement[] = [];
  for (const k of match) if (labels[k] !== undefined) extra.push({ key: k, operator: 'In', values: [labels[k]] });
  for (const k of mismatch) if (labels[k] !== undefined) extra.push({ key: k, operator: 'NotIn', values: [labels[k]] });
  return { matchLabels: term.labelSelector.matchLabels, matchExpressions: [...(term.labelSelector.matchExpressions ?? []), ...extra] };
}

/** newAffinityTerm: no namespaces and no namespaceSelector means the pod's own namespace. */
function parseTerm(term: PodAffinityTerm, pod: Pod, weight: number): AffinityTerm {
  const ns = new Set(term.namespaces ?? []);
  if (ns.size === 0 && term.namespaceSelector === undefined) ns.add(pod.metadata.namespace ?? '');
  return {
    namespaces: ns,
    namespaceSelector: term.namespaceSelector === undefined ? null : labelSelectorAsSelector(term.namespaceSelector),
    selector: labelSelectorAsSelector(mergeLabelKeys(term, pod)),
    topologyKey: term.topologyKey,
    weight,
  };
}

const parsedCache = new WeakMap<Pod, ParsedAffinity>();
const NO_AFFINITY: ParsedAffinity = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };

/** The pod's affinity terms, parsed once per pod object. */
export function parsedAffinity(pod: Pod): ParsedAffinity {
  const a = pod.spec.affinity;
  if (!a || (!a.podAffinity && !a.podAntiAffinity)) return NO_AFFINITY;
  let p = parsedCache.get(pod);
  if (p === undefined) {
    p = {
      requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => parseTerm(t, pod, 1)),
      requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => parseTerm(t, pod, 1)),
      preferredAffinity: (a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
        parseTerm(w.podAffinityTerm, pod, w.weight),
      ),
      preferredAntiAffinity: (a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) =>
        parseTerm(w.podAffinityTerm, pod, w.weight),
      ),
    };
    parsedCache.set(pod, p);
  }
  return p;
}

/** AffinityTerm.Matches: the pod's namespace is selected and its labels match. */
export function termMatches(t: AffinityTerm, pod: Pod, nsLabels: Record<string, string> | undefined): boolean {
  const ns = pod.metadata.namespace ?? '';
  if (t.namespaces.has(ns) || (t.namespaceSelector !== null && t.namespaceSelector.matches(nsLabels))) {
    return t.selector.matches(pod.metadata.labels);
  }
  return false;
}

function matchesAll(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Record<string, string> | undefined): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false;
  return true;
}

/** Counts per topology pair, keyed "key\u0000value". */
type PairCounts = Map<string, number>;

function pairKey(key: string, value: string): string {
  return key + '\u0000' + value;
}

function bump(m: PairCounts, labels: Record<string, string> | undefined, key: string, by: number): void {
  if (!labels || !Object.prototype.hasOwnProperty.call(labels, key)) return;
  const k = pairKey(key, labels[key]);
  const v = (m.get(k) ?? 0) + by;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

interface PreFilterState {
  parsed: ParsedAffinity;
  existingAntiAffinity: PairCounts;
  affinity: PairCounts;
  antiAffinity: PairCounts;
  podMatchesOwnAffinity: boolean;
}

function anyPodsWithRequiredAnti(nodes: readonly NodeInfo[]): boolean {
  for (const ni of nodes) if (ni.podsWithRequiredAntiAffinity.length > 0) return true;
  return false;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = INTER_POD_AFFINITY;
  private readonly hardWeight: number;
  private readonly namespaceLabels: (ns: string) => Record<string, string> | undefined;

  constructor(args: InterPodAffinityArgs = {}) {
    this.hardWeight = args.hardPodAffinityWeight ?? 1;
    this.namespaceLabels = args.namespaceLabels ?? (() => undefined);
  }

  /**
   * PreFilter: Skip when the pod has no required (anti-)affinity and no node hosts a pod with
   * required anti-affinity (upstream's PreFilter Skip); existing pods' anti-affinity is counted
   * over havePodsWithRequiredAntiAffinity only, the pod's own terms over every node.
   */
  preFilter(
    state: CycleState,
    pod: Pod,
    allNodes: readonly NodeInfo[],
    snapshot?: Snapshot,
  ): { result: PreFilterResult | null; status: Status | null } {
    const parsed = parsedAffinity(pod);
    const hasOwn = parsed.requiredAffinity.length > 0 || parsed.requiredAntiAffinity.length > 0;
    const withAnti = snapshot !== undefined ? snapshot.havePodsWithRequiredAntiAffinity() : allNodes;
    if (!hasOwn && (withAnti.length === 0 || (snapshot === undefined && !anyPodsWithRequiredAnti(allNodes)))) {
      return PREFILTER_SKIP;
    }
    const nsLabels = this.namespaceLabels(pod.metadata.namespace ?? '');
    const existingAntiAffinity: PairCounts = new Map();
    const affinity: PairCounts = new Map();
    const antiAffinity: PairCounts = new Map();
    for (const ni of withAnti) {
      const labels = ni.node.metadata.labels;
      for (const existing of ni.podsWithRequiredAntiAffinity) {
        for (const t of parsedAffinity(existing).requiredAntiAffinity) {
          if (termMatches(t, pod, nsLabels)) bump(existingAntiAffinity, labels, t.topologyKey, 1);
        }
      }
    }
    if (hasOwn) {
      for (const ni of allNodes) {
        const labels = ni.node.metadata.labels;
        for (const existing of ni.pods) {
          const exNs = this.namespaceLabels(existing.metadata.namespace ?? '');
          if (matchesAll(parsed.requiredAffinity, existing, exNs)) {
            for (const t of parsed.requiredAffinity) bump(affinity, labels, t.topologyKey, 1);
          }
          for (const t of parsed.requiredAntiAffinity) if (termMatches(t, existing, exNs)) bump(antiAffinity, labels, t.topologyKey, 1);
        }
      }
    }
    state.write(PREFILTER_KEY, {
      parsed,
      existingAntiAffinity,
      affinity,
      antiAffinity,
      podMatchesOwnAffinity: matchesAll(parsed.requiredAffinity, pod, nsLabels),
    } satisfies PreFilterState);
    return PREFILTER_PROCEED;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PREFILTER_KEY);
    if (s === undefined) return null;
    const labels = nodeInfo.node.metadata.labels;
    if (s.parsed.requiredAffinity.length > 0) {
      let podsExist = true;
      for (const t of s.parsed.requiredAffinity) {
        if (!labels || !Object.prototype.hasOwnProperty.call(labels, t.topologyKey)) return REJECT_AFFINITY;
        if ((s.affinity.get(pairKey(t.topologyKey, labels[t.topologyKey])) ?? 0) <= 0) podsExist = false;
      }
      if (!podsExist && !(s.affinity.size === 0 && s.podMatchesOwnAffinity)) return REJECT_AFFINITY;
    }
    if (s.antiAffinity.size > 0 && labels) {
      for (const t of s.parsed.requiredAntiAffinity) {
        if (!Object.prototype.hasOwnProperty.call(labels, t.topologyKey)) continue;
        if ((s.antiAffinity.get(pairKey(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0) return REJECT_ANTI;
      }
    }
    if (s.existingAntiAffinity.size > 0 && labels) {
      for (const k of Object.keys(labels)) if ((s.existingAntiAffinity.get(pairKey(k, labels[k])) ?? 0) > 0) return REJECT_EXISTING;
    }
    return null;
  }

  /**
   * PreScore: unless the pod has preferred terms, only nodes hosting pods with affinity
   * (havePodsWithAffinity) and only those pods are processed; Skip when no topology pair got a
   * score (upstream's PreScore Skip on an empty topologyScore).
   */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], snapshot?: Snapshot): Status | null {
    if (nodes.length === 0) return SKIP;
    const parsed = parsedAffinity(pod);
    const hasPreferred = parsed.preferredAffinity.length > 0 || parsed.preferredAntiAffinity.length > 0;
    const candidates = hasPreferred || snapshot === undefined ? allNodes : snapshot.havePodsWithAffinity();
    if (candidates.length === 0) return SKIP;
    const nsLabels = this.namespaceLabels(pod.metadata.namespace ?? '');
    const scores: PairCounts = new Map();
    for (const ni of candidates) {
      const pods = hasPreferred ? ni.pods : ni.podsWithAffinity;
      if (pods.length === 0) continue;
      const labels = ni.node.metadata.labels;
      if (!labels) continue;
      for (const existing of pods) {
        const exNs = this.namespaceLabels(existing.metadata.namespace ?? '');
        for (const t of parsed.preferredAffinity) if (termMatches(t, existing, exNs)) bump(scores, labels, t.topologyKey, t.weight);
        for (const t of parsed.preferredAntiAffinity) if (termMatches(t, existing, exNs)) bump(scores, labels, t.topologyKey, -t.weight);
        const ex = parsedAffinity(existing);
        if (ex === NO_AFFINITY) continue;
        if (this.hardWeight > 0) {
          for (const t of ex.requiredAffinity) if (termMatches(t, pod, nsLabels)) bump(scores, labels, t.topologyKey, this.hardWeight);
        }
        for (const t of ex.preferredAffinity) if (termMatches(t, pod, nsLabels)) bump(scores, labels, t.topologyKey, t.weight);
        for (const t of ex.preferredAntiAffinity) if (termMatches(t, pod, nsLabels)) bump(scores, labels, t.topologyKey, -t.weight);
      }
    }
    if (scores.size === 0) return SKIP;
    state.write(PRESCORE_KEY, scores);
    return null;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const scores = state.read<PairCounts>(PRESCORE_KEY);
    if (scores === undefined || scores.size === 0) return 0;
    const labels = nodeInfo.node.metadata.labels;
    if (!labels) return 0;
    let s = 0;
    for (const k of Object.keys(labels)) s += scores.get(pairKey(k, labels[k])) ?? 0;
    return s;
  }

  normalizeScore(_state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: number[]): Status | null {
    const n = nodes.length;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      if (s < min) min = s;
      if (s > max) max = s;
    }
    const diff = max - min;
    for (let i = 0; i < n; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
    return null;
  }
}

export function newInterPodAffinity(args?: InterPodAffinityArgs): InterPodAffinity {
  return new InterPodAffinity(args);
}
