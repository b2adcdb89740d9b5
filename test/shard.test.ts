import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Limits, addLimitSetting } from '../src/scenario/limits';
import { loadManifestFile } from '../src/scenario/load';
import { mergeSweeps } from '../src/studies/merge';
import { runSweep } from '../src/studies/sweep';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');
const SCENARIO = path.join(ROOT, 'scenarios', 'capacity-plan.yaml');
const parameters = [{ path: 'spec.cluster.nodePools[0].count', values: ['5', '7'] }];

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-shard-'));
}

test('shards 0/3, 1/3, 2/3 merged equal the single-process sweep byte for byte', async () => {
  const whole = tmp();
  await runSweep({ file: SCENARIO, parameters, seeds: 2, workers: 2, out: whole });
  const dirs = [0, 1, 2].map(() => tmp());
  for (let i = 0; i < 3; i++) await runSweep({ file: SCENARIO, parameters, seeds: 2, workers: 1, out: dirs[i], shard: { index: i, count: 3 } });
  const shardRows = dirs.map((d) => fs.readFileSync(path.join(d, 'runs.csv'), 'utf8').trim().split('\n').length - 1);
  assert.deepEqual(shardRows, [2, 1, 1]);
  assert.match(fs.readFileSync(path.join(dirs[1], 'sweep.json'), 'utf8'), /"shard": "1\/3"/);
  const merged = tmp();
  const r = mergeSweeps([dirs[2], dirs[0], dirs[1]], merged);
  assert.equal(r.missing, 0);
  for (const f of ['runs.csv', 'points.csv', 'sweep.json']) {
    assert.equal(fs.readFileSync(path.join(merged, f), 'utf8'), fs.readFileSync(path.join(whole, f), 'utf8'), f);
  }
  const partial = mergeSweeps([dirs[0]], tmp());
  assert.equal(partial.missing, 2);
});

test('merge refuses directories of different sweeps', async () => {
  const a = tmp();
  const b = tmp();
  await runSweep({ file: SCENARIO, parameters, seeds: 1, workers: 1, out: a, shard: { index: 0, count: 2 } });
  await runSweep({ file: SCENARIO, parameters: [{ path: parameters[0].path, values: ['5', '8'] }], seeds: 1, workers: 1, out: b, shard: { index: 1, count: 2 } });
  const res = spawnSync(process.execPath, [BIN, 'merge', a, b, '--out', tmp()], { encoding: 'utf8' });
  assert.equal(res.status, 65);
  assert.match(res.stderr, /holds a different sweep/);
});

test('--emit-job writes an Indexed Job whose pods run their shard, and a merge Job', () => {
  const out = tmp();
  const res = spawnSync(process.execPath, [BIN, 'sweep', 'scenarios/capacity-plan.yaml', '--set', 'spec.cluster.nodePools[0].count=5,6,7', '--seeds', '20', '--emit-job', '--shards', '5', '--out', out, '--image', 'registry.example/kubesim:1'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const job = parse(fs.readFileSync(path.join(out, 'sweep-job.yaml'), 'utf8'));
  assert.equal(job.kind, 'Job');
  assert.equal(job.spec.completionMode, 'Indexed');
  assert.equal(job.spec.completions, 5);
  const c = job.spec.template.spec.containers[0];
  assert.equal(c.image, 'registry.example/kubesim:1');
  const args: string[] = c.args;
  assert.equal(args[args.indexOf('--shard') + 1], '$(JOB_COMPLETION_INDEX)/5');
  assert.equal(args[args.indexOf('--seeds') + 1], '20');
  assert.equal(args[args.indexOf('--set') + 1], 'spec.cluster.nodePools[0].count=5,6,7');
  assert.equal(args.indexOf('--limit'), -1);
  assert.ok(c.volumeMounts[0].mountPath === '/data' && job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName === 'kubesim-data');
  const merge = parse(fs.readFileSync(path.join(out, 'merge-job.yaml'), 'utf8'));
  const margs: string[] = merge.spec.template.spec.containers[0].args;
  assert.equal(margs[0], 'merge');
  assert.equal(margs.filter((a) => /shard-\d$/.test(a)).length, 5);
  for (const f of ['sweep-job.yaml', 'merge-job.yaml']) assert.equal(loadManifestFile(path.join(out, f)).objects.length, 1, f);
});

test('--emit-job with --limit passes every limit on to the shards\' args, in a form --limit reads back', () => {
  const out = tmp();
  const given = ['maxNodes=200000', 'maxFileBytes=64Mi', 'maxDuration=400d', 'maxAliasCount=7'];
  const res = spawnSync(process.execPath, [BIN, 'sweep', 'scenarios/capacity-plan.yaml', '--set', 'spec.cluster.nodePools[0].count=5,6', '--seeds', '2', '--emit-job', '--shards', '2', '--out', out, ...given.flatMap((g) => ['--limit', g])], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const args: string[] = parse(fs.readFileSync(path.join(out, 'sweep-job.yaml'), 'utf8')).spec.template.spec.containers[0].args;
  const emitted = args.flatMap((a, i) => (args[i - 1] === '--limit' ? [a] : []));
  assert.deepEqual([...emitted].sort(), [...given].sort());
  let want: Partial<Limits> = {};
  let back: Partial<Limits> = {};
  for (const g of given) want = addLimitSetting(want, g) as Partial<Limits>;
  for (const e of emitted) back = addLimitSetting(back, e) as Partial<Limits>;
  assert.deepEqual(back, want);
  const merge = parse(fs.readFileSync(path.join(out, 'merge-job.yaml'), 'utf8'));
  assert.equal(merge.spec.template.spec.containers[0].args.indexOf('--limit'), -1);
});
