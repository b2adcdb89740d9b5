import { join } from 'node:path';
import { Simulation } from '../src/sim/simulation';
import { loadScenarioFile } from '../src/scenario/load';
import { Scenario } from '../src/scenario/scenario';
import { HOUR, MINUTE } from '../src/engine/time';

/**
 * Probe skip-ahead benchmark (`node dist/bench/probe-skip-ahead.js [envelope-scenario.yaml]`):
 * 1. scenarios/probes.yaml in tick and skip-ahead probe modes: events handled by the kubelets and
 *    in total, and their ratio (target: skip-ahead ≤ 1/50 of tick mode);
 * 2. the envelope scenario (default scenarios/envelope-5k.yaml: 5,000 nodes; its Deployments,
 *    StatefulSets and DaemonSet, 135,000 pods with probes, without the timeline and the Jobs) in
 *    skip-ahead mode: engine events per pod over one steady simulated hour after 20 minutes of
 *    start-up (target: < 5 per pod).
 * Prints one JSON document. Event counts are deterministic; wall times are not.
 */

const ROOT = join(__dirname, '..', '..');
/** Start-up of the envelope (creation, scheduling, pulls) happens before the measured hour. */
const WARMUP = 20 * MINUTE;

function withMode(s: Scenario, probeMode: 'tick' | 'skip-ahead'): Scenario {
  return { ...s, kubelet: { ...(s.kubelet ?? { serializeImagePulls: true }), probeMode } };
}

export function probeScenario(): Record<string, unknown> {
  const base = loadScenarioFile(join(ROOT, 'scenarios', 'probes.yaml'));
  const out: Record<string, unknown> = {};
  const counts: Record<string, { kubeletEvents: number; totalEvents: number; wallSeconds: number }> = {};
  for (const mode of ['tick', 'skip-ahead'] as const) {
    const t0 = process.hrtime.bigint();
    const sim = new Simulation(withMode(base, mode));
    const facts = sim.run();
    counts[mode] = { kubeletEvents: sim.nodeAgent.stats.events, totalEvents: facts.eventsProcessed, wallSeconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  }
  out.modes = counts;
  const ratio = counts['skip-ahead'].kubeletEvents / counts.tick.kubeletEvents;
  out.kubeletEventRatio = ratio;
  out.totalEventRatio = counts['skip-ahead'].totalEvents / counts.tick.totalEvents;
  out.meetsTarget = ratio <= 1 / 50;
  return out;
}

export function envelope(file: string): Record<string, unknown> {
  // Steady: the envelope's long-running workloads with their probes, without its timeline
  // (rollouts, node crashes, the leader kill) and without its Jobs (run-to-completion churn).
  const loaded = withMode(loadScenarioFile(file), 'skip-ahead');
  const s: Scenario = { ...loaded, timeline: [], resources: loaded.resources.filter((r) => r.object.kind !== 'Job') };
  const warmup = WARMUP;
  const t0 = process.hrtime.bigint();
  const sim = new Simulation({ ...s, duration: warmup + HOUR });
  sim.runUntil(warmup);
  const before = sim.engine.eventsProcessed;
  const kubeletBefore = sim.nodeAgent.stats.events;
  const pods = sim.store.count('Pod');
  sim.runUntil(warmup + HOUR);
  const events = sim.engine.eventsProcessed - before;
  return {
    scenario: s.name,
    nodes: sim.store.count('Node'),
    pods,
    steadyHourFrom: warmup / 1e6,
    eventsInSteadyHour: events,
    kubeletEventsInSteadyHour: sim.nodeAgent.stats.events - kubeletBefore,
    eventsPerPod: pods > 0 ? events / pods : null,
    meetsTarget: pods > 0 && events / pods < 5,
    wallSeconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

if (require.main === module) {
  const envelopeFile = process.argv[2] ?? join(ROOT, 'scenarios', 'envelope-5k.yaml');
  console.log(JSON.stringify({ probes: probeScenario(), envelope: envelope(envelopeFile) }, null, 2));
}
