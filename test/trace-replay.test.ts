import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError, loadScenarioText } from '../src/scenario/load';
import { Limits } from '../src/scenario/limits';
import { Simulation } from '../src/sim/simulation';
import { MemorySink } from '../src/metrics/recorder';
import { SECOND } from '../src/engine/time';
import { Pod } from '../src/api/pod';
import { scaledNodes, tracePod } from '../src/trace/replay-actor';
import { nodeType } from '../src/trace/alibaba-trace';

const NODES = `sn,cpu_milli,memory_mib,gpu,model
n-gpu-0,8000,32768,1,T4
n-cpu-0,4000,16384,0,
n-cpu-1,4000,16384,0,
`;

/** Pods: a CPU pod filling a CPU node, two half-GPU pods sharing the GPU, a whole-GPU pod that must wait. */
const PODS = `name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
cpu-a,4000,1024,0,0,,LS,Running,0,100,0
share-a,1000,1024,1,500,,LS,Running,10,50,10
share-b,1000,1024,1,500,,LS,Running,10,300,10
whole,1000,1024,1,1000,T4,LS,Running,20,400,20
never,1000,1024,2,1000,,BE,Pending,30,60,
`;

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-replay-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function scenarioText(replay: string): string {
  return `apiVersion: kubesim.dev/v1
kind: Scenario
metadata: { name: replay }
spec:
  duration: 10m
  cluster:
    nodePools:
      - { name: extra, count: 0, capacity: { cpu: "1", memory: 1Gi } }
  traceReplay:
${replay}
`;
}

function load(dir: string, replay: string, limits?: Partial<Limits>) {
  return loadScenarioText(scenarioText(replay), path.join(dir, 'replay.yaml'), dir, { limits });
}

test('trace replay: nodes at time 0, pods at their creation times, deleted at their deletion times; waits measured', () => {
  const dir = dirWith({ 'nodes.csv': NODES, 'pods.csv': PODS });
  const scenario = load(dir, '    nodes: nodes.csv\n    pods: pods.csv');
  assert.equal(scenario.traceReplay?.pods.length, 5);
  const sink = new MemorySink();
  const sim = new Simulation(scenario, { timelineSinks: [sink] });
  sim.runUntil(5 * SECOND);
  assert.equal([...sim.store.list('Node')].length, 3);
  assert.ok(sim.store.get<Pod>('Pod', 'trace/cpu-a')?.spec.nodeName, 'the pod present at the trace start is bound');
  assert.equal(sim.store.get('Pod', 'trace/share-a'), undefined, 'not created before its creation time');

  sim.runUntil(25 * SECOND);
  const shareA = sim.store.get<Pod>('Pod', 'trace/share-a')!;
  const shareB = sim.store.get<Pod>('Pod', 'trace/share-b')!;
  assert.equal(shareA.spec.nodeName, 'n-gpu-0');
  assert.equal(shareB.spec.nodeName, 'n-gpu-0', 'two 500-milli shares pack onto one GPU');
  const whole = sim.store.get<Pod>('Pod', 'trace/whole')!;
  assert.equal(whole.spec.nodeName, undefined, 'a whole GPU does not fit beside 1000 milli of shares');
  assert.deepEqual(whole.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchExpressions?.[0].values, ['T4']);

  sim.runUntil(10 * 60 * SECOND);
  const facts = sim.facts().traceReplay!;
  assert.equal(facts.podsCreated, 5);
  assert.equal(facts.nodes, 3);
  assert.equal(facts.podsNeverScheduled, 1, 'the 2-GPU pod never fits and is deleted while pending');
  assert.equal(facts.podsScheduled, 4);
  assert.equal(facts.podsWaited, 2, 'whole waited for both shares to leave (share-b at 300 s); never waited 30 s until deleted');
  const wholeWait = facts.waitSeconds.max!;
  assert.ok(wholeWait >= 280 && wholeWait < 281, `longest wait ${wholeWait}`);
  assert.equal([...sim.store.list('Pod')].filter((p) => p.metadata.namespace === 'trace').length, 0, 'every pod deleted at its deletion time');
  const created = sink.rows.filter((r) => r.event === 'Created').map((r) => [r.name, r.time / SECOND]);
  assert.deepEqual(created, [['cpu-a', 0], ['share-a', 10], ['share-b', 10], ['whole', 20], ['never', 30]]);
  const tTypes = facts.nodeTypes.map((t) => t.type);
  assert.deepEqual(tTypes, ['T4-8c-32Gi-1gpu', 'cpu-4c-16Gi-0gpu']);
});

