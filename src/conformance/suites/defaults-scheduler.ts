import { CaseRunner, expectEqual } from '../suite';
import { numFeasibleNodesToFind } from '../../scheduler/nodes-to-score';

/**
 * Runners for the scheduler tables of defaults.json, by table name. A table runner receives one
 * case of the table (an element of table.cases, or for tables without cases, the table itself).
 */
export const schedulerDefaultsTables: Record<string, CaseRunner> = {
  num_feasible_nodes_to_find: (c) =>
    expectEqual(numFeasibleNodesToFind(c.percentageOfNodesToScore, c.numAllNodes), c.wantNumNodes, 'numFeasibleNodesToFind'),
};
