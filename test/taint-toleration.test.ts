import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../src/scheduler/framework';
import { NodeInfo } from '../src/scheduler/node-info';
import { TaintToleration, toleratesTaint, getMatchingUntoleratedTaint } from '../src/scheduler/plugins/taint-toleration';
import { getMatchingTolerations, getMinTolerationTime } from '../src/scheduler/toleration';
import { node, pod } from './scheduler-fixtures';

test('Toleration.ToleratesTaint: empty effect and empty key match all; Equal compares values; Exists ignores them', () => {
  const t = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
  assert.equal(toleratesTaint({ operator: 'Exists' }, t), true);
  assert.equal(toleratesTaint({ key: 'k', value: 'v' }, t), true);
  assert.equal(toleratesTaint({ key: 'k', value: 'w' }, t), false);
  assert.equal(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, t), false);
  assert.equal(toleratesTaint({ key: 'k', operator: 'Gt' as any, value: '1' }, { key: 'k', value: '2', effect: 'NoSchedule' }), false, 'gate off by default');
});

test('Filter ignores PreferNoSchedule and reports the first untolerated NoSchedule/NoExecute taint', () => {
  const taints = [
    { key: 'soft', value: 'x', effect: 'PreferNoSchedule' as const },
    { key: 'hard', value: 'y', effect: 'NoExecute' as const },
  ];
  assert.deepEqual(getMatchingUntoleratedTaint(taints, []), taints[1]);
  const plugin = new TaintToleration();
  const ni = new NodeInfo(node('n', { pods: 1 }, {}, taints));
  const st = plugin.filter(new CycleState(), pod(), ni);
  assert.equal(st?.code, 'UnschedulableAndUnresolvable');
  assert.equal(st?.message(), 'node(s) had untolerated taint(s)');
  assert.equal(plugin.filter(new CycleState(), pod({}, { tolerations: [{ key: 'hard', operator: 'Exists' }] }), ni), null);
});

test('Score counts intolerable PreferNoSchedule taints and NormalizeScore reverses them', () => {
  const plugin = new TaintToleration();
  const soft = (k: string) => ({ key: k, value: 'x', effect: 'PreferNoSchedule' as const });
  const nodes = [new NodeInfo(node('a', {})), new NodeInfo(node('b', {}, {}, [soft('1')])), new NodeInfo(node('c', {}, {}, [soft('1'), soft('2')]))];
  const p = pod();
  const s = new CycleState();
  plugin.preScore(s, p);
  const scores = nodes.map((n) => plugin.score(s, p, n));
  assert.deepEqual(scores, [0, 1, 2]);
  plugin.normalizeScore(s, p, nodes, scores);
  assert.deepEqual(scores, [100, 50, 0]);
});

test('min toleration time: unset tolerates forever (-1), <= 0 evicts now, else the minimum (tainteviction)', () => {
  assert.equal(getMinTolerationTime([]), 0);
  assert.equal(getMinTolerationTime([{}]), -1);
  assert.equal(getMinTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }]), 30);
  assert.equal(getMinTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: -5 }]), 0);
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const }];
  const m = getMatchingTolerations(taints, [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]);
  assert.equal(m.allTolerated, true);
  assert.equal(getMinTolerationTime(m.used), 300);
  assert.equal(getMatchingTolerations(taints, []).allTolerated, false);
});
