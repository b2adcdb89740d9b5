import { Pod } from '../api/pod';
import { ImageStateSummary, indexImages, NodeInfo } from './node-info';
import { newTotalsTable, TOTALS_STRIDE } from './node-totals';
import { MISSING, podSignature, TopologyIndex } from './topology-index';

/**
 * The scheduler's cluster snapshot (cache.Snapshot): every NodeInfo in a stable order, by name, and
 * the sub-lists of nodes hosting pods with pod (anti-)affinity (havePodsWithAffinityNodeInfoList,
 * havePodsWithRequiredAntiAffinityNodeInfoList) so InterPodAffinity walks only those.
 *
 * Invariants: `list` holds exactly the values of `byName`, in insertion order; the affinity lists
 * are rebuilt lazily (in `list` order) after any NodeInfo of this snapshot gained or lost a pod with
 * affinity (NodeInfo.addPod/removePod set `affinityDirty`) or a node was added or removed.
 * After list(), the i-th listed node's totals row is row i of one shared table (node-totals.ts).
 */
export class Snapshot {
  readonly byName = new Map<string, NodeInfo>();
  private nodes: NodeInfo[] = [];
  private listDirty = false;
  /** The shared totals table of the listed nodes (row i * TOTALS_STRIDE for the i-th). */
  private table: Float64Array = newTotalsTable(0);
  /** Set when a listed node's row moved to another table: list() places the rows again. */
  private totalsDirty = false;
  private withAffinity: NodeInfo[] = [];
  private withRequiredAnti: NodeInfo[] = [];
  /** Set by NodeInfo when a pod with pod (anti-)affinity is added or removed. */
  affinityDirty = false;
  /** Set when node images may have changed; indexImages() runs before the next cycle. */
  imagesDirty = false;
  private images = new Map<string, ImageStateSummary>();
  /** Nodes with spec.unschedulable, and nodes with at least one taint (plugins' PreFilter Skip). */
  unschedulableNodes = 0;
  taintedNodes = 0;
  /** Spread-count indexes by topology key, built on first use; dropped when node labels change. */
  private topology = new Map<string, TopologyIndex>();
  /** Pods counted in the topology indexes, with their signature and node. */
  private counted = new Map<Pod, { sig: string; ni: NodeInfo }>();

  /**
   * A snapshot over a fixed list of nodes (tests and one-off calls); node flags are re-read from
   * the node objects, which callers may have changed in place.
   */
  static of(nodes: readonly NodeInfo[]): Snapshot {
    const s = new Snapshot();
    for (const ni of nodes) {
      ni.unschedulable = ni.node.spec.unschedulable === true;
      ni.tainted = (ni.node.spec.taints?.length ?? 0) > 0;
      s.addNode(ni);
    }
    return s;
  }

  addNode(ni: NodeInfo): void {
    const old = this.byName.get(ni.name);
    if (old !== undefined) this.removeNode(ni.name);
    this.byName.set(ni.name, ni);
    ni.snapshot = this;
    this.nodeFlagsChanged(false, false, ni.unschedulable, ni.tainted);
    this.labelsChanged();
    this.listDirty = true;
    this.affinityDirty = true;
    this.imagesDirty = true;
  }

  removeNode(name: string): NodeInfo | undefined {
    const ni = this.byName.get(name);
    if (ni === undefined) return undefined;
    this.byName.delete(name);
    this.nodeFlagsChanged(ni.unschedulable, ni.tainted, false, false);
    ni.snapshot = null;
    ni.detachTotals();
    this.labelsChanged();
    this.listDirty = true;
    this.affinityDirty = true;
    this.imagesDirty = true;
    return ni;
  }

  /** Keeps the flag counters current when a node's unschedulable/tainted flags change. */
  nodeFlagsChanged(wasUnschedulable: boolean, wasTainted: boolean, unschedulable: boolean, tainted: boolean): void {
    if (wasUnschedulable !== unschedulable) this.unschedulableNodes += unschedulable ? 1 : -1;
    if (wasTainted !== tainted) this.taintedNodes += tainted ? 1 : -1;
  }

  /** Node labels (or the node set) changed: topology indexes are rebuilt on next use. */
  labelsChanged(): void {
    if (this.topology.size === 0) return;
    this.topology.clear();
    this.counted.clear();
  }

