import { ConformanceFile, CaseRunner, suitesBlock, PASS, fail, expectEqual } from '../suite';
import { Node } from '../../api/node';
import { CycleState } from '../../scheduler/framework';
import { NodeInfo } from '../../scheduler/node-info';
import {
  CompiledNodeSelector,
  CompiledPreferredTerms,
  RequiredNodeAffinity,
  compileTerm,
  termMatches,
} from '../../scheduler/node-selector';
import { NodeAffinity } from '../../scheduler/plugins/node-affinity';
import { makeNode, makePod } from './scheduler-fixtures';

/** Adapter for node-affinity.json: the compiled node selectors and the NodeAffinity plugin. */

function node(json: any): Node | null {
  return json === null || json === undefined ? null : makeNode(json.name ?? '', null, json.labels);
}

function pod(json: any) {
  const extra: any = {};
  if (json?.nodeSelector) extra.nodeSelector = json.nodeSelector;
  if (json?.affinity) extra.affinity = json.affinity;
  return makePod({ containers: [] }, extra);
}

const runners: Record<string, CaseRunner> = {
  pod_matches_node_selector_and_affinity: (c) => {
    const p = pod(c.pod);
    const req = new RequiredNodeAffinity(p.spec.nodeSelector, p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    return expectEqual(req.match(node(c.node)!), c.expected_match, 'match');
  },
  node_selector_match: (c) => {
    const sel = new CompiledNodeSelector({ nodeSelectorTerms: c.node_selector_terms ?? [] });
    if (sel.errors().length > 0) return expectEqual(false, c.expected_match, 'match (selector has parse errors)');
    return expectEqual(sel.match(node(c.node)), c.expected_match, 'match');
  },
  match_node_selector_terms: (c) => {
    const sel = new CompiledNodeSelector({ nodeSelectorTerms: c.node_selector_terms ?? [] });
    return expectEqual(sel.match(node(c.node)), c.expected_match, 'match');
  },
  preferred_scheduling_terms_score: (c) => {
    const terms = new CompiledPreferredTerms(c.preferred_terms);
    if (c.expected_parse_errors) return expectEqual(terms.errors, c.expected_parse_errors, 'parse errors');
    if (terms.errors.length > 0) return fail(`unexpected parse errors ${JSON.stringify(terms.errors)}`);
    const n = node(c.node)!;
    return expectEqual(terms.score(n.metadata.labels, n.metadata.name), c.expected_score, 'score');
  },
  label_requirement_matching: (c) => {
    const term = compileTerm({ matchExpressions: c.requirements }, '');
    if (term.errors.length > 0) return fail(`requirements failed to parse: ${JSON.stringify(term.errors)}`);
    return expectEqual(termMatches(term, c.labels, ''), c.expected_match, 'match');
  },
  scheduler_plugin_filter: (c) => {
    const plugin = new NodeAffinity({ addedAffinity: c.added_affinity });
    const p = pod(c.pod);
    const ni = new NodeInfo(node(c.node)!);
    const state = new CycleState();
    const pre = plugin.preFilter(state, p);
    if (c.expected_prefilter?.code === 'Skip' && pre.status?.code !== 'Skip') return fail(`PreFilter: expected Skip, got ${pre.status?.code ?? 'Success'}`);
    if ('expected_prefilter_result_node_names' in c) {
      const names = pre.result?.nodeNames ? [...pre.result.nodeNames].sort() : null;
      const r = expectEqual(names, c.expected_prefilter_result_node_names, 'PreFilterResult.nodeNames');
      if (r.status !== 'pass') return r;
    }
    const st = plugin.filter(state, p, ni);
    if (c.expected_filter === 'Success') return st === null ? PASS : fail(`Filter: expected Success, got ${st.code}: ${st.message()}`);
    if (st === null) return fail('Filter: expected rejection, got Success');
    return expectEqual({ code: st.code, reason: st.message() }, c.expected_filter, 'Filter status');
  },
  scheduler_plugin_priority: (c) => {
    const addedAffinity = c.added_affinity_preferred_terms ? { preferredDuringSchedulingIgnoredDuringExecution: c.added_affinity_preferred_terms } : undefined;
    const plugin = new NodeAffinity({ addedAffinity });
    const p = pod(c.pod_preferred_terms ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: c.pod_preferred_terms } } } : {});
    const nodes = c.nodes.map((n: any) => new NodeInfo(node(n)!));
    const state = new CycleState();
    const skipped = c.run_prescore && plugin.preScore(state, p)?.code === 'Skip';
    const scores = nodes.map((ni: NodeInfo) => (skipped ? 0 : plugin.score(state, p, ni)));
    if (!skipped) plugin.normalizeScore(state, p, nodes, scores);
    const got: Record<string, number> = {};
    nodes.forEach((ni: NodeInfo, i: number) => (got[ni.name] = scores[i]));
    return expectEqual(got, c.expected_normalized_scores, 'normalized scores');
  },
};

export const nodeAffinityFile: ConformanceFile = {
  file: 'node-affinity.json',
  listSuites: (doc) => suitesBlock(doc),
  runners,
};
