import { Actor, SimEvent } from '../engine/event-queue';
import { Distribution, sampleInt } from '../engine/distribution';
import { Uniform } from '../engine/rng';
import { Time, formatDuration } from '../engine/time';
import { SimContext } from '../sim/context';
import { ReplicaPlacement } from '../scenario/control-plane-spec';
import { ApiServerConditions } from './api-conditions';
import { ComponentLeadership } from './component-leadership';
import {
  JITTER_FACTOR,
  LeaderElectionTimings,
  LeaseCandidate,
  LeaseObservation,
  LeaseRecord,
  releasedLease,
  sameLeaseRecord,
  tryAcquireOrRenew,
} from './lease-election';
import { LEADER_NAMESPACE, readLeaseRecord, writeLeaseRecord } from '../store/lease-client';
import { ReplicaClock } from './replica-clock';

const START = 0;
const ACQUIRE = 1;
const RENEW_CYCLE = 2;
const RETRY = 3;
const ARRIVE = 4;
const TIMEOUT = 5;
const DEADLINE = 6;
const SYNCED = 7;

export type ReplicaState = 'down' | 'candidate' | 'leader';

/** Settings shared by every replica of a control plane. */
export interface ReplicaSettings {
  readonly timings: LeaderElectionTimings;
  /** A request's trip to the API server when nothing is wrong. */
  readonly requestLatency: Time;
  readonly cacheSyncTime: Distribution;
}

/** Told when a replica's process exits on its own (leader election lost), to start it again. */
export interface ReplicaSupervisor {
  exited(replica: ElectorReplica): void;
}

/** One request in flight; compared by identity, so a dead process's request is dropped. */
interface ElectionRequest {
  replica: ElectorReplica;
}

/**
 * One replica of kube-controller-manager or kube-scheduler running client-go's
 * LeaderElector.Run against the Lease kube-system/<component>:
 *
 * - acquire (wait.JitterUntil, sliding): try at once, then after every answer wait
 *   retryPeriod·(1 + rand[0, 1.2)) on the replica's clock (stream "leader-election:<replica>");
 * - on success, OnStartedLeading: the component's caches sync (cacheSyncTime) before its loops act;
 * - renew (wait.Until with retryPeriod, each round a PollUntilContextTimeout with interval
 *   retryPeriod and timeout renewDeadline, immediate): the round's first try is at once; failed
 *   tries repeat on the round's retryPeriod ticks; a success ends the round and the next round
 *   starts retryPeriod later; no success within renewDeadline of the round's start → the replica
 *   stops leading (OnStoppedLeading) and the process exits, as kube-controller-manager and
 *   kube-scheduler do ("leaderelection lost"); its supervisor starts it again.
 *
 * A try is one atomic read-decide-write at the API server when the request arrives there
 * (requestLatency, plus any slow window) with the rule of lease-election.ts's tryAcquireOrRenew
 * evaluated at the replica's local time; the answer comes back at once. A request refused by an
 * unavailable API server fails on arrival; a partitioned replica's request hangs until its client
 * timeout (renewDeadline) — in a renew round the round's deadline comes first. A request arriving
 * after its round's deadline, or after its process died, is dropped.
 *
 * Each process start is a new identity "<node>_<n>" (upstream: hostname + "_" + a fresh UUID), so a
 * restarted former leader waits out the lease like anyone else.
 */
export class ElectorReplica implements Actor {
  state: ReplicaState = 'down';
  incarnation = 0;
  identity = '';
  private candidate: LeaseCandidate = { identity: '', leaseDuration: 0 };
  private observation: LeaseObservation | undefined;
  private inflight: ElectionRequest | undefined;
  private timer: SimEvent | undefined;
  private deadline: SimEvent | undefined;
  private syncTimer: SimEvent | undefined;
  private startTimer: SimEvent | undefined;
  private lastTick: Time = 0;
  private roundOpen = false;
  private readonly jitter: Uniform;
  private readonly syncRng: Uniform;

