import { KubeObject } from '../api/meta';
import { Node, nodeReadyStatus } from '../api/node';
import { Pod, PodPhase, isPodReady } from '../api/pod';
import { Watcher, WatchType } from '../store/store';

/** Per-pod facts the gauges last counted, so each notification is an O(1) adjustment. */
interface Counted {
  phase: PodPhase;
  ready: boolean;
  terminating: boolean;
  /** Whether its start-up latency was recorded (first Ready seen). */
  everReady: boolean;
}

/**
 * Cluster-wide gauges kept incrementally from watch notifications (never by scanning the store):
 * pods by phase, ready pods, terminating pods, nodes and ready nodes. Also records each pod's
 * start-up latency (creation → first Ready) for the summary.
 */
export class ClusterGauges implements Watcher {
  readonly podsByPhase: Record<PodPhase, number> = { Pending: 0, Running: 0, Succeeded: 0, Failed: 0, Unknown: 0 };
  readyPods = 0;
  terminatingPods = 0;
  nodes = 0;
  readyNodes = 0;
  /** Creation → first Ready, in µs, one entry per pod that became ready. */
  readonly startupLatencies: number[] = [];
  private readonly pods = new Map<string, Counted>();
  private readonly nodeReady = new Map<string, boolean>();

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Node') return this.onNode(type, obj as Node);
    if (obj.kind !== 'Pod') return;
    const pod = obj as Pod;
    const uid = pod.metadata.uid!;
    let c = this.pods.get(uid);
    if (c !== undefined) this.count(c, -1);
    if (type === 'DELETED') {
      this.pods.delete(uid);
      return;
    }
    const ready = isPodReady(pod);
    if (c === undefined) this.pods.set(uid, (c = { phase: pod.status.phase, ready, terminating: false, everReady: false }));
    c.phase = pod.status.phase;
    c.ready = ready;
    c.terminating = pod.metadata.deletionTimestamp !== undefined;
    this.count(c, 1);
    if (ready && !c.everReady) {
      c.everReady = true;
      const readyAt = pod.status.conditions!.find((x) => x.type === 'Ready')!.lastTransitionTime!;
      this.startupLatencies.push(readyAt - pod.metadata.creationTimestamp!);
    }
  }

  private count(c: Counted, d: number): void {
    this.podsByPhase[c.phase] += d;
    if (c.ready) this.readyPods += d;
    if (c.terminating) this.terminatingPods += d;
  }

  private onNode(type: WatchType, node: Node): void {
    const name = node.metadata.name;
    const prev = this.nodeReady.get(name);
    if (prev !== undefined) {
      this.nodes--;
      if (prev) this.readyNodes--;
    }
    if (type === 'DELETED') {
      this.nodeReady.delete(name);
      return;
    }
    const ready = nodeReadyStatus(node) === 'True';
    this.nodeReady.set(name, ready);
    this.nodes++;
    if (ready) this.readyNodes++;
  }
}

/** The q-quantile of unsorted values by nearest rank (q in [0, 1]); undefined when empty. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}
