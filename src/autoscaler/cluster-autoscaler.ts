import { Actor, SimEvent } from '../engine/event-queue';
import { Time } from '../engine/time';
import { Uniform } from '../engine/rng';
import { sampleInt } from '../engine/distribution';
import { KubeObject } from '../api/meta';
import { Node, Taint, nodeReadyStatus } from '../api/node';
import { Pod } from '../api/pod';
import { NodePool } from '../scenario/scenario';
import { ClusterAutoscalerSettings, NodeGroupSpec } from '../scenario/autoscaling-spec';
import { LABEL_POOL, makePoolNodes } from '../sim/node-pools';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { budgetsFor, evict } from '../store/eviction';
import { GaugeSource } from '../metrics/series';
import { NodeInfo } from '../scheduler/node-info';
import { Profile, defaultProfile } from '../scheduler/schedule-one';
import { podRequests } from '../scheduler/resources';
import { allocatableOf, estimateNodes, fitsOn } from './binpacking';
import { ScaleUpOption, chooseOption } from './expander';
import { drainability, nodeUtilization } from './drainability';

/** Creates Nodes of a pool as the cloud provider's node group would (the timeline runner's addNodes). */
export interface NodeProvisioner {
  addNodes(pool: NodePool, count: number): void;
}

/** Taint cluster-autoscaler puts on a node it is removing (ToBeDeletedByClusterAutoscaler). */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** --scale-down-non-empty-candidates-count: non-empty nodes checked for removal per loop. */
const NON_EMPTY_CANDIDATES = 30;

const SCAN = 0;
const PROVISIONED = 1;
const DRAIN_CHECK = 2;
/** How often a draining node is checked for its pods being gone. */
const DRAIN_POLL: Time = 5_000_000;

interface Group {
  pool: NodePool;
  spec: NodeGroupSpec;
  template: Node;
  nodes: Set<string>;
  /** Nodes requested and not yet seen registered (provisioning, or created and not yet watched). */
  upcoming: number;
  /** Of those, nodes created whose ADDED notification has not arrived. */
  inFlight: number;
  rng: Uniform;
}

interface Drain {
  node: string;
  group: Group;
  deadline: Time;
}

/** A node pods could move to, with its free room as of this loop (after simulated moves). */
interface Dest {
  name: string;
  node: Node;
  cpu: number;
  memory: number;
  info: NodeInfo | undefined;
}

/** One pod's resources as counted on its node. */
interface Counted {
  node: string;
  cpu: number;
  memory: number;
}

/** Facts of a run (summary.json `clusterAutoscaler`). */
export interface ClusterAutoscalerFacts {
  scaleUps: number;
  nodesRequested: number;
  nodesRemoved: number;
  failedScaleDowns: number;
  /** Seconds from a pod's first Unschedulable mark to its binding, for pods that were helped by a scale-up. */
  pendingSeconds: { count: number; p50: number | null; max: number | null };
  groups: { pool: string; min: number; max: number; nodesAtEnd: number; maxNodes: number }[];
}

/**
 * The cluster autoscaler (kubernetes/autoscaler cluster-autoscaler, StaticAutoscaler.RunOnce),
 * every scan interval:
 * - scale-up: pods marked PodScheduled=False/Unschedulable by the scheduler that would not fit
 *   on nodes already being provisioned are bin-packed onto template nodes of each group, checking
 *   fit with kube-scheduler's own PreFilter/Filter plugins (binpacking.ts); groups below max give
 *   options, the expander picks one (expander.ts), and the group's new nodes register after
 *   each one's provisioningDelay draw (stream "autoscaler:provision:<pool>"). Timeline:
 *   TriggeredScaleUp per pod ("pod triggered scale-up: [{pool 3->5 (max: 10)}]"),
 *   NotTriggerScaleUp once per pod no group can fit, ScaledUpGroup per decision.
 * - scale-down: a node of an autoscaled group whose utilization (max of requested cpu and memory
 *   over allocatable) is below the threshold, all of whose pods are movable (drainability.ts:
 *   PDBs, controllers, kube-system, local storage) and fit on other nodes, is unneeded; after
 *   scale-down-unneeded-time it is removed, outside the cool-down after a scale-up
 *   (scale-down-delay-after-add), never below the group's min. Empty nodes go up to
 *   maxEmptyBulkDelete at once; a non-empty node is drained one at a time: tainted
 *   ToBeDeletedByClusterAutoscaler:NoSchedule, its pods evicted through the Eviction API
 *   (PDB-checked; a refusal aborts the removal, as upstream's drain failure), and the Node is
 *   deleted when its pods are gone or after maxGracefulTermination. Timeline: ScaleDown (node
 *   marked), RemovingNode, ScaleDownFailed.
 */
