import { Engine } from '../engine/engine';
import { Time } from '../engine/time';
import { Deployment } from '../api/workloads';
import { Store } from '../store/store';
import { Recorder, TimelineSink } from '../metrics/recorder';
import { ClusterGauges, quantile } from '../metrics/cluster-gauges';
import { Sampler } from '../metrics/sampler';
import { GaugeSource, SeriesSink } from '../metrics/series';
import { Scenario } from '../scenario/scenario';
import { NodeAgent } from '../kubelet/node-agent';
import { NodeLifecycleController } from '../controllers/node-lifecycle/node-lifecycle-controller';
import { TaintEvictionController } from '../controllers/node-lifecycle/taint-eviction';
import { admitDefaultTolerationSeconds } from '../controllers/node-lifecycle/default-toleration-seconds';
import { FaultInjector } from '../faults/fault-injector';
import { FailureTracker } from '../faults/failure-tracker';
import { KubeletFacts, NodeFailureFacts, kubeletFacts, nodeFailureFacts, nodeFaultGauges } from '../faults/node-fault-facts';
import { ReplicaSetController } from '../controllers/replicaset/replicaset-controller';
import { DeploymentController } from '../controllers/deployment/deployment-controller';
import { SchedulerActor } from '../scheduler/scheduler-actor';
import { SchedulerFacts } from '../scheduler/scheduler-metrics';
import { admitPodPriority } from '../api/admission/priority';
import { SimContext } from './context';
import { ComponentGate } from './component-gate';
import { TimelineRunner } from './timeline-runner';
import { WorkloadControllers } from './workload-controllers';
import { ControlPlane, ControlPlaneFacts } from '../control-plane/control-plane';
import { TraceReplayActor, TraceReplayFacts } from '../trace/replay-actor';
import { InvariantChecker } from '../invariants/invariant-checker';
import { AutoscalingFacts, AutoscalingSystem } from '../autoscaler/autoscaling-system';

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's duration. */
  until?: Time;
  timelineSinks?: TimelineSink[];
  seriesSinks?: SeriesSink[];
  /** Runs the invariant checker (docs/invariants.md); a violation throws InvariantViolation. Default: scenario.checkInvariants. */
  checkInvariants?: boolean;
}

/** The facts of a run that summary.json reports (all deterministic: no wall-clock values). */
export interface RunFacts {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  eventsProcessed: number;
  timelineRows: number;
  storeWrites: number;
  pods: { created: number; ready: number; pendingAtEnd: number; runningAtEnd: number };
  podStartupSeconds: { p50: number | null; p90: number | null; p99: number | null };
  scheduler: SchedulerFacts;
  rollouts: RolloutFacts[];
  /** Container restarts and start-up latency by stage. */
  kubelet: KubeletFacts;
  /** Node failures: NotReady, evictions, replacements, unavailable pod-seconds. */
  nodeFailures: NodeFailureFacts;
  /** Node drains (`drain` timeline actions): seconds; null while unfinished. */
  drains: DrainFacts[];
  interrupted: boolean;
  /** Leader election of the control plane; present when the scenario has spec.cluster.controlPlane. */
  controlPlane?: ControlPlaneFacts;
  /** Load model, HPA, cluster autoscaler and node cost; present when the scenario uses any of them or prices a pool. */
  autoscaling?: AutoscalingFacts;
  /** Trace replay: pods that waited and for how long, nodes in use; present with spec.traceReplay. */
  traceReplay?: TraceReplayFacts;
}

/** One node drain: times in virtual seconds. */
export interface DrainFacts {
  node: string;
  startedAt: number;
  completedAt: number | null;
  blockedSeconds: number;
  evicted: number;
  refusedEvictions: number;
}

/** One Deployment, StatefulSet or DaemonSet rollout: times in virtual seconds; null while unfinished. */
export interface RolloutFacts {
  kind: string;
  namespace: string;
  name: string;
  revision: number;
  startedAt: number;
  completedAt: number | null;
  durationSeconds: number | null;
  stalledAt: number | null;
  minReady: number;
  minAvailable: number;
  maxTotal: number;
}

