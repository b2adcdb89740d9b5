import { Time } from '../engine/time';

/** One pod's sample as the Metrics API (metrics.k8s.io PodMetrics) serves it. */
export interface PodMetricsSample {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  /** When the sample was taken. */
  timestamp: Time;
  /** The interval the cpu rate was measured over. */
  window: Time;
}

/**
 * The resource Metrics API as autoscalers read it: the latest published sample of a pod by uid,
 * undefined when metrics-server has none (a pod it has not scraped yet, or not behind a loaded
 * Service).
 */
export interface MetricsApi {
  podMetrics(uid: string): PodMetricsSample | undefined;
}
