import { performance } from 'node:perf_hooks';
import FastPriorityQueue from 'fastpriorityqueue';
import { exponentialIncrements } from './hold-model';

/** The in-run baseline: push/pop rate (events per wall second) of a raw fastpriorityqueue hold at 10,000 pending. */
export function runHoldBaseline(steps = 2_000_000, pending = 10_000): number {
  const inc = exponentialIncrements(steps + pending);
  const q = new FastPriorityQueue<{ time: number; seq: number }>((a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq));
  let seq = 0;
  for (let i = 0; i < pending; i++) q.add({ time: inc[i], seq: seq++ });
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const top = q.poll()!;
    q.add({ time: top.time + inc[pending + i], seq: seq++ });
  }
  return steps / ((performance.now() - t0) / 1000);
}
