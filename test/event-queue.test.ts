import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../src/engine/engine';
import { Actor, SimEvent } from '../src/engine/event-queue';
import { SECOND } from '../src/engine/time';

/** An actor that logs (time, arg) of every event it receives. */
class Log implements Actor {
  readonly seen: [number, unknown][] = [];
  handle(ev: SimEvent): void {
    this.seen.push([ev.time, ev.arg]);
  }
}

test('events at one instant run in the order they were scheduled (FIFO ties)', () => {
  const e = new Engine(1);
  const log = new Log();
  for (let i = 0; i < 50; i++) e.schedule(5 * SECOND, log, 0, i);
  e.schedule(1 * SECOND, log, 0, 'early');
  e.runUntilIdle();
  assert.deepEqual(log.seen[0], [1 * SECOND, 'early']);
  assert.deepEqual(
    log.seen.slice(1).map((x) => x[1]),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('any schedule order is delivered sorted by (time, seq)', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(1000), { maxLength: 200 }), (delays) => {
      const e = new Engine(1);
      const log = new Log();
      delays.forEach((d, i) => e.schedule(d, log, 0, i));
      e.runUntilIdle();
      const expected = delays.map((d, i) => [d, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(log.seen, expected);
    }),
  );
});

test('a cancelled event never runs and does not count as pending', () => {
  const e = new Engine(1);
  const log = new Log();
  const a = e.schedule(10, log, 0, 'a');
  e.schedule(20, log, 0, 'b');
  e.cancel(a);
  e.cancel(a);
  assert.equal(e.pending, 1);
  e.runUntilIdle();
  assert.deepEqual(log.seen, [[20, 'b']]);
  assert.equal(e.eventsProcessed, 1);
});

test('runUntil stops at the limit and advances the clock to it', () => {
  const e = new Engine(1);
  const log = new Log();
  e.schedule(10, log, 0, 'a');
  e.schedule(30, log, 0, 'b');
  e.runUntil(20);
  assert.equal(e.now, 20);
  assert.deepEqual(log.seen, [[10, 'a']]);
  e.runUntil(30);
  assert.deepEqual(log.seen, [[10, 'a'], [30, 'b']]);
});

test('runWhile stops as soon as the predicate holds', () => {
  const e = new Engine(1);
  const log = new Log();
  for (let i = 1; i <= 10; i++) e.schedule(i, log, 0, i);
  const held = e.runWhile(() => log.seen.length >= 3);
  assert.equal(held, true);
  assert.equal(e.now, 3);
  assert.equal(e.pending, 7);
});

test('scheduling in the past or at a fractional time is rejected', () => {
  const e = new Engine(1);
  const log = new Log();
  e.schedule(10, log, 0);
  e.runUntilIdle();
  assert.throws(() => e.scheduleAt(5, log, 0), RangeError);
  assert.throws(() => e.schedule(1.5, log, 0), RangeError);
  assert.throws(() => e.schedule(-1, log, 0), RangeError);
});
