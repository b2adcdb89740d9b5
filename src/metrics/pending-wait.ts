import { KubeObject } from '../api/meta';
import { Pod } from '../api/pod';
import { Time } from '../engine/time';
import { Watcher, WatchType } from '../store/store';

/** The longest wait for scheduling one PendingWait saw. */
export interface PendingWaitSummary {
  /** µs; 0 when no pod waited. */
  longest: Time;
  /** "namespace/name" of the pod that waited longest; "" when none. */
  longestPod: string;
  /** Pods still unscheduled at the end of the run (their wait runs to the end). */
  unscheduledAtEnd: number;
}

/**
 * Scheduling waits from watch notifications: a pod's wait runs from its creationTimestamp until
 * it is bound (PodScheduled=True, whose lastTransitionTime the scheduler stamps at binding), until
 * it is deleted unscheduled, or until the end of the run. Pods created with spec.nodeName set never
 * wait. Only unscheduled pods are remembered, so memory follows the pending queue, not the cluster.
 */
export class PendingWait implements Watcher {
  private readonly waiting = new Map<string, { createdAt: Time; key: string }>();
  private longest: Time = 0;
  private longestPod = '';

  constructor(
    private readonly now: () => Time,
    /** Only pods of this namespace; undefined: every namespace. */
    readonly namespace: string | undefined,
  ) {}

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind !== 'Pod') return;
    const pod = obj as Pod;
    if (this.namespace !== undefined && (pod.metadata.namespace ?? 'default') !== this.namespace) return;
    const uid = pod.metadata.uid!;
    if (type === 'ADDED' && pod.spec.nodeName === undefined) {
      this.waiting.set(uid, { createdAt: pod.metadata.creationTimestamp ?? this.now(), key: `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}` });
    }
    const w = this.waiting.get(uid);
    if (w === undefined) return;
    if (type === 'DELETED') {
      this.waiting.delete(uid);
      this.note(w.key, this.now() - w.createdAt);
    } else if (pod.spec.nodeName !== undefined) {
      const c = pod.status.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'True');
      this.waiting.delete(uid);
      this.note(w.key, (c?.lastTransitionTime ?? this.now()) - w.createdAt);
    }
  }

  /** The summary at the end of the run: pods still waiting count until `end`. */
  summary(end: Time): PendingWaitSummary {
    let longest = this.longest;
    let longestPod = this.longestPod;
    for (const w of this.waiting.values()) {
      const d = end - w.createdAt;
      if (d > longest || (d === longest && longestPod === '')) {
        longest = d;
        longestPod = w.key;
      }
    }
    return { longest, longestPod, unscheduledAtEnd: this.waiting.size };
  }

  private note(key: string, wait: Time): void {
    if (wait > this.longest || this.longestPod === '') {
      this.longest = Math.max(wait, this.longest);
      this.longestPod = key;
    }
  }
}
