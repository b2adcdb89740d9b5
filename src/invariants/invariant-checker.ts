import { Time } from '../engine/time';
import { KubeObject, controllerOf, objectKey } from '../api/meta';
import { Node } from '../api/node';
import { Pod, isPodReady } from '../api/pod';
import { Deployment, ReplicaSet } from '../api/workloads';
import { Lease } from '../api/lease';
import { TimelineRow, TimelineSink } from '../metrics/recorder';
import { GaugeSource } from '../metrics/series';
import { ComponentName } from '../sim/component-gate';
import { Scenario } from '../scenario/scenario';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { InvariantName, InvariantViolation, TriggerEvent } from './invariant-violation';
import { NodeAllocationLedger } from './node-allocation';
import { RolloutBounds, rolloutBounds, rolloutCounts } from './rollout-bounds';

/** Who believes they lead one component (src/control-plane's ComponentLeadership satisfies it). */
export interface LeadershipView {
  readonly leaderCount: number;
  leaders(): string[];
}

export interface InvariantCheckerOptions {
  /**
   * Leadership per component, when leader election is simulated. single-leader is checked only
   * when `clockSkewed` is false: with skewed or drifting clocks two leaders are possible upstream.
   */
  leadership?: ReadonlyMap<ComponentName, LeadershipView>;
  clockSkewed?: boolean;
  /**
   * How long a Deployment's spec must be unchanged, and a rollout bound exceeded, before the
   * excess is a violation: the controllers' round trip (watch + sync of the Deployment controller,
   * then of the ReplicaSet controller). Default 10 × (watch + controllerSync).
   */
  settle?: Time;
}

/** Kinds whose deletion must take their pods with them (the garbage collector's cascade). */
const OWNER_KINDS = ['ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job'];

/** Per Deployment: the generation last seen and since when; an exceeded maxTotal and since when. */
interface DeploymentWatch {
  generation: number;
  since: Time;
  overSince: Time | undefined;
  overTrigger: TriggerEvent | undefined;
  /** Available pods the ReplicaSet controller deleted at `deletedAt` (one sync's victims). */
  deletedAt: Time;
  deletedAvailable: number;
}

/**
 * Checks the simulator's invariants (docs/invariants.md) as the run goes, from the store's watch
 * notifications and the actors' timeline rows — the same vantage point as any observer, so it
 * never changes what the actors do. Each check costs O(1) or O(ReplicaSets of one Deployment) per
 * notification. The first violation throws InvariantViolation out of the event that revealed it,
 * which stops the run.
 *
 * Notifications arrive after the watch latency and show the object as it is at delivery (the
 * store coalesces), so a violation that is undone within one watch latency can go unseen; one that
 * lasts is always seen.
 */
