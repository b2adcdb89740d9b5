import { KubeObject, controllerOf } from '../api/meta';
import { Pod, isPodReady } from '../api/pod';
import { PodTemplateSpec } from '../api/workloads';
import { Selector, selectorFromSet } from '../api/label-selector';
import { Service } from '../api/service';
import { Time } from '../engine/time';
import { Store, Watcher, WatchType } from '../store/store';

/** The level a Service must keep: a percentage of the desired replicas behind it, or a count. */
export type ReadinessLevel = { percent: number } | { count: number };

/** What one ServiceReadiness saw over a run. */
export interface ServiceReadinessSummary {
  /** When checking began: the first instant all desired endpoints were ready (or `from`); null: never. */
  armedAt: Time | null;
  /** Lowest value seen while checking (percent of desired, or endpoints); null: never checked. */
  lowest: number | null;
  lowestReady: number;
  lowestDesired: number;
  lowestAt: Time;
  /** Virtual time spent below the level while checking (µs). */
  belowFor: Time;
}

/** Workload kinds whose spec.replicas count as the desired endpoints of a Service. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'] as const;

/**
 * Ready endpoints of one Service, kept incrementally from watch notifications (never by scanning
 * pods per change), independent of any endpoints controller: a pod counts when the Service's
 * selector matches its labels in the Service's namespace, it is Ready, not terminating and not
 * terminal — as the upstream EndpointSlice controller puts a pod among ready endpoints
 * (podutil.IsPodReady and no deletionTimestamp; publishNotReadyAddresses ignored). A Service
 * without a selector has no endpoints. Desired = the sum of spec.replicas of the Deployments,
 * StatefulSets and unowned ReplicaSets in its namespace whose pod template the selector matches.
 *
 * The level is checked at every change of either count: from `from` when given, else from the
 * first instant every desired endpoint is ready (start-up does not count as a violation).
 */
export class ServiceReadiness implements Watcher {
  private selector: Selector | undefined;
  private selectorText = '';
  private readonly readyPods = new Set<string>();
  private readonly desiredBy = new Map<string, number>();
  private ready = 0;
  private desired = 0;
  private armedAt: Time | null = null;
  private lowest: number | null = null;
  private lowestReady = 0;
  private lowestDesired = 0;
  private lowestAt: Time = 0;
  private belowFor: Time = 0;
  private belowSince: Time | null = null;

  constructor(
    private readonly store: Store,
    private readonly now: () => Time,
    readonly namespace: string,
    readonly name: string,
    readonly level: ReadinessLevel,
    readonly from: Time | undefined,
  ) {}

  /** Registers for the kinds it follows. Call before the run starts. */
  attach(): void {
    this.store.watch('Service', this);
    this.store.watch('Pod', this);
    for (const k of WORKLOAD_KINDS) this.store.watch(k, this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if ((obj.metadata.namespace ?? 'default') !== this.namespace) return;
    const before = this.ready * 1e9 + this.desired;
    if (obj.kind === 'Pod') this.onPod(type, obj as Pod);
    else if (obj.kind === 'Service') {
      if (obj.metadata.name === this.name) this.onService(type, obj as Service);
    } else this.onWorkload(type, obj as KubeObject & { spec: { replicas?: number; template: PodTemplateSpec } });
    if (this.ready * 1e9 + this.desired !== before) this.observe(this.now());
  }

  /** The summary at the end of the run (`end` closes the time below the level). */
  summary(end: Time): ServiceReadinessSummary {
    if (this.from !== undefined && this.armedAt === null && end >= this.from) this.arm(this.from);
    const belowFor = this.belowFor + (this.belowSince === null ? 0 : end - this.belowSince);
    return { armedAt: this.armedAt, lowest: this.lowest, lowestReady: this.lowestReady, lowestDesired: this.lowestDesired, lowestAt: this.lowestAt, belowFor };
  }

  private value(): number {
    if ('count' in this.level) return this.ready;
    return this.desired === 0 ? 100 : (this.ready * 100) / this.desired;
  }

  private meets(): boolean {
    if ('count' in this.level) return this.ready >= this.level.count;
    return this.ready * 100 >= this.level.percent * this.desired;
  }

  private observe(now: Time): void {
    if (this.armedAt === null) {
      if (this.from !== undefined) {
        if (now < this.from) return;
        this.arm(this.from);
      } else if (this.desired > 0 && this.ready >= this.desired) this.arm(now);
      else return;
    }
    this.check(now);
  }

  /** Starts checking at `at` with the counts that held then (no change since). */
  private arm(at: Time): void {
    this.armedAt = at;
    this.check(at);
  }

  private check(now: Time): void {
    const v = this.value();
    if (this.lowest === null || v < this.lowest) {
      this.lowest = v;
      this.lowestReady = this.ready;
      this.lowestDesired = this.desired;
      this.lowestAt = now;
    }
    const below = !this.meets();
    if (below && this.belowSince === null) this.belowSince = now;
    else if (!below && this.belowSince !== null) {
      this.belowFor += now - this.belowSince;
      this.belowSince = null;
    }
  }

  private onService(type: WatchType, svc: Service): void {
    const text = type === 'DELETED' || !svc.spec.selector ? '' : JSON.stringify(svc.spec.selector);
    if (text === this.selectorText && (this.selector !== undefined) === (text !== '')) return;
    this.selectorText = text;
    this.selector = text === '' ? undefined : selectorFromSet(svc.spec.selector);
    this.readyPods.clear();
    this.desiredBy.clear();
    this.ready = 0;
    this.desired = 0;
    if (!this.selector) return;
    for (const p of this.store.list<Pod>('Pod')) if ((p.metadata.namespace ?? 'default') === this.namespace) this.onPod('MODIFIED', p);
    for (const k of WORKLOAD_KINDS) {
      for (const w of this.store.list<KubeObject & { spec: { replicas?: number; template: PodTemplateSpec } }>(k)) {
        if ((w.metadata.namespace ?? 'default') === this.namespace) this.onWorkload('MODIFIED', w);
      }
    }
  }

  private onPod(type: WatchType, pod: Pod): void {
    if (!this.selector) return;
    const uid = pod.metadata.uid!;
    const phase = pod.status.phase;
    const isReady =
      type !== 'DELETED' &&
      pod.metadata.deletionTimestamp === undefined &&
      phase !== 'Succeeded' &&
      phase !== 'Failed' &&
      isPodReady(pod) &&
      this.selector.matches(pod.metadata.labels ?? {});
    const was = this.readyPods.has(uid);
    if (isReady === was) return;
    if (isReady) {
      this.readyPods.add(uid);
      this.ready++;
    } else {
      this.readyPods.delete(uid);
      this.ready--;
    }
  }

  private onWorkload(type: WatchType, w: KubeObject & { spec: { replicas?: number; template: PodTemplateSpec } }): void {
    if (!this.selector) return;
    const key = `${w.kind}/${w.metadata.name}`;
    const counts =
      type !== 'DELETED' &&
      !(w.kind === 'ReplicaSet' && controllerOf(w.metadata) !== undefined) &&
      this.selector.matches(w.spec.template?.metadata?.labels ?? {});
    const n = counts ? (w.spec.replicas ?? 1) : 0;
    const prev = this.desiredBy.get(key) ?? 0;
    if (n === prev) return;
    if (n === 0) this.desiredBy.delete(key);
    else this.desiredBy.set(key, n);
    this.desired += n - prev;
  }
}
