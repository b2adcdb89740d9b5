import { Node, Taint } from '../src/api/node';
import { Pod, PodSpec, ResourceList } from '../src/api/pod';

/** Small builders for scheduler tests. */
export function node(name: string, alloc: ResourceList, labels: Record<string, string> = {}, taints?: Taint[]): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: { taints },
    status: { capacity: alloc, allocatable: alloc, conditions: [] },
  };
}

let seq = 0;
export function pod(requests: ResourceList = {}, spec: Partial<PodSpec> = {}, labels?: Record<string, string>, name?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: name ?? `p${++seq}`, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'app:1', resources: { requests } }], ...spec },
    status: { phase: 'Pending' },
  };
}
