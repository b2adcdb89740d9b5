import { Actor, SimEvent } from '../engine/event-queue';
import { MILLISECOND, SECOND, Time } from '../engine/time';
import { controllerOf } from '../api/meta';
import { Node } from '../api/node';
import { Pod } from '../api/pod';
import { evict } from '../store/eviction';
import { SimContext } from './context';

/** kubectl drain retries a refused eviction after this long (its fixed 5 s back-off). */
export const EVICTION_RETRY: Time = 5 * SECOND;
/** kubectl drain's poll while evicted pods terminate (waitForDelete interval, 1 s). */
export const DELETE_POLL: Time = 1 * SECOND;

/** One drain, for timeline rows and summary.json. */
export interface DrainRecord {
  node: string;
  startedAt: Time;
  completedAt?: Time;
  /** First refused eviction → last accepted one (0 when never refused). */
  firstBlockedAt?: Time;
  blockedFor: Time;
  evicted: number;
  /** Refused eviction attempts (each retry counts). */
  refusals: number;
}

const ATTEMPT = 0;

/**
 * `kubectl drain <node> --ignore-daemonsets`: cordons the node, then evicts every pod on it
 * except DaemonSet pods and mirror pods through the Eviction API (src/store/eviction.ts), so
 * PodDisruptionBudgets are honoured. A refused eviction (429) is retried every 5 s; once every
 * eviction was accepted kubectl waits for the pods to be gone (polling every second), then the
 * drain is done. Rows: DrainStarted, EvictionBlocked (first refusal of each pod, with the PDB),
 * Evicted, Drained (with how long evictions were blocked).
 */
export class Drainer implements Actor {
  readonly drains: DrainRecord[] = [];
  private readonly blockedPods = new Set<string>();

  constructor(private readonly ctx: SimContext) {}

  start(nodeName: string): boolean {
    const { store, recorder, engine } = this.ctx;
    const node = store.get<Node>('Node', nodeName);
    if (!node) return false;
    if (!node.spec.unschedulable) {
      node.spec.unschedulable = true;
      store.update(node);
      recorder.record('Node', '', nodeName, 'NodeNotSchedulable', '', 'drain');
    }
    const rec: DrainRecord = { node: nodeName, startedAt: engine.now, blockedFor: 0, evicted: 0, refusals: 0 };
    this.drains.push(rec);
    recorder.record('Node', '', nodeName, 'DrainStarted');
    this.attempt(rec);
    return true;
  }

  handle(ev: SimEvent): void {
    this.attempt(ev.arg as DrainRecord);
  }

  private attempt(rec: DrainRecord): void {
    const { store, recorder, engine } = this.ctx;
    const now = engine.now;
    let blocked = false;
    let remaining = 0;
    for (const p of [...store.podsOn(rec.node)]) {
      if (isDaemonOrMirror(p)) continue;
      remaining++;
      if (p.metadata.deletionTimestamp !== undefined) continue;
      const out = evict(store, p, now);
      const key = p.metadata.uid!;
      if (out.result === 'allowed') {
        rec.evicted++;
        this.blockedPods.delete(key);
        recorder.record('Pod', p.metadata.namespace, p.metadata.name, 'Evicted', rec.node, out.pdb ? `PodDisruptionBudget ${out.pdb}` : 'drain');
        continue;
      }
      blocked = true;
      rec.refusals++;
      rec.firstBlockedAt ??= now;
      if (!this.blockedPods.has(key)) {
        this.blockedPods.add(key);
        recorder.record('Pod', p.metadata.namespace, p.metadata.name, 'EvictionBlocked', rec.node, `${out.status}: PodDisruptionBudget ${out.pdb}: ${out.message}`);
      }
    }
    if (blocked) {
      engine.schedule(EVICTION_RETRY, this, ATTEMPT, rec);
      return;
    }
    if (rec.firstBlockedAt !== undefined && rec.blockedFor === 0) rec.blockedFor = now - rec.firstBlockedAt;
    if (remaining > 0) {
      engine.schedule(DELETE_POLL, this, ATTEMPT, rec);
      return;
    }
    rec.completedAt = now;
    recorder.record('Node', '', rec.node, 'Drained', '', `evicted ${rec.evicted} pods; evictions blocked for ${Math.round(rec.blockedFor / MILLISECOND) / 1000}s`);
  }
}

function isDaemonOrMirror(p: Pod): boolean {
  return controllerOf(p.metadata)?.kind === 'DaemonSet' || p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}
