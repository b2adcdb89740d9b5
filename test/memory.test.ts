import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { SECOND, MINUTE, HOUR } from '../src/engine/time';
import { Simulation } from '../src/sim/simulation';
import { RunOutputs } from '../src/output/run-outputs';
import { scenario, pool, app, deployment } from './helpers/tiny-scenario';

/**
 * Memory stays proportional to live objects, not to events processed (DESIGN, Performance): a long
 * run with streamed outputs is measured in a child process started with --expose-gc, heapUsed
 * after a full GC at 10 checkpoints. The suite runs 150,000 events; the 10-million-event check
 * is the same test with KUBESIM_MEMORY_EVENTS=10000000 (docs/invariants.md, "Safe outputs").
 */
const CHILD = 'KUBESIM_MEMORY_CHILD';

function childRun(events: number, dir: string): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const s = scenario({
    pools: [pool('p', 10)],
    apps: [app('web:v1', 5 * SECOND, { mtbf: 2 * MINUTE }), app('batch:v1', 2 * SECOND, { mtbf: 30 * SECOND })],
    resources: [deployment('web', 60, 'web:v1'), deployment('batch', 40, 'batch:v1')],
    duration: 100_000 * HOUR,
  });
  s.sampleInterval = 1 * SECOND;
  s.checkInvariants = false;
  const outputs = new RunOutputs(dir);
  const sim = new Simulation(s, { timelineSinks: [outputs], seriesSinks: [outputs] });
  const heaps: number[] = [];
  const step = Math.floor(events / 10);
  sim.start();
  for (let i = 0; i < 10; i++) {
    sim.runUntil(sim.end, step);
    gc();
    heaps.push(process.memoryUsage().heapUsed);
  }
  const facts = sim.facts();
  outputs.finish(facts, { seconds: 0, eventsPerSecond: 0, simulatedPerWall: 0, peakRssMiB: 0 });
  process.stdout.write(JSON.stringify({ heaps, events: facts.eventsProcessed, rows: facts.timelineRows }));
}

if (process.env[CHILD]) {
  childRun(Number(process.env[CHILD]), process.env.KUBESIM_MEMORY_DIR!);
} else {
  test('a long run with streamed outputs keeps heapUsed bounded (no growth with events processed)', () => {
    const events = Number(process.env.KUBESIM_MEMORY_EVENTS ?? 150_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-mem-'));
    const r = spawnSync(process.execPath, ['--expose-gc', __filename], {
      env: { ...process.env, [CHILD]: String(events), KUBESIM_MEMORY_DIR: dir },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    assert.equal(r.status, 0, r.stderr);
    const { heaps, events: done, rows } = JSON.parse(r.stdout) as { heaps: number[]; events: number; rows: number };
    assert.ok(done >= events * 0.99, `${done} events ran`);
    assert.ok(rows > 500, `${rows} timeline rows were streamed`);
    const seriesBytes = fs.statSync(path.join(dir, 'series.csv')).size;
    const MiB = 1024 * 1024;
    // After the cluster settles (first checkpoint), the heap may wobble but must not grow with the run.
    const settled = heaps[1];
    const last = heaps[heaps.length - 1];
    assert.ok(last - settled < 16 * MiB, `heapUsed ${(settled / MiB).toFixed(1)} → ${(last / MiB).toFixed(1)} MiB over ${done} events (${(seriesBytes / MiB).toFixed(0)} MiB of series written)`);
    assert.ok(seriesBytes > 4 * (last - settled), 'the outputs are far larger than any heap growth: they were streamed');
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
