/**
 * The contract between the conformance runner and the code under test.
 *
 * A conformance file (../shared/conformance/*.json) holds several suites of cases. For each file
 * name the project registers a ConformanceFile adapter that (1) lists every suite the file holds,
 * with its cases, and (2) for the suites in scope, runs one case through the real project code.
 * Suites the adapter lists but does not run are reported as skipped ("not in scope"), never dropped.
 */

/** The outcome of one case. A failing case says what was expected and what the code produced. */
export type CaseOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly message: string }
  | { readonly status: 'skip'; readonly reason: string };

export const PASS: CaseOutcome = { status: 'pass' };
export function fail(message: string): CaseOutcome {
  return { status: 'fail', message };
}
export function skip(reason: string): CaseOutcome {
  return { status: 'skip', reason };
}
/** pass when actual deep-equals expected (JSON comparison), else a fail naming both. */
export function expectEqual(actual: unknown, expected: unknown, what = 'value'): CaseOutcome {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return a === e ? PASS : fail(`${what}: expected ${e}, got ${a}`);
}

/** One suite found in a file: its name and its cases, in file order. */
export interface SuiteCases {
  readonly name: string;
  readonly cases: readonly unknown[];
}

/** Runs one case of an in-scope suite; `doc` is the whole parsed file (for shared definitions). */
export type CaseRunner = (testCase: any, doc: any) => CaseOutcome;

export interface ConformanceFile {
  /** The file name this adapter reads, e.g. "quantities.json". */
  readonly file: string;
  /** Every suite the file holds (in scope or not), with its cases. */
  listSuites(doc: any): SuiteCases[];
  /** Runners for the suites in scope, by suite name. */
  readonly runners: Readonly<Record<string, CaseRunner>>;
}

/** Lists top-level keys whose values are arrays of objects: the layout of quantities.json and similar. */
export function topLevelArraySuites(doc: any, exclude: readonly string[] = ["caseCount"]): SuiteCases[] {
  const out: SuiteCases[] = [];
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    if (exclude.includes(name)) continue;
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null) {
      out.push({ name, cases: value });
    }
  }
  return out;
}

/** Lists `doc.suites.<name>.cases`: the layout of cron.json, scheduler-scoring.json and similar. */
export function suitesBlock(doc: any): SuiteCases[] {
  const suites = (doc as { suites?: Record<string, { cases?: unknown[] }> }).suites ?? {};
  return Object.entries(suites).map(([name, s]) => ({ name, cases: Array.isArray(s.cases) ? s.cases : [] }));
}
