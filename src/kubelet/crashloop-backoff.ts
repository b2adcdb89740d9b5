import { Time } from '../engine/time';
import {
  CRASHLOOP_BACKOFF_INITIAL,
  CRASHLOOP_BACKOFF_MAX,
  CRASHLOOP_BACKOFF_MULTIPLIER,
  CRASHLOOP_BACKOFF_RESET_AFTER,
} from '../api/defaults';

/**
 * Container restart back-off (CrashLoopBackOff), as the kubelet does it with client-go's
 * flowcontrol.Backoff (kuberuntime_manager doBackOff, kubelet.go crashLoopBackOff):
 *
 * - The kubelet keeps one back-off entry per container; `entry` below is its current duration,
 *   undefined when there is none. Upstream checks it with the FinishedAt of the latest exit as the
 *   event time; the entry's lastUpdate is the clock time of the previous Next(), which is the
 *   instant the container was last (re)started.
 * - On an exit with no entry (or an expired one) the container restarts at once and the entry
 *   becomes 10 s. Otherwise it waits `entry` after FinishedAt (in back-off while elapsed < entry,
 *   strictly), then restarts and the entry doubles, capped at 300 s.
 * - Expiry (kubelet's HasExpiredFunc): FinishedAt(this exit) − lastUpdate > 600 s, i.e. the run
 *   that just ended lasted more than 10 minutes.
 *
 * Worked example (short runs): delays before the restart after exits 1..8 are
 * 0, 10, 20, 40, 80, 160, 300, 300 s.
 *
 * Simplification: the restart happens exactly when the back-off ends; the real kubelet restarts at
 * the next pod-worker sync after that instant. The alpha gates ReduceDefaultCrashLoopBackOffDecay
 * and KubeletCrashLoopBackOffMax (both off by default) are not modelled.
 */

/** The delay between the nth consecutive exit (n ≥ 1, no reset in between) and the restart it causes. */
export function crashLoopDelay(nthExit: number): Time {
  if (nthExit <= 1) return 0;
  let delay = CRASHLOOP_BACKOFF_INITIAL;
  for (let i = 2; i < nthExit && delay < CRASHLOOP_BACKOFF_MAX; i++) {
    delay *= CRASHLOOP_BACKOFF_MULTIPLIER;
  }
  return delay < CRASHLOOP_BACKOFF_MAX ? delay : CRASHLOOP_BACKOFF_MAX;
}

/** True when the entry has expired because the container ran `lastRunDuration` (kubelet HasExpiredFunc, strict >). */
export function crashLoopEntryExpired(lastRunDuration: Time): boolean {
  return lastRunDuration > CRASHLOOP_BACKOFF_RESET_AFTER;
}

/**
 * The wait between an exit and the restart it causes.
 * `entry`: the back-off entry before this exit (undefined: none);
 * `lastRunDuration`: FinishedAt of this exit − the instant of the restart before it (ignored without entry).
 */
export function restartDelay(entry: Time | undefined, lastRunDuration: Time): Time {
  if (entry === undefined || crashLoopEntryExpired(lastRunDuration)) return 0;
  return entry;
}

/**
 * The back-off entry after the restart that follows this exit (flowcontrol.Backoff.Next): 10 s
 * when there was none or it expired, else doubled and capped at 300 s. Same arguments as restartDelay.
 */
export function nextBackoff(entry: Time | undefined, lastRunDuration: Time): Time {
  if (entry === undefined || crashLoopEntryExpired(lastRunDuration)) return CRASHLOOP_BACKOFF_INITIAL;
  const doubled = entry * CRASHLOOP_BACKOFF_MULTIPLIER;
  return doubled < CRASHLOOP_BACKOFF_MAX ? doubled : CRASHLOOP_BACKOFF_MAX;
}
