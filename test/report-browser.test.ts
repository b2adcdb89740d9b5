import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenarioFile } from '../src/scenario/load';
import { Simulation } from '../src/sim/simulation';
import { RunOutputs } from '../src/output/run-outputs';
import { writeRunReport, writeStudyReport } from '../src/report';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.KUBESIM_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.KUBESIM_SCREENSHOT_DIR ?? os.tmpdir();
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function runInto(scenarioFile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-report-'));
  const outputs = new RunOutputs(dir);
  const sim = new Simulation(loadScenarioFile(scenarioFile), { timelineSinks: [outputs], seriesSinks: [outputs] });
  const facts = sim.run();
  outputs.finish(facts, { seconds: 0, eventsPerSecond: 0, simulatedPerWall: 0, peakRssMiB: 0 });
  return dir;
}

function studyDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-study-report-'));
  const rows = ['node_count,runs,slo_pass_rate,slo_pass_rate_lo,slo_pass_rate_hi,cost_per_month_mean,rollout_seconds_mean,rollout_seconds_lo,rollout_seconds_hi'];
  for (const [n, pass] of [[3, 0.1], [4, 0.55], [5, 0.9], [6, 1]] as const) {
    rows.push(`${n},20,${pass},${Math.max(0, pass - 0.15)},${Math.min(1, pass + 0.1)},${n * 140.16},${300 / n},${300 / n - 5},${300 / n + 5}`);
  }
  fs.writeFileSync(path.join(dir, 'points.csv'), rows.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'runs.csv'), 'point,seed,passed\n' + Array.from({ length: 80 }, (_, i) => `${i % 4},${i},1`).join('\n') + '\n');
  return dir;
}

interface PageCheck {
  canvases: number;
  drawnAttr: string | null;
  charts: { id: string; hasChart: boolean; painted: number }[];
  sections: number;
  skipped: number;
}

/** Runs in the page (no DOM types in this project's compiler settings, so it is kept as source text). */
const INSPECT_CHARTS = `(() => {
  const canvases = Array.from(document.querySelectorAll('canvas'));
  return {
    canvases: canvases.length,
    drawnAttr: document.body.getAttribute('data-charts-drawn'),
    sections: document.querySelectorAll('section.chart').length,
    skipped: document.querySelectorAll('section.chart.skipped').length,
    charts: canvases.map((c) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
      return { id: c.id, hasChart: window.Chart.getChart(c) !== undefined, painted };
    }),
  };
})()`;

async function openReport(html: string, screenshot: string): Promise<{ check: PageCheck; errors: string[]; requests: string[] }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(html).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction("document.body.hasAttribute('data-charts-drawn')", undefined, { timeout: 10_000 });
    const check = (await page.evaluate(INSPECT_CHARTS)) as PageCheck;
    await page.screenshot({ path: screenshot, fullPage: true });
    return { check, errors, requests };
  } finally {
    await browser.close();
  }
}

function assertRendered(r: { check: PageCheck; errors: string[]; requests: string[] }, minCharts: number): void {
  assert.deepEqual(r.errors, [], 'the console has no errors or warnings');
  assert.deepEqual(r.requests, [], 'the report fetches nothing');
  assert.ok(r.check.canvases >= minCharts, `at least ${minCharts} charts, got ${r.check.canvases}`);
  assert.equal(r.check.drawnAttr, String(r.check.canvases), 'every embedded chart was drawn');
  assert.equal(r.check.sections - r.check.skipped, r.check.canvases, 'one canvas per drawn section');
  for (const c of r.check.charts) {
    assert.ok(c.hasChart, `chart ${c.id} has a Chart.js instance`);
    assert.ok(c.painted > 1000, `chart ${c.id} painted pixels (${c.painted})`);
  }
}

const skipReason = fs.existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM} (install Debian's chromium or set KUBESIM_CHROMIUM); browser check skipped`;

test('a run report renders every chart in headless Chromium, with no console errors and no network requests', { skip: skipReason, timeout: 120_000 }, async () => {
  const dir = runInto(path.join(ROOT, 'scenarios', 'quickstart.yaml'));
  const [html] = writeRunReport(dir);
  const r = await openReport(html, path.join(SCREENSHOT_DIR, 'kubesim-run-report.png'));
  assertRendered(r, 4);
  assert.ok(r.check.charts.some((c) => c.id === 'pods-by-phase'));
  assert.ok(r.check.charts.some((c) => c.id === 'service-endpoints'));
});

test('a run report with leader election draws the leaderless windows', { skip: skipReason, timeout: 120_000 }, async () => {
  const dir = runInto(path.join(ROOT, 'scenarios', 'leader-failover.yaml'));
  const [html] = writeRunReport(dir);
  const r = await openReport(html, path.join(SCREENSHOT_DIR, 'kubesim-leader-report.png'));
  assertRendered(r, 4);
  assert.ok(r.check.charts.some((c) => c.id === 'leaderless'));
});

test('a sweep report draws pass rate and cost against cluster size with confidence bands', { skip: skipReason, timeout: 120_000 }, async () => {
  const dir = studyDir();
  const [html] = writeStudyReport(dir);
  const r = await openReport(html, path.join(SCREENSHOT_DIR, 'kubesim-study-report.png'));
  assertRendered(r, 3);
  assert.deepEqual(r.check.charts.map((c) => c.id).slice(0, 2), ['pass-rate', 'cost']);
});
