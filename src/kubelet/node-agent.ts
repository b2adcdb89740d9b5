import { Actor, SimEvent } from '../engine/event-queue';
import { sampleInt } from '../engine/distribution';
import { Time, SECOND } from '../engine/time';
import { Uniform } from '../engine/rng';
import { KubeObject } from '../api/meta';
import { Pod, PodCondition } from '../api/pod';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { appModelFor } from './app-models';

const IMAGE_READY = 0;
const READY = 2;
const EXITED = 3;
const TERMINATED = 4;

/** Per-pod state the node agent keeps while the pod lives on its node. */
interface PodRuntime {
  pod: Pod;
  timer: SimEvent | undefined;
  terminating: boolean;
}

/** Per-node state: image cache and the serialized pull queue (kubelet's serializeImagePulls=true). */
interface NodeRuntime {
  bandwidth: number;
  /** image → the instant it is present on the node. */
  images: Map<string, Time>;
  pullFreeAt: Time;
}

/**
 * The node agent of every node (one actor, per-node state): the first version of the kubelet's
 * pod pipeline. A pod bound to a node goes ContainerCreating → (image pull) → Running → Ready,
 * with the start-up time drawn from its image's application model; a pod marked for deletion is
 * made not ready at once and removed after its shutdown time (bounded by the grace period).
 *
 * Invariant: a pod's Ready condition is never True before its phase is Running.
 */
export class NodeAgent implements Actor, Watcher {
  private readonly pods = new Map<string, PodRuntime>();
  private readonly nodes = new Map<string, NodeRuntime>();
  private readonly startupRng: Uniform;
  private readonly runRng: Uniform;

  constructor(private readonly ctx: SimContext) {
    ctx.store.watch('Pod', this);
    ctx.store.watch('Node', this);
    this.startupRng = ctx.engine.rng.stream('kubelet:startup');
    this.runRng = ctx.engine.rng.stream('kubelet:run');
  }

