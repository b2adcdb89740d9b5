import { CaseOutcome, CaseRunner, PASS, expectEqual, fail } from '../suite';
import { HOUR, SECOND, Time } from '../../engine/time';
import { LeaseObservation, LeaseRecord, TryAcquireResult, tryAcquireOrRenew } from '../../control-plane/lease-election';

/**
 * The harness of client-go's testTryAcquireOrRenew (leases lock), as the table's `setup` states:
 * elector "baz" with leaseDuration 10 s; observedTime "past"/"future" = now ∓ 1000 h, null = the
 * zero time; the elector's observed record is the zero record (holder observed_record_holder or "").
 * Missing record fields are Go zero values.
 */
const CANDIDATE = { identity: 'baz', leaseDuration: 10 * SECOND };
const NOW: Time = 2000 * HOUR;

function record(fields: any): LeaseRecord {
  return {
    holderIdentity: fields?.holderIdentity ?? '',
    leaseDurationSeconds: fields?.leaseDurationSeconds ?? 0,
    acquireTime: 0,
    renewTime: 0,
    leaseTransitions: fields?.leaseTransitions ?? 0,
  };
}

function observedTime(label: unknown): Time | undefined {
  if (label === null || label === undefined) return 0;
  if (label === 'past') return NOW - 1000 * HOUR;
  if (label === 'future') return NOW + 1000 * HOUR;
  return undefined;
}

/** The API calls upstream's fake client would have seen for this step (one get, then create/update). */
function apiCalls(current: LeaseRecord | undefined, result: TryAcquireResult): string[] {
  const calls = [current === undefined ? 'get(notfound)' : 'get'];
  if (result.newRecord !== undefined) calls.push(current === undefined ? 'create' : 'update');
  return calls;
}

function checkAttempt(tc: any, current: LeaseRecord | undefined, result: TryAcquireResult, expectSuccess: boolean): CaseOutcome {
  if (result.acquired !== expectSuccess) return fail(`acquired: expected ${expectSuccess}, got ${result.acquired}`);
  const seen = result.newObservation?.observedRecord;
  const holder = expectEqual(seen?.holderIdentity, tc.out_holder, 'observed holder');
  if (holder.status !== 'pass') return holder;
  const transitions = expectEqual(seen?.leaseTransitions, tc.leader_transition ? 1 : 0, 'observed leaseTransitions');
  if (transitions.status !== 'pass') return transitions;
  if (Array.isArray(tc.api_calls)) return expectEqual(apiCalls(current, result), tc.api_calls, 'api calls');
  return PASS;
}

/**
 * Runners for the leader-election tables of defaults.json, by table name. A table runner receives one
 * case of the table (an element of table.cases, or for tables without cases, the table itself).
 */
export const leaderElectionDefaultsTables: Record<string, CaseRunner> = {
  leader_election_try_acquire_or_renew(tc) {
    const current = tc.server_record === null ? undefined : record(tc.server_record);
    const at = observedTime(tc.observed_time);
    if (at === undefined) return fail(`unknown observed_time ${JSON.stringify(tc.observed_time)}`);
    const observation: LeaseObservation = {
      observedRecord: record({ holderIdentity: tc.observed_record_holder ?? '' }),
      observedTime: at,
    };
    if (typeof tc.expect_success === 'boolean') {
      return checkAttempt(tc, current, tryAcquireOrRenew(current, CANDIDATE, observation, NOW), tc.expect_success);
    }
    const retry = /^false on first attempt.*true on a retry (\d+(?:\.\d+)?)s later/.exec(String(tc.expect_success));
    if (!retry) return fail(`unrecognised expect_success ${JSON.stringify(tc.expect_success)}`);
    const first = tryAcquireOrRenew(current, CANDIDATE, observation, NOW);
    if (first.acquired) return fail('acquired on the first attempt, expected to wait for the lease to expire');
    const later = NOW + Math.round(Number(retry[1]) * SECOND);
    const second = tryAcquireOrRenew(current, CANDIDATE, first.newObservation, later);
    return checkAttempt(tc, current, second, true);
  },
};
