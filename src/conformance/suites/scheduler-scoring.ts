import { Snapshot } from '../../scheduler/snapshot';
import { ConformanceFile, CaseRunner, suitesBlock, PASS, fail, expectEqual, CaseOutcome } from '../suite';
import { CycleState, ScorePlugin, PreScorePlugin, StatusError } from '../../scheduler/framework';
import { NodeInfo } from '../../scheduler/node-info';
import { podRequests } from '../../scheduler/resources';
import { NodeResourcesFit, fitsRequest, validateNodeResourcesFitArgs } from '../../scheduler/plugins/node-resources-fit';
import { NodeResourcesBalancedAllocation } from '../../scheduler/plugins/node-resources-balanced-allocation';
import { brokenLinear } from '../../scheduler/plugins/scoring-strategies';
import { makeNodeInfos, makePod, makeNode } from './scheduler-fixtures';

/** Adapter for scheduler-scoring.json: every suite runs through the real NodeResources plugins. */

function scorePlugin(c: any): ScorePlugin & PreScorePlugin {
  if (c.strategy === 'BalancedAllocation') return new NodeResourcesBalancedAllocation({ resources: c.resources ?? undefined });
  return new NodeResourcesFit({
    scoringStrategy: {
      type: c.strategy,
      resources: c.resources ?? [],
      requestedToCapacityRatio: c.shape ? { shape: c.shape } : undefined,
    },
  });
}

const runScoring: CaseRunner = (c) => {
  if (c.expected.kind === 'config_error') {
    const errs = validateNodeResourcesFitArgs({ scoringStrategy: { type: c.strategy, resources: c.resources ?? [] } });
    return expectEqual(errs.map((e) => ({ type: e.type, field: e.field })), [{ type: c.expected.error_type, field: c.expected.field }], 'args errors');
  }
  const nodes = makeNodeInfos(c.nodes, c.existing_pods);
  const pod = makePod(c.incoming_pod);
  const plugin = scorePlugin(c);
  const state = new CycleState();
  const snapshot = new Snapshot();
  for (const ni of nodes) snapshot.addNode(ni);
  const pre = plugin.preScore(state, pod, nodes, nodes, snapshot);
  const kind = c.expected.kind;
  if (kind === 'prescore_skip') return pre !== null && pre.code === 'Skip' ? PASS : fail(`expected PreScore Skip, got ${pre?.code ?? 'Success'}`);
  if (pre !== null) return fail(`PreScore returned ${pre.code}`);
  const scores: Record<string, number> = {};
  let errored = false;
  for (const ni of nodes) {
    try {
      scores[ni.name] = plugin.score(state, pod, ni);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      errored = true;
      scores[ni.name] = 0;
    }
  }
  if (kind === 'score_status_error' && !errored) return fail('expected Score to return an Error status');
  if (kind === 'scores' && errored) return fail('Score returned an Error status');
  return expectEqual(scores, c.expected.scores, 'scores');
};

const runBrokenLinear: CaseRunner = (c) => {
  const got = c.assertions.map(([p]: [number, number]) => [p, brokenLinear(c.shape, p)]);
  return expectEqual(got, c.assertions, 'brokenLinear');
};

function runFit(suiteName: string): CaseRunner {
  return (c, doc) => {
    const nodeJson = c.node ?? doc.suites[suiteName].node;
    const ni = new NodeInfo(makeNode('node', nodeJson.allocatable));
    for (const p of c.existing_pods ?? []) ni.addPod(makePod(p));
    const pod = makePod(c.incoming_pod);
    const plugin = new NodeResourcesFit({ ignoredResources: c.ignored_resources });
    const status = plugin.filter(new CycleState(), pod, ni);
    const exp = c.expected;
    const fits = status === null;
    if (fits !== exp.fits) return fail(`fits: expected ${exp.fits}, got ${fits} (${status?.message() ?? ''})`);
    const r = expectEqual(status === null ? [] : [...status.reasons], exp.reasons, 'reasons');
    if (r.status !== 'pass') return r;
    const insufficient = fitsRequest(podRequests(pod), ni, new Set(c.ignored_resources ?? []));
    const got = insufficient.map((x, i) => {
      const e = exp.insufficient[i] ?? {};
      const o: Record<string, unknown> = { resource: x.resourceName, reason: x.reason };
      if ('requested' in e) o.requested = x.requested;
      if ('used' in e) o.used = x.used;
      if ('capacity' in e) o.capacity = x.capacity;
      return o;
    });
    return expectEqual(got, exp.insufficient, 'insufficient');
  };
}

const runners: Record<string, CaseRunner> = {
  least_allocated: runScoring,
  most_allocated: runScoring,
  balanced_allocation: runScoring,
  requested_to_capacity_ratio: runScoring,
  rtcr_bin_packing_single_extended: runScoring,
  rtcr_bin_packing_multiple_extended: runScoring,
  broken_linear_function: runBrokenLinear,
  fit_enough_requests: runFit('fit_enough_requests'),
  fit_not_enough_pods: runFit('fit_not_enough_pods'),
  fit_storage_requests: runFit('fit_storage_requests'),
};

export const schedulerScoringFile: ConformanceFile = {
  file: 'scheduler-scoring.json',
  listSuites: (doc) => suitesBlock(doc),
  runners,
};

export type { CaseOutcome };
