import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECOND, Time } from '../src/engine/time';
import {
  DEFAULT_LEADER_ELECTION_TIMINGS,
  LeaseObservation,
  LeaseRecord,
  leaseExpiresForObserver,
  releasedLease,
  tryAcquireOrRenew,
  validateLeaderElectionTimings,
} from '../src/control-plane/lease-election';

const A = { identity: 'kcm-a', leaseDuration: 15 * SECOND };
const B = { identity: 'kcm-b', leaseDuration: 15 * SECOND };

test('the first candidate creates the lease and leads', () => {
  const r = tryAcquireOrRenew(undefined, A, undefined, 3 * SECOND);
  assert.equal(r.acquired, true);
  assert.deepEqual(r.newRecord, {
    holderIdentity: 'kcm-a',
    leaseDurationSeconds: 15,
    acquireTime: 3 * SECOND,
    renewTime: 3 * SECOND,
    leaseTransitions: 0,
  });
  assert.deepEqual(r.newObservation, { observedRecord: r.newRecord, observedTime: 3 * SECOND });
});

test('the holder renews: renewTime moves, acquireTime and leaseTransitions stay', () => {
  const lease: LeaseRecord = { holderIdentity: 'kcm-a', leaseDurationSeconds: 15, acquireTime: 0, renewTime: 0, leaseTransitions: 4 };
  const seen: LeaseObservation = { observedRecord: lease, observedTime: 0 };
  const r = tryAcquireOrRenew(lease, A, seen, 60 * SECOND);
  assert.equal(r.acquired, true);
  assert.deepEqual(r.newRecord, { ...lease, renewTime: 60 * SECOND });
});

test('a follower takes over exactly leaseDuration after it last saw the record change, by its own clock', () => {
  // The leader renewed at its local 100 s; follower B's clock runs 7 s ahead and sees it at its 108 s.
  const lease: LeaseRecord = { holderIdentity: 'kcm-a', leaseDurationSeconds: 15, acquireTime: 0, renewTime: 100 * SECOND, leaseTransitions: 2 };
  const stale: LeaseObservation = {
    observedRecord: { ...lease, renewTime: 98 * SECOND },
    observedTime: 106 * SECOND,
  };
  const first = tryAcquireOrRenew(lease, B, stale, 108 * SECOND);
  assert.equal(first.acquired, false, 'a freshly seen change is never taken over');
  assert.deepEqual(first.newObservation, { observedRecord: lease, observedTime: 108 * SECOND });
  assert.equal(leaseExpiresForObserver(first.newObservation!), 123 * SECOND);

  const early = tryAcquireOrRenew(lease, B, first.newObservation, 123 * SECOND - 1);
  assert.equal(early.acquired, false);
  assert.equal(early.newObservation, first.newObservation, 'an unchanged record keeps its observation time');

  const onTime = tryAcquireOrRenew(lease, B, early.newObservation, 123 * SECOND);
  assert.equal(onTime.acquired, true);
  assert.deepEqual(onTime.newRecord, {
    holderIdentity: 'kcm-b',
    leaseDurationSeconds: 15,
    acquireTime: 123 * SECOND,
    renewTime: 123 * SECOND,
    leaseTransitions: 3,
  });
  assert.deepEqual(onTime.observationIfWriteFails, early.newObservation);
});

test('expiry uses the duration written in the record, not the candidate\'s own', () => {
  const lease: LeaseRecord = { holderIdentity: 'kcm-a', leaseDurationSeconds: 3, acquireTime: 0, renewTime: 0, leaseTransitions: 0 };
  const seen: LeaseObservation = { observedRecord: lease, observedTime: 10 * SECOND };
  assert.equal(tryAcquireOrRenew(lease, B, seen, 13 * SECOND - 1).acquired, false);
  assert.equal(tryAcquireOrRenew(lease, B, seen, 13 * SECOND).acquired, true);
});

test('a released lease is taken at once, counting one transition', () => {
  const lease: LeaseRecord = { holderIdentity: 'kcm-a', leaseDurationSeconds: 15, acquireTime: 0, renewTime: 40 * SECOND, leaseTransitions: 1 };
  const aSeen: LeaseObservation = { observedRecord: lease, observedTime: 40 * SECOND };
  const released = releasedLease(A, aSeen, 41 * SECOND)!;
  assert.deepEqual(released, { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: 41 * SECOND, renewTime: 41 * SECOND, leaseTransitions: 1 });
  assert.equal(releasedLease(B, aSeen, 41 * SECOND), undefined, 'only the holder releases');
  const r = tryAcquireOrRenew(released, B, { observedRecord: lease, observedTime: 40 * SECOND }, 42 * SECOND);
  assert.equal(r.acquired, true);
  assert.equal(r.newRecord!.leaseTransitions, 2);
});

test('a leader that finds another holder in the store steps back', () => {
  const mine: LeaseRecord = { holderIdentity: 'kcm-a', leaseDurationSeconds: 15, acquireTime: 0, renewTime: 10 * SECOND, leaseTransitions: 0 };
  const theirs: LeaseRecord = { holderIdentity: 'kcm-b', leaseDurationSeconds: 15, acquireTime: 30 * SECOND, renewTime: 30 * SECOND, leaseTransitions: 1 };
  const r = tryAcquireOrRenew(theirs, A, { observedRecord: mine, observedTime: 10 * SECOND }, 31 * SECOND);
  assert.equal(r.acquired, false);
  assert.equal(r.newRecord, undefined);
  assert.equal(r.newObservation!.observedRecord.holderIdentity, 'kcm-b');
});

test('failover story: the leader dies, the follower polling every retry period takes over 15 s after the last renewal it saw', () => {
  const retry: Time = DEFAULT_LEADER_ELECTION_TIMINGS.retryPeriod;
  let store: LeaseRecord | undefined;
  let aSeen: LeaseObservation | undefined;
  let bSeen: LeaseObservation | undefined;
  let leaderSince: Time | undefined;
  const aDiesAt = 31 * SECOND;
  for (let t = 0; t <= 120 * SECOND; t += retry) {
    if (t < aDiesAt) {
      const a = tryAcquireOrRenew(store, A, aSeen, t);
      if (a.newRecord) store = a.newRecord;
      aSeen = a.newObservation;
    }
    const b = tryAcquireOrRenew(store, B, bSeen, t + SECOND / 2);
    if (b.newRecord) store = b.newRecord;
    bSeen = b.newObservation;
    if (b.acquired && leaderSince === undefined) leaderSince = t + SECOND / 2;
  }
  // A's last renewal is at 30 s; B first sees it at 30.5 s and may take over from 45.5 s on.
  assert.equal(leaderSince, 46.5 * SECOND);
  assert.equal(store!.holderIdentity, 'kcm-b');
  assert.equal(store!.leaseTransitions, 1);
});

test('leader election timings are validated as NewLeaderElector does', () => {
  assert.equal(validateLeaderElectionTimings(DEFAULT_LEADER_ELECTION_TIMINGS), undefined);
  assert.match(validateLeaderElectionTimings({ leaseDuration: 10 * SECOND, renewDeadline: 10 * SECOND, retryPeriod: 2 * SECOND })!, /leaseDuration/);
  assert.match(validateLeaderElectionTimings({ leaseDuration: 15 * SECOND, renewDeadline: 2.4 * SECOND, retryPeriod: 2 * SECOND })!, /renewDeadline/);
});
