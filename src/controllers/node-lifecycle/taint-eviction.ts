import { Actor, SimEvent } from '../../engine/event-queue';
import { SECOND, Time } from '../../engine/time';
import { KubeObject } from '../../api/meta';
import { Node, Taint } from '../../api/node';
import { Pod } from '../../api/pod';
import { SimContext } from '../../sim/context';
import { Pausable } from '../../sim/component-gate';
import { Watcher, WatchType } from '../../store/store';
import { getMatchingTolerations, getMinTolerationTime } from '../../scheduler/toleration';
import { withDefaultTolerationSeconds } from './default-toleration-seconds';

const EVICT = 0;

interface Scheduled {
  pod: Pod;
  node: string;
  ev: SimEvent | undefined;
}

/**
 * The taint eviction controller (pkg/controller/tainteviction), for node taint changes: when a
 * node's NoExecute taints change, each pod on it is
 * - evicted at once when some NoExecute taint is not tolerated;
 * - else evicted at observation time + getMinTolerationTime of the tolerations used (an already
 *   scheduled eviction keeps its earlier start); never when none sets tolerationSeconds;
 * - its scheduled eviction cancelled when the node has no NoExecute taint any more.
 * The pod's tolerations are read with the DefaultTolerationSeconds admission defaults applied
 * (default-toleration-seconds.ts), so a pod without tolerations is evicted after 300 s.
 * Eviction = DisruptionTarget condition (DeletionByTaintManager) then a graceful delete: on a dead
 * node the pod stays Terminating, and its controller replaces it at once.
 */
export class TaintEvictionController implements Actor, Watcher, Pausable {
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly noExecute = new Map<string, string>();
  private paused = false;
  private readonly deferred: Scheduled[] = [];
  /** Pods this controller deleted. */
  evictions = 0;

  constructor(private readonly ctx: SimContext) {
    ctx.store.watch('Node', this);
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
    for (const s of this.deferred.splice(0)) this.evict(s);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    const node = obj as Node;
    const name = node.metadata.name;
    const taints = type === 'DELETED' ? [] : noExecuteTaints(node.spec.taints);
    const sig = taints.length === 0 ? '' : signature(taints);
    if ((this.noExecute.get(name) ?? '') === sig) return;
    if (sig === '') this.noExecute.delete(name);
    else this.noExecute.set(name, sig);
    const now = this.ctx.engine.now;
    for (const pod of [...this.ctx.store.podsOn(name)]) {
      const uid = pod.metadata.uid!;
      const prev = this.scheduled.get(uid);
      if (taints.length === 0) {
        if (prev) this.cancel(uid, prev);
        continue;
      }
      const { allTolerated, used } = getMatchingTolerations(taints, withDefaultTolerationSeconds(pod.spec.tolerations));
      let at: Time;
      if (!allTolerated) at = now;
      else {
        const min = getMinTolerationTime(used);
        if (min < 0) {
          if (prev) this.cancel(uid, prev);
          continue;
        }
        at = now + min * SECOND;
      }
      if (prev) {
        if (prev.ev && prev.ev.time <= at) continue;
        this.cancel(uid, prev);
      }
      const s: Scheduled = { pod, node: name, ev: undefined };
      s.ev = this.ctx.engine.scheduleAt(at, this, EVICT, s);
      this.scheduled.set(uid, s);
    }
  }

  private cancel(uid: string, s: Scheduled): void {
    this.ctx.engine.cancel(s.ev);
    this.scheduled.delete(uid);
  }

  handle(ev: SimEvent): void {
    const s = ev.arg as Scheduled;
    s.ev = undefined;
    if (this.paused) {
      this.deferred.push(s);
      return;
    }
    this.evict(s);
  }

  private evict(s: Scheduled): void {
    const { store, engine, recorder } = this.ctx;
    const pod = s.pod;
    this.scheduled.delete(pod.metadata.uid!);
    const current = store.get<Pod>('Pod', `${pod.metadata.namespace}/${pod.metadata.name}`);
    if (current !== pod || pod.metadata.deletionTimestamp !== undefined || pod.spec.nodeName !== s.node) return;
    if (!this.noExecute.has(s.node)) return;
    const conditions = pod.status.conditions ?? [];
    pod.status.conditions = [
      ...conditions.filter((c) => c.type !== 'DisruptionTarget'),
      { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', lastTransitionTime: engine.now },
    ];
    store.update(pod);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'TaintManagerEviction', s.node);
    this.evictions++;
    store.delete(pod);
  }
}

function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  const out: Taint[] = [];
  for (const t of taints ?? []) if (t.effect === 'NoExecute') out.push(t);
  return out;
}

function signature(taints: readonly Taint[]): string {
  let s = '';
  for (const t of taints) s += `${t.key}=${t.value ?? ''};`;
  return s;
}
