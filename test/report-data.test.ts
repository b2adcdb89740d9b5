import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { schedulingReasons } from '../src/report/scheduling-reasons';
import { wilsonInterval } from '../src/report/confidence';
import { histogram, waitHistogram } from '../src/report/charts';
import { bandAt, readStudyData } from '../src/report/study-data';
import { readRunData, writeRunReport, writeStudyReport } from '../src/report';
import { planTable } from '../src/report/report-tables';

test('FailedScheduling messages split into reasons as kube-scheduler FitError.Error() joins them', () => {
  const cases: [string, { reason: string; nodes: number }[]][] = [
    ['0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {gpu: true}.', [{ reason: 'Insufficient cpu', nodes: 3 }, { reason: 'node(s) had untolerated taint {gpu: true}', nodes: 2 }]],
    ['0/3 nodes are available: 1 Insufficient memory, 2 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', [{ reason: 'Insufficient memory', nodes: 1 }, { reason: 'Insufficient nvidia.com/gpu', nodes: 2 }]],
    ['0/1 nodes are available: 1 node(s) had untolerated taint {a: b}, {c: d}.', [{ reason: 'node(s) had untolerated taint {a: b}, {c: d}', nodes: 1 }]],
    ['no nodes available to schedule pods', [{ reason: 'no nodes available to schedule pods', nodes: 0 }]],
  ];
  for (const [msg, want] of cases) assert.deepEqual(schedulingReasons(msg), want, msg);
});

test('the Wilson 95% interval of a pass rate', () => {
  const [lo, hi] = wilsonInterval(19, 20)!;
  assert.equal(Math.round(lo * 1e4) / 1e4, 0.7639);
  assert.equal(Math.round(hi * 1e4) / 1e4, 0.9911);
  const [lo0, hi0] = wilsonInterval(0, 10)!;
  assert.equal(lo0, 0);
  assert.ok(hi0 > 0.25 && hi0 < 0.35);
  assert.equal(wilsonInterval(0, 0), undefined);
});

test('histograms: waits in log bins, values in equal bins', () => {
  assert.deepEqual(waitHistogram([0.01, 0.5, 0.7, 30, 4000]), { labels: ['< 0.1 s', '0.1–1 s', '1–10 s', '10 s–1 m', '1–10 m', '10 m–1 h', '1 h–1 d'], counts: [1, 2, 0, 1, 0, 0, 1] });
  assert.deepEqual(histogram([2, 2, 3, 5], 12, true), { labels: ['2', '3', '4', '5'], counts: [2, 1, 0, 1] });
});

test('points.csv is read by its header: parameters, the x axis, pass rate bands (given or Wilson), cost', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-study-'));
  fs.writeFileSync(
    path.join(dir, 'points.csv'),
    'pool,spec.cluster.nodePools[0].count,seeds,slo_pass_rate,cost_per_month,rollout_s_mean,rollout_s_ci95_lo,rollout_s_ci95_hi\n' +
      'a,3,20,0.95,100,50,45,55\n' +
      'a,4,20,1,130,40,38,42\n',
  );
  const s = readStudyData(dir);
  assert.deepEqual(s.params, ['pool', 'spec.cluster.nodePools[0].count']);
  assert.equal(s.xParam, 'spec.cluster.nodePools[0].count');
  assert.deepEqual(s.groupParams, ['pool']);
  assert.equal(s.passRate, 'slo_pass_rate');
  assert.equal(s.cost, 'cost_per_month');
  const b = bandAt(s, 'slo_pass_rate', s.points[0])!;
  assert.equal(b.mean, 0.95);
  assert.deepEqual([b.lo, b.hi].map((x) => Math.round(x! * 1e4) / 1e4), [0.7639, 0.9911]);
  assert.deepEqual(bandAt(s, 'rollout_s', s.points[1]), { mean: 40, lo: 38, hi: 42 });
  const [html, md] = writeStudyReport(dir);
  assert.match(fs.readFileSync(md, 'utf8'), /\| a \| 3 \| 20 \| 95% \(76.4%–99.1%\) \| 100 \|/);
  assert.ok(fs.readFileSync(html, 'utf8').includes('"id":"pass-rate"'));
});

