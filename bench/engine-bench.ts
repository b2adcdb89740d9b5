import { Bench } from 'tinybench';
import { RawHold, EngineHold, exponentialIncrements } from './hold-model';
import { Figure } from './figures';

const STEPS = 10_000;

/** ops/s of one tinybench task that performs `perCall` operations per call. */
export function rateOf(bench: Bench, name: string, perCall: number): number {
  const t = bench.tasks.find((x) => x.name === name)!;
  const r = t.result as unknown as { throughput?: { mean: number }; hz?: number };
  return (r.throughput?.mean ?? r.hz ?? 0) * perCall;
}

/** The raw heap hold rate at `pending` events: the baseline every figure is reported against. */
export async function rawHoldRate(pending: number, time = 1000): Promise<number> {
  const inc = exponentialIncrements(1 << 20);
  const raw = new RawHold(pending, inc);
  const bench = new Bench({ time, warmupTime: 200 });
  bench.add('raw', () => raw.step(STEPS));
  await bench.run();
  return rateOf(bench, 'raw', STEPS);
}

/**
 * The hold model at each queue size: raw fastpriorityqueue vs the engine, interleaved in one
 * tinybench run so both see the same machine state. Target: engine ≥ 0.5× raw.
 */
export async function engineHoldFigures(pendingSizes: number[]): Promise<Figure[]> {
  const inc = exponentialIncrements(1 << 20);
  const figures: Figure[] = [];
  for (const pending of pendingSizes) {
    const raw = new RawHold(pending, inc);
    const eng = new EngineHold(pending, inc);
    const bench = new Bench({ time: 1500, warmupTime: 300 });
    bench.add('raw', () => raw.step(STEPS));
    bench.add('engine', () => eng.step(STEPS));
    await bench.run();
    const base = rateOf(bench, 'raw', STEPS);
    const engine = rateOf(bench, 'engine', STEPS);
    const baseline = `raw heap hold @${pending}`;
    figures.push({ name: baseline, value: base, unit: 'events/s', baseline: 'itself', baselineValue: base, ratio: 1 });
    figures.push({
      name: `engine hold @${pending}`,
      value: engine,
      unit: 'events/s',
      baseline,
      baselineValue: base,
      ratio: engine / base,
      target: '≥ 0.5× raw heap',
      meetsTarget: engine / base >= 0.5,
    });
  }
  return figures;
}
