import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, Problem, loadScenarioText } from '../src/scenario/load';
import { MILLISECOND, SECOND } from '../src/engine/time';

function text(controlPlane: string, timeline = ''): string {
  return [
    'apiVersion: kubesim.dev/v1',
    'kind: Scenario',
    'metadata: { name: t }',
    'spec:',
    '  duration: 10m',
    '  cluster:',
    '    nodePools:',
    '      - { name: general, count: 3, capacity: { cpu: "8", memory: 32Gi } }',
    controlPlane,
    timeline,
  ].join('\n');
}

function problems(t: string): Problem[] {
  try {
    loadScenarioText(t, 'scenarios/x.yaml', '.');
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.problems;
  }
  assert.fail('expected an InputError');
}

test('controlPlane: {} gives 3 nodes, 3 replicas of each component and the upstream 15s/10s/2s timings', () => {
  const s = loadScenarioText(text('    controlPlane: {}'), 'x.yaml', '.');
  const cp = s.cluster.controlPlane!;
  assert.equal(cp.nodes, 3);
  assert.deepEqual(cp.replicas, { 'kube-controller-manager': 3, 'kube-scheduler': 3 });
  assert.deepEqual(cp.leaderElection, { leaseDuration: 15 * SECOND, renewDeadline: 10 * SECOND, retryPeriod: 2 * SECOND });
  assert.deepEqual(cp.cacheSyncTime, { kind: 'constant', value: 2 * SECOND });
  assert.equal(cp.requestLatency, 1 * MILLISECOND);
  assert.equal(s.cluster.nodePools.length, 1);
});

test('without a controlPlane section the scenario has none', () => {
  assert.equal(loadScenarioText(text(''), 'x.yaml', '.').cluster.controlPlane, undefined);
});

test('every field is read: replicas, timings, cache sync distribution, skew and drift by replica name, fault actions', () => {
  const s = loadScenarioText(
    text(
      [
        '    controlPlane:',
        '      nodes: 3',
        '      replicas: { kube-controller-manager: 2, kube-scheduler: 3 }',
        '      leaderElection: { leaseDuration: 30s, renewDeadline: 20s, retryPeriod: 4s }',
        '      cacheSyncTime: { uniform: [1s, 3s] }',
        '      clockSkew: { kube-scheduler-control-plane-1: -500ms, kube-controller-manager-control-plane-0: 2s }',
        '      clockDrift: { kube-scheduler-control-plane-2: 0.05 }',
      ].join('\n'),
      [
        '  timeline:',
        '    - { at: 1m, killLeader: { component: kube-scheduler, restartAfter: 5s } }',
        '    - { at: 2m, controlPlaneNodeCrash: { leaderOf: kube-controller-manager, for: 1m } }',
        '    - { at: 3m, apiServerSlow: { latency: 3s, for: 30s } }',
        '    - { at: 4m, restartReplica: { replica: kube-scheduler-control-plane-1, release: true } }',
      ].join('\n'),
    ),
    'x.yaml',
    '.',
  );
  const cp = s.cluster.controlPlane!;
  assert.deepEqual(cp.replicas, { 'kube-controller-manager': 2, 'kube-scheduler': 3 });
  assert.equal(cp.leaderElection.leaseDuration, 30 * SECOND);
  assert.deepEqual(cp.clockSkew, { 'kube-scheduler-control-plane-1': -500 * MILLISECOND, 'kube-controller-manager-control-plane-0': 2 * SECOND });
  assert.deepEqual(cp.clockDrift, { 'kube-scheduler-control-plane-2': 0.05 });
  assert.deepEqual(
    s.timeline.map((a) => a.type),
    ['killLeader', 'controlPlaneNodeCrash', 'apiServerSlow', 'restartReplica'],
  );
  const crash = s.timeline[1] as { leaderOf?: string; for: number };
  assert.equal(crash.leaderOf, 'kube-controller-manager');
  assert.equal(crash.for, 60 * SECOND);
});

