import { Pod } from '../api/pod';
import { CycleState, FilterPlugin, Status, StatusError } from './framework';
import { fitErrorMessage, ERR_NO_NODES_AVAILABLE } from './fit-error';
import { NodeInfo } from './node-info';
import { maxNeed, newTotalsTable, NodeRows, RowNeed, rowHasRoom, TOTALS_STRIDE } from './node-totals';
import { nextStartNodeIndex, numFeasibleNodesToFind } from './nodes-to-score';
import { Profile } from './profile';
import { Snapshot } from './snapshot';

export type { Profile, ProfileConfig } from './profile';
export { buildProfile, defaultProfile } from './profile';

/**
 * Score buffers reused across cycles (scheduleOne is not re-entrant): entries past the cycle's
 * feasible count are stale. Seeded with a non-integer so they are packed double arrays from the
 * start (integer scores in a Smi array cost a check per store); growing by push keeps them so.
 */
const totalsBuffer: number[] = [0.5];
const scoresBuffer: number[] = [0.5];

/**
 * The cycle's feasible nodes (reused, see above): filled from index 0, then its length is set to
 * the feasible count, so plugins see exactly this cycle's nodes; no plugin keeps it past the cycle.
 */
const feasibleBuffer: NodeInfo[] = [];

/** The Filter plugins not skipped by PreFilter this cycle, in profile order (reused, see above). */
const activeFilters: FilterPlugin[] = [];

/**
 * The feasible nodes' totals rows, parallel to the cycle's feasible list (reused, see above):
 * totals is the snapshot's table, rows[i] the row of feasible[i].
 */
const feasibleRows: NodeRows = { totals: newTotalsTable(0), rows: new Int32Array(0) };

/** The combined RowNeed of several filters (reused, see above). */
const combinedNeed: RowNeed = { pods: 0, milliCPU: 0, memory: 0, ephemeralStorage: 0 };

/** The scheduler state carried from cycle to cycle. */
export interface SchedulingState {
  nextStartNodeIndex: number;
}

