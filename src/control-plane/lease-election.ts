import { Time, SECOND } from '../engine/time';
import {
  LEADER_ELECTION_JITTER_FACTOR,
  LEADER_ELECTION_LEASE_DURATION,
  LEADER_ELECTION_RENEW_DEADLINE,
  LEADER_ELECTION_RETRY_PERIOD,
} from '../api/defaults';

/**
 * Leader election over a coordination.k8s.io Lease, as client-go's tools/leaderelection
 * LeaderElector.tryAcquireOrRenew, written as a pure step. The actor that runs the loop (a
 * kube-controller-manager or kube-scheduler replica) owns the clock, the store write and the timers.
 *
 * The loop the actor must reproduce (client-go LeaderElector.Run, defaults 15 s / 10 s / 2 s):
 * - acquire: every RetryPeriod · (1 + rand[0, JitterFactor)) — wait.JitterUntil with factor 1.2,
 *   so 2 s to 4.4 s apart — a candidate calls tryAcquireOrRenew until it returns true;
 * - renew: once leading, every RetryPeriod (no jitter) the leader calls tryAcquireOrRenew; each
 *   renewal may retry every RetryPeriod for at most RenewDeadline. If no call succeeds within
 *   RenewDeadline of the renewal's start, the leader stops leading (OnStoppedLeading; kcm and the
 *   scheduler exit) — even though followers will not take over before they have seen the record
 *   unchanged for LeaseDuration;
 * - release (ReleaseOnCancel): on a graceful stop the leader writes releasedLease().
 *
 * Consequence: after a leader dies, a follower takes over between LeaseDuration after it last saw
 * the record change and one jittered RetryPeriod later (15 s to ~19.4 s with the defaults).
 */

/** The leader loop timings of a component (component-base LeaderElectionConfiguration). */
export interface LeaderElectionTimings {
  readonly leaseDuration: Time;
  readonly renewDeadline: Time;
  readonly retryPeriod: Time;
}

/** RecommendedDefaultLeaderElectionConfiguration: 15 s / 10 s / 2 s. */
export const DEFAULT_LEADER_ELECTION_TIMINGS: LeaderElectionTimings = Object.freeze({
  leaseDuration: LEADER_ELECTION_LEASE_DURATION,
  renewDeadline: LEADER_ELECTION_RENEW_DEADLINE,
  retryPeriod: LEADER_ELECTION_RETRY_PERIOD,
});

/** client-go JitterFactor: candidates wait RetryPeriod · (1 + rand[0, 1.2)) between attempts. */
export const JITTER_FACTOR = LEADER_ELECTION_JITTER_FACTOR;

/**
 * NewLeaderElector's validation: every timing > 0, leaseDuration > renewDeadline,
 * renewDeadline > JitterFactor · retryPeriod. Returns the upstream error sentence, or undefined.
 */
export function validateLeaderElectionTimings(t: LeaderElectionTimings): string | undefined {
  if (t.leaseDuration <= t.renewDeadline) return 'leaseDuration must be greater than renewDeadline';
  if (t.renewDeadline <= JITTER_FACTOR * t.retryPeriod) return 'renewDeadline must be greater than retryPeriod*JitterFactor';
  if (t.leaseDuration < 1) return 'leaseDuration must be greater than zero';
  if (t.renewDeadline < 1) return 'renewDeadline must be greater than zero';
  if (t.retryPeriod < 1) return 'retryPeriod must be greater than zero';
  return undefined;
}

/**
 * The Lease spec fields leader election uses (coordination/v1 LeaseSpec; client-go's
 * LeaderElectionRecord). Times are the writer's local clock; nobody else trusts them.
 */
export type { LeaseRecord } from '../api/lease';
import type { LeaseRecord } from '../api/lease';

/**
 * What one candidate last saw of the lease: the record, and the instant (on its own clock) it saw
 * that record change. Upstream keeps these as observedRecord/observedRawRecord/observedTime.
 */
export interface LeaseObservation {
  readonly observedRecord: LeaseRecord;
  readonly observedTime: Time;
}

/** The candidate running the step: its identity and its configured lease duration. */
export interface LeaseCandidate {
  readonly identity: string;
  readonly leaseDuration: Time;
}