test('timings that NewLeaderElector rejects are reported at the leaderElection field with file:line:col', () => {
  const p = problems(text('    controlPlane:\n      leaderElection: { leaseDuration: 10s, renewDeadline: 10s }'));
  assert.equal(p.length, 1);
  assert.equal(p[0].path, 'spec.cluster.controlPlane.leaderElection');
  assert.equal(p[0].file, 'scenarios/x.yaml');
  assert.equal(p[0].line, 10);
  assert.match(p[0].message, /leaseDuration must be greater than renewDeadline/);
  const q = problems(text('    controlPlane:\n      leaderElection: { renewDeadline: 2s, retryPeriod: 2s }'));
  assert.match(q[0].message, /renewDeadline must be greater than retryPeriod\*JitterFactor/);
});

test('unknown replicas, too many replicas and bad values are located and explained', () => {
  const p = problems(
    text(
      [
        '    controlPlane:',
        '      nodes: 2',
        '      replicas: { kube-scheduler: 3 }',
        '      clockSkew: { kube-scheduler-control-plane-7: 1s }',
        '      cacheSyncTime: { uniform: [3s, 1s] }',
        '      nodess: 1',
      ].join('\n'),
    ),
  );
  const byPath = new Map(p.map((x) => [x.path, x]));
  assert.match(byPath.get('spec.cluster.controlPlane.replicas.kube-scheduler')!.message, /at most nodes \(2\)/);
  assert.equal(byPath.get('spec.cluster.controlPlane.replicas.kube-scheduler')!.line, 11);
  assert.match(byPath.get('spec.cluster.controlPlane.clockSkew.kube-scheduler-control-plane-7')!.message, /no replica named/);
  assert.match(byPath.get('spec.cluster.controlPlane.cacheSyncTime.uniform')!.message, /min must not be greater than max/);
  assert.match(byPath.get('spec.cluster.controlPlane.nodess')!.message, /unknown field "nodess".*did you mean "nodes"/);
});

test('control-plane actions need a controlPlane section and must name existing replicas and nodes', () => {
  const none = problems(text('', '  timeline:\n    - { at: 1m, killLeader: { component: kube-scheduler } }'));
  assert.equal(none.length, 1);
  assert.equal(none[0].path, 'spec.timeline[0].killLeader');
  assert.match(none[0].message, /needs a control plane: add spec.cluster.controlPlane/);

  const p = problems(
    text(
      '    controlPlane: {}',
      [
        '  timeline:',
        '    - { at: 1m, apiServerPartition: { replica: kube-schedulr-control-plane-0, for: 10s } }',
        '    - { at: 2m, controlPlaneNodeCrash: { node: control-plane-5, for: 10s } }',
        '    - { at: 3m, controlPlaneNodeCrash: { node: control-plane-1, leaderOf: kube-scheduler, for: 10s } }',
        '    - { at: 4m, killLeader: { component: kube-proxy } }',
        '    - { at: 5m, apiServerSlow: { latency: 0s, for: 10s } }',
      ].join('\n'),
    ),
  );
  const byPath = new Map(p.map((x) => [x.path, x]));
  assert.match(byPath.get('spec.timeline[0].apiServerPartition.replica')!.message, /did you mean "kube-scheduler-control-plane-0"/);
  assert.equal(byPath.get('spec.timeline[0].apiServerPartition.replica')!.line, 11);
  assert.match(byPath.get('spec.timeline[1].controlPlaneNodeCrash.node')!.message, /no control-plane node named "control-plane-5"/);
  assert.match(byPath.get('spec.timeline[2].controlPlaneNodeCrash')!.message, /exactly one of node .* or leaderOf/);
  assert.match(byPath.get('spec.timeline[3].killLeader.component')!.message, /unknown component "kube-proxy"/);
  assert.match(byPath.get('spec.timeline[4].apiServerSlow.latency')!.message, /longer than 0s/);
});