export class ClusterAutoscaler implements Actor, Watcher {
  private readonly groups = new Map<string, Group>();
  private readonly unschedulable = new Map<string, Pod>();
  private readonly unschedulableSince = new Map<string, Time>();
  private readonly helped = new Set<string>();
  private readonly notTriggered = new Set<string>();
  private readonly counted = new Map<string, Counted>();
  private readonly usage = new Map<string, { cpu: number; memory: number; pods: number }>();
  private readonly unneededSince = new Map<string, Time>();
  /** movablePods per node, dropped when a pod on the node or any PDB changes (null: blocked). */
  private readonly movableCache = new Map<string, Pod[] | null>();
  private readonly drains = new Map<string, Drain>();
  private readonly profile: Profile = defaultProfile();
  private readonly expanderRng: Uniform;
  private lastScaleUp = -Infinity;
  private readonly waits: number[] = [];
  private readonly maxSizes = new Map<string, number>();
  readonly stats = { scaleUps: 0, nodesRequested: 0, nodesRemoved: 0, failedScaleDowns: 0 };

  constructor(
    private readonly ctx: SimContext,
    pools: readonly NodePool[],
    private readonly settings: ClusterAutoscalerSettings,
    private readonly provisioner: NodeProvisioner,
  ) {
    for (const pool of pools) {
      if (!pool.autoscaling) continue;
      const template = makePoolNodes(pool, 0, 1)[0];
      template.metadata.name = `template-node-for-${pool.name}`;
      this.groups.set(pool.name, {
        pool,
        spec: pool.autoscaling,
        template,
        nodes: new Set(),
        upcoming: 0,
        inFlight: 0,
        rng: ctx.engine.rng.stream(`autoscaler:provision:${pool.name}`),
      });
      this.maxSizes.set(pool.name, 0);
    }
    this.expanderRng = ctx.engine.rng.stream('autoscaler:expander');
    ctx.store.watch('Pod', this);
    ctx.store.watch('Node', this);
    ctx.store.watch('PodDisruptionBudget', this);
  }

  start(): void {
    this.ctx.engine.schedule(this.settings.scanInterval, this, SCAN);
  }

