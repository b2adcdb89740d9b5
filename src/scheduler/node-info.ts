import { Node, Taint } from '../api/node';
import { Pod } from '../api/pod';
import { Selector } from '../api/label-selector';

/** Per-node cached selector counts kept (see NodeInfo.countMatching): enough for the StatefulSets and Deployments whose pods are scheduled interleaved, so counts are not evicted between their cycles. */
const MAX_MATCH_COUNTS = 32;
import { emptyResource, podRequests, Resource, resourceFromList, addResource } from './resources';
import type { Snapshot } from './snapshot';
import { addPodToRow, copyRow, newTotalsTable, writeAllocatable } from './node-totals';

/** An image on a node with the number of nodes of the snapshot that hold it (framework.ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

/**
 * The scheduler's view of one node (framework.NodeInfo): the node, the pods assigned to it, and
 * their requested totals kept as plain numbers updated incrementally by addPod/removePod.
 *
 * Invariants: requested == sum of podRequests(p) over pods; nonZeroRequested{MilliCPU,Memory} ==
 * sum of the non-zero requests; podsWithAffinity/podsWithRequiredAntiAffinity are the subsets of
 * pods with any pod (anti-)affinity / with required anti-affinity.
 */
export class NodeInfo {
  /**
   * The flat row of this node's totals (node-totals.ts) at offset `row` of `totals`: a private
   * table until a Snapshot lists the node, then the snapshot's shared table. Declared first so
   * they share the object's first cache line (the Filter loop reads them on cold nodes).
   */
  totals: Float64Array = newTotalsTable(1);
  row = 0;
  /** The snapshot whose table holds the row (null: a private table); told when the row moves away. */
  private totalsOwner: Snapshot | null = null;
  node: Node;
  name: string;
  allocatable: Resource;
  readonly pods: Pod[] = [];
  readonly podsWithAffinity: Pod[] = [];
  readonly podsWithRequiredAntiAffinity: Pod[] = [];
  readonly requested: Resource = emptyResource();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  /** Images on the node by every name they are known under; set by indexImages(). */
  imageStates: Map<string, ImageStateSummary> = new Map();
  /** The snapshot holding this node, told when its affinity lists or image index go stale. */
  snapshot: Snapshot | null = null;
  /** spec.unschedulable, and whether spec.taints is non-empty, as last counted by the snapshot. */
  unschedulable = false;
  tainted = false;
  /** A copy of the labels last seen, to tell a label change from other node updates. */
  private labelsSeen: Record<string, string> | undefined;
  /** node.status.images (and its length) when imageStates was last marked current. */
  private indexedImages: unknown = undefined;
  private indexedImageCount = 0;

  constructor(node: Node, pods: readonly Pod[] = []) {
    this.node = node;
    this.name = node.metadata.name;
    this.allocatable = resourceFromList(node.status.allocatable);
    writeAllocatable(this.totals, this.row, this.allocatable);
    this.indexedImages = node.status.images;
    this.indexedImageCount = node.status.images?.length ?? 0;
    this.unschedulable = node.spec.unschedulable === true;
    this.tainted = (node.spec.taints?.length ?? 0) > 0;
    this.labelsSeen = node.metadata.labels === undefined ? undefined : { ...node.metadata.labels };
    for (const p of pods) this.addPod(p);
  }

  /** Replaces the node object (labels, taints, allocatable may change); pods are kept. */
  setNode(node: Node): void {
    if (this.snapshot !== null && !sameLabels(this.labelsSeen, node.metadata.labels)) this.snapshot.labelsChanged();
    this.labelsSeen = node.metadata.labels === undefined ? undefined : { ...node.metadata.labels };
    this.node = node;
    this.name = node.metadata.name;
    this.allocatable = resourceFromList(node.status.allocatable);
    writeAllocatable(this.totals, this.row, this.allocatable);
    const unschedulable = node.spec.unschedulable === true;
    const tainted = (node.spec.taints?.length ?? 0) > 0;
    if (this.snapshot !== null) this.snapshot.nodeFlagsChanged(this.unschedulable, this.tainted, unschedulable, tainted);
    this.unschedulable = unschedulable;
    this.tainted = tainted;
    const images = node.status.images;
    if (images !== this.indexedImages || (images?.length ?? 0) !== this.indexedImageCount) {
      this.indexedImages = images;
      this.indexedImageCount = images?.length ?? 0;
      if (this.snapshot !== null) this.snapshot.imagesDirty = true;
    }
  }

  /**
   * Moves this node's totals row to `row` of `table`, owned by `owner` (a snapshot's shared table)
   * or private (null). A previous owning snapshot is told, so it re-places its rows before its
   * table is read again (a NodeInfo listed by two snapshots, e.g. scheduleOne over an array).
   */
  moveTotals(table: Float64Array, row: number, owner: Snapshot | null): void {
    copyRow(this.totals, this.row, table, row);
    if (this.totalsOwner !== null && this.totalsOwner !== owner) this.totalsOwner.totalsMovedAway();
    this.totals = table;
    this.row = row;
    this.totalsOwner = owner;
  }

  /** Gives this node a private totals row again (it left its snapshot). */
  detachTotals(): void {
    this.moveTotals(newTotalsTable(1), 0, null);
  }

