import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../src/engine/engine';
import { MILLISECOND, SECOND } from '../src/engine/time';
import { WorkQueue, Reconciler } from '../src/controllers/work-queue';

class Counting implements Reconciler {
  readonly calls: [number, string][] = [];
  constructor(
    private readonly engine: Engine,
    private readonly requeue?: number,
  ) {}
  reconcile(key: string) {
    this.calls.push([this.engine.now, key]);
    return this.calls.length === 1 ? this.requeue : undefined;
  }
}

test('a burst of adds for one key costs one sync, after the sync latency', () => {
  const e = new Engine(1);
  const r = new Counting(e);
  const q = new WorkQueue(e, r, 10 * MILLISECOND);
  for (let i = 0; i < 1000; i++) q.add('default/web');
  q.add('default/db');
  e.runUntilIdle();
  assert.deepEqual(r.calls, [
    [10_000, 'default/web'],
    [10_000, 'default/db'],
  ]);
});

test('requeueAfter calls the reconciler again after the delay', () => {
  const e = new Engine(1);
  const r = new Counting(e, 5 * SECOND);
  const q = new WorkQueue(e, r, 0);
  q.add('k');
  e.runUntilIdle();
  assert.deepEqual(r.calls.map((c) => c[0]), [0, 5 * SECOND]);
});

test('while paused keys pile up; resume syncs each once', () => {
  const e = new Engine(1);
  const r = new Counting(e);
  const q = new WorkQueue(e, r, 0);
  q.pause();
  q.add('a');
  q.add('b');
  q.add('a');
  e.runUntilIdle();
  assert.equal(r.calls.length, 0);
  assert.equal(q.depth, 2);
  q.resume();
  e.runUntilIdle();
  assert.deepEqual(r.calls.map((c) => c[1]), ['a', 'b']);
});
