import { Pod } from '../api/pod';
import { Node } from '../api/node';
import { NodeInfo } from '../scheduler/node-info';
import { Profile, scheduleOne } from '../scheduler/schedule-one';
import { podRequests, resourceFromList } from '../scheduler/resources';

const FIRST = (): number => 0;

/**
 * Whether `pod` passes the scheduler's PreFilter and Filter plugins on `ni` (kube-scheduler's own
 * plugins, run through scheduleOne on a one-node snapshot), as cluster-autoscaler's
 * PredicateChecker runs the scheduler framework against a simulated node. When neither the pod
 * (no node selector, affinity, spread constraints, tolerations, host ports, node name) nor the
 * node (no taints, schedulable) carries anything but resources for a filter to check, the
 * NodeResourcesFit arithmetic below is the whole answer and the plugins are not run.
 */
export function fitsOn(pod: Pod, ni: NodeInfo, profile: Profile): boolean {
  const r = podRequests(pod);
  const a = ni.allocatable;
  if (ni.requested.milliCPU + r.milliCPU > a.milliCPU || ni.requested.memory + r.memory > a.memory) return false;
  if (a.allowedPodNumber > 0 && ni.pods.length + 1 > a.allowedPodNumber) return false;
  if (resourcesOnly(pod) && !ni.tainted && !ni.unschedulable && r.scalar === null && r.ephemeralStorage === 0 && ni.podsWithRequiredAntiAffinity.length === 0) return true;
  return 'nodeName' in scheduleOne(pod, [ni], profile, { nextStartNodeIndex: 0 }, FIRST);
}

const simple = new WeakMap<object, boolean>();

/** The pod asks nothing of a node but resources (cached per spec object). */
function resourcesOnly(pod: Pod): boolean {
  const spec = pod.spec;
  let v = simple.get(spec);
  if (v === undefined) {
    v =
      spec.nodeName === undefined &&
      spec.nodeSelector === undefined &&
      spec.affinity === undefined &&
      (spec.topologySpreadConstraints?.length ?? 0) === 0 &&
      (spec.tolerations?.length ?? 0) === 0 &&
      !spec.containers.some((c) => c.ports?.some((p) => (p as { hostPort?: number }).hostPort !== undefined));
    simple.set(spec, v);
  }
  return v;
}

export interface Estimate {
  /** The new nodes, with the pods placed on them. */
  nodes: NodeInfo[];
  /** The pods placed, in input order. */
  placed: Pod[];
}

/**
 * cluster-autoscaler's BinpackingNodeEstimator: pods in order go to the first already-added
 * node they fit on, else to a fresh template node when they fit an empty one and fewer than
 * `maxNodes` were added; pods that fit nowhere are left out.
 * Example: template 4 cpu, five pods of 1.5 cpu → nodes [1.5+1.5, 1.5+1.5, 1.5] = 3 nodes.
 */
export function estimateNodes(pods: readonly Pod[], template: Node, profile: Profile, maxNodes: number): Estimate {
  const nodes: NodeInfo[] = [];
  const placed: Pod[] = [];
  const empty = new NodeInfo(template);
  const fitsEmpty = new Map<object, boolean>();
  const alloc = empty.allocatable;
  for (const pod of pods) {
    const r = podRequests(pod);
    let done = false;
    // Most free cpu and memory over the nodes added so far bound what can fit there at all.
    let roomCpu = 0;
    let roomMemory = 0;
    for (let i = 0; i < nodes.length; i++) {
      const ni = nodes[i];
      const c = alloc.milliCPU - ni.requested.milliCPU;
      const m = alloc.memory - ni.requested.memory;
      if (c > roomCpu) roomCpu = c;
      if (m > roomMemory) roomMemory = m;
      if (c >= r.milliCPU && m >= r.memory && fitsOn(pod, ni, profile)) {
        ni.addPod(pod);
        done = true;
        break;
      }
    }
    if (!done && nodes.length < maxNodes) {
      const key = pod.spec.containers;
      let ok = fitsEmpty.get(key);
      if (ok === undefined) fitsEmpty.set(key, (ok = fitsOn(pod, empty, profile)));
      if (ok) {
        const ni = new NodeInfo({ ...template, metadata: { ...template.metadata, name: `${template.metadata.name}-${nodes.length}` } });
        ni.addPod(pod);
        nodes.push(ni);
        done = true;
      }
    }
    if (done) placed.push(pod);
    else if (nodes.length >= maxNodes && roomCpu === 0 && roomMemory === 0) break;
  }
  return { nodes, placed };
}

const allocatableCache = new WeakMap<object, { cpu: number; memory: number }>();

/** Allocatable cpu (millicores) and memory (bytes) of a node (cached per allocatable list object). */
export function allocatableOf(node: Node): { cpu: number; memory: number } {
  const list = node.status.allocatable;
  let a = allocatableCache.get(list);
  if (a === undefined) {
    const r = resourceFromList(list);
    allocatableCache.set(list, (a = { cpu: r.milliCPU, memory: r.memory }));
  }
  return a;
}
