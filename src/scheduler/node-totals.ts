import type { PodRequests, Resource } from './resources';

/**
 * The hot per-node numbers of NodeInfo as one flat row of doubles, so the Filter and Score loops
 * of NodeResourcesFit and NodeResourcesBalancedAllocation read contiguous memory instead of
 * chasing NodeInfo → allocatable / requested objects (and their boxed numbers).
 *
 * A row is TOTALS_STRIDE doubles starting at NodeInfo.row in NodeInfo.totals. A NodeInfo outside a
 * snapshot owns a private one-row table; Snapshot.list() moves every listed node into one shared
 * table, row i * TOTALS_STRIDE for the i-th node of the list, so a cycle's evaluation order walks
 * the table forward.
 *
 * Invariant (kept by NodeInfo's constructor, setNode, addPod and removePod): the row equals
 * allocatable.{milliCPU, memory, ephemeralStorage, allowedPodNumber},
 * requested.{milliCPU, memory, ephemeralStorage}, nonZeroMilliCPU, nonZeroMemory and pods.length.
 * Scalar resources stay in the Resource objects only.
 */
export const ALLOC_MILLI_CPU = 0;
export const ALLOC_MEMORY = 1;
export const ALLOC_EPHEMERAL_STORAGE = 2;
export const ALLOC_PODS = 3;
export const REQ_MILLI_CPU = 4;
export const REQ_MEMORY = 5;
export const REQ_EPHEMERAL_STORAGE = 6;
export const NON_ZERO_MILLI_CPU = 7;
export const NON_ZERO_MEMORY = 8;
export const POD_COUNT = 9;
export const TOTALS_STRIDE = 10;

export function newTotalsTable(rows: number): Float64Array {
  return new Float64Array(rows * TOTALS_STRIDE);
}

export function writeAllocatable(t: Float64Array, row: number, a: Resource): void {
  t[row + ALLOC_MILLI_CPU] = a.milliCPU;
  t[row + ALLOC_MEMORY] = a.memory;
  t[row + ALLOC_EPHEMERAL_STORAGE] = a.ephemeralStorage;
  t[row + ALLOC_PODS] = a.allowedPodNumber;
}

/** Adds (sign 1) or removes (sign -1) one pod's requests. */
export function addPodToRow(t: Float64Array, row: number, r: PodRequests, sign: number): void {
  t[row + REQ_MILLI_CPU] += sign * r.milliCPU;
  t[row + REQ_MEMORY] += sign * r.memory;
  t[row + REQ_EPHEMERAL_STORAGE] += sign * r.ephemeralStorage;
  t[row + NON_ZERO_MILLI_CPU] += sign * r.nonZeroMilliCPU;
  t[row + NON_ZERO_MEMORY] += sign * r.nonZeroMemory;
  t[row + POD_COUNT] += sign;
}

/**
 * Room a node must have left for a pod (allocatable − requested ≥ each amount), the test
 * NodeResourcesFit's Filter makes for a pod without scalar requests.
 */
export interface RowNeed {
  pods: number;
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
}

export function rowHasRoom(t: Float64Array, row: number, need: RowNeed): boolean {
  return (
    t[row + ALLOC_PODS] - t[row + POD_COUNT] >= need.pods &&
    t[row + ALLOC_MILLI_CPU] - t[row + REQ_MILLI_CPU] >= need.milliCPU &&
    t[row + ALLOC_MEMORY] - t[row + REQ_MEMORY] >= need.memory &&
    t[row + ALLOC_EPHEMERAL_STORAGE] - t[row + REQ_EPHEMERAL_STORAGE] >= need.ephemeralStorage
  );
}

/** Raises `into` to the larger amount of each resource (a node with room for both needs). */
export function maxNeed(into: RowNeed, need: RowNeed): void {
  if (need.pods > into.pods) into.pods = need.pods;
  if (need.milliCPU > into.milliCPU) into.milliCPU = need.milliCPU;
  if (need.memory > into.memory) into.memory = need.memory;
  if (need.ephemeralStorage > into.ephemeralStorage) into.ephemeralStorage = need.ephemeralStorage;
}

export function copyRow(from: Float64Array, fromRow: number, to: Float64Array, toRow: number): void {
  for (let k = 0; k < TOTALS_STRIDE; k++) to[toRow + k] = from[fromRow + k];
}

/**
 * The totals rows of a list of nodes: rows[i] is the offset of nodes[i]'s row in `totals`, so a
 * batch scorer reads one table without touching the NodeInfo objects. `rows` may be longer than
 * the list (a reused buffer).
 */
export interface NodeRows {
  totals: Float64Array;
  rows: Int32Array;
}

/**
 * The rows of `nodes`: their shared table when they all have one (nodes listed by one Snapshot),
 * else a copy of their rows into a new table.
 */
export function gatherRows(nodes: readonly { totals: Float64Array; row: number }[]): NodeRows {
  const rows = new Int32Array(nodes.length);
  const shared = nodes.length > 0 ? nodes[0].totals : newTotalsTable(0);
  let same = true;
  for (let i = 0; i < nodes.length && same; i++) same = nodes[i].totals === shared;
  if (same) {
    for (let i = 0; i < nodes.length; i++) rows[i] = nodes[i].row;
    return { totals: shared, rows };
  }
  const totals = newTotalsTable(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    rows[i] = i * TOTALS_STRIDE;
    copyRow(nodes[i].totals, nodes[i].row, totals, rows[i]);
  }
  return { totals, rows };
}
