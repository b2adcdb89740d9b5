import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InputError, Problem, formatProblem, isScenarioDocument, loadScenarioFile, loadScenarioText } from '../src/scenario/load';
import { MINUTE, SECOND } from '../src/engine/time';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'scenario');

/** A minimal valid scenario with `extra` lines appended under spec (2-space indented). */
function scenario(extra = '', cluster = '      - { name: general, count: 3, capacity: { cpu: "8", memory: 32Gi } }'): string {
  return [
    'apiVersion: kubesim.dev/v1',
    'kind: Scenario',
    'metadata: { name: t }',
    'spec:',
    '  duration: 30m',
    '  cluster:',
    '    nodePools:',
    cluster,
    extra,
  ].join('\n');
}

function problems(text: string, options = {}): Problem[] {
  try {
    loadScenarioText(text, 'scenarios/x.yaml', FIXTURES, options);
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.problems;
  }
  assert.fail('expected an InputError');
}

test('the quickstart fixture loads with files, defaults and a sorted timeline', () => {
  const s = loadScenarioFile(join(FIXTURES, 'quickstart.yaml'));
  assert.equal(s.name, 'quickstart');
  assert.equal(s.seed, 42);
  assert.equal(s.duration, 30 * MINUTE);
  assert.equal(s.sampleInterval, 5 * SECOND);
  assert.equal(s.outputDir, join(FIXTURES, 'out/quickstart'));
  assert.deepEqual(s.latencies, { watch: 1000, controllerSync: 10000, binding: 5000 });
  const [general, gpu] = s.cluster.nodePools;
  assert.deepEqual(general.capacity, { cpu: '8', memory: '32Gi', 'ephemeral-storage': '100Gi', pods: '110' });
  assert.deepEqual(general.zones, ['a', 'b', 'c']);
  assert.equal(general.imagePullBandwidth, 100 * 1024 * 1024);
  assert.deepEqual(gpu.zones, ['zone-a']);
  assert.deepEqual(gpu.taints, [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  const web = s.applications.get('shop/web:v1')!;
  assert.equal(web.imageSize, 250 * 1024 * 1024);
  assert.equal(web.startup.kind, 'lognormal');
  assert.equal(web.mtbf, 72 * 60 * MINUTE);
  const v2 = s.applications.get('shop/web:v2')!;
  assert.deepEqual(v2.startup, { kind: 'constant', value: SECOND });
  assert.deepEqual(v2.crashAfter, { probability: 0.2, after: { kind: 'uniform', min: 30 * SECOND, max: 120 * SECOND } });
  assert.deepEqual(s.resources.map((o) => `${o.object.kind}/${o.object.metadata.name}`), ['Deployment/web', 'Service/web', 'Namespace/shop']);
  assert.deepEqual(s.ignored, [{ kind: 'ConfigMap', count: 1 }]);
  // Ties at 5m keep file order: scale came before addNodes in the file.
  assert.deepEqual(s.timeline.map((a) => `${a.at / MINUTE}m ${a.type}`), ['5m scale', '5m addNodes', '10m setImage', '12m apply', '22m cordon', '25m delete']);
  const apply = s.timeline[3];
  assert.ok(apply.type === 'apply');
  assert.equal(apply.objects[0].object.kind, 'Deployment');
  assert.match(apply.objects[0].at, /web-v3\.yaml:4:5$/);
  const del = s.timeline[5];
  assert.ok(del.type === 'delete');
  assert.deepEqual(del.target, { kind: 'Service', name: 'web', namespace: 'default' });
});

test('a misspelt field: one problem at the key with a did-you-mean hint', () => {
  const ps = problems(scenario('  sampleIntervall: 5s'));
  assert.equal(ps.length, 1);
  assert.deepEqual([ps[0].line, ps[0].col, ps[0].path], [9, 3, 'spec.sampleIntervall']);
  assert.match(ps[0].message, /unknown field "sampleIntervall" \(did you mean "sampleInterval"\?\)/);
});

test('cpu: 2x in a node pool: one problem at the value', () => {
  const ps = problems(scenario('', '      - { name: general, count: 3, capacity: { cpu: 2x, memory: 32Gi } }'));
  assert.equal(ps.length, 1);
  assert.deepEqual([ps[0].line, ps[0].col, ps[0].path], [8, 53, 'spec.cluster.nodePools[0].capacity.cpu']);
  assert.match(ps[0].message, /^Invalid value: "2x": quantities must match the regular expression/);
});

test('a selector that does not match the template labels: one problem at the labels', () => {
  const extra = [
    '  resources:',
    '    - apiVersion: apps/v1',
    '      kind: Deployment',
    '      metadata: { name: web }',
    '      spec:',
    '        selector: { matchLabels: { app: web } }',
    '        template:',
    '          metadata:',
    '            labels: { app: x }',
    '          spec:',
    '            containers: [{ name: web, image: "shop/web:v1" }]',
  ].join('\n');
  const ps = problems(scenario(extra));
  assert.equal(ps.length, 1);
  assert.deepEqual([ps[0].line, ps[0].col, ps[0].path], [17, 21, 'spec.resources[0].spec.template.metadata.labels']);
  assert.equal(ps[0].message, 'Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`');
});

test('a bad duration formats as one line with file:line:col and path', () => {
  const extra = ['  timeline:', '    - at: soon', '      cordon: { node: general-0 }'].join('\n');
  const ps = problems(scenario(extra));
  assert.deepEqual(ps.map(formatProblem), ['scenarios/x.yaml:10:11: spec.timeline[0].at: expected a duration like "90s" or "1h30m", got "soon"']);
});

test('all problems of a file are reported together, in line order', () => {
  const extra = ['  seed: -1', '  timeline:', '    - at: 1m', '      scael: { target: deploy/web, replicas: 2 }', '    - at: 2m', '      addNodes: { pool: generl, count: 1 }'].join('\n');
  const ps = problems(scenario(extra));
  assert.deepEqual(ps.map((p) => p.path), ['spec.seed', 'spec.timeline[0].scael', 'spec.timeline[1].addNodes.pool']);
  assert.match(ps[1].message, /did you mean "scale"/);
  assert.match(ps[2].message, /no node pool named "generl" \(did you mean "general"\?\)/);
});

test('overrides set dotted paths before validation; the seed option wins over spec.seed', () => {
  const s = loadScenarioText(scenario('  seed: 7'), 'x.yaml', FIXTURES, {
    seed: 99,
    overrides: [{ path: 'spec.cluster.nodePools[0].count', value: '50' }, { path: 'spec.sampleInterval', value: '1s' }],
  });
  assert.equal(s.cluster.nodePools[0].count, 50);
  assert.equal(s.sampleInterval, SECOND);
  assert.equal(s.seed, 99);
  const ps = problems(scenario(), { overrides: [{ path: 'spec.cluster.nodePools[0].count', value: 'many' }] });
  assert.equal(ps.length, 1);
  assert.equal(ps[0].line, 8);
  assert.match(ps[0].message, /got "many" \(set by override spec\.cluster\.nodePools\[0\]\.count=many\)/);
  const out = problems(scenario(), { overrides: [{ path: 'spec.cluster.nodePools[3].count', value: '1' }] });
  assert.match(out[0].message, /index 3 is out of range/);
});

test('distributions: every form, and their rules', () => {
  const app = (startup: string) => scenario(`  applications:\n    img:v1:\n      startup: ${startup}`);
  const load = (startup: string) => loadScenarioText(app(startup), 'x.yaml', FIXTURES).applications.get('img:v1')!.startup;
  assert.deepEqual(load('2s'), { kind: 'constant', value: 2 * SECOND });
  assert.deepEqual(load('{ constant: 500ms }'), { kind: 'constant', value: 500_000 });
  assert.deepEqual(load('{ uniform: [1s, 3s] }'), { kind: 'uniform', min: SECOND, max: 3 * SECOND });
  assert.deepEqual(load('{ exponential: { mean: 10s } }'), { kind: 'exponential', mean: 10 * SECOND });
  assert.deepEqual(load('{ normal: { mean: 10s, stddev: 2s } }'), { kind: 'normal', mean: 10 * SECOND, stddev: 2 * SECOND });
  assert.equal(load('{ lognormal: { median: 8s, p99: 40s } }').kind, 'lognormal');
  assert.equal(load('{ empirical: { values: [1s, 2s], weights: [3, 1] } }').kind, 'empirical');
  assert.match(problems(app('{ lognormal: { median: 8s, p99: 4s } }'))[0].message, /must be greater than median/);
  assert.match(problems(app('{ uniform: [3s, 1s] }'))[0].message, /min must not be greater than max/);
  assert.match(problems(app('{ unifrom: [1s, 3s] }'))[0].message, /did you mean "uniform"/);
  assert.match(problems(app('{ empirical: { values: [1s, 2s], weights: [1] } }'))[0].message, /2 weights/);
});

test('limits: duration, node count, replicas, YAML aliases, file size', () => {
  assert.match(problems(scenario().replace('duration: 30m', 'duration: 400d'))[0].message, /366d/);
  const many = problems(scenario('', '      - { name: general, count: 60000, capacity: { cpu: "8", memory: 32Gi } }\n      - { name: more, count: 60000, capacity: { cpu: "8", memory: 32Gi } }'));
  assert.match(many[0].message, /limit is 100000 nodes/);
  const scale = ['  timeline:', '    - at: 1m', '      scale: { target: deployment/web, replicas: 2000000 }'].join('\n');
  assert.match(problems(scenario(scale))[0].message, /the limit is 1000000 replicas \(raise it with --limit maxReplicas=2000000\)/);
  const bomb = ['  applications:', '    a: &a { imageSize: 1Mi }', ...Array.from({ length: 120 }, (_, i) => `    b${i}: *a`)].join('\n');
  assert.match(problems(scenario(bomb))[0].message, /maxAliasCount/);
  const huge = scenario(`# ${'x'.repeat(17 * 1024 * 1024)}`);
  assert.match(problems(huge)[0].message, /limit is 16 MiB/);
});

test('isScenarioDocument looks at the first document only', () => {
  assert.equal(isScenarioDocument(scenario()), true);
  assert.equal(isScenarioDocument('apiVersion: v1\nkind: Pod\n---\nkind: Scenario\n'), false);
  assert.equal(isScenarioDocument('{ kind: Scenario }'), true);
  assert.equal(isScenarioDocument(': : :'), false);
});
