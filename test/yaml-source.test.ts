import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { YamlSource, tooDeepMessage } from '../src/scenario/yaml-source';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');
/** Far deeper than the yaml package's recursion reaches on Node's default stack (it fails near 1,000). */
const DEPTH = 5000;
const DEEP = `apiVersion: v1\nkind: List\nitems: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`;
const WANT = 'document too deeply nested or too large to parse: Maximum call stack size exceeded (split it over several files)';

test('a document nested past the call stack is one problem at the document, not one per unwound level', () => {
  const src = new YamlSource(`kind: ConfigMap\n---\n${DEEP}`, 'deep.yaml');
  assert.deepEqual(
    src.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}`),
    [`deep.yaml:3:1: : ${WANT}`],
  );
  assert.deepEqual(
    src.documents.map((d) => [d.index, d.ok]),
    [
      [0, true],
      [1, false],
    ],
  );
});

test('a RangeError escaping the parser gets the same message, without the position the parser appended', () => {
  assert.equal(tooDeepMessage(new RangeError('Maximum call stack size exceeded')), WANT);
  assert.equal(tooDeepMessage(new Error('Maximum call stack size exceeded at line 3, column 806:\n\n…[[[\n   ^\n')), WANT);
});

test('CLI: validate on a too-deep manifest is invalid input (65) with a positioned message, not an internal error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-yaml-'));
  const file = path.join(dir, 'deep.yaml');
  fs.writeFileSync(file, DEEP);
  const res = spawnSync(process.execPath, [BIN, 'validate', file], { encoding: 'utf8' });
  assert.equal(res.status, 65, res.stderr);
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
  assert.ok(res.stderr.includes(`${file}:1:1: ${WANT}`), res.stderr);
});