test('trace replay: timeScale compresses trace time; limit keeps the first pods; nodeScale keeps a share of each type', () => {
  const dir = dirWith({ 'nodes.csv': NODES, 'pods.csv': PODS });
  const s = load(dir, '    nodes: nodes.csv\n    pods: pods.csv\n    timeScale: 0.5\n    limit: 2\n    nodeScale: 0.5');
  const r = s.traceReplay!;
  assert.deepEqual(r.pods.map((p) => [p.name, p.createAt / SECOND, (p.deleteAt ?? 0) / SECOND]), [['cpu-a', 0, 50], ['share-a', 5, 25]]);
  assert.equal(r.podsInFile, 5);
  assert.deepEqual(scaledNodes(r.nodes, 0.5).map((n) => n.name), ['n-gpu-0', 'n-cpu-0']);
  assert.deepEqual(scaledNodes(r.nodes, 2).map((n) => n.name), ['n-gpu-0', 'n-cpu-0', 'n-cpu-1', 'n-gpu-0-copy1', 'n-cpu-0-copy1', 'n-cpu-1-copy1']);
});

test('trace pods request GPUs as upstream pod_csv_to_yaml.py: requests == limits, whole GPUs as the extended resource', () => {
  const base = { cpuMilli: 6000, memoryMiB: 12288, gpuSpec: [], qos: 'LS', createAt: 0, deleteAt: undefined };
  const share = tracePod({ ...base, name: 's', gpus: 1, gpuMilli: 460 }, 'nvidia.com/gpu');
  assert.deepEqual(share.spec.containers[0].resources?.requests, { cpu: '6000m', memory: '12288Mi', 'kubesim.dev/gpu-milli': '460' });
  assert.deepEqual(share.spec.containers[0].resources?.limits, share.spec.containers[0].resources?.requests);
  const multi = tracePod({ ...base, name: 'm', gpus: 4, gpuMilli: 1000 }, 'example.com/gpu');
  assert.equal(multi.spec.containers[0].resources?.requests?.['example.com/gpu'], '4');
  assert.equal(multi.spec.containers[0].resources?.requests?.['kubesim.dev/gpu-milli'], '4000');
  assert.equal(multi.spec.schedulerName, 'default-scheduler', 'API-server defaults applied');
  assert.equal(nodeType({ name: 'x', cpuMilli: 96000, memoryMiB: 393216, gpus: 8, model: 'G2' }), 'G2-96c-384Gi-8gpu');
});

test('trace replay input errors name the scenario file, line and column, and the CSV line', () => {
  const dir = dirWith({ 'nodes.csv': NODES, 'bad-pods.csv': 'name,cpu_milli,memory_mib,num_gpu\np,1,1,0\n', 'rows.csv': PODS.replace('cpu-a,4000', 'cpu-a,lots') });
  const problems = (replay: string): string[] => {
    try {
      load(dir, replay);
    } catch (e) {
      if (e instanceof InputError) return e.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
      throw e;
    }
    return [];
  };
  const missing = problems('    nodes: nodes.csv\n    pods: bad-pods.csv');
  assert.equal(missing.length, 1);
  assert.match(missing[0], /^11:11 spec\.traceReplay\.pods: .*bad-pods\.csv: the header lacks column\(s\) gpu_milli, creation_time/);
  const row = problems('    nodes: nodes.csv\n    pods: rows.csv');
  assert.match(row[0], /rows\.csv:2: expected name, cpu_milli/);
  const absent = problems('    nodes: nope.csv\n    pods: rows.csv');
  assert.match(absent[0], /^10:12 spec\.traceReplay\.nodes: cannot read .*nope\.csv: no such file/);
  const fields = problems('    nodes: nodes.csv\n    pods: pods.csv\n    timeScale: 0\n    gpuResource: gpu\n    speed: 2');
  assert.equal(fields.length, 3, fields.join('\n'));
  assert.ok(fields.some((f) => /spec\.traceReplay\.timeScale: must be at least/.test(f)));
  assert.ok(fields.some((f) => /spec\.traceReplay\.gpuResource: expected a domain-prefixed/.test(f)));
});

test('trace replay CSV files are held to --limit maxFileBytes before they are read, at the field naming them', () => {
  const dir = dirWith({ 'nodes.csv': NODES, 'pods.csv': PODS });
  const podsBytes = Buffer.byteLength(PODS);
  const scenarioBytes = Buffer.byteLength(scenarioText('    nodes: nodes.csv\n    pods: pods.csv'));
  const limit = Math.max(scenarioBytes, Buffer.byteLength(NODES));
  assert.ok(podsBytes > limit, 'the pods file must be the only file over the limit');
  let problems: string[] = [];
  try {
    load(dir, '    nodes: nodes.csv\n    pods: pods.csv', { maxFileBytes: limit });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems = e.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], new RegExp(`^replay\\.yaml:11:11 spec\\.traceReplay\\.pods: .*pods\\.csv: file is ${podsBytes} bytes .*the limit is ${limit} bytes per file \\(raise it with --limit maxFileBytes=1Mi\\)`));
  assert.equal(load(dir, '    nodes: nodes.csv\n    pods: pods.csv', { maxFileBytes: podsBytes }).traceReplay?.pods.length, 5);
});
