import { Engine } from '../engine/engine';
import { Actor, SimEvent } from '../engine/event-queue';
import { Time } from '../engine/time';

/** What a reconciler does with one key: sync it, and optionally ask to be called again later. */
export interface Reconciler {
  /** Returns a delay after which the key is requeued (as AddAfter), or undefined. */
  reconcile(key: string): Time | undefined;
  /** Every key the controller's informers would list now (a full resync); default: every key ever queued. */
  resyncKeys?(): Iterable<string>;
}

const SYNC = 0;
const REQUEUE = 1;

/**
 * client-go's de-duplicating work queue with a modelled sync latency: a key added while it is
 * already queued is not queued again, so a burst of 1,000 notifications for one object costs one
 * sync. The reconcile runs `syncLatency` after the first add. A key added while it is being
 * reconciled is queued again after the sync (the "dirty while processing" rule).
 *
 * While `paused` (its component is leaderless) keys accumulate and nothing runs; resume() syncs
 * every queued key.
 */
export class WorkQueue implements Actor {
  private readonly queued = new Set<string>();
  private processing: string | undefined;
  private dirtyDuringProcessing = false;
  private paused = false;
  /** Keys ever added: the resync set of reconcilers without resyncKeys (a deleted object's key syncs as a no-op). */
  private readonly seen = new Set<string>();
  syncs = 0;

  constructor(
    private readonly engine: Engine,
    private readonly reconciler: Reconciler,
    private readonly syncLatency: Time,
  ) {}

  add(key: string): void {
    if (key === this.processing) {
      this.dirtyDuringProcessing = true;
      return;
    }
    if (this.queued.has(key)) return;
    this.seen.add(key);
    this.queued.add(key);
    if (!this.paused) this.engine.schedule(this.syncLatency, this, SYNC, key);
  }

  /** AddAfter: the key is added `delay` from now. */
  addAfter(key: string, delay: Time): void {
    this.engine.schedule(delay, this, REQUEUE, key);
  }

  get depth(): number {
    return this.queued.size;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const key of this.queued) this.engine.schedule(this.syncLatency, this, SYNC, key);
  }

  /** A new leader's full resync (informers relist, every object's key is added). */
  resyncAll(): void {
    for (const key of this.reconciler.resyncKeys?.() ?? [...this.seen]) this.add(key);
  }

  handle(ev: SimEvent): void {
    const key = ev.arg as string;
    if (ev.kind === REQUEUE) {
      this.add(key);
      return;
    }
    if (this.paused || !this.queued.has(key)) return;
    this.queued.delete(key);
    this.processing = key;
    this.dirtyDuringProcessing = false;
    this.syncs++;
    const after = this.reconciler.reconcile(key);
    this.processing = undefined;
    if (this.dirtyDuringProcessing) this.add(key);
    if (after !== undefined) this.addAfter(key, after);
  }
}
