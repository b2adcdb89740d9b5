import { Node } from '../api/node';
import { Pod } from '../api/pod';
import { Resource, podRequests, resourceFromList } from '../scheduler/resources';

/** The summed requests of the pods counted on one node. */
interface Allocation {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  pods: number;
  /** Scalar (extended) resources; null while no counted pod requests one. */
  scalar: Map<string, number> | null;
}

/** What the ledger counted for one pod (the node and the request object added there). */
interface Counted {
  node: string;
  req: Resource;
}

/** One resource over its allocatable on a node. */
export interface OverAllocation {
  resource: string;
  requested: number;
  allocatable: number;
}

/**
 * An incremental ledger of requests per node, as kube-scheduler's NodeInfo.Requested: the
 * requests (resource.PodRequests: containers, init peak, overhead) of every non-terminal pod bound
 * to the node, terminating ones included (they hold their resources until removed), and one "pods"
 * slot each. The invariant: on every node, requested ≤ allocatable for cpu, memory,
 * ephemeral-storage, pods and every scalar resource the node advertises (a scalar resource the node
 * does not advertise has allocatable 0, as NodeResourcesFit treats it).
 *
 * Each pod is re-counted from its current state at each of its notifications, so the ledger equals
 * a full recount at every notification boundary; the cost is O(1) per notification.
 */
/**
 * Whether the pod holds resources on its node: bound by the scheduler (PodScheduled=True), or
 * admitted by the kubelet (it has container statuses). A pod whose manifest sets spec.nodeName is
 * not counted until its kubelet admits it; the kubelet refuses one that does not fit (OutOfcpu).
 */
function admitted(pod: Pod): boolean {
  if (pod.status.containerStatuses !== undefined || pod.status.phase === 'Running') return true;
  for (const c of pod.status.conditions ?? []) if (c.type === 'PodScheduled') return c.status === 'True';
  return false;
}

export class NodeAllocationLedger {
  private readonly byNode = new Map<string, Allocation>();
  private readonly counted = new Map<string, Counted>();
  private readonly allocatable = new WeakMap<object, Resource>();

  /** Re-counts one pod; returns the node whose allocation grew (to be checked), if any. */
  updatePod(pod: Pod, removed: boolean): string | undefined {
    const uid = pod.metadata.uid!;
    const prev = this.counted.get(uid);
    const phase = pod.status.phase;
    const node = removed || phase === 'Succeeded' || phase === 'Failed' || !admitted(pod) ? undefined : pod.spec.nodeName || undefined;
    if (prev !== undefined && prev.node === node) return undefined;
    if (prev !== undefined) {
      this.add(prev.node, prev.req, -1);
      this.counted.delete(uid);
    }
    if (node === undefined) return undefined;
    const req = podRequests(pod);
    this.add(node, req, 1);
    this.counted.set(uid, { node, req });
    return node;
  }

  /** The resources over allocatable on `node` (empty when it fits). */
  overAllocated(node: Node): OverAllocation[] {
    const a = this.byNode.get(node.metadata.name);
    if (a === undefined) return [];
    const alloc = this.allocatableOf(node);
    const out: OverAllocation[] = [];
    if (a.milliCPU > alloc.milliCPU) out.push({ resource: 'cpu', requested: a.milliCPU, allocatable: alloc.milliCPU });
    if (a.memory > alloc.memory) out.push({ resource: 'memory', requested: a.memory, allocatable: alloc.memory });
    if (a.ephemeralStorage > alloc.ephemeralStorage && a.ephemeralStorage > 0) {
      out.push({ resource: 'ephemeral-storage', requested: a.ephemeralStorage, allocatable: alloc.ephemeralStorage });
    }
    if (a.pods > alloc.allowedPodNumber) out.push({ resource: 'pods', requested: a.pods, allocatable: alloc.allowedPodNumber });
    if (a.scalar !== null) {
      for (const [name, v] of a.scalar) {
        const cap = alloc.scalar?.get(name) ?? 0;
        if (v > cap) out.push({ resource: name, requested: v, allocatable: cap });
      }
    }
    return out;
  }

  /** The node's counted requests and allocatable, for a violation report (cpu in millicores). */
  describe(node: Node | undefined, name: string): Record<string, unknown> {
    const a = this.byNode.get(name);
    const alloc = node ? this.allocatableOf(node) : undefined;
    return {
      node: name,
      requested: a && { cpuMilli: a.milliCPU, memory: a.memory, ephemeralStorage: a.ephemeralStorage, pods: a.pods },
      allocatable: alloc && { cpuMilli: alloc.milliCPU, memory: alloc.memory, ephemeralStorage: alloc.ephemeralStorage, pods: alloc.allowedPodNumber },
    };
  }

  private allocatableOf(node: Node): Resource {
    const list = node.status.allocatable;
    let r = this.allocatable.get(list);
    if (r === undefined) {
      r = resourceFromList(list);
      this.allocatable.set(list, r);
    }
    return r;
  }

  private add(node: string, req: Resource, sign: number): void {
    let a = this.byNode.get(node);
    if (a === undefined) this.byNode.set(node, (a = { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0, scalar: null }));
    a.milliCPU += sign * req.milliCPU;
    a.memory += sign * req.memory;
    a.ephemeralStorage += sign * req.ephemeralStorage;
    a.pods += sign;
    if (req.scalar !== null) {
      a.scalar ??= new Map();
      for (const [name, v] of req.scalar) a.scalar.set(name, (a.scalar.get(name) ?? 0) + sign * v);
    }
    if (a.pods === 0) this.byNode.delete(node);
  }
}
