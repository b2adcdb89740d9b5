import { Actor, SimEvent } from '../engine/event-queue';
import { sampleInt } from '../engine/distribution';
import { Uniform, randomInt } from '../engine/rng';

import { LABEL_ZONE, Node } from '../api/node';
import { FaultAction, FaultProcess, FaultScope } from '../scenario/scenario';
import { SimContext } from '../sim/context';
import { LABEL_POOL } from '../sim/node-pools';
import { FailureTracker } from './failure-tracker';

/**
 * What the injector needs from the machines (the node agent implements it): physical faults are
 * outside Kubernetes, so they reach the kubelet directly, never through the API server.
 */
export interface FaultTarget {
  crashNode(name: string): boolean;
  stopKubelet(name: string): boolean;
  setPartitioned(name: string, partitioned: boolean): boolean;
  recoverNode(name: string): boolean;
  isUp(name: string): boolean;
}

const END = 0;
const RANDOM_CRASH = 1;
const RANDOM_RECOVER = 2;

interface Ending {
  type: 'recover' | 'heal';
  nodes: string[];
}

interface Process {
  spec: FaultProcess;
  rng: Uniform;
  next: SimEvent | undefined;
}

/**
 * Faults, from the scenario's timeline (nodeCrash, kubeletStop, nodeRecover, partition,
 * zoneOutage) and from the random processes of spec.faults. Each random process draws from its
 * own named stream ("faults:node-crash:<pool>"), so adding one never changes another's draws.
 * A node crash process over a pool is the superposition of one exponential process per node that
 * is up: the next crash comes after Exp(mtbf / up nodes) and hits a uniformly drawn up node;
 * it is redrawn whenever the number of up nodes changes (exact, by memorylessness).
 */
export class FaultInjector implements Actor {
  private readonly processes: Process[] = [];
  private readonly pick: Uniform;

  constructor(
    private readonly ctx: SimContext,
    private readonly target: FaultTarget,
    processes: readonly FaultProcess[],
    readonly tracker: FailureTracker,
  ) {
    this.pick = ctx.engine.rng.stream('faults:timeline');
    const seen = new Map<string, number>();
    for (const spec of processes) {
      const n = seen.get(spec.pool) ?? 0;
      seen.set(spec.pool, n + 1);
      const name = n === 0 ? `faults:node-crash:${spec.pool}` : `faults:node-crash:${spec.pool}#${n}`;
      this.processes.push({ spec, rng: ctx.engine.rng.stream(name), next: undefined });
    }
  }

  /** Arms the random processes (after the cluster exists). */
  start(): void {
    for (const p of this.processes) this.redraw(p);
  }

  /** Carries out one timeline fault action. */
  apply(a: FaultAction): void {
    const nodes = a.type === 'nodeRecover' ? this.resolve(a.scope, false) : this.resolve(a.scope, true);
    if (nodes.length === 0) {
      const name = 'node' in a.scope ? a.scope.node : 'zone' in a.scope ? a.scope.zone : a.scope.pool;
      this.ctx.recorder.record('Node', '', name, 'ActionFailed', '', `${a.type}: no matching node`);
      return;
    }
    switch (a.type) {
      case 'nodeCrash':
      case 'zoneOutage': {
        if (a.type === 'zoneOutage') this.ctx.recorder.record('Zone', '', a.scope.zone, 'ZoneOutage');
        const hit = nodes.filter((n) => this.crash(n));
        if (a.for !== undefined) this.ctx.engine.schedule(a.for, this, END, { type: 'recover', nodes: hit } satisfies Ending);
        return;
      }
      case 'kubeletStop': {
        const hit = nodes.filter((n) => {
          if (!this.target.stopKubelet(n)) return false;
          this.ctx.recorder.record('Node', '', n, 'KubeletStopped');
          this.tracker.nodeFailed(n, this.ctx.engine.now);
          return true;
        });
        if (a.for !== undefined) this.ctx.engine.schedule(a.for, this, END, { type: 'recover', nodes: hit } satisfies Ending);
        return;
      }
      case 'partition': {
        const hit = nodes.filter((n) => {
          if (!this.target.setPartitioned(n, true)) return false;
          this.ctx.recorder.record('Node', '', n, 'NetworkPartitioned');
          this.tracker.nodeFailed(n, this.ctx.engine.now);
          return true;
        });
        if (a.for !== undefined) this.ctx.engine.schedule(a.for, this, END, { type: 'heal', nodes: hit } satisfies Ending);
        return;
      }
      case 'nodeRecover':
        for (const n of nodes) {
          this.recover(n);
          this.heal(n);
        }
        return;
    }
  }

