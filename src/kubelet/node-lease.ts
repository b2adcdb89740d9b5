import { Time } from '../engine/time';
import { NODE_LEASE_DURATION } from '../api/defaults';
import { Lease, NODE_LEASE_NAMESPACE } from '../api/lease';
import { Store } from '../store/store';
import { getLease, writeLeaseRecord } from '../store/lease-client';

/**
 * The kubelet's node Lease (pkg/kubelet/nodelease, kube-node-lease/<node>), skipped ahead:
 * a healthy kubelet renews every NODE_LEASE_RENEW_INTERVAL, but kubesim writes the Lease only when
 * the renewals start (renewTime = that instant) or stop (renewTime = the last renewal that reached
 * the API server). The annotation RENEWING_ANNOTATION says which: present while renewals go on, so
 * a reader knows renewTime stands for "every interval since then". The node lifecycle controller
 * reads it to compute, exactly, when a missed renewal is noticed.
 */

/** kubelet nodelease: renewInterval = leaseDuration × renewIntervalFraction (0.25) = 10 s. */
export const NODE_LEASE_RENEW_INTERVAL: Time = NODE_LEASE_DURATION / 4;
/** Marks a node Lease whose holder is renewing it periodically (kubesim's skip-ahead contract). */
export const RENEWING_ANNOTATION = 'kubesim.dev/renewing';

/** The last renewal tick at or before `now` of renewals every interval from `since`. */
export function lastRenewalAt(since: Time, now: Time): Time {
  if (now <= since) return since;
  return since + Math.floor((now - since) / NODE_LEASE_RENEW_INTERVAL) * NODE_LEASE_RENEW_INTERVAL;
}

/**
 * Writes the node's Lease through the one Lease mechanism (src/store/lease-client.ts): renewing
 * from `renewTime` on, or stopped with `renewTime` as the last renewal.
 */
export function writeNodeLease(store: Store, node: string, renewTime: Time, renewing: boolean): Lease {
  const existing = getLease(store, NODE_LEASE_NAMESPACE, node);
  const lease = writeLeaseRecord(store, NODE_LEASE_NAMESPACE, node, {
    holderIdentity: node,
    leaseDurationSeconds: NODE_LEASE_DURATION / 1_000_000,
    acquireTime: existing?.spec.acquireTime ?? renewTime,
    renewTime,
    leaseTransitions: existing?.spec.leaseTransitions ?? 0,
  }, renewing ? { [RENEWING_ANNOTATION]: 'true' } : undefined);
  return lease;
}

/** Whether a node Lease says its holder is renewing it. */
export function isRenewing(lease: Lease): boolean {
  return lease.metadata.annotations?.[RENEWING_ANNOTATION] === 'true';
}
