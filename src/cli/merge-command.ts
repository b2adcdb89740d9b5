import { MergeError, mergeSweeps } from '../studies/merge';
import { EXIT } from './exit-codes';

/** `kubesim merge <dirs...> --out DIR`: joins sweep shards into one sweep directory. */
export function mergeCommand(dirs: string[], o: { out: string; quiet?: boolean }): number {
  try {
    const r = mergeSweeps(dirs, o.out);
    if (!o.quiet) {
      process.stdout.write(`merged ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'}: ${r.runs} run(s)${r.missing > 0 ? `, ${r.missing} run(s) of the sweep still missing` : ''}\n`);
      for (const f of r.files) process.stdout.write(`  ${f}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof MergeError || (e instanceof Error && 'code' in e)) {
      process.stderr.write(`kubesim: ${e.message}\n`);
      return EXIT.invalidInput;
    }
    throw e;
  }
}
