import { Time } from '../../engine/time';
import { KubeObject, objectKey } from '../../api/meta';
import { Pod } from '../../api/pod';
import { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../../api/hpa';
import { HPA_CPU_INITIALIZATION_PERIOD, HPA_DOWNSCALE_STABILIZATION_WINDOW, HPA_INITIAL_READINESS_DELAY, HPA_MIN_REPLICAS, HPA_SYNC_PERIOD, HPA_TOLERANCE } from '../../api/defaults';
import { resourceAmount } from '../../api/quantity';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { GaugeSource } from '../../metrics/series';
import { MetricsApi } from '../../load/metrics-api';
import { podResourceRequests } from '../../load/usage-model';
import { Reconciler, WorkQueue } from '../work-queue';
import { CalculatorSettings, PodSample, ReplicaError, ReplicaResult, averageValueReplicas, utilizationReplicas } from './replica-calculator';
import { BehaviorHistory, newHistory, normalizeWithBehavior, recordScaleEvent, resolveBehavior } from './scaling-behavior';

/** Kinds whose scale subresource is spec.replicas. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** SetDefaults_HorizontalPodAutoscaler: no metrics → 80% average cpu utilization. */
const DEFAULT_METRICS: readonly MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

export interface HpaSettings extends CalculatorSettings {
  /** --horizontal-pod-autoscaler-sync-period. */
  syncPeriod: Time;
  /** --horizontal-pod-autoscaler-downscale-stabilization. */
  downscaleStabilization: Time;
}

export const DEFAULT_HPA_SETTINGS: HpaSettings = {
  syncPeriod: HPA_SYNC_PERIOD,
  downscaleStabilization: HPA_DOWNSCALE_STABILIZATION_WINDOW,
  tolerance: HPA_TOLERANCE,
  cpuInitializationPeriod: HPA_CPU_INITIALIZATION_PERIOD,
  initialReadinessDelay: HPA_INITIAL_READINESS_DELAY,
};

interface ScaleTarget extends KubeObject {
  spec: { replicas?: number };
}

/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go,
 * reconcileAutoscaler): every sync period each HPA reads its target's scale (spec.replicas) and
 * pods, asks the Metrics API for the pods' resource usage, computes a replica count per metric
 * (replica-calculator.ts) and takes the largest, then stabilizes and rate-limits it with the HPA's
 * behavior (scaling-behavior.ts) and writes spec.replicas of the target. A current count above
 * maxReplicas or below minReplicas is corrected at once; a target at 0 replicas with
 * minReplicas > 0 is left alone (scaling disabled).
 *
 * Timeline: SuccessfulRescale with upstream's message ("New size: 5; reason: cpu resource
 * utilization (percentage of request) above target"), FailedGetScale and
 * FailedGetResourceMetric when a sync cannot compute. Series: hpa_current_replicas,
 * hpa_desired_replicas, hpa_current_utilization.
 *
 * Simplification (docs/simplifications.md): the target's pods are found through owner references
 * (Deployment → ReplicaSets → pods) rather than by listing pods with the scale selector; they are
 * the same pods unless foreign pods match the selector.
 */
