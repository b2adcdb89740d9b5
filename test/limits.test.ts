import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DAY, SECOND } from '../src/engine/time';
import { DEFAULT_LIMITS, LIMIT_NAMES, Limits, addLimitSetting, overLimit, parseLimit, resolveLimits } from '../src/scenario/limits';
import { InputError, Problem, loadScenarioText } from '../src/scenario/load';
import { ObjectCollector } from '../src/scenario/manifests';
import { YamlSource } from '../src/scenario/yaml-source';
import { runSweep } from '../src/studies/sweep';
import { runPlan } from '../src/studies/plan';
import { RunFailure, WorkerPool } from '../src/studies/worker-pool';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');
const MI = 1024 * 1024;

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-limits-'));
}

/** A valid scenario: `pools` lines under nodePools, `extra` lines under spec. */
function scenario(extra: string[] = [], pools = ['      - { name: p, count: 2, capacity: { cpu: "2", memory: 4Gi } }'], duration = '2m'): string {
  return ['apiVersion: kubesim.dev/v1', 'kind: Scenario', 'metadata: { name: t }', 'spec:', `  duration: ${duration}`, '  cluster:', '    nodePools:', ...pools, ...extra, ''].join('\n');
}

function pool(name: string, count: number): string {
  return `      - { name: ${name}, count: ${count}, capacity: { cpu: "2", memory: 4Gi } }`;
}

function deployment(replicas: number): string[] {
  return [
    '  resources:',
    `    - { apiVersion: apps/v1, kind: Deployment, metadata: { name: web }, spec: { replicas: ${replicas}, selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: web:v1 }] } } } }`,
  ];
}

/** `n` alias references to one anchored map of scalars: the yaml package admits up to maxAliasCount − 1. */
function aliases(n: number): string[] {
  return ['  applications:', '    base: &a { imageSize: 1Mi }', ...Array.from({ length: n }, (_, i) => `    img${i}: *a`)];
}

function problemsOf(text: string, limits?: Partial<Limits>): Problem[] {
  try {
    loadScenarioText(text, 'x.yaml', ROOT, { limits });
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.problems;
  }
  return [];
}

/** One problem, over `name`'s limit, naming the option that raises it to `raiseTo`. */
function assertOverLimit(ps: Problem[], name: keyof Limits, raiseTo: string): void {
  assert.equal(ps.length, 1, ps.map((p) => p.message).join('\n'));
  assert.ok(ps[0].message.includes(`(raise it with --limit ${name}=${raiseTo})`), ps[0].message);
}

// Each limit: input just above the default is rejected with the option that raises it, and the same
// input loads when the limit is raised through the load options.
const CASES: { name: keyof Limits; text: string; raise: number; shown: string }[] = [
  { name: 'maxNodes', text: scenario([], [pool('a', 60_000), pool('b', 40_001)]), raise: 100_001, shown: '100001' },
  { name: 'maxNodes', text: scenario(['  timeline:', '    - at: 1m', '      addNodes: { pool: p, count: 99999 }']), raise: 100_001, shown: '100001' },
  { name: 'maxNodes', text: scenario(['  timeline:', '    - at: 1m', '      addNodes: { pool: p, count: 100001 }']), raise: 100_003, shown: '100001' },
  { name: 'maxReplicas', text: scenario(deployment(1_000_001)), raise: 1_000_001, shown: '1000001' },
  { name: 'maxReplicas', text: scenario(['  timeline:', '    - at: 1m', '      scale: { target: deployment/web, replicas: 1000001 }']), raise: 1_000_001, shown: '1000001' },
  { name: 'maxAliasCount', text: scenario(aliases(100)), raise: 101, shown: 'N' },
  { name: 'maxDuration', text: scenario([], undefined, '367d'), raise: 367 * DAY, shown: '367d' },
  { name: 'maxDuration', text: scenario(['  latencies: { watch: 8785h }']), raise: 367 * DAY, shown: '367d' },
  { name: 'maxFileBytes', text: scenario([`# ${'x'.repeat(16 * MI)}`]), raise: 17 * MI, shown: '17Mi' },
];

for (const c of CASES) {
  test(`${c.name}: rejected just above the default (${c.text.length > 200 ? `${c.text.length} bytes` : c.text.split('\n').slice(-2).join(' ').trim()}), loads when raised`, () => {
    assertOverLimit(problemsOf(c.text), c.name, c.shown);
    assert.deepEqual(problemsOf(c.text, { [c.name]: c.raise }), []);
  });
}

