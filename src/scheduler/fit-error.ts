import { Status } from './framework';

/**
 * The message of a failed scheduling attempt, as kube-scheduler's FitError.Error():
 * "0/N nodes are available: " + "<count> <reason>" per distinct reason, sorted as strings and
 * joined by ", ", then "." — or the PreFilter message when PreFilter rejected the pod.
 * Example: "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu."
 */
export const NO_NODE_AVAILABLE_MSG = 'nodes are available';
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface Diagnosis {
  /** Status of every node that was evaluated and rejected. */
  readonly nodeStatuses: readonly Status[];
  /** The status of nodes never evaluated (PreFilter narrowed the candidates), with their count. */
  readonly absentStatus: Status | null;
  readonly absentCount: number;
  /** The PreFilter rejection message, when PreFilter failed. */
  readonly preFilterMsg: string;
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} ${NO_NODE_AVAILABLE_MSG}:`;
  if (d.preFilterMsg !== '') return msg + ' ' + d.preFilterMsg + '.';
  const counts = new Map<string, number>();
  for (const s of d.nodeStatuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  if (d.absentStatus !== null && d.absentCount > 0) {
    for (const r of d.absentStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + d.absentCount);
  }
  const parts: string[] = [];
  for (const [reason, n] of counts) parts.push(`${n} ${reason}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (parts.length > 0) msg += ' ' + parts.join(', ') + '.';
  return msg;
}

/** DefaultPreemption's per-node reasons when no candidate exists (framework/preemption). */
export const ERR_NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
export const ERR_PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

/**
 * The FitError text DefaultPreemption returns when it finds no candidate (prefixed "preemption: "
 * by the plugin): nodes rejected as Unschedulable had no victims that help, every other node
 * (UnschedulableAndUnresolvable, or never evaluated) cannot be helped by preemption.
 * Example: "0/3 nodes are available: 3 No preemption victims found for incoming pod."
 */
export function preemptionMessage(numAllNodes: number, rejectedStatuses: readonly Status[]): string {
  let noVictims = 0;
  for (const s of rejectedStatuses) if (s.code === 'Unschedulable') noVictims++;
  const notHelpful = numAllNodes - noVictims;
  const parts: string[] = [];
  if (noVictims > 0) parts.push(`${noVictims} ${ERR_NO_PREEMPTION_VICTIMS}`);
  if (notHelpful > 0) parts.push(`${notHelpful} ${ERR_PREEMPTION_NOT_HELPFUL}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `0/${numAllNodes} ${NO_NODE_AVAILABLE_MSG}: ${parts.join(', ')}.`;
}
