import * as path from 'node:path';
import { runFuzz, FuzzReport } from '../src/fuzz/fuzz-runner';

/**
 * `npm run fuzz -- --cases 10000 [--seed S] [--out DIR] [--max-events N] [--first I]` (docs/fuzzing.md):
 * mutates the shipped scenarios, asserts that every rejection is a clean InputError with
 * file:line:col and that no input makes kubesim throw anything else. Exits 1 on any failure,
 * with each reproducing input written under --out (default fuzz-failures/).
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function line(r: FuzzReport): string {
  return `${r.cases} cases: ${r.rejected} rejected with a clean error, ${r.ran} ran, ${r.failures.length} uncaught`;
}

function main(): number {
  const cases = Number(arg('cases') ?? 1000);
  const seed = arg('seed') ?? '1';
  const out = arg('out') ?? 'fuzz-failures';
  const maxEvents = Number(arg('max-events') ?? 20_000);
  const first = Number(arg('first') ?? 0);
  if (!Number.isInteger(cases) || cases < 0 || !Number.isInteger(maxEvents) || maxEvents < 0) {
    process.stderr.write('usage: fuzz [--cases N] [--seed S] [--out DIR] [--max-events N] [--first I]\n');
    return 64;
  }
  const root = path.resolve(__dirname, '..', '..');
  const started = Date.now();
  const report = runFuzz({
    cases,
    seed,
    first,
    maxEvents,
    scenariosDir: path.join(root, 'scenarios'),
    failuresDir: out,
    progress: (r) => process.stderr.write(`  ${line(r)}\n`),
  });
  process.stdout.write(`fuzz (seed ${seed}): ${line(report)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const f of report.failures) {
    process.stdout.write(`  case ${f.case} (${f.scenario}, ${f.mutatedFile}, ${f.stage}): ${f.error.split('\n')[0]}\n    reproducer: ${f.reproducer}\n`);
  }
  return report.failures.length === 0 ? 0 : 1;
}

process.exitCode = main();
