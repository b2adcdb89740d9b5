import * as path from 'node:path';
import { formatDuration, Time } from '../engine/time';
import { loadScenarioFile } from '../scenario/load';
import { Limits } from '../scenario/limits';
import { Simulation } from '../sim/simulation';
import { RunOutputs } from '../output/run-outputs';
import { EXIT } from './exit-codes';
import { Progress } from './progress';
import { InvariantViolation } from '../invariants/invariant-violation';
import { writeRunReport } from '../report';
import { writeRunTrace } from '../trace/chrome-trace';
import { attachExpectations } from '../studies/expectations';
import { formatVerdict } from '../studies/slo';

export interface RunOptions {
  seed?: number;
  out?: string;
  until?: Time;
  quiet?: boolean;
  /** Also write report.html and report.md (kubesim report). */
  report?: boolean;
  /** Also write trace.json, Chrome trace-event JSON of the timeline (kubesim trace). */
  trace?: boolean;
  /** --check-invariants: a violation stops the run, is printed, and exits 70 after flushing outputs. */
  checkInvariants?: boolean;
  /** --limit: input limits raised or lowered from the defaults. */
  limits?: Partial<Limits>;
}

/** Events handled between looks at signals and the progress line. */
const CHUNK_EVENTS = 100_000;

/**
 * `kubesim run`: loads the scenario, runs it in chunks (yielding to Node's event loop between
 * chunks so SIGINT/SIGTERM and the progress line are served), streams the outputs and prints where
 * they are. On a signal the run stops at the current virtual instant, flushes what it has and
 * marks summary.json as interrupted.
 */
export async function runScenario(file: string, opts: RunOptions): Promise<number> {
  const scenario = loadScenarioFile(file, { seed: opts.seed, limits: opts.limits });
  const outDir = opts.out ?? scenario.outputDir ?? path.join('out', scenario.name);
  const outputs = new RunOutputs(outDir);
  const sim = new Simulation(scenario, {
    seed: opts.seed,
    until: opts.until,
    timelineSinks: [outputs],
    seriesSinks: [outputs],
    checkInvariants: opts.checkInvariants,
  });
  const slo = attachExpectations(sim);
  let signal: string | undefined;
  const onSignal = (s: string) => {
    signal = s;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = new Progress(!opts.quiet && process.stderr.isTTY === true);
  const started = process.hrtime.bigint();
  let violation: InvariantViolation | undefined;
  try {
    sim.start();
    while (!signal) {
      sim.runUntil(sim.end, CHUNK_EVENTS);
      if (sim.engine.now >= sim.end || sim.engine.pending === 0) break;
      progress.update(sim.engine.now, sim.end, sim.engine.eventsProcessed);
      await new Promise((r) => setImmediate(r));
    }
  } catch (e) {
    if (!(e instanceof InvariantViolation)) throw e;
    violation = e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    progress.clear();
  }
  if (signal) sim.interrupted = true;
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const facts = sim.facts();
  const verdicts = slo.evaluate(facts);
  const paths = outputs.finish(facts, {
    seconds: round(wallSeconds, 3),
    eventsPerSecond: Math.round(facts.eventsProcessed / Math.max(wallSeconds, 1e-9)),
    simulatedPerWall: round(facts.simulatedSeconds / Math.max(wallSeconds, 1e-9), 1),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }, { ...(verdicts.length > 0 ? { expectations: verdicts } : {}), ...(violation ? { invariantViolation: violation.toJSON() } : {}) });
  if (opts.trace) paths.push(writeRunTrace(outDir).path);
  if (opts.report) paths.push(...writeRunReport(outDir));
  if (!opts.quiet) {
    const p50 = facts.podStartupSeconds.p50;
    process.stdout.write(
      `${signal ? `interrupted by ${signal} at` : 'simulated'} ${formatDuration(sim.engine.now)} of "${scenario.name}" (seed ${facts.seed}) in ${wallSeconds.toFixed(2)} s wall: ` +
        `${facts.eventsProcessed} events, ${facts.pods.created} pods created, ${facts.pods.ready} became ready` +
        (p50 !== null ? ` (start-up p50 ${p50} s)` : '') +
        '\n',
    );
    process.stdout.write(`outputs in ${path.resolve(outDir)}:\n`);
    for (const p of paths) process.stdout.write(`  ${displayPath(p)}\n`);
  }
  for (const v of verdicts) if (!opts.quiet || !v.pass) process.stdout.write(formatVerdict(v) + '\n');
  if (violation) {
    process.stderr.write(`kubesim: ${violation.format()}\n`);
    return EXIT.internal;
  }
  if (signal) return EXIT.interrupted;
  return verdicts.some((v) => !v.pass) ? EXIT.expectationFailed : EXIT.ok;
}

/** A path relative to the working directory when it lies below it, else absolute. */
function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(p);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

