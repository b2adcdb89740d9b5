import { Actor, SimEvent } from '../engine/event-queue';
import { sampleInt } from '../engine/distribution';
import { Time, SECOND } from '../engine/time';
import { KubeObject, objectKey } from '../api/meta';
import { Node, LABEL_ZONE } from '../api/node';
import { Container, ContainerStatus, Pod } from '../api/pod';
import { POD_TERMINATION_GRACE_PERIOD } from '../api/defaults';
import { KubeletSettings } from '../scenario/scenario';
import { SimContext } from '../sim/context';
import { Watcher, WatchType } from '../store/store';
import { appModelFor } from './app-models';
import { nextBackoff, restartDelay } from './crashloop-backoff';
import { withProbeDefaults } from './probe-schedule';
import { ImagePuller, pullPolicyOf } from './image-puller';
import { KeyedRandom, hashString, mixKeys } from './keyed-random';
import { ContainerHealth, EXIT_SIGKILL, advanceHealth, readinessHealthy, shutdownTime, startHealth } from './container-health';
import {
  LIVENESS,
  ProbeWorker,
  READINESS,
  STARTUP,
  SUCCESS,
  applyTick,
  findFlip,
  newProbeWorker,
  skipTo,
  tickIndexAtOrAfter,
  tickTime,
} from './probe-worker';
import { REASON_CONTAINERS_NOT_READY, setCondition } from './pod-status';
import { lastRenewalAt, writeNodeLease } from './node-lease';
import { KubeletStats } from './kubelet-stats';
import { admitPod, boundByScheduler } from './admission';

export { setCondition };

const POD_TIMER = 0;

/** Pod pipeline stages. */
const PULL_INIT = 0;
const RUN_INIT = 1;
const PULL_MAIN = 2;
const RUNNING = 3;
const TERMINATING = 4;
const DONE = 5;
const BLOCKED = 6;

/** Physical node states. */
const UP = 0;
const DOWN = 1;
const KUBELET_STOPPED = 2;

/** The kubelet's per-container state. Runs of the container share its keyed generator. */
interface ContainerRt {
  index: number;
  spec: Container;
  status: ContainerStatus;
  rng: KeyedRandom;
  key: number;
  runs: number;
  health: ContainerHealth | undefined;
  running: boolean;
  killing: boolean;
  terminated: boolean;
  started: boolean;
  ready: boolean;
  lastStartAt: Time;
  backoff: Time | undefined;
  restartAt: Time;
  exitAt: Time;
  exitCode: number;
  startup: ProbeWorker | undefined;
  liveness: ProbeWorker | undefined;
  readiness: ProbeWorker | undefined;
  /** Next instant each worker needs attention (skip-ahead: its flip; tick mode: its next tick). */
  dueS: Time;
  dueL: Time;
  dueR: Time;
}

interface PodRt {
  pod: Pod;
  node: NodeRt;
  key: number;
  /** The pod's store key (namespace/name), built once. */
  objKey: string;
  stage: number;
  initIndex: number;
  stageAt: Time;
  containers: ContainerRt[];
  timer: SimEvent | undefined;
  timerAt: Time;
  /** Status changed while the node could not reach the API server. */
  dirty: boolean;
  seenAt: Time;
  pullTime: Time;
  startedAt: Time;
  everReady: boolean;
  pulling: string[];
}

interface NodeRt {
  name: string;
  zone: string;
  puller: ImagePuller;
  pods: Set<PodRt>;
  state: number;
  partitioned: boolean;
  /** Renewals tick every NODE_LEASE_RENEW_INTERVAL from here while the node can renew. */
  renewingSince: Time;
  renewing: boolean;
}

