import { Pod, isPodReady } from '../../api/pod';
import { EndpointConditions } from '../../api/endpoints';

/**
 * endpointslice's ShouldPodBeInEndpoints (includeTerminating = true): terminal pods are left
 * out, and so are pods without an IP; kubesim gives a pod its IP when it is Running (the sandbox
 * and containers are up), a simplification that only drops pods still ContainerCreating, which are
 * never ready anyway.
 */
export function podHasEndpoint(pod: Pod): boolean {
  return pod.status.phase === 'Running' && pod.spec.nodeName !== undefined;
}

/**
 * endpointslice's podToEndpoint conditions: serving = the pod is Ready; terminating = it has a
 * deletionTimestamp; ready = publishNotReadyAddresses, or serving and not terminating.
 * Example: a Ready pod being deleted → {ready: false, serving: true, terminating: true}.
 */
export function endpointConditions(pod: Pod, publishNotReadyAddresses: boolean): EndpointConditions {
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  return { ready: publishNotReadyAddresses || (serving && !terminating), serving, terminating };
}
