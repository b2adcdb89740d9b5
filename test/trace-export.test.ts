import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MINUTE, SECOND } from '../src/engine/time';
import { Simulation } from '../src/sim/simulation';
import { RunOutputs } from '../src/output/run-outputs';
import { writeRunTrace, parseMicros } from '../src/trace/chrome-trace';
import { CsvParser, readCsvFile } from '../src/report/csv-reader';
import { app, at, deployment, pool, scenario } from './helpers/tiny-scenario';

interface TraceEvent {
  name?: string;
  ph: string;
  ts?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

function runToDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-trace-'));
  const outputs = new RunOutputs(dir);
  const s = scenario({
    pools: [pool('p', 2)],
    apps: [app('img:v1', 2 * SECOND), app('img:v2', 3 * SECOND)],
    resources: [deployment('web', 3, 'img:v1')],
    timeline: [at(1 * MINUTE, { type: 'setImage', target: { kind: 'Deployment', name: 'web', namespace: 'default' }, image: 'img:v2' })],
    duration: 3 * MINUTE,
  });
  const sim = new Simulation(s, { timelineSinks: [outputs], seriesSinks: [outputs] });
  outputs.finish(sim.run(), { seconds: 0, eventsPerSecond: 0, simulatedPerWall: 0, peakRssMiB: 0 });
  return dir;
}

test('the timeline exports as Chrome trace events: nodes as processes, pods as threads, phases as nested-free slices', () => {
  const dir = runToDir();
  const { path: file, stats } = writeRunTrace(dir);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[]; displayTimeUnit: string };
  const ev = doc.traceEvents;
  assert.equal(ev.length, stats.events);
  assert.equal(stats.nodes, 2);
  assert.equal(stats.pods, 6, '3 pods of revision 1 and 3 of revision 2');

  const processNames = ev.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args!.name);
  assert.ok(processNames.includes('Node p-0') && processNames.includes('Node p-1'));

  // B/E balanced and in time order on every thread; no slice left open.
  const open = new Map<string, number>();
  const lastTs = new Map<string, number>();
  for (const e of ev) {
    if (e.ph === 'M') continue;
    const k = `${e.pid}/${e.tid}`;
    assert.ok((e.ts ?? 0) >= (lastTs.get(k) ?? 0), `time order on ${k}`);
    lastTs.set(k, e.ts!);
    if (e.ph === 'B') {
      assert.equal(open.get(k) ?? 0, 0, `one open slice at a time on ${k}`);
      open.set(k, 1);
    } else if (e.ph === 'E') {
      assert.equal(open.get(k), 1, `E closes an open slice on ${k}`);
      open.set(k, 0);
    }
  }
  for (const [k, n] of open) assert.equal(n, 0, `slice open at the end on ${k}`);

  // Each pod of revision 1 went Pending (pending process) → Scheduled → ContainerCreating → Running → Ready → Terminating on its node.
  const threadNames = new Map(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}/${e.tid}`, String(e.args!.name)]));
  const nodePids = new Set(ev.filter((e) => e.ph === 'M' && e.name === 'process_name' && String(e.args!.name).startsWith('Node ')).map((e) => e.pid));
  const slicesByPod = new Map<string, string[]>();
  for (const e of ev) {
    if (e.ph !== 'B') continue;
    const name = threadNames.get(`${e.pid}/${e.tid}`);
    if (!name?.startsWith('default/web-')) continue;
    if (e.name !== 'Pending') assert.ok(nodePids.has(e.pid), `${e.name} of ${name} is on a node`);
    const list = slicesByPod.get(name) ?? [];
    list.push(e.name!);
    slicesByPod.set(name, list);
  }
  const sequences = [...slicesByPod.values()].map((s) => s.join(' → '));
  assert.equal(sequences.filter((s) => s === 'Pending → Scheduled → ContainerCreating → Running → Ready → Terminating').length, 3, sequences.join('\n'));
  assert.equal(sequences.filter((s) => s === 'Pending → Scheduled → ContainerCreating → Running → Ready').length, 3, sequences.join('\n'));

  const rollout = ev.filter((e) => e.ph === 'B' && e.name === 'rollout');
  assert.equal(rollout.length, 2, 'the initial rollout and the image change as window slices');
  assert.equal(rollout[1].ts, ev.find((e) => e.ph === 'B' && e.name === 'rollout' && e.ts! >= 60_000_000)!.ts);
});

test('trace timestamps are the timeline seconds in exact microseconds', () => {
  assert.equal(parseMicros('0.000000'), 0);
  assert.equal(parseMicros('12.345678'), 12_345_678);
  assert.equal(parseMicros('12902960.000001'), 12_902_960_000_001);
  assert.equal(parseMicros('7'), 7_000_000);
  assert.equal(parseMicros('1.5'), 1_500_000);
});

test('the CSV reader parses quoted fields with commas, doubled quotes and line breaks, however the text is cut', () => {
  const text = 'a,b,c\n1,"x, y","say ""hi"""\r\n2,,"multi\nline"\n3,plain,last';
  const whole: string[][] = [];
  const p = new CsvParser();
  p.feed(text, (f) => whole.push(f));
  p.end((f) => whole.push(f));
  assert.deepEqual(whole, [['a', 'b', 'c'], ['1', 'x, y', 'say "hi"'], ['2', '', 'multi\nline'], ['3', 'plain', 'last']]);
  for (let cut = 1; cut < text.length; cut++) {
    const got: string[][] = [];
    const q = new CsvParser();
    q.feed(text.slice(0, cut), (f) => got.push(f));
    q.feed(text.slice(cut), (f) => got.push(f));
    q.end((f) => got.push(f));
    assert.deepEqual(got, whole, `cut at ${cut}`);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-csv-')), 'x.csv');
  fs.writeFileSync(file, text + '\n');
  const rows: string[][] = [];
  let header: string[] = [];
  assert.equal(readCsvFile(file, (f) => rows.push(f), (h) => (header = h)), 3);
  assert.deepEqual([header, ...rows], whole);
});