  get labels(): Record<string, string> | undefined {
    return this.node.metadata.labels;
  }

  get taints(): readonly Taint[] | undefined {
    return this.node.spec.taints;
  }

  /**
   * Bumped whenever the node's pods change (added, removed, or a pod's notification seen by
   * touch()): cached per-selector counts older than this are recomputed.
   */
  version = 0;
  private matchCounts: Map<string, { version: number; count: number }> | undefined;

  /** A pod on the node changed (e.g. it is being deleted): invalidates cached counts. */
  touch(): void {
    this.version++;
  }

  /**
   * Pods of `namespace`, not being deleted, whose labels `selector` matches; `key` names the
   * (namespace, selector) pair. Cached per node until its pods change, so the pods of one workload
   * scheduled one after another do not re-match every pod of every scored node (PodTopologySpread
   * on kubernetes.io/hostname). At most MAX_MATCH_COUNTS keys are kept per node.
   */
  countMatching(key: string, selector: Selector, namespace: string | undefined): number {
    let cache = this.matchCounts;
    if (cache === undefined) this.matchCounts = cache = new Map();
    const hit = cache.get(key);
    if (hit !== undefined && hit.version === this.version) return hit.count;
    let n = 0;
    for (let i = 0; i < this.pods.length; i++) {
      const p = this.pods[i];
      if (p.metadata.deletionTimestamp !== undefined || p.metadata.namespace !== namespace) continue;
      if (selector.matches(p.metadata.labels)) n++;
    }
    if (hit !== undefined) {
      hit.version = this.version;
      hit.count = n;
    } else {
      if (cache.size >= MAX_MATCH_COUNTS) cache.delete(cache.keys().next().value as string);
      cache.set(key, { version: this.version, count: n });
    }
    return n;
  }

  addPod(pod: Pod): void {
    this.version++;
    const r = podRequests(pod);
    addResource(this.requested, r, 1);
    addPodToRow(this.totals, this.row, r, 1);
    this.nonZeroMilliCPU += r.nonZeroMilliCPU;
    this.nonZeroMemory += r.nonZeroMemory;
    this.pods.push(pod);
    if (this.snapshot !== null) this.snapshot.podAdded(this, pod);
    const a = pod.spec.affinity;
    if (a && (a.podAffinity || a.podAntiAffinity)) {
      this.podsWithAffinity.push(pod);
      if (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) this.podsWithRequiredAntiAffinity.push(pod);
      if (this.snapshot !== null) this.snapshot.affinityDirty = true;
    }
  }

  /** Removes the pod (matched by object identity, else by namespace/name); false when absent. */
  removePod(pod: Pod): boolean {
    this.version++;
    const i = indexOfPod(this.pods, pod);
    if (i < 0) return false;
    const stored = this.pods[i];
    swapRemove(this.pods, i);
    if (this.snapshot !== null) this.snapshot.podUncounted(stored);
    const j = indexOfPod(this.podsWithAffinity, stored);
    if (j >= 0) {
      swapRemove(this.podsWithAffinity, j);
      if (this.snapshot !== null) this.snapshot.affinityDirty = true;
    }
    const k = indexOfPod(this.podsWithRequiredAntiAffinity, stored);
    if (k >= 0) swapRemove(this.podsWithRequiredAntiAffinity, k);
    const r = podRequests(stored);
    addResource(this.requested, r, -1);
    addPodToRow(this.totals, this.row, r, -1);
    this.nonZeroMilliCPU -= r.nonZeroMilliCPU;
    this.nonZeroMemory -= r.nonZeroMemory;
    return true;
  }
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

function indexOfPod(pods: Pod[], pod: Pod): number {
  const i = pods.indexOf(pod);
  if (i >= 0) return i;
  const name = pod.metadata.name;
  const ns = pod.metadata.namespace;
  for (let j = 0; j < pods.length; j++) {
    const m = pods[j].metadata;
    if (m.name === name && m.namespace === ns) return j;
  }
  return -1;
}

function swapRemove<T>(a: T[], i: number): void {
  a[i] = a[a.length - 1];
  a.pop();
}

/**
 * Normalizes an image name as kube-scheduler's ImageLocality does: a name without a tag or digest
 * gets ":latest".
 */
export function normalizedImageName(name: string): string {
  const lastSlash = name.lastIndexOf('/');
  const lastColon = name.lastIndexOf(':');
  if (name.includes('@') || lastColon > lastSlash) return name;
  return name + ':latest';
}

/**
 * Sets imageStates on every node, sharing one summary per image name so that numNodes counts the
 * nodes holding it (the snapshot's image state, as cache.Snapshot builds it).
 */
export function indexImages(nodes: readonly NodeInfo[]): Map<string, ImageStateSummary> {
  const summaries = new Map<string, ImageStateSummary>();
  for (const ni of nodes) {
    const states = new Map<string, ImageStateSummary>();
    for (const img of ni.node.status.images ?? []) {
      for (const raw of img.names) {
        const name = normalizedImageName(raw);
        if (states.has(name)) continue;
        let s = summaries.get(name);
        if (s === undefined) {
          s = { size: img.sizeBytes, numNodes: 0 };
          summaries.set(name, s);
        }
        s.numNodes++;
        states.set(name, s);
      }
    }
    ni.imageStates = states;
  }
  return summaries;
}
