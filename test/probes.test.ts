import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { SECOND, MINUTE } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import {
  PROBE_FAILURE_THRESHOLD,
  PROBE_INITIAL_DELAY,
  PROBE_PERIOD,
  PROBE_SUCCESS_THRESHOLD,
  PROBE_TIMEOUT,
} from '../src/api/defaults';
import { withProbeDefaults } from '../src/kubelet/probe-schedule';
import { crashLoopDelay } from '../src/kubelet/crashloop-backoff';
import {
  FAILURE,
  LIVENESS,
  READINESS,
  STARTUP,
  SUCCESS,
  UNKNOWN,
  applyTick,
  findFlip,
  newProbeWorker,
} from '../src/kubelet/probe-worker';
import { scenario, pool, app, deployment } from './helpers/tiny-scenario';
import { constant } from '../src/engine/distribution';

test('probe defaults are upstream SetDefaults_Probe (the defaults.json constants) and initial results are the prober manager\'s', () => {
  const p = withProbeDefaults({ httpGet: { port: 80 } });
  assert.equal(p.periodSeconds * SECOND, PROBE_PERIOD);
  assert.equal(p.timeoutSeconds * SECOND, PROBE_TIMEOUT);
  assert.equal(p.initialDelaySeconds * SECOND, PROBE_INITIAL_DELAY);
  assert.equal(p.successThreshold, PROBE_SUCCESS_THRESHOLD);
  assert.equal(p.failureThreshold, PROBE_FAILURE_THRESHOLD);
  assert.equal(newProbeWorker(READINESS, p, 0, 0, 1).result, FAILURE);
  assert.equal(newProbeWorker(LIVENESS, p, 0, 0, 1).result, SUCCESS);
  assert.equal(newProbeWorker(STARTUP, p, 0, 0, 1).result, UNKNOWN);
});

test('worker.doProbe threshold rule: liveness flips to Failure on the 3rd consecutive failure, a success in between resets the run', () => {
  const w = newProbeWorker(LIVENESS, withProbeDefaults({}), 0, 0, 1);
  assert.equal(applyTick(w, false), false);
  assert.equal(applyTick(w, false), false);
  assert.equal(applyTick(w, true), false);
  assert.equal(applyTick(w, false), false);
  assert.equal(applyTick(w, false), false);
  assert.equal(applyTick(w, false), true);
  assert.equal(w.result, FAILURE);
  assert.equal(w.k, 6);
});

test('findFlip (skip-ahead) reaches the same flips and state as applyTick (tick by tick), flaky draws included', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.constantFrom(0, 0.05, 0.3, 0.7, 1),
      fc.constantFrom(READINESS, LIVENESS, STARTUP),
      fc.array(fc.record({ healthy: fc.boolean(), len: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 1 << 30 }),
      (failureThreshold, successThreshold, flaky, kind, segments, key) => {
        const probe = withProbeDefaults({ failureThreshold, successThreshold });
        const a = newProbeWorker(kind as 0 | 1 | 2, probe, 0, flaky, key);
        const b = newProbeWorker(kind as 0 | 1 | 2, probe, 0, flaky, key);
        const flipsA: number[] = [];
        const flipsB: number[] = [];
        let end = 0;
        for (const s of segments) {
          end += s.len;
          while (a.k < end) {
            const k = a.k;
            if (applyTick(a, s.healthy)) flipsA.push(k);
          }
          for (;;) {
            const f = findFlip(b, end, s.healthy);
            if (f >= end) break;
            assert.equal(applyTick(b, s.healthy), true, 'findFlip stopped at a tick that does not flip');
            flipsB.push(f);
          }
          assert.deepEqual([b.k, b.result, b.last, b.run, b.nextFlaky], [a.k, a.result, a.last, a.run, a.nextFlaky]);
        }
        assert.deepEqual(flipsB, flipsA);
      },
    ),
    { numRuns: 400 },
  );
});

function rowsOf(sim: Simulation): TimelineRow[] {
  const sink = new MemorySink();
  sim.recorder.addSink(sink);
  return sink.rows;
}

