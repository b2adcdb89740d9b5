import { Time, SECOND } from '../engine/time';
import { Probe } from '../api/pod';
import {
  PROBE_FAILURE_THRESHOLD,
  PROBE_INITIAL_DELAY,
  PROBE_PERIOD,
  PROBE_SUCCESS_THRESHOLD,
  PROBE_TIMEOUT,
} from '../api/defaults';

/**
 * Probe timing arithmetic, so that a container whose health is known in advance can skip ahead to
 * the instant its probe result flips instead of simulating every probe.
 *
 * Model (the kubelet's prober worker, pkg/kubelet/prober/worker.go):
 * - probes tick at startedAt + initialDelaySeconds + k·periodSeconds, k = 0, 1, 2, ...;
 * - a probe at tick t sees the health the container has at t (a change at exactly t is seen);
 * - the result flips when the failureThreshold-th consecutive failure (or successThreshold-th
 *   consecutive success) is observed — worker.doProbe keeps the last result until resultRun
 *   reaches the threshold.
 *
 * Worked example: periodSeconds 10, initialDelaySeconds 5, failureThreshold 3, started at 0,
 * health lost at 32 s → ticks 35, 45, 55 fail → result flips at 55 s.
 *
 * Simplifications against the real kubelet, none of which moves a result by more than one period:
 * - the real ticker's phase is set when the probe worker starts (pod sync), and probes before
 *   initialDelaySeconds are skipped with a whole-second truncation; here ticks are anchored on the
 *   container's start;
 * - the random sleep of up to one period before the first probe (only right after a kubelet
 *   restart) is ignored;
 * - a probe takes no time: its result is recorded at the tick (the timeoutSeconds budget and the
 *   response latency are not added).
 */

/** A Probe with every timing field set (upstream SetDefaults_Probe; 0 counts as unset). */
export interface DefaultedProbe extends Probe {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Defaulted probes by their source: pods of one template share their probe objects. */
const defaulted = new WeakMap<Probe, DefaultedProbe>();

/**
 * Applies the upstream probe defaults (core/v1 SetDefaults_Probe: 0 or unset → 1 s timeout, 10 s
 * period, thresholds 1/3). The result is shared per source probe and must not be mutated.
 */
export function withProbeDefaults(probe: Probe): DefaultedProbe {
  let d = defaulted.get(probe);
  if (d === undefined) defaulted.set(probe, (d = defaults(probe)));
  return d;
}

function defaults(probe: Probe): DefaultedProbe {
  return {
    ...probe,
    initialDelaySeconds: probe.initialDelaySeconds ?? PROBE_INITIAL_DELAY / SECOND,
    periodSeconds: probe.periodSeconds || PROBE_PERIOD / SECOND,
    timeoutSeconds: probe.timeoutSeconds || PROBE_TIMEOUT / SECOND,
    successThreshold: probe.successThreshold || PROBE_SUCCESS_THRESHOLD,
    failureThreshold: probe.failureThreshold || PROBE_FAILURE_THRESHOLD,
  };
}

/** The first probe tick at or after t. Ticks: startedAt + initialDelay + k·period, k ≥ 0. */
export function probeTickAtOrAfter(startedAt: Time, probe: DefaultedProbe, t: Time): Time {
  const first = startedAt + probe.initialDelaySeconds * SECOND;
  if (t <= first) return first;
  const rest = (t - first) % (probe.periodSeconds * SECOND);
  return rest === 0 ? t : t + probe.periodSeconds * SECOND - rest;
}

/**
 * The tick at which the `threshold`-th consecutive probe seeing the health the container has from
 * `changeAt` on is observed, i.e. when the probe result flips. Precondition: the probes before
 * `changeAt` saw the other health (so the run starts at the first tick at or after `changeAt`) and
 * the health does not change back. `threshold` ≥ 1: pass probe.failureThreshold or
 * probe.successThreshold.
 */
export function thresholdReachedAt(startedAt: Time, probe: DefaultedProbe, changeAt: Time, threshold: number): Time {
  return probeTickAtOrAfter(startedAt, probe, changeAt) + (threshold - 1) * probe.periodSeconds * SECOND;
}