test('the messages say what was exceeded, the limit and how to raise it', () => {
  const [p] = problemsOf(scenario([], [pool('a', 60_000), pool('b', 40_001)]));
  assert.equal(p.path, 'spec.cluster.nodePools');
  assert.equal(p.message, 'node pools total 100001 nodes; the limit is 100000 nodes (raise it with --limit maxNodes=100001)');
  const [q] = problemsOf(scenario([], [pool('a', 6000)]), { maxNodes: 5000 });
  assert.equal(q.message, 'node pools total 6000 nodes; the limit is 5000 nodes (raise it with --limit maxNodes=6000)');
  const [d] = problemsOf(scenario([], undefined, '400d'));
  assert.equal(d.message, 'duration "400d" is too long; the limit is 366d (raise it with --limit maxDuration=400d)');
  const [f] = problemsOf(scenario([`# ${'x'.repeat(16 * MI)}`]));
  assert.match(f.message, /^file is \d+ bytes \(16\.0 MiB\); the limit is 16 MiB per file \(raise it with --limit maxFileBytes=17Mi\)$/);
  assert.deepEqual(problemsOf(scenario(aliases(99))), []);
  const [a] = problemsOf(scenario(aliases(100)));
  assert.match(a.message, /^YAML aliases expand too far in one document .*; the limit is 100 alias expansions per document \(raise it with --limit maxAliasCount=N\)$/);
  const [r] = problemsOf(scenario(deployment(1_000_001)));
  assert.equal(r.path, 'spec.resources[0].spec.replicas');
  assert.equal(r.message, 'Invalid value: 1000001: the limit is 1000000 replicas (raise it with --limit maxReplicas=1000001)');
});

test('pools and addNodes together over maxNodes', () => {
  const text = scenario(['  timeline:', '    - at: 1m', '      addNodes: { pool: p, count: 99999 }'], [pool('p', 3)]);
  const [p] = problemsOf(text);
  assert.equal(p.path, 'spec.timeline');
  assert.equal(p.message, 'node pools (3 nodes) and addNodes actions (99999 nodes) total 100002; the limit is 100000 nodes (raise it with --limit maxNodes=100002)');
  assert.deepEqual(problemsOf(text, { maxNodes: 100_002 }), []);
});

test('lowered limits apply too: HPA maxReplicas, Job parallelism, objects per file', () => {
  assertOverLimit(problemsOf(scenario(deployment(11)), { maxReplicas: 10 }), 'maxReplicas', '11');
  const hpa = ['  resources:', '    - { apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: { name: h }, spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, minReplicas: 1, maxReplicas: 50 } }'];
  assertOverLimit(problemsOf(scenario(hpa), { maxReplicas: 49 }), 'maxReplicas', '50');
  assert.deepEqual(problemsOf(scenario(hpa), { maxReplicas: 50 }), []);
  const job = ['  resources:', '    - { apiVersion: batch/v1, kind: Job, metadata: { name: j }, spec: { parallelism: 8, template: { spec: { restartPolicy: Never, containers: [{ name: c, image: j:v1 }] } } } }'];
  assertOverLimit(problemsOf(scenario(job), { maxReplicas: 7 }), 'maxReplicas', '8');
  const three = ['  resources:', ...[1, 2, 3].map((i) => `    - { apiVersion: v1, kind: ConfigMap, metadata: { name: c${i} } }`)];
  const [o] = problemsOf(scenario(three), { maxObjectsPerFile: 2 });
  assert.equal(o.message, 'too many objects: the file holds 3; the limit is 2 objects per file (raise it with --limit maxObjectsPerFile=3)');
  assert.deepEqual(problemsOf(scenario(three), { maxObjectsPerFile: 3 }), []);
});

test('maxObjectsPerFile: one problem per file, at the first object over the default, with the final count', () => {
  const src = new YamlSource('kind: List\napiVersion: v1\nitems: []\n', 'many.yaml');
  const list = { kind: 'List', apiVersion: 'v1', items: Array.from({ length: DEFAULT_LIMITS.maxObjectsPerFile + 2 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } })) };
  const problems: Problem[] = [];
  new ObjectCollector(problems).add(src, src.documents[0].doc, list, []);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].message, 'too many objects: the file holds 100002; the limit is 100000 objects per file (raise it with --limit maxObjectsPerFile=100002)');
  const raised: Problem[] = [];
  const c = new ObjectCollector(raised, resolveLimits({ maxObjectsPerFile: 100_002 }));
  c.add(src, src.documents[0].doc, list, []);
  assert.deepEqual(raised, []);
  assert.deepEqual(c.ignoredList(), [{ kind: 'ConfigMap', count: 100_002 }]);
});

