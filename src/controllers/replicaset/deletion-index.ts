import { KubeObject, controllerOf } from '../../api/meta';
import { Pod, isPodActive, isPodReady, readySince } from '../../api/pod';
import { StoreIndexer } from '../../store/store';
import { deletionCost, phaseRank, restarts } from './pod-ranking';

/** What the index holds for one pod owned by a ReplicaSet (active or not). */
interface PodEntry {
  pod: Pod;
  owner: OwnerPods;
  ownerUid: string;
  /** Position in the owner's membership order: the iteration order of store.ownedBy(ownerUid). */
  seq: number;
  /** Slot in the owner's arrays while the pod is active (controller.IsPodActive), else -1. */
  slot: number;
}

/**
 * The active pods of one ReplicaSet as a struct of arrays: slot i holds one pod's deletion-key
 * fields as of its last write, in the order of pod-ranking.ts compareKeys. Slots 0..size-1 are
 * used, in no particular order (removal moves the last slot into the hole).
 */
class OwnerPods {
  size = 0;
  /** Pods currently owned, active or not; the record is dropped when it reaches 0. */
  members = 0;
  nextSeq = 0;
  entry: PodEntry[] = [];
  /** assigned·6 + phase rank·2 + ready: compares as rules 1–3 in order (phase rank ∈ 0..2). */
  tier = new Int8Array(16);
  cost = new Float64Array(16);
  negReadySince = new Float64Array(16);
  negRestarts = new Float64Array(16);
  negCreated = new Float64Array(16);
  seq = new Float64Array(16);
  /** Interned node of the slot's pod, -1 when unassigned. */
  node = new Int32Array(16);
  /** Node id → active pods of this owner bound there. */
  onNode = new Int32Array(64);
}

/**
 * Scale-down victim selection over an always-current index of each ReplicaSet's active pods
 * (a StoreIndexer on Pods, so reading it equals reading the store at the time of the sync).
 *
 * Invariant: for every owner uid, the used slots hold exactly its active pods in the store, each
 * with the fields of pod-ranking.ts computed from the pod at its last write, and onNode counts
 * exactly its active pods bound to each node. A pod's seq grows with each time it joins an owner,
 * so ascending seq is the iteration order of store.ownedBy(uid) (a Set: a pod that leaves and
 * rejoins goes last).
 *
 * podsToDelete gives the same pods, in the same order, as pod-ranking.ts podsToDelete over the
 * owner's active pods in store.ownedBy order, ranked by the active pods of the related owners on
 * the pod's node (upstream's getPodsToDelete with getPodsRankedByRelatedPodsOnSameNode).
 */
export class DeletionIndex implements StoreIndexer {
  private readonly owners = new Map<string, OwnerPods>();
  private readonly entries = new Map<string, PodEntry>();
  private readonly nodeIds = new Map<string, number>();
  private rank = new Float64Array(64);
  private heap = new Int32Array(64);
  private readonly related: Int32Array[] = [];

  /** Indexes pods whose controller owner reference has this kind. */
  constructor(readonly ownerKind: string) {}

  indexed(obj: KubeObject): void {
    const pod = obj as Pod;
    const uid = pod.metadata.uid!;
    const ref = controllerOf(pod.metadata);
    const ownerUid = ref !== undefined && ref.kind === this.ownerKind ? ref.uid : undefined;
    let e = this.entries.get(uid);
    if (e !== undefined && e.ownerUid !== ownerUid) {
      this.leave(e);
      e = undefined;
    }
    if (ownerUid === undefined) return;
    if (e === undefined) {
      let owner = this.owners.get(ownerUid);
      if (owner === undefined) this.owners.set(ownerUid, (owner = new OwnerPods()));
      e = { pod, owner, ownerUid, seq: owner.nextSeq++, slot: -1 };
      owner.members++;
      this.entries.set(uid, e);
    }
    if (isPodActive(pod)) this.write(e, pod);
    else if (e.slot >= 0) this.free(e.owner, e.slot);
  }

  unindexed(obj: KubeObject): void {
    const e = this.entries.get(obj.metadata.uid!);
    if (e !== undefined) this.leave(e);
  }

  /** Active pods of the owner: the candidates for deletion. */
  activeCount(ownerUid: string): number {
    return this.owners.get(ownerUid)?.size ?? 0;
  }

