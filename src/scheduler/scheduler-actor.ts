import FastPriorityQueue from 'fastpriorityqueue';
import { Actor, SimEvent } from '../engine/event-queue';
import { Time, SECOND, MINUTE, MILLISECOND } from '../engine/time';
import { Uniform, randomInt } from '../engine/rng';
import { KubeObject } from '../api/meta';
import { Node } from '../api/node';
import { Pod } from '../api/pod';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { setCondition } from '../kubelet/node-agent';
import { NodeInfo } from './node-info';
import { scheduleOne } from './schedule-one';
import { Profile, defaultProfile } from './profile';

const CYCLE = 0;
const BIND = 1;
const FLUSH = 2;

/** Scheduling-queue constants of kube-scheduler (pkg/scheduler/backend/queue). */
export const POD_INITIAL_BACKOFF: Time = 1 * SECOND;
export const POD_MAX_BACKOFF: Time = 10 * SECOND;
/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at the latest after this. */
export const POD_MAX_UNSCHEDULABLE: Time = 5 * MINUTE;
/** How often unschedulable pods are checked against POD_MAX_UNSCHEDULABLE (flushUnschedulablePodsLeftover: 30 s). */
const FLUSH_PERIOD: Time = 30 * SECOND;

export interface SchedulerOptions {
  /** Virtual time one scheduling cycle occupies the scheduler. */
  cycleCost: Time;
  profiles: ReadonlyMap<string, Profile>;
}

interface QueuedPod {
  pod: Pod;
  /** Queue order: priority (higher first), then arrival. */
  priority: number;
  seq: number;
  attempts: number;
  /** When it was first queued (for scheduling latency). */
  queuedAt: Time;
  /** Unschedulable since, when parked. */
  parkedAt: Time;
  backoffUntil: Time;
}

/**
 * kube-scheduler as an actor: a scheduling queue (active, back-off and unschedulable sets), one
 * pod per cycle through the framework (scheduleOne), and binding as a delayed write.
 *
 * Queue rules as upstream: active pods are ordered by priority then arrival (PrioritySort); a pod
 * that failed waits its back-off (1 s doubling to 10 s per attempt) and is parked as unschedulable
 * until a cluster event that could make it schedulable (node added or changed, a pod deleted) moves
 * it back, or at the latest after 5 minutes.
 */
