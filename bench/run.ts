import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { Bench } from 'tinybench';
import { RawHold, EngineHold, exponentialIncrements } from './hold-model';

/**
 * `npm run bench`: micro benchmarks with tinybench. Every figure is reported beside the baseline
 * measured in the same run (the raw fastpriorityqueue hold rate at the same queue size) and as a
 * ratio to it, so results compare across machines. Writes bench/results/latest.json.
 *
 * Compare with an earlier results file: `node dist/bench/compare.js old.json bench/results/latest.json`.
 */

const STEPS = 10_000;

interface Figure {
  name: string;
  opsPerSecond: number;
  baseline: string;
  baselineOpsPerSecond: number;
  ratio: number;
  target?: string;
  meetsTarget?: boolean;
}

async function holdFigures(pendingSizes: number[]): Promise<Figure[]> {
  const inc = exponentialIncrements(1 << 20);
  const figures: Figure[] = [];
  for (const pending of pendingSizes) {
    const raw = new RawHold(pending, inc);
    const eng = new EngineHold(pending, inc);
    const bench = new Bench({ time: 1500, warmupTime: 300 });
    bench.add(`raw heap hold @${pending}`, () => raw.step(STEPS));
    bench.add(`engine hold @${pending}`, () => eng.step(STEPS));
    await bench.run();
    const rate = (name: string) => {
      const t = bench.tasks.find((x) => x.name === name)!;
      const r = t.result as unknown as { throughput?: { mean: number }; hz?: number };
      const hz = r.throughput?.mean ?? r.hz ?? 0;
      return hz * STEPS;
    };
    const base = rate(`raw heap hold @${pending}`);
    const engine = rate(`engine hold @${pending}`);
    figures.push({ name: `raw heap hold @${pending} pending`, opsPerSecond: base, baseline: 'itself', baselineOpsPerSecond: base, ratio: 1 });
    const ratio = engine / base;
    figures.push({
      name: `engine hold @${pending} pending`,
      opsPerSecond: engine,
      baseline: `raw heap hold @${pending} pending`,
      baselineOpsPerSecond: base,
      ratio,
      target: '≥ 0.5× raw heap',
      meetsTarget: ratio >= 0.5,
    });
  }
  return figures;
}

function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    Math.round(f.opsPerSecond).toLocaleString('en-US'),
    f.ratio.toFixed(3),
    f.target ? `${f.target}: ${f.meetsTarget ? 'met' : 'NOT met'}` : '',
  ]);
  const head = ['benchmark', 'ops/s', 'ratio to baseline', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  process.stdout.write(line(head) + '\n' + widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const r of rows) process.stdout.write(line(r) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const figures: Figure[] = [];
  figures.push(...(await holdFigures(quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000])));
  printTable(figures);
  const out = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
    figures,
  };
  const dir = path.join(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), path.join(dir, 'latest.json'))}\n`);
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exitCode = 1;
});
