import { Actor, SimEvent } from '../engine/event-queue';
import { Time } from '../engine/time';
import { SimContext } from '../sim/context';
import { LoadModel, UsageSink } from './load-model';
import { MetricsApi, PodMetricsSample } from './metrics-api';
import { MetricsServerSettings } from './service-load';

const SCRAPE = 0;
const PUBLISH = 1;

/**
 * One scrape's samples by pod uid. With `reuse`, the previous scrape's map and sample objects are
 * updated in place (the delay-0 case, where nothing else holds them): `mark` tells samples of this
 * scrape from stale ones, which sweep() drops.
 */
class Batch implements UsageSink {
  readonly samples: Map<string, PodMetricsSample & { mark: number }>;
  constructor(
    readonly timestamp: Time,
    readonly window: Time,
    private readonly mark: number,
    reuse?: Map<string, PodMetricsSample & { mark: number }>,
  ) {
    this.samples = reuse ?? new Map();
  }
  usage(uid: string, cpu: number, memory: number): void {
    const s = this.samples.get(uid);
    if (s === undefined) this.samples.set(uid, { cpu, memory, timestamp: this.timestamp, window: this.window, mark: this.mark });
    else if (s.mark === this.mark) {
      s.cpu += cpu;
      s.memory += memory;
    } else {
      s.cpu = cpu;
      s.memory = memory;
      s.timestamp = this.timestamp;
      s.window = this.window;
      s.mark = this.mark;
    }
  }
  /** Drops samples of pods this scrape did not see. */
  sweep(): void {
    for (const [uid, s] of this.samples) if (s.mark !== this.mark) this.samples.delete(uid);
  }
}

/**
 * A metrics-server: every `resolution` (its --metric-resolution; 15 s in the upstream manifests)
 * it scrapes every loaded pod's usage from the load model, and the Metrics API serves that scrape
 * `delay` later, until the next one replaces it. Autoscalers therefore see data up to
 * resolution + delay old, as in a real cluster. Each sample carries its timestamp and window
 * (= resolution), which the HPA's cpu readiness rules compare with pod transitions.
 * The first scrape happens one resolution after the start.
 */
export class MetricsServer implements Actor, MetricsApi {
  private visible = new Map<string, PodMetricsSample & { mark: number }>();
  scrapes = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly load: LoadModel,
    readonly settings: MetricsServerSettings,
  ) {}

  start(): void {
    this.ctx.engine.schedule(this.settings.resolution, this, SCRAPE);
  }

  podMetrics(uid: string): PodMetricsSample | undefined {
    return this.visible.get(uid);
  }

  handle(ev: SimEvent): void {
    const { engine } = this.ctx;
    if (ev.kind === PUBLISH) {
      this.visible = (ev.arg as Batch).samples;
      return;
    }
    this.scrapes++;
    const inPlace = this.settings.delay === 0;
    const batch = new Batch(engine.now, this.settings.resolution, this.scrapes, inPlace ? this.visible : undefined);
    this.load.evaluate(engine.now, batch);
    batch.sweep();
    if (inPlace) this.visible = batch.samples;
    else engine.schedule(this.settings.delay, this, PUBLISH, batch);
    engine.schedule(this.settings.resolution, this, SCRAPE);
  }
}
