import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InputError, formatProblem, loadScenarioText } from '../src/scenario/load';
import { HOUR, MINUTE, SECOND } from '../src/engine/time';

const ROOT = join(__dirname, '..', '..');

/** A scenario with a Service "web" and the given lines appended under spec (2-space indented). */
function text(extra: string, pool = '      - { name: general, count: 3, capacity: { cpu: "8", memory: 32Gi } }'): string {
  return [
    'apiVersion: kubesim.dev/v1',
    'kind: Scenario',
    'metadata: { name: t }',
    'spec:',
    '  duration: 1h',
    '  cluster:',
    '    nodePools:',
    pool,
    '  resources:',
    '    - { apiVersion: v1, kind: Service, metadata: { name: web }, spec: { selector: { app: web }, ports: [{ port: 80 }] } }',
    extra,
  ].join('\n');
}

function problems(t: string): string[] {
  try {
    loadScenarioText(t, 'scenarios/x.yaml', ROOT);
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.problems.map(formatProblem);
  }
  return [];
}

test('spec.load: every rate form parses and the terms are summed', () => {
  const s = loadScenarioText(
    text(
      [
        '  load:',
        '    - service: web',
        '      spread: weighted',
        '      noise: 0.1',
        '      rate:',
        '        constant: 5',
        '        steps: [{ at: 0s, rate: 10 }, { at: 10m, rate: 20 }]',
        '        diurnal: { mean: 100, amplitude: 50, peakAt: 14h }',
        '        bursts: [{ at: 30m, duration: 5m, rate: 300 }]',
      ].join('\n'),
    ),
    'scenarios/x.yaml',
    ROOT,
  );
  const l = s.load![0];
  assert.deepEqual([l.namespace, l.service, l.spread, l.noise], ['default', 'web', 'weighted', 0.1]);
  assert.deepEqual(l.rate.terms.map((t) => t.kind), ['constant', 'steps', 'diurnal', 'burst']);
  const d = l.rate.terms[2];
  assert.ok(d.kind === 'diurnal' && d.peakAt === 14 * HOUR && d.period === 24 * HOUR);
  const b = l.rate.terms[3];
  assert.ok(b.kind === 'burst' && b.at === 30 * MINUTE && b.duration === 5 * MINUTE);
});

test('spec.load: a csv rate replays the Azure LLM trace', () => {
  const s = loadScenarioText(
    text(['  load:', '    - service: default/web', '      rate: { csv: /work/shared/traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv, column: TIMESTAMP, timeScale: 2, interval: 30s }'].join('\n')),
    'scenarios/x.yaml',
    ROOT,
  );
  const t = s.load![0].rate.terms[0];
  assert.ok(t.kind === 'table');
  assert.equal(t.interval, 30 * SECOND);
  const arrivals = [...t.rates].reduce((a, r) => a + r * 30, 0);
  assert.ok(Math.abs(arrivals - 8819) < 1e-6, `${arrivals}`);
});

const BAD: { name: string; extra: string; want: RegExp }[] = [
  { name: 'unknown Service', extra: '  load:\n    - { service: api, rate: { constant: 1 } }', want: /x\.yaml:\d+:\d+: spec\.load\[0\]\.service: no Service "default\/api"/ },
  { name: 'unknown rate form', extra: '  load:\n    - { service: web, rate: { sine: 1 } }', want: /x\.yaml:12:31: spec\.load\[0\]\.rate\.sine: unknown field "sine"/ },
  { name: 'csv options without csv', extra: '  load:\n    - { service: web, rate: { constant: 1, timeScale: 2 } }', want: /spec\.load\[0\]\.rate\.timeScale: timeScale applies to a csv rate only/ },
  { name: 'steps out of order', extra: '  load:\n    - { service: web, rate: { steps: [{ at: 5m, rate: 1 }, { at: 1m, rate: 2 }] } }', want: /spec\.load\[0\]\.rate\.steps\[1\]\.at: steps must be in increasing order/ },
  { name: 'bad spread', extra: '  load:\n    - { service: web, spread: random, rate: 1 }', want: /spec\.load\[0\]\.spread: expected even or weighted/ },
  { name: 'missing csv column', extra: '  load:\n    - { service: web, rate: { csv: /work/shared/traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv, column: T } }', want: /has no column "T"; its columns are TIMESTAMP/ },
  { name: 'missing csv file', extra: '  load:\n    - { service: web, rate: { csv: nope.csv } }', want: /spec\.load\[0\]\.rate\.csv: cannot read .*nope\.csv: no such file/ },
  { name: 'bad overload', extra: '  applications:\n    shop/web:v1: { overload: crash }', want: /spec\.applications\[shop\/web:v1\]\.overload: expected one of failReadiness, oomKill/ },
  { name: 'bad cpuPerRequest', extra: '  applications:\n    shop/web:v1: { cpuPerRequest: lots }', want: /cpuPerRequest: expected a cpu quantity/ },
  { name: 'bad expander', extra: '  autoscaling:\n    clusterAutoscaler: { expander: cheapest }', want: /spec\.autoscaling\.clusterAutoscaler\.expander: expected one of least-waste, random, most-pods, price/ },
  { name: 'bad threshold', extra: '  autoscaling:\n    clusterAutoscaler: { scaleDownUtilizationThreshold: 2 }', want: /scaleDownUtilizationThreshold: must be at most 1/ },
];
for (const row of BAD) {
  test(`spec.load / autoscaling validation: ${row.name}`, () => {
    const ps = problems(text(row.extra));
    assert.ok(ps.some((p) => row.want.test(p)), ps.join('\n'));
  });
}

test('nodePools[].autoscaling: parsed with defaults, and min ≤ count ≤ max is enforced', () => {
  const ok = loadScenarioText(text('', '      - { name: general, count: 3, capacity: { cpu: "8", memory: 32Gi }, autoscaling: { min: 1, max: 5 } }'), 'scenarios/x.yaml', ROOT);
  const g = ok.cluster.nodePools[0].autoscaling!;
  assert.deepEqual([g.min, g.max, g.provisioningDelay], [1, 5, { kind: 'constant', value: MINUTE }]);
  const ps = problems(text('', '      - { name: general, count: 9, capacity: { cpu: "8", memory: 32Gi }, autoscaling: { min: 1, max: 5, provisioningDelay: { uniform: [1m, 2m] } } }'));
  assert.ok(ps.some((p) => /x\.yaml:8:\d+: spec\.cluster\.nodePools\[0\]\.autoscaling: the pool's count \(9\) must be within \[min, max\] = \[1, 5\]/.test(p)), ps.join('\n'));
  const ps2 = problems(text('', '      - { name: general, count: 3, capacity: { cpu: "8", memory: 32Gi }, autoscaling: { min: 4, max: 2 } }'));
  assert.ok(ps2.some((p) => /autoscaling\.max: must be at least min \(4\), got 2/.test(p)), ps2.join('\n'));
});