  handle(ev: SimEvent): void {
    switch (ev.kind) {
      case END: {
        const e = ev.arg as Ending;
        for (const n of e.nodes) {
          if (e.type === 'recover') this.recover(n);
          else this.heal(n);
        }
        return;
      }
      case RANDOM_CRASH: {
        const p = ev.arg as Process;
        p.next = undefined;
        const up = this.poolNodes(p.spec.pool, true);
        if (up.length === 0) return;
        const n = up[randomInt(p.rng, up.length)];
        this.crash(n);
        if (p.spec.recovery) this.ctx.engine.schedule(sampleInt(p.spec.recovery, p.rng), this, RANDOM_RECOVER, n);
        this.redrawPool(p.spec.pool);
        return;
      }
      case RANDOM_RECOVER: {
        const n = ev.arg as string;
        this.recover(n);
        return;
      }
    }
  }

  private crash(n: string): boolean {
    if (!this.target.crashNode(n)) return false;
    this.ctx.recorder.record('Node', '', n, 'NodeCrash');
    this.tracker.nodeFailed(n, this.ctx.engine.now);
    this.redrawPool(this.poolOf(n));
    return true;
  }

  private recover(n: string): void {
    if (!this.target.recoverNode(n)) return;
    this.ctx.recorder.record('Node', '', n, 'NodeRecovered');
    this.redrawPool(this.poolOf(n));
  }

  private heal(n: string): void {
    if (this.target.setPartitioned(n, false)) this.ctx.recorder.record('Node', '', n, 'PartitionHealed');
  }

  private redrawPool(pool: string | undefined): void {
    for (const p of this.processes) if (p.spec.pool === pool) this.redraw(p);
  }

  private redraw(p: Process): void {
    this.ctx.engine.cancel(p.next);
    p.next = undefined;
    const up = this.poolNodes(p.spec.pool, true).length;
    if (up === 0) return;
    const delay = Math.round(-(p.spec.mtbf / up) * Math.log(1 - p.rng()));
    p.next = this.ctx.engine.schedule(delay, this, RANDOM_CRASH, p);
  }

  private poolOf(n: string): string | undefined {
    return this.ctx.store.get<Node>('Node', n)?.metadata.labels?.[LABEL_POOL];
  }

  /** Nodes of a pool in creation order; only those up when `up`. */
  private poolNodes(pool: string, up: boolean): string[] {
    const out: string[] = [];
    for (const node of this.ctx.store.list<Node>('Node')) {
      if (node.metadata.labels?.[LABEL_POOL] !== pool) continue;
      if (up && !this.target.isUp(node.metadata.name)) continue;
      out.push(node.metadata.name);
    }
    return out;
  }

  /** The nodes a scope names; `count` nodes of a pool are drawn uniformly among those up. */
  private resolve(scope: FaultScope, onlyUp: boolean): string[] {
    if ('node' in scope) return this.ctx.store.get<Node>('Node', scope.node) ? [scope.node] : [];
    if ('zone' in scope) {
      const out: string[] = [];
      for (const node of this.ctx.store.list<Node>('Node')) if (node.metadata.labels?.[LABEL_ZONE] === scope.zone) out.push(node.metadata.name);
      return out;
    }
    const candidates = this.poolNodes(scope.pool, onlyUp);
    const out: string[] = [];
    for (let i = 0; i < scope.count && candidates.length > 0; i++) out.push(...candidates.splice(randomInt(this.pick, candidates.length), 1));
    return out;
  }
}

