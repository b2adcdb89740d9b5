import { Engine } from '../engine/engine';
import { Actor } from '../engine/event-queue';
import { Time } from '../engine/time';
import { GaugeSource, SeriesPoint, SeriesSink } from './series';

/**
 * Samples every gauge source at a fixed virtual interval (0, interval, 2·interval, … ≤ end) and
 * passes the points to the sinks. Sampling runs after all events of its instant that were
 * scheduled before it (FIFO ties), and it never changes simulation state.
 */
export class Sampler implements Actor {
  samples = 0;
  constructor(
    private readonly engine: Engine,
    private readonly interval: Time,
    private readonly end: Time,
    private readonly sources: GaugeSource[],
    private readonly sinks: SeriesSink[],
  ) {}

  start(): void {
    this.engine.schedule(0, this, 0);
  }

  handle(): void {
    this.sampleNow();
    const next = this.engine.now + this.interval;
    if (next <= this.end) this.engine.scheduleAt(next, this, 0);
  }

  sampleNow(): void {
    this.samples++;
    const time = this.engine.now;
    const emit = (metric: string, namespace: string, name: string, value: number) => {
      const p: SeriesPoint = { time, metric, namespace, name, value };
      for (const s of this.sinks) s.point(p);
    };
    for (const src of this.sources) src.sample(emit);
  }
}