/**
 * The kubelet of every node (one actor, per-node state): image pulls with a per-node cache, init
 * containers in order, container start, startup/liveness/readiness probes (tick by tick or skipped
 * ahead, spec.kubelet.probeMode), restarts with CrashLoopBackOff, graceful termination, node Lease
 * heartbeats, and the faults a node suffers (crash, kubelet stop, partition from the API server).
 *
 * Contracts:
 * - A pod's Ready condition is never True before its phase is Running; Ready = every container
 *   ready and the pod not being deleted (kubelet status generate.go).
 * - Probe results are identical in both probe modes: a worker's ticks are applied one by one
 *   (tick) or in runs between flips (skip-ahead) by the same state machine (probe-worker.ts), and
 *   every random draw of a container comes from its own keyed generator.
 * - While a node is healthy nothing is scheduled for it: lease renewals are implied (node-lease.ts).
 */
export class NodeAgent implements Actor, Watcher {
  private readonly pods = new Map<string, PodRt>();
  private readonly nodes = new Map<string, NodeRt>();
  private readonly baseKey: number;
  private readonly tick: boolean;
  private readonly parallelPulls: number;
  readonly stats = new KubeletStats();

  constructor(
    private readonly ctx: SimContext,
    settings: KubeletSettings = { probeMode: 'skip-ahead', serializeImagePulls: true },
  ) {
    ctx.store.watch('Pod', this);
    ctx.store.watch('Node', this);
    this.baseKey = Math.floor(ctx.engine.rng.stream('kubelet:containers')() * 4294967296);
    this.tick = settings.probeMode === 'tick';
    this.parallelPulls = settings.serializeImagePulls ? 1 : settings.maxParallelImagePulls ?? 0;
  }

  /** Registers a node's pull bandwidth (bytes/s) and starts its heartbeats. Called as nodes are added. */
  addNode(name: string, bandwidth: number): void {
    this.nodes.set(name, {
      name,
      zone: '',
      puller: new ImagePuller(bandwidth, this.parallelPulls),
      pods: new Set(),
      state: UP,
      partitioned: false,
      renewingSince: this.ctx.engine.now,
      renewing: true,
    });
    writeNodeLease(this.ctx.store, name, this.ctx.engine.now, true);
  }

  // ---- faults (called by the fault injector through FaultTarget) -------------------------------

  /** The node loses power: every container dies, the kubelet and its heartbeats stop. */
  crashNode(name: string): boolean {
    const n = this.nodes.get(name);
    if (!n || n.state === DOWN) return false;
    this.stopRenewing(n);
    n.state = DOWN;
    for (const rt of n.pods) {
      this.ctx.engine.cancel(rt.timer);
      this.pods.delete(rt.pod.metadata.uid!);
    }
    n.pods.clear();
    return true;
  }

  /** The kubelet process stops: containers keep running unobserved; no probes, restarts or heartbeats. */
  stopKubelet(name: string): boolean {
    const n = this.nodes.get(name);
    if (!n || n.state !== UP) return false;
    this.stopRenewing(n);
    n.state = KUBELET_STOPPED;
    for (const rt of n.pods) {
      this.ctx.engine.cancel(rt.timer);
      rt.timer = undefined;
    }
    return true;
  }

  /** Cuts (or restores) the node's connection to the API server: writes and watches do not pass. */
  setPartitioned(name: string, partitioned: boolean): boolean {
    const n = this.nodes.get(name);
    if (!n || n.partitioned === partitioned) return false;
    n.partitioned = partitioned;
    if (partitioned) this.stopRenewing(n);
    else if (n.state === UP) this.reconnect(n);
    return true;
  }

  /** Power back / kubelet restarted: the kubelet registers again and re-syncs its pods from the API server. */
  recoverNode(name: string): boolean {
    const n = this.nodes.get(name);
    if (!n || n.state === UP) return false;
    const wasStopped = n.state === KUBELET_STOPPED;
    n.state = UP;
    if (wasStopped) {
      for (const rt of n.pods) this.resumeAfterKubeletStop(rt);
    }
    if (!n.partitioned) this.reconnect(n);
    return true;
  }

  /** Whether the node is powered and its kubelet running. */
  isUp(name: string): boolean {
    return this.nodes.get(name)?.state === UP;
  }

  private stopRenewing(n: NodeRt): void {
    if (!n.renewing) return;
    n.renewing = false;
    writeNodeLease(this.ctx.store, n.name, lastRenewalAt(n.renewingSince, this.ctx.engine.now), false);
  }

