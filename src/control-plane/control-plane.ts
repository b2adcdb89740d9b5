import { Actor, SimEvent } from '../engine/event-queue';
import { Distribution, sampleInt } from '../engine/distribution';
import { Uniform } from '../engine/rng';
import { SECOND, Time, formatDuration } from '../engine/time';
import { GaugeSource } from '../metrics/series';
import { ComponentName } from '../sim/component-gate';
import { SimContext } from '../sim/context';
import { ControlPlaneAction, ControlPlaneSpec, CONTROL_PLANE_COMPONENTS, isControlPlaneAction, replicaPlacements } from '../scenario/control-plane-spec';
import { TimelineAction } from '../scenario/scenario';
import { ApiServerConditions } from './api-conditions';
import { ComponentLeadership, Interval, totalLength } from './component-leadership';
import { makeControlPlaneNodes } from './control-plane-nodes';
import { ElectorReplica, ReplicaSettings, ReplicaSupervisor } from './elector-replica';
import { LEADER_NAMESPACE, readLeaseRecord } from '../store/lease-client';
import { ReplicaClock } from './replica-clock';

const ACTION = 0;
const NODE_UP = 1;
const WINDOW_END = 2;

const API_SERVER = 'kube-apiserver';

/** A timeline row written when a fault window closes. */
interface RowAtEnd {
  kind: string;
  name: string;
  event: string;
  node: string;
  reason: string;
}

/** An interval in summary.json: virtual seconds; end null while it lasts at the end of the run. */
export interface IntervalFacts {
  start: number;
  end: number | null;
  seconds: number;
}

/** summary.json's controlPlane.components[]: leadership of one component over the run. */
export interface ComponentFacts {
  component: ComponentName;
  replicas: number;
  /** The Lease's holderIdentity at the end ("" when released, null when never created). */
  leaseHolderAtEnd: string | null;
  leaseTransitions: number;
  leaderElections: number;
  /** Elections won by a different identity than the previous leader. */
  leaderChanges: number;
  leaderlessIntervals: IntervalFacts[];
  leaderlessSeconds: number;
  longestLeaderlessSeconds: number;
  /** Time the component's loops were paused: leaderless time plus each new leader's cache sync. */
  stalledIntervals: IntervalFacts[];
  stalledSeconds: number;
  maxQueueDepthWhileLeaderless: number;
  dualLeaderIntervals: IntervalFacts[];
  dualLeaderSeconds: number;
}

export interface ControlPlaneFacts {
  nodes: number;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
  components: ComponentFacts[];
}

/**
 * The control plane of a scenario with spec.cluster.controlPlane: the control-plane Node objects,
 * one ElectorReplica per kube-controller-manager / kube-scheduler replica, the leadership of each
 * component (which pauses and resumes its loops through ctx.gate) and the control-plane faults of
 * the timeline, which this actor arms and carries out itself.
 */
export class ControlPlane implements Actor, ReplicaSupervisor {
  readonly conditions = new ApiServerConditions();
  readonly leadership = new Map<ComponentName, ComponentLeadership>();
  readonly replicas: ElectorReplica[] = [];
  private readonly byName = new Map<string, ElectorReplica>();
  private readonly nodesDown = new Set<string>();
  private readonly restartRng: Uniform;
  readonly gauges: GaugeSource;

  constructor(
    private readonly ctx: SimContext,
    readonly spec: ControlPlaneSpec,
    private readonly timeline: readonly TimelineAction[],
  ) {
    this.restartRng = ctx.engine.rng.stream('control-plane:restart');
    const settings: ReplicaSettings = { timings: spec.leaderElection, requestLatency: spec.requestLatency, cacheSyncTime: spec.cacheSyncTime };
    for (const c of CONTROL_PLANE_COMPONENTS) this.leadership.set(c, new ComponentLeadership(c, ctx));
    for (const p of replicaPlacements(spec)) {
      const clock = new ReplicaClock(spec.clockSkew[p.name] ?? 0, spec.clockDrift[p.name] ?? 0);
      const r = new ElectorReplica(p, ctx, this.leadership.get(p.component)!, this.conditions, clock, settings, this);
      this.replicas.push(r);
      this.byName.set(p.name, r);
    }
    const leadership = this.leadership;
    this.gauges = {
      sample(emit) {
        for (const l of leadership.values()) {
          emit('leaderless', LEADER_NAMESPACE, l.component, l.isLeaderless ? 1 : 0);
          emit('leaders', LEADER_NAMESPACE, l.component, l.leaderCount);
          emit('component_stalled', LEADER_NAMESPACE, l.component, l.isStalled ? 1 : 0);
          emit('work_queue_depth', LEADER_NAMESPACE, l.component, l.observeDepth());
        }
      },
    };
  }

