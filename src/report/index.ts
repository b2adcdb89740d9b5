import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRunData } from './run-data';
import { readStudyData } from './study-data';
import { runCharts, studyCharts, round } from './charts';
import { renderHtml } from './html-report';
import { renderMarkdown } from './markdown-report';
import { Table, expectationTable, planTable, pointsTable, reasonTable, rolloutTable, runFacts, traceNodeTypeTable } from './report-tables';

export { readRunData } from './run-data';
export { readStudyData } from './study-data';
export type { ChartSpec } from './charts';

/**
 * Writes report.html and report.md into a run's output directory from its summary.json,
 * series.csv and timeline.csv (each optional; what is missing is noted, not fatal). Files are
 * written under a temporary name and renamed. Returns the paths written.
 */
export function writeRunReport(dir: string): string[] {
  const d = readRunData(dir);
  const scenario = typeof d.summary?.scenario === 'string' ? d.summary.scenario : path.basename(path.resolve(dir));
  const title = `kubesim run: ${scenario}`;
  const seed = d.summary?.seed !== undefined ? `seed ${String(d.summary.seed)}, ` : '';
  const subtitle = `${seed}${round(d.end, 3)} s of virtual time${d.summary?.interrupted === true ? ' (interrupted)' : ''}.`;
  const tables = [runFacts(d), expectationTable(d.summary), rolloutTable(d), reasonTable(d), traceNodeTypeTable(d)].filter((t): t is Table => t !== undefined);
  const charts = runCharts(d);
  return writeBoth(dir, renderHtml({ title, subtitle, tables, charts }), renderMarkdown(title, subtitle, tables, charts));
}

/**
 * Writes report.html and report.md into a sweep's or plan's directory from points.csv, runs.csv
 * and plan.json (when present). Returns the paths written.
 */
export function writeStudyReport(dir: string): string[] {
  const s = readStudyData(dir);
  const kind = s.plan ? 'plan' : 'sweep';
  const title = `kubesim ${kind}: ${path.basename(path.resolve(dir))}`;
  const subtitle = `${s.points.length} grid point(s), ${s.runs} run(s)${s.xParam ? `; x axis: ${s.xParam}` : ''}${s.groupParams.length ? `; one line per ${s.groupParams.join(', ')}` : ''}.`;
  const tables = [planTable(s.plan), pointsTable(s)].filter((t): t is Table => t !== undefined);
  const charts = studyCharts(s);
  return writeBoth(dir, renderHtml({ title, subtitle, tables, charts }), renderMarkdown(title, subtitle, tables, charts));
}

/** A study directory (points.csv or plan.json) gets a study report, anything else a run report. */
export function writeReport(dir: string): string[] {
  return isStudyDir(dir) ? writeStudyReport(dir) : writeRunReport(dir);
}

export function isStudyDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'points.csv')) || fs.existsSync(path.join(dir, 'plan.json'));
}

function writeBoth(dir: string, html: string, md: string): string[] {
  const out: string[] = [];
  for (const [name, body] of [['report.html', html], ['report.md', md]] as const) {
    const p = path.join(dir, name);
    fs.writeFileSync(`${p}.partial`, body);
    fs.renameSync(`${p}.partial`, p);
    out.push(p);
  }
  return out;
}
