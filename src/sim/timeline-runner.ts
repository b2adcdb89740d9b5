import { Actor, SimEvent } from '../engine/event-queue';
import { KubeObject, objectKey } from '../api/meta';
import { Node } from '../api/node';
import { Pod } from '../api/pod';
import { PodTemplateSpec } from '../api/workloads';
import { Scenario, TimelineAction, TargetRef, NodePool, FaultAction } from '../scenario/scenario';
import { NodeAgent } from '../kubelet/node-agent';
import { SimContext } from './context';
import { makePoolNodes } from './node-pools';
import { Drainer } from './drain';
import { ActionResult, restartRollout, setPaused, undoRollout } from './rollout-actions';
import { Deployment } from '../api/workloads';
import { rfc3339 } from '../controllers/cronjob/cronjob-controller';
import { wallClockMs } from '../controllers/cronjob/wall-clock';
import { DEFAULT_START_TIME } from '../scenario/run-settings-spec';

/** Kinds whose spec.template is a pod template (setImage targets). */
const TEMPLATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);
/** Kinds with spec.replicas (scale targets). */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/**
 * Carries out the scenario: builds the node pools and creates the resources at time 0, then runs
 * each timeline action at its instant, as a user with kubectl would. An action that cannot apply
 * (target missing) is recorded as a timeline row with event ActionFailed, not thrown: the run goes on.
 */
