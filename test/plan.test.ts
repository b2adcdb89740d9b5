import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPlan, HOURS_PER_MONTH } from '../src/studies/plan';

const ROOT = path.resolve(__dirname, '..', '..');

/** capacity-plan.yaml with 3 seeds, two node types and absolute manifest paths, in a temp folder. */
function planScenario(): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-plan-'));
  let text = fs.readFileSync(path.join(ROOT, 'scenarios', 'capacity-plan.yaml'), 'utf8');
  text = text.replace('file: manifests/', `file: ${path.join(ROOT, 'scenarios', 'manifests')}/`).replace('seeds: 10', 'seeds: 3');
  text = text.replace(/      - name: c6\.2xlarge\n.*\n.*\n/, '');
  const file = path.join(dir, 'plan.yaml');
  fs.writeFileSync(file, text);
  return { file, dir };
}

test('plan: per type the smallest count meeting every SLO (its predecessor evaluated and failing), cheapest chosen', async () => {
  const { file, dir } = planScenario();
  const { result } = await runPlan({ file, workers: 2, out: path.join(dir, 'a') });
  assert.equal(result.perType.length, 2);
  for (const p of result.perType) {
    assert.ok(p.best, p.note);
    const prev = result.evaluated.find((c) => c.nodeType === p.nodeType && c.count === p.best!.count - 1);
    assert.ok(prev && !prev.meets, `${p.nodeType}: ${p.best!.count - 1} nodes must be evaluated and fail`);
    assert.ok(p.best!.passRate >= 0.95);
    const evaluatedCounts = result.evaluated.filter((c) => c.nodeType === p.nodeType).length;
    assert.ok(evaluatedCounts <= 2 * Math.ceil(Math.log2(64)) + 1, 'bracketing + bisection, not a full grid');
  }
  const cheapest = result.perType.map((p) => p.best!).sort((a, b) => a.costPerMonth - b.costPerMonth)[0];
  assert.equal(result.best!.nodeType, cheapest.nodeType);
  assert.equal(result.best!.costPerMonth, Math.round(result.best!.costPerHour * HOURS_PER_MONTH * 100) / 100);
  assert.equal(result.best!.margins.length, 3);
  const md = fs.readFileSync(path.join(dir, 'a', 'plan.md'), 'utf8');
  assert.match(md, new RegExp(`Cheapest: ${result.best!.count} × ${result.best!.nodeType.replace('.', '\\.')}`));
  const runs = fs.readFileSync(path.join(dir, 'a', 'runs.csv'), 'utf8').trim().split('\n');
  assert.equal(runs.length - 1, result.evaluated.length * 3);
  const again = await runPlan({ file, workers: 1, out: path.join(dir, 'b') });
  for (const f of ['plan.json', 'runs.csv', 'points.csv']) {
    assert.equal(fs.readFileSync(path.join(dir, 'b', f), 'utf8'), fs.readFileSync(path.join(dir, 'a', f), 'utf8'), f);
  }
  assert.deepEqual(again.result.best, result.best);
});
