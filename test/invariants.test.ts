import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Actor, SimEvent } from '../src/engine/event-queue';
import { Engine } from '../src/engine/engine';
import { MILLISECOND, SECOND, MINUTE, Time } from '../src/engine/time';
import { KubeObject } from '../src/api/meta';
import { Pod } from '../src/api/pod';
import { ReplicaSet } from '../src/api/workloads';
import { Store } from '../src/store/store';
import { Recorder } from '../src/metrics/recorder';
import { ComponentGate, ComponentName } from '../src/sim/component-gate';
import { SimContext } from '../src/sim/context';
import { Simulation } from '../src/sim/simulation';
import { ReplicaSetController } from '../src/controllers/replicaset/replicaset-controller';
import { DeploymentController } from '../src/controllers/deployment/deployment-controller';
import { podFromTemplate } from '../src/controllers/pod-template';
import { InvariantChecker, LeadershipView } from '../src/invariants/invariant-checker';
import { InvariantName, InvariantViolation } from '../src/invariants/invariant-violation';
import { scenario, pool, app, deployment, at } from './helpers/tiny-scenario';

const TARGET = { kind: 'Deployment', name: 'web', namespace: 'default' };

/** Runs `fn` and returns the InvariantViolation it throws (fails the test if it throws nothing else). */
function violationOf(fn: () => void): InvariantViolation {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvariantViolation) return e;
    throw e;
  }
  assert.fail('expected an InvariantViolation');
}

function expectViolation(name: InvariantName, fn: () => void): InvariantViolation {
  const v = violationOf(fn);
  assert.equal(v.invariant, name, v.format());
  return v;
}

/** An actor that runs one callback at a virtual instant (tests only: the core uses kinds, not closures). */
class At implements Actor {
  constructor(private readonly fn: () => void) {}
  handle(_ev: SimEvent): void {
    this.fn();
  }
}

function webSim(replicas = 4, over: Parameters<typeof deployment>[3] = {}, pools = [pool('p', 3)]) {
  const s = scenario({
    pools,
    apps: [app('web:v1', 5 * SECOND), app('web:v2', 5 * SECOND)],
    resources: [deployment('web', replicas, 'web:v1', over)],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: TARGET, image: 'web:v2' })],
    duration: 3 * MINUTE,
  });
  return new Simulation(s);
}

test('a correct rollout with scale and image change runs with every invariant checked', () => {
  const s = scenario({
    pools: [pool('p', 4)],
    apps: [app('web:v1', 5 * SECOND), app('web:v2', 5 * SECOND)],
    resources: [deployment('web', 6, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 1 } } })],
    timeline: [
      at(1 * MINUTE, { type: 'setImage', target: TARGET, image: 'web:v2' }),
      at(1 * MINUTE + 3 * SECOND, { type: 'scale', target: TARGET, replicas: 12 }),
      at(2 * MINUTE, { type: 'scale', target: TARGET, replicas: 2 }),
    ],
    duration: 4 * MINUTE,
  });
  const sim = new Simulation(s);
  assert.ok(sim.invariants, 'test scenarios turn the checker on');
  const facts = sim.run();
  assert.ok(sim.invariants.checks > 100, `checked ${sim.invariants.checks} notifications`);
  assert.equal(facts.rollouts.length >= 1, true);
});

test('checkInvariants: false in the Simulation options overrides the scenario', () => {
  const s = scenario({ pools: [pool('p', 1)] });
  assert.equal(new Simulation(s, { checkInvariants: false }).invariants, undefined);
});

test('a scheduler that binds ignoring resources is caught: node-not-over-allocated names the node and its pods', () => {
  const sim = webSim(2, {}, [pool('p', 1, { capacity: { cpu: '1', memory: '4Gi', pods: '110' } })]);
  /** A rogue scheduler: binds every pod of schedulerName "rogue" to p-0 without a fit check. */
  const rogue = {
    onWatch(type: string, obj: KubeObject) {
      const pod = obj as Pod;
      if (type !== 'ADDED' || pod.spec.schedulerName !== 'rogue' || pod.spec.nodeName) return;
      pod.spec.nodeName = 'p-0';
      pod.status.conditions = [{ type: 'PodScheduled', status: 'True' }];
      sim.store.update(pod);
    },
  };
  sim.store.watch('Pod', rogue);
  const create = new At(() => {
    for (let i = 0; i < 3; i++) {
      sim.store.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `hog-${i}`, namespace: 'default' },
        spec: { schedulerName: 'rogue', containers: [{ name: 'c', image: 'web:v1', resources: { requests: { cpu: '400m' } } }] },
        status: { phase: 'Pending' },
      });
    }
  });
  sim.start();
  sim.engine.schedule(30 * SECOND, create, 0);
  const v = expectViolation('node-not-over-allocated', () => sim.runUntil(2 * MINUTE));
  assert.equal(v.state.node, 'p-0');
  assert.match(v.detail, /cpu \d+ > 1000/);
  assert.equal(v.event.kind, 'Pod');
  assert.ok(Array.isArray(v.state.pods) && (v.state.pods as unknown[]).length >= 3);
  assert.ok(v.event.time >= 30 * SECOND);
});