test('parseLimit: names, values with units, and errors that say what was expected', () => {
  assert.deepEqual(parseLimit('maxNodes=200000'), { name: 'maxNodes', value: 200_000 });
  assert.deepEqual(parseLimit('maxFileBytes=64Mi'), { name: 'maxFileBytes', value: 64 * MI });
  assert.deepEqual(parseLimit('maxFileBytes=1G'), { name: 'maxFileBytes', value: 1e9 });
  assert.deepEqual(parseLimit('maxFileBytes=1000'), { name: 'maxFileBytes', value: 1000 });
  assert.deepEqual(parseLimit('maxDuration=400d'), { name: 'maxDuration', value: 400 * DAY });
  assert.deepEqual(parseLimit('maxDuration=9000h'), { name: 'maxDuration', value: 375 * DAY });
  assert.deepEqual(parseLimit('maxAliasCount=0'), { name: 'maxAliasCount', value: 0 });
  assert.equal(parseLimit('maxnodes=5'), '--limit: unknown limit "maxnodes" (did you mean "maxNodes"?); limits: maxNodes, maxReplicas, maxObjectsPerFile, maxFileBytes, maxAliasCount, maxDuration');
  assert.match(parseLimit('maxAliasCnt=5') as string, /did you mean "maxAliasCount"/);
  assert.match(parseLimit('bogus=1') as string, /^--limit: unknown limit "bogus"; limits: /);
  assert.match(parseLimit('maxNodes') as string, /expects <name>=<value>/);
  assert.match(parseLimit('=5') as string, /expects <name>=<value>/);
  assert.equal(parseLimit('maxNodes=0'), '--limit maxNodes expects a node count (an integer ≥ 1), got "0"');
  assert.match(parseLimit('maxNodes=1.5') as string, /expects a node count/);
  assert.match(parseLimit('maxNodes=1e6') as string, /expects a node count/);
  assert.match(parseLimit('maxReplicas=2147483648') as string, /int32/);
  assert.match(parseLimit('maxFileBytes=lots') as string, /expects a size in bytes or a quantity like "64Mi"/);
  assert.match(parseLimit('maxFileBytes=-1Mi') as string, /expects a size/);
  assert.match(parseLimit('maxDuration=0s') as string, /expects a duration longer than 0s/);
  assert.match(parseLimit('maxDuration=soon') as string, /expects a duration/);
  assert.match(parseLimit('maxAliasCount=-1') as string, /expects an alias count/);
});

test('addLimitSetting accumulates repeated options and refuses a name given twice', () => {
  let acc: Partial<Limits> = {};
  for (const s of ['maxNodes=7', 'maxDuration=2d']) {
    const next = addLimitSetting(acc, s);
    assert.notEqual(typeof next, 'string');
    acc = next as Partial<Limits>;
  }
  assert.deepEqual(acc, { maxNodes: 7, maxDuration: 2 * DAY });
  assert.equal(addLimitSetting(acc, 'maxNodes=8'), '--limit maxNodes is given twice');
  assert.deepEqual(resolveLimits(acc), { ...DEFAULT_LIMITS, maxNodes: 7, maxDuration: 2 * DAY });
  assert.deepEqual(resolveLimits(), DEFAULT_LIMITS);
  assert.deepEqual(LIMIT_NAMES, Object.keys(DEFAULT_LIMITS));
});

test('overLimit rounds the suggested value up to what --limit accepts', () => {
  assert.match(overLimit('x', 'maxFileBytes', 16 * MI, 16 * MI + 1), /--limit maxFileBytes=17Mi\)$/);
  assert.match(overLimit('x', 'maxDuration', 366 * DAY, 366 * DAY + 1), /--limit maxDuration=367d\)$/);
  assert.match(overLimit('x', 'maxDuration', 60 * SECOND, 90 * SECOND), /--limit maxDuration=1m30s\)$/);
  assert.match(overLimit('x', 'maxAliasCount', 100), /--limit maxAliasCount=N\)$/);
  assert.deepEqual(parseLimit('maxDuration=1m30s'), { name: 'maxDuration', value: 90 * SECOND });
  assert.deepEqual(parseLimit('maxFileBytes=17Mi'), { name: 'maxFileBytes', value: 17 * MI });
});