test('a run report reads what the outputs hold and names what it cannot draw', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-run-'));
  fs.writeFileSync(
    path.join(dir, 'timeline.csv'),
    'time_s,kind,namespace,name,event,node,reason\n' +
      '0.000000,Node,,n1,RegisteredNode,,\n' +
      '0.000000,Node,,n2,RegisteredNode,,\n' +
      '1.000000,Pod,default,a,Created,,\n' +
      '1.010000,Pod,default,a,FailedScheduling,,"0/2 nodes are available: 2 Insufficient cpu."\n' +
      '5.000000,Pod,default,a,Scheduled,n1,\n' +
      '6.000000,Lease,kube-system,kube-scheduler,LeaderlessStart,,\n' +
      '9.500000,Lease,kube-system,kube-scheduler,LeaderlessEnd,,3.5s\n',
  );
  const d = readRunData(dir);
  assert.deepEqual([...d.pendingReasons], [['Insufficient cpu', 1]]);
  assert.deepEqual(d.schedulingWaits, [4]);
  assert.deepEqual([...d.podsPerNode], [['n1', 1], ['n2', 0]]);
  assert.deepEqual(d.leaderless, [{ component: 'kube-scheduler', start: 6, end: 9.5 }]);
  const [html, md] = writeRunReport(dir);
  const mdText = fs.readFileSync(md, 'utf8');
  assert.match(mdText, /Pods by phase: series\.csv holds no pods_\* gauges/);
  assert.match(mdText, /\| Insufficient cpu \| 1 \|/);
  const htmlText = fs.readFileSync(html, 'utf8');
  assert.ok(!/src=|href=\s*"http/i.test(htmlText.replace(/<script>[\s\S]*?<\/script>/g, '')), 'no external resources');
  assert.equal(fs.readFileSync(html, 'utf8'), (writeRunReport(dir), fs.readFileSync(html, 'utf8')), 'same inputs, same bytes');
});

test('an autoscaling plan.json renders as a table of its candidates, the chosen one marked', () => {
  const cand = (min: number, max: number, passRate: number, cost: number, wait: number) => ({
    label: `min ${min}, max ${max}, web 70%`,
    settings: { minNodes: min, maxNodes: max, hpaTargets: [{ hpa: 'web', averageUtilization: 70 }] },
    passRate,
    meets: passRate >= 0.9,
    costPerPeriod: cost,
    costPerMonth: (cost / 24) * 730,
    nodeHours: cost * 10,
    meanMaxPendingSeconds: wait,
    meanPendingAtEnd: 0,
    margins: [],
    runs: [{ seed: 1, pass: true, cost, nodeHours: cost * 10, maxPendingSeconds: wait, pendingAtEnd: 0 }],
  });
  const candidates = [cand(1, 3, 0.5, 1.25, 300), cand(1, 4, 1, 1.5, 95.5), cand(2, 4, 1, 2, 40)];
  const plan = { scenario: 'autoscaling-plan', pool: 'general', confidence: 0.9, seeds: 10, perType: [], evaluated: [], runsFile: 'runs.csv', autoscaling: { nodeGroup: 'general', periodHours: 24, best: candidates[1], candidates } };
  const t = planTable(plan)!;
  assert.deepEqual(t.columns, ['settings', 'pass rate', 'cost over the period (24 h)', 'cost per month', 'mean longest pending wait (s)']);
  assert.deepEqual(t.rows, [
    ['min 1, max 3, web 70%', '50%', '1.25', '38.021', '300'],
    ['min 1, max 4, web 70% (chosen)', '100% (meets)', '1.5', '45.625', '95.5'],
    ['min 2, max 4, web 70%', '100% (meets)', '2', '60.833', '40'],
  ]);
  assert.equal(t.caption, 'Autoscaling plan candidates: node group general, 10 seed(s), needs 90% of seeds; chosen: min 1, max 4, web 70%');
  const none = planTable({ ...plan, autoscaling: { nodeGroup: 'general', periodHours: 24, note: 'no candidate meets every expectation in 90% of 10 seeds', candidates } }, 2)!;
  assert.equal(none.rows.length, 2);
  assert.ok(none.rows.every((r) => !r[0].includes('(chosen)')));
  assert.equal(none.caption, 'Autoscaling plan candidates (first 2 of 3): node group general, 10 seed(s), needs 90% of seeds; no candidate meets every expectation in 90% of 10 seeds');
  const fixed = planTable({ scenario: 'capacity-plan', pool: 'general', confidence: 0.9, best: { nodeType: 'm6.large', count: 5 } })!;
  assert.deepEqual(fixed.columns, ['field', 'value']);
  assert.deepEqual(fixed.rows[0], ['scenario', 'capacity-plan']);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-aplan-report-'));
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  writeStudyReport(dir);
  const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
  assert.match(md, /min 1, max 4, web 70% \(chosen\)/);
  assert.doesNotMatch(md, /"candidates"/);
});