/** A ReplicaSet controller with an off-by-one: it keeps spec.replicas + 1 active pods. */
class OneTooManyReplicaSetController extends ReplicaSetController {
  constructor(private readonly c: SimContext) {
    super(c);
  }
  override reconcile(key: string): Time | undefined {
    const r = super.reconcile(key);
    const rs = this.c.store.get<ReplicaSet>('ReplicaSet', key);
    if (rs && this.c.store.ownedPodCounts(rs.metadata.uid!).active === (rs.spec.replicas ?? 1) && (rs.spec.replicas ?? 1) > 0) {
      this.c.store.create(podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`));
    }
    return r;
  }
}

/** Deployment + ReplicaSet controllers on a bare store (no scheduler: pods stay Pending but count as active). */
function bareControllers(rsController: (ctx: SimContext) => unknown) {
  const engine = new Engine(1);
  const store = new Store(engine, 1 * MILLISECOND);
  const ctx: SimContext = {
    engine,
    store,
    recorder: new Recorder(() => engine.now),
    latencies: { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND },
    apps: new Map(),
    gate: new ComponentGate(),
  };
  rsController(ctx);
  new DeploymentController(ctx);
  const checker = new InvariantChecker(ctx);
  store.create(deployment('web', 4, 'web:v1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }));
  return { engine, checker, store };
}

test('a ReplicaSet controller that creates one pod too many is caught: rollout-max-surge', () => {
  const broken = bareControllers((ctx) => new OneTooManyReplicaSetController(ctx));
  const v = expectViolation('rollout-max-surge', () => broken.engine.runUntil(10 * SECOND));
  assert.match(v.detail, /5 active pods .* replicas 4 \+ maxSurge 0 = 4/);
  const counts = v.state.counts as { active: number };
  assert.equal(counts.active, 5);

  const correct = bareControllers((ctx) => new ReplicaSetController(ctx));
  correct.engine.runUntil(10 * SECOND);
  correct.checker.sweep();
  assert.equal(correct.store.count('Pod'), 4);
});

test('a pod moved to another node is caught: pod-bound-once', () => {
  const sim = webSim();
  const move = new At(() => {
    const pod = [...sim.store.list<Pod>('Pod')].find((p) => p.spec.nodeName)!;
    pod.spec.nodeName = pod.spec.nodeName === 'p-0' ? 'p-1' : 'p-0';
    sim.store.update(pod);
  });
  sim.start();
  sim.engine.schedule(30 * SECOND, move, 0);
  const v = expectViolation('pod-bound-once', () => sim.runUntil(2 * MINUTE));
  assert.equal(v.event.type, 'MODIFIED');
  assert.ok((v.state.firstNode as string).startsWith('p-'));
});

test('a pod marked Ready while Pending is caught: ready-only-when-running', () => {
  const sim = webSim();
  sim.start();
  sim.runUntil(100 * MILLISECOND);
  const pod = [...sim.store.list<Pod>('Pod')].find((p) => p.status.phase === 'Pending');
  assert.ok(pod, 'a pod is still Pending');
  pod!.status.conditions = [...(pod!.status.conditions ?? []).filter((c) => c.type !== 'Ready'), { type: 'Ready', status: 'True', lastTransitionTime: sim.engine.now }];
  sim.store.update(pod!);
  const v = expectViolation('ready-only-when-running', () => sim.runUntil(1 * SECOND));
  assert.equal((v.state.pod as { phase: string }).phase, 'Pending');
});

test('a ReplicaSet removed without its cascade is caught: no-pod-lost', () => {
  const sim = webSim();
  sim.start();
  sim.runUntil(30 * SECOND);
  const rs = [...sim.store.list<ReplicaSet>('ReplicaSet')][0];
  sim.store.remove(rs);
  const v = expectViolation('no-pod-lost', () => sim.runUntil(31 * SECOND));
  assert.equal(v.event.kind, 'ReplicaSet');
  assert.equal(v.event.type, 'DELETED');
});

test('a ReplicaSet controller that deletes available pods below minAvailable is caught: rollout-min-available', () => {
  const sim = webSim(4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } });
  sim.start();
  sim.runUntil(50 * SECOND);
  const rs = [...sim.store.list<ReplicaSet>('ReplicaSet')][0];
  assert.equal(rs.status.availableReplicas, 4);
  const victims = [...sim.store.ownedBy<Pod>(rs.metadata.uid!)].slice(0, 2);
  const v = expectViolation('rollout-min-available', () => {
    for (const p of victims) {
      sim.store.delete(p);
      sim.recorder.record('ReplicaSet', 'default', rs.metadata.name, 'SuccessfulDelete', p.spec.nodeName ?? '', p.metadata.name);
    }
  });
  assert.equal(v.event.type, 'ROW');
  assert.equal(v.event.detail, `SuccessfulDelete ${victims[1].metadata.name}`);
  assert.equal((v.state.counts as { available: number }).available, 2);
});

test('two believed leaders are caught without clock skew and tolerated with it: single-leader', () => {
  for (const skewed of [false, true]) {
    const engine = new Engine(1);
    const store = new Store(engine, 1 * MILLISECOND);
    const ctx: SimContext = {
      engine,
      store,
      recorder: new Recorder(() => engine.now),
      latencies: { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND },
      apps: new Map(),
      gate: new ComponentGate(),
    };
    const view: LeadershipView = { leaderCount: 2, leaders: () => ['kcm-a', 'kcm-b'] };
    new InvariantChecker(ctx, { leadership: new Map<ComponentName, LeadershipView>([['kube-controller-manager', view]]), clockSkewed: skewed });
    const elect = () => ctx.recorder.record('Lease', 'kube-system', 'kube-controller-manager', 'LeaderElection', 'cp-1', 'kcm-b became leader');
    if (skewed) elect();
    else assert.deepEqual(expectViolation('single-leader', elect).state.leaders, ['kcm-a', 'kcm-b']);
  }
});

test('leader-failover with the real control plane keeps a single leader per component', () => {
  const file = path.resolve(__dirname, '..', '..', 'scenarios', 'leader-failover.yaml');
  if (!fs.existsSync(file)) return;
  const { loadScenarioFile } = require('../src/scenario/load') as typeof import('../src/scenario/load');
  const sim = new Simulation(loadScenarioFile(file), { checkInvariants: true });
  sim.run();
  assert.ok(sim.invariants!.checks > 0);
  assert.ok(sim.controlPlane, 'the scenario elects leaders');
});

test('kubesim run --check-invariants prints the violation, keeps the outputs and exits 70', async () => {
  // No valid input breaks an invariant, so a bug is planted: a ReplicaSet controller that keeps
  // one pod too many (patched on the prototype for the duration of this test).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-inv-'));
  const file = path.join(dir, 'web.yaml');
  fs.writeFileSync(
    file,
    [
      'apiVersion: kubesim.dev/v1',
      'kind: Scenario',
      'metadata: { name: planted-bug }',
      'spec:',
      '  duration: 1m',
      '  cluster:',
      '    nodePools:',
      '      - { name: small, count: 2, capacity: { cpu: "4", memory: 8Gi } }',
      '  resources:',
      '    - apiVersion: apps/v1',
      '      kind: Deployment',
      '      metadata: { name: web }',
      '      spec:',
      '        replicas: 2',
      '        strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }',
      '        selector: { matchLabels: { app: web } }',
      '        template:',
      '          metadata: { labels: { app: web } }',
      '          spec: { containers: [{ name: c, image: web:v1, resources: { requests: { cpu: 100m } } }] }',
      '',
    ].join('\n'),
  );
  const { runScenario } = require('../src/cli/run-command') as typeof import('../src/cli/run-command');
  const proto = ReplicaSetController.prototype;
  const original = proto.reconcile;
  proto.reconcile = function (this: ReplicaSetController, key: string) {
    const r = original.call(this, key);
    const ctx = (this as unknown as { ctx: SimContext }).ctx;
    const rs = ctx.store.get<ReplicaSet>('ReplicaSet', key);
    if (rs && ctx.store.ownedPodCounts(rs.metadata.uid!).active === (rs.spec.replicas ?? 1)) {
      ctx.store.create(podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`));
    }
    return r;
  };
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  (process.stderr as { write: unknown }).write = (chunk: string) => (errors.push(String(chunk)), true);
  const out = path.join(dir, 'out');
  let code: number;
  try {
    code = await runScenario(file, { out, quiet: true, checkInvariants: true } as Parameters<typeof runScenario>[1]);
  } finally {
    proto.reconcile = original;
    (process.stderr as { write: unknown }).write = write;
  }
  assert.equal(code, 70, errors.join(''));
  assert.match(errors.join(''), /invariant rollout-max-surge violated at t=/);
  for (const f of ['timeline.csv', 'series.csv', 'summary.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.invariantViolation.invariant, 'rollout-max-surge');
  const bin = path.resolve(__dirname, '..', '..', 'bin', 'kubesim.js');
  const plain = spawnSync(process.execPath, [bin, 'run', file, '--out', path.join(dir, 'plain'), '--quiet', '--check-invariants'], { encoding: 'utf8' });
  assert.equal(plain.status, 0, `the unpatched run passes its checks: ${plain.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