  constructor(
    readonly placement: ReplicaPlacement,
    private readonly ctx: SimContext,
    private readonly leadership: ComponentLeadership,
    private readonly conditions: ApiServerConditions,
    readonly clock: ReplicaClock,
    private readonly settings: ReplicaSettings,
    private readonly supervisor: ReplicaSupervisor,
  ) {
    this.jitter = ctx.engine.rng.stream(`leader-election:${placement.name}`);
    this.syncRng = ctx.engine.rng.stream(`control-plane:cache-sync:${placement.name}`);
  }

  get name(): string {
    return this.placement.name;
  }

  /** Starts the process after `delay` (replacing a pending start). */
  startAfter(delay: Time): void {
    this.ctx.engine.cancel(this.startTimer);
    this.startTimer = this.ctx.engine.schedule(delay, this, START);
  }

  /** The process dies at once (crash, node failure): no release, in-flight requests are lost. */
  crash(why: string): void {
    this.ctx.engine.cancel(this.startTimer);
    this.startTimer = undefined;
    if (this.state === 'down') return;
    if (this.state === 'leader') this.leadership.stoppedLeading(this.name, why);
    this.stop(why);
  }

  /**
   * A graceful stop. With `release` (client-go ReleaseOnCancel) a leader first writes the released
   * record (holderIdentity "") so a follower may take over at its next try instead of waiting out
   * leaseDuration; the write fails, as an optimistic update, if the Lease changed since observed.
   */
  gracefulStop(release: boolean, why: string): void {
    if (this.state === 'down') return;
    if (this.state === 'leader') {
      this.leadership.stoppedLeading(this.name, why);
      if (release) this.release();
    }
    this.stop(why);
  }

  handle(ev: SimEvent): void {
    switch (ev.kind) {
      case START:
        this.startTimer = undefined;
        return this.start();
      case ACQUIRE:
        this.timer = undefined;
        if (this.state === 'candidate' && this.inflight === undefined) this.send();
        return;
      case RENEW_CYCLE:
        this.timer = undefined;
        if (this.state !== 'leader') return;
        this.openRound();
        return this.send();
      case RETRY:
        this.timer = undefined;
        if (this.state !== 'leader' || !this.roundOpen || this.inflight !== undefined) return;
        this.lastTick = this.ctx.engine.now;
        return this.send();
      case ARRIVE:
        return this.arrive(ev.arg as ElectionRequest);
      case TIMEOUT:
        if (ev.arg !== this.inflight) return;
        this.inflight = undefined;
        return this.answered(false, undefined);
      case DEADLINE:
        this.deadline = undefined;
        if (this.state !== 'leader') return;
        return this.lose(`failed to renew lease ${LEADER_NAMESPACE}/${this.placement.component} within renewDeadline ${formatDuration(this.settings.timings.renewDeadline)}`);
      case SYNCED:
        this.syncTimer = undefined;
        if (this.state === 'leader') this.leadership.synced(this.name);
        return;
    }
  }

  private start(): void {
    if (this.state !== 'down') return;
    this.incarnation++;
    this.identity = `${this.placement.node}_${this.incarnation}`;
    this.candidate = { identity: this.identity, leaseDuration: this.settings.timings.leaseDuration };
    this.observation = undefined;
    this.state = 'candidate';
    this.ctx.recorder.record('Pod', LEADER_NAMESPACE, this.name, 'ReplicaStarted', this.placement.node, this.identity);
    this.send();
  }

  private stop(why: string): void {
    const { engine, recorder } = this.ctx;
    engine.cancel(this.timer);
    engine.cancel(this.deadline);
    engine.cancel(this.syncTimer);
    this.timer = this.deadline = this.syncTimer = undefined;
    this.inflight = undefined;
    this.roundOpen = false;
    this.observation = undefined;
    this.state = 'down';
    recorder.record('Pod', LEADER_NAMESPACE, this.name, 'ReplicaStopped', this.placement.node, `${this.identity}: ${why}`);
  }

