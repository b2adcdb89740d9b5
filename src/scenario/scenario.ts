import { Time } from '../engine/time';
import { Distribution } from '../engine/distribution';
import { KubeObject } from '../api/meta';
import { Taint } from '../api/node';
import type { ControlPlaneAction, ControlPlaneSpec } from './control-plane-spec';

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
  /** Objects of kinds kubesim does not simulate (ConfigMap, Secret, RBAC...), counted by kind; absent when none. */
  ignored?: { kind: string; count: number }[];
  /** Wall-clock instant of virtual time 0, epoch ms (spec.startTime; default 2026-01-01T00:00:00Z): CronJob schedules and restartedAt stamps. */
  startTime?: number;
  /** Storage model (spec.storage): zonal volumes pin a StatefulSet pod to its claim's zone. */
  storage?: { zonal: boolean };
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
  | (ActionBase & { type: 'pause' | 'resume' | 'restart'; target: TargetRef })
  | (ActionBase & { type: 'undo'; target: TargetRef; toRevision?: number })
  | (ActionBase & { type: 'drain'; node: string })
  | (ActionBase & ControlPlaneAction);