  /** Time 0: registers the control-plane nodes, pauses the components until a leader syncs, starts every replica. */
  start(): void {
    const { store, recorder, engine } = this.ctx;
    for (const n of makeControlPlaneNodes(this.spec)) {
      store.create(n);
      recorder.record('Node', '', n.metadata.name, 'RegisteredNode', '', 'control plane');
    }
    for (const l of this.leadership.values()) l.start();
    for (const r of this.replicas) r.startAfter(0);
    for (const a of this.timeline) if (isControlPlaneAction(a.type)) engine.scheduleAt(a.at, this, ACTION, a);
  }

  exited(replica: ElectorReplica): void {
    this.restart(replica, this.spec.restartDelay);
  }

  handle(ev: SimEvent): void {
    switch (ev.kind) {
      case ACTION:
        return this.run(ev.arg as ControlPlaneAction);
      case NODE_UP:
        return this.nodeUp(ev.arg as string);
      case WINDOW_END: {
        const r = ev.arg as RowAtEnd;
        this.ctx.recorder.record(r.kind, LEADER_NAMESPACE, r.name, r.event, r.node, r.reason);
        return;
      }
    }
  }

  private run(a: ControlPlaneAction): void {
    const { engine, recorder } = this.ctx;
    const now = engine.now;
    switch (a.type) {
      case 'killLeader': {
        const victim = this.leaderOf(a.component);
        if (victim === undefined) {
          recorder.record('Lease', LEADER_NAMESPACE, a.component, 'ActionFailed', '', 'killLeader: no replica leads');
          return;
        }
        victim.crash('process killed by the scenario');
        this.restart(victim, a.restartAfter ?? this.spec.restartDelay);
        return;
      }
      case 'restartReplica': {
        const r = this.byName.get(a.replica)!;
        r.gracefulStop(a.release, a.release ? 'restarted by the scenario (lease released)' : 'restarted by the scenario');
        this.restart(r, a.restartAfter ?? this.spec.restartDelay);
        return;
      }
      case 'controlPlaneNodeCrash': {
        const leader = a.leaderOf === undefined ? undefined : this.leaderOf(a.leaderOf);
        const node = a.node ?? leader?.placement.node;
        if (node === undefined) {
          recorder.record('Lease', LEADER_NAMESPACE, a.leaderOf!, 'ActionFailed', '', 'controlPlaneNodeCrash: no replica leads');
          return;
        }
        if (this.nodesDown.has(node)) return;
        this.nodesDown.add(node);
        const whose = leader === undefined ? '' : `, the node of ${a.leaderOf} leader ${leader.identity}`;
        recorder.record('Node', '', node, 'NodeCrashed', node, `down for ${formatDuration(a.for)}${whose}`);
        for (const r of this.replicas) if (r.placement.node === node) r.crash(`node ${node} crashed`);
        engine.schedule(a.for, this, NODE_UP, node);
        return;
      }
      case 'apiServerPartition': {
        const r = this.byName.get(a.replica)!;
        this.conditions.addPartition(a.replica, now, now + a.for);
        recorder.record('Pod', LEADER_NAMESPACE, a.replica, 'PartitionStart', r.placement.node, `cut off from ${API_SERVER} for ${formatDuration(a.for)}`);
        this.rowAt(a.for, { kind: 'Pod', name: a.replica, event: 'PartitionEnd', node: r.placement.node, reason: `reaches ${API_SERVER} again` });
        return;
      }
      case 'apiServerUnavailable':
        this.conditions.addUnavailable(now, now + a.for);
        recorder.record('APIServer', LEADER_NAMESPACE, API_SERVER, 'APIServerUnavailable', '', `refuses leader-election requests for ${formatDuration(a.for)}`);
        this.rowAt(a.for, { kind: 'APIServer', name: API_SERVER, event: 'APIServerAvailable', node: '', reason: '' });
        return;
      case 'apiServerSlow':
        this.conditions.addSlow(now, now + a.for, a.latency);
        recorder.record('APIServer', LEADER_NAMESPACE, API_SERVER, 'APIServerSlow', '', `requests arrive ${formatDuration(a.latency)} late for ${formatDuration(a.for)}`);
        this.rowAt(a.for, { kind: 'APIServer', name: API_SERVER, event: 'APIServerRecovered', node: '', reason: '' });
        return;
    }
  }

