import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../src/scheduler/framework';
import { NodeInfo } from '../src/scheduler/node-info';
import { NodeAffinity } from '../src/scheduler/plugins/node-affinity';
import { CompiledNodeSelector } from '../src/scheduler/node-selector';
import { node, pod } from './scheduler-fixtures';

const sel = (terms: any[]) => new CompiledNodeSelector({ nodeSelectorTerms: terms });

test('Gt/Lt parse both sides with strconv.ParseInt; a missing or non-integer label never matches', () => {
  const gt = sel([{ matchExpressions: [{ key: 'v', operator: 'Gt', values: ['0204'] }] }]);
  assert.equal(gt.match(node('n', {}, { v: '0206' })), true);
  assert.equal(gt.match(node('n', {}, { v: '204' })), false);
  assert.equal(gt.match(node('n', {}, { v: 'x' })), false);
  const lt = sel([{ matchExpressions: [{ key: 'v', operator: 'Lt', values: ['3'] }] }]);
  assert.equal(lt.match(node('n', {}, { v: '-1' })), true);
});

test('NotIn and DoesNotExist match an absent label; an empty term matches nothing', () => {
  assert.equal(sel([{ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['a'] }] }]).match(node('n', {})), true);
  assert.equal(sel([{ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }]).match(node('n', {}, { x: '' })), false);
  assert.equal(sel([{ matchExpressions: [] }]).match(node('n', {})), false);
});

test('an invalid term never matches but the other terms are still evaluated (lazy-error selector)', () => {
  const s = sel([
    { matchExpressions: [{ key: 'bad key', operator: 'Exists' }] },
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] },
  ]);
  assert.equal(s.errors().length, 1);
  assert.equal(s.match(node('n', {})), true);
  assert.equal(s.match(node('m', {})), false);
});

test('plugin: nodeSelector is ANDed with required affinity; preferred terms sum weights and normalize to 100', () => {
  const plugin = new NodeAffinity();
  const p = pod({}, {
    nodeSelector: { disk: 'ssd' },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
          { weight: 30, preference: { matchExpressions: [{ key: 'big', operator: 'Exists' }] } },
        ],
      },
    },
  });
  const s = new CycleState();
  plugin.preFilter(s, p);
  const a = new NodeInfo(node('a', {}, { disk: 'ssd', zone: 'a' }));
  const b = new NodeInfo(node('b', {}, { disk: 'ssd', zone: 'b', big: '' }));
  const c = new NodeInfo(node('c', {}, { zone: 'a' }));
  assert.equal(plugin.filter(s, p, a), null);
  assert.equal(plugin.filter(s, p, c)?.message(), "node(s) didn't match Pod's node affinity/selector");
  plugin.preScore(s, p);
  const scores = [a, b].map((n) => plugin.score(s, p, n));
  assert.deepEqual(scores, [10, 30]);
  plugin.normalizeScore(s, p, [a, b], scores);
  assert.deepEqual(scores, [33, 100]);
});
