import { Actor, SimEvent } from '../../engine/event-queue';
import { MILLISECOND, SECOND, Time } from '../../engine/time';
import { KubeObject } from '../../api/meta';
import { Lease, NODE_LEASE_NAMESPACE } from '../../api/lease';
import { LABEL_ZONE, Node, Taint } from '../../api/node';
import { Pod } from '../../api/pod';
import { NODE_MONITOR_GRACE_PERIOD, NODE_MONITOR_PERIOD } from '../../api/defaults';
import { SimContext } from '../../sim/context';
import { Pausable } from '../../sim/component-gate';
import { Watcher, WatchType } from '../../store/store';
import { ZoneState, computeZoneState, zoneEvictionRate } from './zone-state';
import { TAINT_UNREACHABLE } from './default-toleration-seconds';

/** nodelifecycle nodeEvictionPeriod: how often the zone tainting queues are processed (100 ms). */
export const NODE_EVICTION_PERIOD: Time = 100 * MILLISECOND;
/** The annotation node Leases carry while their holder renews them (kubelet/node-lease.ts's contract). */
const RENEWING_ANNOTATION = 'kubesim.dev/renewing';

const CHECK = 0;
const PASS = 1;
const REACHABLE = 2;

interface NodeHealth {
  name: string;
  zone: string;
  /** When the controller saw the last renewal (lease renewTime + watch latency). */
  probeTimestamp: Time;
  renewing: boolean;
  /** Ready as the controller last set or saw it. */
  ready: boolean;
  check: SimEvent | undefined;
  queued: boolean;
  tainted: boolean;
}

interface Zone {
  name: string;
  nodes: number;
  notReady: number;
  state: ZoneState;
  rate: number;
  tokenAt: Time;
  queue: NodeHealth[];
  pass: SimEvent | undefined;
}

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle), for nodes that report through
 * Leases:
 * - monitorNodeHealth runs every nodeMonitorPeriod (5 s, ticks at k·5 s): a node whose last
 *   renewal was observed more than nodeMonitorGracePeriod (50 s) ago (strictly: probeTimestamp +
 *   grace before now) gets Ready=Unknown (NodeStatusUnknown), the unreachable NoSchedule taint at
 *   once (TaintNodesByCondition), and its pods Ready=False (MarkPodsNotReady). Skipped ahead: the
 *   check is scheduled only at the first monitor tick after a Lease says renewals stopped.
 * - the unreachable NoExecute taint is added through a per-zone queue rate-limited by a token
 *   bucket (burst 1) at the zone's eviction rate (zone-state.ts), processed every 100 ms;
 * - when the kubelet posts Ready=True again, the taints are removed at the next monitor tick.
 * Pods are then evicted by the taint eviction controller (taint-eviction.ts).
 */
export class NodeLifecycleController implements Actor, Watcher, Pausable {
  private readonly nodes = new Map<string, NodeHealth>();
  private readonly zones = new Map<string, Zone>();
  private paused = false;
  private readonly deferred: NodeHealth[] = [];
  private allFull = false;
  /** Nodes marked NotReady over the run. */
  notReadyTransitions = 0;

  constructor(private readonly ctx: SimContext) {
    ctx.store.watch('Node', this);
    ctx.store.watch('Lease', this);
  }