export class TimelineRunner implements Actor {
  private readonly nextIndex = new Map<string, number>();
  private readonly poolNodes = new Map<string, string[]>();
  /** The drains started by `drain` actions (created at the first one). */
  drainer: Drainer | undefined;
  /** Carries out node fault actions (src/faults/fault-injector.ts); set by the simulation. */
  faults: { apply(a: FaultAction): void } | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly scenario: Scenario,
    private readonly nodeAgent: NodeAgent,
  ) {}

  start(): void {
    for (const pool of this.scenario.cluster.nodePools) this.addNodes(pool, pool.count);
    for (const r of this.scenario.resources) this.apply(r.object);
    for (const a of this.scenario.timeline) this.ctx.engine.scheduleAt(a.at, this, 0, a);
  }

  handle(ev: SimEvent): void {
    this.run(ev.arg as TimelineAction);
  }

  private pool(name: string): NodePool | undefined {
    return this.scenario.cluster.nodePools.find((p) => p.name === name);
  }

  addNodes(pool: NodePool, count: number): void {
    const first = this.nextIndex.get(pool.name) ?? 0;
    this.nextIndex.set(pool.name, first + count);
    let names = this.poolNodes.get(pool.name);
    if (!names) this.poolNodes.set(pool.name, (names = []));
    for (const n of makePoolNodes(pool, first, count)) {
      this.nodeAgent.addNode(n.metadata.name, pool.imagePullBandwidth);
      this.ctx.store.create(n);
      names.push(n.metadata.name);
      this.ctx.recorder.record('Node', '', n.metadata.name, 'RegisteredNode');
    }
  }

  /** Deletes the newest `count` nodes of a pool; their pods are deleted at once (pod GC of orphans). */
  private removeNodes(pool: string, count: number): void {
    const names = this.poolNodes.get(pool) ?? [];
    const { store, recorder } = this.ctx;
    for (const name of names.splice(Math.max(0, names.length - count))) {
      const node = store.get<Node>('Node', name);
      if (!node) continue;
      for (const p of [...store.podsOn(name)]) store.delete(p, 0);
      store.remove(node);
      recorder.record('Node', '', name, 'RemovingNode');
    }
  }

  private run(a: TimelineAction): void {
    const { store, recorder } = this.ctx;
    switch (a.type) {
      case 'apply':
        for (const o of a.objects) this.apply(o.object);
        return;
      case 'delete': {
        const obj = this.target(a.target, a.where);
        if (obj) {
          store.delete(obj);
          recorder.record(obj.kind, obj.metadata.namespace, obj.metadata.name, 'Deleted', '', 'timeline');
        }
        return;
      }
      case 'scale': {
        const obj = this.target(a.target, a.where) as (KubeObject & { spec: { replicas?: number } }) | undefined;
        if (!obj) return;
        if (!SCALABLE.has(obj.kind)) return this.failed(a.target, `${obj.kind} cannot be scaled`);
        obj.spec.replicas = a.replicas;
        obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
        store.update(obj);
        recorder.record(obj.kind, obj.metadata.namespace, obj.metadata.name, 'Scaled', '', String(a.replicas));
        return;
      }
      case 'setImage': {
        const obj = this.target(a.target, a.where) as (KubeObject & { spec: { template: PodTemplateSpec } }) | undefined;
        if (!obj) return;
        if (!TEMPLATED.has(obj.kind)) return this.failed(a.target, `${obj.kind} has no pod template`);
        const t = obj.spec.template;
        let changed = false;
        // Copy-on-write: pods share the template's containers array, so it is replaced, never mutated.
        const containers = t.spec.containers.map((c) => {
          if ((a.container === undefined || c.name === a.container) && c.image !== a.image) {
            changed = true;
            return { ...c, image: a.image };
          }
          return c;
        });
        if (!changed) return;
        obj.spec.template = { metadata: t.metadata, spec: { ...t.spec, containers } };
        obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
        store.update(obj);
        recorder.record(obj.kind, obj.metadata.namespace, obj.metadata.name, 'ImageChanged', '', a.image);
        return;
      }
      case 'addNodes': {
        const pool = this.pool(a.pool);
        if (pool) this.addNodes(pool, a.count);
        return;
      }
      case 'removeNodes':
        return this.removeNodes(a.pool, a.count);
      case 'cordon':
      case 'uncordon': {
        const node = store.get<Node>('Node', a.node);
        if (!node) return this.failed({ kind: 'Node', name: a.node, namespace: '' }, 'not found');
        node.spec.unschedulable = a.type === 'cordon';
        store.update(node);
        recorder.record('Node', '', a.node, a.type === 'cordon' ? 'NodeNotSchedulable' : 'NodeSchedulable');
        return;
      }
      case 'pause':
      case 'resume':
      case 'undo':
      case 'restart': {
        const obj = this.target(a.target, a.where);
        if (!obj) return;
        let res: ActionResult;
        if (a.type === 'restart') res = restartRollout(store, obj as Deployment, rfc3339(wallClockMs(this.ctx.engine.now, this.scenario.startTime ?? DEFAULT_START_TIME)));
        else if (a.type === 'undo') res = undoRollout(store, obj as Deployment, a.toRevision);
        else res = setPaused(store, obj as Deployment, a.type === 'pause');
        if (!res.ok) return this.failed(a.target, res.why);
        const event = a.type === 'undo' ? 'RolledBack' : a.type === 'restart' ? 'Restarted' : a.type === 'pause' ? 'Paused' : 'Resumed';
        recorder.record(obj.kind, obj.metadata.namespace, obj.metadata.name, event, '', res.note);
        return;
      }
      case 'drain':
        if (!(this.drainer ??= new Drainer(this.ctx)).start(a.node)) this.failed({ kind: 'Node', name: a.node, namespace: '' }, 'not found');
        return;
      case 'killLeader':
      case 'restartReplica':
      case 'controlPlaneNodeCrash':
      case 'apiServerPartition':
      case 'apiServerUnavailable':
      case 'apiServerSlow':
        return; // carried out by src/control-plane/control-plane.ts, which arms its own actions
      case 'nodeCrash':
      case 'kubeletStop':
      case 'nodeRecover':
      case 'partition':
      case 'zoneOutage':
        this.faults?.apply(a);
        return;
    }
  }

  private target(ref: TargetRef, _where: string): KubeObject | undefined {
    const key = ref.kind === 'Node' || ref.kind === 'Namespace' ? ref.name : `${ref.namespace}/${ref.name}`;
    const obj = this.ctx.store.get(ref.kind, key);
    if (!obj) this.failed(ref, 'not found');
    return obj;
  }

  private failed(ref: TargetRef, why: string): void {
    this.ctx.recorder.record(ref.kind, ref.namespace, ref.name, 'ActionFailed', '', why);
  }

  /**
   * kubectl apply: creates the object, or replaces spec, labels and annotations of the existing
   * one (bumping generation when the spec changed). Objects are cloned, so the scenario can be
   * run again.
   */
  apply(source: KubeObject): void {
    const { store, recorder } = this.ctx;
    const obj = structuredClone(source) as KubeObject & { spec?: unknown; status?: unknown };
    const existing = store.get<KubeObject & { spec?: unknown }>(obj.kind, objectKey(obj.metadata));
    if (!existing) {
      if (obj.kind === 'Pod') (obj as unknown as Pod).status ??= { phase: 'Pending' };
      obj.status ??= emptyStatus(obj.kind);
      store.create(obj);
      return;
    }
    const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(obj.spec);
    existing.metadata.labels = obj.metadata.labels;
    existing.metadata.annotations = obj.metadata.annotations;
    if (specChanged) {
      existing.spec = obj.spec;
      existing.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    }
    store.update(existing);
    recorder.record(obj.kind, obj.metadata.namespace, obj.metadata.name, 'Applied', '', specChanged ? 'configured' : 'unchanged');
  }
}

/** The zero status a new object of a simulated kind starts with. */
function emptyStatus(kind: string): unknown {
  switch (kind) {
    case 'Deployment':
      return { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 };
    case 'ReplicaSet':
      return { replicas: 0, readyReplicas: 0, availableReplicas: 0 };
    default:
      return {};
  }
}
