/**
 * Input problems: what was wrong, where (file:line:col and field path). The loaders collect every
 * problem of a file and throw them together as one InputError; nothing else escapes them for bad
 * input (DESIGN principle 7).
 */
export interface Problem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Field path as field.Path.String() writes it ("spec.timeline[3].at"); "" for the whole file. */
  path: string;
  message: string;
}

/** One line: `scenarios/x.yaml:12:7: spec.timeline[3].at: expected a duration ..., got "soon"`. */
export function formatProblem(p: Problem): string {
  return p.path === '' ? `${p.file}:${p.line}:${p.col}: ${p.message}` : `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}`;
}

export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = sorted;
  }
}

/** Problems grouped by file (in order of first appearance), then by line and column; stable otherwise. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return [...problems].sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.col - b.col);
}
