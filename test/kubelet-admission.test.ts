import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { scenario, pool } from './helpers/tiny-scenario';

function bare(name: string, cpu: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: 'p-0',
      containers: [{ name: 'c', image: 'x:v1', resources: { requests: { cpu } } }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
    },
    status: { phase: 'Pending' },
  };
}

test('the kubelet rejects a pod with spec.nodeName that does not fit: OutOfcpu, phase Failed (PredicateAdmitHandler)', () => {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 1)], resources: [bare('a', '3'), bare('b', '2')], duration: 1 * MINUTE });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.run();
  const a = sim.store.get<Pod>('Pod', 'default/a')!;
  const b = sim.store.get<Pod>('Pod', 'default/b')!;
  assert.equal(a.status.phase, 'Running');
  assert.equal(b.status.phase, 'Failed');
  assert.equal(b.status.reason, 'OutOfcpu');
  assert.equal(b.status.message, "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000");
  assert.ok(sink.rows.some((r) => r.name === 'b' && r.event === 'OutOfcpu'));
});