  private send(): void {
    const { engine } = this.ctx;
    const now = engine.now;
    const req: ElectionRequest = { replica: this };
    this.inflight = req;
    if (this.conditions.isPartitioned(this.name, now)) {
      engine.schedule(this.clock.realDelay(this.settings.timings.renewDeadline), this, TIMEOUT, req);
      return;
    }
    engine.schedule(this.settings.requestLatency + this.conditions.extraLatency(now), this, ARRIVE, req);
  }

  private arrive(req: ElectionRequest): void {
    if (req !== this.inflight) return;
    this.inflight = undefined;
    const { engine, store } = this.ctx;
    const now = engine.now;
    if (this.conditions.isUnavailable(now) || this.conditions.isPartitioned(this.name, now)) return this.answered(false, undefined);
    const component = this.placement.component;
    const current = readLeaseRecord(store, LEADER_NAMESPACE, component);
    const result = tryAcquireOrRenew(current, this.candidate, this.observation, this.clock.local(now));
    if (result.acquired) writeLeaseRecord(store, LEADER_NAMESPACE, component, result.newRecord!);
    this.observation = result.newObservation;
    this.answered(result.acquired, current);
  }

  private answered(ok: boolean, before: LeaseRecord | undefined): void {
    const { engine } = this.ctx;
    const retry = this.settings.timings.retryPeriod;
    if (this.state === 'candidate') {
      if (ok) return this.becomeLeader(before);
      const wait = retry + Math.floor(this.jitter() * JITTER_FACTOR * retry);
      this.timer = engine.schedule(this.clock.realDelay(wait), this, ACQUIRE);
      return;
    }
    if (this.state !== 'leader') return;
    if (ok) {
      this.roundOpen = false;
      engine.cancel(this.deadline);
      this.deadline = undefined;
      this.timer = engine.schedule(this.clock.realDelay(retry), this, RENEW_CYCLE);
      return;
    }
    const next = Math.max(engine.now, this.lastTick + this.clock.realDelay(retry));
    this.timer = engine.scheduleAt(next, this, RETRY);
  }

  private becomeLeader(before: LeaseRecord | undefined): void {
    const { engine } = this.ctx;
    let why: string;
    if (before === undefined) why = 'created the lease';
    else if (before.holderIdentity === '') why = 'acquired the released lease';
    else why = `took over from ${before.holderIdentity}, whose lease it saw unchanged for ${before.leaseDurationSeconds}s`;
    this.state = 'leader';
    this.leadership.startedLeading(this.name, this.identity, this.placement.node, why);
    this.syncTimer = engine.schedule(sampleInt(this.settings.cacheSyncTime, this.syncRng), this, SYNCED);
    this.openRound();
    this.send();
  }

  private openRound(): void {
    const { engine } = this.ctx;
    this.roundOpen = true;
    this.lastTick = engine.now;
    this.deadline = engine.schedule(this.clock.realDelay(this.settings.timings.renewDeadline), this, DEADLINE);
  }

  private lose(why: string): void {
    this.leadership.stoppedLeading(this.name, why);
    this.stop('leaderelection lost');
    this.supervisor.exited(this);
  }

  private release(): void {
    const { engine, store } = this.ctx;
    const now = engine.now;
    if (this.conditions.isUnavailable(now) || this.conditions.isPartitioned(this.name, now)) return;
    const released = releasedLease(this.candidate, this.observation, this.clock.local(now));
    const current = readLeaseRecord(store, LEADER_NAMESPACE, this.placement.component);
    if (released === undefined || current === undefined || !sameLeaseRecord(current, this.observation!.observedRecord)) return;
    writeLeaseRecord(store, LEADER_NAMESPACE, this.placement.component, released);
  }
}
