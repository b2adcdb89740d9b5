import { ConformanceFile, CaseRunner, suitesBlock, PASS, fail, expectEqual, skip } from '../suite';
import { Taint } from '../../api/node';
import { Toleration } from '../../api/pod';
import { CycleState } from '../../scheduler/framework';
import { NodeInfo } from '../../scheduler/node-info';
import { TaintToleration, toleratesTaint } from '../../scheduler/plugins/taint-toleration';
import { compareNumericValues, findMatchingUntoleratedTaint, getMinTolerationTime, TaintFilter } from '../../scheduler/toleration';
import { makeNode, makePod } from './scheduler-fixtures';

/** Adapter for taints-tolerations.json: toleration helpers and the TaintToleration plugin. */

function taintFilter(name: string): TaintFilter {
  switch (name) {
    case 'none':
      return () => false;
    case 'effect==NoExecute':
      return (t: Taint) => t.effect === 'NoExecute';
    default:
      return null;
  }
}

function podWith(tolerations: Toleration[]) {
  return makePod({ containers: [] }, { tolerations });
}

const runners: Record<string, CaseRunner> = {
  tolerates_taint: (c) =>
    expectEqual(toleratesTaint(c.toleration, c.taint, c.comparison_operators_enabled), c.expected_tolerates, 'tolerates'),
  compare_numeric_values: (c) =>
    expectEqual(compareNumericValues(c.toleration_value, c.taint_value, c.operator), c.expected, 'compareNumericValues'),
  find_matching_untolerated_taint: (c) => {
    const t = findMatchingUntoleratedTaint(c.taints, c.tolerations, taintFilter(c.taint_filter), c.comparison_operators_enabled);
    return expectEqual(t === undefined, c.expected_all_filtered_taints_tolerated, 'all filtered taints tolerated');
  },
  scheduler_filter: runFilter,
  scheduler_filter_feature_gate: runFilter,
  scheduler_score: (c) => {
    const plugin = new TaintToleration({ enableComparisonOperators: c.comparison_operators_enabled });
    const pod = podWith(c.pod_tolerations);
    const nodes = c.nodes.map((n: any) => new NodeInfo(makeNode(n.name, null, undefined, n.taints)));
    const state = new CycleState();
    plugin.preScore(state, pod);
    const scores = nodes.map((ni: NodeInfo) => plugin.score(state, pod, ni));
    plugin.normalizeScore(state, pod, nodes, scores);
    const got: Record<string, number> = {};
    nodes.forEach((ni: NodeInfo, i: number) => (got[ni.name] = scores[i]));
    return expectEqual(got, c.expected_normalized_scores, 'normalized scores');
  },
  min_toleration_time: (c) => {
    const used: Toleration[] = c.used_toleration_seconds.map((s: number | null) => (s === null ? {} : { tolerationSeconds: s }));
    return expectEqual(getMinTolerationTime(used), c.expected_seconds, 'min toleration seconds');
  },
};

function runFilter(c: any) {
  if (c.featureGated) return skip('featureGated');
  const plugin = new TaintToleration({ enableComparisonOperators: c.comparison_operators_enabled });
  const ni = new NodeInfo(makeNode('node', null, undefined, c.node_taints));
  const status = plugin.filter(new CycleState(), podWith(c.pod_tolerations), ni);
  if (c.expected_schedulable) return status === null ? PASS : fail(`expected schedulable, got ${status.code}: ${status.message()}`);
  if (status === null) return fail('expected rejection, got Success');
  return expectEqual({ code: status.code, reason: status.message() }, c.expected_status, 'status');
}

export const taintsTolerationsFile: ConformanceFile = {
  file: 'taints-tolerations.json',
  listSuites: (doc) => suitesBlock(doc),
  runners,
};
