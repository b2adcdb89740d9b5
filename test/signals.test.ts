import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'kubesim.js');

/** A scenario that would run for a long wall time: a year of virtual time with a 1 s sample interval. */
const LONG = [
  'apiVersion: kubesim.dev/v1',
  'kind: Scenario',
  'metadata: { name: long }',
  'spec:',
  '  duration: 300d',
  '  sampleInterval: 1s',
  '  cluster:',
  '    nodePools:',
  '      - { name: p, count: 3, capacity: { cpu: "4", memory: 16Gi, pods: 110 } }',
  '',
].join('\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops a long run at the current instant, flushes the outputs, marks summary.json interrupted and exits 130`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-sig-'));
    const file = path.join(dir, 'long.yaml');
    fs.writeFileSync(file, LONG);
    const out = path.join(dir, 'out');
    const child = spawn(process.execPath, [BIN, 'run', file, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    // Wait until the run has streamed rows (the partial series file grows), then interrupt it.
    const partial = path.join(out, 'series.csv.partial');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(fs.existsSync(partial) && fs.statSync(partial).size > 20_000)) await new Promise((r) => setTimeout(r, 20));
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 130, stdout);
    assert.match(stdout, new RegExp(`interrupted by ${signal} at`));
    for (const f of ['timeline.csv', 'series.csv', 'summary.json']) {
      assert.ok(fs.existsSync(path.join(out, f)), `${f} exists under its final name`);
      assert.ok(!fs.existsSync(path.join(out, `${f}.partial`)), `${f}.partial was renamed`);
    }
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.interrupted, true);
    assert.ok(summary.simulatedSeconds > 0 && summary.simulatedSeconds < 300 * 86400, `stopped at ${summary.simulatedSeconds} s`);
    const series = fs.readFileSync(path.join(out, 'series.csv'), 'utf8').trimEnd().split('\n');
    const last = Number(series[series.length - 1].split(',')[0]);
    assert.ok(last <= summary.simulatedSeconds, 'no sample after the instant the run stopped at');
    assert.ok(series.length > 200, 'the rows computed before the signal are kept');
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
