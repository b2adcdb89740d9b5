import * as fs from 'node:fs';
import * as path from 'node:path';
import { isStudyDir, writeRunReport, writeStudyReport } from '../report';
import { EXIT } from './exit-codes';

/**
 * `kubesim report <dir>`: writes report.html and report.md into a run's output directory (from
 * timeline.csv, series.csv, summary.json) or a sweep's / plan's (from points.csv, runs.csv,
 * plan.json). Returns the exit code.
 */
export function reportCommand(dir: string, opts: { quiet?: boolean } = {}): number {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    process.stderr.write(`kubesim: ${dir}: not a directory; expected the output directory of "kubesim run", "sweep" or "plan"\n`);
    return EXIT.usage;
  }
  const study = isStudyDir(dir);
  if (!study && !['timeline.csv', 'series.csv', 'summary.json'].some((f) => fs.existsSync(path.join(dir, f)))) {
    process.stderr.write(`kubesim: ${dir} holds no timeline.csv, series.csv, summary.json, points.csv or plan.json: nothing to report\n`);
    return EXIT.usage;
  }
  const paths = study ? writeStudyReport(dir) : writeRunReport(dir);
  if (!opts.quiet) for (const p of paths) process.stdout.write(`${p}\n`);
  return EXIT.ok;
}
