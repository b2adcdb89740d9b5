import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaseOutcome } from './suite';
import { CONFORMANCE_FILES } from './registry';

/** Counts for one suite of one file. `failures` holds the messages of the failing cases. */
export interface SuiteReport {
  readonly file: string;
  readonly suite: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Set when the whole suite was skipped (not in scope, or an unknown file). */
  skipReason?: string;
  readonly failures: string[];
}

export interface ConformanceReport {
  readonly suites: SuiteReport[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * Runs every suite of every *.json file in `dir` that the registry knows. Files the registry does
 * not know and suites without a runner are reported as skipped. A runner that throws counts as a
 * failed case (the thrown message is kept), so one broken case never hides the others.
 */
export function runConformance(dir: string): ConformanceReport {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const suites: SuiteReport[] = [];
  for (const file of files) {
    const adapter = CONFORMANCE_FILES.get(file);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (!adapter) {
      suites.push({ file, suite: '*', passed: 0, failed: 0, skipped: 0, skipReason: 'unknown file', failures: [] });
      continue;
    }
    for (const { name, cases } of adapter.listSuites(doc)) {
      const report: SuiteReport = { file, suite: name, passed: 0, failed: 0, skipped: 0, failures: [] };
      const run = adapter.runners[name];
      if (!run) {
        report.skipped = cases.length;
        report.skipReason = 'not in scope';
      } else {
        cases.forEach((c, i) => {
          const outcome = runOne(() => run(c, doc));
          if (outcome.status === 'pass') report.passed++;
          else if (outcome.status === 'skip') report.skipped++;
          else {
            report.failed++;
            const label = (c as { name?: string })?.name ?? `#${i}`;
            report.failures.push(`${label}: ${outcome.message}`);
          }
        });
      }
      suites.push(report);
    }
  }
  const sum = (k: 'passed' | 'failed' | 'skipped') => suites.reduce((a, s) => a + s[k], 0);
  return { suites, passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped') };
}

function runOne(f: () => CaseOutcome): CaseOutcome {
  try {
    return f();
  } catch (e) {
    return { status: 'fail', message: `threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Formats a report as the per-suite table and the closing `N passed, N failed` line. */
export function formatConformance(report: ConformanceReport, verbose = false): string {
  const lines: string[] = [];
  for (const s of report.suites) {
    const why = s.skipReason ? `  (${s.skipReason})` : '';
    lines.push(
      `${s.file.padEnd(26)} ${s.suite.padEnd(44)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(4)} failed ${String(s.skipped).padStart(4)} skipped${why}`,
    );
    const shown = verbose ? s.failures : s.failures.slice(0, 5);
    for (const f of shown) lines.push(`    FAIL ${f}`);
    if (shown.length < s.failures.length) lines.push(`    ... ${s.failures.length - shown.length} more`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  return lines.join('\n');
}