  // ---- watch ----------------------------------------------------------------------------------

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Node') return this.onNode(type, obj as Node);
    if (obj.kind === 'PodDisruptionBudget') {
      this.movableCache.clear();
      return;
    }
    const pod = obj as Pod;
    const uid = pod.metadata.uid!;
    const bound = pod.spec.nodeName ?? this.counted.get(uid)?.node;
    if (bound !== undefined) this.movableCache.delete(bound);
    if (type === 'DELETED') {
      this.unschedulable.delete(uid);
      this.unschedulableSince.delete(uid);
      this.helped.delete(uid);
      this.notTriggered.delete(uid);
      this.uncount(uid);
      return;
    }
    const node = pod.spec.nodeName;
    if (node) {
      if (this.unschedulable.delete(uid)) {
        const since = this.unschedulableSince.get(uid);
        if (since !== undefined && this.helped.has(uid)) this.waits.push(this.ctx.engine.now - since);
      }
      this.unschedulableSince.delete(uid);
      this.helped.delete(uid);
      this.notTriggered.delete(uid);
      const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
      if (terminal) this.uncount(uid);
      else if (!this.counted.has(uid)) {
        const r = podRequests(pod);
        this.counted.set(uid, { node, cpu: r.milliCPU, memory: r.memory });
        const u = this.usageOf(node);
        u.cpu += r.milliCPU;
        u.memory += r.memory;
        u.pods++;
      }
      return;
    }
    if (pod.metadata.deletionTimestamp === undefined && isUnschedulable(pod)) {
      if (!this.unschedulable.has(uid)) {
        this.unschedulable.set(uid, pod);
        if (!this.unschedulableSince.has(uid)) this.unschedulableSince.set(uid, this.ctx.engine.now);
      }
    } else this.unschedulable.delete(uid);
  }

  private usageOf(node: string): { cpu: number; memory: number; pods: number } {
    let u = this.usage.get(node);
    if (!u) this.usage.set(node, (u = { cpu: 0, memory: 0, pods: 0 }));
    return u;
  }

  private uncount(uid: string): void {
    const c = this.counted.get(uid);
    if (!c) return;
    this.counted.delete(uid);
    const u = this.usage.get(c.node);
    if (u) {
      u.cpu -= c.cpu;
      u.memory -= c.memory;
      u.pods--;
    }
  }

  private onNode(type: WatchType, node: Node): void {
    const g = this.groups.get(node.metadata.labels?.[LABEL_POOL] ?? '');
    const name = node.metadata.name;
    if (type === 'DELETED') {
      this.usage.delete(name);
      this.unneededSince.delete(name);
      this.movableCache.delete(name);
      if (g) g.nodes.delete(name);
      return;
    }
    if (g && type === 'ADDED') {
      g.nodes.add(name);
      if (g.inFlight > 0) {
        g.inFlight--;
        g.upcoming--;
      }
      if (g.nodes.size > (this.maxSizes.get(g.pool.name) ?? 0)) this.maxSizes.set(g.pool.name, g.nodes.size);
    }
  }

  // ---- loop -----------------------------------------------------------------------------------

  handle(ev: SimEvent): void {
    switch (ev.kind) {
      case SCAN:
        this.runOnce();
        this.ctx.engine.schedule(this.settings.scanInterval, this, SCAN);
        return;
      case PROVISIONED: {
        const g = ev.arg as Group;
        g.inFlight++;
        this.provisioner.addNodes(g.pool, 1);
        return;
      }
      case DRAIN_CHECK:
        this.checkDrain(ev.arg as Drain);
        return;
    }
  }

  private runOnce(): void {
    const scaledUp = this.scaleUp();
    if (this.settings.scaleDownEnabled && !scaledUp) this.scaleDown();
  }

  /** Sizes as the autoscaler counts them: registered plus upcoming nodes, minus nodes being removed. */
  private targetSize(g: Group): number {
    let deleting = 0;
    for (const d of this.drains.values()) if (d.group === g) deleting++;
    return g.nodes.size + g.upcoming - deleting;
  }

  private scaleUp(): boolean {
    if (this.unschedulable.size === 0) return false;
    let pending: Pod[] = this.filterOutSchedulable([...this.unschedulable.values()]);
    if (pending.length === 0) return false;
    // Pods that fit on nodes already being provisioned wait for them (upstream's upcoming nodes).
    for (const g of this.groups.values()) {
      if (g.upcoming === 0 || pending.length === 0) continue;
      const est = estimateNodes(pending, g.template, this.profile, g.upcoming);
      if (est.placed.length === 0) continue;
      const placed = new Set(est.placed);
      pending = pending.filter((p) => !placed.has(p));
    }
    if (pending.length === 0) return false;
    const options: ScaleUpOption[] = [];
    const estimates: Pod[][] = [];
    for (const g of this.groups.values()) {
      const room = g.spec.max - this.targetSize(g);
      if (room <= 0) continue;
      const est = estimateNodes(pending, g.template, this.profile, room);
      if (est.nodes.length === 0) continue;
      const alloc = allocatableOf(g.template);
      let cpu = 0;
      let memory = 0;
      for (const ni of est.nodes) {
        cpu += ni.requested.milliCPU;
        memory += ni.requested.memory;
      }
      options.push({
        group: g.pool.name,
        nodeCount: est.nodes.length,
        pods: est.placed.length,
        requestedCpu: cpu,
        requestedMemory: memory,
        capacityCpu: alloc.cpu * est.nodes.length,
        capacityMemory: alloc.memory * est.nodes.length,
        nodeCostPerHour: g.pool.costPerHour ?? 0,
      });
      estimates.push(est.placed);
    }
    const { recorder, engine } = this.ctx;
    if (options.length === 0) {
      for (const p of pending) {
        const uid = p.metadata.uid!;
        if (this.notTriggered.has(uid)) continue;
        this.notTriggered.add(uid);
        recorder.record('Pod', p.metadata.namespace, p.metadata.name, 'NotTriggerScaleUp', '', "pod didn't trigger scale-up: no node group can fit it or all are at max size");
      }
      return false;
    }
    const i = chooseOption(this.settings.expander, options, this.expanderRng);
    const o = options[i];
    const g = this.groups.get(o.group)!;
    const from = this.targetSize(g);
    const to = from + o.nodeCount;
    g.upcoming += o.nodeCount;
    for (let k = 0; k < o.nodeCount; k++) engine.schedule(sampleInt(g.spec.provisioningDelay, g.rng), this, PROVISIONED, g);
    this.stats.scaleUps++;
    this.stats.nodesRequested += o.nodeCount;
    this.lastScaleUp = engine.now;
    const msg = `[{${g.pool.name} ${from}->${to} (max: ${g.spec.max})}]`;
    recorder.record('NodeGroup', '', g.pool.name, 'ScaledUpGroup', '', `Scale-up: setting group ${g.pool.name} size to ${to} instead of ${from} (max: ${g.spec.max})`);
    for (const p of estimates[i]) {
      this.helped.add(p.metadata.uid!);
      recorder.record('Pod', p.metadata.namespace, p.metadata.name, 'TriggeredScaleUp', '', `pod triggered scale-up: ${msg}`);
    }
    return true;
  }

  /**
   * filterOutSchedulable: pods the scheduler has not placed yet but that fit on existing nodes
   * (a node just registered, room freed by a deletion) are not reasons to scale up.
   */
  private filterOutSchedulable(pods: Pod[]): Pod[] {
    const dests = this.destinations();
    let maxCpu = 0;
    let maxMemory = 0;
    for (const d of dests) {
      if (d.cpu > maxCpu) maxCpu = d.cpu;
      if (d.memory > maxMemory) maxMemory = d.memory;
    }
    const out: Pod[] = [];
    for (const p of pods) {
      const r = podRequests(p);
      // Placements only shrink the room, so the initial maxima stay upper bounds.
      if (r.milliCPU > maxCpu || r.memory > maxMemory || this.placeSomewhere(p, '', EMPTY_SET, dests) === undefined) out.push(p);
    }
    return out;
  }

  /** Ready, schedulable nodes not being removed, with their free room; built once per loop. */
  private destinations(): Dest[] {
    const out: Dest[] = [];
    for (const node of this.ctx.store.list<Node>('Node')) {
      const name = node.metadata.name;
      if (this.drains.has(name) || node.spec.unschedulable || nodeReadyStatus(node) !== 'True') continue;
      const alloc = allocatableOf(node);
      const u = this.usage.get(name) ?? NO_USAGE;
      out.push({ name, node, cpu: alloc.cpu - u.cpu, memory: alloc.memory - u.memory, info: undefined });
    }
    return out;
  }

  // ---- scale-down -----------------------------------------------------------------------------

  private scaleDown(): void {
    const { engine, store } = this.ctx;
    const now = engine.now;
    const s = this.settings;
    const unneededNow = new Set<string>();
    let dests: Dest[] | undefined;
    let nonEmptyChecked = 0;
    for (const g of this.groups.values()) {
      for (const name of g.nodes) {
        if (this.drains.has(name)) continue;
        const node = store.get<Node>('Node', name);
        if (!node || nodeReadyStatus(node) !== 'True') {
          this.unneededSince.delete(name);
          continue;
        }
        const alloc = allocatableOf(node);
        const u = this.usage.get(name) ?? { cpu: 0, memory: 0, pods: 0 };
        if (nodeUtilization(u.cpu, u.memory, alloc.cpu, alloc.memory) >= s.scaleDownUtilizationThreshold) {
          this.unneededSince.delete(name);
          continue;
        }
        const movable = this.movablePods(name);
        if (movable === undefined) {
          this.unneededSince.delete(name);
          continue;
        }
        if (movable.length > 0) {
          if (nonEmptyChecked >= NON_EMPTY_CANDIDATES) continue;
          nonEmptyChecked++;
          if (!this.fitElsewhere(movable, name, unneededNow, (dests ??= this.destinations()))) {
            this.unneededSince.delete(name);
            continue;
          }
        }
        unneededNow.add(name);
        if (!this.unneededSince.has(name)) this.unneededSince.set(name, now);
      }
    }
    if (now < this.lastScaleUp + s.scaleDownDelayAfterAdd) return;
    let emptyBudget = s.maxEmptyBulkDelete;
    let drainBusy = this.drains.size > 0;
    for (const g of this.groups.values()) {
      for (const name of [...g.nodes]) {
        const since = this.unneededSince.get(name);
        if (since === undefined || !unneededNow.has(name) || now - since < s.scaleDownUnneededTime) continue;
        if (this.targetSize(g) <= g.spec.min) break;
        const empty = (this.movablePods(name) ?? []).length === 0;
        if (empty) {
          if (emptyBudget <= 0) continue;
          emptyBudget--;
        } else {
          if (drainBusy) continue;
          drainBusy = true;
        }
        this.startRemoval(g, name);
      }
    }
  }

  /** The pods that must move off `node`, or undefined when one blocks the removal. */
  private movablePods(node: string): Pod[] | undefined {
    const cached = this.movableCache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.findMovable(node);
    this.movableCache.set(node, found ?? null);
    return found;
  }

  private findMovable(node: string): Pod[] | undefined {
    const out: Pod[] = [];
    for (const p of this.ctx.store.podsOn(node)) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      const d = drainability(p, budgetsFor(this.ctx.store, p), this.settings);
      if (d === 'skip') continue;
      if (d !== 'move') return undefined;
      out.push(p);
    }
    return out;
  }

  /**
   * Simulates rescheduling `pods` onto other Ready, schedulable nodes that are not themselves
   * unneeded or being removed, first fit, with the scheduler's filters; placements accumulate in
   * `dests` so pods of several removed nodes do not count the same free room twice (all or none).
   */
  private fitElsewhere(pods: readonly Pod[], from: string, unneeded: ReadonlySet<string>, dests: Dest[]): boolean {
    const moves: { pod: Pod; dest: Dest }[] = [];
    for (const pod of pods) {
      const unbound = asUnbound(pod);
      const dest = this.placeSomewhere(unbound, from, unneeded, dests);
      if (dest === undefined) {
        for (const m of moves) unplace(m.pod, m.dest);
        return false;
      }
      moves.push({ pod: unbound, dest });
    }
    return true;
  }

  /**
   * First fit of `pod` over the destinations other than `from` and the unneeded nodes: free room
   * first, then the scheduler's filters on the destination's NodeInfo (built on first use). The
   * placement is subtracted from the destination's room and added to its NodeInfo.
   */
  private placeSomewhere(pod: Pod, from: string, unneeded: ReadonlySet<string>, dests: Dest[]): Dest | undefined {
    const r = podRequests(pod);
    for (let i = 0; i < dests.length; i++) {
      const d = dests[i];
      if (r.milliCPU > d.cpu || r.memory > d.memory || d.name === from || unneeded.has(d.name)) continue;
      let ni = d.info;
      if (ni === undefined) {
        ni = d.info = new NodeInfo(d.node);
        for (const p of this.ctx.store.podsOn(d.name)) if (p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') ni.addPod(p);
      }
      if (!fitsOn(pod, ni, this.profile)) continue;
      ni.addPod(pod);
      d.cpu -= r.milliCPU;
      d.memory -= r.memory;
      return d;
    }
    return undefined;
  }

  private startRemoval(g: Group, name: string): void {
    const { store, recorder, engine } = this.ctx;
    const node = store.get<Node>('Node', name);
    if (!node) return;
    const taint: Taint = { key: TO_BE_DELETED_TAINT, value: String(Math.floor(engine.now / 1e6)), effect: 'NoSchedule' };
    node.spec = { ...node.spec, taints: [...(node.spec.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT), taint] };
    store.update(node);
    recorder.record('Node', '', name, 'ScaleDown', '', 'marked the node as toBeDeleted/unschedulable');
    const drain: Drain = { node: name, group: g, deadline: engine.now + this.settings.maxGracefulTermination };
    this.drains.set(name, drain);
    this.unneededSince.delete(name);
    for (const p of [...store.podsOn(name)]) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      if (drainability(p, [], this.settings) === 'skip') continue;
      const out = evict(store, p, engine.now);
      if (out.result === 'blocked') {
        this.abortRemoval(drain, node, `failed to evict pod ${p.metadata.namespace}/${p.metadata.name}: ${out.message}`);
        return;
      }
    }
    this.checkDrain(drain);
  }

  private abortRemoval(d: Drain, node: Node, why: string): void {
    const { store, recorder } = this.ctx;
    this.drains.delete(d.node);
    this.stats.failedScaleDowns++;
    const taints = (node.spec.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT);
    node.spec = { ...node.spec, taints: taints.length ? taints : undefined };
    store.update(node);
    recorder.record('Node', '', d.node, 'ScaleDownFailed', '', why);
  }

  private checkDrain(d: Drain): void {
    const { store, recorder, engine } = this.ctx;
    if (!this.drains.has(d.node)) return;
    const node = store.get<Node>('Node', d.node);
    if (!node) {
      this.drains.delete(d.node);
      return;
    }
    let remaining = 0;
    for (const p of store.podsOn(d.node)) if (drainability(p, [], this.settings) !== 'skip') remaining++;
    if (remaining > 0 && engine.now < d.deadline) {
      engine.schedule(DRAIN_POLL, this, DRAIN_CHECK, d);
      return;
    }
    this.drains.delete(d.node);
    for (const p of [...store.podsOn(d.node)]) store.delete(p, 0);
    store.remove(node);
    this.stats.nodesRemoved++;
    recorder.record('Node', '', d.node, 'RemovingNode', '', 'node removed by cluster autoscaler');
  }

  // ---- outputs --------------------------------------------------------------------------------

  /** Series: ca_node_group_size (registered), ca_node_group_target (with upcoming), ca_unschedulable_pods. */
  gauges(): GaugeSource {
    return {
      sample: (emit) => {
        for (const g of this.groups.values()) {
          emit('ca_node_group_size', '', g.pool.name, g.nodes.size);
          emit('ca_node_group_target', '', g.pool.name, g.nodes.size + g.upcoming);
        }
        emit('ca_unschedulable_pods', '', '', this.unschedulable.size);
      },
    };
  }

  facts(): ClusterAutoscalerFacts {
    const w = [...this.waits].sort((a, b) => a - b);
    return {
      ...this.stats,
      pendingSeconds: {
        count: w.length,
        p50: w.length ? w[Math.floor((w.length - 1) / 2)] / 1e6 : null,
        max: w.length ? w[w.length - 1] / 1e6 : null,
      },
      groups: [...this.groups.values()].map((g) => ({
        pool: g.pool.name,
        min: g.spec.min,
        max: g.spec.max,
        nodesAtEnd: g.nodes.size,
        maxNodes: this.maxSizes.get(g.pool.name) ?? 0,
      })),
    };
  }
}

const NO_USAGE = { cpu: 0, memory: 0, pods: 0 };

function unplace(pod: Pod, d: Dest): void {
  const r = podRequests(pod);
  d.info?.removePod(pod);
  d.cpu += r.milliCPU;
  d.memory += r.memory;
}

const unboundCopies = new WeakMap<Pod, Pod>();
const EMPTY_SET: ReadonlySet<string> = new Set();

/** The pod as the scheduler would see it if it were to be placed again (spec.nodeName cleared). */
function asUnbound(pod: Pod): Pod {
  let u = unboundCopies.get(pod);
  if (u === undefined) {
    const spec = { ...pod.spec };
    delete spec.nodeName;
    unboundCopies.set(pod, (u = { ...pod, spec }));
  }
  return u;
}

/** The scheduler marked the pod unschedulable (PodScheduled False, reason Unschedulable). */
function isUnschedulable(pod: Pod): boolean {
  for (const c of pod.status.conditions ?? []) if (c.type === 'PodScheduled') return c.status === 'False' && c.reason === 'Unschedulable';
  return false;
}