export class SchedulerActor implements Actor, Watcher {
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private nodeList: NodeInfo[] = [];
  private nodeListDirty = true;
  private readonly active = new FastPriorityQueue<QueuedPod>((a, b) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq));
  private readonly queued = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly assumed = new Map<string, string>();
  private busy = false;
  private paused = false;
  private seq = 0;
  private readonly cycleState = { nextStartNodeIndex: 0 };
  private readonly tieBreak: Uniform;
  private flushTimer: SimEvent | undefined;
  /** Counters for metrics. */
  readonly stats = { attempts: 0, scheduled: 0, unschedulable: 0, latencies: [] as number[] };

  constructor(
    private readonly ctx: SimContext,
    private readonly options: SchedulerOptions,
  ) {
    ctx.store.watch('Node', this);
    ctx.store.watch('Pod', this);
    this.tieBreak = ctx.engine.rng.stream('scheduler:select-host');
  }

  /** Pending pods the scheduler knows of (active + back-off + unschedulable). */
  get depth(): number {
    return this.queued.size;
  }

  /** Stops cycles while the component is leaderless; queued pods wait. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Node') return this.onNode(type, obj as Node);
    const pod = obj as Pod;
    const uid = pod.metadata.uid!;
    const node = pod.spec.nodeName;
    if (type === 'DELETED') {
      this.forget(uid);
      if (node) this.release(pod, node);
      this.moveAllToActive();
      return;
    }
    if (node) {
      // Bound (by us or by spec.nodeName in the manifest): account it once; terminal pods free their resources.
      const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
      const accounted = this.assumed.get(uid);
      if (terminal) {
        if (accounted !== undefined) {
          this.release(pod, accounted);
          this.moveAllToActive();
        }
      } else if (accounted === undefined) {
        const ni = this.nodeInfos.get(node);
        if (ni) {
          ni.addPod(pod);
          this.assumed.set(uid, node);
        }
      }
      this.forget(uid);
      return;
    }
    if (type === 'ADDED' && this.handles(pod) && !this.queued.has(uid)) this.enqueue(pod);
  }

  private handles(pod: Pod): boolean {
    return this.options.profiles.has(pod.spec.schedulerName ?? 'default-scheduler') && pod.metadata.deletionTimestamp === undefined;
  }

  private onNode(type: WatchType, node: Node): void {
    const name = node.metadata.name;
    if (type === 'DELETED') {
      this.nodeInfos.delete(name);
    } else {
      const ni = this.nodeInfos.get(name);
      if (ni) ni.setNode(node);
      else this.nodeInfos.set(name, new NodeInfo(node));
    }
    this.nodeListDirty = true;
    this.moveAllToActive();
  }

  private release(pod: Pod, node: string): void {
    const uid = pod.metadata.uid!;
    if (this.assumed.get(uid) !== node) return;
    this.assumed.delete(uid);
    this.nodeInfos.get(node)?.removePod(pod);
  }

  private forget(uid: string): void {
    this.queued.delete(uid);
    this.unschedulable.delete(uid);
  }

  private enqueue(pod: Pod): void {
    const q: QueuedPod = {
      pod,
      priority: pod.spec.priority ?? 0,
      seq: this.seq++,
      attempts: 0,
      queuedAt: this.ctx.engine.now,
      parkedAt: 0,
      backoffUntil: 0,
    };
    this.queued.set(pod.metadata.uid!, q);
    this.active.add(q);
    this.kick();
  }

  /** A cluster event: every parked pod goes back to the active queue (after its back-off). */
  private moveAllToActive(): void {
    if (this.unschedulable.size === 0) return;
    const now = this.ctx.engine.now;
    for (const q of this.unschedulable.values()) this.activate(q, now);
    this.unschedulable.clear();
    this.kick();
  }

  private activate(q: QueuedPod, now: Time): void {
    q.seq = this.seq++;
    if (q.backoffUntil > now) this.ctx.engine.scheduleAt(q.backoffUntil, this, FLUSH, q);
    else this.active.add(q);
  }

  private kick(): void {
    if (this.busy || this.paused || this.active.isEmpty()) return;
    this.busy = true;
    this.ctx.engine.schedule(0, this, CYCLE, undefined);
  }

  handle(ev: SimEvent): void {
    switch (ev.kind) {
      case CYCLE:
        return this.cycle();
      case BIND:
        return this.bind(ev.arg as { q: QueuedPod; node: string });
      case FLUSH:
        return this.onFlush(ev.arg as QueuedPod | undefined);
    }
  }

  private onFlush(q: QueuedPod | undefined): void {
    const now = this.ctx.engine.now;
    if (q) {
      // A back-off expired: the pod becomes active if it is still queued and not parked.
      if (this.queued.get(q.pod.metadata.uid!) === q && !this.unschedulable.has(q.pod.metadata.uid!)) {
        this.active.add(q);
        this.kick();
      }
      return;
    }
    this.flushTimer = undefined;
    for (const [uid, p] of this.unschedulable) {
      if (now - p.parkedAt >= POD_MAX_UNSCHEDULABLE) {
        this.unschedulable.delete(uid);
        this.activate(p, now);
      }
    }
    this.armFlush();
    this.kick();
  }

  private armFlush(): void {
    if (this.flushTimer === undefined && this.unschedulable.size > 0) {
      this.flushTimer = this.ctx.engine.schedule(FLUSH_PERIOD, this, FLUSH, undefined);
    }
  }

  private nodes(): NodeInfo[] {
    if (this.nodeListDirty) {
      this.nodeList = [...this.nodeInfos.values()];
      this.nodeListDirty = false;
    }
    return this.nodeList;
  }

  private cycle(): void {
    const { engine, recorder } = this.ctx;
    let q: QueuedPod | undefined;
    while ((q = this.active.poll()) !== undefined) {
      if (this.queued.get(q.pod.metadata.uid!) === q && !this.unschedulable.has(q.pod.metadata.uid!)) break;
    }
    if (q === undefined || this.paused) {
      this.busy = false;
      if (q) this.active.add(q);
      return;
    }
    const pod = q.pod;
    const profile = this.options.profiles.get(pod.spec.schedulerName ?? 'default-scheduler')!;
    this.stats.attempts++;
    q.attempts++;
    const result = scheduleOne(pod, this.nodes(), profile, this.cycleState, (n: number) => randomInt(this.tieBreak, n));
    if ('nodeName' in result) {
      // Assume: account the pod on the node now, so the next cycle sees it (the scheduler cache).
      this.nodeInfos.get(result.nodeName)!.addPod(pod);
      this.assumed.set(pod.metadata.uid!, result.nodeName);
      this.queued.delete(pod.metadata.uid!);
      engine.schedule(this.ctx.latencies.binding, this, BIND, { q, node: result.nodeName });
    } else {
      this.stats.unschedulable++;
      q.backoffUntil = engine.now + Math.min(POD_MAX_BACKOFF, POD_INITIAL_BACKOFF * 2 ** (q.attempts - 1));
      q.parkedAt = engine.now;
      this.unschedulable.set(pod.metadata.uid!, q);
      this.armFlush();
      pod.status.conditions ??= [];
      setCondition(pod, 'PodScheduled', 'False', engine.now);
      const cond = pod.status.conditions.find((c) => c.type === 'PodScheduled')!;
      cond.reason = 'Unschedulable';
      if (cond.message !== result.message) {
        cond.message = result.message;
        this.ctx.store.update(pod);
        recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'FailedScheduling', '', result.message);
      }
    }
    engine.schedule(Math.max(this.options.cycleCost, 0), this, CYCLE, undefined);
  }

  private bind(arg: { q: QueuedPod; node: string }): void {
    const { engine, store, recorder } = this.ctx;
    const pod = arg.q.pod;
    const current = store.get<Pod>('Pod', `${pod.metadata.namespace}/${pod.metadata.name}`);
    if (current !== pod || pod.metadata.deletionTimestamp !== undefined) {
      this.release(pod, arg.node);
      return;
    }
    pod.spec.nodeName = arg.node;
    const cond = setCondition(pod, 'PodScheduled', 'True', engine.now);
    if (cond) {
      const c = pod.status.conditions!.find((x) => x.type === 'PodScheduled')!;
      c.reason = undefined;
      c.message = undefined;
    }
    store.update(pod);
    this.stats.scheduled++;
    this.stats.latencies.push(engine.now - arg.q.queuedAt);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Scheduled', arg.node);
  }
}

export const DEFAULT_CYCLE_COST: Time = 1 * MILLISECOND;
export { defaultProfile };
