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

/** Counts of one (namespace, selector) per domain id, kept up to date by bump(). */
interface CachedCounts {
  namespace: string | undefined;
  selector: Selector;
  /** Invariant: one entry per domain id. */
  byId: number[];
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
  /**
   * The same tables grouped by namespace, so bump() tests only the selectors of the pod's own
   * namespace. Invariant: holds exactly the values of `cached`.
   */
  private readonly cachedByNamespace = new Map<string | undefined, CachedCounts[]>();
  /** Domain value → small integer id, assigned in order of first appearance; ids are never reused. */
  private readonly ids = new Map<string, number>();
  /** The groups of each domain by id (the values of `domains`). */
  private readonly groupsById: DomainGroups[] = [];
  /**
   * The domain id of each node of the owning snapshot by its list position (its slot); set by the
   * snapshot when it builds the index. Valid for the index's life: a change of the node list or of
   * node labels drops the index.
   */
  nodeDomainIds: Int32Array = new Int32Array(0);
  /** Nodes without the key (set when the index is built; any node change rebuilds it). */
  missingNodes = 0;
  constructor(readonly key: string) {}

  domainOf(labels: Record<string, string> | undefined): string {
    return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, this.key) ? labels[this.key] : MISSING;
  }

  ensureDomain(domain: string): DomainGroups {
    return this.groupsById[this.ensureDomainId(domain)];
  }

  private ensureDomainId(domain: string): number {
    const id = this.ids.get(domain);
    if (id !== undefined) return id;
    const d: DomainGroups = new Map();
    this.domains.set(domain, d);
    this.ids.set(domain, this.groupsById.length);
    this.groupsById.push(d);
    for (const c of this.cached.values()) c.byId.push(0);
    return this.groupsById.length - 1;
  }

  /** The id of a domain, or -1 when no node has it. */
  domainId(domain: string): number {
    return this.ids.get(domain) ?? -1;
  }

  /** Every domain with its id (ids run 0 … domains.size - 1). */
  domainIds(): ReadonlyMap<string, number> {
    return this.ids;
  }

  bump(domain: string, sig: string, pod: Pod, by: number): void {
    const id = this.ensureDomainId(domain);
    const tables = this.cachedByNamespace.get(pod.metadata.namespace);
    if (tables !== undefined) {
      const labels = pod.metadata.labels;
      for (let i = 0; i < tables.length; i++) {
        const c = tables[i];
        if (c.selector.matches(labels)) c.byId[id] += by;
      }
    }
    const d = this.groupsById[id];
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
    const id = this.ids.get(domain);
    return id === undefined ? 0 : this.countsById(selector, namespace)[id];
  }

  /**
   * Per domain id (domainId), the pods in `namespace` whose labels the selector matches. The
   * array is the live cached table: read it before the next bump() or ensureDomain().
   */
  countsById(selector: Selector, namespace: string | undefined): readonly number[] {
    // isEmpty() tells Everything (empty, matches all) from Nothing (not empty, both print as "").
    const key = `${namespace ?? ''}\u0000${selector.isEmpty() ? '*' : ''}${selector.toString()}`;
    let c = this.cached.get(key);
    if (c !== undefined) {
      this.cached.delete(key);
      this.cached.set(key, c);
    } else {
      c = { namespace, selector, byId: [] };
      for (let id = 0; id < this.groupsById.length; id++) {
        let n = 0;
        for (const g of this.groupsById[id].values()) if (g.namespace === namespace && selector.matches(g.labels)) n += g.count;
        c.byId.push(n);
      }
      this.cached.set(key, c);
      let tables = this.cachedByNamespace.get(namespace);
      if (tables === undefined) this.cachedByNamespace.set(namespace, (tables = []));
      tables.push(c);
      if (this.cached.size > MAX_CACHED_SELECTORS) this.evictOldest();
    }
    return c.byId;
  }

  private evictOldest(): void {
    const key = this.cached.keys().next().value as string;
    const c = this.cached.get(key)!;
    this.cached.delete(key);
    const tables = this.cachedByNamespace.get(c.namespace)!;
    tables.splice(tables.indexOf(c), 1);
    if (tables.length === 0) this.cachedByNamespace.delete(c.namespace);
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
