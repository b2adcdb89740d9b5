import { FieldPath } from '../api/validation/field-error';
import { Distribution, constant } from '../engine/distribution';
import { MINUTE, SECOND, Time } from '../engine/time';
import { MetricsServerSettings } from '../load/service-load';
import { readDistribution } from './distribution-spec';
import { overLimit } from './limits';
import { SpecReader, shown } from './spec-reader';

/** `nodePools[].autoscaling`: the pool is a cluster-autoscaler node group. */
export interface NodeGroupSpec {
  min: number;
  max: number;
  /** From the scale-up decision until the Node registers (cloud VM boot + kubelet join), µs. */
  provisioningDelay: Distribution;
}

export type Expander = 'least-waste' | 'random' | 'most-pods' | 'price';
export const EXPANDERS: readonly Expander[] = ['least-waste', 'random', 'most-pods', 'price'];

/**
 * Cluster-autoscaler flags, with upstream's defaults (cluster-autoscaler FAQ, "What are the
 * parameters to CA?"): --scan-interval 10s, --scale-down-utilization-threshold 0.5,
 * --scale-down-unneeded-time 10m, --scale-down-delay-after-add 10m,
 * --max-graceful-termination-sec 600, --skip-nodes-with-local-storage true,
 * --skip-nodes-with-system-pods true, --max-empty-bulk-delete 10. The expander defaults to
 * least-waste here (upstream's flag default is random; managed offerings commonly set least-waste).
 */
export interface ClusterAutoscalerSettings {
  scanInterval: Time;
  expander: Expander;
  scaleDownEnabled: boolean;
  scaleDownUtilizationThreshold: number;
  scaleDownUnneededTime: Time;
  scaleDownDelayAfterAdd: Time;
  maxGracefulTermination: Time;
  skipNodesWithLocalStorage: boolean;
  skipNodesWithSystemPods: boolean;
  maxEmptyBulkDelete: number;
}

export interface AutoscalingSettings {
  metricsServer: MetricsServerSettings;
  clusterAutoscaler: ClusterAutoscalerSettings;
}

/** metrics-server's upstream manifests run --metric-resolution=15s; samples are served at once. */
export const DEFAULT_METRICS_SERVER: MetricsServerSettings = { resolution: 15 * SECOND, delay: 0 };
export const DEFAULT_PROVISIONING_DELAY: Distribution = constant(1 * MINUTE);

export function defaultClusterAutoscaler(): ClusterAutoscalerSettings {
  return {
    scanInterval: 10 * SECOND,
    expander: 'least-waste',
    scaleDownEnabled: true,
    scaleDownUtilizationThreshold: 0.5,
    scaleDownUnneededTime: 10 * MINUTE,
    scaleDownDelayAfterAdd: 10 * MINUTE,
    maxGracefulTermination: 600 * SECOND,
    skipNodesWithLocalStorage: true,
    skipNodesWithSystemPods: true,
    maxEmptyBulkDelete: 10,
  };
}

export function defaultAutoscaling(): AutoscalingSettings {
  return { metricsServer: { ...DEFAULT_METRICS_SERVER }, clusterAutoscaler: defaultClusterAutoscaler() };
}

const CA_FIELDS = [
  'scanInterval',
  'expander',
  'scaleDownEnabled',
  'scaleDownUtilizationThreshold',
  'scaleDownUnneededTime',
  'scaleDownDelayAfterAdd',
  'maxGracefulTermination',
  'skipNodesWithLocalStorage',
  'skipNodesWithSystemPods',
  'maxEmptyBulkDelete',
];

