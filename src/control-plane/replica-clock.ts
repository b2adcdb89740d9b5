import { Time } from '../engine/time';

/**
 * The clock of one control-plane replica: local(t) = t + offset + drift·t. `offset` shifts the
 * wall clock (it shows in the Lease's acquireTime/renewTime); `drift` makes it run fast (> 0) or
 * slow (< 0). client-go measures leaseDuration, renewDeadline and retryPeriod on the replica's own
 * clock (observed-time semantics, Go's monotonic reading), so a constant offset never changes who
 * leads, while drift does: a follower whose clock runs fast waits less than leaseDuration of real
 * time, a leader whose clock runs slow keeps leading longer than renewDeadline.
 *
 * Invariant: local() is non-decreasing (|drift| < 1).
 */
export class ReplicaClock {
  constructor(
    readonly offset: Time,
    readonly drift: number,
  ) {}

  local(t: Time): Time {
    return this.drift === 0 ? t + this.offset : t + this.offset + Math.round(t * this.drift);
  }

  /** The real time a wait of `d` on this clock takes. */
  realDelay(d: Time): Time {
    return this.drift === 0 ? d : Math.max(0, Math.round(d / (1 + this.drift)));
  }
}