  /** Heartbeats resume; Ready posted; pods re-synced with the API server's view. */
  private reconnect(n: NodeRt): void {
    const { store, engine, recorder } = this.ctx;
    n.renewing = true;
    n.renewingSince = engine.now;
    writeNodeLease(store, n.name, engine.now, true);
    const node = store.get<Node>('Node', n.name);
    if (node) {
      const ready = node.status.conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status !== 'True') {
        const cond = { type: 'Ready', status: 'True' as const, reason: 'KubeletReady', lastHeartbeatTime: engine.now, lastTransitionTime: engine.now };
        node.status = { ...node.status, conditions: [cond, ...node.status.conditions.filter((c) => c.type !== 'Ready')] };
        store.update(node);
        recorder.record('Node', '', n.name, 'NodeReady');
      }
    }
    for (const rt of [...n.pods]) {
      const current = store.get<Pod>('Pod', rt.objKey);
      if (current !== rt.pod) this.forget(rt);
    }
    for (const pod of [...store.podsOn(n.name)]) {
      const rt = this.pods.get(pod.metadata.uid!);
      if (rt) {
        this.syncReadiness(rt, true);
        if (pod.metadata.deletionTimestamp !== undefined && rt.stage !== TERMINATING) this.terminate(rt);
      } else this.onPodSeen(pod, n);
    }
  }

  // ---- watch ------------------------------------------------------------------------------------

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Node') {
      const n = this.nodes.get(obj.metadata.name);
      if (!n) return;
      if (type === 'DELETED') {
        for (const rt of n.pods) this.forget(rt);
        this.nodes.delete(obj.metadata.name);
      } else if (n.zone === '') n.zone = (obj as Node).metadata.labels?.[LABEL_ZONE] ?? '';
      return;
    }
    const pod = obj as Pod;
    const nodeName = pod.spec.nodeName;
    if (!nodeName) return;
    const n = this.nodes.get(nodeName);
    if (!n || n.state !== UP || n.partitioned) return;
    const rt = this.pods.get(pod.metadata.uid!);
    if (type === 'DELETED') {
      if (rt) this.forget(rt);
      return;
    }
    if (!rt) {
      this.onPodSeen(pod, n);
      return;
    }
    if (pod.metadata.deletionTimestamp !== undefined && rt.stage !== TERMINATING && rt.stage !== DONE) this.terminate(rt);
  }

  private onPodSeen(pod: Pod, n: NodeRt): void {
    if (pod.metadata.deletionTimestamp !== undefined) {
      this.ctx.recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Deleted', n.name);
      this.ctx.store.remove(pod);
      return;
    }
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return;
    if (pod.status.phase === 'Running' && pod.spec.restartPolicy === 'Never') {
      // A Never pod whose containers died with its node cannot run again (kubelet: terminal).
      const rt = this.newPodRt(pod, n);
      for (const c of rt.containers) {
        c.terminated = true;
        c.status.state = { terminated: { exitCode: EXIT_SIGKILL, reason: 'Error' } };
        c.status.ready = false;
      }
      this.finishPod(rt);
      return;
    }
    if (!boundByScheduler(pod)) {
      const node = this.ctx.store.get<Node>('Node', n.name);
      const rejected = node && admitPod(this.ctx.store, node, pod, (p) => this.pods.has(p.metadata.uid!));
      if (rejected) {
        pod.status.phase = 'Failed';
        pod.status.reason = rejected.reason;
        pod.status.message = rejected.message;
        this.ctx.store.update(pod);
        this.ctx.recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, rejected.reason, n.name, rejected.message);
        return;
      }
    }
    this.startPod(pod, n);
  }

  private newPodRt(pod: Pod, n: NodeRt): PodRt {
    const uid = pod.metadata.uid!;
    // Draws are keyed by the pod's namespace/name and creation instant (a StatefulSet's
    // recreated db-0 gets fresh draws), not by uid: uids depend on how many objects were created
    // first, so keying by them would break common random numbers across the configurations of a
    // sweep (different node counts).
    const key = mixKeys(this.baseKey, hashString(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}@${pod.metadata.creationTimestamp ?? 0}`));
    const prev = pod.status.containerStatuses;
    const containers: ContainerRt[] = pod.spec.containers.map((spec, i) => {
      const restartCount = prev && prev[i] ? prev[i].restartCount + 1 : 0;
      const status: ContainerStatus = { name: spec.name, image: spec.image, ready: false, started: false, restartCount, state: { waiting: { reason: 'ContainerCreating' } } };
      const ckey = mixKeys(key, i + 1 + restartCount * 65536);
      return {
        index: i,
        spec,
        status,
        rng: new KeyedRandom(ckey),
        key: ckey,
        runs: 0,
        health: undefined,
        running: false,
        killing: false,
        terminated: false,
        started: false,
        ready: false,
        lastStartAt: 0,
        backoff: undefined,
        restartAt: Infinity,
        exitAt: Infinity,
        exitCode: 0,
        startup: undefined,
        liveness: undefined,
        readiness: undefined,
        dueS: Infinity,
        dueL: Infinity,
        dueR: Infinity,
      };
    });
    const rt: PodRt = {
      pod,
      node: n,
      key,
      objKey: objectKey(pod.metadata),
      stage: PULL_INIT,
      initIndex: 0,
      stageAt: Infinity,
      containers,
      timer: undefined,
      timerAt: Infinity,
      dirty: false,
      seenAt: this.ctx.engine.now,
      pullTime: 0,
      startedAt: Infinity,
      everReady: false,
      pulling: [],
    };
    this.pods.set(uid, rt);
    n.pods.add(rt);
    return rt;
  }

  private startPod(pod: Pod, n: NodeRt): void {
    const { engine, recorder } = this.ctx;
    const rt = this.newPodRt(pod, n);
    pod.status.phase = pod.status.phase === 'Running' ? 'Running' : 'Pending';
    pod.status.startTime ??= engine.now;
    pod.status.containerStatuses = rt.containers.map((c) => c.status);
    const init = pod.spec.initContainers;
    setCondition(pod, 'Initialized', init && init.length > 0 ? 'False' : 'True', engine.now);
    setCondition(pod, 'ContainersReady', 'False', engine.now, REASON_CONTAINERS_NOT_READY);
    setCondition(pod, 'Ready', 'False', engine.now, REASON_CONTAINERS_NOT_READY);
    this.write(rt);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'ContainerCreating', n.name);
    this.nextInit(rt);
  }

  /** Pulls the image of the next init container, or moves on to the app containers. */
  private nextInit(rt: PodRt): void {
    const init = rt.pod.spec.initContainers;
    if (init && rt.initIndex < init.length) {
      rt.stage = PULL_INIT;
      const readyAt = this.pull(rt, init[rt.initIndex], this.ctx.engine.now);
      if (readyAt === Infinity) return this.block(rt, init[rt.initIndex]);
      rt.pullTime += readyAt - this.ctx.engine.now;
      rt.stageAt = readyAt;
      return this.arm(rt);
    }
    if (init && init.length > 0) {
      setCondition(rt.pod, 'Initialized', 'True', this.ctx.engine.now);
      this.write(rt);
    }
    rt.stage = PULL_MAIN;
    let at = this.ctx.engine.now;
    for (const c of rt.containers) {
      at = this.pull(rt, c.spec, at);
      if (at === Infinity) return this.block(rt, c.spec);
    }
    rt.pullTime += at - this.ctx.engine.now;
    rt.stageAt = at;
    this.arm(rt);
  }

  /** Ensures an image is on the node (pulls start no earlier than `from`); Infinity when policy Never forbids it. */
  private pull(rt: PodRt, c: Container, from: Time): Time {
    const node = rt.node;
    const policy = pullPolicyOf(c.image, c.imagePullPolicy);
    if (policy === 'Never' && !node.puller.images.has(c.image)) return Infinity;
    const app = appModelFor(this.ctx.apps, c.image);
    const got = node.puller.ensure(c.image, app.imageSize, policy, from);
    if (got.pulled) {
      rt.pulling.push(c.image);
      this.ctx.recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'Pulling', node.name, c.image);
    }
    return got.readyAt;
  }

  /** imagePullPolicy Never with the image absent: the pod waits forever (ErrImageNeverPull). */
  private block(rt: PodRt, c: Container): void {
    rt.stage = BLOCKED;
    const cs = rt.containers.find((x) => x.spec === c);
    if (cs) cs.status.state = { waiting: { reason: 'ErrImageNeverPull' } };
    this.write(rt);
    this.ctx.recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'ErrImageNeverPull', rt.node.name, c.image);
  }

  private pulledRows(rt: PodRt): void {
    for (const image of rt.pulling) this.ctx.recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'Pulled', rt.node.name, image);
    rt.pulling.length = 0;
  }

  // ---- timer ------------------------------------------------------------------------------------

  /** (Re)schedules the pod's single timer at its earliest due instant. */
  private arm(rt: PodRt): void {
    let at = rt.stageAt;
    if (rt.stage === RUNNING) {
      for (const c of rt.containers) {
        if (c.terminated) continue;
        if (c.restartAt < at) at = c.restartAt;
        if (!c.running) continue;
        if (c.exitAt < at) at = c.exitAt;
        if (!c.killing) {
          const h = c.health!;
          if (h.changeAt < at) at = h.changeAt;
          if (c.dueS < at) at = c.dueS;
          if (c.dueL < at) at = c.dueL;
          if (c.dueR < at) at = c.dueR;
        }
      }
    }
    if (at === rt.timerAt && rt.timer !== undefined) return;
    this.ctx.engine.cancel(rt.timer);
    rt.timer = undefined;
    rt.timerAt = at;
    if (at !== Infinity) rt.timer = this.ctx.engine.scheduleAt(at, this, POD_TIMER, rt);
  }

  handle(ev: SimEvent): void {
    const rt = ev.arg as PodRt;
    this.stats.events++;
    rt.timer = undefined;
    rt.timerAt = Infinity;
    const now = this.ctx.engine.now;
    switch (rt.stage) {
      case PULL_INIT:
        return this.runInit(rt);
      case RUN_INIT:
        rt.initIndex++;
        return this.nextInit(rt);
      case PULL_MAIN:
        return this.startContainers(rt);
      case RUNNING:
        for (const c of rt.containers) this.step(rt, c, now);
        if (rt.stage === RUNNING) {
          this.syncReadiness(rt, false);
          this.arm(rt);
        }
        return;
      case TERMINATING:
        return this.removePod(rt);
    }
  }

  private runInit(rt: PodRt): void {
    const c = rt.pod.spec.initContainers![rt.initIndex];
    this.pulledRows(rt);
    const app = appModelFor(this.ctx.apps, c.image);
    const u = new KeyedRandom(mixKeys(rt.key, 0x10000000 + rt.initIndex)).uniform;
    rt.stage = RUN_INIT;
    rt.stageAt = this.ctx.engine.now + sampleInt(app.runTime ?? app.startup, u);
    this.arm(rt);
  }

  private startContainers(rt: PodRt): void {
    const { engine, recorder } = this.ctx;
    const pod = rt.pod;
    this.pulledRows(rt);
    rt.stage = RUNNING;
    rt.stageAt = Infinity;
    rt.startedAt = engine.now;
    for (const c of rt.containers) this.startRun(rt, c, engine.now);
    pod.status.phase = 'Running';
    this.write(rt);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Started', rt.node.name);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'PhaseRunning', rt.node.name);
    this.syncReadiness(rt, false);
    this.arm(rt);
  }

  /** A new run of a container: health drawn from its app model, probe workers anchored on its start. */
  private startRun(rt: PodRt, c: ContainerRt, now: Time): void {
    const app = appModelFor(this.ctx.apps, c.spec.image);
    const h = startHealth(app, c.rng, now);
    c.health = h;
    c.runs++;
    c.running = true;
    c.killing = false;
    c.lastStartAt = now;
    c.restartAt = Infinity;
    c.exitAt = h.exitAt;
    c.exitCode = h.exitCode;
    c.ready = false;
    c.status.ready = false;
    c.status.state = { running: { startedAt: now } };
    const flaky = app.flakyProbes ?? 0;
    const k = mixKeys(c.key, c.runs * 8);
    c.startup = c.spec.startupProbe ? newProbeWorker(STARTUP, withProbeDefaults(c.spec.startupProbe), now, flaky, k + 1) : undefined;
    c.liveness = c.spec.livenessProbe ? newProbeWorker(LIVENESS, withProbeDefaults(c.spec.livenessProbe), now, flaky, k + 2) : undefined;
    c.readiness = c.spec.readinessProbe ? newProbeWorker(READINESS, withProbeDefaults(c.spec.readinessProbe), now, flaky, k + 3) : undefined;
    // Without a startup probe the container counts as started at once (prober manager).
    c.started = c.startup === undefined;
    c.status.started = c.started;
    this.planAll(c, now);
  }

  private planAll(c: ContainerRt, now: Time): void {
    c.dueS = c.startup && !c.started ? this.plan(c, c.startup, now) : Infinity;
    c.dueL = c.liveness && c.started ? this.plan(c, c.liveness, now) : Infinity;
    c.dueR = c.readiness && c.started ? this.plan(c, c.readiness, now) : Infinity;
  }

  /**
   * The next instant a worker needs the timer. Tick mode: its next tick. Skip-ahead: the tick at
   * which its result flips while the container's health stays as it is now (Infinity if none
   * before the next health change, which re-plans).
   */
  private plan(c: ContainerRt, w: ProbeWorker, now: Time): Time {
    if (w.k < tickIndexAtOrAfter(w, now)) skipTo(w, tickIndexAtOrAfter(w, now));
    if (this.tick) return tickTime(w, w.k);
    const h = c.health!;
    const kEnd = h.changeAt === Infinity ? Infinity : tickIndexAtOrAfter(w, h.changeAt);
    const flip = findFlip(w, kEnd, w.kind === READINESS ? readinessHealthy(h) : h.healthy);
    return flip < kEnd ? tickTime(w, flip) : Infinity;
  }

  /** Everything due for one container at `now`: restart, exit, health change, probe ticks, in that order. */
  private step(rt: PodRt, c: ContainerRt, now: Time): void {
    if (c.terminated) return;
    if (!c.running) {
      if (c.restartAt <= now) this.restart(rt, c, now);
      return;
    }
    if (c.exitAt <= now) return this.exited(rt, c, now);
    if (c.killing) return;
    const h = c.health!;
    let changed = false;
    if (h.changeAt <= now) {
      advanceHealth(h, now);
      changed = true;
    }
    if (c.startup && !c.started && (changed || c.dueS <= now)) {
      if (c.dueS <= now && applyTick(c.startup, h.healthy)) {
        if (c.startup.result === SUCCESS) {
          c.started = true;
          c.status.started = true;
          c.dueS = Infinity;
          this.planAll(c, now);
        } else return this.kill(rt, c, now, 'Startup probe failed');
      } else c.dueS = this.plan(c, c.startup, now);
    }
    if (c.liveness && c.started && (changed || c.dueL <= now)) {
      if (c.dueL <= now && applyTick(c.liveness, h.healthy) && c.liveness.result !== SUCCESS) {
        return this.kill(rt, c, now, 'Liveness probe failed');
      }
      c.dueL = this.plan(c, c.liveness, now);
    }
    if (c.readiness && c.started && (changed || c.dueR <= now)) {
      if (c.dueR <= now && applyTick(c.readiness, readinessHealthy(h))) {
        const ready = c.readiness.result === SUCCESS;
        if (!ready) this.ctx.recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'Unhealthy', rt.node.name, 'Readiness probe failed');
        c.ready = ready;
      }
      c.dueR = this.plan(c, c.readiness, now);
    }
    if (!c.readiness) c.ready = c.started && h.served && !h.app.neverReady;
  }

  /** A probe failure kills the container with the pod's grace period; it restarts per restartPolicy. */
  private kill(rt: PodRt, c: ContainerRt, now: Time, why: string): void {
    const { recorder } = this.ctx;
    recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'Unhealthy', rt.node.name, why);
    recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'Killing', rt.node.name, why);
    const grace = (rt.pod.spec.terminationGracePeriodSeconds ?? POD_TERMINATION_GRACE_PERIOD / SECOND) * SECOND;
    const s = shutdownTime(c.health!, grace);
    c.killing = true;
    c.ready = false;
    c.exitAt = now + s.took;
    c.exitCode = s.exitCode;
    c.dueS = c.dueL = c.dueR = Infinity;
  }

  /**
   * The container's process ended. restartPolicy Always restarts it, OnFailure only after a
   * non-zero exit, Never not at all; the wait is the CrashLoopBackOff delay (crashloop-backoff.ts).
   */
  private exited(rt: PodRt, c: ContainerRt, now: Time): void {
    const { recorder } = this.ctx;
    const pod = rt.pod;
    c.running = false;
    c.killing = false;
    c.ready = false;
    c.health = undefined;
    c.startup = c.liveness = c.readiness = undefined;
    c.dueS = c.dueL = c.dueR = Infinity;
    const code = c.exitCode;
    const reason = code === 0 ? 'Completed' : 'Error';
    c.status.ready = false;
    c.status.started = false;
    c.status.state = { terminated: { exitCode: code, reason } };
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Terminated', rt.node.name, reason);
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && code === 0)) {
      c.terminated = true;
      if (rt.containers.every((x) => x.terminated)) return this.finishPod(rt);
      this.write(rt);
      return;
    }
    const lastRun = now - c.lastStartAt;
    const delay = restartDelay(c.backoff, lastRun);
    c.backoff = nextBackoff(c.backoff, lastRun);
    if (delay === 0) return this.restart(rt, c, now);
    c.restartAt = now + delay;
    c.status.state = { waiting: { reason: 'CrashLoopBackOff' } };
    this.write(rt);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'BackOff', rt.node.name, 'CrashLoopBackOff');
  }

  private restart(rt: PodRt, c: ContainerRt, now: Time): void {
    c.status.restartCount++;
    this.stats.restarts++;
    this.startRun(rt, c, now);
    this.write(rt);
    this.ctx.recorder.record('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, 'Started', rt.node.name, 'restart');
  }

  /** Every container terminated and none restarts: Succeeded when all exited 0, else Failed. */
  private finishPod(rt: PodRt): void {
    const { engine, recorder } = this.ctx;
    const pod = rt.pod;
    let ok = true;
    for (const c of rt.containers) if (c.status.state.terminated?.exitCode !== 0) ok = false;
    pod.status.phase = ok ? 'Succeeded' : 'Failed';
    pod.status.containerStatuses = rt.containers.map((c) => c.status);
    setCondition(pod, 'ContainersReady', 'False', engine.now, 'PodCompleted');
    setCondition(pod, 'Ready', 'False', engine.now, 'PodCompleted');
    rt.stage = DONE;
    this.ctx.engine.cancel(rt.timer);
    rt.timer = undefined;
    this.write(rt);
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, ok ? 'PhaseSucceeded' : 'PhaseFailed', rt.node.name);
  }

  /**
   * Publishes the pod's Ready and ContainersReady conditions when the containers' readiness
   * changed (status manager). `force` re-asserts them even when the kubelet saw no change (after
   * a reconnect: someone else may have written the pod NotReady meanwhile).
   */
  private syncReadiness(rt: PodRt, force: boolean): void {
    const { engine, recorder } = this.ctx;
    const pod = rt.pod;
    let all = rt.stage === RUNNING;
    let changed = false;
    for (const c of rt.containers) {
      if (c.status.ready !== c.ready) {
        c.status.ready = c.ready;
        changed = true;
      }
      if (!c.ready) all = false;
    }
    if (!changed && !force) return;
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    setCondition(pod, 'ContainersReady', all ? 'True' : 'False', engine.now, all ? undefined : REASON_CONTAINERS_NOT_READY);
    const ready = all && !terminating;
    const flipped = setCondition(pod, 'Ready', ready ? 'True' : 'False', engine.now, ready ? undefined : REASON_CONTAINERS_NOT_READY);
    this.write(rt);
    if (!flipped) return;
    if (ready) {
      recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Ready', rt.node.name);
      if (!rt.everReady) {
        rt.everReady = true;
        this.stats.podReady(pod.metadata.creationTimestamp ?? 0, rt.seenAt, rt.pullTime, rt.startedAt, engine.now);
      }
    } else recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'NotReady', rt.node.name);
  }

  /** After a kubelet restart: probe workers start afresh; containers that died meanwhile are handled now. */
  private resumeAfterKubeletStop(rt: PodRt): void {
    const now = this.ctx.engine.now;
    if (rt.stage === RUNNING) {
      for (const c of rt.containers) {
        if (!c.running || c.killing) continue;
        if (c.exitAt > now) {
          advanceHealth(c.health!, now);
          const flaky = c.health!.app.flakyProbes ?? 0;
          const k = mixKeys(c.key, c.runs * 8 + 4);
          if (c.liveness) c.liveness = newProbeWorker(LIVENESS, c.liveness.probe, now, flaky, k + 2);
          if (c.readiness) {
            c.readiness = newProbeWorker(READINESS, c.readiness.probe, now, flaky, k + 3);
            c.ready = false;
          }
          if (c.startup && !c.started) c.startup = newProbeWorker(STARTUP, c.startup.probe, now, flaky, k + 1);
          this.planAll(c, now);
        }
      }
      for (const c of rt.containers) this.step(rt, c, now);
    } else if (rt.stage !== DONE && rt.stage !== BLOCKED && rt.stageAt < now) rt.stageAt = now;
    if (rt.stage === RUNNING) this.syncReadiness(rt, true);
    this.arm(rt);
  }

  // ---- termination -------------------------------------------------------------------------------

  /**
   * Graceful deletion: Ready=False at once (endpoints drop the pod), then the preStop / shutdown
   * time from the app model, bounded by the deletion's grace period; then the pod is removed.
   */
  private terminate(rt: PodRt): void {
    const { engine, recorder } = this.ctx;
    const pod = rt.pod;
    recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Killing', rt.node.name);
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? POD_TERMINATION_GRACE_PERIOD / SECOND) * SECOND;
    let took = 0;
    if (rt.stage === RUNNING) {
      for (const c of rt.containers) {
        if (!c.running) continue;
        const s = c.killing ? { took: Math.max(0, c.exitAt - engine.now) } : shutdownTime(c.health!, grace);
        if (s.took > took) took = s.took;
      }
    }
    for (const c of rt.containers) {
      c.ready = false;
      c.status.ready = false;
    }
    if (setCondition(pod, 'Ready', 'False', engine.now, REASON_CONTAINERS_NOT_READY)) {
      setCondition(pod, 'ContainersReady', 'False', engine.now, REASON_CONTAINERS_NOT_READY);
      this.write(rt);
      recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'NotReady', rt.node.name, 'Terminating');
    }
    rt.stage = TERMINATING;
    rt.stageAt = engine.now + (took < grace ? took : grace);
    this.arm(rt);
  }

  private removePod(rt: PodRt): void {
    const pod = rt.pod;
    this.forget(rt);
    if (rt.node.partitioned) return;
    this.ctx.recorder.record('Pod', pod.metadata.namespace, pod.metadata.name, 'Deleted', rt.node.name);
    this.ctx.store.remove(pod);
  }

  private forget(rt: PodRt): void {
    this.ctx.engine.cancel(rt.timer);
    rt.timer = undefined;
    rt.stage = DONE;
    this.pods.delete(rt.pod.metadata.uid!);
    rt.node.pods.delete(rt);
  }

  /** A status write to the API server; deferred while the node is partitioned from it. */
  private write(rt: PodRt): void {
    if (rt.node.partitioned) {
      rt.dirty = true;
      return;
    }
    rt.dirty = false;
    if (this.ctx.store.get<Pod>('Pod', rt.objKey) === rt.pod) this.ctx.store.update(rt.pod);
  }
}