export interface TryAcquireResult {
  /** True when this candidate leads if newRecord is written. */
  readonly acquired: boolean;
  /**
   * The record to write (create when the lease did not exist, else update with optimistic
   * concurrency). Present exactly when acquired. If the write fails (conflict), the attempt
   * failed: keep observationIfWriteFails instead of newObservation.
   */
  readonly newRecord?: LeaseRecord;
  /** The candidate's observation after this step (after a successful write, if any). */
  readonly newObservation: LeaseObservation | undefined;
  /** The observation to keep when the write of newRecord fails. */
  readonly observationIfWriteFails: LeaseObservation | undefined;
}

/** Same content: upstream compares the raw serialized record byte for byte. */
export function sameLeaseRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/**
 * One tryAcquireOrRenew at local time `now`, given the lease as read from the store (`current`,
 * undefined when it does not exist) and the candidate's previous observation.
 *
 * Rules (client-go leaderelection.go):
 * 1. No lease: create one naming the candidate; acquired.
 * 2. If `current` differs from the observed record, it becomes the observation, stamped `now`.
 * 3. If `current` is held by someone else and the lease is still valid by the candidate's own
 *    observation — observedTime + current.leaseDurationSeconds > now — fail. Takeover is thus
 *    allowed at exactly observedTime + duration, and never on the step that first sees a change
 *    (upstream reads `now` before stamping observedTime, so such a record is always still valid).
 * 4. Otherwise write a record naming the candidate with renewTime = now and the candidate's own
 *    leaseDuration: the holder renewing keeps acquireTime and leaseTransitions; anyone else
 *    (taking over, or claiming a released lease with holderIdentity "") sets acquireTime = now and
 *    leaseTransitions + 1.
 *
 * The holder's optimistic fast path (update without a read) gives the same outcome: it conflicts,
 * and falls back to these rules, exactly when the store's record differs from the observed one.
 */
export function tryAcquireOrRenew(
  current: LeaseRecord | undefined,
  candidate: LeaseCandidate,
  observation: LeaseObservation | undefined,
  now: Time,
): TryAcquireResult {
  const leaseDurationSeconds = Math.floor(candidate.leaseDuration / SECOND);
  if (current === undefined) {
    const created: LeaseRecord = {
      holderIdentity: candidate.identity,
      leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    return {
      acquired: true,
      newRecord: created,
      newObservation: { observedRecord: created, observedTime: now },
      observationIfWriteFails: observation,
    };
  }

  const changed = observation === undefined || !sameLeaseRecord(observation.observedRecord, current);
  const seen: LeaseObservation = changed ? { observedRecord: current, observedTime: now } : observation;
  const isLeader = current.holderIdentity === candidate.identity;
  if (current.holderIdentity !== '' && !isLeader) {
    const stillValid = changed || seen.observedTime + current.leaseDurationSeconds * SECOND > now;
    if (stillValid) {
      return { acquired: false, newObservation: seen, observationIfWriteFails: seen };
    }
  }

  const written: LeaseRecord = isLeader
    ? {
        holderIdentity: candidate.identity,
        leaseDurationSeconds,
        acquireTime: current.acquireTime,
        renewTime: now,
        leaseTransitions: current.leaseTransitions,
      }
    : {
        holderIdentity: candidate.identity,
        leaseDurationSeconds,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: current.leaseTransitions + 1,
      };
  return {
    acquired: true,
    newRecord: written,
    newObservation: { observedRecord: written, observedTime: now },
    observationIfWriteFails: seen,
  };
}

/**
 * The record a leader writes on a graceful stop (client-go release with ReleaseOnCancel):
 * holderIdentity "", leaseDurationSeconds 1, times = now, leaseTransitions kept. Undefined when
 * the candidate is not the holder of the record it observed (upstream releases only if IsLeader).
 */
export function releasedLease(candidate: LeaseCandidate, observation: LeaseObservation | undefined, now: Time): LeaseRecord | undefined {
  if (observation === undefined || observation.observedRecord.holderIdentity !== candidate.identity) return undefined;
  return {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: now,
    renewTime: now,
    leaseTransitions: observation.observedRecord.leaseTransitions,
  };
}

/**
 * The earliest local instant at which `observation`'s holder can be displaced by a candidate that
 * keeps seeing the same record: observedTime + leaseDurationSeconds (undefined if unheld).
 */
export function leaseExpiresForObserver(observation: LeaseObservation): Time | undefined {
  if (observation.observedRecord.holderIdentity === '') return undefined;
  return observation.observedTime + observation.observedRecord.leaseDurationSeconds * SECOND;
}
