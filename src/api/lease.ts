import { Time } from '../engine/time';
import { KubeObject } from './meta';

/**
 * coordination.k8s.io/v1 LeaseSpec. Upstream's times are MicroTime; here they are virtual time (µs)
 * as written by the holder's own clock (nobody else trusts them). Every field is optional upstream.
 */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: Time;
  renewTime?: Time;
  leaseTransitions?: number;
}

/**
 * coordination.k8s.io/v1 Lease: used by leader election (kube-system/kube-controller-manager,
 * kube-system/kube-scheduler) and by node heartbeats (kube-node-lease/<node>).
 */
export interface Lease extends KubeObject {
  kind: 'Lease';
  spec: LeaseSpec;
}

export const LEASE_API_VERSION = 'coordination.k8s.io/v1';
/** The namespace of node heartbeat leases (kubelet's NodeLease). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The leader-election record as client-go reads it from a Lease (absent fields as Go zero values). */
export interface LeaseRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: Time;
  readonly renewTime: Time;
  readonly leaseTransitions: number;
}
