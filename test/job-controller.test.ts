import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { constant } from '../src/engine/distribution';
import { Pod } from '../src/api/pod';
import { Job } from '../src/api/job';
import { firstPendingIndexes, formatIndexes, wantActive } from '../src/controllers/job/job-math';
import { scenario, pool, app } from './helpers/tiny-scenario';
import { template } from './helpers/workloads';

function job(over: Partial<Job['spec']> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'batch', namespace: 'default' },
    spec: { completions: 5, parallelism: 2, backoffLimit: 6, completionMode: 'NonIndexed', template: template('batch', 'batch:v1', 'Never'), ...over },
    status: { active: 0, succeeded: 0, failed: 0 },
  };
}

test('job math: pending indexes, completedIndexes format, active target', () => {
  assert.deepEqual(firstPendingIndexes(5, new Set([0, 2]), new Set([1]), 2), [3, 4]);
  assert.equal(formatIndexes(new Set([0, 1, 2, 4, 6, 7])), '0-2,4,6-7');
  assert.equal(wantActive(3, 5, 4), 1);
  assert.equal(wantActive(3, undefined, 1), 0);
});

test('completions 5 at parallelism 2 run in 3 rounds of the run time, then Completed', () => {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 2)], apps: [app('batch:v1', SECOND, { runTime: constant(30 * SECOND) })], resources: [job()], duration: 5 * MINUTE });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  sim.run();
  const j = sim.store.get<Job>('Job', 'default/batch')!;
  assert.equal(j.status.succeeded, 5);
  assert.equal(j.status.conditions?.[0].type, 'Complete');
  const created = sink.rows.filter((r) => r.kind === 'Job' && r.event === 'SuccessfulCreate');
  assert.equal(created.length, 5);
  const done = j.status.completionTime! / SECOND;
  assert.ok(done > 90 && done < 100, String(done));
});

test('Indexed: one pod per index, completedIndexes, index annotation', () => {
  const s = scenario({ pools: [pool('p', 2)], apps: [app('batch:v1', SECOND, { runTime: constant(10 * SECOND) })], resources: [job({ completionMode: 'Indexed', completions: 3, parallelism: 3 })], duration: 2 * MINUTE });
  const sim = new Simulation(s);
  sim.run();
  const j = sim.store.get<Job>('Job', 'default/batch')!;
  assert.equal(j.status.completedIndexes, '0-2');
  const idx = [...sim.store.list<Pod>('Pod')].map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).sort();
  assert.deepEqual(idx, ['0', '1', '2']);
});

test('failed pods back off 10 s, 20 s, ... and the Job fails past backoffLimit; ttlSecondsAfterFinished deletes it', () => {
  const sink = new MemorySink();
  const s = scenario({ pools: [pool('p', 1)], apps: [app('batch:v1', SECOND, { runTime: constant(5 * SECOND) })], resources: [job({ completions: 1, parallelism: 1, backoffLimit: 2, ttlSecondsAfterFinished: 60 })], duration: 10 * MINUTE });
  const sim = new Simulation(s, { timelineSinks: [sink] });
  // The kubelet's verdict for this test: every pod of the Job exits 1.
  sim.store.watch('Pod', {
    onWatch: (t, o) => {
      const p = o as Pod;
      if (t === 'MODIFIED' && p.status.phase === 'Succeeded') {
        p.status.phase = 'Failed';
        p.status.containerStatuses = p.status.containerStatuses?.map((c) => ({ ...c, state: { terminated: { exitCode: 1, reason: 'Error' } } }));
        sim.store.update(p);
      }
    },
  });
  sim.run();
  const creates = sink.rows.filter((r) => r.kind === 'Job' && r.event === 'SuccessfulCreate').map((r) => r.time / SECOND);
  assert.equal(creates.length, 3);
  const gaps = [creates[1] - creates[0], creates[2] - creates[1]];
  // run (≈6 s incl. pull) + back-off 10 s, then + 20 s.
  assert.ok(gaps[0] > 15 && gaps[0] < 17.5, String(gaps));
  assert.ok(gaps[1] > 25 && gaps[1] < 27.5, String(gaps));
  const failed = sink.rows.find((r) => r.kind === 'Job' && r.event === 'BackoffLimitExceeded')!;
  assert.ok(failed);
  const deleted = sink.rows.find((r) => r.kind === 'Job' && r.event === 'Deleted')!;
  assert.equal(deleted.time - failed.time, 60 * SECOND);
  assert.equal(sim.store.count('Job'), 0);
});

test('activeDeadlineSeconds fails a Job still running at the deadline', () => {
  const s = scenario({ pools: [pool('p', 1)], apps: [app('batch:v1', SECOND, { runTime: constant(10 * MINUTE) })], resources: [job({ completions: 1, parallelism: 1, activeDeadlineSeconds: 30 })], duration: 2 * MINUTE });
  const sim = new Simulation(s);
  sim.run();
  const j = sim.store.get<Job>('Job', 'default/batch')!;
  assert.equal(j.status.conditions?.[0].reason, 'DeadlineExceeded');
  assert.equal(j.status.completionTime! - j.status.startTime!, 30 * SECOND);
});