  /**
   * The spread-count index for a topology key (see topology-index.ts), counting every pod of the
   * snapshot that was not being deleted when it was added or the index was built.
   */
  topologyIndex(key: string): TopologyIndex {
    let idx = this.topology.get(key);
    if (idx !== undefined) return idx;
    idx = new TopologyIndex(key);
    const first = this.topology.size === 0;
    this.topology.set(key, idx);
    const nodes = this.list();
    const slotDomains = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const ni = nodes[i];
      const domain = idx.domainOf(ni.node.metadata.labels);
      idx.ensureDomain(domain);
      slotDomains[i] = idx.domainId(domain);
      if (domain === MISSING) idx.missingNodes++;
      for (const p of ni.pods) {
        if (first) {
          if (p.metadata.deletionTimestamp !== undefined) continue;
          this.counted.set(p, { sig: podSignature(p), ni });
        }
        const c = this.counted.get(p);
        if (c !== undefined) idx.bump(domain, c.sig, p, 1);
      }
    }
    idx.nodeDomainIds = slotDomains;
    return idx;
  }

  /** NodeInfo.addPod hook. */
  podAdded(ni: NodeInfo, pod: Pod): void {
    if (this.topology.size === 0 || pod.metadata.deletionTimestamp !== undefined) return;
    const sig = podSignature(pod);
    this.counted.set(pod, { sig, ni });
    const labels = ni.node.metadata.labels;
    for (const idx of this.topology.values()) idx.bump(idx.domainOf(labels), sig, pod, 1);
  }

  /** NodeInfo.removePod hook, and a pod that started terminating (no longer counted). */
  podUncounted(pod: Pod): void {
    const c = this.counted.get(pod);
    if (c === undefined) return;
    this.counted.delete(pod);
    const labels = c.ni.node.metadata.labels;
    for (const idx of this.topology.values()) idx.bump(idx.domainOf(labels), c.sig, pod, -1);
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.byName.size;
  }

  /** Every node, in insertion order (NodeInfos().List()). */
  list(): NodeInfo[] {
    if (this.listDirty) {
      this.nodes = [...this.byName.values()];
      this.listDirty = false;
      this.totalsDirty = true;
    }
    if (this.totalsDirty) {
      this.totalsDirty = false;
      this.table = this.placeTotals();
    }
    if (this.imagesDirty) {
      this.images = indexImages(this.nodes);
      this.imagesDirty = false;
    }
    return this.nodes;
  }

  /** NodeInfo.moveTotals hook: one of this snapshot's rows now lives in another table. */
  totalsMovedAway(): void {
    this.totalsDirty = true;
  }

  /** Moves the listed nodes' rows into one new table, the i-th node at row i (list order). */
  private placeTotals(): Float64Array {
    const table = newTotalsTable(this.nodes.length);
    for (let i = 0; i < this.nodes.length; i++) this.nodes[i].moveTotals(table, i * TOTALS_STRIDE, this);
    return table;
  }

  /**
   * The list position (slot) of a node of this snapshot, as indexes by slot use it
   * (TopologyIndex.nodeDomainIds); -1 while the node's row is not in `table` (a node of another
   * snapshot, or rows not yet placed again after one moved away).
   */
  slotOf(ni: NodeInfo, table: Float64Array): number {
    return ni.totals === table ? ni.row / TOTALS_STRIDE : -1;
  }

  /** The totals table of list(): the i-th listed node's row starts at i * TOTALS_STRIDE. */
  totalsTable(): Float64Array {
    this.list();
    return this.table;
  }

  /** Images present on some node, by normalized name (the snapshot's imageStates). */
  imageStates(): ReadonlyMap<string, ImageStateSummary> {
    this.list();
    return this.images;
  }

  /** Assumes the pod onto the node (the scheduler cache's AssumePod); false when the node is unknown. */
  assume(pod: Pod, nodeName: string): boolean {
    const ni = this.byName.get(nodeName);
    if (ni === undefined) return false;
    ni.addPod(pod);
    return true;
  }

  /** Nodes with at least one pod with pod affinity or anti-affinity (HavePodsWithAffinityList). */
  havePodsWithAffinity(): readonly NodeInfo[] {
    this.refreshAffinity();
    return this.withAffinity;
  }

  /** Nodes with at least one pod with required anti-affinity (HavePodsWithRequiredAntiAffinityList). */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    this.refreshAffinity();
    return this.withRequiredAnti;
  }

  private refreshAffinity(): void {
    if (!this.affinityDirty) return;
    const nodes = this.list();
    const a: NodeInfo[] = [];
    const r: NodeInfo[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const ni = nodes[i];
      if (ni.podsWithAffinity.length > 0) a.push(ni);
      if (ni.podsWithRequiredAntiAffinity.length > 0) r.push(ni);
    }
    this.withAffinity = a;
    this.withRequiredAnti = r;
    this.affinityDirty = false;
  }
}
