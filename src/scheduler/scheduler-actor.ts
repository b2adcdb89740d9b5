import FastPriorityQueue from 'fastpriorityqueue';
import { Actor, SimEvent } from '../engine/event-queue';
import { Time, SECOND, MINUTE } from '../engine/time';
import { Uniform, randomInt } from '../engine/rng';
import { KubeObject } from '../api/meta';
import { Node } from '../api/node';
import { PodDisruptionBudget } from '../api/pdb';
import { Pod } from '../api/pod';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { GaugeSource } from '../metrics/series';
import { NodeInfo } from './node-info';
import { Snapshot } from './snapshot';
import { scheduleOne, ScheduleFailure } from './schedule-one';
import { Profile, ProfileConfig, buildProfile } from './profile';
import { CycleCost, DEFAULT_CYCLE_COST as DEFAULT_CYCLE_COST_MODEL, cycleDuration } from './cycle-cost';
import { findPreemption, podPriority } from './preemption';
import { defaultSelector } from './default-selector';
import { preemptionMessage } from './fit-error';
import { setPodScheduled } from './pod-conditions';
import { SchedulerFacts, SchedulerStats, schedulerFacts } from './scheduler-metrics';
import { POD_TOPOLOGY_SPREAD } from './plugins/pod-topology-spread';
import { INTER_POD_AFFINITY } from './plugins/inter-pod-affinity';

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

/** The scheduler's configuration (KubeSchedulerConfiguration's profiles, plus the cost model). */
export interface SchedulerOptions {
  /** Virtual time one scheduling cycle occupies the scheduler (default DEFAULT_CYCLE_COST). */
  cycleCost?: CycleCost;
  /** One profile per schedulerName (default: the default-scheduler profile). */
  profiles?: readonly ProfileConfig[];
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
  /** The plugins that rejected the last attempt (the unschedulable_pods gauge). */
  plugins: readonly string[];
}

interface Binding {
  q: QueuedPod;
  node: string;
}

/**
 * kube-scheduler as an actor: a scheduling queue (active, back-off and unschedulable sets), one
 * pod per cycle through the framework (scheduleOne), PostFilter preemption, and binding as a
 * delayed write. Each cycle occupies the scheduler for its modelled cost (cycle-cost.ts); binding
 * starts when the cycle ends and takes the binding latency, and the next cycle starts then too
 * (so a burst queues at 1/cost pods per second).
 *
 * Queue rules as upstream: active pods are ordered by priority then arrival (PrioritySort); a pod
 * that failed waits its back-off (1 s doubling to 10 s per attempt) and is parked as unschedulable
 * until a cluster event that could make it schedulable (node added or changed, a pod deleted or
 * finished) moves it back, or at the latest after 5 minutes.
 */
