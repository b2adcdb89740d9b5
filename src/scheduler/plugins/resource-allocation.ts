import { Pod } from '../../api/pod';
import { NodeInfo } from '../node-info';
import { computePodRequests, CPU, EPHEMERAL_STORAGE, isScalarResourceName, MEMORY, podRequests, resourceValue } from '../resources';

/**
 * The resource allocation scorer shared by NodeResourcesFit's scoring strategies and
 * NodeResourcesBalancedAllocation (noderesources.resourceAllocationScorer).
 *
 * For each configured resource it yields (allocatable, requested-after-placing-the-pod). With
 * useRequested false (the fit strategies) cpu and memory use the "non-zero" requests (100m / 200Mi
 * for containers that set none); BalancedAllocation uses the actual requests. A scalar resource
 * the pod does not request is skipped (allocatable 0), as is any resource the node lacks.
 */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** The pod's request of each configured resource (calculatePodResourceRequestList). */
export function podResourceRequestList(pod: Pod, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const r = podRequests(pod);
  const out = new Array<number>(resources.length);
  for (let i = 0; i < resources.length; i++) {
    const name = resources[i].name;
    if (!useRequested && name === CPU) out[i] = r.nonZeroMilliCPU;
    else if (!useRequested && name === MEMORY) out[i] = r.nonZeroMemory;
    else out[i] = resourceValue(r, name);
  }
  return out;
}

/**
 * calculateResourceAllocatableRequest for resource i: writes allocatable into alloc[i] and
 * node-requested + podRequest into req[i]; both 0 when the resource is skipped.
 */
export function allocatableAndRequested(
  nodeInfo: NodeInfo,
  name: string,
  podRequest: number,
  useRequested: boolean,
  alloc: number[],
  req: number[],
  i: number,
): void {
  if (podRequest === 0 && isScalarResourceName(name)) {
    alloc[i] = 0;
    req[i] = 0;
    return;
  }
  switch (name) {
    case CPU:
      alloc[i] = nodeInfo.allocatable.milliCPU;
      req[i] = (useRequested ? nodeInfo.requested.milliCPU : nodeInfo.nonZeroMilliCPU) + podRequest;
      return;
    case MEMORY:
      alloc[i] = nodeInfo.allocatable.memory;
      req[i] = (useRequested ? nodeInfo.requested.memory : nodeInfo.nonZeroMemory) + podRequest;
      return;
    case EPHEMERAL_STORAGE:
      alloc[i] = nodeInfo.allocatable.ephemeralStorage;
      req[i] = nodeInfo.requested.ephemeralStorage + podRequest;
      return;
    default:
      if (isScalarResourceName(name)) {
        alloc[i] = nodeInfo.allocatable.scalar?.get(name) ?? 0;
        req[i] = (nodeInfo.requested.scalar?.get(name) ?? 0) + podRequest;
      } else {
        alloc[i] = 0;
        req[i] = 0;
      }
  }
}

/** Whether every entry is 0 (a best-effort pod for these resources). */
export function allZero(xs: readonly number[]): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) return false;
  return true;
}

export { computePodRequests };
