import { CaseRunner, expectEqual, fail } from '../suite';
import { SECOND } from '../../engine/time';
import { crashLoopDelay, nextBackoff, restartDelay } from '../../kubelet/crashloop-backoff';

/**
 * Runners for the kubelet tables of defaults.json, by table name. A table runner receives one
 * case of the table (an element of table.cases, or for tables without cases, the table itself).
 */
export const kubeletDefaultsTables: Record<string, CaseRunner> = {
  /** delay_before_restart_after_nth_exit_s[i] is the delay after exit i+1 (short runs, no reset). */
  crashloop_backoff_sequence(table) {
    const expected: unknown = table?.delay_before_restart_after_nth_exit_s;
    if (!Array.isArray(expected)) return fail('table has no delay_before_restart_after_nth_exit_s array');
    const closedForm: number[] = [];
    const stepped: number[] = [];
    let entry: number | undefined;
    for (let n = 1; n <= expected.length; n++) {
      closedForm.push(crashLoopDelay(n) / SECOND);
      stepped.push(restartDelay(entry, 0) / SECOND);
      entry = nextBackoff(entry, 0);
    }
    const a = expectEqual(closedForm, expected, 'crashLoopDelay(1..n) in s');
    if (a.status !== 'pass') return a;
    return expectEqual(stepped, expected, 'restartDelay/nextBackoff steps in s');
  },
};