test('a liveness probe that keeps failing restarts the container with CrashLoopBackOff gaps 0, 10, 20, 40, 80, 160, 300 s', () => {
  for (const probeMode of ['skip-ahead', 'tick'] as const) {
    const d = deployment('web', 1, 'web:v1');
    d.spec.template.spec.containers = [{ ...d.spec.template.spec.containers[0], livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 3 } }];
    const s = scenario({ pools: [pool('p', 1)], apps: [app('web:v1', 1000 * SECOND)], resources: [d], duration: 40 * MINUTE });
    s.kubelet = { probeMode, serializeImagePulls: true };
    const sim = new Simulation(s);
    const rows = rowsOf(sim);
    sim.run();
    const pod = rows.filter((r) => r.kind === 'Pod');
    const starts = pod.filter((r) => r.event === 'Started').map((r) => r.time);
    const exits = pod.filter((r) => r.event === 'Terminated').map((r) => r.time);
    const kills = pod.filter((r) => r.event === 'Killing' && r.reason === 'Liveness probe failed').map((r) => r.time);
    assert.ok(exits.length >= 8, `${probeMode}: ${exits.length} exits`);
    for (let i = 0; i < 8; i++) {
      // Ticks at start + 0, 10, 20 s fail: killed on the third, exits at once (no shutdown time).
      assert.equal(kills[i] - starts[i], 20 * SECOND, `${probeMode}: run ${i + 1}`);
      assert.equal(exits[i], kills[i]);
      assert.equal(starts[i + 1] - exits[i], crashLoopDelay(i + 1), `${probeMode}: gap after exit ${i + 1}`);
    }
    const p = [...sim.store.list<Pod>('Pod')][0];
    assert.equal(p.status.phase, 'Running');
    assert.equal(p.status.containerStatuses![0].restartCount, sim.nodeAgent.stats.restarts);
    assert.equal(sim.facts().kubelet.restarts, sim.nodeAgent.stats.restarts);
  }
});

test('a startup probe holds liveness off: a slow starter is not killed while its startup probe still has attempts left', () => {
  const d = deployment('slow', 1, 'slow:v1');
  d.spec.template.spec.containers = [
    {
      ...d.spec.template.spec.containers[0],
      startupProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 12 },
      livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 1 },
      readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5 },
    },
  ];
  const s = scenario({ pools: [pool('p', 1)], apps: [app('slow:v1', 65 * SECOND)], resources: [d], duration: 5 * MINUTE });
  const sim = new Simulation(s);
  const rows = rowsOf(sim);
  sim.run();
  const pod = rows.filter((r) => r.kind === 'Pod');
  assert.equal(pod.filter((r) => r.event === 'Killing').length, 0);
  const started = pod.find((r) => r.event === 'Started')!.time;
  const ready = pod.find((r) => r.event === 'Ready')!.time;
  // Startup ticks at +0, +10, ... see health from +65 s: success at +70; readiness ticks from +70 (5 s period) → Ready at +70.
  assert.equal(ready - started, 70 * SECOND);
});

test('Job pods: exit codes and phases as the Job controller sees them (Never: 0 → Succeeded, 1 → Failed)', () => {
  const mk = (name: string, image: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image }], restartPolicy: 'Never', schedulerName: 'default-scheduler' },
    status: { phase: 'Pending' },
  });
  const s = scenario({
    pools: [pool('p', 1)],
    apps: [
      app('ok:v1', 1 * SECOND, { runTime: constant(30 * SECOND) }),
      app('bad:v1', 1 * SECOND, { crashAfter: { probability: 1, after: constant(10 * SECOND) } }),
    ],
    resources: [mk('ok', 'ok:v1'), mk('bad', 'bad:v1')],
    duration: 2 * MINUTE,
  });
  const sim = new Simulation(s);
  sim.run();
  const ok = sim.store.get<Pod>('Pod', 'default/ok')!;
  const bad = sim.store.get<Pod>('Pod', 'default/bad')!;
  assert.equal(ok.status.phase, 'Succeeded');
  assert.equal(ok.status.containerStatuses![0].state.terminated!.exitCode, 0);
  assert.equal(bad.status.phase, 'Failed');
  assert.equal(bad.status.containerStatuses![0].state.terminated!.exitCode, 1);
  assert.equal(bad.status.containerStatuses![0].restartCount, 0);
});
