import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computePodRequests, podRequests, DEFAULT_MEMORY_REQUEST } from '../src/scheduler/resources';
import { NodeInfo } from '../src/scheduler/node-info';
import { node, pod } from './scheduler-fixtures';

test('pod requests are max(sum(containers), max(init containers)) plus overhead (resource.PodRequests)', () => {
  const p = pod({ cpu: '1' }, {
    initContainers: [
      { name: 'i1', image: 'x', resources: { requests: { cpu: '3' } } },
      { name: 'i2', image: 'x', resources: { requests: { cpu: '2' } } },
    ],
    overhead: { cpu: '250m', memory: '10Mi' },
  });
  const r = computePodRequests(p, false);
  assert.equal(r.milliCPU, 3250);
  assert.equal(r.memory, 10 * 1024 * 1024);
});

test('restartable init containers (sidecars) add to the containers and to later init steps', () => {
  const p = pod({ cpu: '1' }, {
    initContainers: [
      { name: 'side', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
      { name: 'init', image: 'x', resources: { requests: { cpu: '2' } } },
    ],
  });
  assert.equal(computePodRequests(p, false).milliCPU, 2500);
  const q = pod({ cpu: '2' }, { initContainers: [{ name: 'side', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } }] });
  assert.equal(computePodRequests(q, false).milliCPU, 2500);
});

test('non-zero requests count 100m / 200Mi per container without requests, explicit 0 stays 0', () => {
  const p = pod({});
  const r = podRequests(p);
  assert.equal(r.milliCPU, 0);
  assert.equal(r.nonZeroMilliCPU, 100);
  assert.equal(r.nonZeroMemory, DEFAULT_MEMORY_REQUEST);
  assert.equal(podRequests(pod({ cpu: 0, memory: 0 })).nonZeroMilliCPU, 0);
});

test('NodeInfo keeps requested totals incrementally through add and remove', () => {
  const ni = new NodeInfo(node('n', { cpu: '4', memory: '8Gi', pods: 110, 'example.com/gpu': 2 }));
  assert.equal(ni.allocatable.milliCPU, 4000);
  assert.equal(ni.allocatable.allowedPodNumber, 110);
  const a = pod({ cpu: '500m', memory: '1Gi', 'example.com/gpu': 1 });
  const b = pod({});
  ni.addPod(a);
  ni.addPod(b);
  assert.equal(ni.requested.milliCPU, 500);
  assert.equal(ni.requested.scalar!.get('example.com/gpu'), 1);
  assert.equal(ni.nonZeroMilliCPU, 600);
  assert.ok(ni.removePod(a));
  assert.equal(ni.requested.milliCPU, 0);
  assert.equal(ni.requested.scalar!.get('example.com/gpu'), 0);
  assert.equal(ni.nonZeroMilliCPU, 100);
  assert.equal(ni.pods.length, 1);
  assert.equal(ni.removePod(a), false);
});
