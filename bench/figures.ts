/**
 * One benchmark figure: a rate (higher is better) or a duration, always with the baseline measured
 * in the same run and the ratio to it, so figures compare across machines.
 */
export interface Figure {
  name: string;
  /** The measured value, in `unit`. */
  value: number;
  unit: string;
  /** The baseline's name and value (the raw fastpriorityqueue hold rate, measured in this run). */
  baseline: string;
  baselineValue: number;
  /** value ÷ baselineValue for rates; for wall times, the events-per-second rate ÷ the baseline rate. */
  ratio: number;
  target?: string;
  meetsTarget?: boolean;
  /** Anything else worth keeping (events, pods, peak RSS, simulated/wall). */
  extra?: Record<string, number | string>;
}

export function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.ratio.toFixed(3),
    f.target ? `${f.target}: ${f.meetsTarget ? 'met' : 'NOT met'}` : '',
  ]);
  const head = ['benchmark', 'value', 'ratio to baseline', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  process.stdout.write(line(head) + '\n' + widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const r of rows) process.stdout.write(line(r) + '\n');
}

function fmt(x: number): string {
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(4);
}
