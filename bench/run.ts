import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Figure, printTable } from './figures';
import { engineHoldFigures, rawHoldRate } from './engine-bench';
import { storeFigures } from './store-bench';
import { runMacro, macroFigure } from './macro-bench';

/**
 * `npm run bench`: the benchmark suite. Every figure is printed with the baseline measured in the
 * same run (the raw fastpriorityqueue hold rate) and its ratio to it, so results compare across
 * machines. Writes bench/results/latest.json.
 *
 *   npm run bench                       micro benchmarks and the macro scenarios (1k, 5k, 15k envelope)
 *   npm run bench -- --quick            micro benchmarks and the 1k envelope only
 *   npm run bench -- --only engine,store,macro
 *   node dist/bench/compare.js OLD.json bench/results/latest.json    compare two results files by ratio
 */

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.indexOf('--only');
  const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : undefined;
  const want = (s: string) => !only || only.has(s);
  const figures: Figure[] = [];

  const holds = await engineHoldFigures(quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000]);
  if (want('engine')) figures.push(...holds);
  const baselineName = 'raw heap hold @100000';
  const baseline = holds.find((f) => f.name === baselineName)?.value ?? (await rawHoldRate(100_000));

  if (want('store')) figures.push(...(await storeFigures(baselineName, baseline)));

  if (want('macro')) {
    const macros: [string, string, { wallBelow: number; rssBelowMiB: number } | undefined][] = [
      ['envelope-1k (1,000 nodes, 30,000 pods, 1 h)', 'envelope-1k.yaml', undefined],
    ];
    if (!quick) {
      macros.push(['envelope-5k (5,000 nodes, 150,000 pods, 1 h)', 'envelope-5k.yaml', { wallBelow: 30, rssBelowMiB: 4096 }]);
      macros.push(['envelope-15k (15,000 nodes, 450,000 pods, 1 h)', 'envelope-15k.yaml', undefined]);
    }
    const results = new Map<string, ReturnType<typeof runMacro>>();
    for (const [name, file, target] of macros) {
      process.stderr.write(`running ${file} …\n`);
      const m = runMacro(path.join(ROOT, 'scenarios', file));
      results.set(file, m);
      figures.push(macroFigure(name, m, baselineName, baseline, target));
    }
    const m5 = results.get('envelope-5k.yaml');
    const m15 = results.get('envelope-15k.yaml');
    if (m5 && m15) {
      const growth = m15.wallSeconds / m5.wallSeconds;
      figures.push({
        name: 'envelope cost growth 15k ÷ 5k (wall)',
        value: growth,
        unit: '×',
        baseline: 'envelope-5k wall',
        baselineValue: m5.wallSeconds,
        ratio: growth,
        target: '≤ 3.5×',
        meetsTarget: growth <= 3.5,
      });
    }
  }

  printTable(figures);
  const out = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
    baseline: { name: baselineName, eventsPerSecond: baseline },
    figures,
  };
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwrote bench/results/latest.json\n`);
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exitCode = 1;
});
