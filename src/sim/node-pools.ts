import { Node, LABEL_HOSTNAME, LABEL_ZONE } from '../api/node';
import { NodePool } from '../scenario/scenario';

/** Label naming the pool a node came from. */
export const LABEL_POOL = 'kubesim.dev/pool';

/**
 * Makes the Node objects of a pool. Node i of pool p is named "p-i" and placed in zone
 * zones[i mod zones.length] (round-robin spread, so a pool's nodes split evenly over its zones).
 * Numbering continues across addNodes actions (`first` is the next free index).
 */
export function makePoolNodes(pool: NodePool, first: number, count: number): Node[] {
  const out: Node[] = [];
  for (let i = first; i < first + count; i++) {
    const name = `${pool.name}-${i}`;
    const zone = pool.zones[i % pool.zones.length];
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { ...pool.labels, [LABEL_HOSTNAME]: name, [LABEL_ZONE]: zone, [LABEL_POOL]: pool.name },
      },
      spec: { taints: pool.taints.length ? pool.taints.map((t) => ({ ...t })) : undefined },
      status: {
        capacity: pool.capacity,
        allocatable: pool.allocatable ?? pool.capacity,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: 0 }],
      },
    });
  }
  return out;
}
