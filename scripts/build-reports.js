#!/usr/bin/env node
'use strict';
/**
 * Regenerates reports/<scenario>/report.html and report.md for every shipped scenario
 * (`npm run reports`): runs `kubesim run <scenario> --report` into out/reports/<scenario>/ and
 * copies the two report files. Scenarios with a `plan:` section also get `kubesim plan` then `kubesim report`
 * into reports/<scenario>-plan/ when the CLI has that command. The envelope-* scenarios are
 * benchmarks and are left out unless --all is given. Needs a build (dist/) first.
 *
 * Usage: node scripts/build-reports.js [--all] [scenario names...]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'kubesim.js');
const SCENARIOS = path.join(ROOT, 'scenarios');
const OUT = path.join(ROOT, 'out', 'reports');
const REPORTS = path.join(ROOT, 'reports');
/** kubesim exit codes that still leave complete outputs: ok, and an expectation (SLO) failed. */
const COMPLETE = new Set([0, 1]);

function kubesim(args) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
}

function copyReport(from, name) {
  const dest = path.join(REPORTS, name);
  fs.mkdirSync(dest, { recursive: true });
  for (const f of ['report.html', 'report.md']) fs.copyFileSync(path.join(from, f), path.join(dest, f));
  return dest;
}

function main(argv) {
  const all = argv.includes('--all');
  const only = argv.filter((a) => !a.startsWith('--'));
  const files = fs
    .readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .filter((f) => (only.length ? only.includes(path.basename(f, '.yaml')) : all || !f.startsWith('envelope-')));
  let failed = 0;
  const hasPlan = kubesim(['plan', '--help']).status === 0;
  for (const f of files) {
    const name = path.basename(f, '.yaml');
    const file = path.join('scenarios', f);
    const out = path.join(OUT, name);
    const started = Date.now();
    const r = kubesim(['run', file, '--out', out, '--report', '--quiet']);
    if (!COMPLETE.has(r.status) || !fs.existsSync(path.join(out, 'report.html'))) {
      process.stderr.write(`${name}: kubesim run failed (exit ${r.status})\n${r.stderr}`);
      failed++;
      continue;
    }
    const dest = copyReport(out, name);
    process.stdout.write(`${path.relative(ROOT, dest)}/ (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    if (hasPlan && /^\s{2}plan:/m.test(fs.readFileSync(path.join(SCENARIOS, f), 'utf8'))) {
      const planOut = path.join(OUT, `${name}-plan`);
      const p = kubesim(['plan', file, '--out', planOut, '--quiet']);
      const rep = p.status === 0 ? kubesim(['report', planOut, '--quiet']) : p;
      if (rep.status === 0 && fs.existsSync(path.join(planOut, 'report.html'))) {
        process.stdout.write(`${path.relative(ROOT, copyReport(planOut, `${name}-plan`))}/\n`);
      } else {
        process.stderr.write(`${name}: kubesim plan or report failed (exit ${rep.status})\n${rep.stderr}`);
        failed++;
      }
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
