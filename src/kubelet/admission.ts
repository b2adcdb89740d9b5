import { Node } from '../api/node';
import { Pod, isPodActive } from '../api/pod';
import { Store } from '../store/store';
import { NodeInfo } from '../scheduler/node-info';
import { podRequests } from '../scheduler/resources';
import { fitsRequest } from '../scheduler/plugins/node-resources-fit';

/** Why the kubelet refused a pod: upstream's reason (OutOfcpu, OutOfmemory, OutOfpods, ...) and message. */
export interface AdmissionRejection {
  reason: string;
  message: string;
}

/**
 * The kubelet's resource admission (lifecycle.PredicateAdmitHandler, which runs the scheduler's
 * NodeResourcesFit check against the pods already admitted to the node): a pod that does not fit
 * is rejected with phase Failed and reason "OutOf<resource>", e.g. OutOfcpu with the message
 * "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 2000,
 * capacity: 4000". The kubelet imports the scheduler's pure fit function here, as upstream's does.
 *
 * kubesim runs it only for pods that did not go through the scheduler (spec.nodeName set in the
 * manifest): the simulated scheduler's cache is never stale, so a pod it bound always fits.
 */
export function admitPod(store: Store, node: Node, pod: Pod, admitted: (p: Pod) => boolean): AdmissionRejection | undefined {
  const others: Pod[] = [];
  for (const p of store.podsOn(node.metadata.name)) if (p !== pod && isPodActive(p) && admitted(p)) others.push(p);
  const info = new NodeInfo(node, others);
  const insufficient = fitsRequest(podRequests(pod), info);
  if (insufficient.length === 0) return undefined;
  const r = insufficient[0];
  return {
    reason: `OutOf${r.resourceName}`,
    message: `Pod was rejected: Node didn't have enough resource: ${r.resourceName}, requested: ${r.requested}, used: ${r.used}, capacity: ${r.capacity}`,
  };
}

/** Whether the scheduler bound this pod (PodScheduled=True set by the binding). */
export function boundByScheduler(pod: Pod): boolean {
  for (const c of pod.status.conditions ?? []) if (c.type === 'PodScheduled') return c.status === 'True';
  return false;
}
