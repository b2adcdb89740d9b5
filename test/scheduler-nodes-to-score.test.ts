import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numFeasibleNodesToFind, nextStartNodeIndex } from '../src/scheduler/nodes-to-score';

test('adaptive percentageOfNodesToScore: 50 - nodes/125, floored at 5%, at least 100 nodes', () => {
  assert.equal(numFeasibleNodesToFind(0, 99), 99);
  assert.equal(numFeasibleNodesToFind(0, 1000), 420);
  assert.equal(numFeasibleNodesToFind(0, 5000), 500);
  assert.equal(numFeasibleNodesToFind(0, 10000), 500);
  assert.equal(numFeasibleNodesToFind(1, 1000), 100);
  assert.equal(numFeasibleNodesToFind(100, 6000), 6000);
});

test('the start index rotates by the number of processed nodes', () => {
  assert.equal(nextStartNodeIndex(450, 100, 500), 50);
  assert.equal(nextStartNodeIndex(3, 0, 0), 0);
});
