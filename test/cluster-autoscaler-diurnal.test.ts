import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HOUR, MINUTE, SECOND } from '../src/engine/time';
import { loadScenarioFile } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';
import { MemorySink, TimelineRow } from '../src/metrics/recorder';
import { SeriesPoint } from '../src/metrics/series';

const FILE = join(__dirname, '..', '..', 'scenarios', 'diurnal-autoscaling.yaml');
const scenario = loadScenarioFile(FILE);
const sink = new MemorySink();
const points: SeriesPoint[] = [];
const sim = new Simulation(scenario, { timelineSinks: [sink], seriesSinks: [{ point: (p) => points.push(p) }] });
const facts = sim.run();
const rows = (event: string): TimelineRow[] => sink.rows.filter((r) => r.event === event);
const series = (metric: string) => points.filter((p) => p.metric === metric);
const valueAt = (metric: string, t: number) => series(metric).find((p) => p.time === t)!.value;

const BURST_START = 18 * HOUR;
const BURST_END = 19 * HOUR;
const PROVISIONING = 2 * MINUTE;
const SCAN = 10 * SECOND;
const RESOLUTION = 15 * SECOND;
const SYNC = 15 * SECOND;

test('diurnal: HPA replicas follow the load curve (≈ rate · 5m / (60% of 1 cpu − 50m base) per pod)', () => {
  assert.ok(valueAt('hpa_desired_replicas', 14 * HOUR) >= 3 * valueAt('hpa_desired_replicas', 3 * HOUR), 'peak vs night');
  for (let h = 2; h <= 17; h++) {
    const t = h * HOUR;
    const rate = valueAt('load_request_rate', t);
    const want = Math.max(3, (rate * 5) / 550);
    const got = valueAt('hpa_current_replicas', t);
    assert.ok(Math.abs(got - want) <= 0.25 * want + 1.5, `${h}h: ${got} replicas for ${rate.toFixed(0)} rps (≈${want.toFixed(1)})`);
  }
});

test('diurnal: the burst is seen within one scrape plus one sync; scale-down waits for the 5 min stabilization window', () => {
  const up = rows('SuccessfulRescale').find((r) => r.time > BURST_START)!;
  assert.ok(up.time <= BURST_START + RESOLUTION + SYNC + SECOND, `first rescale ${(up.time - BURST_START) / SECOND}s after the burst`);
  assert.match(up.reason, /^New size: \d+; reason: cpu resource utilization \(percentage of request\) above target$/);
  const down = rows('SuccessfulRescale').find((r) => r.time > BURST_END && r.reason.endsWith('All metrics below target'))!;
  const after = (down.time - BURST_END) / SECOND;
  assert.ok(after >= 300 - (RESOLUTION + SYNC) / SECOND && after <= 300 + 2 * (RESOLUTION + SYNC) / SECOND, `first scale-down ${after}s after the burst`);
});

test('diurnal: during the burst pods wait for new nodes for the provisioning delay and no longer', () => {
  const triggered = rows('TriggeredScaleUp').filter((r) => r.time >= BURST_START && r.time < BURST_END);
  assert.ok(triggered.length > 0, 'the burst needs more nodes');
  for (const t of triggered) {
    const bound = sink.rows.find((r) => r.event === 'Scheduled' && r.name === t.name && r.time >= t.time)!;
    const wait = bound.time - t.time;
    assert.ok(wait >= PROVISIONING && wait <= PROVISIONING + SECOND, `${t.name} waited ${wait / SECOND}s after the scale-up`);
  }
  const ca = facts.autoscaling!.clusterAutoscaler!;
  assert.ok(ca.pendingSeconds.max! <= (PROVISIONING + SCAN + SECOND) / SECOND, `longest pending ${ca.pendingSeconds.max}s`);
  assert.ok(ca.pendingSeconds.max! >= PROVISIONING / SECOND);
});

test('diurnal: nodes are removed only after the scale-down delays, and once traffic falls', () => {
  const ups = rows('ScaledUpGroup').map((r) => r.time);
  const downs = rows('ScaleDown');
  assert.ok(downs.some((r) => r.time > BURST_END), 'nodes added for the burst are removed after it');
  for (const d of downs) {
    const lastUp = ups.filter((t) => t <= d.time).pop() ?? -Infinity;
    assert.ok(d.time >= lastUp + 10 * MINUTE, `ScaleDown at ${d.time / SECOND}s, ${(d.time - lastUp) / SECOND}s after a scale-up`);
  }
  const ca = facts.autoscaling!.clusterAutoscaler!;
  assert.ok(ca.groups[0].nodesAtEnd < ca.groups[0].maxNodes);
  const sizes = series('ca_node_group_size');
  assert.equal(Math.max(...sizes.map((p) => p.value)), ca.groups[0].maxNodes);
});

test('diurnal: summary.json reports the cost of the day (node-hours × 0.384/h)', () => {
  const cost = facts.autoscaling!.cost;
  assert.ok(cost.nodeHours > 24 && cost.nodeHours < 12 * 24);
  assert.ok(Math.abs(cost.total - cost.nodeHours * 0.384) < 1e-3, `${cost.total} vs ${cost.nodeHours}`);
  const accrued = series('cost_accrued').filter((p) => p.name === '');
  assert.ok(Math.abs(accrued[accrued.length - 1].value - cost.total) < 0.01);
});
