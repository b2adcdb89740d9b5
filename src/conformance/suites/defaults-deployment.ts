import { CaseRunner, PASS, fail, expectEqual } from '../suite';
import { deploymentTimedOut, getScaledValueFromIntOrPercent, resolveFenceposts } from '../../controllers/deployment/rollout-math';
import { isoToTime, makeDeployment } from './deployment-util';

function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

/**
 * Runners for the deployment tables of defaults.json, by table name. A table runner receives one
 * case of the table (an element of table.cases, or for tables without cases, the table itself).
 */
export const deploymentDefaultsTables: Record<string, CaseRunner> = {
  resolve_fenceposts: (c) => {
    const desired = c.desired ?? c.desiredReplicas;
    if (c.expectError) {
      return throws(() => resolveFenceposts(c.maxSurge, c.maxUnavailable, desired)) ? PASS : fail('expected an error');
    }
    const r = resolveFenceposts(c.maxSurge, c.maxUnavailable, desired);
    return expectEqual([r.surge, r.unavailable], [c.expectSurge, c.expectUnavailable], '[surge, unavailable]');
  },

  intstr_scaled_value: (c) => {
    const total = c.total ?? 0;
    const roundUp = c.roundUp ?? false;
    if (c.expectError) {
      return throws(() => getScaledValueFromIntOrPercent(c.input, total, roundUp)) ? PASS : fail('expected an error');
    }
    return expectEqual(getScaledValueFromIntOrPercent(c.input, total, roundUp), c.expect ?? c.expectValue, 'value');
  },

  deployment_timed_out: (c) => {
    const d = makeDeployment({
      replicas: 1,
      ...(c.progressDeadlineSeconds !== null && c.progressDeadlineSeconds !== undefined
        ? { progressDeadlineSeconds: c.progressDeadlineSeconds }
        : {}),
    });
    d.status.conditions = [
      {
        type: 'Progressing',
        status: 'True',
        reason: c.conditionReason ?? '',
        lastUpdateTime: isoToTime(c.progressingLastUpdate ?? c.lastUpdateTime),
      },
    ];
    const now = c.now ? isoToTime(c.now) : 0;
    return expectEqual(deploymentTimedOut(d, d.status, now), c.expected_timed_out ?? c.expected, 'timed out');
  },
};
