import { Actor, EventQueue, SimEvent } from './event-queue';
import { Time } from './time';
import { RandomStreams } from './rng';

/**
 * The simulation clock and loop. Single-threaded and synchronous: handlers run one at a time in
 * (time, seq) order, and virtual time never goes backwards (schedule() rejects the past).
 */
export class Engine {
  private readonly queue = new EventQueue();
  private clock: Time = 0;
  private processed = 0;
  private stopRequested = false;
  readonly rng: RandomStreams;

  constructor(seed: number | string) {
    this.rng = new RandomStreams(seed);
  }

  get now(): Time {
    return this.clock;
  }

  /** Events handled so far (cancelled ones are not counted). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Live events waiting. */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedules `actor.handle` at now + delay. delay must be a non-negative integer. */
  schedule(delay: Time, actor: Actor, kind: number, arg?: unknown): SimEvent {
    if (!(delay >= 0) || !Number.isInteger(delay)) {
      throw new RangeError(`schedule: delay must be a non-negative integer of µs, got ${delay}`);
    }
    return this.queue.push(this.clock + delay, actor, kind, arg);
  }

  /** Schedules at an absolute time ≥ now. */
  scheduleAt(time: Time, actor: Actor, kind: number, arg?: unknown): SimEvent {
    if (!(time >= this.clock) || !Number.isInteger(time)) {
      throw new RangeError(`scheduleAt: time ${time} is before now (${this.clock}) or not an integer`);
    }
    return this.queue.push(time, actor, kind, arg);
  }

  cancel(ev: SimEvent | undefined): void {
    if (ev) this.queue.cancel(ev);
  }

  /** Asks the running loop to return after the current event (used for interrupts). */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Runs events with time ≤ `until`, then sets the clock to `until` (so gauges sampled after the
   * run see the end instant). Returns the number of events handled.
   */
  runUntil(until: Time, maxEvents = Infinity): number {
    const start = this.processed;
    this.stopRequested = false;
    for (;;) {
      const top = this.queue.peek();
      if (top === undefined || top.time > until) break;
      if (this.processed - start >= maxEvents || this.stopRequested) return this.processed - start;
      this.step();
    }
    if (until > this.clock && until !== Infinity) this.clock = until;
    return this.processed - start;
  }

  /** Runs until no live event is left. */
  runUntilIdle(maxEvents = Infinity): number {
    return this.runUntil(Infinity, maxEvents);
  }

  /** Runs until `predicate()` holds after an event, or the queue empties, or `limit` is reached. */
  runWhile(predicate: () => boolean, limit: Time = Infinity): boolean {
    this.stopRequested = false;
    for (;;) {
      if (predicate()) return true;
      const top = this.queue.peek();
      if (top === undefined || top.time > limit || this.stopRequested) return false;
      this.step();
    }
  }

  private step(): void {
    const ev = this.queue.pop()!;
    this.clock = ev.time;
    this.processed++;
    ev.actor.handle(ev);
  }
}
