import { Time, SECOND } from '../engine/time';
import { DefaultedProbe } from './probe-schedule';
import { KeyedRandom } from './keyed-random';

/** Probe kinds, in the order the kubelet's results are applied at one instant. */
export const STARTUP = 0;
export const LIVENESS = 1;
export const READINESS = 2;
export type ProbeKind = typeof STARTUP | typeof LIVENESS | typeof READINESS;

/** A probe result: upstream results.Unknown / Failure / Success. */
export const UNKNOWN = -1;
export const FAILURE = 0;
export const SUCCESS = 1;

/**
 * One prober worker (pkg/kubelet/prober/worker.go) as a state machine over probe ticks: tick k is
 * at `first + k·period`. `result` is the worker's published result, `last`/`run` are doProbe's
 * lastResult/resultRun: the result flips only when `run` consecutive probes saw the other outcome
 * and run reached failureThreshold (to Failure) or successThreshold (to Success).
 *
 * Initial results as the prober manager sets them: readiness Failure, liveness Success,
 * startup Unknown.
 *
 * Flaky probes: each tick independently times out (fails) with probability `flaky`. The index of
 * the next flaky tick is drawn geometrically from the worker's own keyed generator, so the same
 * ticks are flaky whether ticks are simulated one by one or skipped over.
 */
export interface ProbeWorker {
  kind: ProbeKind;
  probe: DefaultedProbe;
  first: Time;
  period: Time;
  /** Next tick not yet applied. */
  k: number;
  result: number;
  last: number;
  run: number;
  flaky: number;
  nextFlaky: number;
  rng: KeyedRandom;
}

export function newProbeWorker(kind: ProbeKind, probe: DefaultedProbe, startedAt: Time, flaky: number, rngKey: number): ProbeWorker {
  const w: ProbeWorker = {
    kind,
    probe,
    first: startedAt + probe.initialDelaySeconds * SECOND,
    period: probe.periodSeconds * SECOND,
    k: 0,
    result: kind === READINESS ? FAILURE : kind === LIVENESS ? SUCCESS : UNKNOWN,
    last: UNKNOWN,
    run: 0,
    flaky,
    nextFlaky: Infinity,
    rng: new KeyedRandom(rngKey),
  };
  w.nextFlaky = flakyAfter(w, 0);
  return w;
}

/** The index of the first flaky tick ≥ from (geometric gap with success probability `flaky`). */
function flakyAfter(w: ProbeWorker, from: number): number {
  if (w.flaky <= 0) return Infinity;
  if (w.flaky >= 1) return from;
  const u = w.rng.next();
  return from + Math.floor(Math.log(1 - u) / Math.log(1 - w.flaky));
}

export function tickTime(w: ProbeWorker, k: number): Time {
  return w.first + k * w.period;
}

/** The index of the first tick at or after t (probe-schedule's probeTickAtOrAfter, as an index). */
export function tickIndexAtOrAfter(w: ProbeWorker, t: Time): number {
  if (t <= w.first) return 0;
  return Math.ceil((t - w.first) / w.period);
}

function thresholdFor(w: ProbeWorker, outcome: number): number {
  return outcome === SUCCESS ? w.probe.successThreshold : w.probe.failureThreshold;
}

/** Moves the worker to tick `k` without applying the ticks in between (probes skipped, e.g. before started). */
export function skipTo(w: ProbeWorker, k: number): void {
  if (k <= w.k) return;
  w.k = k;
  while (w.nextFlaky < k) w.nextFlaky = flakyAfter(w, w.nextFlaky + 1);
}

/**
 * Applies tick w.k, whose container health is `healthy` (true: the probe would succeed unless the
 * tick is flaky). Returns true when the worker's result flipped (doProbe's threshold rule).
 */
export function applyTick(w: ProbeWorker, healthy: boolean): boolean {
  const k = w.k++;
  let outcome = healthy ? SUCCESS : FAILURE;
  if (k === w.nextFlaky) {
    outcome = FAILURE;
    w.nextFlaky = flakyAfter(w, k + 1);
  }
  if (outcome === w.last) w.run++;
  else {
    w.last = outcome;
    w.run = 1;
  }
  if (outcome !== w.result && w.run >= thresholdFor(w, outcome)) {
    w.result = outcome;
    return true;
  }
  return false;
}

/**
 * The skip-ahead twin of applyTick: applies ticks w.k, w.k+1, ... below `kEnd` (all with the same
 * container health) that do NOT flip the result, and stops at the first tick that would flip it,
 * leaving it unapplied. Returns that tick's index, or kEnd when none flips. The state after it
 * equals the state after applying the same ticks one by one with applyTick (the flaky draws
 * included); runs between flaky ticks are added in one step.
 */
export function findFlip(w: ProbeWorker, kEnd: number, healthy: boolean): number {
  const base = healthy ? SUCCESS : FAILURE;
  while (w.k < kEnd) {
    const chunkEnd = w.nextFlaky < kEnd ? w.nextFlaky : kEnd;
    if (chunkEnd > w.k) {
      const n = chunkEnd - w.k;
      const carried = base === w.last ? w.run : 0;
      if (base !== w.result) {
        const need = thresholdFor(w, base) - carried;
        if (need <= n) {
          const at = w.k + (need > 0 ? need - 1 : 0);
          if (at > w.k) {
            w.run = carried + (at - w.k);
            w.last = base;
            w.k = at;
          }
          return w.k;
        }
      }
      w.run = carried + n;
      w.last = base;
      w.k = chunkEnd;
    }
    if (w.k >= kEnd) break;
    // w.k is a flaky tick: it fails.
    const carried = w.last === FAILURE ? w.run : 0;
    if (w.result !== FAILURE && carried + 1 >= w.probe.failureThreshold) return w.k;
    w.run = carried + 1;
    w.last = FAILURE;
    w.nextFlaky = flakyAfter(w, w.k + 1);
    w.k++;
  }
  return kEnd;
}