export interface ScheduleSuccess {
  nodeName: string;
  /** The winning weighted total (0 when a single node was feasible and scoring was skipped). */
  score: number;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export interface ScheduleFailure {
  status: Status;
  /** The FitError text a user sees in the pod's PodScheduled condition and FailedScheduling event. */
  message: string;
  evaluatedNodes: number;
  /** The evaluated nodes that Filter rejected, parallel to their statuses (for preemption). */
  rejectedNodes: NodeInfo[];
  rejectedStatuses: Status[];
  /** The plugins that rejected the pod (Diagnosis.UnschedulablePlugins), sorted. */
  unschedulablePlugins: string[];
}

export type ScheduleResult = ScheduleSuccess | ScheduleFailure;

const NO_NODES: NodeInfo[] = [];
const NO_STATUSES: Status[] = [];
const NO_PLUGINS: string[] = [];

function failure(
  status: Status,
  message: string,
  evaluatedNodes: number,
  unschedulablePlugins: string[] = NO_PLUGINS,
  rejectedNodes: NodeInfo[] = NO_NODES,
  rejectedStatuses: Status[] = NO_STATUSES,
): ScheduleFailure {
  return { status, message, evaluatedNodes, rejectedNodes, rejectedStatuses, unschedulablePlugins };
}

/**
 * One scheduling cycle for one pod, as kube-scheduler's schedulePod:
 * PreFilter (may narrow the candidate nodes or reject the pod) → Filter from the rotating start
 * index, stopping once numFeasibleNodesToFind nodes fit → PreScore → Score, NormalizeScore and
 * weighted sum → selectHost: the highest total, ties broken by reservoir sampling in node
 * evaluation order with pickRandom(n) ∈ [0, n) (upstream uses rand.Intn).
 *
 * Pure apart from `state.nextStartNodeIndex`; the caller assumes the pod onto the chosen node.
 */
export function scheduleOne(
  pod: Pod,
  nodes: readonly NodeInfo[] | Snapshot,
  profile: Profile,
  state: SchedulingState,
  pickRandom: (n: number) => number,
): ScheduleResult {
  const snapshot = nodes instanceof Snapshot ? nodes : Snapshot.of(nodes);
  const nodeInfos = snapshot.list();
  const numAllNodes = nodeInfos.length;
  const table = snapshot.totalsTable();
  if (numAllNodes === 0) return failure(new Status('Unschedulable', [ERR_NO_NODES_AVAILABLE]), ERR_NO_NODES_AVAILABLE, 0);
  const cycle = new CycleState();

  let allowed: Set<string> | null = null;
  let narrowingPlugins: string[] | null = null;
  for (const p of profile.preFilter) {
    const { result, status } = p.preFilter(cycle, pod, nodeInfos, snapshot);
    if (status !== null) {
      if (status.code === 'Skip') {
        cycle.skipFilterPlugins.push(p.name);
        continue;
      }
      if (status.code === 'Error') return failure(status, `running PreFilter plugin "${p.name}": ${status.message()}`, 0);
      if (status.code !== 'Success') {
        const message = fitErrorMessage(numAllNodes, { nodeStatuses: [], absentStatus: null, absentCount: 0, preFilterMsg: status.message() });
        return failure(status, message, 0, [p.name]);
      }
    }
    if (result !== null && result.nodeNames !== null) {
      if (allowed === null) allowed = new Set(result.nodeNames);
      else for (const n of allowed) if (!result.nodeNames.has(n)) allowed.delete(n);
      (narrowingPlugins ??= []).push(p.name);
    }
  }

  let candidates = nodeInfos;
  let absentStatus: Status | null = null;
  if (allowed !== null) {
    const only = allowed;
    candidates = nodeInfos.filter((ni) => only.has(ni.name));
    absentStatus = new Status('UnschedulableAndUnresolvable', [`node(s) didn't satisfy plugin(s) [${narrowingPlugins!.sort().join(' ')}]`]);
  }

  const n = candidates.length;
  const numToFind = numFeasibleNodesToFind(profile.percentageOfNodesToScore, n);
  const feasible = feasibleBuffer;
  let numFeasible = 0;
  let rejected: Status[] = NO_STATUSES;
  let rejectedNodes: NodeInfo[] = NO_NODES;
  let rejectingPlugins: Set<string> | null = null;
  const filters = activeFilters;
  const numFilters = collectActiveFilters(profile.filter, cycle.skipFilterPlugins, filters);
  const rows = feasibleRowsFor(table, numToFind < n ? numToFind : n);
  // candidates[i] is the snapshot's i-th node, its row at i * TOTALS_STRIDE, unless PreFilter narrowed.
  const need = candidates === nodeInfos ? rowNeedOf(filters, numFilters, cycle, pod) : null;
  const start = n === 0 ? 0 : state.nextStartNodeIndex % n;
  let processed = 0;
  let idx = start;
  while (processed < n && numFeasible < numToFind) {
    const slot = idx;
    if (++idx === n) idx = 0;
    processed++;
    if (need !== null && rowHasRoom(table, slot * TOTALS_STRIDE, need)) {
      rows[numFeasible] = slot * TOTALS_STRIDE;
      feasible[numFeasible++] = candidates[slot];
      continue;
    }
    const ni = candidates[slot];
    let rejection: Status | null = null;
    for (let k = 0; k < numFilters; k++) {
      const st = filters[k].filter(cycle, pod, ni);
      if (st !== null && st.code !== 'Success') {
        rejection = st;
        (rejectingPlugins ??= new Set()).add(filters[k].name);
        break;
      }
    }
    if (rejection === null) {
      rows[numFeasible] = ni.row;
      feasible[numFeasible++] = ni;
    }
    else if (rejection.code === 'Error') return failure(rejection, `running Filter plugins on node "${ni.name}": ${rejection.message()}`, processed);
    else {
      if (rejected === NO_STATUSES) {
        rejected = [];
        rejectedNodes = [];
      }
      rejected.push(rejection);
      rejectedNodes.push(ni);
    }
  }
  state.nextStartNodeIndex = nextStartNodeIndex(start, processed, n);
  feasible.length = numFeasible;

  if (feasible.length === 0) {
    const absentCount = numAllNodes - n;
    const message = fitErrorMessage(numAllNodes, { nodeStatuses: rejected, absentStatus, absentCount, preFilterMsg: '' });
    const plugins = [...(rejectingPlugins ?? []), ...(narrowingPlugins ?? [])].sort();
    return failure(new Status('Unschedulable', [message]), message, processed, plugins, rejectedNodes, rejected);
  }
  if (feasible.length === 1) return { nodeName: feasible[0].name, score: 0, evaluatedNodes: processed, feasibleNodes: 1 };

  for (const p of profile.preScore) {
    const st = p.preScore(cycle, pod, feasible, nodeInfos, snapshot);
    if (st === null) continue;
    if (st.code === 'Skip') cycle.skipScorePlugins.push(p.name);
    else if (st.code === 'Error') return failure(st, `running PreScore plugin "${p.name}": ${st.message()}`, processed);
  }

  const m = feasible.length;
  while (totalsBuffer.length < m) {
    totalsBuffer.push(0);
    scoresBuffer.push(0);
  }
  const totals = totalsBuffer;
  const scores = scoresBuffer;
  for (let i = 0; i < m; i++) totals[i] = 0;
  const scorers = profile.score;
  for (let k = 0; k < scorers.length; k++) {
    const p = scorers[k];
    if (cycle.skipScorePlugins.includes(p.name)) continue;
    try {
      if (p.scoreNodes !== undefined) p.scoreNodes(cycle, pod, feasible, scores, feasibleRows);
      else for (let i = 0; i < m; i++) scores[i] = p.score(cycle, pod, feasible[i]);
    } catch (e) {
      if (e instanceof StatusError) return failure(e.status, `running Score plugin "${p.name}": ${e.status.message()}`, processed);
      throw e;
    }
    if (p.normalizeScore) {
      const st = p.normalizeScore(cycle, pod, feasible, scores);
      if (st !== null && st.code === 'Error') return failure(st, `running NormalizeScore plugin "${p.name}": ${st.message()}`, processed);
    }
    const w = profile.scoreWeights[k];
    for (let i = 0; i < m; i++) totals[i] += scores[i] * w;
  }

  const best = selectHost(totals, pickRandom, m);
  return { nodeName: feasible[best].name, score: totals[best], evaluatedNodes: processed, feasibleNodes: m };
}

/** Writes the filters not in `skip` into `out` (in order) and returns their count. */
function collectActiveFilters(all: readonly FilterPlugin[], skip: readonly string[], out: FilterPlugin[]): number {
  let n = 0;
  for (let i = 0; i < all.length; i++) if (skip.length === 0 || !skip.includes(all[i].name)) out[n++] = all[i];
  out.length = n;
  return n;
}

/**
 * The room that makes every active filter accept a node (FilterPlugin.rowNeed), or null when some
 * filter has none this cycle (then every node goes through filter()).
 */
function rowNeedOf(filters: readonly FilterPlugin[], n: number, cycle: CycleState, pod: Pod): RowNeed | null {
  if (n === 0) return null;
  if (n === 1) return filters[0].rowNeed?.(cycle, pod) ?? null;
  combinedNeed.pods = combinedNeed.milliCPU = combinedNeed.memory = combinedNeed.ephemeralStorage = 0;
  for (let k = 0; k < n; k++) {
    const need = filters[k].rowNeed?.(cycle, pod) ?? null;
    if (need === null) return null;
    maxNeed(combinedNeed, need);
  }
  return combinedNeed;
}

/** Points feasibleRows at this cycle's table with room for `capacity` rows; returns its rows buffer. */
function feasibleRowsFor(table: Float64Array, capacity: number): Int32Array {
  feasibleRows.totals = table;
  if (feasibleRows.rows.length < capacity) feasibleRows.rows = new Int32Array(capacity);
  return feasibleRows.rows;
}

/**
 * selectHost: the index of the highest total, a tie among `count` best totals broken uniformly:
 * each tied node wins with probability 1/count, as upstream's reservoir sampling
 * (rand.Intn(cntOfMaxScore) == 0 per tie) gives, with one draw pickRandom(count) choosing the
 * tied node by its rank in evaluation order instead of one draw per tie.
 */
export function selectHost(totals: readonly number[], pickRandom: (n: number) => number, n = totals.length): number {
  let maxScore = totals[0];
  let count = 1;
  let first = 0;
  for (let i = 1; i < n; i++) {
    const t = totals[i];
    if (t > maxScore) {
      maxScore = t;
      count = 1;
      first = i;
    } else if (t === maxScore) count++;
  }
  if (count === 1) return first;
  let rank = pickRandom(count);
  for (let i = 0; i < n; i++) {
    if (totals[i] === maxScore && rank-- === 0) return i;
  }
  return 0;
}
