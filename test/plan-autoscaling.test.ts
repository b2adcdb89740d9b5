import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { autoscalingCost } from '../src/autoscaler/plan-facts';
import { HorizontalPodAutoscaler } from '../src/api/hpa';
import { InputError, loadScenarioFile } from '../src/scenario/load';
import { Limits } from '../src/scenario/limits';
import { Simulation } from '../src/sim/simulation';
import { AutoscalerSettings, autoscalingOverrides } from '../src/studies/plan-autoscaling';
import { HOURS_PER_MONTH, runPlan } from '../src/studies/plan';

const ROOT = path.resolve(__dirname, '..', '..');
const SHIPPED = fs.readFileSync(path.join(ROOT, 'scenarios', 'autoscaling-plan.yaml'), 'utf8');
const PLAN = SHIPPED.slice(SHIPPED.indexOf('  plan:\n'));

/** The shipped scenario with its spec.plan replaced by `plan` (and `edit` applied), in a temp folder. */
function scenarioWith(plan: string, edit: (text: string) => string = (t) => t): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-aplan-'));
  const file = path.join(dir, 'autoscaling-plan.yaml');
  fs.writeFileSync(file, edit(SHIPPED.replace(PLAN, plan)));
  return file;
}

/** The problems of loading `file`, as "line:col: path: message" strings. */
function problems(file: string, limits?: Partial<Limits>): string[] {
  try {
    loadScenarioFile(file, { limits });
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.line}:${p.col}: ${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

function lineOf(file: string, needle: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

test('plan spec: an unknown node group gets a did-you-mean and points at its line', () => {
  const file = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: generl\n      maxNodes: [4]\n');
  const ps = problems(file);
  assert.equal(ps.length, 1, ps.join('\n'));
  assert.match(ps[0], /^\d+:\d+: spec\.plan\.autoscaling\.nodeGroup: no node pool named "generl" \(did you mean "general"\?\); node groups \(pools with autoscaling\): general$/);
  assert.equal(Number(ps[0].split(':')[0]), lineOf(file, 'nodeGroup: generl'));
});

test('plan spec: a pool without autoscaling is not a node group', () => {
  const file = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: 4\n', (t) => t.replace(/        autoscaling:\n(          .*\n){3}/, ''));
  assert.deepEqual(
    problems(file).map((p) => p.replace(/^\d+:\d+: /, '')),
    ['spec.plan.autoscaling.nodeGroup: node pool "general" has no autoscaling: give it nodePools[0].autoscaling {min, max} to make it a node group'],
  );
});

test('plan spec: min above max, and bounds that would not contain the pool count, are rejected at the entry', () => {
  const file = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      minNodes: [1, 3]\n      maxNodes: [2, 6]\n');
  assert.deepEqual(
    problems(file).map((p) => p.replace(/^\d+:\d+: /, '')),
    [
      'spec.plan.autoscaling.maxNodes[0]: must be at least every minNodes candidate (largest: 3), got 2',
    ],
  );
  const below = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: [1, 6]\n', (t) => t.replace('min: 1\n', 'min: 0\n'));
  assert.deepEqual(problems(below).map((p) => p.replace(/^\d+:\d+: /, '')), [
    "spec.plan.autoscaling.maxNodes[0]: must be at least the pool's count (2), got 1: a node group starts from its pool's count, which must lie within [min, max]",
  ]);
  const own = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      minNodes: 12\n');
  assert.deepEqual(problems(own).map((p) => p.replace(/^\d+:\d+: /, '')), ["spec.plan.autoscaling.minNodes: must be at most the node group's max (10), got 12"]);
  const dup = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: [4, 4]\n');
  assert.deepEqual(problems(dup).map((p) => p.replace(/^\d+:\d+: /, '')), ['spec.plan.autoscaling.maxNodes[1]: Duplicate value: 4']);
});

test('node counts over --limit maxNodes (autoscaling.max, spec.plan counts) name the limit and the option that raises it', () => {
  const strip = (ps: string[]) => ps.map((p) => p.replace(/^\d+:\d+: /, ''));
  const group = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: [4]\n');
  assert.deepEqual(strip(problems(group, { maxNodes: 8 })), ['spec.cluster.nodePools[0].autoscaling.max: 10 nodes is too many; the limit is 8 nodes (raise it with --limit maxNodes=10)']);
  assert.deepEqual(problems(group, { maxNodes: 10 }), []);
  const candidates = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: [4, 12]\n', (t) => t.replace('max: 10\n', 'max: 12\n'));
  assert.deepEqual(strip(problems(candidates, { maxNodes: 11 })), [
    'spec.cluster.nodePools[0].autoscaling.max: 12 nodes is too many; the limit is 11 nodes (raise it with --limit maxNodes=12)',
    'spec.plan.autoscaling.maxNodes[1]: 12 nodes is too many; the limit is 11 nodes (raise it with --limit maxNodes=12)',
  ]);
  const pool = scenarioWith('  plan:\n    pool: general\n    nodeTypes:\n      - { name: a, capacity: { cpu: "2", memory: 8Gi }, costPerHour: 0.1 }\n    minNodes: 11\n    maxNodes: 20\n', (t) => t.replace(/        autoscaling:\n(          .*\n){3}/, ''));
  assert.deepEqual(strip(problems(pool, { maxNodes: 10 })), [
    'spec.plan.minNodes: 11 nodes is too many; the limit is 10 nodes (raise it with --limit maxNodes=11)',
    'spec.plan.maxNodes: 20 nodes is too many; the limit is 10 nodes (raise it with --limit maxNodes=20)',
  ]);
  assert.deepEqual(problems(pool, { maxNodes: 20 }), []);
});

test('plan spec: an unknown HPA gets a did-you-mean; targets must be positive; pool fields do not mix in', () => {
  const file = scenarioWith('  plan:\n    pool: general\n    autoscaling:\n      nodeGroup: general\n      hpaTargets:\n        - { hpa: webb, averageUtilization: [50, 0] }\n');
  const ps = problems(file).map((p) => p.replace(/^\d+:\d+: /, ''));
  assert.deepEqual(ps, [
    'spec.plan.pool: not used with spec.plan.autoscaling: a plan either sizes a fixed pool (pool, nodeTypes, minNodes, maxNodes) or searches the autoscaler settings of a node group (autoscaling)',
    'spec.plan.autoscaling.hpaTargets[0].hpa: no HorizontalPodAutoscaler "webb" inline under spec.resources (did you mean "web"?); inline HPAs: web',
    'spec.plan.autoscaling.hpaTargets[0].averageUtilization[1]: must be at least 1, got 0',
  ]);
});

test('plan spec: an HPA from a file: manifest cannot be planned, and the message says how to fix it', () => {
  const file = scenarioWith('  plan:\n    autoscaling:\n      nodeGroup: general\n      hpaTargets:\n        - { hpa: web, averageUtilization: [50] }\n', (t) => {
    const hpa = t.slice(t.indexOf('    - apiVersion: autoscaling/v2'), t.indexOf('\n  expect:'));
    const manifest = hpa.replace(/^    - /, '').replace(/^      /gm, '');
    fs.writeFileSync(path.join(os.tmpdir(), `kubesim-aplan-hpa-${process.pid}.yaml`), manifest);
    return t.replace(hpa, `    - file: ${path.join(os.tmpdir(), `kubesim-aplan-hpa-${process.pid}.yaml`)}\n`);
  });
  const ps = problems(file);
  assert.equal(ps.length, 1, ps.join('\n'));
  assert.match(ps[0], /hpaTargets\[0\]\.hpa: no HorizontalPodAutoscaler "web" inline under spec\.resources; inline HPAs: none; HPAs from file: manifests cannot be planned .*write the HPA inline under spec\.resources$/);
});

test('plan overrides: node group bounds and the HPA target reach the loaded scenario (metrics list created when absent)', () => {
  const plan = '  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: [6]\n      hpaTargets:\n        - { hpa: web, averageUtilization: [70] }\n';
  const settings: AutoscalerSettings = { minNodes: 2, maxNodes: 7, hpaTargets: [{ hpa: 'web', averageUtilization: 73 }] };
  for (const edit of [(t: string) => t, (t: string) => t.replace(/        metrics:\n(          .*\n){4}/, '')]) {
    const file = scenarioWith(plan, edit);
    const s = loadScenarioFile(file);
    const hpaBefore = s.resources.map((r) => r.object).find((o) => o.kind === 'HorizontalPodAutoscaler') as HorizontalPodAutoscaler;
    const loaded = loadScenarioFile(file, { overrides: autoscalingOverrides(s.plan!, s.plan!.autoscaling!, settings) });
    assert.deepEqual({ min: loaded.cluster.nodePools[0].autoscaling!.min, max: loaded.cluster.nodePools[0].autoscaling!.max }, { min: 2, max: 7 });
    const hpa = loaded.resources.map((r) => r.object).find((o) => o.kind === 'HorizontalPodAutoscaler') as HorizontalPodAutoscaler;
    assert.notEqual(hpaBefore.spec.metrics?.[0]?.resource?.target.averageUtilization, 73);
    assert.equal(hpa.spec.metrics?.length, 1);
    assert.deepEqual(hpa.spec.metrics![0].resource, { name: 'cpu', target: { type: 'Utilization', averageUtilization: 73 } });
  }
});

test('autoscaling plan: cheapest passing candidate, cost from real runs, every cheaper one failing; deterministic', async () => {
  const plan = '  plan:\n    autoscaling:\n      nodeGroup: general\n      maxNodes: [3, 6]\n      hpaTargets:\n        - { hpa: web, averageUtilization: [50, 85] }\n    confidence: 95%\n    seeds: 3\n';
  const file = scenarioWith(plan);
  const out = path.dirname(file);
  const { result } = await runPlan({ file, workers: 2, out: path.join(out, 'a') });
  const a = result.autoscaling!;
  assert.equal(a.candidates.length, 4);
  assert.deepEqual(
    a.candidates.map((c) => [c.settings.minNodes, c.settings.maxNodes, c.settings.hpaTargets[0].averageUtilization]),
    [[1, 3, 50], [1, 3, 85], [1, 6, 50], [1, 6, 85]],
  );
  assert.ok(a.best, a.note);
  const best = a.best!;
  assert.ok(best.meets && best.passRate >= 0.95);
  assert.ok(a.candidates.some((c) => !c.meets), 'the grid must hold a failing candidate for the choice to mean anything');
  for (const c of a.candidates) {
    if (c.costPerPeriod < best.costPerPeriod) assert.equal(c.meets, false, `${c.label} is cheaper and must have failed`);
    assert.equal(c.passRate, c.runs.filter((r) => r.pass).length / c.runs.length);
  }

  const s = loadScenarioFile(file);
  const overrides = autoscalingOverrides(s.plan!, s.plan!.autoscaling!, best.settings);
  const costs = [1, 2, 3].map((seed) => {
    const facts = new Simulation(loadScenarioFile(file, { seed, overrides })).run();
    assert.equal(facts.autoscaling!.clusterAutoscaler!.groups[0].max, best.settings.maxNodes);
    return autoscalingCost(facts).cost;
  });
  assert.deepEqual(best.runs.map((r) => r.cost), costs);
  const mean = costs.reduce((x, y) => x + y, 0) / costs.length;
  assert.equal(best.costPerPeriod, Math.round(mean * 1e6) / 1e6);
  assert.equal(best.costPerMonth, Math.round((best.costPerPeriod / 3) * HOURS_PER_MONTH * 100) / 100);

  const md = fs.readFileSync(path.join(out, 'a', 'plan.md'), 'utf8');
  assert.match(md, new RegExp(`Cheapest: ${best.label}`));
  assert.equal(md.split('\n').filter((l) => /^\| \d+ \| \d+ \| \d+% \|/.test(l)).length, 4);
  const runs = fs.readFileSync(path.join(out, 'a', 'runs.csv'), 'utf8').trim().split('\n');
  assert.equal(runs.length - 1, 4 * 3);
  assert.match(runs[0], /^min_nodes,max_nodes,hpa_target:web,seed,/);

  await runPlan({ file, workers: 1, out: path.join(out, 'b') });
  for (const f of ['plan.json', 'plan.md', 'runs.csv', 'points.csv']) {
    assert.equal(fs.readFileSync(path.join(out, 'b', f), 'utf8'), fs.readFileSync(path.join(out, 'a', f), 'utf8'), f);
  }
});
