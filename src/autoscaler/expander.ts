import { Uniform } from '../engine/rng';
import { Expander } from '../scenario/autoscaling-spec';

/** One way to scale up: add `nodeCount` nodes to a group, which would schedule `pods` pending pods. */
export interface ScaleUpOption {
  group: string;
  nodeCount: number;
  pods: number;
  /** Requests of the pods the option schedules, and the capacity of the nodes it adds (millicores, bytes). */
  requestedCpu: number;
  requestedMemory: number;
  capacityCpu: number;
  capacityMemory: number;
  /** Cost per hour of one node of the group (0 when unpriced). */
  nodeCostPerHour: number;
}

/**
 * cluster-autoscaler's expanders (expander/*): pick one option among those that help at least
 * one pod. Ties go to a uniform draw among the best (upstream chains each strategy with random).
 * - least-waste: the smallest (idle cpu fraction + idle memory fraction) on the added nodes
 *   (waste.go). Example: 1 node of 4 cpu / 16Gi for pods requesting 3 cpu / 8Gi → 0.25 + 0.5 = 0.75.
 * - most-pods: the option scheduling the most pods (mostpods.go).
 * - price: the lowest added cost per hour per pod scheduled (a simplification of price.go's
 *   node-price-to-pod-requests preference).
 * - random: a uniform draw (random.go).
 * Returns the index of the chosen option, or -1 when there is none.
 */
export function chooseOption(kind: Expander, options: readonly ScaleUpOption[], u: Uniform): number {
  if (options.length === 0) return -1;
  if (kind === 'random') return Math.floor(u() * options.length);
  const scores = options.map((o) => score(kind, o));
  let best = Infinity;
  for (const s of scores) if (s < best) best = s;
  const tied: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] === best) tied.push(i);
  return tied.length === 1 ? tied[0] : tied[Math.floor(u() * tied.length)];
}

/** Lower is better. */
export function score(kind: Expander, o: ScaleUpOption): number {
  switch (kind) {
    case 'least-waste': {
      const cpu = o.capacityCpu > 0 ? (o.capacityCpu - o.requestedCpu) / o.capacityCpu : 0;
      const mem = o.capacityMemory > 0 ? (o.capacityMemory - o.requestedMemory) / o.capacityMemory : 0;
      return cpu + mem;
    }
    case 'most-pods':
      return -o.pods;
    case 'price':
      return o.pods > 0 ? (o.nodeCount * o.nodeCostPerHour) / o.pods : Infinity;
    case 'random':
      return 0;
  }
}
