import type { SchedulerOptions } from '../scheduler/scheduler-actor';
import { Time } from '../engine/time';
import { Distribution } from '../engine/distribution';
import { KubeObject } from '../api/meta';
import { Taint } from '../api/node';
import type { ControlPlaneAction, ControlPlaneSpec } from './control-plane-spec';
import type { Expectation } from './expect-spec';
import type { PlanSpec } from './plan-spec';
import type { TraceReplay } from './trace-replay-spec';
import type { ServiceLoad } from '../load/service-load';
import type { AutoscalingSettings, NodeGroupSpec } from './autoscaling-spec';

/**
 * A scenario after parsing and validation: every duration is Time (µs), every quantity a number
 * in base units (cpu in millicores, memory in bytes), every distribution compiled. The loader
 * (scenario/load.ts) is the only producer; the simulation is the only consumer.
 */
export interface Scenario {
  name: string;
  /** The file it came from (for messages), or "<inline>". */
  source: string;
  seed: number;
  duration: Time;
  sampleInterval: Time;
  /** Output directory from the file (spec.output.dir), resolved against the scenario's folder. */
  outputDir?: string;
  /** Modelled latencies of the control plane. */
  latencies: Latencies;
  cluster: ClusterSpec;
  /** Behaviour of the software in each image, by image reference ("shop/web:v1"). */
  applications: Map<string, AppModel>;
  /** Plain Kubernetes objects to create at time 0, in file order. */
  resources: SourcedObject[];
  timeline: TimelineAction[];
  /** Run the invariant checker (docs/invariants.md) unless a Simulation option says otherwise; test helpers set it. */
  checkInvariants?: boolean;
  /** Kubelet settings (spec.kubelet); absent: defaults (skip-ahead probes, serialized pulls). */
  kubelet?: KubeletSettings;
  /** Random fault processes (spec.faults); absent or empty: none. */
  faults?: FaultProcess[];
  /** Objects of kinds kubesim does not simulate (ConfigMap, Secret, RBAC...), counted by kind; absent when none. */
  ignored?: { kind: string; count: number }[];
  /** Wall-clock instant of virtual time 0, epoch ms (spec.startTime; default 2026-01-01T00:00:00Z): CronJob schedules and restartedAt stamps. */
  startTime?: number;
  /** Storage model (spec.storage): zonal volumes pin a StatefulSet pod to its claim's zone. */
  storage?: { zonal: boolean };
  /** Trace replay (spec.traceReplay, src/scenario/trace-replay-spec.ts): nodes and pods from a cluster trace; absent: none. */
  traceReplay?: TraceReplay;
  /** SLO assertions over the results (spec.expect, src/scenario/expect-spec.ts); absent: none. */
  expect?: Expectation[];
  /** Capacity plan for `kubesim plan` (spec.plan, src/studies/plan-spec.ts). */
  plan?: PlanSpec;
  /** Request rates offered to Services (spec.load, src/scenario/load-spec.ts); absent: no load model. */
  load?: ServiceLoad[];
  /** Metrics pipeline and cluster-autoscaler settings (spec.autoscaling, src/scenario/autoscaling-spec.ts). */
  autoscaling?: AutoscalingSettings;
  /** spec.scheduler: profiles and the cycle cost model (src/scenario/scheduler-spec.ts). */
  scheduler?: SchedulerOptions;
}

export interface Latencies {
  /** Store write → watch notification delivered to informers. Default 1ms. */
  watch: Time;
  /** Work-queue add → reconcile of a controller key. Default 10ms. */
  controllerSync: Time;
  /** Scheduler decision → binding visible. Default 5ms. */
  binding: Time;
}

/** A Kubernetes object with where it was written (for messages). */
export interface SourcedObject {
  object: KubeObject;
  /** "file:line:col" of the object's first line. */
  at: string;
}

export interface ClusterSpec {
  nodePools: NodePool[];
  /** Control-plane nodes and leader-electing replicas; absent: no leader election. */
  controlPlane?: ControlPlaneSpec;
}

export interface NodePool {
  name: string;
  count: number;
  /** Zones the pool's nodes are spread over round-robin (sets topology.kubernetes.io/zone). */
  zones: string[];
  /** Capacity as manifest quantities (kept as strings; parsed where used), e.g. { cpu: "8", memory: "32Gi", pods: "110" }. */
  capacity: Record<string, string>;
  /** Allocatable; defaults to capacity. */
  allocatable?: Record<string, string>;
  labels: Record<string, string>;
  taints: Taint[];
  costPerHour?: number;
  /** Cluster-autoscaler node group bounds and provisioning delay (nodePools[].autoscaling); absent: fixed size. */
  autoscaling?: NodeGroupSpec;
  /** Image pull bandwidth in bytes per second. Default 100Mi/s. */
  imagePullBandwidth: number;
}

