import { Time } from '../../engine/time';
import { Pod, isPodReady, readySince } from '../../api/pod';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Orders pods for scale-down as upstream's controller.ActivePodsWithRanks.Less (pod deletion
 * order): the pod that sorts first is deleted first.
 *  1. unassigned before assigned (no spec.nodeName)
 *  2. Pending before Unknown before Running
 *  3. not ready before ready
 *  4. lower controller.kubernetes.io/pod-deletion-cost before higher
 *  5. more pods of the same owner on its node before fewer (`rank`: doubled-up pods go first)
 *  6. ready for a shorter time before longer
 *  7. more container restarts before fewer
 *  8. newer creation before older
 * Ties keep input order (Array.prototype.sort is stable).
 */
export function podDeletionOrder(pods: readonly Pod[], rankOf: (p: Pod) => number): Pod[] {
  // The keys of compareForDeletion, computed once per pod instead of once per comparison.
  const keys: DeletionKey[] = pods.map((pod, i) => deletionKey(pod, rankOf(pod), i));
  keys.sort(compareKeys);
  return keys.map((k) => k.pod);
}

/** The sort key of one pod: each field ascending means "deleted earlier". */
interface DeletionKey {
  pod: Pod;
  assigned: number;
  phase: number;
  ready: number;
  cost: number;
  negRank: number;
  negReadySince: number;
  negRestarts: number;
  negCreated: number;
  index: number;
}

/**
 * The first `n` pods of podDeletionOrder(pods, rankOf), in that order, without sorting every pod:
 * upstream's getPodsToDelete sorts all filtered pods and takes diff of them; selecting the diff
 * smallest under the same order (ties by input order) gives the same pods in the same order.
 * O(pods · log n) with one key per pod; n ≥ pods.length returns every pod in input order, as
 * upstream skips the sort when it deletes them all.
 */
export function podsToDelete(pods: readonly Pod[], rankOf: (p: Pod) => number, n: number): Pod[] {
  if (n <= 0) return [];
  if (n >= pods.length) return pods.slice();
  // A max-heap (by deletion order) of the n earliest keys seen so far: the root is the latest.
  // A pod that sorts after the root is rejected through a scratch key, without allocating.
  // Pods are visited newest-listed first: owner indexes list pods in creation order, and newer
  // pods tend to be deleted first, so the heap fills with likely victims and most others are
  // rejected by one comparison. The result does not depend on the visiting order.
  const heap: DeletionKey[] = [];
  let scratch: DeletionKey = emptyKey();
  for (let i = pods.length - 1; i >= 0; i--) {
    if (heap.length < n) {
      fillKey(scratch, pods[i], rankOf, i);
      heap.push(scratch);
      siftUp(heap, heap.length - 1);
      scratch = emptyKey();
    } else if (sortsBefore(pods[i], rankOf, i, heap[0])) {
      fillKey(scratch, pods[i], rankOf, i);
      const out = heap[0];
      heap[0] = scratch;
      siftDown(heap, 0);
      scratch = out;
    }
  }
  heap.sort(compareKeys);
  return heap.map((k) => k.pod);
}

/**
 * compareKeys(deletionKey(pod, rankOf(pod), index), k) < 0, computing the pod's fields one at a
 * time and stopping at the first that differs (most pods lose to the heap's root early).
 */
function sortsBefore(pod: Pod, rankOf: (p: Pod) => number, index: number, k: DeletionKey): boolean {
  const assigned = pod.spec.nodeName ? 1 : 0;
  if (assigned !== k.assigned) return assigned < k.assigned;
  const phase = PHASE_RANK[pod.status.phase] ?? 1;
  if (phase !== k.phase) return phase < k.phase;
  const since = readySince(pod);
  const ready = since !== undefined || isPodReady(pod) ? 1 : 0;
  if (ready !== k.ready) return ready < k.ready;
  const cost = deletionCost(pod);
  if (cost !== k.cost) return cost < k.cost;
  const negRank = -rankOf(pod);
  if (negRank !== k.negRank) return negRank < k.negRank;
  const negReadySince = ready === 1 ? -(since ?? 0) : 0;
  if (negReadySince !== k.negReadySince) return negReadySince < k.negReadySince;
  const negRestarts = -restarts(pod);
  if (negRestarts !== k.negRestarts) return negRestarts < k.negRestarts;
  const negCreated = -(pod.metadata.creationTimestamp ?? 0);
  if (negCreated !== k.negCreated) return negCreated < k.negCreated;
  return index < k.index;
}