export class SchedulerActor implements Actor, Watcher {
  private readonly snapshot = new Snapshot();
  private readonly profiles = new Map<string, Profile>();
  private readonly preemptionEnabled = new Map<string, boolean>();
  private readonly cycleCost: CycleCost;
  private readonly active = new FastPriorityQueue<QueuedPod>((a, b) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq));
  private readonly queued = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly assumed = new Map<string, string>();
  private busy = false;
  private paused = false;
  private seq = 0;
  private readonly cycleState = { nextStartNodeIndex: 0 };
  private readonly tieBreak: Uniform;
  private readonly preemptionRng: Uniform;
  private readonly pickTie: (n: number) => number;
  private flushTimer: SimEvent | undefined;
  readonly stats: SchedulerStats = { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0, preemptions: 0, victims: 0, latencies: [] };

  constructor(
    private readonly ctx: SimContext,
    options: SchedulerOptions = {},
  ) {
    ctx.store.watch('Node', this);
    ctx.store.watch('Pod', this);
    this.tieBreak = ctx.engine.rng.stream('scheduler:select-host');
    this.preemptionRng = ctx.engine.rng.stream('scheduler:preemption');
    this.pickTie = (n: number) => randomInt(this.tieBreak, n);
    this.cycleCost = options.cycleCost ?? DEFAULT_CYCLE_COST_MODEL;
    const store = ctx.store;
    const selectorOf = (pod: Pod) => defaultSelector(pod, store);
    const nsLabels = (ns: string) => store.get<KubeObject>('Namespace', ns)?.metadata.labels;
    for (const config of options.profiles ?? [{}]) {
      const args: Record<string, unknown> = { ...(config.pluginArgs ?? {}) };
      args[POD_TOPOLOGY_SPREAD] = { defaultSelector: selectorOf, ...(args[POD_TOPOLOGY_SPREAD] as object | undefined) };
      args[INTER_POD_AFFINITY] = { namespaceLabels: nsLabels, ...(args[INTER_POD_AFFINITY] as object | undefined) };
      const profile = buildProfile({ ...config, pluginArgs: args });
      this.profiles.set(profile.schedulerName, profile);
      this.preemptionEnabled.set(profile.schedulerName, config.preemption ?? true);
    }
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
      const accounted = this.assumed.get(uid);
      if (accounted !== undefined) this.release(pod, accounted);
      this.moveAllToActive();
      return;
    }
    if (node) {
      // Bound (by us or by spec.nodeName in the manifest): account it once; terminal pods free their resources.
      const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
      const accounted = this.assumed.get(uid);
      if (pod.metadata.deletionTimestamp !== undefined) this.snapshot.podUncounted(pod);
      // The node's cached selector counts may depend on this pod's state (deletion, labels).
      if (accounted !== undefined) this.snapshot.get(accounted)?.touch();
      if (terminal) {
        if (accounted !== undefined) {
          this.release(pod, accounted);
          this.moveAllToActive();
        }
      } else if (accounted === undefined) {
        if (this.snapshot.assume(pod, node)) this.assumed.set(uid, node);
      }
      this.forget(uid);
      return;
    }
    if (type === 'ADDED' && this.handles(pod) && !this.queued.has(uid)) this.enqueue(pod);
  }

  private handles(pod: Pod): boolean {
    return this.profiles.has(pod.spec.schedulerName ?? 'default-scheduler') && pod.metadata.deletionTimestamp === undefined;
  }

  private onNode(type: WatchType, node: Node): void {
    const name = node.metadata.name;
    if (type === 'DELETED') {
      this.snapshot.removeNode(name);
      for (const [uid, n] of this.assumed) if (n === name) this.assumed.delete(uid);
    } else {
      const ni = this.snapshot.get(name);
      if (ni) ni.setNode(node);
      else {
        const fresh = new NodeInfo(node);
        for (const p of this.ctx.store.podsOn(name)) {
          if (p.status.phase === 'Succeeded' || p.status.phase === 'Failed' || this.assumed.has(p.metadata.uid!)) continue;
          fresh.addPod(p);
          this.assumed.set(p.metadata.uid!, name);
        }
        this.snapshot.addNode(fresh);
      }
    }
    this.moveAllToActive();
  }

  private release(pod: Pod, node: string): void {
    const uid = pod.metadata.uid!;
    if (this.assumed.get(uid) !== node) return;
    this.assumed.delete(uid);
    this.snapshot.get(node)?.removePod(pod);
  }

  private forget(uid: string): void {
    this.queued.delete(uid);
    this.unschedulable.delete(uid);
  }

  private enqueue(pod: Pod): void {
    const q: QueuedPod = {
      pod,
      priority: podPriority(pod),
      seq: this.seq++,
      attempts: 0,
      queuedAt: this.ctx.engine.now,
      parkedAt: 0,
      backoffUntil: 0,
      plugins: [],
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
        return this.bind(ev.arg as Binding);
      case FLUSH:
        return this.onFlush(ev.arg as QueuedPod | undefined);
    }
  }

  private onFlush(q: QueuedPod | undefined): void {
    const now = this.ctx.engine.now;
    if (q) {
      // A back-off expired: the pod becomes active if it is still queued and not parked.
      const uid = q.pod.metadata.uid!;
      if (this.queued.get(uid) === q && !this.unschedulable.has(uid)) {
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

  private cycle(): void {
    const { engine } = this.ctx;
    let q: QueuedPod | undefined;
    while ((q = this.active.poll()) !== undefined) {
      const uid = q.pod.metadata.uid!;
      if (this.queued.get(uid) === q && !this.unschedulable.has(uid)) break;
    }
    if (q === undefined || this.paused) {
      this.busy = false;
      if (q) this.active.add(q);
      return;
    }
    const pod = q.pod;
    const profile = this.profiles.get(pod.spec.schedulerName ?? 'default-scheduler')!;
    this.stats.attempts++;
    q.attempts++;
    const result = scheduleOne(pod, this.snapshot, profile, this.cycleState, this.pickTie);
    const cost = cycleDuration(this.cycleCost, result.evaluatedNodes);
    if ('nodeName' in result) {
      // Assume: account the pod on the node now, so the next cycle sees it (the scheduler cache).
      this.snapshot.assume(pod, result.nodeName);
      this.assumed.set(pod.metadata.uid!, result.nodeName);
      this.queued.delete(pod.metadata.uid!);
      this.stats.latencies.push(engine.now + cost - q.queuedAt);
      engine.schedule(cost + this.ctx.latencies.binding, this, BIND, { q, node: result.nodeName } satisfies Binding);
    } else {
      this.failed(q, profile, result);
    }
    engine.schedule(cost, this, CYCLE, undefined);
  }

  /** handleSchedulingFailure after PostFilter: park the pod, write PodScheduled=False and record. */
  private failed(q: QueuedPod, profile: Profile, result: ScheduleFailure): void {
    const { engine, store, recorder } = this.ctx;
    const pod = q.pod;
    let message = result.message;
    if (result.status.code === 'Error') this.stats.errors++;
    else {
      this.stats.unschedulable++;
      if (this.preemptionEnabled.get(profile.schedulerName)) {
        const postFilterMsg = this.preempt(pod, profile, result);
        if (postFilterMsg !== '') message += ` ${postFilterMsg}.`;
      }
    }
    q.plugins = result.unschedulablePlugins;
    q.backoffUntil = engine.now + Math.min(POD_MAX_BACKOFF, POD_INITIAL_BACKOFF * 2 ** (q.attempts - 1));
    q.parkedAt = engine.now;
    this.unschedulable.set(pod.metadata.uid!, q);
    this.armFlush();
    if (setPodScheduled(pod, 'False', engine.now, 'Unschedulable', message)) {
      store.update(pod);
      recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'FailedScheduling', '', message);
    }
  }

  /**
   * DefaultPreemption's PostFilter: on success the victims are deleted gracefully, each recorded
   * as Preempted, and the pod nominated to the node; returns the PostFilter message ("" on success).
   */
  private preempt(pod: Pod, profile: Profile, result: ScheduleFailure): string {
    const { engine, store, recorder } = this.ctx;
    const pdbs = [...store.list<PodDisruptionBudget>('PodDisruptionBudget')];
    const numAllNodes = this.snapshot.size;
    const found = findPreemption(pod, this.snapshot, profile, result.rejectedNodes, result.rejectedStatuses, {
      pdbs,
      pickRandom: (n: number) => randomInt(this.preemptionRng, n),
    });
    if (typeof found === 'string') {
      const eligible = found.startsWith('not eligible');
      return 'preemption: ' + (eligible ? found : preemptionMessage(numAllNodes, result.rejectedStatuses));
    }
    this.stats.preemptions++;
    const preemptor = `${pod.metadata.namespace}/${pod.metadata.name}`;
    for (const victim of found.victims) {
      if (victim.metadata.deletionTimestamp !== undefined) continue;
      this.stats.victims++;
      (victim.status.conditions ??= []).push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${profile.schedulerName}: preempting to accommodate a higher priority pod`,
        lastTransitionTime: engine.now,
      });
      recorder.record('Pod', victim.metadata.namespace, victim.metadata.name, 'Preempted', found.node, `Preempted by pod ${preemptor} on node ${found.node}`);
      store.delete(victim);
    }
    if (pod.status.nominatedNodeName !== found.node) {
      pod.status.nominatedNodeName = found.node;
      store.update(pod);
    }
    return '';
  }

  private bind(arg: Binding): void {
    const { engine, store, recorder } = this.ctx;
    const pod = arg.q.pod;
    const current = store.get<Pod>('Pod', `${pod.metadata.namespace}/${pod.metadata.name}`);
    if (current !== pod || pod.metadata.deletionTimestamp !== undefined) {
      this.release(pod, arg.node);
      return;
    }
    pod.spec.nodeName = arg.node;
    if (pod.status.nominatedNodeName !== undefined) delete pod.status.nominatedNodeName;
    setPodScheduled(pod, 'True', engine.now, undefined, undefined);
    store.update(pod);
    this.stats.scheduled++;
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Scheduled', arg.node);
  }

  /** The scheduler's figures for summary.json (attempts, latency percentiles, allocation). */
  facts(): SchedulerFacts {
    return schedulerFacts(this.stats, this.snapshot.list());
  }

  /**
   * Gauges: pending_pods by queue (active / backoff / unschedulable, as scheduler_pending_pods)
   * and unschedulable_pods by the plugin that rejected them (as scheduler_unschedulable_pods).
   */
  gauges(): GaugeSource {
    return {
      sample: (emit) => {
        const now = this.ctx.engine.now;
        let active = 0;
        let backoff = 0;
        const byPlugin = new Map<string, number>();
        for (const q of this.queued.values()) {
          if (this.unschedulable.has(q.pod.metadata.uid!)) {
            for (const p of q.plugins) byPlugin.set(p, (byPlugin.get(p) ?? 0) + 1);
          } else if (q.backoffUntil > now) backoff++;
          else active++;
        }
        emit('pending_pods', '', 'active', active);
        emit('pending_pods', '', 'backoff', backoff);
        emit('pending_pods', '', 'unschedulable', this.unschedulable.size);
        for (const p of [...byPlugin.keys()].sort()) emit('unschedulable_pods', '', p, byPlugin.get(p)!);
      },
    };
  }
}

/**
 * The default cycle's duration on a one-node cluster (base + one node evaluated); the cost of a
 * cycle in general is cycleDuration(DEFAULT_CYCLE_COST_MODEL, evaluatedNodes).
 */
export const DEFAULT_CYCLE_COST: Time = cycleDuration(DEFAULT_CYCLE_COST_MODEL, 1);
export { DEFAULT_CYCLE_COST_MODEL };
