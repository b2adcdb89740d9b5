import { Pod } from '../api/pod';
import { Node } from '../api/node';
import { NodeInfo } from '../scheduler/node-info';
import { Profile, scheduleOne } from '../scheduler/schedule-one';
import { podRequests, resourceFromList } from '../scheduler/resources';

const FIRST = (): number => 0;

/**
 * Whether `pod` passes the scheduler's PreFilter and Filter plugins on `ni` (kube-scheduler's own
 * plugins, run through scheduleOne on a one-node snapshot), as cluster-autoscaler's
 * PredicateChecker runs the scheduler framework against a simulated node.
 */
export function fitsOn(pod: Pod, ni: NodeInfo, profile: Profile): boolean {
  const r = podRequests(pod);
  const a = ni.allocatable;
  if (ni.requested.milliCPU + r.milliCPU > a.milliCPU || ni.requested.memory + r.memory > a.memory) return false;
  if (a.allowedPodNumber > 0 && ni.pods.length + 1 > a.allowedPodNumber) return false;
  return 'nodeName' in scheduleOne(pod, [ni], profile, { nextStartNodeIndex: 0 }, FIRST);
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
  for (const pod of pods) {
    let done = false;
    for (const ni of nodes) {
      if (fitsOn(pod, ni, profile)) {
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
  }
  return { nodes, placed };
}

/** Allocatable cpu (millicores) and memory (bytes) of a node. */
export function allocatableOf(node: Node): { cpu: number; memory: number } {
  const r = resourceFromList(node.status.allocatable);
  return { cpu: r.milliCPU, memory: r.memory };
}
