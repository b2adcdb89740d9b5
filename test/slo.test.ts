import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError, loadScenarioFile, loadScenarioText } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';
import { attachExpectations } from '../src/studies/expectations';
import { formatVerdict, Verdict } from '../src/studies/slo';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');

/** A scenario: `nodes` nodes of 2 cpu, a Deployment of 8 × 500m behind a Service, a rollout at 2m. */
function scenarioText(o: { nodes?: number; maxUnavailable?: string; expect: string; timeline?: string; cpu?: string }): string {
  return `apiVersion: kubesim.dev/v1
kind: Scenario
metadata: { name: slo }
spec:
  seed: 3
  duration: 8m
  cluster:
    nodePools:
      - { name: p, count: ${o.nodes ?? 4}, capacity: { cpu: "2", memory: 8Gi } }
  applications:
    web:v1: { startup: 5s }
    web:v2: { startup: 5s }
  resources:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 8
        selector: { matchLabels: { app: web } }
        strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 0, maxUnavailable: ${o.maxUnavailable ?? '25%'} } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers: [{ name: web, image: web:v1, resources: { requests: { cpu: ${o.cpu ?? '500m'}, memory: 1Gi } } }]
    - apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { selector: { app: web }, ports: [{ port: 80 }] }
  timeline:
    - at: 2m
      setImage: { target: deployment/web, container: web, image: web:v2 }
${o.timeline ?? ''}
  expect:
${o.expect}
`;
}

function run(text: string): { verdicts: Verdict[]; sim: Simulation } {
  const sc = loadScenarioText(text, 'slo.yaml', os.tmpdir());
  const sim = new Simulation(sc);
  const w = attachExpectations(sim);
  const facts = sim.run();
  return { verdicts: w.evaluate(facts), sim };
}

function problems(text: string): string[] {
  try {
    loadScenarioText(text, 'slo.yaml', os.tmpdir());
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  return [];
}

test('spec.expect problems name file:line:col and the field path', () => {
  const text = scenarioText({
      expect: `    - rollout: deployment/nope
      completesWithin: 5m
    - service: web
      readyEndpointsAtLeast: 180%
    - rollot: deployment/web
    - leaderless: { component: kube-proxy, totalBelow: 30s }
    - pendingPods: { longestWaitBelow: soon }`,
  });
  const lines = problems(text);
  const at = (needle: string) => {
    const src = text.split('\n');
    const i = src.findIndex((l) => l.includes(needle));
    return `${i + 1}:${src[i].indexOf(needle) + 1}`;
  };
  assert.ok(lines.some((l) => l === `slo.yaml:${at('deployment/nope')}: spec.expect[0].rollout: no Deployment default/nope is created by spec.resources or an apply action`), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith(`slo.yaml:${at('180%')}: spec.expect[1].readyEndpointsAtLeast: must be at most 100%`)), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith(`slo.yaml:${at('rollot')}: spec.expect[2].rollot: unknown expectation "rollot" (did you mean "rollout"?)`)), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('spec.expect[3].leaderless.component: expected kube-controller-manager or kube-scheduler, got "kube-proxy"')), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('spec.expect[4].pendingPods.longestWaitBelow: expected a duration')), lines.join('\n'));
});

test('rollout verdicts: every rollout of the Deployment, margin = limit − slowest duration (RunFacts.rollouts)', () => {
  const { verdicts, sim } = run(scenarioText({ expect: '    - rollout: deployment/web\n      completesWithin: 10m' }));
  const rollouts = sim.facts().rollouts.filter((r) => r.kind === 'Deployment' && r.name === 'web');
  assert.equal(rollouts.length, 2);
  const slowest = Math.max(...rollouts.map((r) => r.durationSeconds!));
  assert.equal(verdicts[0].pass, true);
  assert.ok(Math.abs(verdicts[0].margin - (600 - slowest)) < 1e-6);
  assert.match(formatVerdict(verdicts[0]), /^PASS rollout deployment\/web completes within 10m0s: took .* \(margin .*\)$/);
  const tight = run(scenarioText({ expect: `    - rollout: deployment/web\n      completesWithin: ${Math.floor(slowest / 2)}s` })).verdicts[0];
  assert.equal(tight.pass, false);
  assert.ok(tight.margin < 0);
});