/** How the software in one image behaves. */
export interface AppModel {
  image: string;
  /** Image size in bytes (pull time = size / node bandwidth). Default 100Mi. */
  imageSize: number;
  /** Container start-up: from container start until the process serves (µs). Default constant 1s. */
  startup: Distribution;
  /** For run-to-completion pods (Jobs): time from start to exit (µs). */
  runTime?: Distribution;
  /** Health failures: mean time between failures (µs), exponential. */
  mtbf?: Time;
  /** A bad release: crashes with this probability, after a delay drawn from `after`. */
  crashAfter?: { probability: number; after: Distribution };
  /** A bad release that never becomes ready. */
  neverReady?: boolean;
  /** Duration of the preStop hook / graceful shutdown (µs). Default 0. */
  shutdown?: Distribution;
  /** Load model (src/load/usage-model.ts): millicores per request/s, bytes per request/s, idle usage. */
  cpuPerRequest?: number;
  memoryPerRequest?: number;
  baseCpu?: number;
  baseMemory?: number;
  /** What usage above the container limits does: fail readiness, or OOM-kill (memory). Absent: nothing. */
  overload?: 'failReadiness' | 'oomKill';
  /** Health failures last this long, then the process recovers (µs); absent: until restarted. */
  recovery?: Distribution;
  /** Probability that one probe of this container times out (fails) regardless of its health. */
  flakyProbes?: number;
}

/** Where a timeline action came from, for messages and timeline rows. */
export interface ActionBase {
  at: Time;
  /** "file:line:col" of the action. */
  where: string;
}

/** A reference like "deployment/web" or "deployment/web" in namespace ns. */
export interface TargetRef {
  kind: string;
  name: string;
  namespace: string;
}

export type TimelineAction =
  | (ActionBase & { type: 'apply'; objects: SourcedObject[] })
  | (ActionBase & { type: 'delete'; target: TargetRef })
  | (ActionBase & { type: 'scale'; target: TargetRef; replicas: number })
  | (ActionBase & { type: 'setImage'; target: TargetRef; container?: string; image: string })
  | (ActionBase & { type: 'addNodes'; pool: string; count: number })
  | (ActionBase & { type: 'removeNodes'; pool: string; count: number })
  | (ActionBase & { type: 'cordon' | 'uncordon'; node: string })
  | (ActionBase & FaultAction)
  | (ActionBase & { type: 'pause' | 'resume' | 'restart'; target: TargetRef })
  | (ActionBase & { type: 'undo'; target: TargetRef; toRevision?: number })
  | (ActionBase & { type: 'drain'; node: string })
  | (ActionBase & ControlPlaneAction);

/** spec.kubelet: how the node agents run. */
export interface KubeletSettings {
  /** tick: every probe is simulated; skip-ahead (default): only probe result flips are. Same timelines. */
  probeMode: 'tick' | 'skip-ahead';
  /** kubelet serializeImagePulls (default true). */
  serializeImagePulls: boolean;
  /** kubelet maxParallelImagePulls when pulls are not serialized; absent: unlimited. */
  maxParallelImagePulls?: number;
}

/** Which nodes a fault hits: one node, `count` nodes of a pool, or every node of a zone. */
export type FaultScope = { node: string } | { pool: string; count: number } | { zone: string };

/** Fault timeline actions; `for` (µs) ends the fault after that long, absent: until nodeRecover. */
export type FaultAction =
  | { type: 'nodeCrash'; scope: FaultScope; for?: Time }
  | { type: 'kubeletStop'; scope: FaultScope; for?: Time }
  | { type: 'nodeRecover'; scope: FaultScope }
  | { type: 'partition'; scope: FaultScope; for?: Time }
  | { type: 'zoneOutage'; scope: { zone: string }; for?: Time };

/** A random fault process of spec.faults: node crashes of a pool with an MTBF per node and a recovery time. */
export interface FaultProcess {
  type: 'nodeCrash';
  pool: string;
  /** Mean time between crashes of one node (µs), exponential. */
  mtbf: Time;
  /** Time until a crashed node is back; absent: it stays down. */
  recovery?: Distribution;
}
