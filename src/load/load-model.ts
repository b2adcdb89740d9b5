import { Time } from '../engine/time';
import { Uniform } from '../engine/rng';
import { KubeObject } from '../api/meta';
import { Pod, PodCondition } from '../api/pod';
import { EndpointSlice } from '../api/endpoints';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { GaugeSource } from '../metrics/series';
import { AppModel } from '../scenario/scenario';
import { ServiceLoad } from './service-load';
import { rateAt } from './rate-curve';
import { Limits, Usage, isOverloaded, podLimits, podResourceRequests, usageFor } from './usage-model';

/** Reason kubesim writes on the Ready condition of a pod it marked overloaded. */
export const REASON_OVERLOADED = 'Overloaded';

/** Per Service, what the last evaluation offered and used (for series). */
interface ServiceState {
  load: ServiceLoad;
  key: string;
  rng: Uniform;
  rate: number;
  cpu: number;
  memory: number;
  readyEndpoints: number;
  overloaded: number;
}

/** What the load model keeps per pod: the pod, its main container's app model, and its weight. */
interface PodRt {
  pod: Pod;
  app: AppModel | undefined;
  limits: Limits;
  /** Index in the ready list of the Service being evaluated, or -1. */
  slot: number;
}

/** Receives one pod's usage at an evaluation. */
export interface UsageSink {
  usage(uid: string, cpu: number, memory: number): void;
}

/**
 * The load model: at each evaluation instant, each loaded Service's request rate (its RateCurve)
 * is spread over the ready endpoints of its EndpointSlice — evenly, or weighted by cpu request —
 * as kube-proxy would route it; every Running endpoint pod (ready or not) gets a usage from its
 * main container's application model (usage-model.ts), with per-pod noise from the Service's
 * stream "load:<namespace>/<service>". Overload (usage above the limits) is acted on as the app
 * model says:
 * - failReadiness: the pod's Ready condition is written False (reason Overloaded) through the
 *   store, and True again at the first evaluation where it is no longer overloaded (while the
 *   kubelet still reports ContainersReady);
 * - oomKill: the pod is deleted at once (grace 0) with an OOMKilled row, and its ReplicaSet or
 *   StatefulSet replaces it (upstream restarts the container in place; docs/simplifications.md).
 *
 * Evaluations happen when the metrics pipeline scrapes (metrics-server.ts), so overload is
 * detected at the metrics resolution.
 */
export class LoadModel implements Watcher {
  private readonly pods = new Map<string, PodRt>();
  private readonly services: ServiceState[];
  private readonly marked = new Set<string>();
  private readonly scratch: Usage = { cpu: 0, memory: 0 };
  private readonly readyBuf: PodRt[] = [];
  private readonly weightBuf: number[] = [];
  oomKills = 0;
  readinessFailures = 0;