/**
 * One simulated cluster built from a scenario: the engine, the API server, the actors (controllers,
 * scheduler, node agent), the timeline of scenario actions and the gauges. run() advances virtual
 * time; it is synchronous and deterministic for a given scenario and seed.
 */
export class Simulation {
  readonly engine: Engine;
  readonly store: Store;
  readonly recorder: Recorder;
  readonly gauges = new ClusterGauges();
  readonly ctx: SimContext;
  readonly seed: number;
  readonly end: Time;
  readonly scheduler: SchedulerActor;
  readonly nodeAgent: NodeAgent;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly faults: FaultInjector;
  readonly deployments: DeploymentController;
  readonly workloads: WorkloadControllers;
  private readonly sampler: Sampler;
  private readonly timeline: TimelineRunner;
  readonly controlPlane: ControlPlane | undefined;
  readonly autoscaling: AutoscalingSystem;
  readonly invariants: InvariantChecker | undefined;
  readonly traceReplay: TraceReplayActor | undefined;
  private started = false;
  interrupted = false;
  podsCreated = 0;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed;
    this.end = options.until ?? scenario.duration;
    this.engine = new Engine(this.seed);
    this.store = new Store(this.engine, scenario.latencies.watch);
    this.recorder = new Recorder(() => this.engine.now, [...(options.timelineSinks ?? [])]);
    this.ctx = { engine: this.engine, store: this.store, recorder: this.recorder, latencies: scenario.latencies, apps: scenario.applications, gate: new ComponentGate() };
    this.store.watch('Pod', this.gauges);
    this.store.watch('Node', this.gauges);
    this.store.watch('Pod', { onWatch: (t) => void (t === 'ADDED' && this.podsCreated++) });
    this.nodeAgent = new NodeAgent(this.ctx, scenario.kubelet);
    this.store.admission.push(admitDefaultTolerationSeconds);
    this.nodeLifecycle = new NodeLifecycleController(this.ctx);
    this.ctx.gate.register('kube-controller-manager', this.nodeLifecycle);
    this.taintEviction = new TaintEvictionController(this.ctx);
    this.ctx.gate.register('kube-controller-manager', this.taintEviction);
    const failures = new FailureTracker(() => this.engine.now);
    for (const kind of ['Node', 'Pod', 'Deployment']) this.store.watch(kind, failures);
    this.faults = new FaultInjector(this.ctx, this.nodeAgent, scenario.faults ?? [], failures);
    this.store.admission.push((o) => void admitPodPriority(this.store, o));
    this.scheduler = new SchedulerActor(this.ctx, scenario.scheduler);
    this.ctx.gate.register('kube-scheduler', this.scheduler);
    this.ctx.gate.register('kube-controller-manager', new ReplicaSetController(this.ctx).queue);
    this.deployments = new DeploymentController(this.ctx);
    this.ctx.gate.register('kube-controller-manager', this.deployments.queue);
    this.workloads = new WorkloadControllers(this.ctx, scenario);
    this.timeline = new TimelineRunner(this.ctx, scenario, this.nodeAgent);
    this.traceReplay = scenario.traceReplay && new TraceReplayActor(this.ctx, scenario.traceReplay, this.nodeAgent);
    this.autoscaling = new AutoscalingSystem(this.ctx, scenario, this.timeline);
    this.timeline.faults = this.faults;
    this.controlPlane = scenario.cluster.controlPlane && new ControlPlane(this.ctx, scenario.cluster.controlPlane, scenario.timeline);
    this.invariants = (options.checkInvariants ?? scenario.checkInvariants) ? InvariantChecker.forScenario(this.ctx, scenario, this.controlPlane?.leadership) : undefined;
    this.sampler = new Sampler(this.engine, scenario.sampleInterval, this.end, this.gaugeSources(), options.seriesSinks ?? []);
  }

  /** Creates the cluster and the scenario's resources at time 0 and arms the timeline. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.controlPlane?.start();
    this.timeline.start();
    this.traceReplay?.start();
    this.faults.start();
    this.autoscaling.start();
    this.sampler.start();
  }

  /** Runs to `until` (default: the scenario's end) or until `maxEvents` were handled. */
  runUntil(until: Time = this.end, maxEvents = Infinity): number {
    this.start();
    const n = this.engine.runUntil(Math.min(until, this.end), maxEvents);
    this.invariants?.sweep();
    return n;
  }

  /** Runs the whole scenario. */
  run(): RunFacts {
    this.runUntil(this.end);
    return this.facts();
  }

  get done(): boolean {
    return this.started && (this.engine.now >= this.end || this.engine.pending === 0);
  }

  private gaugeSources(): GaugeSource[] {
    const g = this.gauges;
    const store = this.store;
    return [
      {
        sample(emit) {
          emit('pods_pending', '', '', g.podsByPhase.Pending);
          emit('pods_running', '', '', g.podsByPhase.Running);
          emit('pods_succeeded', '', '', g.podsByPhase.Succeeded);
          emit('pods_failed', '', '', g.podsByPhase.Failed);
          emit('pods_ready', '', '', g.readyPods);
          emit('pods_terminating', '', '', g.terminatingPods);
          emit('nodes', '', '', g.nodes);
          emit('nodes_ready', '', '', g.readyNodes);
        },
      },
      {
        sample(emit) {
          for (const d of store.list<Deployment>('Deployment')) {
            const ns = d.metadata.namespace ?? '';
            const name = d.metadata.name;
            emit('deployment_desired', ns, name, d.spec.replicas ?? 1);
            emit('deployment_updated', ns, name, d.status.updatedReplicas);
            emit('deployment_ready', ns, name, d.status.readyReplicas);
            emit('deployment_available', ns, name, d.status.availableReplicas);
            emit('deployment_total', ns, name, d.status.replicas);
          }
        },
      },
      ...(this.controlPlane ? [this.controlPlane.gauges] : []),
      ...this.workloads.gaugeSources(),
      ...this.autoscaling.gaugeSources(),
      ...(this.invariants ? [this.invariants] : []),
      this.scheduler.gauges(),
      nodeFaultGauges(this.nodeAgent.stats, () => this.taintEviction.evictions, this.faults.tracker),
    ];
  }

  facts(): RunFacts {
    const lat = this.gauges.startupLatencies;
    const secs = (q: number) => {
      const v = quantile(lat, q);
      return v === undefined ? null : Math.round(v) / 1e6;
    };
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      simulatedSeconds: this.engine.now / 1e6,
      eventsProcessed: this.engine.eventsProcessed,
      timelineRows: this.recorder.rows,
      storeWrites: this.store.writes,
      pods: {
        created: this.podsCreated,
        ready: lat.length,
        pendingAtEnd: this.gauges.podsByPhase.Pending,
        runningAtEnd: this.gauges.podsByPhase.Running,
      },
      podStartupSeconds: { p50: secs(0.5), p90: secs(0.9), p99: secs(0.99) },
      scheduler: this.scheduler.facts(),
      rollouts: [...this.deployments.rollouts, ...this.workloads.rollouts()].map((r) => ({
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        revision: r.revision,
        startedAt: r.startedAt / 1e6,
        completedAt: r.completedAt === undefined ? null : r.completedAt / 1e6,
        durationSeconds: r.completedAt === undefined ? null : (r.completedAt - r.startedAt) / 1e6,
        stalledAt: r.stalledAt === undefined ? null : r.stalledAt / 1e6,
        minReady: r.minReady,
        minAvailable: r.minAvailable,
        maxTotal: r.maxTotal,
      })),
      kubelet: kubeletFacts(this.nodeAgent.stats),
      nodeFailures: nodeFailureFacts(this.faults.tracker, this.nodeLifecycle.notReadyTransitions, this.taintEviction.evictions),
      drains: (this.timeline.drainer?.drains ?? []).map((d) => ({
        node: d.node,
        startedAt: d.startedAt / 1e6,
        completedAt: d.completedAt === undefined ? null : d.completedAt / 1e6,
        blockedSeconds: d.blockedFor / 1e6,
        evicted: d.evicted,
        refusedEvictions: d.refusals,
      })),
      interrupted: this.interrupted,
      ...(this.controlPlane && { controlPlane: this.controlPlane.facts() }),
      ...(this.traceReplay && { traceReplay: this.traceReplay.facts() }),
      ...(this.autoscaling.active && { autoscaling: this.autoscaling.facts() }),
    };
  }
}

