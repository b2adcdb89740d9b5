import { CaseRunner, expectEqual, fail } from '../suite';
import { SECOND } from '../../engine/time';
import { JOB_POD_FAILURE_BACKOFF_MAX_LEGACY } from '../../api/defaults';
import { jobBackoffDelay } from '../../controllers/job/job-backoff';

/**
 * Runners for the job tables of defaults.json, by table name. A table runner receives one
 * case of the table (an element of table.cases, or for tables without cases, the table itself).
 */
export const jobDefaultsTables: Record<string, CaseRunner> = {
  /**
   * delay_after_nth_consecutive_failure_s[i] is the back-off after i+1 failures with the current
   * 10 min cap; legacy_cap_6min_sequence_s (when present) the same with the older 6 min cap.
   */
  job_pod_failure_backoff_sequence(table) {
    const expected: unknown = table?.delay_after_nth_consecutive_failure_s;
    if (!Array.isArray(expected)) return fail('table has no delay_after_nth_consecutive_failure_s array');
    const current = expected.map((_, i) => jobBackoffDelay(i + 1) / SECOND);
    const outcome = expectEqual(current, expected, 'jobBackoffDelay(1..n) in s');
    const legacy: unknown = table.legacy_cap_6min_sequence_s;
    if (outcome.status !== 'pass' || !Array.isArray(legacy)) return outcome;
    const legacyActual = legacy.map((_, i) => jobBackoffDelay(i + 1, JOB_POD_FAILURE_BACKOFF_MAX_LEGACY) / SECOND);
    return expectEqual(legacyActual, legacy, 'jobBackoffDelay(1..n, 6 min cap) in s');
  },
};
