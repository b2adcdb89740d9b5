import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/sim/simulation';
import { constant, uniform } from '../src/engine/distribution';
import { HOUR, MILLISECOND, MINUTE, SECOND } from '../src/engine/time';
import { KubeObject } from '../src/api/meta';
import { AppModel, NodePool, Scenario, SourcedObject } from '../src/scenario/scenario';
import { ServiceLoad } from '../src/load/service-load';
import { defaultAutoscaling } from '../src/scenario/autoscaling-spec';
import { runHoldBaseline } from './rollout-baseline';

/**
 * A day of diurnal load on a 1,000-node cluster (700 fixed nodes and an autoscaled pool starting
 * at 300, min 50, max 600, 8 cpu each) running D autoscaled Deployments (default 200): each has a
 * Service, an autoscaling/v2 HPA on 60% cpu (min 2, max 80) and its own diurnal curve (mean 3,300
 * rps, amplitude 2,400, peaks spread from 10:00 to 18:00), about 30 pods of 1 cpu on average.
 * Prints wall time, events, HPA and cluster-autoscaler activity, cost, and the engine's event rate
 * next to the raw heap's hold rate measured in the same run.
 * Usage: node dist/bench/autoscaling-day.js [deployments] [hours]
 */
export function autoscalingDayScenario(deployments = 200, hours = 24): Scenario {
  const capacity = { cpu: '8', memory: '32Gi', pods: '110' };
  const allocatable = { cpu: '7800m', memory: '30Gi', pods: '110' };
  const base: NodePool = { name: 'base', count: 700, zones: ['a', 'b', 'c'], capacity, allocatable, labels: {}, taints: [], costPerHour: 0.384, imagePullBandwidth: 100 * 1024 * 1024 };
  const auto: NodePool = {
    ...base,
    name: 'auto',
    count: 300,
    autoscaling: { min: 50, max: 600, provisioningDelay: uniform(90 * SECOND, 150 * SECOND) },
  };
  const apps: AppModel[] = [];
  const resources: SourcedObject[] = [];
  const load: ServiceLoad[] = [];
  for (let i = 0; i < deployments; i++) {
    const name = `svc-${i}`;
    const image = `${name}:v1`;
    apps.push({ image, imageSize: 50 * 1024 * 1024, startup: constant(5 * SECOND), baseCpu: 50, cpuPerRequest: 5, baseMemory: 256 * 1024 * 1024, memoryPerRequest: 64 * 1024, overload: 'failReadiness' });
    const objects: KubeObject[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'default', labels: { app: name } },
        spec: {
          replicas: 8,
          selector: { matchLabels: { app: name } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [{ name, image, resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } }],
              restartPolicy: 'Always',
              terminationGracePeriodSeconds: 30,
              schedulerName: 'default-scheduler',
            },
          },
        },
        status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
      } as KubeObject,
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }] } } as KubeObject,
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace: 'default' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2,
          maxReplicas: 80,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
        },
        status: {},
      } as KubeObject,
    ];
    for (const object of objects) resources.push({ object, at: '<bench>' });
    const peakAt = 10 * HOUR + Math.floor((i * 8 * HOUR) / Math.max(1, deployments));
    load.push({ namespace: 'default', service: name, rate: { terms: [{ kind: 'diurnal', mean: 3300, amplitude: 2400, peakAt, period: 24 * HOUR }] }, spread: 'even', noise: 0.05, where: '<bench>' });
  }
  return {
    name: 'autoscaling-day',
    source: '<bench>',
    seed: 1,
    duration: hours * HOUR,
    sampleInterval: 5 * MINUTE,
    latencies: { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND },
    cluster: { nodePools: [base, auto] },
    applications: new Map(apps.map((a) => [a.image, a])),
    resources,
    timeline: [],
    load,
    autoscaling: defaultAutoscaling(),
  };
}

export interface AutoscalingDayResult {
  wallSeconds: number;
  simulatedSeconds: number;
  events: number;
  podsCreated: number;
  hpaRescales: number;
  scaleUps: number;
  nodesRemoved: number;
  maxAutoNodes: number;
  cost: number;
  baselineEventsPerSecond: number;
}

export function runAutoscalingDay(deployments = 200, hours = 24): AutoscalingDayResult {
  const sim = new Simulation(autoscalingDayScenario(deployments, hours));
  const t0 = performance.now();
  const facts = sim.run();
  const wall = (performance.now() - t0) / 1000;
  const a = facts.autoscaling!;
  return {
    wallSeconds: wall,
    simulatedSeconds: facts.simulatedSeconds,
    events: facts.eventsProcessed,
    podsCreated: facts.pods.created,
    hpaRescales: a.hpaRescales,
    scaleUps: a.clusterAutoscaler?.scaleUps ?? 0,
    nodesRemoved: a.clusterAutoscaler?.nodesRemoved ?? 0,
    maxAutoNodes: a.clusterAutoscaler?.groups.find((g) => g.pool === 'auto')?.maxNodes ?? 0,
    cost: a.cost.total,
    baselineEventsPerSecond: runHoldBaseline(),
  };
}

if (require.main === module) {
  const [d, h] = process.argv.slice(2).map(Number);
  const res = runAutoscalingDay(d || 200, h || 24);
  const rate = res.events / res.wallSeconds;
  console.log(`autoscaling day: ${d || 200} autoscaled Deployments on 1,000 nodes, ${h || 24} h simulated`);
  console.log(`  wall ${res.wallSeconds.toFixed(2)} s, simulated/wall ${(res.simulatedSeconds / res.wallSeconds).toFixed(0)}×`);
  console.log(`  ${res.events} events, ${Math.round(rate)} events/s = ${(rate / res.baselineEventsPerSecond).toFixed(4)} of the raw heap's hold rate (${Math.round(res.baselineEventsPerSecond)}/s)`);
  console.log(`  ${res.podsCreated} pods created, ${res.hpaRescales} HPA rescales, ${res.scaleUps} cluster scale-ups, ${res.nodesRemoved} nodes removed, auto pool peak ${res.maxAutoNodes} nodes`);
  console.log(`  cost ${res.cost.toFixed(2)} over the period`);
}
