import * as fs from 'node:fs';
import { Figure } from './figures';

/**
 * Compares two bench results files by each figure's ratio to its in-run baseline (absolute
 * numbers drift between machines and runs; ratios travel). Prints old ratio, new ratio and change.
 *
 * Usage: node dist/bench/compare.js OLD.json NEW.json
 */
function main(): void {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) {
    process.stderr.write('usage: node dist/bench/compare.js OLD.json NEW.json\n');
    process.exitCode = 64;
    return;
  }
  const load = (f: string) => new Map((JSON.parse(fs.readFileSync(f, 'utf8')).figures as Figure[]).map((x) => [x.name, x]));
  const old = load(a);
  const cur = load(b);
  for (const [name, f] of cur) {
    const o = old.get(name);
    const change = o ? `${(((f.ratio - o.ratio) / o.ratio) * 100).toFixed(1)}%` : 'new';
    process.stdout.write(`${name.padEnd(50)} ${o ? o.ratio.toFixed(3) : '-'.padStart(5)} → ${f.ratio.toFixed(3)}  (${change})\n`);
  }
  for (const name of old.keys()) if (!cur.has(name)) process.stdout.write(`${name.padEnd(50)} removed\n`);
}

main();
