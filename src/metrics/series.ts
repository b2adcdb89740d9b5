import { Time } from '../engine/time';

/** One sampled gauge value. `namespace`/`name` identify the object for per-object gauges. */
export interface SeriesPoint {
  time: Time;
  metric: string;
  namespace: string;
  name: string;
  value: number;
}

export interface SeriesSink {
  point(p: SeriesPoint): void;
}

/** A source of gauges, asked for its values at each sampling instant. */
export interface GaugeSource {
  sample(emit: (metric: string, namespace: string, name: string, value: number) => void): void;
}
