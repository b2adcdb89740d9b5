import * as fs from 'node:fs';
import { InputError, formatProblem } from '../scenario/problems';
import { loadScenarioFile, loadManifestFile, isScenarioDocument } from '../scenario/load';
import { Limits } from '../scenario/limits';
import { EXIT } from './exit-codes';

/**
 * `kubesim validate <files...>`: each file is a scenario (kind: Scenario) or plain manifests.
 * Every problem of every file is printed (file:line:col: path: message); kinds kubesim does not
 * simulate are listed once per file as ignored. Exit 0 when all are valid, 65 otherwise.
 * `limits` (--limit) raise or lower the input limits.
 */
export function validateFiles(files: string[], limits?: Partial<Limits>): number {
  let bad = false;
  for (const file of files) {
    try {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        process.stderr.write(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        bad = true;
        continue;
      }
      if (isScenarioDocument(text)) {
        const s = loadScenarioFile(file, { limits });
        const nodes = s.cluster.nodePools.reduce((a, p) => a + p.count, 0);
        process.stdout.write(`${file}: valid scenario "${s.name}": ${nodes} nodes, ${s.resources.length} resources, ${s.timeline.length} timeline actions\n`);
      } else {
        const m = loadManifestFile(file, limits);
        const ignored = m.ignored.map((i) => `${i.kind} ×${i.count}`).join(', ');
        process.stdout.write(`${file}: valid: ${m.objects.length} objects${ignored ? `; ignored (not simulated): ${ignored}` : ''}\n`);
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      bad = true;
      for (const p of e.problems) process.stderr.write(formatProblem(p) + '\n');
    }
  }
  return bad ? EXIT.invalidInput : EXIT.ok;
}
