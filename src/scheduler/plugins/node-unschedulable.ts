import { Taint } from '../../api/node';
import { Pod } from '../../api/pod';
import { CycleState, FilterPlugin, PreFilterPlugin, PreFilterResult, SKIP, Status, PREFILTER_PROCEED, PREFILTER_SKIP } from '../framework';
import { Snapshot } from '../snapshot';
import { NodeInfo } from '../node-info';
import { tolerationsTolerateTaint } from '../toleration';

/** NodeUnschedulable: rejects cordoned nodes unless the pod tolerates the unschedulable taint. */
export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
const REJECT = new Status('UnschedulableAndUnresolvable', [ERR_REASON_UNSCHEDULABLE]);

/** Whether the pod may go to the node: it is schedulable, or the pod tolerates node.kubernetes.io/unschedulable:NoSchedule. */
export function fitsSchedulable(pod: Pod, nodeInfo: NodeInfo): boolean {
  return !nodeInfo.node.spec.unschedulable || tolerationsTolerateTaint(pod.spec.tolerations, UNSCHEDULABLE_TAINT);
}

export class NodeUnschedulable implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;
  /** Skip (the Filter would accept every node) when no node of the snapshot is unschedulable. */
  preFilter(_state: CycleState, _pod: Pod, _allNodes: readonly NodeInfo[], snapshot?: Snapshot): { result: PreFilterResult | null; status: Status | null } {
    return snapshot !== undefined && snapshot.unschedulableNodes === 0 ? PREFILTER_SKIP : PREFILTER_PROCEED;
  }
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    return fitsSchedulable(pod, nodeInfo) ? null : REJECT;
  }
}

export function newNodeUnschedulable(): NodeUnschedulable {
  return new NodeUnschedulable();
}