export class HpaController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  private readonly history = new Map<string, BehaviorHistory>();
  private readonly observed = new Map<string, number>();
  private readonly failing = new Map<string, string>();
  /** One reusable calculator record per pod object (refreshed at every sync). */
  private readonly sampleCache = new WeakMap<Pod, { s: PodSample; cpu: number; memory: number; metric: { value: number; timestamp: Time; window: Time } }>();
  private readonly settings: HpaSettings;
  rescales = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly metrics: MetricsApi,
    settings: Partial<HpaSettings> = {},
  ) {
    this.settings = { ...DEFAULT_HPA_SETTINGS, ...settings };
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    ctx.store.watch('HorizontalPodAutoscaler', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    const key = objectKey(obj.metadata);
    if (type === 'DELETED') {
      this.history.delete(key);
      this.observed.delete(key);
      this.failing.delete(key);
      return;
    }
    const gen = obj.metadata.generation ?? 1;
    if (type === 'ADDED' || this.observed.get(key) !== gen) {
      this.observed.set(key, gen);
      this.queue.add(key);
    }
  }

  *resyncKeys(): Iterable<string> {
    for (const h of this.ctx.store.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) yield objectKey(h.metadata);
  }

  reconcile(key: string): Time | undefined {
    const hpa = this.ctx.store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', key);
    if (!hpa) return undefined;
    this.sync(hpa, key);
    return this.settings.syncPeriod;
  }

  private sync(hpa: HorizontalPodAutoscaler, key: string): void {
    const { store, recorder, engine } = this.ctx;
    const now = engine.now;
    const ns = hpa.metadata.namespace;
    const ref = hpa.spec.scaleTargetRef;
    const target = SCALABLE.has(ref.kind) ? store.get<ScaleTarget>(ref.kind, `${ns}/${ref.name}`) : undefined;
    if (!target) {
      this.fail(hpa, key, 'FailedGetScale', `${ref.kind}/${ref.name} not found or not scalable`);
      return;
    }
    const current = target.spec.replicas ?? 1;
    const min = hpa.spec.minReplicas ?? HPA_MIN_REPLICAS;
    const max = hpa.spec.maxReplicas;
    let history = this.history.get(key);
    if (!history) this.history.set(key, (history = newHistory()));
    const behavior = resolveBehavior(hpa.spec.behavior, this.settings.downscaleStabilization);

    let desired = current;
    let reason = '';
    let metricsStatus: MetricStatus[] | undefined = hpa.status.currentMetrics;
    if (current === 0 && min !== 0) {
      desired = 0;
    } else if (current > max) {
      desired = max;
      reason = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < min) {
      desired = min;
      reason = 'Current number of replicas below Spec.MinReplicas';
    } else {
      const proposal = this.computeReplicas(hpa, target, current, now);
      if ('error' in proposal) {
        this.fail(hpa, key, 'FailedGetResourceMetric', proposal.error);
        return;
      }
      this.failing.delete(key);
      metricsStatus = proposal.statuses;
      reason = proposal.replicas > current ? `${proposal.metricName} above target` : 'All metrics below target';
      desired = normalizeWithBehavior(history, behavior, current, proposal.replicas, min, max, now).replicas;
    }

    if (desired !== current) {
      target.spec.replicas = desired;
      target.metadata.generation = (target.metadata.generation ?? 1) + 1;
      store.update(target);
      recordScaleEvent(history, behavior, current, desired, now);
      this.rescales++;
      hpa.status.lastScaleTime = now;
      recorder.record('HorizontalPodAutoscaler', ns, hpa.metadata.name, 'SuccessfulRescale', '', `New size: ${desired}; reason: ${reason}`);
    }
    const st = hpa.status;
    if (st.currentReplicas !== current || st.desiredReplicas !== desired || !sameMetrics(st.currentMetrics, metricsStatus) || desired !== current) {
      st.currentReplicas = current;
      st.desiredReplicas = desired;
      if (metricsStatus) st.currentMetrics = metricsStatus;
      store.update(hpa);
    }
  }

  /** Records a failed sync once per reason (as an Event is aggregated), leaving the scale alone. */
  private fail(hpa: HorizontalPodAutoscaler, key: string, event: string, message: string): void {
    if (this.failing.get(key) === event) return;
    this.failing.set(key, event);
    this.ctx.recorder.record('HorizontalPodAutoscaler', hpa.metadata.namespace, hpa.metadata.name, event, '', message);
  }

  /** computeReplicasForMetrics: the largest proposal over the metrics that could be computed. */
  private computeReplicas(
    hpa: HorizontalPodAutoscaler,
    target: ScaleTarget,
    current: number,
    now: Time,
  ): { replicas: number; metricName: string; statuses: MetricStatus[] } | ReplicaError {
    const specs = metricSpecs(hpa);
    const pods = this.targetPods(target);
    let best = -1;
    let bestName = '';
    let firstError = '';
    const statuses: MetricStatus[] = [];
    for (const m of specs) {
      if (m.type !== 'Resource' || !m.resource) {
        firstError ||= `metric type ${m.type} is not simulated (only Resource metrics)`;
        continue;
      }
      const resource = m.resource.name;
      const t = m.resource.target;
      const samples = this.samples(pods, resource);
      let res: ReplicaResult | ReplicaError;
      let name: string;
      if (t.type === 'Utilization') {
        res = utilizationReplicas(current, t.averageUtilization ?? 80, resource, samples, this.settings, now);
        name = `${resource} resource utilization (percentage of request)`;
      } else if (t.type === 'AverageValue' && t.averageValue !== undefined) {
        const targetValue = resourceAmount(resource, t.averageValue);
        res = averageValueReplicas(current, targetValue, resource, samples, this.settings, now);
        name = `${resource} resource`;
      } else {
        firstError ||= `target type ${t.type} is not supported for Resource metrics`;
        continue;
      }
      if ('error' in res) {
        firstError ||= res.error;
        continue;
      }
      statuses.push({
        type: 'Resource',
        resource: { name: resource, current: res.utilization !== undefined ? { averageUtilization: res.utilization, averageValue: res.rawAverage } : { averageValue: res.rawAverage } },
      });
      if (res.replicas > best) {
        best = res.replicas;
        bestName = name;
      }
    }
    if (best < 0) return { error: firstError || 'no metrics' };
    return { replicas: best, metricName: bestName, statuses };
  }

  private targetPods(target: ScaleTarget): Pod[] {
    const { store } = this.ctx;
    const out: Pod[] = [];
    const collect = (uid: string) => {
      for (const o of store.ownedBy<KubeObject>(uid)) if (o.kind === 'Pod') out.push(o as Pod);
    };
    if (target.kind === 'Deployment') {
      for (const rs of store.ownedBy<KubeObject>(target.metadata.uid!)) if (rs.kind === 'ReplicaSet') collect(rs.metadata.uid!);
    } else collect(target.metadata.uid!);
    return out;
  }

  private samples(pods: readonly Pod[], resource: string): PodSample[] {
    const out: PodSample[] = [];
    for (const pod of pods) {
      let c = this.sampleCache.get(pod);
      if (c === undefined) {
        const req = podResourceRequests(pod);
        c = {
          s: { name: pod.metadata.name, phase: 'Pending', deleting: false, ready: undefined, readyTransition: undefined, startTime: undefined, request: undefined, metric: undefined },
          cpu: req.cpu,
          memory: req.memory,
          metric: { value: 0, timestamp: 0, window: 0 },
        };
        this.sampleCache.set(pod, c);
      }
      const s = c.s;
      s.phase = pod.status.phase;
      s.deleting = pod.metadata.deletionTimestamp !== undefined;
      s.ready = undefined;
      s.readyTransition = undefined;
      const cs = pod.status.conditions;
      if (cs) {
        for (let i = 0; i < cs.length; i++) {
          if (cs[i].type === 'Ready') {
            s.ready = cs[i].status;
            s.readyTransition = cs[i].lastTransitionTime;
            break;
          }
        }
      }
      s.startTime = pod.status.startTime;
      const request = resource === 'cpu' ? c.cpu : resource === 'memory' ? c.memory : NaN;
      s.request = Number.isNaN(request) ? undefined : request;
      const m = this.metrics.podMetrics(pod.metadata.uid!);
      if (m === undefined) s.metric = undefined;
      else {
        const x = c.metric;
        x.value = resource === 'cpu' ? m.cpu : m.memory;
        x.timestamp = m.timestamp;
        x.window = m.window;
        s.metric = x;
      }
      out.push(s);
    }
    return out;
  }

  /** hpa_current_replicas, hpa_desired_replicas and hpa_current_utilization (first metric, percent) per HPA. */
  gauges(): GaugeSource {
    const store = this.ctx.store;
    return {
      sample(emit) {
        for (const h of store.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) {
          const ns = h.metadata.namespace ?? '';
          const name = h.metadata.name;
          if (h.status.currentReplicas === undefined) continue;
          emit('hpa_current_replicas', ns, name, h.status.currentReplicas);
          emit('hpa_desired_replicas', ns, name, h.status.desiredReplicas ?? h.status.currentReplicas);
          const u = h.status.currentMetrics?.[0]?.resource.current.averageUtilization;
          if (u !== undefined) emit('hpa_current_utilization', ns, name, u);
        }
      },
    };
  }
}

/** The HPA's metrics as autoscaling/v2 sees them (v1's targetCPUUtilizationPercentage converted). */
export function metricSpecs(hpa: HorizontalPodAutoscaler): readonly MetricSpec[] {
  if (hpa.spec.metrics && hpa.spec.metrics.length > 0) return hpa.spec.metrics;
  const pct = hpa.spec.targetCPUUtilizationPercentage;
  if (pct !== undefined) return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: pct } } }];
  return DEFAULT_METRICS;
}

function sameMetrics(a: MetricStatus[] | undefined, b: MetricStatus[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i].resource.current;
    const y = b[i].resource.current;
    if (a[i].resource.name !== b[i].resource.name || x.averageUtilization !== y.averageUtilization || x.averageValue !== y.averageValue) return false;
  }
  return true;
}
