import { performance } from 'node:perf_hooks';
import { Simulation } from '../src/sim/simulation';
import { constant } from '../src/engine/distribution';
import { MILLISECOND, SECOND, MINUTE } from '../src/engine/time';
import { Deployment } from '../src/api/workloads';
import { AppModel, NodePool, Scenario, TimelineAction } from '../src/scenario/scenario';
import { runHoldBaseline } from './rollout-baseline';

/**
 * Rolling update of D Deployments × R replicas on N nodes (default 1,000 × 100 on 5,000): all
 * Deployments are created at 0, and at 5 minutes every one gets a new image (default strategy
 * 25%/25%). Prints wall time, events, the simulated/wall ratio, and that ratio next to the raw
 * heap's hold rate measured in the same run (events per wall second), as DESIGN.md asks.
 * Usage: node dist/bench/rollout-1000x100.js [deployments] [replicas] [nodes]
 */
export function rolloutScenario(deployments: number, replicas: number, nodes: number): Scenario {
  const pool: NodePool = { name: 'general', count: nodes, zones: ['a', 'b', 'c'], capacity: { cpu: '32', memory: '128Gi', pods: '110' }, labels: {}, taints: [], imagePullBandwidth: 100 * 1024 * 1024 };
  const apps: AppModel[] = [];
  const resources: { object: Deployment; at: string }[] = [];
  const timeline: TimelineAction[] = [];
  for (let i = 0; i < deployments; i++) {
    const name = `svc-${i}`;
    for (const v of ['v1', 'v2']) apps.push({ image: `${name}:${v}`, imageSize: 50 * 1024 * 1024, startup: constant(5 * SECOND) });
    resources.push({
      at: '<bench>',
      object: {
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
            spec: { containers: [{ name, image: `${name}:v1`, resources: { requests: { cpu: '100m', memory: '128Mi' } } }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' },
          },
        },
        status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 },
      },
    });
    timeline.push({ type: 'setImage', at: 5 * MINUTE, where: '<bench>', target: { kind: 'Deployment', name, namespace: 'default' }, image: `${name}:v2` });
  }
  return {
    name: 'rollout-bench',
    source: '<bench>',
    seed: 1,
    duration: 30 * MINUTE,
    sampleInterval: 30 * SECOND,
    latencies: { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND },
    cluster: { nodePools: [pool] },
    applications: new Map(apps.map((a) => [a.image, a])),
    resources,
    timeline,
  };
}

export interface RolloutBenchResult {
  wallSeconds: number;
  simulatedSeconds: number;
  events: number;
  ratio: number;
  rolloutsCompleted: number;
  lastRolloutEnd: number;
  baselineEventsPerSecond: number;
}

export function runRolloutBench(deployments = 1000, replicas = 100, nodes = 5000): RolloutBenchResult {
  const sim = new Simulation(rolloutScenario(deployments, replicas, nodes));
  const t0 = performance.now();
  const facts = sim.run();
  const wall = (performance.now() - t0) / 1000;
  const done = facts.rollouts.filter((r) => r.revision === 2 && r.completedAt !== null);
  return {
    wallSeconds: wall,
    simulatedSeconds: facts.simulatedSeconds,
    events: facts.eventsProcessed,
    ratio: facts.simulatedSeconds / wall,
    rolloutsCompleted: done.length,
    lastRolloutEnd: Math.max(0, ...done.map((r) => r.completedAt!)),
    baselineEventsPerSecond: runHoldBaseline(),
  };
}

if (require.main === module) {
  const [d, r, n] = process.argv.slice(2).map(Number);
  const res = runRolloutBench(d || 1000, r || 100, n || 5000);
  const eventsPerSecond = res.events / res.wallSeconds;
  console.log(`rollout ${d || 1000} Deployments × ${r || 100} replicas on ${n || 5000} nodes`);
  console.log(`  wall ${res.wallSeconds.toFixed(2)} s, simulated ${res.simulatedSeconds} s, simulated/wall ${res.ratio.toFixed(1)}×`);
  console.log(`  ${res.events} events, ${Math.round(eventsPerSecond)} events/s = ${(eventsPerSecond / res.baselineEventsPerSecond).toFixed(4)} of the raw heap's hold rate (${Math.round(res.baselineEventsPerSecond)}/s)`);
  console.log(`  ${res.rolloutsCompleted} rollouts completed, the last at ${res.lastRolloutEnd.toFixed(1)} s`);
}

