import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { parseDuration, Time } from '../engine/time';
import { runConformance, formatConformance } from '../conformance/runner';
import { InputError, formatProblem } from '../scenario/problems';
import { LIMIT_NAMES, Limits, addLimitSetting } from '../scenario/limits';
import { EXIT } from './exit-codes';
import { runScenario } from './run-command';
import { validateFiles } from './validate-command';
import { SweepUsageError, sweepCommand } from './sweep-command';
import { planCommand } from './plan-command';
import { mergeCommand } from './merge-command';
import { reportCommand } from './report-command';
import { traceCommand } from './trace-command';

/** Raised for a bad command-line value; printed as a usage error. */
export class UsageError extends Error {}

function parseSeed(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new UsageError(`--seed expects an integer, got "${v}"`);
  return Number(v);
}

function parseUntil(v: string): Time {
  const t = parseDuration(v);
  if (t === undefined) throw new UsageError(`--until expects a duration like "90s" or "1h30m", got "${v}"`);
  return t;
}

/** Commander's collector for the repeatable --limit name=value option. */
function collectLimit(v: string, acc: Partial<Limits> = {}): Partial<Limits> {
  const next = addLimitSetting(acc, v);
  if (typeof next === 'string') throw new UsageError(next);
  return next;
}

const LIMIT_HELP = `raise (or lower) an input limit, repeatable; names: ${LIMIT_NAMES.join(', ')} (docs/cli.md)`;

function buildProgram(setCode: (c: number) => void): Command {
  const program = new Command();
  program
    .name('kubesim')
    .description('A discrete-event simulator of Kubernetes clusters')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('run')
    .description('run a scenario and write timeline.csv, series.csv and summary.json')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'random seed (overrides spec.seed)', parseSeed)
    .option('--out <dir>', 'output directory (default: spec.output.dir or out/<scenario name>)')
    .option('--until <duration>', 'simulate only this much virtual time', parseUntil)
    .option('--quiet', 'print nothing but errors')
    .option('--report', 'also write report.html and report.md (as kubesim report)')
    .option('--trace', 'also write trace.json, the timeline as Chrome trace-event JSON (as kubesim trace)')
    .option('--check-invariants', 'check the simulator\'s invariants as the run goes; a violation stops the run (exit 70)')
    .option('--limit <name=value>', LIMIT_HELP, collectLimit)
    .action(async (file: string, opts: { seed?: number; out?: string; until?: Time; quiet?: boolean; report?: boolean; trace?: boolean; checkInvariants?: boolean; limit?: Partial<Limits> }) => {
      setCode(await runScenario(file, { ...opts, limits: opts.limit }));
    });

  program
    .command('validate')
    .description('check scenarios or plain manifest files; print every problem with file:line:col')
    .argument('<files...>', 'scenario or manifest files')
    .option('--limit <name=value>', LIMIT_HELP, collectLimit)
    .action((files: string[], opts: { limit?: Partial<Limits> }) => {
      setCode(validateFiles(files, opts.limit));
    });

  program
    .command('report')
    .description('write report.html (self-contained, with charts) and report.md for a run, sweep or plan output directory')
    .argument('<dir>', 'output directory of kubesim run, sweep or plan')
    .option('--quiet', 'print nothing but errors')
    .action((dir: string, opts: { quiet?: boolean }) => {
      setCode(reportCommand(dir, opts));
    });

  program
    .command('trace')
    .description('convert a run\'s timeline.csv to Chrome trace-event JSON for Perfetto or chrome://tracing')
    .argument('<dir>', 'output directory of kubesim run')
    .option('--out <file>', 'where to write (default: <dir>/trace.json)')
    .option('--quiet', 'print nothing but errors')
    .action((dir: string, opts: { out?: string; quiet?: boolean }) => {
      setCode(traceCommand(dir, opts));
    });

  program
    .command('sweep')
    .description('run a scenario over a grid of --set values × seeds 1..N in worker threads; write runs.csv, points.csv (mean, 95% CI, SLO pass rate)')
    .argument('<scenario>', 'scenario YAML file')
    .option('--set <path=v1,v2,...>', 'a scenario field and its values (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--seeds <n>', 'seeds 1..N per grid point', '1')
    .option('--workers <k>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'output directory (default: out/<scenario name>-sweep); a re-run resumes it')
    .option('--shard <i/N>', 'run only slice i (0-based) of N of the runs')
    .option('--emit-job', 'write a Kubernetes Indexed Job running the shards and a merge Job instead of running')
    .option('--shards <n>', 'with --emit-job: number of shards (Job completions)', '4')
    .option('--image <image>', 'with --emit-job: container image with kubesim', 'kubesim:latest')
    .option('--volume-claim <name>', 'with --emit-job: PersistentVolumeClaim mounted at /data', 'kubesim-data')
    .option('--limit <name=value>', LIMIT_HELP, collectLimit)
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts: Parameters<typeof sweepCommand>[1]) => {
      setCode(await sweepCommand(file, opts));
    });

  program
    .command('merge')
    .description('join the output directories of sweep shards into one sweep directory')
    .argument('<dirs...>', 'sweep output directories')
    .requiredOption('--out <dir>', 'where to write the merged runs.csv, points.csv and sweep.json')
    .option('--quiet', 'print nothing but errors')
    .action((dirs: string[], opts: { out: string; quiet?: boolean }) => {
      setCode(mergeCommand(dirs, opts));
    });

  program
    .command('plan')
    .description('find the cheapest node pool (spec.plan) that meets every expectation (spec.expect) with the stated confidence')
    .argument('<scenario>', 'scenario YAML file with spec.plan and spec.expect')
    .option('--workers <k>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'output directory (default: out/<scenario name>-plan)')
    .option('--limit <name=value>', LIMIT_HELP, collectLimit)
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts: { workers?: string; out?: string; quiet?: boolean; limit?: Partial<Limits> }) => {
      setCode(await planCommand(file, opts));
    });

  program
    .command('conformance')
    .description('run the upstream conformance tables in a directory through kubesim\'s code')
    .argument('[dir]', 'directory of conformance JSON files', path.join('..', 'shared', 'conformance'))
    .addOption(new Option('--verbose', 'print every failing case'))
    .action((dir: string, opts: { verbose?: boolean }) => {
      const report = runConformance(dir);
      process.stdout.write(formatConformance(report, opts.verbose) + '\n');
      setCode(report.failed === 0 ? EXIT.ok : EXIT.conformanceFailed);
    });
  return program;
}

/** The CLI entry point: returns the process exit code (docs/cli.md). Never throws for user errors. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof SweepUsageError) {
      process.stderr.write(`kubesim: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      for (const p of e.problems) process.stderr.write(formatProblem(p) + '\n');
      return EXIT.invalidInput;
    }
    throw e;
  }
}

