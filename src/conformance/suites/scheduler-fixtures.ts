import { Node } from '../../api/node';
import { Container, Pod, ResourceList } from '../../api/pod';
import { NodeInfo } from '../../scheduler/node-info';

/**
 * Builders turning the scheduler conformance tables' JSON (cpu_milli, memory_bytes, other resources
 * as integers) into Node and Pod objects, so cases run through the real NodeInfo and plugins.
 */

export function resourceList(json: Record<string, number> | undefined | null): ResourceList {
  const out: ResourceList = {};
  if (!json) return out;
  for (const [k, v] of Object.entries(json)) {
    if (k === 'cpu_milli') out.cpu = `${v}m`;
    else if (k === 'memory_bytes') out.memory = v;
    else out[k] = v;
  }
  return out;
}

export function makeNode(name: string, allocatable?: Record<string, number> | null, labels?: Record<string, string>, taints?: any[]): Node {
  const alloc = resourceList(allocatable);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: { taints },
    status: { capacity: alloc, allocatable: alloc, conditions: [] },
  };
}

function container(c: any, i: number, prefix: string): Container {
  return { name: `${prefix}${i}`, image: 'img', resources: { requests: resourceList(c?.requests) } };
}

let podSeq = 0;

export function makePod(json: any, extra: Partial<Pod['spec']> = {}, labels?: Record<string, string>): Pod {
  const spec: Pod['spec'] = { containers: (json?.containers ?? []).map((c: any, i: number) => container(c, i, 'c')), ...extra };
  if (json?.init_containers) spec.initContainers = json.init_containers.map((c: any, i: number) => container(c, i, 'init'));
  if (json?.overhead) spec.overhead = resourceList(json.overhead);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${++podSeq}`, namespace: 'default', labels },
    spec,
    status: { phase: 'Pending' },
  };
}

/** NodeInfos for `nodes`, with every existing pod placed on the node its `node` field names. */
export function makeNodeInfos(nodes: any[], existingPods: any[] = []): NodeInfo[] {
  const infos = nodes.map((n) => new NodeInfo(makeNode(n.name, n.allocatable, n.labels, n.taints)));
  for (const p of existingPods) {
    const ni = infos.find((i) => i.name === p.node);
    if (ni) ni.addPod(makePod(p));
  }
  return infos;
}
