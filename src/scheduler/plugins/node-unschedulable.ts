import { Taint } from '../../api/node';
import { Pod } from '../../api/pod';
import { CycleState, FilterPlugin, Status } from '../framework';
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

export class NodeUnschedulable implements FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    return fitsSchedulable(pod, nodeInfo) ? null : REJECT;
  }
}

export function newNodeUnschedulable(): NodeUnschedulable {
  return new NodeUnschedulable();
}
