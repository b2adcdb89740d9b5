import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');

function kubesim(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-cli-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

const GOOD = `apiVersion: kubesim.dev/v1
kind: Scenario
metadata: { name: t }
spec:
  duration: 2m
  cluster:
    nodePools:
      - { name: p, count: 2, capacity: { cpu: "2", memory: 4Gi } }
  resources:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 2
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: web
                image: web:v1
                resources: { requests: { cpu: 100m } }
`;

test('run writes the three outputs and says where they are', () => {
  const f = tmpFile('good.yaml', GOOD);
  const out = path.join(path.dirname(f), 'out');
  const r = kubesim(['run', f, '--out', out]);
  assert.equal(r.code, 0, r.err);
  for (const name of ['timeline.csv', 'series.csv', 'summary.json']) {
    assert.ok(fs.existsSync(path.join(out, name)), name);
    assert.ok(r.out.includes(name), `mentions ${name}`);
    assert.ok(!fs.existsSync(path.join(out, `${name}.partial`)), 'no partial file left');
  }
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.pods.ready, 2);
  assert.equal(summary.simulatedSeconds, 120);
});

/** A bad input: exit 65, one problem line with file:line:col and the field path, no stack trace. */
function expectInvalid(text: string, line: number, pathPart: string, messagePart: RegExp) {
  const f = tmpFile('bad.yaml', text);
  const r = kubesim(['validate', f]);
  assert.equal(r.code, 65, `exit code; stderr: ${r.err}`);
  assert.ok(!/\n\s+at .*\(/.test(r.err), `no stack trace: ${r.err}`);
  const lines = r.err.trim().split('\n');
  const hit = lines.find((l) => l.includes(pathPart));
  assert.ok(hit, `a problem names ${pathPart}: ${r.err}`);
  assert.ok(hit.startsWith(`${f}:${line}:`), `position: ${hit}`);
  assert.match(hit, messagePart);
  for (const l of lines) assert.match(l, /^.+:\d+:\d+: \S+: /, 'every problem has file:line:col: path: message');
}

test('validate: a misspelt field is an error with its position and a hint', () => {
  expectInvalid(GOOD.replace('duration: 2m', 'duraton: 2m'), 5, 'spec.duraton', /did you mean "duration"/);
});

test('validate: cpu: 2x is an invalid quantity at its position', () => {
  expectInvalid(GOOD.replace('cpu: 100m', 'cpu: 2x'), 22, 'spec.template.spec.containers[0].resources.requests.cpu', /quantities must match the regular expression/);
});

test('validate: a Deployment whose selector does not match its template labels', () => {
  expectInvalid(GOOD.replace('labels: { app: web }', 'labels: { app: api }'), 17, 'spec.template.metadata.labels', /selector.*does not match template.*labels/);
});

test('run on an invalid scenario exits 65 and writes nothing', () => {
  const f = tmpFile('bad.yaml', GOOD.replace('duration: 2m', 'duration: soon'));
  const out = path.join(path.dirname(f), 'out');
  const r = kubesim(['run', f, '--out', out]);
  assert.equal(r.code, 65);
  assert.ok(!fs.existsSync(out));
});

test('usage errors exit 64; --help exits 0', () => {
  assert.equal(kubesim(['run', 'x.yaml', '--seed', 'abc']).code, 64);
  assert.equal(kubesim(['frobnicate']).code, 64);
  const h = kubesim(['run', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.out, /--seed/);
});

test('conformance prints per-suite counts and the closing line', () => {
  const r = kubesim(['conformance', path.resolve(ROOT, '..', 'shared', 'conformance')]);
  assert.equal(r.code, 0, r.out.slice(-2000));
  assert.match(r.out, /^\d+ passed, 0 failed/m);
});
