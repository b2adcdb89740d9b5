import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECOND, MINUTE } from '../src/engine/time';
import { HPAScalingRules } from '../src/api/hpa';
import {
  newHistory,
  normalizeWithBehavior,
  recordScaleEvent,
  resolveBehavior,
  scaleDownLimit,
  scaleUpLimit,
  stabilize,
} from '../src/controllers/hpa/scaling-behavior';

const T0 = 60 * MINUTE;

test('behavior defaults equal ../shared/conformance/defaults.json (hpa.*)', () => {
  const doc = JSON.parse(readFileSync(join('/work/shared/conformance/defaults.json'), 'utf8')) as { defaults: { id: string; value: unknown }[] };
  const byId = new Map(doc.defaults.map((d) => [d.id, d.value]));
  const b = resolveBehavior(undefined);
  assert.deepEqual(b.scaleUp.policies.map((p) => ({ ...p })), byId.get('hpa.scaleUp.policies'));
  assert.deepEqual(b.scaleDown.policies.map((p) => ({ ...p })), byId.get('hpa.scaleDown.policies'));
  assert.equal(b.scaleUp.selectPolicy, byId.get('hpa.selectPolicy'));
  assert.equal(b.scaleUp.stabilizationWindow, (byId.get('hpa.scaleUp.stabilizationWindowSeconds') as number) * SECOND);
  assert.equal(b.scaleDown.stabilizationWindow, 5 * MINUTE);
  assert.equal(byId.get('hpa.downscaleStabilizationWindow'), '5m');
});

const DOCS_SCALE_DOWN: HPAScalingRules = {
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 60 },
    { type: 'Percent', value: 10, periodSeconds: 60 },
  ],
};

// kubernetes.io HPA "Scaling policies": Pods 4/60s and Percent 10/60s; Max picks the larger change.
const DOWN_LIMITS: { current: number; select: 'Max' | 'Min' | 'Disabled'; want: number }[] = [
  { current: 80, select: 'Max', want: 72 },
  { current: 40, select: 'Max', want: 36 },
  { current: 20, select: 'Max', want: 16 },
  { current: 80, select: 'Min', want: 76 },
  { current: 20, select: 'Min', want: 18 },
  { current: 80, select: 'Disabled', want: 80 },
];
for (const row of DOWN_LIMITS) {
  test(`scale-down limit (docs policies, selectPolicy ${row.select}) at ${row.current} replicas → ${row.want}`, () => {
    const b = resolveBehavior({ scaleDown: { ...DOCS_SCALE_DOWN, selectPolicy: row.select } });
    assert.equal(scaleDownLimit(row.current, newHistory(), b.scaleDown, T0), row.want);
  });
}

// Defaults: max(+4 pods, +100%) per 15 s.
const UP_LIMITS: [number, number][] = [
  [1, 5],
  [3, 7],
  [4, 8],
  [10, 20],
];
for (const [current, want] of UP_LIMITS) {
  test(`default scale-up limit at ${current} replicas → ${want}`, () => {
    assert.equal(scaleUpLimit(current, newHistory(), resolveBehavior(undefined).scaleUp, T0), want);
  });
}

test('scale-up limit counts from the start of the period: after 3 → 7, no more until 15 s passed', () => {
  const b = resolveBehavior(undefined);
  const h = newHistory();
  recordScaleEvent(h, b, 3, 7, T0);
  assert.equal(scaleUpLimit(7, h, b.scaleUp, T0 + 10 * SECOND), 7);
  assert.equal(scaleUpLimit(7, h, b.scaleUp, T0 + 15 * SECOND), 14, 'the event at exactly now − 15 s is outside the period');
});

test('docs "scale up by at most 1 pod per minute" and "Disabled" scale-down', () => {
  const b = resolveBehavior({ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { selectPolicy: 'Disabled' } });
  const h = newHistory();
  const r = normalizeWithBehavior(h, b, 3, 10, 1, 20, T0);
  assert.deepEqual([r.replicas, r.reason], [4, 'ScaleUpLimit']);
  recordScaleEvent(h, b, 3, 4, T0);
  assert.equal(normalizeWithBehavior(h, b, 4, 10, 1, 20, T0 + 30 * SECOND).replicas, 4);
  assert.equal(normalizeWithBehavior(h, b, 4, 10, 1, 20, T0 + 61 * SECOND).replicas, 5);
  assert.equal(normalizeWithBehavior(newHistory(), b, 8, 2, 1, 20, T0).replicas, 8, 'scale-down disabled');
});

test('min/max bounds: TooManyReplicas and TooFewReplicas', () => {
  const b = resolveBehavior({ scaleDown: { stabilizationWindowSeconds: 0 } });
  assert.deepEqual(normalizeWithBehavior(newHistory(), b, 8, 40, 1, 10, T0), { replicas: 10, reason: 'TooManyReplicas', stabilized: 40 });
  assert.deepEqual(normalizeWithBehavior(newHistory(), b, 8, 1, 3, 10, T0), { replicas: 3, reason: 'TooFewReplicas', stabilized: 1 });
});

test('scale-down stabilization: the highest recommendation of the last 300 s wins', () => {
  const b = resolveBehavior(undefined);
  const h = newHistory();
  assert.equal(stabilize(h, b, 10, 10, T0), 10);
  assert.equal(stabilize(h, b, 10, 7, T0 + 60 * SECOND), 10);
  assert.equal(stabilize(h, b, 10, 5, T0 + 120 * SECOND), 10);
  // At T0+301 s the 10 has left the window; 7 (T0+60 s) is the highest left.
  assert.equal(stabilize(h, b, 10, 5, T0 + 301 * SECOND), 7);
  assert.equal(stabilize(h, b, 7, 5, T0 + 361 * SECOND), 5);
  // Scale-up is not stabilized by default: a higher recommendation applies at once.
  assert.equal(stabilize(h, b, 5, 9, T0 + 362 * SECOND), 9);
});

test('scale-up stabilization window: the lowest recommendation of the window wins', () => {
  const b = resolveBehavior({ scaleUp: { stabilizationWindowSeconds: 60 } });
  const h = newHistory();
  assert.equal(stabilize(h, b, 2, 2, T0), 2);
  assert.equal(stabilize(h, b, 2, 6, T0 + 15 * SECOND), 2);
  assert.equal(stabilize(h, b, 2, 6, T0 + 61 * SECOND), 6);
});
