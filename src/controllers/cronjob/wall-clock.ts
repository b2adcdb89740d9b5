import { MILLISECOND, Time } from '../../engine/time';

/**
 * The simulator's virtual clock (integer µs since the start of the run) mapped onto the wall
 * calendar that cron schedules need: virtual time 0 is the configured start instant (epoch ms).
 * Sub-millisecond parts are dropped (cron works in whole seconds).
 * Example: start 2016-05-19T10:00:00Z, t = 90 s → 2016-05-19T10:01:30Z.
 */
export function wallClockMs(t: Time, startEpochMs: number): number {
  return startEpochMs + Math.floor(t / MILLISECOND);
}

/** The inverse of wallClockMs: the virtual time of a wall-clock instant (may be negative). */
export function virtualTimeOf(epochMs: number, startEpochMs: number): Time {
  return (epochMs - startEpochMs) * MILLISECOND;
}
