import { Time } from '../engine/time';
import { KubeObject, controllerOf } from '../api/meta';
import { Node } from '../api/node';
import { Pod, isPodReady } from '../api/pod';
import { Deployment } from '../api/workloads';
import { Watcher, WatchType } from '../store/store';

/** One node failure as observed through the API server. Times in µs; undefined until seen. */
export interface NodeFailure {
  node: string;
  failedAt: Time;
  notReadyAt?: Time;
  firstEvictionAt?: Time;
  lastEvictionAt?: Time;
  evicted: number;
  replacementsReady: number;
  lastReplacementReadyAt?: Time;
}

interface Unavailability {
  namespace: string;
  name: string;
  /** Missing available replicas since `since`. */
  missing: number;
  since: Time;
  podSeconds: number;
}

/**
 * Measures what faults cost: for each node failure, failure → NotReady → first eviction →
 * replacements Ready; and, per Deployment, unavailable pod-seconds (∫ max(0, spec.replicas −
 * status.availableReplicas) dt). Observes store notifications only. A replacement is matched to an
 * eviction per controller owner, first in first out: the next pod of the same owner created after
 * the eviction that becomes Ready.
 */
export class FailureTracker implements Watcher {
  readonly failures: NodeFailure[] = [];
  private readonly open = new Map<string, NodeFailure>();
  private readonly pending = new Map<string, { at: Time; failure: NodeFailure }[]>();
  private readonly evictedUids = new Set<string>();
  private readonly matched = new Set<string>();
  private readonly unavailable = new Map<string, Unavailability>();
  /** Evicted pod → replacement Ready, µs, one per matched replacement. */
  readonly replacementLatencies: number[] = [];

  constructor(private readonly now: () => Time) {}

  nodeFailed(node: string, at: Time): void {
    const f: NodeFailure = { node, failedAt: at, evicted: 0, replacementsReady: 0 };
    this.failures.push(f);
    this.open.set(node, f);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Pod') return this.onPod(type, obj as Pod);
    if (obj.kind === 'Node') return this.onNode(type, obj as Node);
    if (obj.kind === 'Deployment') return this.onDeployment(type, obj as Deployment);
  }

  private onNode(type: WatchType, node: Node): void {
    const f = this.open.get(node.metadata.name);
    if (!f) return;
    let ready = 'Unknown';
    for (const c of node.status.conditions) if (c.type === 'Ready') ready = c.status;
    if (type === 'DELETED' || ready === 'True') {
      if (f.notReadyAt !== undefined || type === 'DELETED') this.open.delete(node.metadata.name);
      return;
    }
    if (f.notReadyAt === undefined) f.notReadyAt = this.now();
  }

  private onPod(type: WatchType, pod: Pod): void {
    const uid = pod.metadata.uid!;
    if (type !== 'DELETED' && pod.metadata.deletionTimestamp !== undefined && !this.evictedUids.has(uid)) {
      const cs = pod.status.conditions;
      const byTaint = cs !== undefined && cs.some((c) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByTaintManager');
      const f = pod.spec.nodeName ? this.open.get(pod.spec.nodeName) : undefined;
      if (byTaint && f) {
        const now = this.now();
        this.evictedUids.add(uid);
        f.evicted++;
        if (f.firstEvictionAt === undefined) f.firstEvictionAt = now;
        f.lastEvictionAt = now;
        const owner = controllerOf(pod.metadata)?.uid;
        if (owner !== undefined) {
          let q = this.pending.get(owner);
          if (!q) this.pending.set(owner, (q = []));
          q.push({ at: now, failure: f });
        }
      }
      return;
    }
    if (type === 'DELETED') {
      this.evictedUids.delete(uid);
      this.matched.delete(uid);
      return;
    }
    if (this.pending.size === 0) return;
    const owner = controllerOf(pod.metadata)?.uid;
    if (owner === undefined) return;
    const q = this.pending.get(owner);
    if (!q || this.matched.has(uid) || !isPodReady(pod)) return;
    const head = q[0];
    if ((pod.metadata.creationTimestamp ?? 0) < head.at) return;
    q.shift();
    if (q.length === 0) this.pending.delete(owner);
    this.matched.add(uid);
    const now = this.now();
    this.replacementLatencies.push(now - head.at);
    head.failure.replacementsReady++;
    head.failure.lastReplacementReadyAt = now;
  }

  private onDeployment(type: WatchType, d: Deployment): void {
    const key = d.metadata.uid!;
    const now = this.now();
    let u = this.unavailable.get(key);
    if (!u) this.unavailable.set(key, (u = { namespace: d.metadata.namespace ?? '', name: d.metadata.name, missing: 0, since: now, podSeconds: 0 }));
    u.podSeconds += (u.missing * (now - u.since)) / 1e6;
    u.since = now;
    const missing = type === 'DELETED' ? 0 : (d.spec.replicas ?? 1) - (d.status?.availableReplicas ?? 0);
    u.missing = missing > 0 ? missing : 0;
  }

  /** Unavailable pod-seconds per Deployment up to now, in creation order. */
  unavailablePodSeconds(): { namespace: string; name: string; podSeconds: number }[] {
    const now = this.now();
    const out: { namespace: string; name: string; podSeconds: number }[] = [];
    for (const u of this.unavailable.values()) {
      const total = u.podSeconds + (u.missing * (now - u.since)) / 1e6;
      out.push({ namespace: u.namespace, name: u.name, podSeconds: Math.round(total * 1000) / 1000 });
    }
    return out;
  }
}
