import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import seedrandom from 'seedrandom';
import { InputError, Problem } from '../scenario/problems';
import { loadScenarioText } from '../scenario/load';
import { Simulation } from '../sim/simulation';
import { MINUTE } from '../engine/time';
import { mutateYaml } from './scenario-mutator';

export interface FuzzOptions {
  cases: number;
  seed: number | string;
  /** The first case number (default 0): cases first .. first + cases − 1 run, so one can be replayed alone. */
  first?: number;
  /** The shipped scenarios (scenarios/ with its manifests/ folder). */
  scenariosDir: string;
  /** Where reproducing inputs of failures are written (default: no files). */
  failuresDir?: string;
  /** Event cap of the short run of each valid mutant. */
  maxEvents?: number;
  /** Scenario files to leave out (the large benchmark ones). */
  exclude?: RegExp;
  /** Called every 500 cases with the counts so far. */
  progress?: (r: FuzzReport) => void;
}

/** One input that broke the contract: an exception other than a clean InputError. */
export interface FuzzFailure {
  case: number;
  scenario: string;
  mutatedFile: string;
  ops: string[];
  stage: 'load' | 'run' | 'problem';
  error: string;
  /** The file holding the reproducing input, when failuresDir was given. */
  reproducer?: string;
}

export interface FuzzReport {
  cases: number;
  /** Rejected with a clean InputError: every problem has a file, a line ≥ 1, a column ≥ 1 and a message. */
  rejected: number;
  /** Loaded and ran (up to the event cap) without an exception. */
  ran: number;
  /** Uncaught exceptions during loading or running, and InputErrors without a usable position. */
  failures: FuzzFailure[];
}

/** A problem a user can act on: where (file:line:col) and what. */
export function isCleanProblem(p: Problem): boolean {
  return (
    typeof p.file === 'string' && p.file.length > 0 &&
    Number.isInteger(p.line) && p.line >= 1 &&
    Number.isInteger(p.col) && p.col >= 1 &&
    typeof p.message === 'string' && p.message.length > 0 &&
    typeof p.path === 'string'
  );
}

interface Target {
  name: string;
  file: string;
  text: string;
  manifests: { rel: string; text: string }[];
}

function readTargets(dir: string, exclude: RegExp): Target[] {
  const out: Target[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml') && !exclude.test(x)).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const manifests: Target['manifests'] = [];
    for (const m of text.matchAll(/file:\s*([^\s#]+)/g)) {
      const full = path.join(dir, m[1]);
      if (fs.existsSync(full) && fs.statSync(full).isFile()) manifests.push({ rel: m[1], text: fs.readFileSync(full, 'utf8') });
    }
    out.push({ name: f, file: path.join(dir, f), text, manifests });
  }
  return out;
}

/**
 * Mutates the shipped scenarios and their manifests with a seeded generator and feeds each mutant
 * to the loader; a mutant that loads is run for a short while (at most `maxEvents` events, 10
 * virtual minutes). The contract under test (DESIGN principle 7): bad input gives an InputError
 * whose every problem carries file:line:col, never another exception; good input runs.
 * Case i draws from the stream `${seed}:${i}`, so one case can be replayed alone.
 */
export function runFuzz(o: FuzzOptions): FuzzReport {
  const targets = readTargets(o.scenariosDir, o.exclude ?? /^envelope-|^rollout-1000/);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-fuzz-'));
  fs.cpSync(o.scenariosDir, work, { recursive: true, filter: (src) => !/envelope-/.test(path.basename(src)) });
  const report: FuzzReport = { cases: 0, rejected: 0, ran: 0, failures: [] };
  try {
    const first = o.first ?? 0;
    for (let i = first; i < first + o.cases; i++) {
      runCase(o, i, targets, work, report);
      report.cases++;
      if (o.progress && report.cases % 500 === 0) o.progress(report);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return report;
}

function runCase(o: FuzzOptions, i: number, targets: Target[], work: string, report: FuzzReport): void {
  const u = seedrandom(`${o.seed}:${i}`);
  const t = targets[Math.floor(u() * targets.length)];
  const onManifest = t.manifests.length > 0 && u() < 0.4;
  const m = onManifest ? t.manifests[Math.floor(u() * t.manifests.length)] : undefined;
  const mutation = mutateYaml(u, m ? m.text : t.text);
  const scenarioText = m ? t.text : mutation.text;
  const manifestPath = m && path.join(work, m.rel);
  if (manifestPath) fs.writeFileSync(manifestPath, mutation.text);
  const fail = (stage: FuzzFailure['stage'], e: unknown) => {
    const f: FuzzFailure = {
      case: i,
      scenario: t.name,
      mutatedFile: m ? m.rel : t.name,
      ops: mutation.ops,
      stage,
      error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e),
    };
    if (o.failuresDir) f.reproducer = writeReproducer(o.failuresDir, f, mutation.text, m ? t.text : undefined);
    report.failures.push(f);
  };
  try {
    let scenario;
    try {
      scenario = loadScenarioText(scenarioText, path.join(work, t.name), work);
    } catch (e) {
      if (!(e instanceof InputError)) return fail('load', e);
      const bad = e.problems.find((p) => !isCleanProblem(p));
      if (bad !== undefined || e.problems.length === 0) return fail('problem', new Error(`InputError without a usable position: ${JSON.stringify(bad ?? e.problems)}`));
      report.rejected++;
      return;
    }
    try {
      const sim = new Simulation(scenario, { until: Math.min(scenario.duration, 10 * MINUTE) });
      sim.runUntil(sim.end, o.maxEvents ?? 20_000);
      sim.facts();
      report.ran++;
    } catch (e) {
      fail('run', e);
    }
  } finally {
    if (manifestPath) fs.writeFileSync(manifestPath, m!.text);
  }
}

function writeReproducer(dir: string, f: FuzzFailure, mutated: string, scenarioText: string | undefined): string {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `case-${f.case}`);
  fs.writeFileSync(`${base}-${path.basename(f.mutatedFile)}`, mutated);
  const note = [
    `scenario: ${f.scenario}`,
    `mutated file: ${f.mutatedFile} (saved beside this note as ${path.basename(base)}-${path.basename(f.mutatedFile)})`,
    `operations: ${f.ops.join('; ')}`,
    `stage: ${f.stage}`,
    scenarioText === undefined ? '' : `the scenario itself was unchanged; put the mutated manifest at ${f.mutatedFile} beside it`,
    '',
    f.error,
    '',
  ].join('\n');
  fs.writeFileSync(`${base}.txt`, note);
  return `${base}.txt`;
}
