import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeInfo } from '../src/scheduler/node-info';
import { scheduleOne, selectHost, defaultProfile, buildProfile } from '../src/scheduler/schedule-one';
import { node, pod } from './scheduler-fixtures';

const first = () => 0;

test('FitError message counts reasons per node and sorts them as strings (FitError.Error)', () => {
  const nodes = [
    new NodeInfo(node('a', { cpu: '1', memory: '1Gi', pods: 10 })),
    new NodeInfo(node('b', { cpu: '1', memory: '1Gi', pods: 10 })),
    new NodeInfo(node('c', { cpu: '1', memory: '1Gi', pods: 10 })),
    new NodeInfo(node('d', { cpu: '8', memory: '8Gi', pods: 10 }, {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])),
    new NodeInfo(node('e', { cpu: '8', memory: '8Gi', pods: 10 }, {}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])),
  ];
  const r = scheduleOne(pod({ cpu: '2' }), nodes, defaultProfile(), { nextStartNodeIndex: 0 }, first);
  assert.ok('message' in r);
  assert.equal(r.message, '0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu.');
});

test('string sort of the histogram puts "10 ..." before "2 ..." as upstream sort.Strings does', () => {
  const nodes: NodeInfo[] = [];
  for (let i = 0; i < 10; i++) nodes.push(new NodeInfo(node(`s${i}`, { cpu: '1', pods: 10 }, {}, [], )));
  for (let i = 0; i < 2; i++) nodes.push(new NodeInfo(node(`u${i}`, { cpu: '8', pods: 10 })));
  nodes[10].node.spec.unschedulable = true;
  nodes[11].node.spec.unschedulable = true;
  const r = scheduleOne(pod({ cpu: '2' }), nodes, defaultProfile(), { nextStartNodeIndex: 0 }, first);
  assert.ok('message' in r);
  assert.equal(r.message, '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.');
});

test('LeastAllocated picks the emptiest node; the weighted totals add plugin scores', () => {
  const busy = new NodeInfo(node('busy', { cpu: '4', memory: '4Gi', pods: 10 }));
  busy.addPod(pod({ cpu: '3', memory: '3Gi' }));
  const idle = new NodeInfo(node('idle', { cpu: '4', memory: '4Gi', pods: 10 }));
  const r = scheduleOne(pod({ cpu: '1', memory: '1Gi' }), [busy, idle], defaultProfile(), { nextStartNodeIndex: 0 }, first);
  assert.ok('nodeName' in r);
  assert.equal(r.nodeName, 'idle');
  assert.ok(r.score > 0);
});

test('selectHost picks each tied best node with probability 1/count (one uniform draw over the ties)', () => {
  assert.equal(selectHost([5, 9, 9, 9], () => 0), 1);
  assert.equal(selectHost([5, 9, 9, 9], () => 2), 3);
  const calls: number[] = [];
  assert.equal(selectHost([9, 1, 9, 9], (n) => (calls.push(n), 1)), 2);
  assert.deepEqual(calls, [3]);
  assert.equal(selectHost([1, 7, 3], () => { throw new Error('no draw without a tie'); }), 1);
});

test('the search stops after numFeasibleNodesToFind and the next cycle starts where it stopped', () => {
  const nodes: NodeInfo[] = [];
  for (let i = 0; i < 200; i++) nodes.push(new NodeInfo(node(`n${i}`, { cpu: '4', memory: '4Gi', pods: 10 })));
  const profile = buildProfile({ percentageOfNodesToScore: 50 });
  const state = { nextStartNodeIndex: 0 };
  const r = scheduleOne(pod({ cpu: '1' }), nodes, profile, state, first);
  assert.ok('nodeName' in r);
  assert.equal(r.feasibleNodes, 100);
  assert.equal(state.nextStartNodeIndex, 100);
  scheduleOne(pod({ cpu: '1' }), nodes, profile, state, first);
  assert.equal(state.nextStartNodeIndex, 0);
});

test('a node-name affinity narrows the candidates in PreFilter and absent nodes are counted once', () => {
  const nodes = ['a', 'b', 'c'].map((n) => new NodeInfo(node(n, { cpu: '1', pods: 10 })));
  const p = pod({ cpu: '2' }, {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } },
  });
  const r = scheduleOne(p, nodes, defaultProfile(), { nextStartNodeIndex: 0 }, first);
  assert.ok('message' in r);
  assert.equal(r.message, "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
});

test('a single feasible node is chosen without scoring', () => {
  const nodes = [new NodeInfo(node('a', { cpu: '1', pods: 10 })), new NodeInfo(node('b', { cpu: '4', pods: 10 }))];
  const r = scheduleOne(pod({ cpu: '2' }), nodes, defaultProfile(), { nextStartNodeIndex: 0 }, first);
  assert.deepEqual(r, { nodeName: 'b', score: 0, evaluatedNodes: 2, feasibleNodes: 1 });
});

test('an unknown plugin name is a clear configuration error', () => {
  assert.throws(() => buildProfile({ plugins: [{ name: 'NoSuchPlugin' }] }), /unknown scheduler plugin "NoSuchPlugin"/);
});
