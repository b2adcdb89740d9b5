import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStreams } from '../src/engine/rng';
import { sample, lognormal, exponential, uniform, normal, empirical, constant, mean } from '../src/engine/distribution';

const draws = (u: () => number, n: number) => Array.from({ length: n }, () => u());

test('a stream depends only on (seed, name): other streams do not shift its draws', () => {
  const a = new RandomStreams(42);
  const b = new RandomStreams(42);
  draws(b.stream('node-faults'), 100); // an extra random process in run b
  assert.deepEqual(draws(a.stream('app:web:startup'), 20), draws(b.stream('app:web:startup'), 20));
});

test('different seeds or names give different draws', () => {
  const x = draws(new RandomStreams(1).stream('s'), 5);
  assert.notDeepEqual(x, draws(new RandomStreams(2).stream('s'), 5));
  assert.notDeepEqual(x, draws(new RandomStreams(1).stream('t'), 5));
});

/** Sample mean over n draws. */
function sampleMean(d: Parameters<typeof sample>[0], n = 20000): number {
  const u = new RandomStreams(7).stream('m');
  let s = 0;
  for (let i = 0; i < n; i++) s += sample(d, u);
  return s / n;
}

test('sample means match the distributions\' means', () => {
  for (const d of [exponential(10), uniform(2, 4), normal(50, 5), lognormal(8, 40), empirical([1, 3], [3, 1]), constant(5)]) {
    const m = mean(d);
    assert.ok(Math.abs(sampleMean(d) - m) / m < 0.03, `${d.kind}: ${sampleMean(d)} vs ${m}`);
  }
});

test('lognormal(median, p99) puts half the mass below the median and 1% above p99', () => {
  const d = lognormal(8, 40);
  const u = new RandomStreams(3).stream('ln');
  const xs = Array.from({ length: 40000 }, () => sample(d, u));
  const below = xs.filter((x) => x < 8).length / xs.length;
  const above = xs.filter((x) => x > 40).length / xs.length;
  assert.ok(Math.abs(below - 0.5) < 0.01, `below median: ${below}`);
  assert.ok(Math.abs(above - 0.01) < 0.003, `above p99: ${above}`);
});
