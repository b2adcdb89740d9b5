import { Time, SECOND } from '../engine/time';
import { ComponentName } from '../sim/component-gate';
import { SimContext } from '../sim/context';
import { LEADER_NAMESPACE } from '../store/lease-client';

/** An interval of virtual time; `end` undefined while it lasts. */
export interface Interval {
  start: Time;
  end: Time | undefined;
}

interface Believer {
  identity: string;
  node: string;
  synced: boolean;
}

/**
 * Who leads one component, as the replicas themselves believe it (between client-go's
 * OnStartedLeading and OnStoppedLeading), and what that does to the component's loops:
 *
 * - leaderless: no replica believes it leads;
 * - stalled: no leading replica has synced its caches yet, so ctx.gate keeps the component's loops
 *   paused (a stall = leaderless time + the new leader's cache sync);
 * - dual leader: two or more replicas believe they lead at once (possible only with clock drift, or
 *   with timings that break leaseDuration > renewDeadline + retryPeriod).
 *
 * The component acts while at least one leading replica has synced; kubesim runs one copy of the
 * component's loops, so during a dual-leader overlap the loops run once (the overlap is measured,
 * not its conflicting writes).
 */
export class ComponentLeadership {
  private readonly believers = new Map<string, Believer>();
  private acting: string | undefined;
  private lastIdentity: string | undefined;
  private stallStart: Time | undefined;
  private depthAtStall = 0;
  elections = 0;
  leaderChanges = 0;
  readonly leaderless: Interval[] = [];
  readonly dualLeader: Interval[] = [];
  readonly stalls: Interval[] = [];
  /** Largest work waiting in the component's loops while stalled (at samples and when the stall ends). */
  maxDepthWhileStalled = 0;

  constructor(
    readonly component: ComponentName,
    private readonly ctx: SimContext,
  ) {}

  /** Time 0: nobody leads yet; the component's loops wait for the first leader. */
  start(): void {
    const now = this.ctx.engine.now;
    this.ctx.gate.pause(this.component);
    this.leaderless.push({ start: now, end: undefined });
    this.openStall(now);
    this.row('LeaderlessStart', '', 'no replica holds the lease yet');
  }

  get leaderCount(): number {
    return this.believers.size;
  }

  get isLeaderless(): boolean {
    return this.believers.size === 0;
  }

  get isStalled(): boolean {
    return this.stallStart !== undefined;
  }

  /** The identities of the replicas that believe they lead, in the order they started leading. */
  leaders(): string[] {
    return [...this.believers.values()].map((b) => b.identity);
  }

  leads(replica: string): boolean {
    return this.believers.has(replica);
  }

  startedLeading(replica: string, identity: string, node: string, why: string): void {
    const now = this.ctx.engine.now;
    this.believers.set(replica, { identity, node, synced: false });
    this.elections++;
    if (this.lastIdentity !== undefined && this.lastIdentity !== identity) this.leaderChanges++;
    this.lastIdentity = identity;
    this.row('LeaderElection', node, `${identity} became leader (${why})`);
    if (this.believers.size === 1) {
      const open = this.leaderless[this.leaderless.length - 1];
      if (open !== undefined && open.end === undefined) {
        open.end = now;
        this.row('LeaderlessEnd', node, `leaderless for ${secs(now - open.start)}s`);
      }
    } else if (this.believers.size === 2) {
      this.dualLeader.push({ start: now, end: undefined });
      this.row('DualLeaderStart', node, `${this.leaders().join(' and ')} both believe they lead`);
    }
  }

  /** The replica's caches synced: if the component was stalled, its loops resume with a full resync. */
  synced(replica: string): void {
    const b = this.believers.get(replica);
    if (b === undefined) return;
    b.synced = true;
    if (this.acting !== undefined) return;
    this.acting = replica;
    const now = this.ctx.engine.now;
    const depth = this.ctx.gate.depth(this.component);
    if (depth > this.maxDepthWhileStalled) this.maxDepthWhileStalled = depth;
    this.ctx.gate.resyncAll(this.component);
    this.ctx.gate.resume(this.component);
    const stall = this.stalls[this.stalls.length - 1];
    stall.end = now;
    this.stallStart = undefined;
    this.row('ComponentResumed', b.node, `${b.identity} synced its caches; stalled for ${secs(now - stall.start)}s with ${depth} items waiting (${this.depthAtStall} when it stalled); full resync`);
  }

  stoppedLeading(replica: string, why: string): void {
    const b = this.believers.get(replica);
    if (b === undefined) return;
    const now = this.ctx.engine.now;
    this.believers.delete(replica);
    this.row('LeaderLost', b.node, `${b.identity} stopped leading: ${why}`);
    if (this.believers.size === 1) {
      const open = this.dualLeader[this.dualLeader.length - 1];
      if (open !== undefined && open.end === undefined) {
        open.end = now;
        this.row('DualLeaderEnd', b.node, `two leaders for ${secs(now - open.start)}s`);
      }
    }
    if (this.acting === replica) {
      this.acting = undefined;
      for (const [name, other] of this.believers) {
        if (other.synced) {
          this.acting = name;
          break;
        }
      }
      if (this.acting === undefined) {
        this.ctx.gate.pause(this.component);
        this.openStall(now);
        this.row('ComponentPaused', b.node, `no synced leader: ${this.component} loops stopped`);
      }
    }
    if (this.believers.size === 0) {
      this.leaderless.push({ start: now, end: undefined });
      this.row('LeaderlessStart', b.node, `${b.identity} stopped leading: ${why}`);
    }
  }

  /** Called at every sample: the stall's queue depth high-water mark. */
  observeDepth(): number {
    const depth = this.ctx.gate.depth(this.component);
    if (this.stallStart !== undefined && depth > this.maxDepthWhileStalled) this.maxDepthWhileStalled = depth;
    return depth;
  }

  private openStall(now: Time): void {
    this.stallStart = now;
    this.depthAtStall = this.ctx.gate.depth(this.component);
    this.stalls.push({ start: now, end: undefined });
  }

  private row(event: string, node: string, reason: string): void {
    this.ctx.recorder.record('Lease', LEADER_NAMESPACE, this.component, event, node, reason);
  }
}

/** Total length of intervals, open ones counted up to `now`. */
export function totalLength(list: readonly Interval[], now: Time): Time {
  let t = 0;
  for (const i of list) t += (i.end ?? now) - i.start;
  return t;
}

function secs(t: Time): string {
  return (t / SECOND).toFixed(3);
}