  /**
   * The first n pods of the deletion order of the owner's active pods, in that order; every
   * active pod in store.ownedBy order when n ≥ their number. `relatedUids` are the owners whose
   * active pods on a pod's node make its rank (the owner itself among them).
   */
  podsToDelete(ownerUid: string, relatedUids: readonly string[], n: number): Pod[] {
    const o = this.owners.get(ownerUid);
    const m = o?.size ?? 0;
    if (n <= 0 || o === undefined || m === 0) return [];
    if (n >= m) return this.allBySeq(o);
    this.fillRanks(o, relatedUids);
    if (this.heap.length < n) this.heap = new Int32Array(Math.max(n, this.heap.length * 2));
    const heap = this.heap;
    // A max-heap of the n earliest slots seen, as pod-ranking.ts podsToDelete; slots are visited
    // from the last (mostly newest pods, likely victims) so most others lose at the root.
    let len = 0;
    for (let s = m - 1; s >= 0; s--) {
      if (len < n) {
        let i = len++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (this.compare(o, heap[parent], s) >= 0) break;
          heap[i] = heap[parent];
          i = parent;
        }
        heap[i] = s;
      } else if (this.compare(o, s, heap[0]) < 0) {
        this.siftDown(o, len, s);
      }
    }
    const chosen = Array.from(heap.subarray(0, len));
    chosen.sort((a, b) => this.compare(o, a, b));
    const out: Pod[] = new Array(len);
    for (let i = 0; i < len; i++) out[i] = o.entry[chosen[i]].pod;
    return out;
  }

  /** Places slot x at the root of heap[0..len) and restores the max-heap order. */
  private siftDown(o: OwnerPods, len: number, x: number): void {
    const heap = this.heap;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= len) break;
      if (c + 1 < len && this.compare(o, heap[c + 1], heap[c]) > 0) c++;
      if (this.compare(o, heap[c], x) <= 0) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  }

  /** pod-ranking.ts compareKeys between two slots; rank from fillRanks, input order by seq. */
  private compare(o: OwnerPods, a: number, b: number): number {
    return (
      o.tier[a] - o.tier[b] ||
      o.cost[a] - o.cost[b] ||
      this.rank[b] - this.rank[a] ||
      o.negReadySince[a] - o.negReadySince[b] ||
      o.negRestarts[a] - o.negRestarts[b] ||
      o.negCreated[a] - o.negCreated[b] ||
      o.seq[a] - o.seq[b]
    );
  }

  /** rank[s] = active pods of the related owners on slot s's node (0 when unassigned). */
  private fillRanks(o: OwnerPods, relatedUids: readonly string[]): void {
    const related = this.related;
    related.length = 0;
    for (let i = 0; i < relatedUids.length; i++) {
      const r = this.owners.get(relatedUids[i]);
      if (r !== undefined && r.size > 0) related.push(r.onNode);
    }
    const m = o.size;
    if (this.rank.length < m) this.rank = new Float64Array(Math.max(m, this.rank.length * 2));
    const rank = this.rank;
    for (let s = 0; s < m; s++) {
      const node = o.node[s];
      let r = 0;
      if (node >= 0) for (let i = 0; i < related.length; i++) if (node < related[i].length) r += related[i][node];
      rank[s] = r;
    }
  }

  private allBySeq(o: OwnerPods): Pod[] {
    const slots: number[] = new Array(o.size);
    for (let s = 0; s < o.size; s++) slots[s] = s;
    slots.sort((a, b) => o.seq[a] - o.seq[b]);
    const out: Pod[] = new Array(o.size);
    for (let i = 0; i < slots.length; i++) out[i] = o.entry[slots[i]].pod;
    return out;
  }

  /** Stores the active pod's key fields in its slot (allocating one) and moves its node count. */
  private write(e: PodEntry, pod: Pod): void {
    const o = e.owner;
    let s = e.slot;
    if (s < 0) {
      s = e.slot = o.size++;
      if (s === o.tier.length) grow(o);
      o.entry[s] = e;
      o.seq[s] = e.seq;
      o.node[s] = -1;
    }
    const since = readySince(pod);
    const ready = since !== undefined || isPodReady(pod) ? 1 : 0;
    const nodeName = pod.spec.nodeName;
    o.tier[s] = (nodeName ? 6 : 0) + phaseRank(pod) * 2 + ready;
    o.cost[s] = deletionCost(pod);
    o.negReadySince[s] = ready === 1 ? -(since ?? 0) : 0;
    o.negRestarts[s] = -restarts(pod);
    o.negCreated[s] = -(pod.metadata.creationTimestamp ?? 0);
    const node = nodeName ? this.nodeId(nodeName) : -1;
    if (node !== o.node[s]) {
      if (o.node[s] >= 0) o.onNode[o.node[s]]--;
      if (node >= 0) {
        if (node >= o.onNode.length) o.onNode = resized(o.onNode, Math.max(node + 1, o.onNode.length * 2));
        o.onNode[node]++;
      }
      o.node[s] = node;
    }
  }

  /** Frees slot s (its pod is no longer active), moving the last slot into it. */
  private free(o: OwnerPods, s: number): void {
    if (o.node[s] >= 0) o.onNode[o.node[s]]--;
    o.entry[s].slot = -1;
    const last = --o.size;
    if (s !== last) {
      const moved = o.entry[last];
      o.entry[s] = moved;
      moved.slot = s;
      o.tier[s] = o.tier[last];
      o.cost[s] = o.cost[last];
      o.negReadySince[s] = o.negReadySince[last];
      o.negRestarts[s] = o.negRestarts[last];
      o.negCreated[s] = o.negCreated[last];
      o.seq[s] = o.seq[last];
      o.node[s] = o.node[last];
    }
    o.entry.length = last;
  }

  /** The pod is no longer owned (removed, or its controller reference changed). */
  private leave(e: PodEntry): void {
    const o = e.owner;
    if (e.slot >= 0) this.free(o, e.slot);
    this.entries.delete(e.pod.metadata.uid!);
    if (--o.members === 0) this.owners.delete(e.ownerUid);
  }

  private nodeId(name: string): number {
    let id = this.nodeIds.get(name);
    if (id === undefined) this.nodeIds.set(name, (id = this.nodeIds.size));
    return id;
  }
}

function grow(o: OwnerPods): void {
  const cap = o.tier.length * 2;
  o.tier = resized(o.tier, cap);
  o.cost = resized(o.cost, cap);
  o.negReadySince = resized(o.negReadySince, cap);
  o.negRestarts = resized(o.negRestarts, cap);
  o.negCreated = resized(o.negCreated, cap);
  o.seq = resized(o.seq, cap);
  o.node = resized(o.node, cap);
}

function resized<T extends Int8Array | Int32Array | Float64Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