test('ready endpoints: maxUnavailable 25% of 8 keeps 6 ready (75%): passes 75%, fails 80% with margin −5', () => {
  const a = run(scenarioText({ expect: '    - service: web\n      readyEndpointsAtLeast: 75%\n    - service: web\n      readyEndpointsAtLeast: 80%\n    - service: web\n      readyEndpointsAtLeast: 6' })).verdicts;
  assert.equal(a[0].pass, true, formatVerdict(a[0]));
  assert.equal(a[0].margin, 0);
  assert.equal(a[1].pass, false, formatVerdict(a[1]));
  assert.equal(a[1].margin, -5);
  assert.match(a[1].observed, /^lowest 75% \(6 of 8\) at 2m/);
  assert.equal(a[2].pass, true);
  assert.equal(a[2].unit, 'endpoints');
  const b = run(scenarioText({ maxUnavailable: '50%', expect: '    - service: web\n      readyEndpointsAtLeast: 75%' })).verdicts[0];
  assert.equal(b.pass, false);
  assert.equal(b.margin, -25);
});

test('pending pods: pods that fit only after nodes are added at 90s wait about 90s', () => {
  const text = scenarioText({
    nodes: 1,
    cpu: '250m',
    expect: '    - pendingPods: { longestWaitBelow: 1m }\n    - pendingPods: { longestWaitBelow: 2m }',
    timeline: '    - at: 90s\n      addNodes: { pool: p, count: 2 }',
  }).replace('replicas: 8', 'replicas: 10');
  const v = run(text).verdicts;
  assert.equal(v[0].pass, false, formatVerdict(v[0]));
  assert.equal(v[1].pass, true, formatVerdict(v[1]));
  assert.ok(v[0].margin < -29.9 && v[0].margin > -30.1, formatVerdict(v[0]));
});

test('leaderless: without leader election it passes with margin = limit; with it, the facts decide', () => {
  const v = run(scenarioText({ expect: '    - leaderless: { component: kube-controller-manager, totalBelow: 30s }' })).verdicts[0];
  assert.equal(v.pass, true);
  assert.equal(v.observed, 'no leader election configured');
  assert.equal(v.margin, 30);
  const sc = loadScenarioFile(path.join(ROOT, 'scenarios', 'leader-failover.yaml'));
  sc.expect = [{ type: 'leaderless', where: 'test', component: 'kube-controller-manager', totalBelow: 1_000_000 }];
  const sim = new Simulation(sc);
  const w = attachExpectations(sim);
  const facts = sim.run();
  const c = facts.controlPlane!.components.find((x) => x.component === 'kube-controller-manager')!;
  assert.ok(c.leaderlessSeconds > 1);
  const lv = w.evaluate(facts)[0];
  assert.equal(lv.pass, false);
  assert.ok(Math.abs(lv.margin - (1 - c.leaderlessSeconds)) < 1e-6);
});

test('kubesim run prints verdicts, writes them to summary.json and exits 1 when one fails', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-slo-'));
  const file = path.join(dir, 's.yaml');
  fs.writeFileSync(file, scenarioText({ expect: '    - service: web\n      readyEndpointsAtLeast: 80%\n    - rollout: deployment/web\n      completesWithin: 10m' }));
  const r = spawnSync(process.execPath, [BIN, 'run', file, '--out', path.join(dir, 'out')], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^FAIL service web keeps at least 80% ready endpoints: lowest 75% .*\(margin -5%\)$/m);
  assert.match(r.stdout, /^PASS rollout deployment\/web completes within 10m0s: took /m);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8'));
  assert.deepEqual(summary.expectations.map((v: Verdict) => [v.id, v.pass]), [['slo1', false], ['slo2', true]]);
  fs.writeFileSync(file, scenarioText({ expect: '    - rollout: deployment/web\n      completesWithin: 10m' }));
  assert.equal(spawnSync(process.execPath, [BIN, 'run', file, '--out', path.join(dir, 'out'), '--quiet'], { encoding: 'utf8' }).status, 0);
});
