import seedrandom from 'seedrandom';
import { Node } from '../src/api/node';
import { Pod } from '../src/api/pod';
import { NodeInfo } from '../src/scheduler/node-info';
import { Snapshot } from '../src/scheduler/snapshot';
import { defaultProfile } from '../src/scheduler/profile';
import { scheduleOne, SchedulingState } from '../src/scheduler/schedule-one';
import { RawHold, exponentialIncrements } from './hold-model';

/**
 * Scheduler throughput, as upstream's scheduler_perf SchedulingBasic: 50,000 pods (one container,
 * 100m cpu / 128Mi, no owner, no affinity) onto 5,000 nodes (4 cpu / 16Gi / 110 pods, 3 zones)
 * with the default plugins and the adaptive percentageOfNodesToScore (10% at 5,000 nodes). Each
 * pod is scheduled and assumed onto its node, as the scheduler's cycle does.
 *
 * Reported beside the raw fastpriorityqueue hold rate (100,000 pending) measured in the same run,
 * so the figure compares across machines; both are per second of process CPU time. `node dist/bench/scheduler-throughput.js [--json]`.
 */

export interface SchedulerThroughput {
  nodes: number;
  pods: number;
  scheduled: number;
  podsPerSecond: number;
  rawHoldPerSecond: number;
  ratio: number;
  target: number;
  meetsTarget: boolean;
}

export const TARGET_PODS_PER_SECOND = 25_000;

function makeNode(i: number): Node {
  const name = `node-${i}`;
  const alloc = { cpu: '4', memory: '16Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: {},
    status: { capacity: alloc, allocatable: alloc, conditions: [] },
  };
}

function makePod(i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: `app-${i % 10}` } },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
    status: { phase: 'Pending' },
  };
}

/** Seconds of CPU time this process spent (user + system): robust to other load on the machine. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function rawHoldRate(): number {
  const inc = exponentialIncrements(1 << 20);
  const raw = new RawHold(100_000, inc);
  raw.step(200_000);
  const steps = 2_000_000;
  const t0 = cpuSeconds();
  raw.step(steps);
  return steps / (cpuSeconds() - t0);
}

/**
 * Schedules `numPods` pods onto `numNodes` nodes; returns pods per second of this process's CPU
 * time (wall time on a shared machine counts other processes' work) and how many were placed.
 */
export function measureSchedulerThroughput(numNodes = 5_000, numPods = 50_000): { podsPerSecond: number; scheduled: number } {
  const snapshot = new Snapshot();
  for (let i = 0; i < numNodes; i++) snapshot.addNode(new NodeInfo(makeNode(i)));
  const pods: Pod[] = [];
  for (let i = 0; i < numPods; i++) pods.push(makePod(i));
  const profile = defaultProfile();
  const state: SchedulingState = { nextStartNodeIndex: 0 };
  const u = seedrandom.alea('bench/scheduler:select-host');
  const pick = (n: number): number => Math.floor(u() * n);
  let scheduled = 0;
  const t0 = cpuSeconds();
  for (let i = 0; i < numPods; i++) {
    const r = scheduleOne(pods[i], snapshot, profile, state, pick);
    if ('nodeName' in r) {
      snapshot.assume(pods[i], r.nodeName);
      scheduled++;
    }
  }
  const secs = cpuSeconds() - t0;
  return { podsPerSecond: numPods / secs, scheduled };
}

export function runSchedulerThroughput(): SchedulerThroughput {
  measureSchedulerThroughput(500, 5_000);
  const { podsPerSecond, scheduled } = measureSchedulerThroughput();
  const rawHoldPerSecond = rawHoldRate();
  return {
    nodes: 5_000,
    pods: 50_000,
    scheduled,
    podsPerSecond,
    rawHoldPerSecond,
    ratio: podsPerSecond / rawHoldPerSecond,
    target: TARGET_PODS_PER_SECOND,
    meetsTarget: podsPerSecond >= TARGET_PODS_PER_SECOND,
  };
}

if (require.main === module) {
  const r = runSchedulerThroughput();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else {
    process.stdout.write(
      `scheduler: ${r.scheduled.toLocaleString('en-US')}/${r.pods.toLocaleString('en-US')} pods onto ${r.nodes.toLocaleString('en-US')} nodes: ` +
        `${Math.round(r.podsPerSecond).toLocaleString('en-US')} pods/s (target ≥ ${r.target.toLocaleString('en-US')}: ${r.meetsTarget ? 'met' : 'NOT met'})\n` +
        `raw heap hold @100000 pending: ${Math.round(r.rawHoldPerSecond).toLocaleString('en-US')} ops/s; ratio ${r.ratio.toExponential(3)}\n`,
    );
  }
}