export class InvariantChecker implements Watcher, TimelineSink, GaugeSource {
  private readonly ledger = new NodeAllocationLedger();
  private readonly boundTo = new Map<string, string>();
  private readonly deployments = new Map<string, DeploymentWatch>();
  private lastTime: Time = 0;
  private readonly settle: Time;
  checks = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly options: InvariantCheckerOptions = {},
  ) {
    this.settle = options.settle ?? 10 * (ctx.latencies.watch + ctx.latencies.controllerSync);
    const store = ctx.store;
    store.watch('Pod', this);
    store.watch('Node', this);
    store.watch('Deployment', this);
    for (const k of OWNER_KINDS) store.watch(k, this);
    ctx.recorder.addSink(this);
  }

  /**
   * The checker for a scenario: leadership from the control plane when leader election is
   * simulated; single-leader off when any replica has a clock skew or drift configured.
   */
  static forScenario(ctx: SimContext, scenario: Scenario, leadership?: ReadonlyMap<ComponentName, LeadershipView>): InvariantChecker {
    const cp = scenario.cluster.controlPlane;
    const skewed = cp !== undefined && (Object.values(cp.clockSkew).some((t) => t !== 0) || Object.values(cp.clockDrift).some((x) => x !== 0));
    return new InvariantChecker(ctx, { leadership, clockSkewed: skewed });
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    this.checks++;
    const now = this.ctx.engine.now;
    this.checkTime(now, type, obj);
    switch (obj.kind) {
      case 'Pod':
        this.onPod(type, obj as Pod, now);
        return;
      case 'Node':
        if (type !== 'DELETED') this.checkNode(obj as Node, this.trigger(type, obj, now));
        return;
      case 'Deployment':
        this.onDeployment(type, obj as Deployment, now);
        return;
      default:
        if (type === 'DELETED') this.checkOwnerGone(obj, now);
        if (obj.kind === 'ReplicaSet') this.onReplicaSet(type, obj as ReplicaSet, now);
    }
  }

  /** Timeline rows: the ReplicaSet controller's deletions (min available) and leadership changes. */
  row(r: TimelineRow): void {
    if (r.kind === 'ReplicaSet' && r.event === 'SuccessfulDelete') this.onReplicaSetDelete(r);
    else if (r.kind === 'Lease' && (r.event === 'LeaderElection' || r.event === 'DualLeaderStart')) this.onLeadership(r);
  }

  /** At every sample: conditions that must not outlast the settle window. Emits no series. */
  sample(): void {
    this.sweep();
  }

  /** Looks at every exceeded rollout bound; throws if one has lasted longer than the settle window. */
  sweep(): void {
    const now = this.ctx.engine.now;
    for (const [key, w] of this.deployments) {
      if (w.overSince === undefined || now - w.overSince < this.settle) continue;
      const d = this.ctx.store.get<Deployment>('Deployment', key);
      if (d) this.checkMaxSurge(d, now, { ...w.overTrigger!, type: 'SWEEP' });
    }
  }

  private trigger(type: TriggerEvent['type'], obj: KubeObject, now: Time): TriggerEvent {
    return { type, kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name, time: now };
  }

  private fail(invariant: InvariantName, detail: string, event: TriggerEvent, state: Record<string, unknown>): never {
    throw new InvariantViolation(invariant, detail, event, state);
  }

  /** Virtual time never goes backwards between two observed events. */
  private checkTime(now: Time, type: WatchType, obj: KubeObject): void {
    if (now < this.lastTime) {
      this.fail('time-monotonic', `virtual time went from ${this.lastTime} µs back to ${now} µs`, this.trigger(type, obj, now), { previous: this.lastTime, now });
    }
    this.lastTime = now;
  }

  private onPod(type: WatchType, pod: Pod, now: Time): void {
    const uid = pod.metadata.uid!;
    const removed = type === 'DELETED';
    const nodeName = pod.spec.nodeName;
    const was = this.boundTo.get(uid);
    if (was !== undefined && nodeName !== was) {
      this.fail('pod-bound-once', `pod ${objectKey(pod.metadata)} was bound to ${was}, now spec.nodeName is "${nodeName ?? ''}"`, this.trigger(type, pod, now), {
        pod: podState(pod),
        firstNode: was,
      });
    }
    if (removed) this.boundTo.delete(uid);
    else if (nodeName && was === undefined) this.boundTo.set(uid, nodeName);

    if (!removed && isPodReady(pod) && pod.status.phase !== 'Running') {
      this.fail('ready-only-when-running', `pod ${objectKey(pod.metadata)} is Ready while its phase is ${pod.status.phase}`, this.trigger(type, pod, now), {
        pod: podState(pod),
      });
    }

    const grown = this.ledger.updatePod(pod, removed);
    if (grown !== undefined) {
      const node = this.ctx.store.get<Node>('Node', grown);
      if (node) this.checkNode(node, this.trigger(type, pod, now));
    }

    if (!removed) this.checkOwned(pod, type, now);
    const owner = controllerOf(pod.metadata);
    if (owner?.kind === 'ReplicaSet') {
      const rs = this.ctx.store.get<ReplicaSet>('ReplicaSet', `${pod.metadata.namespace}/${owner.name}`);
      if (rs) this.onReplicaSet(type, rs, now, pod);
    }
  }

  /** Σ requests of the non-terminal pods bound to the node ≤ its allocatable, per resource. */
  private checkNode(node: Node, event: TriggerEvent): void {
    const over = this.ledger.overAllocated(node);
    if (over.length === 0) return;
    const pods: Record<string, unknown>[] = [];
    for (const p of this.ctx.store.podsOn(node.metadata.name)) {
      if (p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
      pods.push({ pod: objectKey(p.metadata), phase: p.status.phase, requests: p.spec.containers.map((c) => c.resources?.requests ?? {}), terminating: p.metadata.deletionTimestamp !== undefined });
    }
    const what = over.map((o) => `${o.resource} ${o.requested} > ${o.allocatable}`).join(', ');
    this.fail('node-not-over-allocated', `node ${node.metadata.name} is over-allocated: requested ${what} allocatable`, event, {
      ...this.ledger.describe(node, node.metadata.name),
      over,
      pods,
    });
  }

  /** A pod with a controller owner: the owner exists (same uid), or the pod is being deleted. */
  private checkOwned(pod: Pod, type: WatchType, now: Time): void {
    const ref = controllerOf(pod.metadata);
    if (ref === undefined || pod.metadata.deletionTimestamp !== undefined) return;
    const store = this.ctx.store;
    const owner = store.get(ref.kind, `${pod.metadata.namespace}/${ref.name}`) ?? store.get(ref.kind, ref.name);
    if (owner !== undefined && owner.metadata.uid === ref.uid) return;
    this.fail('no-pod-lost', `pod ${objectKey(pod.metadata)} is controlled by ${ref.kind} ${ref.name} (uid ${ref.uid}), which no longer exists, and is not being deleted`, this.trigger(type, pod, now), {
      pod: podState(pod),
      owner: ref,
      ownerNow: owner ? { uid: owner.metadata.uid } : null,
    });
  }

  /** A deleted owner: every pod it controlled is gone or being deleted (cascade). */
  private checkOwnerGone(owner: KubeObject, now: Time): void {
    for (const o of this.ctx.store.ownedBy(owner.metadata.uid!)) {
      if (o.kind !== 'Pod' || o.metadata.deletionTimestamp !== undefined) continue;
      this.fail('no-pod-lost', `${owner.kind} ${objectKey(owner.metadata)} was deleted but its pod ${objectKey(o.metadata)} is not being deleted`, this.trigger('DELETED', owner, now), {
        pod: podState(o as Pod),
      });
    }
  }

  private onDeployment(type: WatchType, d: Deployment, now: Time): void {
    const key = objectKey(d.metadata);
    if (type === 'DELETED') {
      this.deployments.delete(key);
      return;
    }
    const w = this.watchOf(d, now);
    this.checkMaxSurge(d, now, this.trigger(type, d, now), w);
  }

  private onReplicaSet(type: WatchType, rs: ReplicaSet, now: Time, pod?: Pod): void {
    const ref = controllerOf(rs.metadata);
    if (ref?.kind !== 'Deployment') return;
    const d = this.ctx.store.get<Deployment>('Deployment', `${rs.metadata.namespace}/${ref.name}`);
    if (!d || d.metadata.uid !== ref.uid) return;
    this.checkMaxSurge(d, now, this.trigger(type, pod ?? rs, now), this.watchOf(d, now));
  }

  private watchOf(d: Deployment, now: Time): DeploymentWatch {
    const key = objectKey(d.metadata);
    const gen = d.metadata.generation ?? 1;
    let w = this.deployments.get(key);
    if (w === undefined) {
      w = { generation: gen, since: now, overSince: undefined, overTrigger: undefined, deletedAt: -1, deletedAvailable: 0 };
      this.deployments.set(key, w);
    } else if (w.generation !== gen) {
      w.generation = gen;
      w.since = now;
      w.overSince = undefined;
    }
    return w;
  }

  /**
   * The Deployment's spec has been unchanged, and observed by its controller, for the settle
   * window, and kube-controller-manager is running (a leaderless controller-manager syncs nothing).
   */
  private settled(d: Deployment, w: DeploymentWatch, now: Time): boolean {
    return (
      d.status.observedGeneration === d.metadata.generation &&
      now - w.since >= this.settle &&
      !this.ctx.gate.isPaused('kube-controller-manager')
    );
  }

  /**
   * rollout-max-surge: active pods over the Deployment's ReplicaSets ≤ replicas + maxSurge. A
   * ReplicaSet scaled down keeps its extra pods until the ReplicaSet controller's next sync, so an
   * excess is a violation only when it outlasts the settle window with the spec unchanged.
   */
  private checkMaxSurge(d: Deployment, now: Time, event: TriggerEvent, w = this.watchOf(d, now)): void {
    const b = rolloutBounds(d);
    if (b === undefined || !this.settled(d, w, now)) {
      w.overSince = undefined;
      return;
    }
    const c = rolloutCounts(this.ctx.store, d, now, false);
    if (c.active <= b.maxTotal) {
      w.overSince = undefined;
      return;
    }
    if (w.overSince === undefined) {
      w.overSince = now;
      w.overTrigger = event;
      return;
    }
    if (now - w.overSince < this.settle) return;
    this.fail(
      'rollout-max-surge',
      `Deployment ${objectKey(d.metadata)} has ${c.active} active pods since t=${w.overSince / 1e6}s, more than replicas ${b.replicas} + maxSurge ${b.maxTotal - b.replicas} = ${b.maxTotal}`,
      event,
      { deployment: deploymentState(d, b), counts: rolloutCounts(this.ctx.store, d, now, true) },
    );
  }

  /**
   * rollout-min-available: when the ReplicaSet controller deletes an available pod of a settled
   * RollingUpdate Deployment, availability stays ≥ replicas − maxUnavailable — provided the
   * ReplicaSet statuses the Deployment controller decided from agree with the pods (otherwise the
   * decision was made on stale counts, as upstream's can be, and proves nothing).
   */
  private onReplicaSetDelete(r: TimelineRow): void {
    const store = this.ctx.store;
    const rs = store.get<ReplicaSet>('ReplicaSet', `${r.namespace}/${r.name}`);
    const ref = rs && controllerOf(rs.metadata);
    if (!rs || ref?.kind !== 'Deployment') return;
    const d = store.get<Deployment>('Deployment', `${r.namespace}/${ref.name}`);
    if (!d || d.metadata.uid !== ref.uid) return;
    const b = rolloutBounds(d);
    const now = r.time;
    const w = this.watchOf(d, now);
    if (b === undefined || !this.settled(d, w, now)) return;
    const pod = store.get<Pod>('Pod', `${r.namespace}/${r.reason}`);
    if (w.deletedAt !== now) {
      w.deletedAt = now;
      w.deletedAvailable = 0;
    }
    const minReady = d.spec.minReadySeconds ?? 0;
    const rd = pod && readyAt(pod);
    if (rd === undefined || !(minReady === 0 || rd + minReady * 1_000_000 <= now)) return;
    w.deletedAvailable++;
    const c = rolloutCounts(store, d, now, false);
    if (c.available >= b.minAvailable || c.statusAvailable !== c.available + w.deletedAvailable) return;
    this.fail(
      'rollout-min-available',
      `the ReplicaSet controller deleted available pod ${r.namespace}/${r.reason} of Deployment ${objectKey(d.metadata)}, leaving ${c.available} available, fewer than replicas ${b.replicas} − maxUnavailable ${b.replicas - b.minAvailable} = ${b.minAvailable}`,
      { type: 'ROW', kind: r.kind, namespace: r.namespace, name: r.name, time: now, detail: `${r.event} ${r.reason}` },
      { deployment: deploymentState(d, b), counts: rolloutCounts(store, d, now, true), pod: pod && podState(pod) },
    );
  }

  /** single-leader: at most one replica per component believes it leads, with true clocks. */
  private onLeadership(r: TimelineRow): void {
    if (this.options.clockSkewed) return;
    const component = r.name as ComponentName;
    const view = this.options.leadership?.get(component);
    const count = view ? view.leaderCount : r.event === 'DualLeaderStart' ? 2 : 1;
    if (count <= 1) return;
    const lease = this.ctx.store.get<Lease>('Lease', `${r.namespace}/${component}`);
    this.fail(
      'single-leader',
      `${count} replicas of ${component} believe they lead at once, with no clock skew configured`,
      { type: 'ROW', kind: r.kind, namespace: r.namespace, name: r.name, time: r.time, detail: `${r.event} ${r.reason}` },
      { leaders: view?.leaders() ?? null, lease: lease ? { ...lease.spec } : null },
    );
  }
}

function readyAt(pod: Pod): Time | undefined {
  if (!isPodReady(pod)) return undefined;
  for (const c of pod.status.conditions ?? []) if (c.type === 'Ready') return c.lastTransitionTime ?? 0;
  return undefined;
}

function podState(p: Pod): Record<string, unknown> {
  return {
    name: objectKey(p.metadata),
    uid: p.metadata.uid,
    nodeName: p.spec.nodeName ?? null,
    phase: p.status.phase,
    deletionTimestamp: p.metadata.deletionTimestamp ?? null,
    conditions: (p.status.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? null, lastTransitionTime: c.lastTransitionTime ?? null })),
    owner: controllerOf(p.metadata) ?? null,
  };
}

function deploymentState(d: Deployment, b: RolloutBounds): Record<string, unknown> {
  return {
    name: objectKey(d.metadata),
    generation: d.metadata.generation,
    observedGeneration: d.status.observedGeneration ?? null,
    replicas: b.replicas,
    maxTotal: b.maxTotal,
    minAvailable: b.minAvailable,
    strategy: d.spec.strategy ?? null,
    minReadySeconds: d.spec.minReadySeconds ?? 0,
  };
}