  constructor(
    private readonly ctx: SimContext,
    loads: readonly ServiceLoad[],
  ) {
    this.services = loads.map((load) => ({
      load,
      key: `${load.namespace}/${load.service}`,
      rng: ctx.engine.rng.stream(`load:${load.namespace}/${load.service}`),
      rate: 0,
      cpu: 0,
      memory: 0,
      readyEndpoints: 0,
      overloaded: 0,
    }));
    ctx.store.watch('Pod', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    if (type === 'DELETED') {
      this.pods.delete(uid);
      this.marked.delete(uid);
      return;
    }
    const pod = obj as Pod;
    const rt = this.pods.get(uid);
    if (rt === undefined) this.pods.set(uid, { pod, app: this.appOf(pod), limits: podLimits(pod), slot: -1 });
    else if (rt.pod !== pod) {
      rt.pod = pod;
      rt.app = this.appOf(pod);
      rt.limits = podLimits(pod);
    }
  }

  /** The request rate offered to a Service now (requests per second). */
  rate(index: number, now: Time): number {
    return rateAt(this.services[index].load.rate, now);
  }

  /** Computes every loaded pod's usage at `now`, passes it to `sink`, and acts on overload. */
  evaluate(now: Time, sink: UsageSink): void {
    for (const s of this.services) this.evaluateService(s, now, sink);
  }

  private evaluateService(s: ServiceState, now: Time, sink: UsageSink): void {
    const { store } = this.ctx;
    const rate = rateAt(s.load.rate, now);
    s.rate = rate;
    s.cpu = 0;
    s.memory = 0;
    s.readyEndpoints = 0;
    s.overloaded = 0;
    const slice = store.get<EndpointSlice>('EndpointSlice', s.key);
    if (!slice) return;
    const ready = this.readyBuf;
    const weights = this.weightBuf;
    ready.length = 0;
    weights.length = 0;
    let totalWeight = 0;
    for (const ep of slice.endpoints) {
      if (!ep.conditions.ready) continue;
      const rt = this.pods.get(ep.targetRef.uid);
      if (!rt || rt.pod.status.phase !== 'Running') continue;
      const w = s.load.spread === 'weighted' ? podResourceRequests(rt.pod).cpu || 0 : 1;
      rt.slot = ready.length;
      ready.push(rt);
      weights.push(w);
      totalWeight += w;
    }
    s.readyEndpoints = ready.length;
    const noise = s.load.noise;
    for (const ep of slice.endpoints) {
      const rt = this.pods.get(ep.targetRef.uid);
      if (!rt || rt.pod.status.phase !== 'Running') continue;
      const pod = rt.pod;
      const i = ep.conditions.ready ? rt.slot : -1;
      const share = i >= 0 && totalWeight > 0 ? (rate * weights[i]) / totalWeight : 0;
      const app = rt.app;
      const factor = noise > 0 ? 1 + noise * standardNormal(s.rng) : 1;
      if (!app) continue;
      const u = usageFor(app, share, factor, this.scratch);
      s.cpu += u.cpu;
      s.memory += u.memory;
      sink.usage(pod.metadata.uid!, u.cpu, u.memory);
      if (app.overload !== undefined) this.actOnOverload(pod, app, u, rt.limits, now);
      if (this.marked.has(pod.metadata.uid!)) s.overloaded++;
    }
    for (const rt of ready) rt.slot = -1;
    ready.length = 0;
  }

  private appOf(pod: Pod): AppModel | undefined {
    const c = pod.spec.containers[0];
    return c === undefined ? undefined : this.ctx.apps.get(c.image);
  }

  private actOnOverload(pod: Pod, app: AppModel, u: Usage, limits: Limits, now: Time): void {
    const { store, recorder } = this.ctx;
    const uid = pod.metadata.uid!;
    const over = isOverloaded(app, u, limits);
    if (app.overload === 'oomKill') {
      if (!over || pod.metadata.deletionTimestamp !== undefined) return;
      this.oomKills++;
      recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'OOMKilled', pod.spec.nodeName ?? '', 'memory usage above limit');
      store.delete(pod, 0);
      return;
    }
    const marked = this.marked.has(uid);
    if (over && !marked) {
      if (!setReady(pod, 'False', now, REASON_OVERLOADED)) return;
      this.marked.add(uid);
      this.readinessFailures++;
      store.update(pod);
      recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'NotReady', pod.spec.nodeName ?? '', REASON_OVERLOADED);
    } else if (!over && marked) {
      this.marked.delete(uid);
      if (!containersReady(pod) || pod.metadata.deletionTimestamp !== undefined) return;
      if (setReady(pod, 'True', now, undefined)) {
        store.update(pod);
        recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Ready', pod.spec.nodeName ?? '', 'load below limits');
      }
    }
  }

  /** Series: load_request_rate, load_cpu_millicores, load_memory_bytes, load_ready_endpoints, load_overloaded_pods per Service. */
  gauges(): GaugeSource {
    return {
      sample: (emit) => {
        for (const s of this.services) {
          const ns = s.load.namespace;
          const name = s.load.service;
          emit('load_request_rate', ns, name, s.rate);
          emit('load_cpu_millicores', ns, name, Math.round(s.cpu));
          emit('load_memory_bytes', ns, name, Math.round(s.memory));
          emit('load_ready_endpoints', ns, name, s.readyEndpoints);
          emit('load_overloaded_pods', ns, name, s.overloaded);
        }
      },
    };
  }
}

/** Box–Muller with one uniform pair per draw. */
function standardNormal(u: Uniform): number {
  let a = u();
  while (a <= Number.MIN_VALUE) a = u();
  const b = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
}

function containersReady(pod: Pod): boolean {
  for (const c of pod.status.conditions ?? []) if (c.type === 'ContainersReady') return c.status === 'True';
  return false;
}

/** Sets the Ready condition; false when it already had that status. */
function setReady(pod: Pod, status: 'True' | 'False', now: Time, reason: string | undefined): boolean {
  const cs = (pod.status.conditions ??= []);
  for (const c of cs) {
    if (c.type !== 'Ready') continue;
    if (c.status === status) return false;
    c.status = status;
    c.lastTransitionTime = now;
    if (reason !== undefined) c.reason = reason;
    else delete c.reason;
    return true;
  }
  const c: PodCondition = { type: 'Ready', status, lastTransitionTime: now };
  if (reason !== undefined) c.reason = reason;
  cs.push(c);
  return true;
}
