/**
 * How many feasible nodes a scheduling cycle looks for, as kube-scheduler's numFeasibleNodesToFind.
 *
 * Clusters under 100 nodes are searched fully. Otherwise percentageOfNodesToScore (0 = adaptive:
 * 50 - numAllNodes/125, integer division, at least 5) of the nodes, but at least 100.
 * Examples: 1,000 nodes adaptive → 42% → 420; 6,000 nodes at 40% → 2,400; 5,000 nodes adaptive
 * → 10% → 500.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
export const BASE_PERCENTAGE_OF_NODES_TO_SCORE = 50;

export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = BASE_PERCENTAGE_OF_NODES_TO_SCORE - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/**
 * The rotating start of the node search (Scheduler.nextStartNodeIndex): each cycle starts where
 * the previous one stopped, so the nodes a partial search never reaches get their turn.
 * `processed` is the number of nodes the cycle evaluated (feasible + rejected).
 */
export function nextStartNodeIndex(current: number, processed: number, numNodes: number): number {
  return numNodes === 0 ? 0 : (current + processed) % numNodes;
}