function emptyKey(): DeletionKey {
  return { pod: null as unknown as Pod, assigned: 0, phase: 0, ready: 0, cost: 0, negRank: 0, negReadySince: 0, negRestarts: 0, negCreated: 0, index: 0 };
}

/** deletionKey into an existing record. */
function fillKey(k: DeletionKey, pod: Pod, rankOf: (p: Pod) => number, index: number): void {
  const since = readySince(pod);
  const ready = since !== undefined || isPodReady(pod) ? 1 : 0;
  k.pod = pod;
  k.assigned = pod.spec.nodeName ? 1 : 0;
  k.phase = PHASE_RANK[pod.status.phase] ?? 1;
  k.ready = ready;
  k.cost = deletionCost(pod);
  k.negRank = -rankOf(pod);
  k.negReadySince = ready === 1 ? -(since ?? 0) : 0;
  k.negRestarts = -restarts(pod);
  k.negCreated = -(pod.metadata.creationTimestamp ?? 0);
  k.index = index;
}

function siftUp(h: DeletionKey[], i: number): void {
  const x = h[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (compareKeys(h[parent], x) >= 0) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = x;
}

function siftDown(h: DeletionKey[], i: number): void {
  const x = h[i];
  const len = h.length;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= len) break;
    if (c + 1 < len && compareKeys(h[c + 1], h[c]) > 0) c++;
    if (compareKeys(h[c], x) <= 0) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = x;
}

function deletionKey(pod: Pod, rank: number, index: number): DeletionKey {
  const ready = isPodReady(pod) ? 1 : 0;
  return {
    pod,
    assigned: pod.spec.nodeName ? 1 : 0,
    phase: PHASE_RANK[pod.status.phase] ?? 1,
    ready,
    cost: deletionCost(pod),
    negRank: -rank,
    negReadySince: ready === 1 ? -(readySince(pod) ?? 0) : 0,
    negRestarts: -restarts(pod),
    negCreated: -(pod.metadata.creationTimestamp ?? 0),
    index,
  };
}

function compareKeys(a: DeletionKey, b: DeletionKey): number {
  return (
    a.assigned - b.assigned ||
    a.phase - b.phase ||
    a.ready - b.ready ||
    a.cost - b.cost ||
    a.negRank - b.negRank ||
    a.negReadySince - b.negReadySince ||
    a.negRestarts - b.negRestarts ||
    a.negCreated - b.negCreated ||
    a.index - b.index
  );
}

export function compareForDeletion(a: Pod, b: Pod, rankA: number, rankB: number): number {
  const assignedA = a.spec.nodeName ? 1 : 0;
  const assignedB = b.spec.nodeName ? 1 : 0;
  if (assignedA !== assignedB) return assignedA - assignedB;
  const pa = PHASE_RANK[a.status.phase] ?? 1;
  const pb = PHASE_RANK[b.status.phase] ?? 1;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  if (rankA !== rankB) return rankB - rankA;
  if (ra === 1) {
    const sa = readySince(a) ?? 0;
    const sb = readySince(b) ?? 0;
    if (sa !== sb) return sb - sa;
  }
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xb - xa;
  const ta: Time = a.metadata.creationTimestamp ?? 0;
  const tb: Time = b.metadata.creationTimestamp ?? 0;
  return tb - ta;
}

/** Phase order of rule 2: Pending 0, Unknown 1, Running 2 (any other phase ranks as Unknown). */
export function phaseRank(p: Pod): number {
  return PHASE_RANK[p.status.phase] ?? 1;
}

/** The controller.kubernetes.io/pod-deletion-cost annotation as an integer; 0 when absent or invalid. */
export function deletionCost(p: Pod): number {
  const v = p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined) return 0;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

/** Container restarts summed over the pod's containers. */
export function restarts(p: Pod): number {
  let n = 0;
  for (const c of p.status.containerStatuses ?? []) n += c.restartCount;
  return n;
}