  get depth(): number {
    return this.deferred.length;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const h of this.deferred.splice(0)) this.scheduleCheck(h);
    for (const z of this.zones.values()) this.schedulePass(z);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Lease') {
      if (obj.metadata.namespace === NODE_LEASE_NAMESPACE && type !== 'DELETED') this.onLease(obj as Lease);
      return;
    }
    const node = obj as Node;
    const name = node.metadata.name;
    let h = this.nodes.get(name);
    if (type === 'DELETED') {
      if (!h) return;
      this.ctx.engine.cancel(h.check);
      const z = this.zone(h.zone);
      z.nodes--;
      if (!h.ready) z.notReady--;
      const i = z.queue.indexOf(h);
      if (i >= 0) z.queue.splice(i, 1);
      this.nodes.delete(name);
      this.updateZones();
      return;
    }
    if (!h) h = this.health(name, node);
    const ready = readyOf(node) === 'True';
    if (ready && !h.ready) {
      h.ready = true;
      this.zone(h.zone).notReady--;
      this.updateZones();
      this.ctx.engine.schedule(nextMonitorTick(this.ctx.engine.now) - this.ctx.engine.now, this, REACHABLE, h);
    }
  }

  private health(name: string, node: Node | undefined): NodeHealth {
    let h = this.nodes.get(name);
    if (h) return h;
    const zone = node?.metadata.labels?.[LABEL_ZONE] ?? '';
    h = { name, zone, probeTimestamp: this.ctx.engine.now, renewing: true, ready: node ? readyOf(node) === 'True' : true, check: undefined, queued: false, tainted: false };
    this.nodes.set(name, h);
    const z = this.zone(zone);
    z.nodes++;
    if (!h.ready) z.notReady++;
    this.updateZones();
    return h;
  }

  private zone(name: string): Zone {
    let z = this.zones.get(name);
    if (!z) this.zones.set(name, (z = { name, nodes: 0, notReady: 0, state: 'Normal', rate: 0, tokenAt: 0, queue: [], pass: undefined }));
    return z;
  }

  private onLease(lease: Lease): void {
    const node = this.ctx.store.get<Node>('Node', lease.metadata.name);
    const h = this.health(lease.metadata.name, node);
    this.ctx.engine.cancel(h.check);
    h.check = undefined;
    h.renewing = lease.metadata.annotations?.[RENEWING_ANNOTATION] === 'true';
    h.probeTimestamp = (lease.spec.renewTime ?? 0) + this.ctx.latencies.watch;
    if (!h.renewing) this.scheduleCheck(h);
  }

  /** The first monitor tick strictly after probeTimestamp + grace period. */
  private scheduleCheck(h: NodeHealth): void {
    const due = h.probeTimestamp + NODE_MONITOR_GRACE_PERIOD;
    const at = Math.max(this.ctx.engine.now, Math.floor(due / NODE_MONITOR_PERIOD) * NODE_MONITOR_PERIOD + NODE_MONITOR_PERIOD);
    h.check = this.ctx.engine.scheduleAt(at, this, CHECK, h);
  }

  handle(ev: SimEvent): void {
    switch (ev.kind) {
      case CHECK:
        return this.check(ev.arg as NodeHealth);
      case PASS:
        return this.pass(ev.arg as Zone);
      case REACHABLE:
        return this.markReachable(ev.arg as NodeHealth);
    }
  }

  private check(h: NodeHealth): void {
    h.check = undefined;
    if (h.renewing || !this.nodes.has(h.name)) return;
    if (this.paused) {
      this.deferred.push(h);
      return;
    }
    const { store, engine, recorder } = this.ctx;
    const node = store.get<Node>('Node', h.name);
    if (!node || !h.ready) return;
    const now = engine.now;
    const conditions = node.status.conditions.map((c) =>
      c.type === 'Ready' ? { ...c, status: 'Unknown' as const, reason: 'NodeStatusUnknown', lastTransitionTime: now } : c,
    );
    node.status = { ...node.status, conditions };
    node.spec = { ...node.spec, taints: [...(node.spec.taints ?? []).filter((t) => t.key !== TAINT_UNREACHABLE), { key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: now }] };
    store.update(node);
    recorder.record('Node', '', h.name, 'NodeNotReady', '', 'NodeStatusUnknown');
    this.notReadyTransitions++;
    for (const pod of store.podsOn(h.name)) markPodNotReady(this.ctx, pod, h.name);
    h.ready = false;
    this.zone(h.zone).notReady++;
    this.updateZones();
    this.enqueue(h);
  }

  private enqueue(h: NodeHealth): void {
    if (h.queued || h.tainted) return;
    h.queued = true;
    const z = this.zone(h.zone);
    z.queue.push(h);
    this.schedulePass(z);
  }

  /** Zone states and rates after a node changed health (nodelifecycle handleDisruption). */
  private updateZones(): void {
    let any = false;
    let allFull = true;
    for (const z of this.zones.values()) {
      if (z.nodes === 0) continue;
      any = true;
      const state = computeZoneState(z.nodes - z.notReady, z.notReady);
      if (state !== 'FullDisruption') allFull = false;
      if (state !== z.state) {
        z.state = state;
        this.ctx.recorder.record('Zone', '', z.name, state);
      }
    }
    allFull = any && allFull;
    const leftFull = this.allFull && !allFull;
    if (allFull && !this.allFull) {
      // Every zone down: stop all evictions and untaint (handleDisruption, allAreFullyDisrupted).
      for (const h of this.nodes.values()) if (h.tainted) this.untaint(h, false);
    }
    this.allFull = allFull;
    for (const z of this.zones.values()) {
      const rate = zoneEvictionRate(z.state, z.nodes, allFull);
      if (rate !== z.rate) {
        z.rate = rate;
        z.tokenAt = this.ctx.engine.now;
      }
    }
    if (leftFull) for (const h of this.nodes.values()) if (!h.ready && !h.tainted) this.enqueue(h);
    for (const z of this.zones.values()) this.schedulePass(z);
  }

  private schedulePass(z: Zone): void {
    if (z.queue.length === 0 || z.rate <= 0 || this.paused) return;
    const now = this.ctx.engine.now;
    const want = z.tokenAt > now ? z.tokenAt : now;
    const at = Math.ceil(want / NODE_EVICTION_PERIOD) * NODE_EVICTION_PERIOD;
    if (z.pass && !z.pass.cancelled && z.pass.time <= at) return;
    this.ctx.engine.cancel(z.pass);
    z.pass = this.ctx.engine.scheduleAt(at, this, PASS, z);
  }

  /** doNoExecuteTaintingPass for one zone: taint as many queued nodes as the token bucket allows (burst 1). */
  private pass(z: Zone): void {
    z.pass = undefined;
    if (this.paused) return;
    const now = this.ctx.engine.now;
    while (z.queue.length > 0 && z.rate > 0 && z.tokenAt <= now) {
      const h = z.queue.shift()!;
      h.queued = false;
      if (h.ready || h.tainted || !this.nodes.has(h.name)) continue;
      this.taint(h);
      z.tokenAt = (z.tokenAt > now ? z.tokenAt : now) + Math.round(SECOND / z.rate);
    }
    this.schedulePass(z);
  }

  private taint(h: NodeHealth): void {
    const { store, engine, recorder } = this.ctx;
    const node = store.get<Node>('Node', h.name);
    if (!node) return;
    const taint: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: engine.now };
    node.spec = { ...node.spec, taints: [...(node.spec.taints ?? []), taint] };
    store.update(node);
    h.tainted = true;
    recorder.record('Node', '', h.name, 'Tainted', '', 'node.kubernetes.io/unreachable:NoExecute');
  }

  private markReachable(h: NodeHealth): void {
    if (!h.ready) return;
    const z = this.zone(h.zone);
    const i = z.queue.indexOf(h);
    if (i >= 0) z.queue.splice(i, 1);
    h.queued = false;
    this.untaint(h, true);
  }

  /** Removes the unreachable taints (NoExecute, and NoSchedule when the node is reachable again). */
  private untaint(h: NodeHealth, noSchedule: boolean): void {
    const node = this.ctx.store.get<Node>('Node', h.name);
    h.tainted = false;
    if (!node || !node.spec.taints) return;
    const keep = node.spec.taints.filter((t) => t.key !== TAINT_UNREACHABLE || (!noSchedule && t.effect === 'NoSchedule'));
    if (keep.length === node.spec.taints.length) return;
    node.spec = { ...node.spec, taints: keep.length > 0 ? keep : undefined };
    this.ctx.store.update(node);
  }
}

/** nodeutil MarkPodsNotReady: the pod's Ready condition becomes False (endpoints drop it); it stays Running. */
function markPodNotReady(ctx: SimContext, pod: Pod, node: string): void {
  const cs = pod.status.conditions;
  if (!cs) return;
  for (const c of cs) {
    if (c.type !== 'Ready' || c.status !== 'True') continue;
    c.status = 'False';
    c.reason = 'NodeNotReady';
    c.lastTransitionTime = ctx.engine.now;
    ctx.store.update(pod);
    ctx.recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'NotReady', node, 'NodeNotReady');
    return;
  }
}

function readyOf(node: Node): string {
  for (const c of node.status.conditions) if (c.type === 'Ready') return c.status;
  return 'Unknown';
}

/** The first monitor tick (k·nodeMonitorPeriod) at or after t. */
function nextMonitorTick(t: Time): Time {
  return Math.ceil(t / NODE_MONITOR_PERIOD) * NODE_MONITOR_PERIOD;
}
