import { loadScenarioFile } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';

/**
 * Runs one scenario in this (fresh) process with no outputs written and prints one JSON line:
 * wall seconds, events, pods, simulated seconds and peak RSS. Run as a child of bench/run.ts so
 * that each scenario's peak memory is its own.
 *
 * Usage: node dist/bench/macro-child.js <scenario.yaml> [--until-seconds N]
 */
function main(): void {
  const file = process.argv[2];
  const untilArg = process.argv.indexOf('--until-seconds');
  const until = untilArg > 0 ? Number(process.argv[untilArg + 1]) * 1e6 : undefined;
  const scenario = loadScenarioFile(file);
  const started = process.hrtime.bigint();
  const sim = new Simulation(scenario, { until });
  const facts = sim.run();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const out = {
    scenario: scenario.name,
    wallSeconds: wall,
    events: facts.eventsProcessed,
    podsCreated: facts.pods.created,
    simulatedSeconds: facts.simulatedSeconds,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
