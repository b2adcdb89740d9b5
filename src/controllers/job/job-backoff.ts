import { Time } from '../../engine/time';
import { JOB_POD_FAILURE_BACKOFF_INITIAL, JOB_POD_FAILURE_BACKOFF_MAX } from '../../api/defaults';

/**
 * Job pod-failure back-off, as the Job controller's getRemainingTimeForFailuresCount
 * (pkg/controller/job/backoff_utils.go): after n consecutive pod failures (since the last success,
 * or per index with backoffLimitPerIndex) the replacement pod is created once
 * 10 s · 2^(n−1), capped, has passed since the last failure's finish time.
 *
 * The cap is MaxJobPodFailureBackOff = 10 min in current code; older releases and the kubernetes.io
 * Job page use 6 min (pass JOB_POD_FAILURE_BACKOFF_MAX_LEGACY as `cap` to reproduce them).
 *
 * Worked example (10 min cap): failures 1..8 → 10, 20, 40, 80, 160, 320, 600, 600 s;
 * with the 6 min cap → 10, 20, 40, 80, 160, 320, 360, 360 s.
 */

/** The back-off after `consecutiveFailures` failures (0 → no back-off). */
export function jobBackoffDelay(consecutiveFailures: number, cap: Time = JOB_POD_FAILURE_BACKOFF_MAX): Time {
  if (consecutiveFailures <= 0) return 0;
  let delay = JOB_POD_FAILURE_BACKOFF_INITIAL;
  for (let i = 1; i < consecutiveFailures && delay < cap; i++) delay *= 2;
  return delay < cap ? delay : cap;
}

/**
 * How long the controller still waits, at `now`, before creating a replacement pod: the back-off
 * minus the time since the last failure finished, floored at 0 (getRemainingTimeForFailuresCount).
 */
export function jobBackoffRemaining(
  consecutiveFailures: number,
  lastFailureFinishedAt: Time,
  now: Time,
  cap: Time = JOB_POD_FAILURE_BACKOFF_MAX,
): Time {
  const remaining = jobBackoffDelay(consecutiveFailures, cap) - (now - lastFailureFinishedAt);
  return remaining > 0 ? remaining : 0;
}
