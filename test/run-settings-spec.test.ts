import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioText, InputError } from '../src/scenario/load';

function scenarioText(extra: string, timeline = ''): string {
  return `apiVersion: kubesim.dev/v1
kind: Scenario
spec:
  duration: 1h
${extra}
  cluster:
    nodePools:
      - { name: p, count: 1, capacity: { cpu: "4", memory: 16Gi, pods: 110 } }
${timeline}`;
}

function problems(text: string): string[] {
  try {
    loadScenarioText(text, 's.yaml', '.');
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

test('spec.startTime (RFC 3339) and spec.storage.zonal are read; defaults are absent', () => {
  const s = loadScenarioText(scenarioText('  startTime: "2026-03-29T01:30:00+01:00"\n  storage: { zonal: true }'), 's.yaml', '.');
  assert.equal(s.startTime, Date.UTC(2026, 2, 29, 0, 30));
  assert.deepEqual(s.storage, { zonal: true });
  const d = loadScenarioText(scenarioText(''), 's.yaml', '.');
  assert.equal(d.startTime, undefined);
});

test('a bad startTime or storage field is an error at its position', () => {
  const p1 = problems(scenarioText('  startTime: "2026-13-01T00:00:00Z"'));
  assert.equal(p1.length, 1);
  assert.match(p1[0], /^5:14 spec\.startTime: expected an RFC 3339 instant/);
  const p2 = problems(scenarioText('  storage: { zonal: yes please }'));
  assert.match(p2[0], /spec\.storage\.zonal/);
});

test('rollout and drain actions are read with their targets', () => {
  const s = loadScenarioText(
    scenarioText('', `  timeline:
    - { at: 1m, pause: { target: deployment/web } }
    - { at: 2m, undo: { target: deploy/web, toRevision: 2 } }
    - { at: 3m, restart: { target: sts/db } }
    - { at: 4m, drain: { node: p-0 } }`),
    's.yaml',
    '.',
  );
  assert.deepEqual(s.timeline.map((a) => a.type), ['pause', 'undo', 'restart', 'drain']);
  const p = problems(scenarioText('', `  timeline:
    - { at: 1m, pause: { target: statefulset/db } }`));
  assert.match(p[0], /pause\.target: unsupported kind "statefulset" here; expected one of deployment/);
});