function kubesim(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('CLI: validate --limit raises a limit; a bad --limit is a usage error (64) without a stack trace', () => {
  const file = path.join(tmpDir(), 'big.yaml');
  fs.writeFileSync(file, scenario([], [pool('a', 60_000), pool('b', 40_001)]));
  const plain = kubesim(['validate', file]);
  assert.equal(plain.code, 65, plain.err);
  assert.match(plain.err, /raise it with --limit maxNodes=100001/);
  const raised = kubesim(['validate', '--limit', 'maxNodes=100001', file]);
  assert.equal(raised.code, 0, raised.err);
  assert.match(raised.out, /valid scenario "t": 100001 nodes/);
  const lowered = kubesim(['validate', '--limit', 'maxNodes=100000', '--limit', 'maxDuration=1m', file]);
  assert.equal(lowered.code, 65);
  assert.match(lowered.err, /duration "2m" is too long; the limit is 1m0s \(raise it with --limit maxDuration=2m0s\)/);
  for (const [cmd, bad, why] of [
    ['validate', 'bogus=1', /unknown limit "bogus"/],
    ['validate', 'maxNodes=many', /--limit maxNodes expects a node count/],
    ['run', 'maxNode=5', /did you mean "maxNodes"/],
    ['sweep', 'maxFileBytes=big', /expects a size/],
    ['plan', 'maxDuration', /expects <name>=<value>/],
  ] as const) {
    const r = kubesim([cmd, '--limit', bad, file]);
    assert.equal(r.code, 64, `${cmd} --limit ${bad}: ${r.err}`);
    assert.match(r.err, why);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  const twice = kubesim(['validate', '--limit', 'maxNodes=5', '--limit', 'maxNodes=6', file]);
  assert.equal(twice.code, 64);
  assert.match(twice.err, /given twice/);
});

test('sweeps and plans pass the limits on to their worker runs', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'aliases.yaml');
  fs.writeFileSync(file, scenario(aliases(100)));
  const limits = { maxAliasCount: 101 };
  const bare = new WorkerPool(1);
  await assert.rejects(bare.run({ file, overrides: [], seed: 1 }), (e) => e instanceof RunFailure && e.input && /maxAliasCount=N/.test(e.message));
  await bare.close();
  const pool = new WorkerPool(1, limits);
  const res = await pool.run({ file, overrides: [], seed: 1 });
  await pool.close();
  assert.equal(res.metrics.length > 0, true);
  const summary = await runSweep({ file, parameters: [{ path: 'spec.cluster.nodePools[0].count', values: ['1', '2'] }], seeds: 1, workers: 2, out: path.join(dir, 'sweep'), limits });
  assert.equal(summary.ran, 2);

  let text = fs.readFileSync(path.join(ROOT, 'scenarios', 'capacity-plan.yaml'), 'utf8');
  text = text.replace('file: manifests/', `file: ${path.join(ROOT, 'scenarios', 'manifests')}/`).replace('seeds: 10', 'seeds: 1');
  text = text.replace(/  applications:\n/, ['  applications:', '    base: &a { imageSize: 1Mi }', ...Array.from({ length: 100 }, (_, i) => `    img${i}: *a`), ''].join('\n'));
  const planFile = path.join(dir, 'plan.yaml');
  fs.writeFileSync(planFile, text);
  await assert.rejects(runPlan({ file: planFile, workers: 1, out: path.join(dir, 'plan0') }), InputError);
  const { result } = await runPlan({ file: planFile, workers: 2, out: path.join(dir, 'plan'), limits });
  assert.ok(result.evaluated.length > 0);
});

// A List of many items is appended item by item: spreading it into push() overflowed the call
// stack (exit 70) near the object limit. A small stack makes 12,000 items enough to show it.
test('a List of 12,000 items validates on a small call stack', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-list-'));
  const file = path.join(dir, 'list.yaml');
  const lines = ['apiVersion: v1', 'kind: List', 'items:'];
  for (let i = 0; i < 12_000; i++) lines.push(`- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: c, image: "app:v1"}]}}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync(process.execPath, ['--stack-size=60', BIN, 'validate', file], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /12000 objects/);
});