  /** Registers a node's pull bandwidth (bytes/s). Called by the simulation when it adds nodes. */
  addNode(name: string, bandwidth: number): void {
    this.nodes.set(name, { bandwidth, images: new Map(), pullFreeAt: 0 });
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Node') {
      if (type === 'DELETED') this.nodes.delete(obj.metadata.name);
      return;
    }
    const pod = obj as Pod;
    const uid = pod.metadata.uid!;
    const rt = this.pods.get(uid);
    if (type === 'DELETED') {
      if (rt) {
        this.ctx.engine.cancel(rt.timer);
        this.pods.delete(uid);
      }
      return;
    }
    const nodeName = pod.spec.nodeName;
    if (!nodeName || !this.nodes.has(nodeName)) return;
    if (!rt) {
      if (pod.metadata.deletionTimestamp !== undefined) {
        this.ctx.store.remove(pod);
        return;
      }
      if (pod.status.phase !== 'Pending') return;
      this.startPod(pod, nodeName);
      return;
    }
    if (pod.metadata.deletionTimestamp !== undefined && !rt.terminating) this.terminate(rt);
  }

  private startPod(pod: Pod, nodeName: string): void {
    const rt: PodRuntime = { pod, timer: undefined, terminating: false };
    this.pods.set(pod.metadata.uid!, rt);
    const { engine, recorder, store } = this.ctx;
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name;
    pod.status.startTime = engine.now;
    pod.status.containerStatuses = pod.spec.containers.map((c) => ({
      name: c.name,
      image: c.image,
      ready: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
    }));
    store.update(pod);
    recorder.record('Pod', ns, name, 'ContainerCreating', nodeName);
    // Images are pulled one after another (serializeImagePulls); an image already present or
    // being pulled is waited for, not pulled again.
    const node = this.nodes.get(nodeName)!;
    let readyAt = engine.now;
    for (const c of pod.spec.containers) {
      const present = node.images.get(c.image);
      if (present !== undefined && c.imagePullPolicy !== 'Always') {
        readyAt = Math.max(readyAt, present);
        continue;
      }
      const size = appModelFor(this.ctx.apps, c.image).imageSize;
      const start = Math.max(engine.now, node.pullFreeAt);
      const done = start + Math.round((size / node.bandwidth) * SECOND);
      node.pullFreeAt = done;
      node.images.set(c.image, done);
      readyAt = Math.max(readyAt, done);
      recorder.record('Pod', ns, name, 'Pulling', nodeName, c.image);
    }
    rt.timer = engine.scheduleAt(readyAt, this, IMAGE_READY, rt);
  }

  handle(ev: SimEvent): void {
    const rt = ev.arg as PodRuntime;
    rt.timer = undefined;
    switch (ev.kind) {
      case IMAGE_READY:
        return this.onImagesReady(rt);
      case READY:
        return this.onReady(rt);
      case EXITED:
        return this.onExited(rt);
      case TERMINATED:
        return this.onTerminated(rt);
    }
  }

  private onImagesReady(rt: PodRuntime): void {
    const { engine, recorder, store } = this.ctx;
    const pod = rt.pod;
    const node = pod.spec.nodeName!;
    for (const c of pod.spec.containers) recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Pulled', node, c.image);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Started', node);
    pod.status.phase = 'Running';
    for (const cs of pod.status.containerStatuses!) cs.state = { running: { startedAt: engine.now } };
    setCondition(pod, 'Initialized', 'True', engine.now);
    store.update(pod);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'PhaseRunning', node);
    const app = appModelFor(this.ctx.apps, pod.spec.containers[0].image);
    const restartPolicy = pod.spec.restartPolicy ?? 'Always';
    if (app.runTime && restartPolicy !== 'Always') {
      rt.timer = engine.schedule(sampleInt(app.runTime, this.runRng), this, EXITED, rt);
      return;
    }
    if (app.neverReady) return;
    let startup = 0;
    for (const c of pod.spec.containers) {
      startup = Math.max(startup, sampleInt(appModelFor(this.ctx.apps, c.image).startup, this.startupRng));
    }
    rt.timer = engine.schedule(startup, this, READY, rt);
  }

  private onReady(rt: PodRuntime): void {
    const { engine, recorder, store } = this.ctx;
    const pod = rt.pod;
    for (const cs of pod.status.containerStatuses!) {
      cs.ready = true;
      cs.started = true;
    }
    setCondition(pod, 'ContainersReady', 'True', engine.now);
    setCondition(pod, 'Ready', 'True', engine.now);
    store.update(pod);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Ready', pod.spec.nodeName);
  }

  private onExited(rt: PodRuntime): void {
    const { engine, recorder, store } = this.ctx;
    const pod = rt.pod;
    pod.status.phase = 'Succeeded';
    for (const cs of pod.status.containerStatuses!) {
      cs.ready = false;
      cs.state = { terminated: { exitCode: 0, reason: 'Completed' } };
    }
    setCondition(pod, 'Ready', 'False', engine.now);
    store.update(pod);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'PhaseSucceeded', pod.spec.nodeName);
  }

  /** Graceful termination: not ready at once, removed after the app's shutdown time (≤ grace). */
  private terminate(rt: PodRuntime): void {
    const { engine, recorder, store } = this.ctx;
    const pod = rt.pod;
    rt.terminating = true;
    engine.cancel(rt.timer);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Killing', pod.spec.nodeName);
    if (setCondition(pod, 'Ready', 'False', engine.now)) {
      for (const cs of pod.status.containerStatuses ?? []) cs.ready = false;
      setCondition(pod, 'ContainersReady', 'False', engine.now);
      store.update(pod);
    }
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * SECOND;
    const app = appModelFor(this.ctx.apps, pod.spec.containers[0].image);
    const shutdown = app.shutdown ? Math.min(grace, sampleInt(app.shutdown, this.runRng)) : 0;
    rt.timer = engine.schedule(shutdown, this, TERMINATED, rt);
  }

  private onTerminated(rt: PodRuntime): void {
    const pod = rt.pod;
    this.pods.delete(pod.metadata.uid!);
    this.ctx.recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Deleted', pod.spec.nodeName);
    this.ctx.store.remove(pod);
  }
}

/**
 * Sets a pod condition's status, stamping lastTransitionTime only when the status changes.
 * Returns whether it changed.
 */
export function setCondition(pod: Pod, type: string, status: 'True' | 'False', now: Time): boolean {
  const cs = (pod.status.conditions ??= []);
  for (const c of cs) {
    if (c.type === type) {
      if (c.status === status) return false;
      c.status = status;
      c.lastTransitionTime = now;
      return true;
    }
  }
  const c: PodCondition = { type, status, lastTransitionTime: now };
  cs.push(c);
  return true;
}
