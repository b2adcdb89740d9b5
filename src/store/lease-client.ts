import { Time } from '../engine/time';
import { Store } from './store';
import { LEASE_API_VERSION, Lease, LeaseRecord, NODE_LEASE_NAMESPACE } from '../api/lease';

/**
 * The one Lease mechanism of kubesim: reads and writes of coordination.k8s.io/v1 Lease objects in
 * the store, shared by leader election (client-go resourcelock.LeaseLock) and by node heartbeats
 * (kubelet's nodelease controller). Helpers, not an actor: any actor may call them.
 *
 * Contract: a Lease is mutated in place and then store.update()d (one write, one resourceVersion,
 * one watch notification), like every object in the store.
 */

/** Where kube-controller-manager and kube-scheduler keep their leader-election Leases (named after the component). */
export const LEADER_NAMESPACE = 'kube-system';

/** The store key of a namespaced Lease. */
export function leaseKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function getLease(store: Store, namespace: string, name: string): Lease | undefined {
  return store.get<Lease>('Lease', leaseKey(namespace, name));
}

/**
 * The Lease as client-go's LeaseLock.Get sees it (LeaseSpecToLeaderElectionRecord): absent fields
 * read as Go zero values. Undefined when the Lease does not exist.
 */
export function readLeaseRecord(store: Store, namespace: string, name: string): LeaseRecord | undefined {
  const lease = getLease(store, namespace, name);
  if (lease === undefined) return undefined;
  const s = lease.spec;
  return {
    holderIdentity: s.holderIdentity ?? '',
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: s.acquireTime ?? 0,
    renewTime: s.renewTime ?? 0,
    leaseTransitions: s.leaseTransitions ?? 0,
  };
}

/**
 * Writes a record (LeaseLock.Create when the Lease is absent, else LeaseLock.Update, which replaces
 * the whole spec: LeaderElectionRecordToLeaseSpec). Returns the stored Lease.
 */
export function writeLeaseRecord(
  store: Store,
  namespace: string,
  name: string,
  record: LeaseRecord,
  annotations?: Record<string, string>,
): Lease {
  const existing = getLease(store, namespace, name);
  if (existing === undefined) {
    const lease: Lease = {
      apiVersion: LEASE_API_VERSION,
      kind: 'Lease',
      metadata: { name, namespace, annotations },
      spec: { ...record },
    };
    return store.create(lease);
  }
  existing.spec = { ...record };
  existing.metadata.annotations = annotations;
  store.update(existing);
  return existing;
}

/**
 * A node heartbeat, as the kubelet's nodelease controller: the Lease kube-node-lease/<node> is
 * held by the node itself, created on the first beat with leaseDurationSeconds (default 40) and
 * renewed by moving renewTime. Returns the stored Lease.
 */
export function renewNodeLease(store: Store, nodeName: string, now: Time, leaseDurationSeconds: number): Lease {
  const existing = getLease(store, NODE_LEASE_NAMESPACE, nodeName);
  if (existing === undefined) {
    return writeLeaseRecord(store, NODE_LEASE_NAMESPACE, nodeName, {
      holderIdentity: nodeName,
      leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    });
  }
  existing.spec.holderIdentity = nodeName;
  existing.spec.leaseDurationSeconds = leaseDurationSeconds;
  existing.spec.renewTime = now;
  store.update(existing);
  return existing;
}
