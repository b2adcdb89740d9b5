import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeChromeTrace } from '../trace/chrome-trace';
import { EXIT } from './exit-codes';

/**
 * `kubesim trace <dir> [--out file]`: converts a run's timeline.csv into Chrome trace-event JSON
 * (default <dir>/trace.json) for Perfetto or chrome://tracing. Returns the exit code.
 */
export function traceCommand(dir: string, opts: { out?: string; quiet?: boolean } = {}): number {
  const timeline = path.join(dir, 'timeline.csv');
  if (!fs.existsSync(timeline)) {
    process.stderr.write(`kubesim: ${timeline} not found; expected the output directory of "kubesim run"\n`);
    return EXIT.usage;
  }
  const out = opts.out ?? path.join(dir, 'trace.json');
  const stats = writeChromeTrace(timeline, out);
  if (!opts.quiet) process.stdout.write(`${out}: ${stats.events} trace events, ${stats.pods} pods on ${stats.nodes} nodes (open in https://ui.perfetto.dev or chrome://tracing)\n`);
  return EXIT.ok;
}
