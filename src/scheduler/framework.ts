import { Pod } from '../api/pod';
import { NodeInfo } from './node-info';
import type { NodeRows, RowNeed } from './node-totals';
import type { Snapshot } from './snapshot';

/**
 * The scheduling framework's contract, as kube-scheduler's framework package: a Status with the
 * upstream codes, the plugin extension points, and the per-cycle state shared between plugins.
 *
 * A null Status means Success (upstream's nil *Status); plugins return shared constant Status
 * objects for their fixed reasons so the Filter path does not allocate per node.
 */

export type StatusCode = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip';

/** The upper bound of a normalized score (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export class Status {
  /** The plugin that produced the status, set by the scheduling loop (FitError counts by reason). */
  plugin: string;
  constructor(
    readonly code: StatusCode,
    readonly reasons: readonly string[],
    plugin = '',
  ) {
    this.plugin = plugin;
  }
  /** The reasons joined by ", " (Status.Message). */
  message(): string {
    return this.reasons.join(', ');
  }
  isSuccess(): boolean {
    return this.code === 'Success';
  }
  /** Unschedulable or UnschedulableAndUnresolvable (Status.IsRejected). */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }
}

export function newStatus(code: StatusCode, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** A status that carries an error out of a Score call (upstream returns it beside the score). */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message());
  }
}

/** The Skip status returned by PreFilter/PreScore to opt a plugin out of the rest of the cycle. */
export const SKIP: Status = new Status('Skip', []);

/**
 * Per-cycle plugin data (framework.CycleState): written by PreFilter/PreScore, read by
 * Filter/Score of the same plugin. Keys are plugin-chosen strings.
 */
export class CycleState {
  /** Created on the first write: most cycles of plain pods write nothing. */
  private data: Map<string, unknown> | null = null;
  /** Plugins whose PreFilter returned Skip: their Filter is not called this cycle (a few names: an array). */
  readonly skipFilterPlugins: string[] = [];
  /** Plugins whose PreScore returned Skip: their Score is not called this cycle. */
  readonly skipScorePlugins: string[] = [];
  read<T>(key: string): T | undefined {
    return this.data === null ? undefined : (this.data.get(key) as T | undefined);
  }
  write(key: string, value: unknown): void {
    (this.data ??= new Map()).set(key, value);
  }
}

/** Shared PreFilter returns without a node narrowing: proceed, or skip this plugin's Filter. */
export const PREFILTER_PROCEED: { result: PreFilterResult | null; status: Status | null } = Object.freeze({ result: null, status: null });
export const PREFILTER_SKIP: { result: PreFilterResult | null; status: Status | null } = Object.freeze({ result: null, status: SKIP });

/** PreFilterResult: when nodeNames is set, only those nodes are evaluated (null = all nodes). */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string> | null;
}

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** `allNodes` is snapshot.list(). Returns a result (or null) and a status (null = Success). */
  preFilter(
    state: CycleState,
    pod: Pod,
    allNodes: readonly NodeInfo[],
    snapshot: Snapshot,
  ): { result: PreFilterResult | null; status: Status | null };
}

export interface FilterPlugin extends Plugin {
  /** null when the pod fits the node; a rejecting Status with upstream reasons otherwise. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
  /**
   * Optional, once per cycle after PreFilter: a RowNeed such that filter() returns null for every
   * node whose totals row (node-totals.ts) has that much room, so the scheduling loop accepts
   * those nodes without calling filter() (others still get filter()); null when no such bound
   * exists for this pod. The object may be reused by the next call.
   */
  rowNeed?(state: CycleState, pod: Pod): RowNeed | null;
}

export interface PreScorePlugin extends Plugin {
  /** `nodes` are the feasible nodes, `allNodes` snapshot.list(). Skip opts out of Score. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], snapshot: Snapshot): Status | null;
}

export interface ScorePlugin extends Plugin {
  /** The raw score of one feasible node; throws StatusError on an Error status. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /**
   * Optional batch form of score: writes score(state, pod, nodes[i]) into scores[i] for every i.
   * Same results as calling score per node; lets a plugin read its cycle state once per cycle.
   * `rows` locates nodes[i]'s totals row (scheduleOne passes them; absent: gatherRows(nodes)).
   */
  scoreNodes?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[], rows?: NodeRows): void;
  /**
   * Rewrites the first nodes.length entries of `scores` (parallel to `nodes`; the array may be
   * longer, a reused buffer) into [0, MAX_NODE_SCORE] in place, when present.
   */
  normalizeScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[]): Status | null;
}

export function isPreFilter(p: Plugin): p is PreFilterPlugin {
  return typeof (p as PreFilterPlugin).preFilter === 'function';
}
export function isFilter(p: Plugin): p is FilterPlugin {
  return typeof (p as FilterPlugin).filter === 'function';
}
export function isPreScore(p: Plugin): p is PreScorePlugin {
  return typeof (p as PreScorePlugin).preScore === 'function';
}
export function isScore(p: Plugin): p is ScorePlugin {
  return typeof (p as ScorePlugin).score === 'function';
}

/**
 * helper.DefaultNormalizeScore: scale so the highest score becomes maxPriority (integer division),
 * then reverse if asked. With all scores 0, reverse gives maxPriority to every node.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[], n = scores.length): void {
  let maxCount = 0;
  for (let i = 0; i < n; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
