import { LABEL_HOSTNAME, LABEL_ZONE, Node, Taint } from '../api/node';
import { ControlPlaneSpec, controlPlaneNodeName } from '../scenario/control-plane-spec';

/** kubeadm's control-plane role label and taint key. */
export const CONTROL_PLANE_ROLE = 'node-role.kubernetes.io/control-plane';
/** Label naming the pool a node came from (as src/sim/node-pools.ts). */
const LABEL_POOL = 'kubesim.dev/pool';

/**
 * The control-plane Node objects: control-plane-0 … control-plane-(n−1), round-robin over the
 * zones, labelled node-role.kubernetes.io/control-plane="" and tainted
 * node-role.kubernetes.io/control-plane:NoSchedule, as kubeadm marks them, so workloads land there
 * only if they tolerate the taint.
 */
export function makeControlPlaneNodes(spec: ControlPlaneSpec): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < spec.nodes; i++) {
    const name = controlPlaneNodeName(i);
    const taint: Taint = { key: CONTROL_PLANE_ROLE, effect: 'NoSchedule' };
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { [LABEL_HOSTNAME]: name, [LABEL_ZONE]: spec.zones[i % spec.zones.length], [LABEL_POOL]: 'control-plane', [CONTROL_PLANE_ROLE]: '' },
      },
      spec: { taints: [taint] },
      status: {
        capacity: spec.capacity,
        allocatable: spec.capacity,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: 0 }],
      },
    });
  }
  return out;
}
