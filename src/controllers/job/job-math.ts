/**
 * Indexed Job arithmetic (pkg/controller/job/indexed_job_utils.go).
 */

/**
 * The lowest indexes in [0, completions) that are neither succeeded nor held by an active pod,
 * at most `count` of them (firstPendingIndexes).
 * Example: completions 5, succeeded {0, 2}, active {1} → count 2 → [3, 4].
 */
export function firstPendingIndexes(completions: number, succeeded: ReadonlySet<number>, active: ReadonlySet<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!succeeded.has(i) && !active.has(i)) out.push(i);
  return out;
}

/**
 * status.completedIndexes as upstream prints it: sorted intervals, "a-b" for runs of 2 or more,
 * comma separated. Example: {0,1,2,4,6,7} → "0-2,4,6-7".
 */
export function formatIndexes(indexes: ReadonlySet<number>): string {
  const xs = [...indexes].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(j > i ? `${xs[i]}-${xs[j]}` : String(xs[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * How many pods a NonIndexed Job wants running (job_controller manageJob): with completions,
 * min(parallelism, completions − succeeded); without (a work queue), parallelism until the first
 * success, then none.
 * Example: parallelism 3, completions 5, succeeded 4 → 1.
 */
export function wantActive(parallelism: number, completions: number | undefined, succeeded: number): number {
  if (completions === undefined) return succeeded > 0 ? 0 : parallelism;
  return Math.max(0, Math.min(parallelism, completions - succeeded));
}
