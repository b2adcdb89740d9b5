import * as path from 'node:path';
import { runKey, runList } from './grid';
import { SweepMeta, readMeta, readRuns, runColumns, writeSweepOutputs, META_FILE, RUNS_FILE } from './sweep-files';

/** Raised when the directories do not hold slices of one sweep. */
export class MergeError extends Error {}

/**
 * Joins the directories of a sharded sweep (or of partial sweeps of the same grid) into `out`:
 * the union of their runs, written exactly as one process would have written it (same sorting,
 * same points.csv), so merged outputs equal a single-process sweep byte for byte. A run present in
 * two directories must have identical rows. Returns the files written and the runs still missing.
 */
export function mergeSweeps(dirs: readonly string[], out: string): { files: string[]; runs: number; missing: number } {
  let meta: SweepMeta | undefined;
  const rows = new Map<string, string[]>();
  for (const dir of dirs) {
    const m = readMeta(dir);
    const r = readRuns(dir);
    if (!m || !r) throw new MergeError(`${dir} is not a sweep directory: ${!m ? META_FILE : RUNS_FILE} is missing`);
    const { shard: _s, ...plain } = m;
    if (meta === undefined) meta = plain;
    else if (JSON.stringify(plain) !== JSON.stringify(meta)) throw new MergeError(`${dir} holds a different sweep than ${dirs[0]} (scenario, parameters, seeds or expectations differ)`);
    const cols = runColumns(plain);
    if (r.header.join(',') !== cols.join(',')) throw new MergeError(`${path.join(dir, RUNS_FILE)} has unexpected columns`);
    const k = plain.parameters.length;
    for (const row of r.rows) {
      const key = runKey(row.slice(0, k), row[k]);
      const prev = rows.get(key);
      if (prev && prev.join('\u0000') !== row.join('\u0000')) throw new MergeError(`run ${key} differs between directories (in ${dir})`);
      rows.set(key, row);
    }
  }
  if (!meta) throw new MergeError('no directories to merge');
  const expected = runList(meta.parameters, meta.seeds).map((r) => runKey(r.values, r.seed));
  const missing = expected.filter((k) => !rows.has(k)).length;
  const files = writeSweepOutputs(out, meta, [...rows.values()]);
  return { files, runs: rows.size, missing };
}
