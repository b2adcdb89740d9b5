import { RateCurve } from './rate-curve';

/** One `spec.load[]` entry after parsing: the request rate offered to a Service and how it spreads. */
export interface ServiceLoad {
  namespace: string;
  service: string;
  rate: RateCurve;
  /**
   * How the rate spreads over the Service's ready endpoints: `even` (kube-proxy's iptables and
   * nftables modes pick an endpoint uniformly) or `weighted` (by each pod's cpu request, as IPVS
   * weighted round-robin with weights proportional to capacity).
   */
  spread: 'even' | 'weighted';
  /** Relative standard deviation of each pod's usage around its modelled value (0: none). */
  noise: number;
  /** "file:line:col" of the entry. */
  where: string;
}

/** The metrics pipeline's settings (spec.autoscaling.metricsServer). */
export interface MetricsServerSettings {
  /** Scrape interval (metrics-server --metric-resolution; the upstream manifests set 15s). */
  resolution: number;
  /** Time from a scrape until the Metrics API serves it. */
  delay: number;
}
