import { constant } from '../../src/engine/distribution';
import { MILLISECOND, SECOND, MINUTE, Time } from '../../src/engine/time';
import { KubeObject } from '../../src/api/meta';
import { Deployment } from '../../src/api/workloads';
import { AppModel, NodePool, Scenario, TimelineAction } from '../../src/scenario/scenario';

/** A node pool for story tests: `count` nodes of 4 cpu / 16Gi / 110 pods in one zone. */
export function pool(name: string, count: number, over: Partial<NodePool> = {}): NodePool {
  return {
    name,
    count,
    zones: ['zone-a'],
    capacity: { cpu: '4', memory: '16Gi', pods: '110' },
    labels: {},
    taints: [],
    imagePullBandwidth: 100 * 1024 * 1024,
    ...over,
  };
}

/** An app model with a fixed start-up time and a 100Mi image (pull: 1 s at 100Mi/s). */
export function app(image: string, startup: Time, over: Partial<AppModel> = {}): AppModel {
  return { image, imageSize: 100 * 1024 * 1024, startup: constant(startup), ...over };
}

/** A Deployment manifest as the loader returns it (defaults applied). */
export function deployment(name: string, replicas: number, image: string, over: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name, image, resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          schedulerName: 'default-scheduler',
        },
      },
      ...over,
    },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
  };
}

/** A scenario built in code: pools, apps, resources at time 0, timeline actions. */
export function scenario(parts: {
  pools: NodePool[];
  apps?: AppModel[];
  resources?: KubeObject[];
  timeline?: TimelineAction[];
  duration?: Time;
  seed?: number;
}): Scenario {
  return {
    name: 'test',
    source: '<test>',
    seed: parts.seed ?? 1,
    duration: parts.duration ?? 10 * MINUTE,
    sampleInterval: 5 * SECOND,
    latencies: { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND },
    cluster: { nodePools: parts.pools },
    applications: new Map((parts.apps ?? []).map((a) => [a.image, a])),
    resources: (parts.resources ?? []).map((object) => ({ object, at: '<test>' })),
    timeline: parts.timeline ?? [],
    checkInvariants: true,
  };
}

/** A timeline action at `at` (the `where` is a placeholder). */
export function at<T extends Omit<TimelineAction, 'at' | 'where'>>(t: Time, action: T): TimelineAction {
  return { ...(action as object), at: t, where: '<test>' } as TimelineAction;
}
