import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { runConformance, formatConformance } from '../src/conformance/runner';

/** The shared conformance tables: ../shared/conformance beside the checkout. */
const DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance');

test('every in-scope upstream conformance case passes through kubesim\'s code', (t) => {
  if (!fs.existsSync(DIR)) {
    t.skip(`no conformance tables at ${DIR}`);
    return;
  }
  const report = runConformance(DIR);
  const text = formatConformance(report);
  t.diagnostic(text.split('\n').slice(-1)[0]);
  assert.equal(report.failed, 0, text);
  assert.ok(report.passed > 0, 'some cases ran');
});

test('the runner reports a failing case with its name instead of hiding it', (t) => {
  if (!fs.existsSync(DIR)) {
    t.skip(`no conformance tables at ${DIR}`);
    return;
  }
  // The real quantities table with one expected value broken: exactly that case must fail.
  const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'quantities.json'), 'utf8'));
  doc.cmp[1].expected = -doc.cmp[1].expected;
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'conf-'));
  fs.writeFileSync(path.join(dir, 'quantities.json'), JSON.stringify(doc));
  const report = runConformance(dir);
  const cmp = report.suites.find((s) => s.suite === 'cmp')!;
  assert.equal(cmp.failed, 1);
  assert.equal(cmp.passed, doc.cmp.length - 1);
  assert.equal(report.failed, 1);
  assert.match(formatConformance(report), /FAIL/);
});
