import FastPriorityQueue from 'fastpriorityqueue';
import { Time } from './time';

/**
 * Anything that receives events. The engine calls `handle(event)`; the actor switches on
 * `event.kind`. One record shape for every event (no class per kind, no per-event closure).
 */
export interface Actor {
  handle(event: SimEvent): void;
}

/**
 * The single event record. Ordered by (time, seq): `seq` grows with every schedule call, so ties
 * at one instant run FIFO by construction. `cancelled` is a tombstone: a cancelled event stays in
 * the heap and is dropped when it reaches the top (no O(n) removal).
 */
export interface SimEvent {
  time: Time;
  seq: number;
  actor: Actor;
  kind: number;
  /** An argument for the actor: an object key, a record, a number. */
  arg: unknown;
  cancelled: boolean;
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A min-heap of events keyed by (time, seq). */
export class EventQueue {
  private readonly heap = new FastPriorityQueue<SimEvent>(before);
  private nextSeq = 0;
  /** Live (not cancelled) events in the heap. */
  private live = 0;

  push(time: Time, actor: Actor, kind: number, arg: unknown): SimEvent {
    const ev: SimEvent = { time, seq: this.nextSeq++, actor, kind, arg, cancelled: false };
    this.heap.add(ev);
    this.live++;
    return ev;
  }

  /** Marks an event cancelled; it is skipped when popped. Idempotent. */
  cancel(ev: SimEvent): void {
    if (!ev.cancelled) {
      ev.cancelled = true;
      this.live--;
    }
  }

  /** The earliest live event without removing it; drops tombstones on the way. */
  peek(): SimEvent | undefined {
    let top = this.heap.peek();
    while (top !== undefined && top.cancelled) {
      this.heap.poll();
      top = this.heap.peek();
    }
    return top;
  }

  /** Removes and returns the earliest live event. */
  pop(): SimEvent | undefined {
    let ev = this.heap.poll();
    while (ev !== undefined && ev.cancelled) ev = this.heap.poll();
    if (ev !== undefined) this.live--;
    return ev;
  }

  /** Number of live events. */
  get size(): number {
    return this.live;
  }

  /** Number of schedule calls so far (the next seq). */
  get scheduled(): number {
    return this.nextSeq;
  }
}
