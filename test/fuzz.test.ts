import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import seedrandom from 'seedrandom';
import { runFuzz, isCleanProblem } from '../src/fuzz/fuzz-runner';
import { mutateYaml } from '../src/fuzz/scenario-mutator';

const SCENARIOS = path.resolve(__dirname, '..', '..', 'scenarios');

test('fuzz: 200 mutants of the shipped scenarios, each rejected cleanly with file:line:col or run without an exception', () => {
  const report = runFuzz({ cases: 200, seed: 'npm-test', scenariosDir: SCENARIOS, maxEvents: 3000 });
  assert.equal(report.cases, 200);
  const summary = report.failures.map((f) => `case ${f.case} ${f.scenario} ${f.mutatedFile} [${f.ops.join('; ')}] ${f.stage}: ${f.error.split('\n')[0]}`);
  assert.deepEqual(summary, []);
  assert.equal(report.rejected + report.ran, 200);
  assert.ok(report.rejected > 0 && report.ran > 0, `both outcomes occur (${report.rejected} rejected, ${report.ran} ran)`);
});

test('the mutator is deterministic for a seed and changes the text', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: c\n      image: x\n';
  const a = mutateYaml(seedrandom('s:1'), text);
  const b = mutateYaml(seedrandom('s:1'), text);
  assert.deepEqual(a, b);
  let changed = 0;
  for (let i = 0; i < 50; i++) if (mutateYaml(seedrandom(`s:${i}`), text).text !== text) changed++;
  assert.ok(changed >= 45, `${changed} of 50 mutants differ from the original`);
});

test('a problem without a position is not clean', () => {
  assert.equal(isCleanProblem({ file: 'x.yaml', line: 3, col: 7, path: 'spec', message: 'bad' }), true);
  assert.equal(isCleanProblem({ file: 'x.yaml', line: 0, col: 7, path: 'spec', message: 'bad' }), false);
  assert.equal(isCleanProblem({ file: '', line: 1, col: 1, path: '', message: 'bad' }), false);
  assert.equal(isCleanProblem({ file: 'x.yaml', line: 1, col: NaN, path: '', message: 'bad' }), false);
});