  /** The replica that leads a component: the believer holding the Lease, else the first believer. */
  leaderOf(component: ComponentName): ElectorReplica | undefined {
    const l = this.leadership.get(component)!;
    const holder = readLeaseRecord(this.ctx.store, LEADER_NAMESPACE, component)?.holderIdentity;
    let first: ElectorReplica | undefined;
    for (const r of this.replicas) {
      if (r.placement.component !== component || !l.leads(r.name)) continue;
      if (r.identity === holder) return r;
      first ??= r;
    }
    return first;
  }

  private restart(r: ElectorReplica, after: Distribution): void {
    if (this.nodesDown.has(r.placement.node)) return;
    r.startAfter(sampleInt(after, this.restartRng));
  }

  private nodeUp(node: string): void {
    this.nodesDown.delete(node);
    this.ctx.recorder.record('Node', '', node, 'NodeRecovered', node, '');
    for (const r of this.replicas) if (r.placement.node === node) this.restart(r, this.spec.restartDelay);
  }

  private rowAt(delay: Time, row: RowAtEnd): void {
    this.ctx.engine.schedule(delay, this, WINDOW_END, row);
  }

  facts(): ControlPlaneFacts {
    const now = this.ctx.engine.now;
    const t = this.spec.leaderElection;
    const components: ComponentFacts[] = [];
    for (const l of this.leadership.values()) {
      const lease = readLeaseRecord(this.ctx.store, LEADER_NAMESPACE, l.component);
      const leaderless = l.leaderless.map((i) => intervalFacts(i, now));
      components.push({
        component: l.component,
        replicas: this.spec.replicas[l.component],
        leaseHolderAtEnd: lease === undefined ? null : lease.holderIdentity,
        leaseTransitions: lease?.leaseTransitions ?? 0,
        leaderElections: l.elections,
        leaderChanges: l.leaderChanges,
        leaderlessIntervals: leaderless,
        leaderlessSeconds: totalLength(l.leaderless, now) / SECOND,
        longestLeaderlessSeconds: leaderless.reduce((m, i) => Math.max(m, i.seconds), 0),
        stalledIntervals: l.stalls.map((i) => intervalFacts(i, now)),
        stalledSeconds: totalLength(l.stalls, now) / SECOND,
        maxQueueDepthWhileLeaderless: l.maxDepthWhileStalled,
        dualLeaderIntervals: l.dualLeader.map((i) => intervalFacts(i, now)),
        dualLeaderSeconds: totalLength(l.dualLeader, now) / SECOND,
      });
    }
    return {
      nodes: this.spec.nodes,
      leaseDurationSeconds: t.leaseDuration / SECOND,
      renewDeadlineSeconds: t.renewDeadline / SECOND,
      retryPeriodSeconds: t.retryPeriod / SECOND,
      components,
    };
  }
}

function intervalFacts(i: Interval, now: Time): IntervalFacts {
  return { start: i.start / SECOND, end: i.end === undefined ? null : i.end / SECOND, seconds: ((i.end ?? now) - i.start) / SECOND };
}