/** `spec.autoscaling: {metricsServer: {resolution, delay}, clusterAutoscaler: {...}}`. */
export function readAutoscaling(r: SpecReader, v: unknown, path: FieldPath): AutoscalingSettings | undefined {
  if (v === undefined || v === null) return undefined;
  if (!r.fields(v, path, ['metricsServer', 'clusterAutoscaler'])) return undefined;
  const out = defaultAutoscaling();
  if (v.metricsServer !== undefined) {
    const p = [...path, 'metricsServer'];
    const m = v.metricsServer;
    if (r.fields(m, p, ['resolution', 'delay'])) {
      if (m.resolution !== undefined) out.metricsServer.resolution = r.duration(m.resolution, [...p, 'resolution'], true) ?? out.metricsServer.resolution;
      if (m.delay !== undefined) out.metricsServer.delay = r.duration(m.delay, [...p, 'delay']) ?? out.metricsServer.delay;
    }
  }
  if (v.clusterAutoscaler !== undefined) {
    const p = [...path, 'clusterAutoscaler'];
    const c = v.clusterAutoscaler;
    const ca = out.clusterAutoscaler;
    if (r.fields(c, p, CA_FIELDS)) {
      if (c.scanInterval !== undefined) ca.scanInterval = r.duration(c.scanInterval, [...p, 'scanInterval'], true) ?? ca.scanInterval;
      if (c.expander !== undefined) {
        if (typeof c.expander === 'string' && (EXPANDERS as readonly string[]).includes(c.expander)) ca.expander = c.expander as Expander;
        else r.fail([...p, 'expander'], `expected one of ${EXPANDERS.join(', ')}, got ${shown(c.expander)}`);
      }
      if (c.scaleDownEnabled !== undefined) ca.scaleDownEnabled = r.bool(c.scaleDownEnabled, [...p, 'scaleDownEnabled']) ?? ca.scaleDownEnabled;
      if (c.scaleDownUtilizationThreshold !== undefined) {
        ca.scaleDownUtilizationThreshold = r.number(c.scaleDownUtilizationThreshold, [...p, 'scaleDownUtilizationThreshold'], 0, 1) ?? ca.scaleDownUtilizationThreshold;
      }
      if (c.scaleDownUnneededTime !== undefined) ca.scaleDownUnneededTime = r.duration(c.scaleDownUnneededTime, [...p, 'scaleDownUnneededTime']) ?? ca.scaleDownUnneededTime;
      if (c.scaleDownDelayAfterAdd !== undefined) ca.scaleDownDelayAfterAdd = r.duration(c.scaleDownDelayAfterAdd, [...p, 'scaleDownDelayAfterAdd']) ?? ca.scaleDownDelayAfterAdd;
      if (c.maxGracefulTermination !== undefined) ca.maxGracefulTermination = r.duration(c.maxGracefulTermination, [...p, 'maxGracefulTermination']) ?? ca.maxGracefulTermination;
      if (c.skipNodesWithLocalStorage !== undefined) ca.skipNodesWithLocalStorage = r.bool(c.skipNodesWithLocalStorage, [...p, 'skipNodesWithLocalStorage']) ?? ca.skipNodesWithLocalStorage;
      if (c.skipNodesWithSystemPods !== undefined) ca.skipNodesWithSystemPods = r.bool(c.skipNodesWithSystemPods, [...p, 'skipNodesWithSystemPods']) ?? ca.skipNodesWithSystemPods;
      if (c.maxEmptyBulkDelete !== undefined) ca.maxEmptyBulkDelete = r.int(c.maxEmptyBulkDelete, [...p, 'maxEmptyBulkDelete'], 1, 10_000) ?? ca.maxEmptyBulkDelete;
    }
  }
  return out;
}

/** `nodePools[i].autoscaling: {min, max, provisioningDelay?}` with min ≤ count ≤ max. */
export function readNodeGroup(r: SpecReader, v: unknown, path: FieldPath, count: number | undefined, maxNodes: number): NodeGroupSpec | undefined {
  if (!r.fields(v, path, ['min', 'max', 'provisioningDelay'])) return undefined;
  if (!r.required(v, 'min', path) || !r.required(v, 'max', path)) return undefined;
  const min = readNodeCount(r, v.min, [...path, 'min'], 0, maxNodes, 'a node count (an integer ≥ 0)');
  const max = readNodeCount(r, v.max, [...path, 'max'], 0, maxNodes, 'a node count (an integer ≥ 0)');
  let provisioningDelay: Distribution | undefined = DEFAULT_PROVISIONING_DELAY;
  if (v.provisioningDelay !== undefined) provisioningDelay = readDistribution(r, v.provisioningDelay, [...path, 'provisioningDelay'], 'duration');
  if (min === undefined || max === undefined || provisioningDelay === undefined) return undefined;
  if (min > max) return r.fail([...path, 'max'], `must be at least min (${min}), got ${max}`);
  if (count !== undefined && (count < min || count > max)) {
    return r.fail(path, `the pool's count (${count}) must be within [min, max] = [${min}, ${max}]`);
  }
  return { min, max, provisioningDelay };
}

/**
 * An integer node count in [min, maxNodes], where maxNodes is the --limit maxNodes in force: a
 * count over it gets the limit's message, naming the option that raises it.
 */
export function readNodeCount(r: SpecReader, v: unknown, path: FieldPath, min: number, maxNodes: number, what: string): number | undefined {
  const n = r.int(v, path, min, Number.MAX_SAFE_INTEGER, what);
  if (n !== undefined && n > maxNodes) return r.fail(path, overLimit(`${n} nodes is too many`, 'maxNodes', maxNodes, n));
  return n;
}
