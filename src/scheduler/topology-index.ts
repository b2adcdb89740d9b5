import { Pod } from '../api/pod';
import { Selector } from '../api/label-selector';

/**
 * Pods of the snapshot grouped by topology domain and by (namespace, label set), so a spread
 * count over a whole topology key costs one selector match per distinct label set in the domain
 * rather than one per pod (PodTopologySpread walks every node per cycle upstream).
 *
 * Invariant: for every domain value of `key` (MISSING for nodes without the key), the groups'
 * counts sum to the pods on those nodes that are counted (not being deleted when added).
 */
export const MISSING = '\u0000missing';

export interface PodGroup {
  namespace: string | undefined;
  labels: Record<string, string> | undefined;
  count: number;
}

/** One domain's groups by signature. */
export type DomainGroups = Map<string, PodGroup>;

/** Counts of one (namespace, selector) per domain, kept up to date by bump(). */
interface CachedCounts {
  namespace: string | undefined;
  selector: Selector;
  byDomain: Map<string, number>;
}

/** How many (namespace, selector) count tables are kept; least recently used ones are dropped. */
const MAX_CACHED_SELECTORS = 64;

export class TopologyIndex {
  /** Domain value → groups; every node's domain is present, even with no pods. */
  readonly domains = new Map<string, DomainGroups>();
  /**
   * Per-domain counts of recently asked (namespace, selector) pairs, keyed by namespace and the
   * selector's string form (selectors are rebuilt every cycle). Invariant: each table equals a
   * fresh count over the groups; bump() keeps it so at one selector match per table.
   */
  private readonly cached = new Map<string, CachedCounts>();
  /** Nodes without the key (set when the index is built; any node change rebuilds it). */
  missingNodes = 0;
  constructor(readonly key: string) {}

  domainOf(labels: Record<string, string> | undefined): string {
    return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, this.key) ? labels[this.key] : MISSING;
  }

  ensureDomain(domain: string): DomainGroups {
    let d = this.domains.get(domain);
    if (d === undefined) this.domains.set(domain, (d = new Map()));
    return d;
  }

  bump(domain: string, sig: string, pod: Pod, by: number): void {
    if (this.cached.size > 0) {
      const ns = pod.metadata.namespace;
      const labels = pod.metadata.labels;
      for (const c of this.cached.values()) {
        if (c.namespace === ns && c.selector.matches(labels)) c.byDomain.set(domain, (c.byDomain.get(domain) ?? 0) + by);
      }
    }
    const d = this.ensureDomain(domain);
    const g = d.get(sig);
    if (g === undefined) {
      if (by > 0) d.set(sig, { namespace: pod.metadata.namespace, labels: pod.metadata.labels, count: by });
      return;
    }
    g.count += by;
    if (g.count <= 0) d.delete(sig);
  }

  /** Pods of the domain in `namespace` whose labels the selector matches. */
  count(domain: string, selector: Selector, namespace: string | undefined): number {
    // isEmpty() tells Everything (empty, matches all) from Nothing (not empty, both print as "").
    const key = `${namespace ?? ''}\u0000${selector.isEmpty() ? '*' : ''}${selector.toString()}`;
    let c = this.cached.get(key);
    if (c !== undefined) {
      this.cached.delete(key);
      this.cached.set(key, c);
    } else {
      c = { namespace, selector, byDomain: new Map() };
      for (const [dom, groups] of this.domains) {
        let n = 0;
        for (const g of groups.values()) if (g.namespace === namespace && selector.matches(g.labels)) n += g.count;
        if (n !== 0) c.byDomain.set(dom, n);
      }
      this.cached.set(key, c);
      if (this.cached.size > MAX_CACHED_SELECTORS) this.cached.delete(this.cached.keys().next().value as string);
    }
    return c.byDomain.get(domain) ?? 0;
  }
}

/** The pod's group signature: namespace and its labels in key order. */
export function podSignature(pod: Pod): string {
  let s = pod.metadata.namespace ?? '';
  const labels = pod.metadata.labels;
  if (labels !== undefined) {
    const keys = Object.keys(labels).sort();
    for (const k of keys) s += '\u0000' + k + '=' + labels[k];
  }
  return s;
}
