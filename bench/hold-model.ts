import FastPriorityQueue from 'fastpriorityqueue';
import { Engine } from '../src/engine/engine';
import { Actor, SimEvent } from '../src/engine/event-queue';

/**
 * The hold model (Vaucher & Duval): a queue kept at `pending` events; each step pops the earliest
 * and schedules one at now + Exp(1 s). The baseline runs the same hold on a raw
 * fastpriorityqueue of {time, seq} records with no engine around it: the heap's own rate.
 */

/** Precomputed Exp(1 s) increments in µs (≥ 1), so both sides draw identical numbers cheaply. */
export function exponentialIncrements(n: number, seed = 12345): Int32Array {
  const out = new Int32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const u = (x + 0.5) / 4294967296;
    out[i] = Math.max(1, Math.round(-Math.log(u) * 1e6));
  }
  return out;
}

interface RawRecord {
  time: number;
  seq: number;
}

/** A raw heap filled to `pending`; step(k) performs k hold operations. */
export class RawHold {
  private readonly heap = new FastPriorityQueue<RawRecord>((a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq));
  private seq = 0;
  private i = 0;
  constructor(
    pending: number,
    private readonly inc: Int32Array,
  ) {
    for (let k = 0; k < pending; k++) this.heap.add({ time: this.next(), seq: this.seq++ });
  }
  private next(): number {
    const v = this.inc[this.i];
    this.i = (this.i + 1) % this.inc.length;
    return v;
  }
  step(k: number): void {
    for (let j = 0; j < k; j++) {
      const top = this.heap.poll()!;
      this.heap.add({ time: top.time + this.next(), seq: this.seq++ });
    }
  }
}

/** The same hold through the engine: each event's handler schedules its successor. */
export class EngineHold implements Actor {
  readonly engine = new Engine(1);
  private i = 0;
  constructor(
    pending: number,
    private readonly inc: Int32Array,
  ) {
    for (let k = 0; k < pending; k++) this.engine.schedule(this.next(), this, 0);
  }
  private next(): number {
    const v = this.inc[this.i];
    this.i = (this.i + 1) % this.inc.length;
    return v;
  }
  handle(_ev: SimEvent): void {
    this.engine.schedule(this.next(), this, 0);
  }
  step(k: number): void {
    this.engine.runUntilIdle(k);
  }
}
