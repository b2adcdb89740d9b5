import { Time } from '../engine/time';
import { KubeObject } from './meta';
import { ResourceList } from './pod';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: Time;
}

export interface NodeCondition {
  type: 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure' | 'NetworkUnavailable' | string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  lastHeartbeatTime?: Time;
  lastTransitionTime?: Time;
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
  podCIDR?: string;
  providerID?: string;
}

export interface NodeStatus {
  capacity: ResourceList;
  allocatable: ResourceList;
  conditions: NodeCondition[];
  /** Images present on the node (used by ImageLocality), names and sizes in bytes. */
  images?: { names: string[]; sizeBytes: number }[];
}

export interface Node extends KubeObject {
  kind: 'Node';
  spec: NodeSpec;
  status: NodeStatus;
}

/** The Ready condition's status, "Unknown" when missing. */
export function nodeReadyStatus(node: Node): 'True' | 'False' | 'Unknown' {
  for (const c of node.status.conditions) if (c.type === 'Ready') return c.status;
  return 'Unknown';
}

/** Well-known labels (k8s.io/api/core/v1 well_known_labels.go). */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
