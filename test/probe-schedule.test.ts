import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SECOND, Time } from '../src/engine/time';
import { DefaultedProbe, probeTickAtOrAfter, thresholdReachedAt, withProbeDefaults } from '../src/kubelet/probe-schedule';

test('withProbeDefaults applies SetDefaults_Probe: 10 s period, 1 s timeout, thresholds 1 and 3, zero = unset', () => {
  const p = withProbeDefaults({ httpGet: { port: 8080 } });
  assert.deepEqual(
    [p.initialDelaySeconds, p.periodSeconds, p.timeoutSeconds, p.successThreshold, p.failureThreshold],
    [0, 10, 1, 1, 3],
  );
  const zeros = withProbeDefaults({ periodSeconds: 0, timeoutSeconds: 0, successThreshold: 0, failureThreshold: 0 });
  assert.deepEqual([zeros.periodSeconds, zeros.timeoutSeconds, zeros.successThreshold, zeros.failureThreshold], [10, 1, 1, 3]);
  const set = withProbeDefaults({ initialDelaySeconds: 7, periodSeconds: 3, failureThreshold: 5 });
  assert.deepEqual([set.initialDelaySeconds, set.periodSeconds, set.failureThreshold], [7, 3, 5]);
  assert.deepEqual(set.httpGet, undefined);
  assert.deepEqual(p.httpGet, { port: 8080 });
});

test('worked example: period 10 s, delay 5 s, 3 failures, health lost at 32 s → NotReady at 55 s', () => {
  const probe = withProbeDefaults({ initialDelaySeconds: 5 });
  assert.equal(probeTickAtOrAfter(0, probe, 32 * SECOND), 35 * SECOND);
  assert.equal(thresholdReachedAt(0, probe, 32 * SECOND, probe.failureThreshold), 55 * SECOND);
  assert.equal(probeTickAtOrAfter(0, probe, 35 * SECOND), 35 * SECOND, 'a change at a tick is seen by that tick');
  assert.equal(probeTickAtOrAfter(0, probe, 0), 5 * SECOND, 'no probe before initialDelaySeconds');
  assert.equal(thresholdReachedAt(100 * SECOND, probe, 0, probe.successThreshold), 105 * SECOND);
});

/** Tick-by-tick reference: run the probe worker and count consecutive results of the new health. */
function tickByTick(startedAt: Time, probe: DefaultedProbe, changeAt: Time, threshold: number): Time {
  let run = 0;
  for (let t = startedAt + probe.initialDelaySeconds * SECOND; ; t += probe.periodSeconds * SECOND) {
    run = t >= changeAt ? run + 1 : 0;
    if (run === threshold) return t;
  }
}

test('the closed form equals a tick-by-tick probe worker', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1_000_000 * SECOND }),
      fc.record({
        initialDelaySeconds: fc.integer({ min: 0, max: 300 }),
        periodSeconds: fc.integer({ min: 1, max: 120 }),
        threshold: fc.integer({ min: 1, max: 10 }),
      }),
      fc.integer({ min: 0, max: 2_000 * SECOND }),
      (startedAt, spec, changeOffset) => {
        const probe = withProbeDefaults({ initialDelaySeconds: spec.initialDelaySeconds, periodSeconds: spec.periodSeconds });
        const changeAt = startedAt + changeOffset;
        const expected = tickByTick(startedAt, probe, changeAt, spec.threshold);
        assert.equal(thresholdReachedAt(startedAt, probe, changeAt, spec.threshold), expected);
        if (spec.threshold === 1) assert.equal(probeTickAtOrAfter(startedAt, probe, changeAt), expected);
      },
    ),
    { numRuns: 2000 },
  );
});
