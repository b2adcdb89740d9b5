import { Pod } from '../../api/pod';
import { CycleState, FilterPlugin, PreFilterPlugin, PreFilterResult, SKIP, Status, PREFILTER_PROCEED, PREFILTER_SKIP } from '../framework';
import { NodeInfo } from '../node-info';

/** NodeName: a pod with spec.nodeName set fits only that node. */
export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECT = new Status('UnschedulableAndUnresolvable', [ERR_REASON_NODE_NAME]);

export function fitsNodeName(pod: Pod, nodeInfo: NodeInfo): boolean {
  const n = pod.spec.nodeName;
  return !n || n === nodeInfo.name;
}

export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_NAME;
  /** Skip (the Filter would accept every node) when the pod names no node. */
  preFilter(_state: CycleState, pod: Pod): { result: PreFilterResult | null; status: Status | null } {
    return pod.spec.nodeName ? PREFILTER_PROCEED : PREFILTER_SKIP;
  }
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    return fitsNodeName(pod, nodeInfo) ? null : REJECT;
  }
}

export function newNodeName(): NodeName {
  return new NodeName();
}
